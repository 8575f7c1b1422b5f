"""Metrics against their targets (step 3.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from ..reviews import parse_date
from ..workbook import Workbook


@dataclass(frozen=True)
class MetricStatus:
    """One metric's latest reading against its baseline and target (step 3.1)."""

    metric: str
    baseline: float | None
    target: float | None
    direction: str  # "up" or "down": the catalog's ids; inferred from the target if blank
    readings: int  # dated readings with a value
    latest: float | None = None
    latest_date: dt.date | None = None
    progress: float | None = None  # 0 at the baseline, 1 at the target, clamped to 0-1
    state: str = "no readings"  # met, on track, off track, no readings, incomplete
    note: str = ""  # the state in plain words

    @property
    def on_track(self) -> bool | None:
        """True when met or on track; None when there is nothing to judge yet."""
        if self.state in ("no readings", "incomplete"):
            return None
        return self.state in ("met", "on track")


Readings = list[tuple[dt.date, float]]


def readings_by_metric(wb: Workbook) -> dict[str, Readings]:
    """Dated readings for everyone with a value, by metric name, in date order (rows of the
    same date keep the order they were entered). Readings without a date or value are left
    out, and so are readings for a group (`_groups.py` reads those)."""
    dated: dict[str, Readings] = {}
    for row in wb.get("reevaluate", "readings", []):
        if row.get("group_by") or row.get("group"):
            continue
        day, value = parse_date(row.get("date")), row.get("value")
        if day and isinstance(value, int | float) and not isinstance(value, bool):
            dated.setdefault(str(row.get("metric") or "").strip(), []).append((day, value))
    return {name: sorted(rows, key=lambda reading: reading[0]) for name, rows in dated.items()}


def metric_status(wb: Workbook) -> list[MetricStatus]:
    """Every named metric in table order, with its latest dated reading judged by the rule
    in the package docstring: met at the target, on track when it has moved toward it."""
    dated = readings_by_metric(wb)
    return [
        _metric(row, dated.get(name, []))
        for row in wb.get("reevaluate", "metrics", [])
        if (name := str(row.get("metric") or "").strip())
    ]


def _metric(row: dict[str, Any], readings: Readings) -> MetricStatus:
    name, baseline, target = row["metric"].strip(), row.get("baseline"), row.get("target")
    direction = row.get("direction") or ""
    if baseline is not None and target is not None and not direction:
        direction = "down" if target < baseline else "up"
    base = MetricStatus(name, baseline, target, direction, len(readings))
    if baseline is None or target is None:
        return replace(base, state="incomplete", note="Set a baseline and a target to judge it.")
    if not readings:
        return replace(base, note="No readings yet.")
    day, latest = readings[-1]  # the latest date; of equal dates, the row entered last
    state, progress = _judge(baseline, target, direction, latest)
    note = {
        "met": "The latest reading reaches the target.",
        "on track": f"{progress:.0%} of the way from the baseline to the target.",
        "off track": "The latest reading has not moved from the baseline toward the target.",
    }[state]
    return replace(base, latest=latest, latest_date=day, progress=progress, state=state, note=note)


def _judge(baseline: float, target: float, direction: str, latest: float) -> tuple[str, float]:
    """(state, progress 0-1) of a reading; a target equal to the baseline is met when the
    reading is on the better side of it, as `direction` says."""
    if target == baseline:
        better = latest >= target if direction != "down" else latest <= target
        return ("met", 1.0) if better else ("off track", 0.0)
    raw = (latest - baseline) / (target - baseline)
    progress = min(max(raw, 0.0), 1.0)
    return ("met" if raw >= 1 else "on track" if raw > 0 else "off track"), progress
