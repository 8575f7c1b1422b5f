"""Small-cell suppression of one- and two-way count tables, with their totals.

Primary suppression hides the cells a policy forbids (CMS: 1 to 10, zero shown; CDC: 9
or fewer). Complementary suppression then hides more cells (`interval.py`), so that no
reader can narrow a hidden small count from the totals to a range below the policy's
threshold: each could be 11 or more under CMS. `check()` proves it independently of how
the cells were chosen (`audit.py`: the smallest and largest value of each hidden cell,
by linear programming over what is published).

    >>> r = suppress_matrix([[3, 40], [25, 30]], ["A", "B"], ["yes", "no"], "cms")
    >>> r.check(), r.counts()
    ([], {'primary': 1, 'complementary': 3})

`totals` says which totals must stay published: "grand" (the default: the grand total,
what most tables exist to report; other totals may be hidden to protect a cell), "all"
(every row and column total the policy allows; a table that cannot then be protected is
refused, naming a total to drop) or "none" (the grand total is left out).
`method="exact"` runs the earlier suppression, which only stopped exact derivation; it
is kept as the benchmark's baseline. `method="primary"` stops after primary suppression.

The survey results (Phase 3) use the same function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..textsafe import for_message
from .complement import Pattern, derivable
from .engine import DataError

TOTAL = "Total"
SHOWN, PRIMARY, COMPLEMENTARY = "shown", "primary", "complementary"
DROPPED = "dropped"  # the grand total, left out on request
TOTALS = ("grand", "all", "none")  # which totals must stay published


@dataclass(frozen=True)
class Policy:
    """Which counts may not be published: 1 to `minimum - 1`, and zero unless shown."""

    name: str
    minimum: int
    zero_shown: bool = True
    rule: str = ""

    def hides(self, value: int) -> bool:
        return (value == 0 and not self.zero_shown) or 0 < value < self.minimum


POLICIES = {
    "cms": Policy("cms", 11, True, "CMS cell size suppression policy: no cell from 1 to 10"),
    "cdc": Policy("cdc", 10, False, "CDC WONDER / NCHS: counts of 9 or fewer are suppressed"),
}


def policy(spec: str | int | Policy) -> Policy:
    """A policy from "cms", "cdc", a number N (hide 1 to N-1; zero shown) or a Policy."""
    if isinstance(spec, Policy):
        return spec
    text = str(spec).strip().lower()
    if text in POLICIES:
        return POLICIES[text]
    if text.isdigit() and 1 <= int(text) <= 1_000_000:
        n = int(text)
        return Policy(str(n), n, True, f"Counts from 1 to {n - 1} are suppressed")
    raise DataError(
        f'"{spec}" is not a suppression policy: use cms, cdc or a whole number such as 11.'
    )


@dataclass
class SuppressionResult:
    """A table after suppression. `values` (private figures) stay with the analyst;
    `published()` and `to_dict()` carry only what may be shown."""

    rows: list[str]
    cols: list[str]  # [] for a one-way table
    values: Any  # numpy int array, (rows + total) x (cols + total), or x 1 one-way
    status: Any  # numpy str array: shown, primary or complementary
    policy: Policy
    names: tuple[str, str | None, str] = ("row", None, "count")
    lines: list[Any] = field(default_factory=list, repr=False)

    def cell(self, row: str, col: str | None = None) -> tuple[int, int]:
        i = (self.rows + [TOTAL]).index(row)
        return i, ((self.cols + [TOTAL]).index(col) if self.cols else 0)

    def hidden(self) -> Any:
        return self.status != SHOWN

    def keys(self, kind: str) -> list[tuple[str, ...]]:
        """The (row,) or (row, col) labels of the cells of one status."""
        rows, cols = self.rows + [TOTAL], self.cols + [TOTAL]
        return [
            (rows[i],) if not self.cols else (rows[i], cols[j])
            for i, j in zip(*(self.status == kind).nonzero(), strict=True)
        ]

    def counts(self) -> dict[str, int]:
        return {kind: int((self.status == kind).sum()) for kind in (PRIMARY, COMPLEMENTARY)}

    def label(self, i: int, j: int) -> tuple[str, ...]:
        rows, cols = self.rows + [TOTAL], self.cols + [TOTAL]
        return (rows[i],) if not self.cols else (rows[i], cols[j])

    def bounds(self, enough: int | None = None) -> dict[tuple[str, ...], Any]:
        """What a reader can deduce about each hidden cell: {labels: audit.Range}, by the
        independent audit over the published table only (`enough`: see `audit.ranges`)."""
        from . import audit

        grid = [
            [None if self.status[i, j] != SHOWN else int(self.values[i, j]) for j in range(w)]
            for i, w in ((i, self.values.shape[1]) for i in range(self.values.shape[0]))
        ]
        found = audit.ranges(*audit.table("t", grid), enough=enough)
        return {self.label(i, j): r for (_, i, j), r in found.items()}

    def check(self) -> list[tuple[str, ...]]:
        """Hidden cells a reader can place below the policy's threshold ([] = safe)."""
        from . import audit

        found = self.bounds(enough=self.policy.minimum)
        return audit.failures(found, self.policy.minimum, self.policy.zero_shown)

    def derivable(self) -> list[tuple[str, ...]]:
        """Hidden cells that can be worked out exactly (the earlier, weaker check)."""
        return [self.label(i, j) for i, j in derivable(self.values, self.hidden(), self.lines)]

    def published(self) -> Any:
        """The table to publish (pandas), totals included; hidden counts are empty."""
        import pandas as pd

        row_name, col_name, count_name = self.names
        records = []
        for i, row in enumerate(self.rows + [TOTAL]):
            for j, col in enumerate(self.cols + [TOTAL] if self.cols else [None]):
                shown = self.status[i, j] == SHOWN
                record = {row_name: row, **({col_name: col} if col_name else {})}
                records.append({**record, count_name: int(self.values[i, j]) if shown else None})
        frame = pd.DataFrame.from_records(records)
        frame[count_name] = frame[count_name].astype("Int64")
        return frame

    def to_dict(self) -> dict[str, Any]:
        """What may be shown: the published cells, and how many were hidden."""
        frame = self.published()
        cells = [
            {k: (None if pd_na(v) else v) for k, v in rec.items()}
            for rec in frame.to_dict("records")
        ]
        return {
            "policy": self.policy.name,
            "rule": self.policy.rule,
            **self.counts(),
            "cells": cells,
        }


