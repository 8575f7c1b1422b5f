"""The review calendar a team's framework implies: meetings, feedback reviews, the charter
review, the agreement's end and milestones, as dated events. Pure functions, no IO.

The rule for a repeating meeting: nobody writes down the day a body meets, so meetings are
counted from `start`. The first falls one interval after `start` (from 15 January, a
monthly body next meets on 15 February), and the rest follow at whole intervals from
`start`, not from each other: from the 31st, a monthly body meets on the last day of a
shorter month and on the 31st again after it. The window runs from `start` to the same
day `months` later, both days included.

>>> import datetime as dt
>>> [e.date.isoformat() for e in repeat(dt.date(2027, 1, 31), "monthly", dt.date(2027, 4, 30))]
['2027-02-28', '2027-03-31', '2027-04-30']
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from .workbook import Workbook

#: Each cadence in the `cadences` catalog as (days, months) between two meetings.
CADENCES: dict[str, tuple[int, int]] = {
    "weekly": (7, 0),
    "biweekly": (14, 0),
    "monthly": (0, 1),
    "quarterly": (0, 3),
    "twice-yearly": (0, 6),
    "yearly": (0, 12),
}
#: Event kinds, in the order events of one day are listed: work due first, then meetings.
KINDS = ("milestone", "meeting", "feedback", "charter", "renewal", "agreement-end", "destruction")
RENEWAL_NOTICE_DAYS = 90  # time to negotiate a renewal before the agreement lapses
# Fixed English names: strftime's %a and %b follow the process locale.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ReviewEvent:
    """One dated event: what happens and who does it; `kind` is one of `KINDS`."""

    date: dt.date
    what: str
    who: str
    kind: str = "meeting"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; a day the month lacks becomes its last day.

    >>> add_months(dt.date(2027, 1, 31), 1)
    datetime.date(2027, 2, 28)
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def repeat(
    start: dt.date, cadence: str, end: dt.date, what: str = "", who: str = "", kind: str = "meeting"
) -> list[ReviewEvent]:
    """Events every `cadence` after `start` up to and including `end` (see the module rule);
    none for a cadence the catalog does not have."""
    if cadence not in CADENCES:
        return []
    days, months = CADENCES[cadence]
    events, k = [], 1
    while True:
        day = start + dt.timedelta(days=days * k) if days else add_months(start, months * k)
        if day > end:
            return events
        events.append(ReviewEvent(day, what, who, kind))
        k += 1


def review_calendar(
    wb: Workbook, start: dt.date | None = None, months: int = 12
) -> list[ReviewEvent]:
    """The reviews the framework implies from `start` (default today) for `months`, sorted
    by date. Deterministic: the same workbook and start give the same list."""
    start = start or dt.date.today()
    end = add_months(start, months)
    events = [*_meetings(wb, start, end), *_feedback(wb, start, end)]
    events += [e for e in (*_dated(wb), *_milestones(wb)) if start <= e.date <= end]
    return sorted(events, key=lambda e: (e.date, KINDS.index(e.kind), e.what, e.who))


def _meetings(wb: Workbook, start: dt.date, end: dt.date) -> list[ReviewEvent]:
    """Each governing body's meetings. Until step 2.1 gives a body a cadence, the charter's
    "how often the coalition meets" stands in; after, the coalition meets through its
    bodies, and counting both would double every meeting."""
    bodies = _rows(wb, "governance", "bodies")
    if not any(row.get("meets") in CADENCES for row in bodies):
        cadence = wb.get("charter", "meeting_cadence", "")
        return repeat(start, cadence, end, "Coalition meets", "The coalition")
    events = []
    for n, row in enumerate(bodies, start=1):
        body = _clean(row.get("body")) or f"Governing body {n}"
        events += repeat(start, row.get("meets", ""), end, f"{body} meets", body)
    return events


def _feedback(wb: Workbook, start: dt.date, end: dt.date) -> list[ReviewEvent]:
    loop = wb.answers("feedback-loop")
    who = _clean(loop.get("reviewed_by")) or _clean(loop.get("owner")) or "Not yet decided"
    return repeat(start, loop.get("cadence", ""), end, "Feedback review", who, "feedback")


def _dated(wb: Workbook) -> list[ReviewEvent]:
    """The one-off dates set in the charter and the agreement."""
    events = []
    review = parse_date(wb.get("charter", "review_date"))
    if review:
        events.append(ReviewEvent(review, "Charter review", "The coalition", "charter"))
    term_end = parse_date(wb.get("agreement", "term_end"))
    if term_end:
        notice = term_end - dt.timedelta(days=RENEWAL_NOTICE_DAYS)
        what = f"Decide whether to renew the agreement ({RENEWAL_NOTICE_DAYS} days before it ends)"
        events.append(ReviewEvent(notice, what, "Every party", "renewal"))
        events.append(ReviewEvent(term_end, "Agreement ends", "Every party", "agreement-end"))
    destruction = parse_date(wb.get("agreement", "destruction_date"))
    if destruction:
        what = "Shared data destroyed"
        events.append(ReviewEvent(destruction, what, "Every party holding it", "destruction"))
    return events


def _milestones(wb: Workbook) -> list[ReviewEvent]:
    events = []
    for row in _rows(wb, "launch", "milestones"):
        due = parse_date(row.get("due"))
        if due:
            what = f"Milestone due: {_clean(row.get('milestone')) or 'not named'}"
            what += " (done)" if row.get("done") else ""
            who = _clean(row.get("owner")) or "No owner yet"
            events.append(ReviewEvent(due, what, who, "milestone"))
    return events


def review_calendar_table(events: list[ReviewEvent]) -> list[dict[str, str]]:
    """Rows for display: {"Date": "Mon 15 Feb 2027", "What": ..., "Who": ...}. The text is
    as typed; whatever shows it escapes it."""
    return [{"Date": format_date(e.date), "What": e.what, "Who": e.who} for e in events]


def format_date(day: dt.date) -> str:
    """'Mon 15 Feb 2027', the same in every locale."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _rows(wb: Workbook, step_id: str, field_id: str) -> list[dict[str, Any]]:
    return [row for row in wb.get(step_id, field_id, []) if isinstance(row, dict) and row]


def parse_date(value: Any) -> dt.date | None:
    """A stored date (always YYYY-MM-DD) as a date; anything else counts as not given."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _clean(value: Any) -> str:
    return " ".join(str(value or "").split())
