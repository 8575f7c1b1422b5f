"""Re-identification risk: the k-anonymity of an extract over chosen quasi-identifiers.

k is the size of the smallest group of records that share every quasi-identifier value
(Sweeney): each record then looks like at least k-1 others. The report gives k, how many
records sit in groups smaller than the target, the sizes of the groups, the pairs of
quasi-identifiers that already single people out, and generalizations that would reach
the target (`generalize.py`). It names columns and counts, never a value.

    >>> report = risk("school_attendance.parquet", ["date_of_birth", "sex", "zip"], k=5)
    ... # doctest: +SKIP
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from . import sql
from .engine import Data, DataError, open_data

MAX_QUASI = 12
PAIRS_UP_TO = 8  # beyond this many quasi-identifiers, single columns instead of pairs


@dataclass
class Combination:
    """A set of quasi-identifiers on its own: its k and its records in groups below k."""

    columns: list[str]
    k: int
    at_risk: int


@dataclass
class Suggestion:
    """A generalization of one column and what it gives: k and records below the target."""

    column: str
    change: str
    k: int
    at_risk: int


@dataclass
class RiskReport:
    source: str
    rows: int
    quasi: list[str]
    target: int  # the k asked for
    k: int  # the smallest group
    groups: int
    at_risk: int  # records in groups smaller than the target
    small_groups: int
    unique: int  # records alone in their group
    sizes: list[dict[str, int]] = field(default_factory=list)
    combinations: list[Combination] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    plan: list[Suggestion] = field(default_factory=list)  # cumulative, in order

    @property
    def meets_target(self) -> bool:
        return self.k >= self.target

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "meets_target": self.meets_target}


def check_k(k: Any) -> int:
    """k as a whole number of 2 or more, or a sentence saying why not."""
    text = str(k).strip()
    if isinstance(k, bool) or not text.isdigit() or int(text) < 2:
        raise DataError(f'k must be a whole number of 2 or more, not "{k}".')
    return int(text)


def risk(
    source: Any, quasi: Sequence[str], k: int = 5, suggest: bool = True, pairs: bool = True
) -> RiskReport:
    """The k-anonymity report of a path, frame or open `Data` over `quasi` columns: k,
    records below the target and group sizes; with `pairs`, the riskiest combinations;
    with `suggest`, generalizations and a plan when the target is not met."""
    target = check_k(k)
    quasi = list(dict.fromkeys(q for q in quasi if q))
    if not quasi:
        raise DataError("Choose at least one quasi-identifier column (such as age or ZIP code).")
    if len(quasi) > MAX_QUASI:
        raise DataError(f"Choose at most {MAX_QUASI} quasi-identifiers at a time.")
    data = source if isinstance(source, Data) else open_data(source)
    try:
        cols = [data.column(q) for q in quasi]
        data.require_rows()
        data.execute(sql.classes(cols))
        report = _report(data, quasi, target)
        if pairs:
            report.combinations = combinations(data, quasi, target)
        if suggest and not report.meets_target:
            from .generalize import plan, suggestions

            known: dict = {}  # each step's result on the classes table, for the plan
            now = (report.k, report.at_risk)
            report.suggestions = suggestions(data, quasi, target, now, known)
            report.plan = plan(data, quasi, target, now, known)
        return report
    finally:
        if data is not source:
            data.close()


def _report(data: Data, quasi: list[str], target: int) -> RiskReport:
    rows, groups, k, at_risk, small, unique = data.fetch(*sql.summary(target))[0]
    report = RiskReport(data.label, int(rows), quasi, target, int(k), int(groups), int(at_risk),
                        int(small), int(unique))  # fmt: skip
    report.sizes = [
        {"size": int(size), "records": int(records), "groups": int(count)}
        for size, records, count in data.fetch(*sql.sizes(target))
    ]
    return report


def combinations(data: Data, quasi: list[str], target: int) -> list[Combination]:
    """Pairs of quasi-identifiers (or single ones), riskiest first: what already singles
    people out before the rest are added. Pairs without the column of most values are
    grouped from a table of groups without it, which is far smaller than `classes`."""
    m = len(quasi)
    if m < 2:
        return []
    size = 2 if 2 < m <= PAIRS_UP_TO else 1
    sets = [list(s) for s in itertools.combinations(range(m), size)]
    counts = data.fetch(sql.distinct(m))[0]
    wide = max(range(m), key=lambda i: counts[i])
    rest = [f"c{i}" for i in range(m) if i != wide]
    data.execute(*sql.materialize(("SELECT * FROM classes", []), rest, "classes_rest"))
    source = {n: (s, "classes" if wide in s else "classes_rest") for n, s in enumerate(sets)}
    rows = data.fetch(*sql.combinations(source, target))
    found = {int(n): (int(k), int(at_risk)) for n, k, at_risk in rows}
    result = [Combination([quasi[i] for i in s], *found[n]) for n, s in enumerate(sets)]
    result.sort(key=lambda c: (-c.at_risk, c.k, c.columns))
    return result[:5]
