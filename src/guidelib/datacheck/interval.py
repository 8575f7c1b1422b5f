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
    stale = 4  # changes since the last batch check; check again after 4
    while queue:
        p = queue.pop(0)
        if p in certified:
            continue
        move = _rectangle(system, p, threshold) if system.grid else None
        if move is None and stale >= 4:  # one LP may show that many cells are safe already
            certified |= _already_safe(system, [p, *queue], threshold)
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


def _already_safe(system: System, cells: list[int], threshold: int) -> set[int]:
    """Cells of `cells` that the hidden cells already protect, found together: one LP
    raises them all as far as their targets at once (a table that fits the published
    figures with each of those cells at the threshold or more)."""
    from scipy.optimize import linprog

    x, hidden = system.values, np.nonzero(system.hidden)[0]
    where = {int(k): n for n, k in enumerate(hidden)}
    todo = [q for q in dict.fromkeys(cells) if q in where]
    bounds = [(-float(x[k]), None) for k in hidden]
    objective = np.zeros(len(hidden))
    for q in todo:
        bounds[where[q]] = (-float(x[q]), float(threshold - x[q]))
        objective[where[q]] = -1.0
    e = system.equations[:, hidden]
    res = linprog(
        objective, A_eq=e, b_eq=np.zeros(e.shape[0]), bounds=bounds, method="highs-ds",
        options={"presolve": False},
    )  # fmt: skip
    if res.status != 0:
        return set()
    return {q for q in todo if res.x[where[q]] >= threshold - x[q] - 1e-7}


def _cheapest_change(system: System, p: int, threshold: int) -> list[int]:
    """The cells of the cheapest change y (E y = 0, x + y >= 0, y_p = T - x_p), by a
    linear program over y = up - down."""
    found = _change_within(system, p, threshold, np.ones(len(system.values), dtype=bool))
    if found is None:
        raise Unprotectable(p)
    return found


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
    res = linprog(
        weight,
        A_eq=hstack([e[:, free], e[:, paid], -e[:, paid]]).tocsr(),
        b_eq=np.zeros(e.shape[0]),
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
