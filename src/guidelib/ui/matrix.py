"""A matrix field: one row per option of a catalog (e.g. each decision), one column per
entry of another table (e.g. each coalition member), a drop-down in every cell, and a
live check per row (for the RACI matrix: exactly one A, at least one R)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from ..content import Field
from ..content.registry import Registry
from ..governance_rules import raci_problem
from ._html import esc
from .fields import FieldInput, label_text, widget

#: The live check of one row's cells, by matrix field ("step.field").
ROW_CHECKS = Registry("ROW_CHECKS", {"governance.raci": raci_problem}, kind="field")


@widget("matrix")
class MatrixInput(FieldInput):
    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        self.row_check = ROW_CHECKS.for_field(field)
        self.grid = w.GridBox(layout=w.Layout(overflow="auto", width="100%"))
        self.empty = w.HTML(
            '<div class="gl-muted">Nothing to fill in yet: add entries to '
            f"the table this matrix lists ({esc(field.options_from)}).</div>"
        )
        head = w.HTML(f'<div class="gl-label">{esc(label_text(field))}</div>')
        self.widget = w.VBox([head, self.empty, self.grid], layout=w.Layout(width="100%"))
        self.widget.add_class("gl-matrix")
        self.cells: dict[tuple[str, str], w.Dropdown] = {}
        self.status: dict[str, w.HTML] = {}
        self._build(list(self.names))

    def _cell(self, row_label: str, column: str) -> w.Dropdown:
        options = [("–", ""), *((o.label.split(" ")[0], o.id) for o in self.field.options)]
        cell = w.Dropdown(
            options=options,
            value="",
            description=f"{row_label}: {column}",
            layout=w.Layout(width="auto"),
        )
        cell.add_class("gl-sr-label")  # the label is read aloud but not shown in the grid
        cell.observe(self._changed, names="value")
        return cell

    def _build(self, columns: list[str]) -> None:
        self.columns = columns
        self.cells, self.status = {}, {}
        children: list[w.Widget] = [w.HTML("<b>Decision</b>")]
        children += [w.HTML(f'<b class="gl-matrix-head">{esc(c)}</b>') for c in columns]
        for row in self.field.rows:
            # the row's live check sits under its label, where it stays in view
            self.status[row.id] = w.HTML()
            children.append(w.VBox([w.HTML(esc(row.label)), self.status[row.id]]))
            for column in columns:
                self.cells[(row.id, column)] = self._cell(row.label, column)
                children.append(self.cells[(row.id, column)])
        self.grid.children = children
        widths = " ".join(["minmax(170px, 2fr)", *["minmax(62px, 1fr)"] * len(columns)])
        self.grid.layout.grid_template_columns = widths
        self.empty.layout.display = "none" if columns else None
        self.grid.layout.display = None if columns else "none"

    def get(self) -> Any:
        out: dict[str, dict[str, str]] = {}
        for (row, column), cell in self.cells.items():
            if cell.value:
                out.setdefault(row, {})[column] = cell.value
        return out

    def _put(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        named = [c for cells in value.values() if isinstance(cells, dict) for c in cells]
        extra = [c for c in dict.fromkeys(named) if c not in self.columns]
        if extra:  # people since removed from the coalition stay visible until changed
            self._build(self.columns + extra)
        for (row, column), cell in self.cells.items():
            cell.value = (value.get(row) or {}).get(column, "") or ""
        self._show_checks()

    def _changed(self, _change: Any) -> None:
        self._show_checks()
        self._fire()

    def _show_checks(self) -> None:
        if self.row_check is None:
            return
        cells = self.get()
        for row in self.field.rows:
            problem = self.row_check(cells.get(row.id, {}))
            self.status[row.id].value = (
                f'<div class="gl-warn gl-small">{esc(problem[0].upper() + problem[1:])}</div>'
                if problem
                else '<div class="gl-ok gl-small">✓ one A, at least one R</div>'
            )
