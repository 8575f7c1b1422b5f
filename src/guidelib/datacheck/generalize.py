"""Generalizations that raise k (and l): dates to month or year, ages and numbers to bands,
ZIP codes to three digits (000 where HIPAA Safe Harbor says so), rare categories to
"Other", and, last, leaving a column out.

Each column gets a ladder of steps, coarsest last. `suggestions()` tries every step of
every ladder on its own; `plan()` climbs greedily, one step at a time on the column that
helps most, until the target k (and, with sensitive columns, the target l) is reached.
Merging groups can only add records and sensitive values to a group, so both k and l
only grow as the plan climbs. Both work on the `classes` table (one row per combination
of values, with the set of sensitive values it holds), never on the records again. The
SQL of each step is in `sql.GENERALIZE`.

A measure is a tuple (k, records below k, l or None, records below l, records failing
either).
"""

from __future__ import annotations

import math
from typing import Any

from . import sql, zip3
from ._kmeasure import Suggestion, Targets, measure_of
from .engine import Data
from .identifiers import kind_by_name, snake

Step = tuple[str, str, list[Any]]  # (label, sql step, parameters)
Measure = tuple[int, int, int | None, int, int]
REMOVE_SHARE = 0.01  # below this share of records at risk, removing them beats coarsening
ZIP3_LABEL = "to its first 3 digits (000 for areas of 20,000 people or fewer, HIPAA)"


def ladder(data: Data, column: str, position: int, target: int, coded: bool = False) -> list[Step]:
    """The steps for one quasi-identifier, from the mildest to leaving it out (`coded`:
    the classes table holds the column as an ENUM)."""
    kind, duck_type = kind_by_name(column), data.columns[column].upper()
    name = f"c{position}"
    steps: list[Step]
    if duck_type.startswith(("DATE", "TIMESTAMP")) or kind in ("birth_date", "date"):
        steps = [("to month", "month", []), ("to year", "year", [])]
    elif kind == "zip":
        step = "zip3_number" if _numeric(duck_type) else "zip3"
        steps = [(ZIP3_LABEL, step, [list(zip3.restricted())])]
        if coded:  # worked out once per ZIP code, not once per group at every regroup
            steps = [(ZIP3_LABEL, "lookup", [_lookup(data, name, step, steps[0][2])])]
    elif _numeric(duck_type):
        steps = [(f"in bands of {w:g}", "band", [w, w]) for w in _widths(data, column, name)]
    else:
        steps = [(f"with values shared by fewer than {target} records as Other",
                  *_other(data, name, target, coded))]  # fmt: skip
    return [*steps, ("left out", "drop", [])]


def _lookup(data: Data, name: str, step: str, params: list[Any]) -> list[int | None]:
    """What `step` makes of each value of an ENUM column, by the value's number, as a
    number per distinct result (grouping by it is grouping by the result)."""
    made = data.fetch(*sql.lookup(step, name, params))
    results = {r: at for at, r in enumerate(sorted({r for _, r in made if r is not None}))}
    table: list[int | None] = [None] * (1 + max((code for code, _ in made), default=-1))
    for code, result in made:
        table[code] = None if result is None else results[result]
    return table


def _other(data: Data, name: str, target: int, coded: bool) -> tuple[str, list[Any]]:
    """The "Other" step of a column: the values held by fewer than `target` records, found
    once. When there are none the step changes nothing, and is never regrouped: merging
    groups leaves each value's number of records as it was, so this holds at every step
    of the plan too."""
    if not coded:
        rare = data.fetch(*sql.rare_count(name, target))[0][0]
        return ("other", [target]) if rare else ("same", [])
    rare, codes, missing = data.fetch(*sql.rare_codes(name, target))[0]
    return ("other_codes", [list(codes or []), bool(missing)]) if rare else ("same", [])


def _numeric(duck_type: str) -> bool:
    return any(t in duck_type for t in ("INT", "DECIMAL", "DOUBLE", "FLOAT", "REAL", "NUMERIC"))


def _widths(data: Data, column: str, name: str) -> list[float]:
    if "age" in snake(column).split("_"):
        return [5.0, 10.0]
    low, high = data.fetch(sql.column_range(name))[0]
    span = (high or 0) - (low or 0)
    return [_nice(span / 8), 2 * _nice(span / 8)] if span > 0 else []


def _nice(x: float) -> float:
    """1, 2, 5, 10, 20, 50 ... : the round number at or above x."""
    power = 10 ** math.floor(math.log10(x))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= x)


def _steps(names: list[str], changes: dict[str, Step]) -> list[tuple[str, str | None, list]]:
    return [(n, changes[n][1], changes[n][2]) if n in changes else (n, None, []) for n in names]


def _measure(
    data: Data, table: str, names: list[str], changes: dict[str, Step], goal: Targets
) -> Measure:
    """The measure once `changes` are applied to `table`."""
    steps = _steps(names, changes)
    kept = [n for n, step, _ in steps if step != "drop"]
    inner = sql.generalized(steps, table, len(goal.kinds))
    return measure_of(data.fetch(*sql.regroup(inner, kept, goal.k, goal.l, goal.kinds))[0])


