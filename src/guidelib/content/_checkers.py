"""The checkers of the field types: each takes a field spec and a value and returns the
value as stored in the JSON file, or raises `BadValue` with the problem in a few words.

Stored forms: text -> str, choice -> option id, multichoice -> list of ids (and free-text
entries when the field allows them), scale -> int 1-5, date -> "YYYY-MM-DD", number -> int
or float, bool -> bool, table -> list of {column id: value} rows, matrix -> {row id:
{column: option id}}, review -> {"answer", "note", "owner"}. `fieldtypes.FIELD_TYPES` joins
each checker to its type; `workbook.values.check_value` names the step and field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import Field

TEXT_MAX = 500
LONGTEXT_MAX = 20_000
OTHER_MAX = 200
MULTI_MAX = 60
NUMBER_LIMIT = 1e12
# C0/C1 control characters other than tab and newline: invisible, and some break JSON
# viewers, terminals and Word files.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone surrogates (half of a character, e.g. from a broken copy and paste) cannot be
# written as UTF-8; they are removed like control characters.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n]")
# What stored text never holds: controls, surrogates and the bidirectional embeddings and
# overrides U+202A-U+202E (as `textsafe.strip_bidi_overrides`; isolates are kept).
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadValue(Exception):
    """A problem with a value in a few words, said after the field's name ("must be a
    whole number from 1 to 5"); `before` is said before it ("Row 2 of")."""

    def __init__(self, problem: str, before: str = "") -> None:
        super().__init__(problem)
        self.problem, self.before = problem, before

    def sentence(self, where: str) -> str:
        """One sentence naming the field (`where`)."""
        return " ".join(filter(None, (self.before, where, self.problem))) + "."


def is_empty(value: Any) -> bool:
    """True for 'no answer': None, blank text, an empty list, a table with no filled row."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty(v) if not isinstance(v, dict) else not _row_filled(v) for v in value)
    if isinstance(value, dict):  # a matrix {row: {column: cell}} or a review answer
        return all(
            not _row_filled(v) if isinstance(v, dict) else is_empty(v) for v in value.values()
        )
    return False


def _row_filled(row: dict) -> bool:
    return any(not is_empty(v) for v in row.values())


def clean_text(value: str, one_line: bool = False) -> str:
    """Text as stored: NFC, newlines as \\n, no control characters, lone surrogates or
    bidirectional overrides (isolates stay); tabs and newlines become spaces in one line."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not value.isascii():
        value = _UNSAFE.sub("", unicodedata.normalize("NFC", _SURROGATE.sub("", value)))
    else:
        value = _CONTROL.sub("", value)
    return _LINE_BREAKS.sub(" ", value) if one_line else value



def _text(field: Field, value: Any, limit: int, one_line: bool = False) -> str:
    if not isinstance(value, str):
        raise BadValue("must be text")
    value = clean_text(value, one_line)
    limit = field.max_length or limit
    if len(value) > limit:
        raise BadValue(f"is too long ({len(value):,} characters; the limit is {limit:,})")
    return value


def short_text(field: Field, value: Any, stored: bool = False) -> str:
    return _text(field, value, TEXT_MAX, one_line=True)


def long_text(field: Field, value: Any, stored: bool = False) -> str:
    return _text(field, value, LONGTEXT_MAX)


def _option_id(field: Field, value: Any) -> str | None:
    """The option id for an id or a label (labels are accepted for hand-made input)."""
    if not isinstance(value, str):
        return None
    for opt in field.options:
        if value in (opt.id, opt.label):
            return opt.id
    return None


def _choices(field: Field) -> str:
    return ", ".join(f'"{o.label}"' for o in field.options)


def choice(field: Field, value: Any, stored: bool = False) -> str:
    if field.options_from:  # a name from another table: checked against it by `checks`
        return _text(field, value, TEXT_MAX).strip()
    option = _option_id(field, value)
    if option is None:
        raise BadValue(f"must be one of {_choices(field)}")
    return option


