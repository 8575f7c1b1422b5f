"""Metric readings by group (step 3.1): each metric's latest readings for the groups the
team named, beside the reading for everyone, with small groups hidden.

- A reading belongs to a group when it names how people were grouped (`group_by`, such as
  "Language spoken at home") and the group ("Spanish"). Both blank: everyone.
- For each metric and grouping, the report uses the latest date with group readings and
  the reading for everyone on that same date.
- **Small groups** are hidden by the agreement's smallest publishable count
  (`agreement.min_cell_size`; the CMS rule of 11 when it is not set), with the same
  suppression the survey results use (`datacheck.suppress`): primary suppression of
  counts from 1 to the minimum minus one, then complementary suppression, so the count
  for everyone minus the groups shown cannot narrow a hidden group below the minimum.
  The people in no named group are a cell of that table too: never shown, but counted
  as known to a reader, who may know the groups cover everyone.
- Every group needs its count of people. When one lacks it, or the groups add up to more
  people than the count for everyone, the report cannot check the table, and hides every
  group of that grouping.
- **Ratio** is a group's reading divided by the reading for everyone on the same date;
  outside 0.8 to 1.25 (the "80% rule" band) the group is flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..datacheck.suppress import COMPLEMENTARY, SHOWN, Policy, policy, suppress_matrix
from ..reviews import parse_date
from ..workbook import Workbook

BAND = (0.8, 1.25)
REST = "\x00rest"  # the people in no named group: a cell of the table, never shown

#: Why every group of a grouping is hidden, in plain words (None: the rule decided).
UNCHECKED = {
    "no count": "some groups have no count of people, so the report cannot check that "
    "no small group shows",
    "too many": "the groups add up to more people than the reading for everyone, so the "
    "report cannot check that no small group shows",
}


@dataclass(frozen=True)
class GroupReading:
    """One group's latest reading; value and count are None when the group is hidden."""

    group: str
    value: float | None
    count: int | None
    ratio: float | None = None  # value / the reading for everyone; None when not comparable

    @property
    def hidden(self) -> bool:
        return self.value is None

    @property
    def flagged(self) -> bool:
        return self.ratio is not None and not BAND[0] <= self.ratio <= BAND[1]


@dataclass(frozen=True)
class MetricGroups:
    """One metric's readings for one grouping on one date."""

    metric: str
    group_by: str
    date: dt.date
    direction: str  # "up", "down" or "" (the metric's; which side is better)
    overall: float | None  # the reading for everyone that date
    overall_count: int | None  # None when not given or when it may not be shown
    groups: tuple[GroupReading, ...]
    minimum: int  # the smallest count that may be published
    unchecked: str = ""  # a key of UNCHECKED when every group is hidden for that reason
    percent: bool = False  # the metric is a percent of the people counted

    @property
    def hidden(self) -> int:
        return sum(g.hidden for g in self.groups)


def group_policy(wb: Workbook) -> Policy:
    """The agreement's smallest publishable count as a policy (hide 1 to N-1, zero shown);
    CMS (11) when the agreement does not set one."""
    size = wb.get("agreement", "min_cell_size")
    if isinstance(size, int | float) and not isinstance(size, bool) and size >= 2:
        found = policy(int(size))
        return Policy(found.name, found.minimum, True, "the agreement's smallest count")
    return policy("cms")


