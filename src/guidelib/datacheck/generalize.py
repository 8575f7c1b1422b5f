"""Generalizations that raise k: dates to month or year, ages and numbers to bands, ZIP
codes to three digits, rare categories to "Other", and, last, leaving a column out.

Each column gets a ladder of steps, coarsest last. `suggestions()` tries every step of
every ladder on its own; `plan()` climbs greedily, one step at a time on the column that
helps most, until the target k is reached. Both work on the `classes` table (one row per
combination of values), never on the records again. The SQL of each step is in
`sql.GENERALIZE`.
"""

from __future__ import annotations

import math
from typing import Any

from . import sql
from .engine import Data
from .identifiers import kind_by_name, snake
from .kanon import Suggestion

Step = tuple[str, str, list[Any]]  # (label, sql step, parameters)
REMOVE_SHARE = 0.01  # below this share of records at risk, removing them beats coarsening


def ladder(data: Data, column: str, position: int, target: int) -> list[Step]:
    """The steps for one quasi-identifier, from the mildest to leaving it out."""
    kind, duck_type = kind_by_name(column), data.columns[column].upper()
    name = f"c{position}"
    steps: list[Step]
    if duck_type.startswith(("DATE", "TIMESTAMP")) or kind in ("birth_date", "date"):
        steps = [("to month", "month", []), ("to year", "year", [])]
    elif kind == "zip":
        steps = [("to its first 3 digits", "zip3", [])]
    elif _numeric(duck_type):
        steps = [(f"in bands of {w:g}", "band", [w, w]) for w in _widths(data, column, name)]
    else:
        steps = [(f"with values shared by fewer than {target} records as Other", "other", [target])]
    return [*steps, ("left out", "drop", [])]


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
    data: Data, table: str, names: list[str], changes: dict[str, Step], target: int
) -> tuple[int, int]:
    """k and records below the target once `changes` are applied to `table`."""
    steps = _steps(names, changes)
    kept = [n for n, step, _ in steps if step != "drop"]
    k, at_risk = data.fetch(*sql.regroup(sql.generalized(steps, table), kept, target))[0]
    return int(k), int(at_risk)


def suggestions(
    data: Data, quasi: list[str], target: int, now: tuple[int, int], known: dict | None = None
) -> list[Suggestion]:
    """Every step of every ladder applied on its own that changes something, and the k it
    gives. `known` keeps each result by (column, step number) for the plan."""
    names = [f"c{i}" for i in range(len(quasi))]
    found, known = [], {} if known is None else known
    for i, column in enumerate(quasi):
        for at, step in enumerate(ladder(data, column, i, target)):
            k, at_risk = _measure(data, "classes", names, {names[i]: step}, target)
            known[(names[i], at)] = (k, at_risk)
            if (k, at_risk) != now:  # a step that changes nothing is no suggestion
                found.append(Suggestion(column, f"{column} {step[0]}", k, at_risk))
    found.sort(key=lambda s: (-min(s.k, target), s.at_risk, s.change.endswith("left out")))
    return found


def plan(
    data: Data, quasi: list[str], target: int, now: tuple[int, int], known: dict | None = None
) -> list[Suggestion]:
    """Greedy: take the step that leaves fewest records below the target, apply it, and
    repeat until k reaches the target. When so few records are left below it
    (`REMOVE_SHARE`) and no coarsening reaches the target at once, removing them is the
    lighter change. A step that would change nothing is skipped. Each result is
    cumulative: k once it and all before it apply."""
    names = [f"c{i}" for i in range(len(quasi))]
    ladders = {names[i]: ladder(data, c, i, target) for i, c in enumerate(quasi)}
    state = _Plan(data, names, target, now, known or {})
    taken: list[Suggestion] = []
    while state.alive and state.k < target:
        best = min(state.option(n, ladders[n]) for n in state.alive)
        reaches, at_risk, drop, n, at, step = best
        few = 0 < state.at_risk <= REMOVE_SHARE * state.rows
        if few and (-reaches < target or drop):
            return [*taken, state.remove()]
        state.apply(n, at, step)
        taken.append(Suggestion(quasi[int(n[1:])], f"{quasi[int(n[1:])]} {step[0]}", *state.now))
    return taken


class _Plan:
    """Where the greedy plan stands: the table of groups so far, its k and its columns."""

    def __init__(
        self, data: Data, names: list[str], target: int, now: tuple[int, int], known: dict
    ) -> None:
        self.data, self.target, self.table, self.known = data, target, "classes", known
        self.alive, self.rung = list(names), dict.fromkeys(names, 0)
        self.k, self.at_risk = now
        self.rows = int(data.fetch(*sql.summary(target))[0][0])

    @property
    def now(self) -> tuple[int, int]:
        return self.k, self.at_risk

    def option(self, n: str, steps: list[Step]) -> tuple:
        """The mildest next step on column n that changes something (sort key first)."""
        for at in range(self.rung[n], len(steps)):
            step = steps[at]
            k, at_risk = self._measure(n, at, step)
            if (k, at_risk) != self.now or step[1] == "drop":
                break
        return (-min(k, self.target), at_risk, step[1] == "drop", n, at, step)

    def _measure(self, n: str, at: int, step: Step) -> tuple[int, int]:
        if self.table == "classes" and (n, at) in self.known:
            return self.known[(n, at)]
        return _measure(self.data, self.table, self.alive, {n: step}, self.target)

    def apply(self, n: str, at: int, step: Step) -> None:
        nxt = "plan_a" if self.table != "plan_a" else "plan_b"
        kept = [m for m in self.alive if not (m == n and step[1] == "drop")]
        changed = sql.generalized(_steps(self.alive, {n: step}), self.table)
        self.data.execute(*sql.materialize(changed, kept, nxt))
        self.alive, self.table, self.rung[n] = kept, nxt, at + 1
        self.k, self.at_risk = (
            int(x) for x in self.data.fetch(*sql.summary(self.target, nxt))[0][2:4]
        )

    def remove(self) -> Suggestion:
        """Local suppression: leave out the records still in groups below the target."""
        k = self.data.fetch(*sql.smallest_kept(self.target, self.table))[0][0]
        records = f"{self.at_risk:,} record{'s' * (self.at_risk != 1)}"
        change = f"leave out the {records} still in groups smaller than {self.target}"
        return Suggestion("", change, int(k or 0), 0)
