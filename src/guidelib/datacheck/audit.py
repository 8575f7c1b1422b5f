"""The independent audit of a suppressed table: what a reader can work out.

It is written as an attacker would work, from what is published only, and shares no code
with the cell selection (`interval.py`, `complement.py`). The reader knows every shown
number and how the numbers add up: each row, column and grand total, and, for tables
published from the same data, the cells they share (a group's size in two breakdowns)
or the sums that link them (ages 10-13 = 10-12 + 13). Every hidden cell is an unknown
of 0 or more. The smallest and largest value each hidden cell can take while every
published equation holds are two linear programs, solved with HiGHS
(`scipy.optimize.linprog(method="highs")`).

    >>> cells, eqs = table("t", [[None], [None], [100], [107]])   # A=?, B=?, C=100, total
    >>> found = ranges(cells, eqs)
    >>> found[("t", 0, 0)]
    Range(low=0.0, high=7.0)

So hiding A=3 and B=4 alone publishes "A is at most 7". Under CMS (11) that fails:
`failures(found, 11)` names both cells.

For one- and two-way tables with totals the equations form a network matrix, so the
linear program's bounds are the whole-number bounds too. For linked tables they are the
bounds of the standard linked-tables model (the one tau-Argus and sdcTable audit).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Key = Hashable
Equation = Mapping[Key, int]  # sum of coefficient * cell == 0


@dataclass(frozen=True)
class Range:
    """What a reader can deduce about one hidden cell: low <= cell <= high."""

    low: float
    high: float  # math.inf when nothing bounds it

    def to_dict(self) -> dict[str, Any]:
        return {"min": _number(self.low), "max": _number(self.high)}  # max None: unbounded


class Inconsistent(ValueError):
    """The published numbers contradict their own totals."""


def _number(x: float) -> int | float | None:
    if math.isinf(x) or math.isnan(x):
        return None  # no upper bound
    return int(round(x)) if abs(x - round(x)) < 1e-6 else round(x, 3)


def table(name: Hashable, grid: Sequence[Sequence[int | None]]) -> tuple[dict, list[dict]]:
    """The cells and equations of one published table whose last row (and, with more
    than one column, last column) are totals: `None` marks a hidden cell. Cells are
    keyed (name, row, column)."""
    cells = {(name, i, j): v for i, row in enumerate(grid) for j, v in enumerate(row)}
    r, c = len(grid), len(grid[0])
    eqs = [_line([(name, i, j) for i in range(r)]) for j in range(c)]
    if c > 1:
        eqs += [_line([(name, i, j) for j in range(c)]) for i in range(r)]
    return cells, eqs


def _line(keys: list[Key]) -> dict[Key, int]:
    """The inner cells of a line add up to its last cell, the total."""
    return {**{k: 1 for k in keys[:-1]}, keys[-1]: -1}


def ranges(
    published: Mapping[Key, int | None],
    equations: Iterable[Equation],
    enough: float | None = None,
) -> dict:
    """Each hidden cell's (value None) feasible range given the shown cells and the
    equations: {key: Range}. Raises `Inconsistent` when no table could be behind them.

    With `enough` (the verdict only), a cell's maximum is not pushed further once some
    table that fits the published figures has it at `enough` or more: `high` is then
    "at least", and a minimum not seen to be 0 is not computed (nan)."""
    import numpy as np

    hidden = [k for k, v in published.items() if v is None]
    index = {k: n for n, k in enumerate(hidden)}
    rows, rhs = [], []
    for eq in equations:
        coefs = {index[k]: c for k, c in eq.items() if k in index}
        known = sum(c * published[k] for k, c in eq.items() if k not in index)
        if not coefs:
            if known:
                raise Inconsistent("the published numbers do not add up to their totals")
            continue
        rows.append(coefs)
        rhs.append(-known)
    found = {k: Range(0.0, math.inf) for k in hidden}  # in no equation: unbounded
    if not rows:
        return found
    label = _components(len(hidden), rows)
    groups: dict[int, list[int]] = {}
    for n, coefs in enumerate(rows):
        groups.setdefault(int(label[next(iter(coefs))]), []).append(n)
    for eqs in groups.values():
        cols = sorted({k for n in eqs for k in rows[n]})
        b = np.array([rhs[n] for n in eqs], dtype=float)
        found.update(_solve(hidden, cols, [rows[n] for n in eqs], b, enough))
    return found


def _components(n: int, rows: list[dict[int, int]]) -> Any:
    """Which hidden cells equations tie together: groups solved apart are smaller LPs."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    i = [m for m, coefs in enumerate(rows) for _ in coefs]
    j = [k for coefs in rows for k in coefs]
    incidence = coo_matrix((np.ones(len(i)), (i, j)), shape=(len(rows), n)).tocsr()
    return connected_components(incidence.T @ incidence, directed=False)[1]


def _solve(
    hidden: list[Key], cols: list[int], rows: list[dict[int, int]], b: Any, enough: float | None
) -> dict:
    """Min and max of each cell of one group: up to two linear programs per cell. Every
    solution is a table that fits the published figures, so it also shows values each
    other cell can take: a cell seen at 0 has minimum 0 (no LP needed), and, with
    `enough`, one seen at `enough` or more needs no maximum LP."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    where = {k: n for n, k in enumerate(cols)}
    data = [(m, where[k], c) for m, coefs in enumerate(rows) for k, c in coefs.items()]
    m, k, c = zip(*data, strict=True)
    a = csr_matrix((c, (m, k)), shape=(len(rows), len(cols)))
    seen_low = np.full(len(cols), np.inf)
    seen_high = np.zeros(len(cols))
    low, high = {}, {}

    def solve(n: int | Any, sign: float) -> float:
        """The smallest (sign 1) or largest (sign -1) value of cell(s) n."""
        objective = np.zeros(len(cols))
        objective[n] = sign
        res = linprog(objective, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        if res.status == 2:
            raise Inconsistent("the published numbers do not add up to their totals")
        if res.status == 3:
            return math.inf  # only a largest value can be unbounded
        np.minimum(seen_low, res.x, out=seen_low)
        np.maximum(seen_high, res.x, out=seen_high)
        return sign * res.fun

    if enough is not None:  # many cells at once: raise all those not yet seen high enough
        while True:
            short = seen_high < enough - 1e-6
            before = int(short.sum())
            if not before or math.isinf(solve(short, -1.0)):
                break
            if (seen_high < enough - 1e-6).sum() == before:
                break
    for n in range(len(cols)):
        if enough is not None and seen_high[n] >= enough - 1e-6:
            high[n] = float(seen_high[n])
        else:
            high[n] = solve(n, -1.0)
    for n in range(len(cols)):
        if seen_low[n] < 1e-6:
            low[n] = 0.0
        else:  # the verdict needs no minimum: not computed (nan)
            low[n] = math.nan if enough is not None else max(0.0, solve(n, 1.0))
    return {hidden[col]: Range(low[n], high[n]) for n, col in enumerate(cols)}


def failures(found: Mapping[Key, Range], threshold: int, zero_shown: bool = True) -> list:
    """Hidden cells a reader can place inside the protected range: their largest
    possible value is below `threshold` (CMS 11, CDC 10). A cell known to be exactly
    zero is no failure where the rule shows zeros."""
    tol = 1e-6
    return [
        k
        for k, r in found.items()
        if r.high < threshold - tol and not (zero_shown and r.high < tol)
    ]