def pd_na(value: Any) -> bool:
    import pandas as pd

    return value is None or value is pd.NA


def suppress_table(
    table: Any,
    count_col: str,
    rows: str | None = None,
    cols: str | None = None,
    policy: str | int | Policy = "cms",
    totals: str = "grand",
) -> SuppressionResult:
    """Suppress a long table of counts (a path, a frame or an open `Data`): one row per
    cell, labelled by `rows` (and `cols` for a two-way table); totals are computed."""
    from .engine import Data, open_data

    rows, cols = (rows, cols) if rows else (cols, None)  # one label: a one-way table
    labels = [name for name in (rows, cols) if name]
    if not labels:
        raise DataError("Name the column that labels the table's rows.")
    if rows == cols:
        raise DataError(
            f'The rows and the columns are both "{for_message(rows)}"; name two different '
            "columns, or only --rows for a one-way table."
        )
    if isinstance(table, Sequence) and not isinstance(table, str):
        import pyarrow as pa

        table = pa.Table.from_pylist(list(table))
    given = table
    table = _labels_as_text(table, labels)
    data = table if isinstance(table, Data) else open_data(table)
    try:
        cells = _read_cells(data, count_col, labels)
    finally:
        if data is not given:  # opened here (also by `_labels_as_text`): close it
            data.close()
    row_labels = _order({c[0] for c in cells})
    col_labels = _order({c[1] for c in cells}) if cols else []
    grid = [[0] * max(1, len(col_labels)) for _ in row_labels]
    for cell in cells:
        j = col_labels.index(cell[1]) if cols else 0
        grid[row_labels.index(cell[0])][j] += int(cell[-1])
    result = suppress_matrix(grid, row_labels, col_labels, policy, totals)
    result.names = (labels[0], cols, count_col)
    return result


