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

import numpy as np

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
    tables: list[Any] | None = None  # linked tables: each table's cells (flat indices)
    blocks: list[Any] | None = None  # linked tables: 2-D arrays of cells no other table
    # shares (a breakdown's inner cells), where a rectangle is a move of the whole system

    def places(self) -> dict[int, list[tuple[Any, int, int]]]:
        found: dict[int, list[tuple[Any, int, int]]] = {}
        for block in self.blocks or []:
            for (i, j), k in np.ndenumerate(block):
                if k >= 0:  # -1: a cell other tables share
                    found.setdefault(int(k), []).append((block, i, j))
        return found


def protect(system: System, threshold: int) -> list[int]:
    """Hide cells until every hidden cell below `threshold` is protected; returns the
    newly hidden cells in the order they were hidden."""
    x = system.values
    places = system.places()
    queue = sorted((int(p) for p in system.hidden.nonzero()[0] if x[p] < threshold),
                   key=lambda p: (p in places, x[p], p))  # fmt: skip
    added: list[int] = []
    certified: set[int] = set()
    stale = 1  # changes since the last batch check
    while queue:
        p = queue.pop(0)
        if p in certified:
            continue
        move = _rectangle(system, p, threshold) if system.grid else None
        if move is None:  # an LP over the hidden cells may show p (and more) safe already
            certified |= _already_safe(system, [p, *queue], threshold, together=bool(stale))
            stale = 0
            if p in certified:
                continue
        for block, i, j in places.get(p, []) if move is None else []:
            move = _inner_rectangle(system, block, i, j, threshold)
            if move is not None:
                break
        if move is None:
            move = _cheapest_change(system, p, threshold)
        new = [q for q in move if not system.hidden[q]]
        stale += bool(new)
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


def _inner_rectangle(system: System, block: Any, i: int, j: int, threshold: int) -> Any:
    """The cheapest rectangle through block[i, j] inside a block of unshared cells."""
    import numpy as np

    x = np.where(block >= 0, system.values[block], 0)
    cost = np.where(block >= 0, _costs(system, threshold)[block], np.inf)
    need = threshold - x[i, j]
    a = np.where(x[i, :] >= need, cost[i, :], np.inf)  # falls
    b = np.where(x[:, j] >= need, cost[:, j], np.inf)  # falls
    total = b[:, None] + a[None, :] + cost  # the opposite corner rises
    total[i, :] = np.inf
    total[:, j] = np.inf
    k = int(np.argmin(total)) if total.size else 0
    if not total.size or not np.isfinite(total.flat[k]):
        return None
    i2, j2 = divmod(k, block.shape[1])
    return [int(block[i, j]), int(block[i, j2]), int(block[i2, j]), int(block[i2, j2])]


def _already_safe(
    system: System, cells: list[int], threshold: int, together: bool = True
) -> set[int]:
    """Cells of `cells` that the hidden cells already protect. Each LP is a table that
    fits the published figures; every cell it shows at its target or more is safe.
    First (`together`) one LP raises them all toward their targets at once; then one
    raises the first cell alone."""
    from scipy.optimize import linprog

    x, hidden = system.values, np.nonzero(system.hidden)[0]
    where = np.full(len(x), -1)
    where[hidden] = np.arange(len(hidden))
    todo = [q for q in dict.fromkeys(cells) if where[q] >= 0]
    e = system.equations.tocsc()[:, hidden].tocsr()
    e = e[np.unique(e.nonzero()[0])]  # equations of shown cells only say 0 = 0 here
    safe: set[int] = set()
    goals = [todo, todo[:1]] if together and len(todo) > 1 else [todo[:1]]
    for goal in goals:
        goal = [q for q in goal if q not in safe]
        if not goal:
            continue
        at = where[todo]
        bounds = np.column_stack([-x[hidden].astype(float), np.full(len(hidden), np.inf)])
        bounds[at, 1] = threshold - x[todo]  # no need to go past a target
        objective = np.zeros(len(hidden))
        objective[where[goal]] = -1.0
        res = linprog(
            objective, A_eq=e, b_eq=np.zeros(e.shape[0]), bounds=bounds, method="highs-ds",
            options={"presolve": False},
        )  # fmt: skip
        if res.status != 0:
            break
        safe |= {q for q in todo if res.x[where[q]] >= threshold - x[q] - 1e-7}
    return safe


