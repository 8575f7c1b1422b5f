"""Small-cell suppression across the survey's tables, which share figures.

Every table is suppressed by `datacheck.suppress_matrix` (primary and complementary).
But a question's overall counts are also the bottom row of each of its breakdowns, and a
group's size is a row total in every breakdown by that question: a count hidden in one
table and shown in another is not hidden at all, and neither is one that the tables'
totals reveal together. So each cell gets a key saying what it counts (which group,
which answer), a cell hidden anywhere is hidden everywhere (and each table's
complementary suppression runs again around it), and a last check solves all the
tables' totals together (`datacheck.derivable`) and hides more until nothing leaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..datacheck.complement import Pattern, derivable
from ..datacheck.suppress import PRIMARY, SHOWN, SuppressionResult

COMPLEMENTARY = "complementary"
ALL = ("*", "*")  # every respondent (a total row) or every answer (a total column)
GRAND = (ALL, ALL)  # the number of respondents
Key = tuple[tuple[str, str], tuple[str, str]]


@dataclass
class Linked:
    """A suppressed table and what each of its cells counts: keys[i][j] is
    ((group question, group) or ALL, (variable, category) or ALL)."""

    result: SuppressionResult
    keys: list[list[Key]]


def protect(tables: list[Linked], rounds: int = 50) -> None:
    """Hide in every table what any table hides, until all tables together reveal no
    hidden count. Changes the tables' `status` in place."""
    for _ in range(rounds):
        while _align(tables):
            pass
        leaks = joint_leaks(tables)
        if not leaks:
            return
        _hide_lines(tables, set(leaks))
    raise RuntimeError("suppression did not settle")  # not reached: hiding only grows


def complement(table: Linked) -> None:
    """Complementary suppression of one table around its hidden cells, never hiding the
    number of respondents: the team publishes that anyway (unless it is itself too small).
    Leaving a published cell out of the totals' equations changes nothing about what
    they reveal, and keeps `Pattern` from choosing it."""
    status = table.result.status
    pinned = {
        (i, j)
        for i, row in enumerate(table.keys)
        for j, key in enumerate(row)
        if key == GRAND and status[i, j] == SHOWN
    }
    lines = []
    for cells, signs in table.result.lines:
        keep = [(int(i), int(j)) not in pinned for i, j in cells]
        lines.append((cells[keep], signs[keep]))
    Pattern(table.result.values, status, lines).run()


def exempt(table: Linked, skipped: set[tuple[str, str]]) -> None:
    """Publish counts of people who skipped a question even when small: they say that
    someone skipped, not what anyone answered. `skipped` holds the row and column keys
    meaning "no answer". A cell is exempt when its column is a "no answer" one, or it
    is the total of a "no answer" row. The table's complementary suppression is then
    worked out again from the remaining primary cells; exempt cells may still be
    hidden to protect another."""
    status = table.result.status
    for i, row in enumerate(table.keys):
        for j, (r, c) in enumerate(row):
            keep = status[i, j] == PRIMARY and not (c in skipped or (c == ALL and r in skipped))
            status[i, j] = PRIMARY if keep else SHOWN
    complement(table)


def _hidden_keys(tables: list[Linked]) -> set[Key]:
    return {
        t.keys[i][j]
        for t in tables
        for i, j in zip(*(t.result.status != SHOWN).nonzero(), strict=True)
    }


def _align(tables: list[Linked]) -> bool:
    """One round: hide each table's cells that another table hides, then re-run its
    complementary suppression. True if anything changed."""
    hidden, changed = _hidden_keys(tables), False
    for t in tables:
        status = t.result.status
        more = [
            (i, j)
            for i, row in enumerate(t.keys)
            for j, key in enumerate(row)
            if key in hidden and status[i, j] == SHOWN
        ]
        for p in more:
            status[p] = COMPLEMENTARY
        if more:
            complement(t)
            changed = True
    return changed


def _system(tables: list[Linked]) -> tuple[Any, Any, list[Any], list[Key]]:
    """All tables' cells and totals as one system: (values 1 x K, hidden 1 x K, lines,
    key of each column). A cell is hidden only if no table shows it."""
    import numpy as np

    index: dict[Key, int] = {}
    values: list[int] = []
    hidden: list[bool] = []
    lines, seen = [], set()
    for t in tables:
        for i, row in enumerate(t.keys):
            for j, key in enumerate(row):
                if key not in index:
                    index[key] = len(values)
                    values.append(int(t.result.values[i, j]))
                    hidden.append(True)
                hidden[index[key]] &= t.result.status[i, j] != SHOWN  # shown anywhere: known
        for cells, signs in t.result.lines:
            ks = tuple(index[t.keys[int(i)][int(j)]] for i, j in cells)
            if (ks, tuple(signs)) not in seen:
                seen.add((ks, tuple(signs)))
                lines.append((np.array([(0, k) for k in ks]), np.asarray(signs)))
    array = np.array([values], dtype=np.int64)
    return array, np.array([hidden]), lines, list(index)


def joint_leaks(tables: list[Linked]) -> list[Key]:
    """Keys of hidden cells that the published cells of all tables reveal together."""
    values, hidden, lines, keys = _system(tables)
    return [keys[k] for _, k in derivable(values, hidden, lines)]


def _hide_lines(tables: list[Linked], leaks: set[Key]) -> None:
    """The fallback, rarely needed: hide every cell of each line through a leaking cell."""
    for t in tables:
        status = t.result.status
        for cells, _ in t.result.lines:
            points = [(int(i), int(j)) for i, j in cells]
            if any(t.keys[i][j] in leaks for i, j in points):
                for p in points:
                    if status[p] == SHOWN and t.keys[p[0]][p[1]] != GRAND:
                        status[p] = COMPLEMENTARY


def keyed(
    result: SuppressionResult,
    rows: list[tuple[str, str]] | None,
    cols: list[tuple[str, str]] | None,
) -> Linked:
    """A table with keys. `rows` and `cols` name its groups and categories; totals are
    added as ALL. A one-way table of a question has `rows=None` (its categories run
    down the table), one of a group question `cols=None`."""
    if rows is None:
        return Linked(result, [[(ALL, c)] for c in [*(cols or []), ALL]])
    if cols is None:
        return Linked(result, [[(r, ALL)] for r in [*rows, ALL]])
    return Linked(result, [[(r, c) for c in [*cols, ALL]] for r in [*rows, ALL]])