def _number(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return value if ok else None


def _count(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number >= 0 else None


def _rows(wb: Workbook) -> dict[tuple[str, str], dict[dt.date, dict[str, dict]]]:
    """{(metric, grouping): {date: {group: row}}}; of two rows for one group, the last."""
    found: dict[tuple[str, str], dict[dt.date, dict[str, dict]]] = {}
    for row in wb.get("reevaluate", "readings", []):
        day, metric = parse_date(row.get("date")), str(row.get("metric") or "").strip()
        by, group = (" ".join(str(row.get(k) or "").split()) for k in ("group_by", "group"))
        if day and metric and _number(row.get("value")) is not None and (by or group):
            key = (metric, by or "Group")
            found.setdefault(key, {}).setdefault(day, {})[group or "Unnamed group"] = row
    return found


def _overall(wb: Workbook, metric: str, day: dt.date) -> dict | None:
    """The reading for everyone on that date (the last entered, as `metric_status`)."""
    rows = [
        row
        for row in wb.get("reevaluate", "readings", [])
        if str(row.get("metric") or "").strip() == metric
        and parse_date(row.get("date")) == day
        and not (row.get("group_by") or row.get("group"))
        and _number(row.get("value")) is not None
    ]
    return rows[-1] if rows else None


def metric_groups(wb: Workbook) -> list[MetricGroups]:
    """Each metric's latest readings by group, in the metrics table's order, then by
    grouping in the order first entered."""
    chosen, rows = group_policy(wb), _rows(wb)
    metrics = {
        str(m.get("metric") or "").strip(): m for m in wb.get("reevaluate", "metrics", [])
    }
    order = list(metrics)
    keys = sorted(rows, key=lambda k: order.index(k[0]) if k[0] in order else len(order))
    out = []
    for metric, by in keys:
        day = max(rows[(metric, by)])
        about = metrics.get(metric, {})
        spec = _Spec(metric, by, day, _direction(about), about.get("unit") == "percent")
        out.append(_table(spec, _overall(wb, metric, day), rows[(metric, by)][day], chosen))
    return out


@dataclass(frozen=True)
class _Spec:
    """What names one table of group readings, and how to read its values."""

    metric: str
    by: str
    day: dt.date
    direction: str
    percent: bool  # the value is a percent of the people counted


def _direction(metric: dict) -> str:
    base, target = _number(metric.get("baseline")), _number(metric.get("target"))
    if metric.get("direction"):
        return str(metric["direction"])
    if base is not None and target is not None and base != target:
        return "down" if target < base else "up"
    return ""


def _table(t: _Spec, overall: dict | None, groups: dict[str, dict], chosen: Policy) -> MetricGroups:
    everyone = _number(overall.get("value")) if overall else None
    counts = {name: _count(row.get("count")) for name, row in groups.items()}
    total = _count(overall.get("count")) if overall else None
    known = sum(c for c in counts.values() if c is not None)
    unchecked = "no count" if None in counts.values() else ""
    if not unchecked and total is not None and known > total:
        unchecked = "too many"
    values = {name: _number(row.get("value")) or 0.0 for name, row in groups.items()}
    if unchecked:
        shown: tuple[set[str], set[str]] = (set(), set())
    else:
        sized = {name: int(c or 0) for name, c in counts.items()}
        shares = values if t.percent else None
        shown = _suppress(sized, total, chosen, shares, everyone if t.percent else None)
    readings = tuple(
        _reading(name, row, counts[name], everyone, shown) for name, row in groups.items()
    )
    total_shown = total is not None and not chosen.hides(total)
    if total_shown and t.percent and everyone is not None:  # the count would give the
        people_in = round(everyone * total / 100)  # people in and out of everyone's percent
        total_shown = not (chosen.hides(people_in) or chosen.hides(total - people_in))
    return MetricGroups(
        t.metric, t.by, t.day, t.direction, everyone, total if total_shown else None, readings,
        chosen.minimum, unchecked, t.percent,
    )  # fmt: skip


def _reading(
    name: str, row: dict, count: int | None, everyone: float | None, shown: tuple[set, set]
) -> GroupReading:
    sizes, values = shown
    value = _number(row.get("value")) if name in values else None
    ratio = value / everyone if value is not None and everyone and everyone > 0 else None
    ratio = ratio if ratio is None or ratio >= 0 else None
    return GroupReading(name, value, count if name in sizes else None, ratio)


def _suppress(
    counts: dict[str, int],
    total: int | None,
    chosen: Policy,
    shares: dict[str, float] | None = None,
    overall: float | None = None,
) -> tuple[set[str], set[str]]:
    """(groups whose count may show, groups whose reading may show).

    The table's rows are the groups and the people in no named group; its totals (the
    count for everyone, and for a percent the people in and out of it) are known to a
    reader from the reading for everyone, so they are pinned as published even when no
    reading gives them (then the groups' sum stands for everyone). For a percent, each
    group is two cells, the people in the percent and those out of it: a reading shows
    only when both may, since the reading and the count give both."""
    names = list(counts)
    grid = [[counts[n]] for n in names]
    rest = (total - sum(counts.values())) if total is not None else 0
    if shares is not None:
        ins = [min(max(round(shares[n] * counts[n] / 100), 0), counts[n]) for n in names]
        grid = [[k, counts[n] - k] for k, n in zip(ins, names, strict=True)]
        everyone_in = round(overall * total / 100) if overall is not None and total else None
        rest_in = min(max((everyone_in or sum(ins)) - sum(ins), 0), rest)
        rest_row = [rest_in, rest - rest_in]
    else:
        rest_row = [rest]
    if rest:
        names.append(REST)
        grid.append(rest_row)
    status = _protect(grid, names, shares is not None, chosen)
    if status is None:
        return set(), set()
    sizes = {n for i, n in enumerate(names) if status[i, -1] == SHOWN}
    values = {n for i, n in enumerate(names) if (status[i, :] == SHOWN).all()}
    return sizes - {REST}, values - {REST}


def _protect(grid: list[list[int]], names: list[str], two_way: bool, chosen: Policy) -> Any:
    """The cells' statuses after primary and complementary suppression (`datacheck`),
    with the totals row pinned; None when the table cannot be protected."""
    import numpy as np

    from ..datacheck.interval import Unprotectable, grid_system, protect

    cols = ("in", "out") if two_way else ()
    result = suppress_matrix(grid, names, cols, chosen, method="primary")
    status = result.status
    status[-1, :] = SHOWN  # known from the reading for everyone, small or not
    pinned = np.zeros(status.shape, dtype=bool)
    pinned[-1, :] = True
    system = grid_system(result.values, status != SHOWN, pinned, two_way)
    try:
        added = protect(system, chosen.minimum)
    except Unprotectable:
        return None
    for k in added:
        status.flat[k] = COMPLEMENTARY
    return status
