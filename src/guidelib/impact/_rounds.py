"""Feedback rounds (step 3.3) and whether feedback has become minimal (step 3.4)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..reviews import parse_date
from ..workbook import Workbook


def long_date(day: dt.date | None) -> str:
    """'8 October 2026', or '' for no date."""
    return f"{day.day} {day:%B %Y}" if day else ""


def plural(count: int, noun: str) -> str:
    """'1 point', '2 points'."""
    return f"{count} {noun if count == 1 else noun + 's'}"


def step_ref(wb: Workbook, step_id: str) -> str:
    """'step 3.3': how people find a step, looked up so a renumbering carries through."""
    return f"step {wb.guidebook.step(step_id).number}"


def whole(value: Any) -> int | None:
    """An integer answer, or None; a stored number may be a float such as 2.0."""
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Round:
    """One feedback round. `date` is the latest date among its items."""

    number: int
    date: dt.date | None
    items: int
    load: int  # severity points: the sum of its items' severities
    reported_back: int
    changes: int  # items that led to a change
    categories: dict[str, int] = field(default_factory=dict)  # category id -> items
    unrated: int = 0  # items without a severity, which add no points

    @property
    def share_reported(self) -> float | None:
        """Share of items reported back, 0-1; None for a round with no items."""
        return self.reported_back / self.items if self.items else None


def rounds(wb: Workbook) -> list[Round]:
    """The feedback rounds in round order, whatever order the rows are in. Items without a
    round number are left out; a skipped number is a round with no items."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in wb.get("iterate", "feedback_items", []):
        number = whole(row.get("round"))
        if number is not None:
            grouped.setdefault(number, []).append(row)
    if not grouped:
        return []
    numbers = range(min(grouped), max(grouped) + 1)
    return [_round(number, grouped.get(number, [])) for number in numbers]


def _round(number: int, items: list[dict[str, Any]]) -> Round:
    dates = [day for row in items if (day := parse_date(row.get("date")))]
    severities = [whole(row.get("severity")) for row in items]
    return Round(
        number=number,
        date=max(dates, default=None),
        items=len(items),
        load=sum(s for s in severities if s is not None),
        reported_back=sum(bool(row.get("reported_back")) for row in items),
        changes=sum(bool(str(row.get("change_made") or "").strip()) for row in items),
        categories=dict(Counter(row["category"] for row in items if row.get("category"))),
        unrated=severities.count(None),
    )


@dataclass(frozen=True)
class MinimalStatus:
    """Whether feedback has become minimal by the team's own definition (step 3.4)."""

    definition: str  # the team's rule in plain words
    summary: str  # where the team stands, in one or two sentences
    threshold: int | None
    rounds_in_a_row: int | None
    reached: bool = False
    since_round: int | None = None  # the round that completed the run of minimal rounds
    since_date: dt.date | None = None
    streak: tuple[int, ...] = ()  # the latest rounds in a row at or under the line
    more_needed: int | None = None  # rounds still needed; None when it cannot be decided
    missing: tuple[str, ...] = ()  # what to fill in before it can be decided


def minimal_status(wb: Workbook) -> MinimalStatus:
    """The team's definition of minimal applied to its rounds: reached or not, since
    when, and how many more rounds are needed, or what is missing to decide."""
    threshold = whole(wb.get("until-minimal", "threshold"))
    needed = whole(wb.get("until-minimal", "rounds_in_a_row"))
    logged = rounds(wb)
    missing = _minimal_missing(wb, threshold, needed, logged)
    definition = _definition(threshold, needed)
    if missing or threshold is None or needed is None:
        return MinimalStatus(definition, " ".join(missing), threshold, needed, missing=missing)
    streak: list[Round] = []
    for item in reversed(logged):
        if item.load > threshold:
            break
        streak.insert(0, item)
    reached = len(streak) >= needed
    since = streak[needed - 1] if reached else None
    return MinimalStatus(
        definition=definition,
        summary=_minimal_summary(logged[-1], streak, threshold, needed),
        threshold=threshold,
        rounds_in_a_row=needed,
        reached=reached,
        since_round=since.number if since else None,
        since_date=since.date if since else None,
        streak=tuple(r.number for r in streak),
        more_needed=max(needed - len(streak), 0),
    )


def _minimal_missing(
    wb: Workbook, threshold: int | None, needed: int | None, logged: list[Round]
) -> tuple[str, ...]:
    here, log = step_ref(wb, "until-minimal"), step_ref(wb, "iterate")
    missing = []
    if threshold is None:
        missing.append(f"Set the most severity points a round may have in {here}.")
    if needed is None:
        missing.append(f"Set how many rounds in a row must stay at or under that line in {here}.")
    if not logged:
        missing.append(f"Log feedback items with a round number and a severity in {log}.")
    return tuple(missing)


def _definition(threshold: int | None, needed: int | None) -> str:
    if threshold is None or needed is None:
        return (
            "Not set yet: the team decides how many severity points a round may have and "
            "still count as minimal, and for how many rounds in a row."
        )
    return (
        "A round counts as minimal when the severities of its items add up to "
        f"{plural(threshold, 'point')} or less. Feedback has become minimal after "
        f"{plural(needed, 'such round')} in a row."
    )


def _names(streak: list[Round]) -> str:
    """'round 3', 'rounds 3 and 4', 'rounds 2, 3 and 4' (never called with no rounds)."""
    numbers = [str(r.number) for r in streak]
    if len(numbers) == 1:
        return f"round {numbers[0]}"
    return f"rounds {', '.join(numbers[:-1])} and {numbers[-1]}"


def _minimal_summary(last: Round, streak: list[Round], threshold: int, needed: int) -> str:
    if not streak:
        more = (
            "1 more round at or under it is needed."
            if needed == 1
            else f"{needed} more rounds in a row at or under it are needed."
        )
        return (
            f"Not minimal yet: the latest round, round {last.number}, has "
            f"{plural(last.load, 'point')}, above the line of {threshold}. {more}"
        )
    names = _names(streak)
    if len(streak) >= needed:
        since = streak[needed - 1]
        when = f" ({long_date(since.date)})" if since.date else ""
        return (
            f"Feedback has been minimal since round {since.number}{when}: "
            f"{names} stayed at or under {plural(threshold, 'point')}."
        )
    left = needed - len(streak)
    more = f"{plural(left, 'more round')} {'is' if left == 1 else 'are'} needed."
    verb = "is" if len(streak) == 1 else "are"
    run = f"{len(streak)} of {needed} rounds in a row"
    return f"Not minimal yet: {names} {verb} at or under the line ({run}). {more}"
