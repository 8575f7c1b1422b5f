"""Re-identification risk: the k-anonymity and l-diversity of an extract over chosen
quasi-identifiers.

k is the size of the smallest group of records that share every quasi-identifier value
(Sweeney): each record then looks like at least k-1 others. l (distinct l-diversity,
Machanavajjhala et al. 2007) is, for a sensitive column such as a diagnosis, the smallest
number of different values in any such group: a group of 5 whose 5 records share one
diagnosis is 5-anonymous and still tells that diagnosis for each of them (l = 1).

The report gives k, how many records sit in groups smaller than the target, the sizes of
the groups, the pairs of quasi-identifiers that already single people out, l per
sensitive column with its groups below the target, and generalizations that would reach
both targets (`generalize.py`). It names columns and counts, never a value.

    >>> report = risk("kinship.parquet", ["date_of_birth", "sex", "zip"], k=5,
    ...               sensitive=["relationship"], l=2)  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..textsafe import for_message
from . import sql
from ._kmeasure import Suggestion, Targets, measure_of
from .engine import Data, DataError, open_data

MAX_QUASI = 12
MAX_SENSITIVE = 8
DEFAULT_K = 5  # partner-to-partner extracts; 11 to match the CMS publication rule
DEFAULT_L = 2
_TYPES = itertools.count()  # names of ENUM types, unique within a process
PAIRS_UP_TO = 8  # beyond this many quasi-identifiers, single columns instead of pairs


@dataclass
class Combination:
    """A set of quasi-identifiers on its own: its k and its records in groups below k."""

    columns: list[str]
    k: int
    at_risk: int


@dataclass
class Diversity:
    """One sensitive column: l, and the groups (and their records) below the target, and
    groups by how many different values they hold (`values` of the target or more together)."""

    column: str
    l: int  # noqa: E741 - l is the measure's name
    groups_below: int
    records_below: int
    counts: list[dict[str, int]] = field(default_factory=list)


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
    sensitive: list[str] = field(default_factory=list)
    l_target: int | None = None  # the l asked for (None without sensitive columns)
    l: int | None = None  # the smallest number of sensitive values in a group, any column  # noqa: E741 - l is the measure's name
    l_at_risk: int = 0  # records in groups below the l target, any column
    diversity: list[Diversity] = field(default_factory=list)

    @property
    def meets_target(self) -> bool:
        """k reaches its target (l is `meets_l`)."""
        return self.k >= self.target

    @property
    def meets_l(self) -> bool:
        return self.l is None or self.l_target is None or self.l >= self.l_target

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "meets_target": self.meets_target, "meets_l": self.meets_l}


def check_k(k: Any) -> int:
    """k as a whole number of 2 or more, or a sentence saying why not."""
    text = str(k).strip()
    if isinstance(k, bool) or not (text.isascii() and text.isdigit()) or int(text) < 2:
        raise DataError(f'k must be a whole number of 2 or more, not "{for_message(k, 40)}".')
    return int(text)


def check_l(l: Any) -> int:  # noqa: E741 - l is the measure's name
    """l as a whole number of 1 or more, or a sentence saying why not."""
    text = str(l).strip()
    if isinstance(l, bool) or not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise DataError(f'l must be a whole number of 1 or more, not "{for_message(l, 40)}".')
    return int(text)


def risk(
    source: Any,
    quasi: Sequence[str],
    k: int = DEFAULT_K,
    suggest: bool = True,
    pairs: bool = True,
    sensitive: Sequence[str] = (),
    l: int = DEFAULT_L,  # noqa: E741 - l is the measure's name
) -> RiskReport:
    """The k-anonymity report of a path, frame or open `Data` over `quasi` columns: k,
    records below the target and group sizes; with `sensitive` columns, their l-diversity
    against `l`; with `pairs`, the riskiest combinations; with `suggest`, generalizations
    and a plan when a target is not met. The records are read once."""
    target = check_k(k)
    quasi = list(dict.fromkeys(q for q in quasi if q))
    sensitive = list(dict.fromkeys(s for s in sensitive if s))
    l_target = check_l(l) if sensitive else None
    _check_columns(quasi, sensitive)
    data = source if isinstance(source, Data) else open_data(source)
    try:
        cols = [data.column(q) for q in quasi]
        scols = [data.column(s) for s in sensitive]
        data.require_rows()
        types = _enums(data, quasi, cols)
        kinds = _classes(data, cols, scols, types)
        goal = Targets(target, l_target or 1, kinds, set(types))
        report = _report(data, quasi, goal)
        report.sensitive, report.l_target = sensitive, l_target
        report.diversity = [_diversity(data, j, s, goal) for j, s in enumerate(sensitive)]
        if report.diversity:
            report.l = min(d.l for d in report.diversity)
            report.l_at_risk = int(data.fetch(*sql.standing(target, goal.l, "classes",
                                                            goal.kinds))[0][3])  # fmt: skip
        plan_needed = suggest and not (report.meets_target and report.meets_l)
        if pairs:
            report.combinations = combinations(data, quasi, target)
        if plan_needed:
            from .generalize import plan, suggestions

            known: dict = {}  # each step's result on the classes table, for the plan
            now = measure_of(data.fetch(*sql.standing(target, goal.l, "classes", goal.kinds))[0])
            report.suggestions = suggestions(data, quasi, goal, now, known)
            report.plan = plan(data, quasi, goal, now, known)
        return report
    finally:
        if data is not source:
            data.close()


def _check_columns(quasi: list[str], sensitive: list[str]) -> None:
    if not quasi:
        raise DataError("Choose at least one quasi-identifier column (such as age or ZIP code).")
    if len(quasi) > MAX_QUASI:
        raise DataError(f"Choose at most {MAX_QUASI} quasi-identifiers at a time.")
    if len(sensitive) > MAX_SENSITIVE:
        raise DataError(f"Choose at most {MAX_SENSITIVE} sensitive columns at a time.")
    both = [s for s in sensitive if s in quasi]
    if both:
        raise DataError(
            f'"{for_message(both[0], 60)}" is chosen both as a quasi-identifier and as a '
            "sensitive column; choose it as one or the other."
        )


def _classes(data: Data, cols: list[str], scols: list[str], types: dict[int, str]) -> list[str]:
    """Group the records once into `classes`; with sensitive columns, through `cells` (one
    row per class and combination of sensitive values), so that each class carries the
    set of its values per column. Returns how each sensitive column keeps its sets."""
    if not scols:
        data.execute(sql.classes(cols, types))
        return []
    data.execute(sql.class_cells(cols, scols, types))
    kinds = []
    for j in range(len(scols)):
        data.execute(sql.value_codes(j))
        count = int(data.fetch(f"SELECT count(*) FROM codes{j}")[0][0])
        kinds.append("bits" if count <= sql.BITS_UP_TO else "list")
    data.execute(sql.classes_from_cells(len(cols), kinds))
    return kinds


def _enums(data: Data, quasi: list[str], cols: list[str]) -> dict[int, str]:
    """An ENUM type (a small integer per value) for each text quasi-identifier, made from
    one pass over the records, by position. The records are grouped by these at once:
    grouping small integers is faster than grouping text, and every regroup of the plan
    groups by them again (3-5x faster than text on 1M records, 6 columns)."""
    text = [i for i, q in enumerate(quasi) if data.columns[q].upper() == "VARCHAR"]
    if not text:
        return {}
    data.execute(sql.text_values([cols[i] for i in text]))
    names = {i: f"q{i}_{next(_TYPES)}" for i in text}
    for at, i in enumerate(text):
        data.execute(sql.enum_from_values(names[i], at))
    return names


def _report(data: Data, quasi: list[str], goal: Targets) -> RiskReport:
    rows, groups, k, at_risk, small, unique = data.fetch(*sql.summary(goal.k))[0]
    report = RiskReport(data.label, int(rows), quasi, goal.k, int(k), int(groups),
                        int(at_risk), int(small), int(unique))  # fmt: skip
    report.sizes = [
        {"size": int(size), "records": int(records), "groups": int(count)}
        for size, records, count in data.fetch(*sql.sizes(goal.k))
    ]
    return report


def _diversity(data: Data, j: int, column: str, goal: Targets) -> Diversity:
    rows = data.fetch(*sql.diversity(j, goal.kinds[j], goal.l))
    counts = [{"values": int(d), "groups": int(g), "records": int(r)} for d, g, r, _ in rows]
    below = [c for c in counts if c["values"] < goal.l]
    return Diversity(column, int(rows[0][3]), sum(c["groups"] for c in below),
                     sum(c["records"] for c in below), counts)  # fmt: skip


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
