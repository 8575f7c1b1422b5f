"""A step's answers as readable HTML, every value escaped: each field type's one line of
text (`content.fieldtypes`), or its HTML where it has one here (paragraphs, lists,
tables, grids). A required question with no answer says so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..content import FIELD_TYPES, Field, FieldType, Step, field_type
from ..workbook.progress import COMPLETE, IN_PROGRESS
from ..workbook.values import is_empty

if TYPE_CHECKING:
    from ..workbook import Workbook

NOT_ANSWERED = '<p class="gl-blank">Not answered yet.</p>'
STATUS = {COMPLETE: "Complete", IN_PROGRESS: "In progress"}
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def cell_text(field: Field, value: Any) -> str:
    """A value as one line of plain text ('' for no answer)."""
    if is_empty(value):
        return ""
    return field_type(field).text(field, value)


def _paragraphs(field: Field, value: Any) -> str:
    parts = [p.strip() for p in _BLANK_LINES.split(str(value).strip()) if p.strip()]
    return "".join(f'<p dir="auto">{esc(p).replace(chr(10), "<br>")}</p>' for p in parts)


def _multichoice(field: Field, value: Any) -> str:
    items = "".join(f'<li dir="auto">{esc(field.option_label(v))}</li>' for v in value)
    return f"<ul>{items}</ul>"


def _table(field: Field, value: Any) -> str:
    rows = [r for r in value if isinstance(r, dict) and not is_empty(r)]
    cols = [c for c in field.columns if any(not is_empty(r.get(c.id)) for r in rows)]
    head = "".join(f'<th scope="col">{esc(c.label)}</th>' for c in cols)
    body = "".join(
        "<tr>"
        + "".join(f'<td dir="auto">{esc(cell_text(c, r.get(c.id)))}</td>' for c in cols)
        + "</tr>"
        for r in rows
    )
    return f'<table class="gl-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _short(field: Field, option_id: str) -> str:
    """'r' -> 'R' when the labels read 'R (does the work)'; else the whole label."""
    label = field.option_label(option_id)
    return option_id.upper() if label.startswith(option_id.upper() + " ") else label


def _matrix(field: Field, value: Any) -> str:
    """Rows (such as decisions) by columns (such as members), with a key to the codes."""
    columns = list(dict.fromkeys(c for cells in value.values() for c in cells))
    head = '<th scope="col"></th>' + "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    body = ""
    for row in field.rows:
        cells = value.get(row.id) or {}
        if cells:
            tds = "".join(f"<td>{esc(_short(field, cells.get(c, '')))}</td>" for c in columns)
            body += f'<tr><th scope="row">{esc(row.label)}</th>{tds}</tr>'
    key = "; ".join(esc(o.label) for o in field.options)
    return (
        f'<table class="gl-table gl-matrix"><thead><tr>{head}</tr></thead>'
        f'<tbody>{body}</tbody></table><p class="gl-muted">{key}.</p>'
    )


#: A value as HTML, by type, where one line of text (`FieldType.text`) is not enough.
FORMATTERS: dict[FieldType, Callable[[Field, Any], str]] = {
    FIELD_TYPES["longtext"]: _paragraphs,
    FIELD_TYPES["multichoice"]: _multichoice,
    FIELD_TYPES["table"]: _table,
    FIELD_TYPES["matrix"]: _matrix,
}


def field_html(field: Field, value: Any) -> str:
    """One answer under its question; '' for an optional question left blank."""
    if is_empty(value):
        if field.optional:
            return ""
        body = NOT_ANSWERED
    elif field_type(field) in FORMATTERS:
        body = FORMATTERS[field_type(field)](field, value)
    else:
        body = f'<p dir="auto">{esc(cell_text(field, value))}</p>'
    return f'<div class="gl-field"><h4>{esc(field.label)}</h4>{body}</div>'


def step_html(wb: Workbook, step: Step, status: str) -> str:
    """A step's heading, where it stands (a progress status), and every answer."""
    word = STATUS.get(status, "Not started")
    badge = f'<span class="gl-status gl-{status.replace(" ", "-")}">{word}</span>'
    answers = wb.answers(step.id)
    fields = "".join(field_html(f, answers.get(f.id)) for f in step.fields)
    return (
        f'<h3 id="step-{esc(step.id)}"><span class="gl-num">{esc(step.number)}</span> '
        f"{esc(step.title)} {badge}</h3>{fields}"
    )
