"""The earlier complementary suppression, kept as the benchmark's baseline
(`suppress_matrix(method="exact")`): which further cells to hide so that no hidden cell
can be worked out *exactly* from the totals, and the check for that (`derivable`). It
does not stop a reader from bounding a hidden cell ("at most 7"); `interval.py` does.

A table with totals is a set of equations, one per total's line: its cells add up to the
total. `Pattern` hides cells until no line has exactly one hidden cell (which the line's
total would reveal), then asks `derivable()`, which also catches what several lines
reveal together, and hides one more cell for each leak until there is none.
"""

from __future__ import annotations

from typing import Any

SHOWN, COMPLEMENTARY = "shown", "complementary"


class Pattern:
    """The suppression pattern being built: which cells are hidden, and how many hidden
    cells each total's line holds (kept up to date as cells are hidden)."""

    def __init__(self, values: Any, status: Any, lines: list[Any]) -> None:
        self.values, self.status, self.lines = values, status, lines
        self.hidden = status != SHOWN
        self.cells = [[(int(i), int(j)) for i, j in cells] for cells, _ in lines]
        self.totals = {cells[-1] for cells in self.cells}
        self.member: dict[tuple[int, int], list[int]] = {}
        for n, cells in enumerate(self.cells):
            for p in cells:
                self.member.setdefault(p, []).append(n)
        self.count = [sum(bool(self.hidden[p]) for p in cells) for cells in self.cells]

    def run(self) -> None:
        """Hide cells until `derivable()` finds none: first until no line has exactly one
        hidden cell, then for whatever the equations or a zero sum still reveal."""
        while True:
            while any([self.hide(self.best(n)) for n, c in enumerate(self.count) if c == 1]):
                pass
            leaks = derivable(self.values, self.hidden, self.lines)
            # one at a time: each new hidden cell changes what the others reveal
            if not leaks or not self.patch(leaks[0]):
                return

    def patch(self, cell: tuple[int, int]) -> bool:
        for positive in (True, False):
            for n in self.member[cell]:
                if self.hide(self.best(n, positive)):
                    return True
        return False

    def hide(self, p: tuple[int, int] | None) -> bool:
        if p is None or self.hidden[p]:
            return False
        self.hidden[p], self.status[p] = True, COMPLEMENTARY
        for n in self.member[p]:
            self.count[n] += 1
        return True

    def best(self, n: int, positive: bool = False) -> tuple[int, int] | None:
        """The shown cell of line `n` to hide: an inner cell before a total, one whose
        crossing line needs a partner too, a non-zero cell, then the smallest."""
        options = [p for p in self.cells[n] if not self.hidden[p]]
        if positive:
            options = [p for p in options if self.values[p] > 0]
        return min(options, key=lambda p: self._cost(p, n), default=None)

    def _cost(self, p: tuple[int, int], n: int) -> tuple:
        crossing = [self.count[m] for m in self.member[p] if m != n] or [2]
        need = min({1: 0, 0: 2}.get(c, 1) for c in crossing)
        return (p in self.totals, need, self.values[p] == 0, int(self.values[p]))


def derivable(values: Any, hidden: Any, lines: list[Any]) -> list[tuple[int, int]]:
    """Hidden cells that the published cells and totals fix: by the totals' equations
    (exact: a cell is fixed when its unit vector lies in the row space of the equations
    restricted to hidden cells, found by a thin SVD), or because the hidden inner cells of
    a line with a shown total must add up to zero."""
    import numpy as np

    index = {(int(i), int(j)): k for k, (i, j) in enumerate(zip(*hidden.nonzero(), strict=True))}
    if not index:
        return []
    found: set[tuple[int, int]] = set()
    a = np.zeros((len(lines), len(index)))
    for row, (cells, signs) in enumerate(lines):
        inside = [((int(i), int(j)), s) for (i, j), s in zip(cells, signs, strict=True)]
        inside = [(p, s) for p, s in inside if p in index]
        for p, s in inside:
            a[row, index[p]] = s
        if inside and all(s > 0 for _, s in inside) and sum(values[p] for p, _ in inside) == 0:
            found |= {p for p, _ in inside}
    _, sv, vt = np.linalg.svd(a, full_matrices=False)
    basis = vt[: int((sv > 1e-9 * max(1.0, sv.max(initial=0))).sum())]
    fixed = (basis**2).sum(axis=0) > 1 - 1e-8
    found |= {p for p, k in index.items() if fixed[k]}
    return sorted(found)
