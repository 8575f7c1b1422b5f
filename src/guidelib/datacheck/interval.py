"""Complementary suppression with interval protection: hide more cells until no reader
can bound a hidden small count below the policy's threshold.

A table and its totals are cells tied by equations (each line's cells add up to its
total). A hidden cell p of true value x_p < T (T = 11 under CMS) is protected when the
published figures also fit a table in which p is T or more: there is a change y to the
hidden cells that keeps every equation (E y = 0), keeps every cell at 0 or more
(x + y >= 0), and raises p by T - x_p. That is the "upper protection level" of
tau-Argus and sdcTable. Hiding more cells only adds freedom, so a cell once protected
stays protected, and the change y that protects it is the proof.

For each hidden small cell we look for the cheapest such change, where hiding a shown
cell costs its value plus one (few and small cells, the objective of sdcTable and
tau-Argus), and hide the cells it moves:

- in a one- or two-way table, the cheapest pair (one-way) or rectangle (two-way, totals
  included) found by one vectorised pass over the table;
- otherwise, or when no rectangle works, a linear program (HiGHS) for the cheapest
  change over the whole system, which covers linked tables too.

Cells that must stay shown (`pinned`: a grand total) are never moved. When no change
exists the table cannot be protected: `Unprotectable` names the cell.

The lower protection level (that a reader cannot tell a cell is at least 1) is not
required: under CMS and CDC knowing that a count is above zero does not place it in the
protected range once it may also be T or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .engine import DataError

BIG = 1e6  # cost of hiding a shown small cell (a zero under CMS): it would need protecting


class Unprotectable(DataError):
    """No choice of further hidden cells can protect `cell`."""

    def __init__(self, cell: int) -> None:
        super().__init__(f"cell {cell} cannot be protected")
        self.cell = cell


@dataclass
class System:
    """Cells (flat) and the equations E x = 0 that tie them (a sparse matrix)."""

    values: Any  # int array, n
    hidden: Any  # bool array, n: changed in place
    pinned: Any  # bool array, n: may never be hidden
    equations: Any  # scipy sparse, m x n
    grid: tuple[int, int] | None = None  # (rows, cols) with totals, for the fast pass
    two_way: bool = False


def protect(system: System, threshold: int) -> list[int]:
    """Hide cells until every hidden cell below `threshold` is protected; returns the
    newly hidden cells in the order they were hidden."""
    x = system.values
    queue = sorted((int(p) for p in system.hidden.nonzero()[0] if x[p] < threshold),
                   key=lambda p: (x[p], p))  # fmt: skip
    added: list[int] = []
    while queue:
        p = queue.pop(0)
        move = _rectangle(system, p, threshold) if system.grid else None
        if move is None:
            move = _cheapest_change(system, p, threshold)
        new = [q for q in move if not system.hidden[q]]
        system.hidden[new] = True
        added += new
        queue += sorted((q for q in new if x[q] < threshold), key=lambda q: (x[q], q))
    return added


def _costs(system: System, threshold: int) -> Any:
    import numpy as np

    x = system.values.astype(float)
    cost = x + 1 + BIG * (x < threshold)
    cost[system.hidden] = 0.0
    cost[system.pinned & ~system.hidden] = np.inf
    return cost


def _rectangle(system: System, p: int, threshold: int) -> list[int] | None:
    """The cheapest pair (one-way) or rectangle (two-way) of cells through p that can
    raise p by the needed amount. Totals carry the sign -1 (grand total +1): with that
    sign every line adds up to zero, so the moves are alternating +/- cycles."""
    import numpy as np

    rows, cols = system.grid  # type: ignore[misc]
    x = system.values.reshape(rows, cols)
    cost = _costs(system, threshold).reshape(rows, cols)
    sign = np.ones((rows, cols))
    sign[-1, :] = -1
    if system.two_way:
        sign[:, -1] *= -1  # row totals -1; the grand total back to +1
    need = threshold - x.flat[p]
    i, j = divmod(p, cols)
    s = sign[i, j]

    def usable(cells: Any, falls: Any, c: Any) -> Any:
        """Cost where a cell can move that way: one that falls needs room to fall."""
        return np.where(~falls | (cells >= need), c, np.inf)

    if not system.two_way:
        option = usable(x[:, 0], s * sign[:, 0] == 1, cost[:, 0])
        option[i] = np.inf
        q = int(np.argmin(option))
        return [p, q * cols] if np.isfinite(option[q]) else None
    a = usable(x[i, :], s * sign[i, :] == 1, cost[i, :])  # same row
    b = usable(x[:, j], s * sign[:, j] == 1, cost[:, j])  # same column
    d = usable(x, s * sign == -1, cost)  # the opposite corner
    total = b[:, None] + a[None, :] + d
    total[i, :] = np.inf
    total[:, j] = np.inf
    k = int(np.argmin(total))
    if not np.isfinite(total.flat[k]):
        return None
    i2, j2 = divmod(k, cols)
    return [p, i * cols + j2, i2 * cols + j, k]


def _cheapest_change(system: System, p: int, threshold: int) -> list[int]:
    """The cells of the cheapest change y (E y = 0, x + y >= 0, y_p = T - x_p), by a
    linear program over y = up - down."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import hstack

    x, e = system.values, system.equations
    n = len(x)
    cost = _costs(system, threshold)
    blocked = ~np.isfinite(cost)
    weight = np.where(blocked, 0.0, cost) + 1e-6  # hidden cells almost free
    up = [(0.0, 0.0 if blocked[k] else None) for k in range(n)]
    down = [(0.0, 0.0 if blocked[k] else float(x[k])) for k in range(n)]
    up[p], down[p] = (float(threshold - x[p]), float(threshold - x[p])), (0.0, 0.0)
    res = linprog(
        np.concatenate([weight, weight]),
        A_eq=hstack([e, -e]).tocsr(),
        b_eq=np.zeros(e.shape[0]),
        bounds=up + down,
        method="highs",
    )
    if res.status != 0:
        raise Unprotectable(p)
    y = res.x[:n] - res.x[n:]
    return [p] + [int(k) for k in np.nonzero(np.abs(y) > 1e-7)[0] if k != p]


def grid_system(values: Any, hidden: Any, pinned: Any, two_way: bool) -> System:
    """The system of one table with totals in its last row (and column)."""
    import numpy as np
    from scipy.sparse import coo_matrix

    rows, cols = values.shape
    lines = [[(i, j) for i in range(rows)] for j in range(cols)]
    if two_way:
        lines += [[(i, j) for j in range(cols)] for i in range(rows)]
    r, c, v = [], [], []
    for m, cells in enumerate(lines):
        for n, (i, j) in enumerate(cells):
            r.append(m)
            c.append(i * cols + j)
            v.append(-1.0 if n == len(cells) - 1 else 1.0)
    e = coo_matrix((v, (r, c)), shape=(len(lines), rows * cols)).tocsr()
    return System(
        np.asarray(values).ravel().copy(),
        np.asarray(hidden).ravel().copy(),
        np.asarray(pinned).ravel().copy(),
        e,
        (rows, cols),
        two_way,
    )
