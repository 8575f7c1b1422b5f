"""Small-cell suppression across the survey's tables, which share figures.

A question's overall counts are also the bottom row of each of its breakdowns, and a
group's size is a row total in every breakdown by that question: a count hidden in one
table and shown in another is not hidden at all, and two breakdowns of the same question
(by age and by language) can be differenced against each other. So each cell gets a key
saying what it counts (which group, which answer); all the tables become one system of
cells and equations over those keys; a cell hidden anywhere is hidden everywhere; and
`datacheck.interval.protect` hides more until every hidden small count could be the
threshold or more given everything published together (interval protection). The number
of respondents stays published unless no other choice protects a cell.

Counts of people who skipped a question follow the same rule as every other count. A
team that wants them shown anyway says so with `show_skips` (its outputs say so too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..datacheck.complement import derivable
from ..datacheck.interval import System, Unprotectable
from ..datacheck.interval import protect as protect_system
from ..datacheck.suppress import PRIMARY, SHOWN, Policy, SuppressionResult

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


def protect(tables: list[Linked], policy: Policy, shown: set[Key] = frozenset()) -> None:
    """Interval protection of all tables together. `shown` are keys published even when
    small (skip counts, when the team chose `show_skips`); they may still be hidden to
    protect another cell. Changes the tables' `status` in place.

    One LP first finds the hidden cells the others already protect; each remaining cell
    gets the cheapest rectangle inside its breakdown, or else the cheapest change across
    tables (an LP); cells shared between tables (group sizes, answer totals) go first,
    since the structure that protects them often protects the rest."""
    import numpy as np

    small = {
        key
        for t in tables
        for row, vals in zip(t.keys, t.result.values, strict=True)
        for key, v in zip(row, vals, strict=True)
        if policy.hides(int(v)) and key not in shown
    }
    hidden = set(small)
    values, _, lines, keys = _system(tables)
    if not keys:
        return
    start = np.array([k in hidden for k in keys], dtype=bool)
    pinned = np.array([k == GRAND for k in keys], dtype=bool) & ~start
    equations = _matrix(lines, len(keys))
    index = {k: n for n, k in enumerate(keys)}
    blocks = _blocks(tables, index)
    cells = [np.array(sorted({index[k] for row in t.keys for k in row})) for t in tables]
    system = System(values[0].copy(), start.copy(), pinned, equations, tables=cells,
                    blocks=blocks)  # fmt: skip
    try:
        protect_system(system, policy.minimum)
    except Unprotectable:  # rare: only hiding the number of respondents protects a cell
        system = System(values[0].copy(), start.copy(), pinned & False, equations,
                        tables=cells, blocks=blocks)  # fmt: skip
        protect_system(system, policy.minimum)
    hidden = {k for k, h in zip(keys, system.hidden, strict=True) if h}
    for t in tables:
        status = t.result.status
        for i, row in enumerate(t.keys):
            for j, key in enumerate(row):
                status[i, j] = (
                    PRIMARY if key in small else COMPLEMENTARY if key in hidden else SHOWN
                )


def _blocks(tables: list[Linked], index: dict[Key, int]) -> list[Any]:
    """Each breakdown's inner cells (group x answer) that no other table shows; -1 marks
    a shared one (the "no answer" column of a multiple-choice question's options)."""
    from collections import Counter

    import numpy as np

    seen = Counter(key for t in tables for row in t.keys for key in set(row))
    return [
        np.array([[index[k] if seen[k] == 1 else -1 for k in row[:-1]] for row in t.keys[:-1]])
        for t in tables
        if len(t.keys[0]) > 2 and len(t.keys) > 2 and ALL not in t.keys[0][0]
    ]


def _matrix(lines: list[Any], n: int) -> Any:
    import numpy as np
    from scipy.sparse import coo_matrix

    if not lines:
        return coo_matrix((len(lines), n)).tocsr()
    r = np.concatenate([np.full(len(signs), m) for m, (_, signs) in enumerate(lines)])
    c = np.concatenate([cells[:, 1] for cells, _ in lines])
    v = np.concatenate([np.asarray(signs, dtype=float) for _, signs in lines])
    return coo_matrix((v, (r, c)), shape=(len(lines), n)).tocsr()


def skip_keys(tables: list[Linked], skipped: set[tuple[str, str]]) -> set[Key]:
    """Keys of skip counts: cells in a "no answer" column, or the total of a "no answer"
    row (the number who skipped a question about themselves)."""
    return {
        key
        for t in tables
        for row in t.keys
        for key in row
        if key[1] in skipped or (key[1] == ALL and key[0] in skipped)
    }


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
    """Keys of hidden cells that the published cells of all tables reveal exactly (the
    earlier, weaker check; the audit is `published` with `datacheck.audit.ranges`)."""
    values, hidden, lines, keys = _system(tables)
    return [keys[k] for _, k in derivable(values, hidden, lines)]


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


def published(tables: list[Linked]) -> tuple[dict, list[dict]]:
    """What the tables publish, for the independent audit (`datacheck.audit.ranges`):
    each key's value, None where hidden, and each table's totals as equations."""
    cells: dict[Key, int | None] = {}
    equations = []
    for t in tables:
        status, values = t.result.status, t.result.values
        for i, row in enumerate(t.keys):
            for j, key in enumerate(row):
                shown = int(values[i, j]) if status[i, j] == SHOWN else None
                cells[key] = shown if cells.get(key) is None else cells[key]
        r, c = len(t.keys), len(t.keys[0])
        for line in [[t.keys[i][j] for i in range(r)] for j in range(c)] + (
            [[t.keys[i][j] for j in range(c)] for i in range(r)] if c > 1 else []
        ):
            eq: dict[Key, int] = {}
            for key in line[:-1]:
                eq[key] = eq.get(key, 0) + 1
            eq[line[-1]] = eq.get(line[-1], 0) - 1
            equations.append(eq)
    return cells, equations
