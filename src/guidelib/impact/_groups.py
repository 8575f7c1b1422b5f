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

from ..datacheck.suppress import SHOWN, Policy, policy, suppress_matrix
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
    directions = {
        str(m.get("metric") or "").strip(): _direction(m)
        for m in wb.get("reevaluate", "metrics", [])
    }
    order = list(directions)
    keys = sorted(rows, key=lambda k: order.index(k[0]) if k[0] in order else len(order))
    out = []
    for metric, by in keys:
        day = max(rows[(metric, by)])
        overall = _overall(wb, metric, day)
        out.append(
            _table(metric, by, day, directions.get(metric, ""), overall, rows[(metric, by)][day],
                   chosen)  # fmt: skip
        )
    return out


def _direction(metric: dict) -> str:
    base, target = _number(metric.get("baseline")), _number(metric.get("target"))
    if metric.get("direction"):
        return str(metric["direction"])
    if base is not None and target is not None and base != target:
        return "down" if target < base else "up"
    return ""


def _table(
    metric: str,
    by: str,
    day: dt.date,
    direction: str,
    overall: dict | None,
    groups: dict[str, dict],
    chosen: Policy,
) -> MetricGroups:
    everyone = _number(overall.get("value")) if overall else None
    counts = {name: _count(row.get("count")) for name, row in groups.items()}
    total = _count(overall.get("count")) if overall else None
    known = sum(c for c in counts.values() if c is not None)
    unchecked = "no count" if None in counts.values() else ""
    if not unchecked and total is not None and known > total:
        unchecked = "too many"
    shown, total_shown = _suppress(counts, total, chosen) if not unchecked else (set(), False)
    readings = tuple(
        _reading(name, row, counts[name], everyone)
        if name in shown
        else GroupReading(name, None, None)
        for name, row in groups.items()
    )
    return MetricGroups(
        metric, by, day, direction, everyone, total if total_shown else None, readings,
        chosen.minimum, unchecked,
    )  # fmt: skip


def _reading(name: str, row: dict, count: int | None, everyone: float | None) -> GroupReading:
    value = _number(row.get("value"))
    ratio = value / everyone if value is not None and everyone and everyone > 0 else None
    return GroupReading(name, value, count, ratio if ratio is None or ratio >= 0 else None)


def _suppress(
    counts: dict[str, int | None], total: int | None, chosen: Policy
) -> tuple[set[str], bool]:
    """(groups that may be shown, whether the count for everyone may be shown). The
    count for everyone is taken as known to a reader even when no reading gives it: then
    it is the groups' sum, as if they covered everyone."""
    names = list(counts)
    cells = [int(counts[name] or 0) for name in names]
    rest = (total - sum(cells)) if total is not None else 0
    if rest:
        names.append(REST)
        cells.append(rest)
    from ..datacheck.engine import DataError

    try:
        result = suppress_matrix([[c] for c in cells], names, (), chosen, totals="grand")
    except DataError:  # cannot be protected: hide every group
        return set(), False
    status = result.status[:, 0]
    shown = {name for name, s in zip(names, status, strict=False) if s == SHOWN}
    return shown - {REST}, bool(total is not None and status[-1] == SHOWN)
