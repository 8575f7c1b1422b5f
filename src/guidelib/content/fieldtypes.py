"""Every field type a worksheet can hold, declared once: `FIELD_TYPES[name]` is a
`FieldType` with its checker, its text, what it holds in words, and its empty value.

The loader accepts a `type:` only if it is here (columns: only `column` types); the
workbook checks answers with `check`; documents and the report write them with `text`.
The widget is the one part declared above this layer: `guidelib.ui.fields.WIDGETS`,
keyed by these objects (`tests/test_registry.py` checks every type has one).

>>> FIELD_TYPES["scale"].text(None, 4)
'4 of 5'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import _checkers as checks
from . import text
from ._checkers import BadValue, clean_text, is_empty
from ._model import Field

__all__ = [
    "COLUMN_TYPES",
    "FIELD_TYPES",
    "BadValue",
    "FieldType",
    "clean_text",
    "field_type",
    "is_empty",
]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per type
class FieldType:
    name: str
    #: (field, value, stored) -> the value as stored, or `BadValue`. `stored=True` checks
    #: a value read from a file (a table's blank rows are dropped there, not refused).
    check: Callable[[Field, Any, bool], Any]
    #: (field, stored value) -> one line of plain text
    text: Callable[[Field, Any], str]
    expected: str  # what it holds, said to a person ("a whole number from 1 to 5")
    stored_as: tuple[type, ...]  # the JSON types a stored value may have
    #: The checked value that means "no answer". A type whose empty value is a container
    #: has parts: its shape is checked before emptiness, so {"nosuch": {}} is refused
    #: instead of quietly clearing the answer.
    empty: Any = None
    column: bool = True  # may be a column of a table

    @property
    def structured(self) -> bool:
        return self.empty is not None

    def __repr__(self) -> str:
        return f"FieldType({self.name!r})"


def _table(field: Field, value: Any, stored: bool = False) -> list[dict[str, Any]]:
    """Rows of {column id: value}, each cell checked by its column's type. A blank row is
    refused, except in a stored value (older versions kept some), where it is dropped."""
    if not isinstance(value, (list, tuple)):
        raise BadValue("must be a list of rows")
    if len(value) > field.max_rows:
        raise BadValue(f"has {len(value):,} rows; the limit is {field.max_rows}")
    rows = []
    for n, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            raise BadValue("must map columns to values", before=f"Row {n} of")
        clean: dict[str, Any] = {}
        for key, cell in row.items():
            try:
                column = field.column(key)
            except KeyError:
                raise BadValue(
                    f"has an unknown column {str(key)[:40]!r}", before=f"Row {n} of"
                ) from None
            if is_empty(cell):
                continue
            try:
                clean[key] = FIELD_TYPES[column.type].check(column, cell)
            except BadValue as bad:
                raise BadValue(bad.problem, before=f'"{column.label}" in row {n} of') from None
        if not clean and not stored:
            raise BadValue("is empty; fill it in or leave it out", before=f"Row {n} of")
        if clean:
            rows.append(clean)
    return rows


def _table_text(field: Field, value: Any) -> str:
    """Rows joined by '; ', each row's cells by ', ' (the report draws a real table)."""
    rows = [r for r in value if isinstance(r, dict)]
    return "; ".join(
        ", ".join(FIELD_TYPES[c.type].text(c, r[c.id]) for c in field.columns if c.id in r)
        for r in rows
    )


_TYPES = (
    FieldType("text", checks.short_text, text.plain, "text", (str,)),
    FieldType("longtext", checks.long_text, text.plain, "text", (str,)),
    FieldType("choice", checks.choice, text.choice, "text (one of its choices)", (str,)),
    FieldType("multichoice", checks.multichoice, text.multichoice, "a list of choices", (list,)),
    FieldType("scale", checks.scale, text.scale, "a whole number from 1 to 5", (int, float, str)),
    FieldType("date", checks.date, text.date, "a date written as YYYY-MM-DD", (str,)),
    FieldType("number", checks.number, text.number, "a number", (int, float, str)),
    FieldType("bool", checks.yes_no, text.yes_no, "yes or no (true or false)", (bool,)),
    FieldType(
        "table", _table, _table_text, "a table (a list of rows)", (list,), empty=[], column=False
    ),
    FieldType(
        "matrix",
        checks.matrix,
        text.matrix,
        "a grid of choices (an object of rows)",
        (dict,),
        empty={},
        column=False,
    ),
    FieldType(
        "review",
        checks.review,
        text.review,
        "an answer with an optional note (an object)",
        (dict,),
        empty={},
        column=False,
    ),
)

#: Every field type, by the name content YAML gives in `type:`.
FIELD_TYPES: dict[str, FieldType] = {t.name: t for t in _TYPES}
#: The names a table column may have.
COLUMN_TYPES = tuple(t.name for t in _TYPES if t.column)


def field_type(field: Field) -> FieldType:
    """The type of a field spec (the loader accepted only known ones)."""
    return FIELD_TYPES[field.type]