def multichoice(field: Field, value: Any, stored: bool = False) -> list[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, set, frozenset)):
        raise BadValue("must be a list of choices")
    out: list[str] = []
    for item in value:
        option = _option_id(field, item)
        if option is None:
            if not (field.allow_other or field.options_from):
                raise BadValue(f"has {str(item)[:40]!r}, which is not one of {_choices(field)}")
            if not isinstance(item, str):
                raise BadValue("must list choices as text")
            option = _text(field, item, TEXT_MAX if field.options_from else OTHER_MAX).strip()
            if not option:
                continue
        if option not in out:
            out.append(option)
    if len(out) > MULTI_MAX:
        raise BadValue(f"has {len(out)} choices; the limit is {MULTI_MAX}")
    return out


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,15}\s*", value):
        return int(value)
    return None


def scale(field: Field, value: Any, stored: bool = False) -> int:
    number = _whole(value)
    if number is None or not 1 <= number <= 5:
        raise BadValue("must be a whole number from 1 to 5")
    return number


def date(field: Field, value: Any, stored: bool = False) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise BadValue("must be a date written as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadValue(f"is not a real date ({value.strip()})") from None
    if not 1900 <= day.year <= 2200:
        raise BadValue("must be a date between the years 1900 and 2200")
    return day.isoformat()


def number(field: Field, value: Any, stored: bool = False) -> int | float:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", ""))
        except ValueError:
            raise BadValue("must be a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadValue("must be a number")
    if abs(value) > NUMBER_LIMIT:
        raise BadValue("is too large")
    if field.integer:
        if not float(value).is_integer():
            raise BadValue("must be a whole number")
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    low, high = field.minimum, field.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadValue(f"must be {_range(low, high)}")
    return value


def _range(low: float | None, high: float | None) -> str:
    def fmt(x: float) -> str:
        return f"{x:g}"

    if low is not None and high is not None:
        return f"from {fmt(low)} to {fmt(high)}"
    return f"at least {fmt(low)}" if low is not None else f"at most {fmt(high or 0)}"


def yes_no(field: Field, value: Any, stored: bool = False) -> bool:
    if not isinstance(value, bool):
        raise BadValue("must be yes or no")
    return value


def matrix(field: Field, value: Any, stored: bool = False) -> dict[str, dict[str, str]]:
    """{row id: {column name: cell option id}}; empty cells and rows are dropped."""
    if not isinstance(value, dict):
        raise BadValue("must map each row to its cells")
    rows = {o.id: o for o in field.rows} | {o.label: o for o in field.rows}
    out: dict[str, dict[str, str]] = {}
    for key, cells in value.items():
        if key not in rows:
            raise BadValue(f"has an unknown row {str(key)[:40]!r}")
        if not isinstance(cells, dict):
            raise BadValue(f'must map the columns of "{rows[key].label}" to choices')
        clean = {}
        for column, cell in cells.items():
            if is_empty(cell):
                continue
            if isinstance(column, str):
                column = clean_text(column, one_line=True)
            if not isinstance(column, str) or not column.strip() or len(column) > TEXT_MAX:
                raise BadValue(f'has a column without a usable name in "{rows[key].label}"')
            option = _option_id(field, cell)
            if option is None:
                raise BadValue(
                    f'has {str(cell)[:20]!r} in "{rows[key].label}"; use one of {_choices(field)}'
                )
            clean[column.strip()] = option
        if clean:
            out[rows[key].id] = clean
    return out


REVIEW_NOTE_MAX = 2_000


def review(field: Field, value: Any, stored: bool = False) -> dict[str, str]:
    """{"answer": yes|partly|no|na, "note": text, "owner": text}; blanks dropped."""
    if not isinstance(value, dict):
        raise BadValue("must be an answer with an optional note and owner")
    unknown = set(value) - {"answer", "note", "owner"}
    if unknown:
        raise BadValue(f"has an unknown part {sorted(unknown)[0][:20]!r}")
    out: dict[str, str] = {}
    if not is_empty(value.get("answer")):
        out["answer"] = choice(field, value["answer"])
    for part, limit in (("note", REVIEW_NOTE_MAX), ("owner", OTHER_MAX)):
        if not is_empty(value.get(part)):
            out[part] = _text(field, value[part], limit)
    return out