def _labels_as_text(table: Any, labels: list[str]) -> Any:
    """A CSV's label columns read as text, as written: "yes" stays "yes" (a type guess
    would make it true), "007" stays "007". Other sources pass through."""
    import os
    from pathlib import Path

    if not isinstance(table, str | os.PathLike) or not Path(table).is_file():
        return table
    path = Path(table)
    with open(path, "rb") as f:
        if f.read(4) == b"PAR1" or path.suffix.lower() == ".parquet":
            return table
    import pyarrow as pa
    from pyarrow import csv

    try:
        frame = csv.read_csv(
            path,
            convert_options=csv.ConvertOptions(
                column_types={name: pa.string() for name in labels},
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError):
        return table  # the engine's reader gives the plain message
    from .engine import open_data

    return open_data(frame, label=path.name)


def _read_cells(data: Any, count_col: str, labels: list[str]) -> list[tuple]:
    from . import sql

    quoted = [data.column(name) for name in labels]
    count = data.column(count_col)
    data.require_rows()
    bad, broken, empty = data.fetch(sql.counts_check(count))[0]
    if bad or broken or empty:
        raise DataError(
            f'The column "{count_col}" must hold whole numbers of 0 or more: '
            f"{bad + broken + empty} of its values are not."
        )
    cells = data.fetch(sql.cells(count, quoted))
    if any(TOTAL in cell[:-1] for cell in cells):
        raise DataError(f'A category is named "{TOTAL}"; rename it, since totals are added.')
    return cells


def _order(labels: set[str]) -> list[str]:
    try:
        return sorted(labels, key=float)
    except ValueError:
        return sorted(labels)


def suppress_matrix(
    grid: Sequence[Sequence[int]],
    rows: Sequence[str],
    cols: Sequence[str] = (),
    policy: str | int | Policy = "cms",
    totals: str = "grand",
    method: str = "interval",
) -> SuppressionResult:
    """Suppress a grid of counts (rows x cols; one column and `cols=()` for a one-way
    table). Totals are added as the last row (and column). Raises `DataError` when the
    table cannot be protected while its grand total is published."""
    import numpy as np

    chosen = globals()["policy"](policy)
    inner = np.asarray(grid, dtype=np.int64).reshape(len(rows), max(1, len(cols)))
    values = _with_totals(inner, two_way=bool(cols))
    lines = _lines(values.shape, two_way=bool(cols))
    status = np.full(values.shape, SHOWN, dtype=object)
    status[np.vectorize(chosen.hides)(values)] = PRIMARY
    names = ("row", "column" if cols else None, "count")
    result = SuppressionResult(list(rows), list(cols), values, status, chosen, names, lines)
    if totals not in TOTALS:
        raise DataError(
            f'"{for_message(totals)}" is not a choice of totals: use grand, all or none.'
        )
    if totals == "none" and status[-1, -1] == SHOWN:
        status[-1, -1] = DROPPED
    if method == "exact":
        Pattern(values, status, lines).run()
    elif method == "primary":  # the caller protects it with other tables (survey/linked.py)
        pass
    else:
        _complement(result, totals == "all")
    return result


def _complement(result: SuppressionResult, all_totals: bool) -> None:
    """Interval protection (`interval.py`), with the totals that must stay published
    pinned while the policy lets them show."""
    import numpy as np

    from .interval import Unprotectable, grid_system, protect, unpinning_helps

    status = result.status
    pinned = np.zeros(status.shape, dtype=bool)
    if all_totals:
        pinned[-1, :] = True
        if result.cols:
            pinned[:, -1] = True
    pinned[-1, -1] = True
    pinned &= status == SHOWN
    system = grid_system(result.values, status != SHOWN, pinned, bool(result.cols))
    try:
        added = protect(system, result.policy.minimum)
    except Unprotectable as exc:
        i, j = divmod(exc.cell, status.shape[1])
        where = " / ".join(f'"{for_message(x)}"' for x in result.label(i, j))
        total = unpinning_helps(system, exc.cell, result.policy.minimum)
        t_i, t_j = divmod(total, status.shape[1])
        name = _total_name(result, t_i, t_j)
        raise DataError(
            f"The count for {where} cannot be protected while {name} "
            f"({int(result.values[t_i, t_j])}) is published, since the other totals would "
            f"show it is below {result.policy.minimum}: drop {name} "
            f"({_hint(t_i, t_j, status.shape)}) or merge that category with another."
        ) from None
    for k in added:
        status.flat[k] = COMPLEMENTARY


def _total_name(result: SuppressionResult, i: int, j: int) -> str:
    rows, cols = result.rows + [TOTAL], result.cols + [TOTAL]
    if i == len(rows) - 1 and (not result.cols or j == len(cols) - 1):
        return "the grand total"
    if i == len(rows) - 1:
        return f'the total of column "{for_message(cols[j])}"'
    return f'the total of row "{for_message(rows[i])}"'


def _hint(i: int, j: int, shape: tuple[int, int]) -> str:
    grand = i == shape[0] - 1 and j == shape[1] - 1
    return "--totals none" if grand else "--totals grand lets the tool hide it"


def _with_totals(inner: Any, two_way: bool) -> Any:
    import numpy as np

    rows = np.vstack([inner, inner.sum(axis=0, keepdims=True)])
    return np.hstack([rows, rows.sum(axis=1, keepdims=True)]) if two_way else rows


def _lines(shape: tuple[int, int], two_way: bool) -> list[Any]:
    """Each total's equation as (cell indices, signs): the cells add up to the total."""
    import numpy as np

    r, c = shape
    cols = [
        (np.array([(i, j) for i in range(r)]), np.array([1] * (r - 1) + [-1])) for j in range(c)
    ]
    if not two_way:
        return cols
    rows = [
        (np.array([(i, j) for j in range(c)]), np.array([1] * (c - 1) + [-1])) for i in range(r)
    ]
    return rows + cols
