"""A table field: one card per row, each holding a compact input per column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from ..content import Field
from ..workbook.values import is_empty
from ._html import esc
from .fields import Choices, FieldInput, label_text, make_input, widget


class _Row:
    def __init__(self, table: TableInput, number: int) -> None:
        self.cells = {
            c.id: make_input(c, compact=True, choices=table.choices) for c in table.field.columns
        }
        for cell in self.cells.values():
            cell.on_change(table._fire)
            # text gets room to be read; dates, numbers and choices stay compact
            cell.widget.layout.flex = "1 1 240px" if cell.field.type == "text" else "0 1 180px"
            cell.widget.layout.width = "auto"
            cell.widget.layout.margin = "2px 10px 2px 0"
        self.title = w.HTML()
        self.remove = w.Button(
            description="Remove row", tooltip="Remove this row", layout=w.Layout(width="auto")
        )
        self.remove.on_click(table._guard(lambda _b: table._remove(self)))
        top = w.HBox(
            [self.title, self.remove],
            layout=w.Layout(justify_content="space-between", align_items="center"),
        )
        grid = w.Box([c.widget for c in self.cells.values()], layout=w.Layout(flex_flow="row wrap"))
        self.box = w.VBox([top, grid])
        self.box.add_class("gl-row")
        self.number(number)

    def number(self, n: int) -> None:
        self.title.value = f'<span class="gl-row-title">Row {n}</span>'
        self.remove.tooltip = f"Remove row {n}"

    def get(self) -> dict[str, Any]:
        # An unticked box counts as blank, so a new row stays empty until something is typed.
        values = {cid: cell.get() for cid, cell in self.cells.items()}
        return {cid: v for cid, v in values.items() if not is_empty(v) and v is not False}

    def put(self, row: dict[str, Any]) -> None:
        for cid, cell in self.cells.items():
            cell.put(row.get(cid))


@widget("table")
class TableInput(FieldInput):
    @classmethod
    def make(
        cls, field: Field, compact: bool, names: Sequence[str], choices: Choices | None
    ) -> FieldInput:
        return cls(field, choices=choices)  # each row's cells choose from `choices`

    def __init__(self, field: Field, compact: bool = False, choices: Choices | None = None) -> None:
        super().__init__(field, compact)
        self.choices = choices
        self.rows: list[_Row] = []
        self.rows_box = w.VBox()
        self.add = w.Button(
            description="Add row",
            button_style="",
            tooltip=f"Add a row to {field.label}",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.add.on_click(self._guard(lambda _b: self._add()))
        self.empty = w.HTML('<div class="gl-muted">No rows yet.</div>')
        head = w.HTML(f'<div class="gl-label">{esc(label_text(field))}</div>')
        self.widget = w.VBox(
            [head, self.empty, self.rows_box, self.add], layout=w.Layout(width="100%")
        )
        self.widget.add_class("gl-table")

    def get(self) -> Any:
        # A row just added and not yet filled in is not an answer (the workbook refuses
        # blank rows); it stays on screen until something is typed in it.
        return [values for values in (row.get() for row in self.rows) if values]

    def _put(self, value: Any) -> None:
        rows = value if isinstance(value, list) else []
        self.rows = []
        for n, data in enumerate(rows, start=1):
            row = _Row(self, n)
            row.put(data if isinstance(data, dict) else {})
            self.rows.append(row)
        self._layout()

    def _layout(self) -> None:
        self.rows_box.children = [r.box for r in self.rows]
        self.empty.layout.display = "none" if self.rows else None
        self.add.disabled = len(self.rows) >= self.field.max_rows

    def _add(self) -> None:
        if len(self.rows) < self.field.max_rows:
            self.rows.append(_Row(self, len(self.rows) + 1))
            self._layout()
            self._fire()

    def _remove(self, row: _Row) -> None:
        self.rows.remove(row)
        for n, r in enumerate(self.rows, start=1):
            r.number(n)
        self._layout()
        self._fire()
