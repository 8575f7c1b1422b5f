"""A stored answer as one line of plain text, by field type, for documents and the report.

Option ids become the labels people chose, dates read '1 March 2027', numbers carry
their unit. `fieldtypes.FIELD_TYPES` joins each function to its type.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import Field

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(iso: str) -> str:
    """'2027-03-01' -> '1 March 2027' (the same in every locale); other text is kept as is."""
    try:
        day = dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def plain(field: Field, value: Any) -> str:
    return str(value)


def choice(field: Field, value: Any) -> str:
    return field.option_label(value)


def multichoice(field: Field, value: Any) -> str:
    return "; ".join(field.option_label(x) for x in value)


def scale(field: Field, value: Any) -> str:
    return f"{value} of 5"


def date(field: Field, value: Any) -> str:
    return long_date(value)


def number(field: Field, value: Any) -> str:
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"
    return f"{text}{'%' if field.unit == 'percent' else ' ' + field.unit if field.unit else ''}"


def yes_no(field: Field, value: Any) -> str:
    return "Yes" if value else "No"


def matrix(field: Field, value: Any) -> str:
    """'Decision: Name A, Name R; ...' (the report draws a grid)."""
    parts = []
    for row in field.rows:
        cells = value.get(row.id) or {}
        if cells:
            chosen = ", ".join(f"{c} {field.option_label(o)}" for c, o in cells.items())
            parts.append(f"{row.label}: {chosen}")
    return "; ".join(parts)


def review(field: Field, value: Any) -> str:
    """'Partly (note)': the answer's label, then the note and the owner if given."""
    answer = field.option_label(value["answer"]) if value.get("answer") else "Not answered"
    extra = "; ".join(value[p] for p in ("note", "owner") if value.get(p))
    return f"{answer} ({extra})" if extra else answer