def _suggestion(column: str, change: str, m: Measure) -> Suggestion:
    return Suggestion(column, change, m[0], m[1], m[2], m[3])


def _key(m: Measure, goal: Targets) -> tuple:
    """Better first: k up to its target, l up to its target, fewer records failing."""
    least = goal.l if m[2] is None else min(m[2], goal.l)
    return (-min(m[0], goal.k), -least, m[4])


def _reaches(m: Measure, goal: Targets) -> bool:
    return m[0] >= goal.k and (m[2] is None or m[2] >= goal.l)


def suggestions(
    data: Data, quasi: list[str], goal: Targets, now: Measure, known: dict | None = None
) -> list[Suggestion]:
    """Every step of every ladder applied on its own that changes something, and the k
    (and l) it gives. `known` keeps each result by (column, step number) for the plan."""
    names = [f"c{i}" for i in range(len(quasi))]
    found, known = [], {} if known is None else known
    for i, column in enumerate(quasi):
        for at, step in enumerate(ladder(data, column, i, goal.k, i in goal.coded)):
            m = now if step[1] == "same" else _measure(data, "classes", names, {names[i]: step},
                                                         goal)  # fmt: skip
            known[(names[i], at)] = m
            if m != now:  # a step that changes nothing is no suggestion
                found.append((_key(m, goal), step[1] == "drop", _suggestion(
                    column, f"{column} {step[0]}", m)))  # fmt: skip
    found.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in found]


def plan(
    data: Data, quasi: list[str], goal: Targets, now: Measure, known: dict | None = None
) -> list[Suggestion]:
    """Greedy: take the step that brings k and l closest to their targets with fewest
    records failing, apply it, and repeat until both are reached. When so few records are
    left failing (`REMOVE_SHARE`) and no coarsening reaches the targets at once, removing
    them is the lighter change. A step that would change nothing is skipped. Each result
    is cumulative: k and l once it and all before it apply."""
    names = [f"c{i}" for i in range(len(quasi))]
    ladders = {names[i]: ladder(data, c, i, goal.k, i in goal.coded) for i, c in enumerate(quasi)}
    state = _Plan(data, names, goal, now, known or {})
    taken: list[Suggestion] = []
    while state.alive and not _reaches(state.now, goal):
        best = min(state.option(n, ladders[n]) for n in state.alive)
        key, drop, n, at, step, m = best
        few = 0 < state.now[4] <= REMOVE_SHARE * state.rows
        if few and (not _reaches(m, goal) or drop):
            return [*taken, state.remove()]
        state.apply(n, at, step)
        column = quasi[int(n[1:])]
        taken.append(_suggestion(column, f"{column} {step[0]}", state.now))
    return taken


class _Plan:
    """Where the greedy plan stands: the table of groups so far, its measure, its columns."""

    def __init__(
        self, data: Data, names: list[str], goal: Targets, now: Measure, known: dict
    ) -> None:
        self.data, self.goal, self.table, self.known = data, goal, "classes", known
        self.alive, self.rung = list(names), dict.fromkeys(names, 0)
        self.now: Measure = now
        self.rows = int(data.fetch(*sql.summary(goal.k))[0][0])

    def option(self, n: str, steps: list[Step]) -> tuple:
        """The mildest next step on column n that changes something (sort key first)."""
        for at in range(self.rung[n], len(steps)):
            step = steps[at]
            m = self._measure(n, at, step)
            if m != self.now or step[1] == "drop":
                break
        return (_key(m, self.goal), step[1] == "drop", n, at, step, m)

    def _measure(self, n: str, at: int, step: Step) -> Measure:
        if step[1] == "same":
            return self.now
        if self.table == "classes" and (n, at) in self.known:
            return self.known[(n, at)]
        return _measure(self.data, self.table, self.alive, {n: step}, self.goal)

    def apply(self, n: str, at: int, step: Step) -> None:
        nxt = "plan_a" if self.table != "plan_a" else "plan_b"
        kept = [m for m in self.alive if not (m == n and step[1] == "drop")]
        kinds = self.goal.kinds
        changed = sql.generalized(_steps(self.alive, {n: step}), self.table, len(kinds))
        self.data.execute(*sql.materialize(changed, kept, nxt, kinds))
        self.alive, self.table, self.rung[n] = kept, nxt, at + 1
        self.now = measure_of(self.data.fetch(*sql.standing(self.goal.k, self.goal.l, nxt,
                                                            kinds))[0])  # fmt: skip

    def remove(self) -> Suggestion:
        """Local suppression: leave out the records still in groups that fail k or l."""
        goal, failing = self.goal, self.now[4]
        k, least = self.data.fetch(*sql.smallest_kept(goal.k, self.table, goal.l, goal.kinds))[0]
        records = f"{failing:,} record{'s' * (failing != 1)}"
        why = f"smaller than {goal.k}"
        if goal.kinds:
            why += f" or with fewer than {goal.l} different sensitive values"
        change = f"leave out the {records} still in groups {why}"
        return Suggestion("", change, int(k or 0), 0, None if least is None else int(least), 0)
