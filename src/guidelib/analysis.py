"""A team's answers as pandas DataFrames, for the analysis the worksheets do not do.

>>> from guidelib import analysis, open_workbook
>>> wb = open_workbook("example-kinship-care")                 # doctest: +SKIP
>>> analysis.frame(wb, "stakeholders", "register").groupby("sector").size()  # doctest: +SKIP

A table field becomes one row per entry, with the column ids as column names (the labels
people see are in `frame.attrs["labels"]`). A matrix field (the RACI) becomes one row per
row id and one column per member. With no workbook (nothing chosen yet) each frame is
empty but has its columns, so code written against it runs. pandas is imported here, when
a frame is made, never by `import guidelib`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from .content import GUIDEBOOK, Field
from .errors import GuidelibError

if TYPE_CHECKING:
    import pandas as pd

    from .workbook import Workbook

TABULAR = ("table", "matrix")


def _spec(step_id: str, field_id: str) -> Field:
    try:
        spec = GUIDEBOOK.step(step_id).field(field_id)
    except KeyError:
        raise GuidelibError(f"There is no field {step_id}.{field_id} in the guidebook.") from None
    if spec.type not in TABULAR:
        raise GuidelibError(
            f"{step_id}.{field_id} is a {spec.type} field; only tables and matrices are frames."
        )
    return spec


def frame(wb: Workbook | None, step_id: str, field_id: str) -> pd.DataFrame:
    """The answers to one table or matrix field of `wb` as a DataFrame."""
    import pandas as pd

    spec = _spec(step_id, field_id)
    value: Any = wb.get(step_id, field_id) if wb is not None else None
    if spec.type == "table":
        ids = [c.id for c in spec.columns]
        result = pd.DataFrame(list(value or []), columns=ids)
        result.attrs["labels"] = {c.id: c.label for c in spec.columns}
    else:
        result = pd.DataFrame.from_dict(value or {}, orient="index")
        result.index.name = field_id
        result.attrs["labels"] = {r.id: r.label for r in spec.rows}
    result.attrs["title"] = spec.label
    return result


def tabular_fields(phase_id: str) -> list[tuple[str, str]]:
    """(step id, field id) of every table and matrix field of a phase, in order."""
    try:
        steps = GUIDEBOOK.phase(phase_id).steps
    except KeyError:
        raise GuidelibError(f"There is no phase {phase_id!r} in the guidebook.") from None
    return [(s.id, f.id) for s in steps for f in s.fields if f.type in TABULAR]


class Frames(Mapping):
    """Every table and matrix of a phase, keyed "step.field"; each becomes a DataFrame
    when first asked for. Shown as it is, it lists the tables and their sizes without
    importing pandas, so a Voilà page that shows it stays fast."""

    def __init__(self, wb: Workbook | None, phase_id: str) -> None:
        self.wb, self.keys_ = wb, [f"{s}.{f}" for s, f in tabular_fields(phase_id)]
        self._made: dict[str, pd.DataFrame] = {}

    def __getitem__(self, key: str) -> pd.DataFrame:
        if key not in self.keys_:
            raise KeyError(f"{key!r} is not a table of this phase; try one of {self.keys_}")
        if key not in self._made:
            self._made[key] = frame(self.wb, *key.split(".", 1))
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_)

    def __len__(self) -> int:
        return len(self.keys_)

    def rows(self) -> list[tuple[str, str, int]]:
        """(key, title, number of rows) for each table, read without pandas."""
        out = []
        for key in self.keys_:
            step_id, field_id = key.split(".", 1)
            value = self.wb.get(step_id, field_id) if self.wb is not None else None
            out.append((key, GUIDEBOOK.step(step_id).field(field_id).label, len(value or ())))
        return out

    def __repr__(self) -> str:
        lines = [f'frames["{k}"]: {title} ({n} rows)' for k, title, n in self.rows()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td><code>frames[&quot;{escape(k)}&quot;]</code></td><td>{escape(t)}</td>"
            f"<td>{n}</td></tr>"
            for k, t, n in self.rows()
        )
        return f"<table><tr><th>Table</th><th>What it holds</th><th>Rows</th></tr>{body}</table>"


def frames(wb: Workbook | None, phase_id: str) -> Frames:
    """Every table and matrix of a phase, keyed "step.field" (DataFrames on first use)."""
    return Frames(wb, phase_id)