def _cheapest_change(system: System, p: int, threshold: int) -> list[int]:
    """The cells of the cheapest change y (E y = 0, x + y >= 0, y_p = T - x_p), by a
    linear program over y = up - down. With linked tables, shown cells are first taken
    only from p's tables and the tables that share a cell with them (a smaller LP; any
    change found there is a change of the whole system, since it keeps every equation)."""
    near = _near(system, p)
    if near is not None:
        found = _change_within(system, p, threshold, near)
        if found is not None:
            return found
    found = _change_within(system, p, threshold, np.ones(len(system.values), dtype=bool))
    if found is None:
        raise Unprotectable(p)
    return found


def _near(system: System, p: int) -> Any:
    """Cells of p's tables and of the tables that share a shown, movable cell with them."""
    if not system.tables:
        return None
    mine = [t for t in system.tables if p in t]
    cells = np.unique(np.concatenate(mine)) if mine else np.array([p])
    shared = cells[~system.pinned[cells]]
    near = np.zeros(len(system.values), dtype=bool)
    for t in system.tables:
        if np.isin(t, shared).any():
            near[t] = True
    return near if not near.all() else None


def _change_within(system: System, p: int, threshold: int, allowed: Any) -> list[int] | None:
    """One LP: hidden cells move freely (y >= -x, no cost); a shown cell that moves
    costs its weight per unit moved, up or down (y = up - down)."""
    from scipy.optimize import linprog
    from scipy.sparse import hstack

    x, e = system.values, system.equations
    cost = _costs(system, threshold)
    free = np.nonzero(system.hidden)[0]
    paid = np.nonzero(allowed & ~system.hidden & np.isfinite(cost))[0]
    need = float(threshold - x[p])
    lower = [-float(x[k]) for k in free]
    bounds = [(need, need) if k == p else (lo, None) for k, lo in zip(free, lower, strict=True)]
    bounds += [(0.0, None)] * len(paid) + [(0.0, float(x[k])) for k in paid]
    weight = np.concatenate([np.full(len(free), 1e-6), cost[paid], cost[paid]])
    a = hstack([e[:, free], e[:, paid], -e[:, paid]]).tocsr()
    a = a[np.unique(a.nonzero()[0])]  # drop equations with no cell that may move
    res = linprog(
        weight,
        A_eq=a,
        b_eq=np.zeros(a.shape[0]),
        bounds=bounds,
        method="highs-ds",
        options={"presolve": False},
    )
    if res.status != 0:
        return None
    y = np.zeros(len(x))
    y[free] = res.x[: len(free)]
    y[paid] = res.x[len(free) : len(free) + len(paid)] - res.x[len(free) + len(paid) :]
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


def unpinning_helps(system: System, p: int, threshold: int) -> int:
    """A pinned (published) cell whose release would let cell p be protected: those in
    p's own lines first. Falls back to the first pinned cell."""
    import numpy as np

    pinned = [int(k) for k in np.nonzero(system.pinned & ~system.hidden)[0]]
    near = set(system.equations[:, p].nonzero()[0])
    mine = [k for k in pinned if near & set(system.equations[:, k].nonzero()[0])]
    for k in mine + [k for k in pinned if k not in mine]:
        trial = System(
            system.values, system.hidden.copy(), system.pinned.copy(), system.equations,
            system.grid, system.two_way,
        )  # fmt: skip
        trial.pinned[k] = False
        try:
            _cheapest_change(trial, p, threshold)
        except Unprotectable:
            continue
        return k
    return pinned[0] if pinned else p
