"""Check and normalize an answer against its field spec, one checker per field type.

Each checker returns the value as stored in the JSON file or raises `_Bad` with the
problem in a few words; `check_value` turns that into an `AnswerError` that names the step
and the field. Stored forms: text -> str, choice -> option id, multichoice -> list of ids
(and free-text entries when the field allows them), scale -> int 1-5, date -> "YYYY-MM-DD",
number -> int or float, bool -> bool, table -> list of {column id: value} rows.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from ..content import Field, Step
from ..errors import AnswerError
from ..textsafe import BIDI_OVERRIDES

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


class _Bad(Exception):
    """A problem with a value, in a few words ("must be a whole number from 1 to 5")."""


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


def has_bidi_overrides(value: Any) -> bool:
    """Whether any text in a (checked, so shallow) answer holds a bidirectional override."""
    if isinstance(value, str):
        return any(ch in BIDI_OVERRIDES for ch in value)
    if isinstance(value, dict):
        return any(has_bidi_overrides(k) or has_bidi_overrides(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_bidi_overrides(v) for v in value)
    return False


def _text(field: Field, value: Any, limit: int, one_line: bool = False) -> str:
    if not isinstance(value, str):
        raise _Bad("must be text")
    value = clean_text(value, one_line)
    limit = field.max_length or limit
    if len(value) > limit:
        raise _Bad(f"is too long ({len(value):,} characters; the limit is {limit:,})")
    return value


def _short(field: Field, value: Any) -> str:
    return _text(field, value, TEXT_MAX, one_line=True)


def _long(field: Field, value: Any) -> str:
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


def _choice(field: Field, value: Any) -> str:
    if field.options_from:  # a name from another table: checked against it by `checks`
        return _text(field, value, TEXT_MAX).strip()
    option = _option_id(field, value)
    if option is None:
        raise _Bad(f"must be one of {_choices(field)}")
    return option


def _multichoice(field: Field, value: Any) -> list[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, set, frozenset)):
        raise _Bad("must be a list of choices")
    out: list[str] = []
    for item in value:
        option = _option_id(field, item)
        if option is None:
            if not (field.allow_other or field.options_from):
                raise _Bad(f"has {str(item)[:40]!r}, which is not one of {_choices(field)}")
            if not isinstance(item, str):
                raise _Bad("must list choices as text")
            option = _text(field, item, TEXT_MAX if field.options_from else OTHER_MAX).strip()
            if not option:
                continue
        if option not in out:
            out.append(option)
    if len(out) > MULTI_MAX:
        raise _Bad(f"has {len(out)} choices; the limit is {MULTI_MAX}")
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


def _scale(field: Field, value: Any) -> int:
    number = _whole(value)
    if number is None or not 1 <= number <= 5:
        raise _Bad("must be a whole number from 1 to 5")
    return number


def _date(field: Field, value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise _Bad("must be a date written as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _Bad(f"is not a real date ({value.strip()})") from None
    if not 1900 <= day.year <= 2200:
        raise _Bad("must be a date between the years 1900 and 2200")
    return day.isoformat()


def _number(field: Field, value: Any) -> int | float:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", ""))
        except ValueError:
            raise _Bad("must be a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Bad("must be a number")
    if abs(value) > NUMBER_LIMIT:
        raise _Bad("is too large")
    if field.integer:
        if not float(value).is_integer():
            raise _Bad("must be a whole number")
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    low, high = field.minimum, field.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise _Bad(f"must be {_range(low, high)}")
    return value


def _range(low: float | None, high: float | None) -> str:
    def fmt(x: float) -> str:
        return f"{x:g}"

    if low is not None and high is not None:
        return f"from {fmt(low)} to {fmt(high)}"
    return f"at least {fmt(low)}" if low is not None else f"at most {fmt(high or 0)}"


def _bool(field: Field, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("must be yes or no")
    return value


def _matrix(field: Field, value: Any) -> dict[str, dict[str, str]]:
    """{row id: {column name: cell option id}}; empty cells and rows are dropped."""
    if not isinstance(value, dict):
        raise _Bad("must map each row to its cells")
    rows = {o.id: o for o in field.rows} | {o.label: o for o in field.rows}
    out: dict[str, dict[str, str]] = {}
    for key, cells in value.items():
        if key not in rows:
            raise _Bad(f"has an unknown row {str(key)[:40]!r}")
        if not isinstance(cells, dict):
            raise _Bad(f'must map the columns of "{rows[key].label}" to choices')
        clean = {}
        for column, cell in cells.items():
            if is_empty(cell):
                continue
            if isinstance(column, str):
                column = clean_text(column, one_line=True)
            if not isinstance(column, str) or not column.strip() or len(column) > TEXT_MAX:
                raise _Bad(f'has a column without a usable name in "{rows[key].label}"')
            option = _option_id(field, cell)
            if option is None:
                raise _Bad(
                    f'has {str(cell)[:20]!r} in "{rows[key].label}"; use one of {_choices(field)}'
                )
            clean[column.strip()] = option
        if clean:
            out[rows[key].id] = clean
    return out


REVIEW_NOTE_MAX = 2_000


def _review(field: Field, value: Any) -> dict[str, str]:
    """{"answer": yes|partly|no|na, "note": text, "owner": text}; blanks dropped."""
    if not isinstance(value, dict):
        raise _Bad("must be an answer with an optional note and owner")
    unknown = set(value) - {"answer", "note", "owner"}
    if unknown:
        raise _Bad(f"has an unknown part {sorted(unknown)[0][:20]!r}")
    out: dict[str, str] = {}
    if not is_empty(value.get("answer")):
        out["answer"] = _choice(field, value["answer"])
    for part, limit in (("note", REVIEW_NOTE_MAX), ("owner", OTHER_MAX)):
        if not is_empty(value.get(part)):
            out[part] = _text(field, value[part], limit)
    return out


CHECKERS: dict[str, Callable[[Field, Any], Any]] = {
    "text": _short,
    "longtext": _long,
    "choice": _choice,
    "multichoice": _multichoice,
    "scale": _scale,
    "date": _date,
    "number": _number,
    "bool": _bool,
    "matrix": _matrix,
    "review": _review,
}


def _table(step: Step, field: Field, value: Any, stored: bool = False) -> list[dict[str, Any]]:
    if not isinstance(value, (list, tuple)):
        raise AnswerError(f"{_where(step, field)} must be a list of rows.")
    if len(value) > field.max_rows:
        raise AnswerError(
            f"{_where(step, field)} has {len(value):,} rows; the limit is {field.max_rows}."
        )
    rows = []
    for n, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            raise AnswerError(f"Row {n} of {_where(step, field)} must map columns to values.")
        clean: dict[str, Any] = {}
        for key, cell in row.items():
            try:
                column = field.column(key)
            except KeyError:
                raise AnswerError(
                    f"Row {n} of {_where(step, field)} has an unknown column {str(key)[:40]!r}."
                ) from None
            if is_empty(cell):
                continue
            try:
                clean[key] = CHECKERS[column.type](column, cell)
            except _Bad as bad:
                raise AnswerError(
                    f'"{column.label}" in row {n} of {_where(step, field)} {bad}.'
                ) from None
        if not clean and not stored:  # a stored blank row (older versions kept some) is dropped
            raise AnswerError(
                f"Row {n} of {_where(step, field)} is empty; fill it in or leave it out."
            )
        if clean:
            rows.append(clean)
    return rows


def _where(step: Step, field: Field) -> str:
    return f'"{field.label}" (step {step.number}, {step.title})'


# Answers with parts: their shape is checked before emptiness, so that a value with an
# unknown part ({"nosuch": {}}) is refused instead of quietly clearing the answer.
_STRUCTURED = frozenset({"matrix", "review"})


def check_value(step: Step, field: Field, value: Any, stored: bool = False) -> Any:
    """Return `value` in its stored form, or None for 'no answer'; raise `AnswerError`.

    `stored=True` checks a value read from a file: blank table rows are dropped there
    instead of refused.

    >>> from guidelib.content import GUIDEBOOK
    >>> step = GUIDEBOOK.step("charter")
    >>> check_value(step, step.field("term_months"), "24")
    24
    """
    if value is None:
        return None
    if field.type == "table":
        if isinstance(value, (list, tuple)) and not value:
            return None
        return _table(step, field, value, stored) or None
    if field.type not in _STRUCTURED and is_empty(value):
        return None
    try:
        out = CHECKERS[field.type](field, value)
    except _Bad as bad:
        raise AnswerError(f"{_where(step, field)} {bad}.") from None
    return None if field.type in _STRUCTURED and not out else out
