"""The review calendar: exact dates for each cadence, the one-off dates of the charter and
the agreement, milestones, order, and the display rows."""

from __future__ import annotations

import datetime as dt

import pytest

import guidelib
from guidelib.reviews import (
    CADENCES,
    KINDS,
    ReviewEvent,
    add_months,
    format_date,
    repeat,
    review_calendar,
    review_calendar_table,
)

START = dt.date(2027, 1, 15)


def days(events: list[ReviewEvent], kind: str | None = None) -> list[str]:
    return [e.date.isoformat() for e in events if kind is None or e.kind == kind]


def body(name: str, meets: str | None) -> dict:
    return {"body": name, "purpose": "Runs things", "meets": meets}


# -- cadences ---------------------------------------------------------------------------------
def test_cadences_match_the_catalog() -> None:
    field = guidelib.GUIDEBOOK.step("feedback-loop").field("cadence")
    assert set(CADENCES) == {option.id for option in field.options}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),  # clamped to the month's end
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2027, 11, 30), 3, dt.date(2028, 2, 29)),
        (dt.date(2027, 5, 15), 12, dt.date(2028, 5, 15)),
        (dt.date(2027, 3, 31), -1, dt.date(2027, 2, 28)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        ("weekly", ["2027-01-22", "2027-01-29", "2027-02-05", "2027-02-12"]),
        ("biweekly", ["2027-01-29", "2027-02-12"]),
        ("monthly", ["2027-02-15"]),  # the window ends on 15 February, and includes it
        ("quarterly", []),
        ("", []),
        ("fortnightly", []),  # not in the catalog: no guessing
    ],
)
def test_repeat_over_one_month(cadence: str, expected: list[str]) -> None:
    assert days(repeat(START, cadence, add_months(START, 1))) == expected


def test_month_ends_do_not_drift() -> None:
    """Counted from the start each time, so a short month does not pull later ones back."""
    events = repeat(dt.date(2027, 1, 31), "monthly", dt.date(2027, 5, 31))
    assert days(events) == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]


# -- the calendar of a workbook ---------------------------------------------------------------
def test_monthly_body_over_three_months(wb: guidelib.Workbook) -> None:
    wb.set("governance", "bodies", [body("Steering Committee", "monthly")])
    events = review_calendar(wb, START, months=3)
    assert days(events) == ["2027-02-15", "2027-03-15", "2027-04-15"]
    assert {(e.what, e.who, e.kind) for e in events} == {
        ("Steering Committee meets", "Steering Committee", "meeting")
    }


def test_each_body_at_its_own_cadence(wb: guidelib.Workbook) -> None:
    bodies = [body("Board", "twice-yearly"), body("Stewards", "yearly"), body("", "quarterly")]
    wb.set("governance", "bodies", [*bodies, body("Idle", None)])
    events = review_calendar(wb, START)
    by_who: dict[str, list[str]] = {}
    for event in events:
        by_who.setdefault(event.who, []).append(event.date.isoformat())
    assert by_who == {
        "Board": ["2027-07-15", "2028-01-15"],
        "Stewards": ["2028-01-15"],
        "Governing body 3": ["2027-04-15", "2027-07-15", "2027-10-15", "2028-01-15"],
    }


def test_quarterly_feedback_review(wb: guidelib.Workbook) -> None:
    wb.set("governance", "bodies", [body("Advisory Board", None)])
    wb.set("feedback-loop", "cadence", "quarterly")
    wb.set("feedback-loop", "reviewed_by", "Advisory Board")
    events = review_calendar(wb, dt.date(2027, 1, 1))
    assert days(events, "feedback") == ["2027-04-01", "2027-07-01", "2027-10-01", "2028-01-01"]
    assert {(e.what, e.who) for e in events} == {("Feedback review", "Advisory Board")}


def test_feedback_reviewer_falls_back_to_the_owner(wb: guidelib.Workbook) -> None:
    wb.set("feedback-loop", "cadence", "yearly")
    assert review_calendar(wb, START)[0].who == "Not yet decided"
    wb.set("feedback-loop", "owner", "Gloria")
    assert review_calendar(wb, START)[0].who == "Gloria"


def test_charter_cadence_only_until_bodies_are_named(wb: guidelib.Workbook) -> None:
    wb.set("charter", "meeting_cadence", "quarterly")
    events = review_calendar(wb, START, months=6)
    assert [(e.what, e.date.isoformat()) for e in events] == [
        ("Coalition meets", "2027-04-15"),
        ("Coalition meets", "2027-07-15"),
    ]
    wb.set("governance", "bodies", [body("Board", "yearly")])
    assert review_calendar(wb, START, months=6) == []  # the board meets in a year


@pytest.mark.parametrize(
    ("review", "inside"),
    [
        ("2027-01-15", True),  # the start day counts
        ("2027-06-01", True),
        ("2028-01-15", True),  # so does the last day
        ("2028-01-16", False),
        ("2027-01-14", False),
    ],
)
def test_charter_review_date_inside_or_outside(
    wb: guidelib.Workbook, review: str, inside: bool
) -> None:
    wb.set("charter", "review_date", review)
    events = review_calendar(wb, START)
    expected = [
        ReviewEvent(dt.date.fromisoformat(review), "Charter review", "The coalition", "charter")
    ]
    assert events == (expected if inside else [])


def test_agreement_end_renewal_and_destruction(wb: guidelib.Workbook) -> None:
    wb.set("agreement", "term_end", "2027-06-30")
    wb.set("agreement", "destruction_date", "2027-06-30")
    events = review_calendar(wb, START)
    assert [(e.date.isoformat(), e.kind) for e in events] == [
        ("2027-04-01", "renewal"),  # 90 days before the end
        ("2027-06-30", "agreement-end"),
        ("2027-06-30", "destruction"),  # same day: listed in the order of KINDS
    ]
    assert "renew" in events[0].what


def test_renewal_reminder_inside_when_the_end_is_not(wb: guidelib.Workbook) -> None:
    wb.set("agreement", "term_end", "2028-03-01")
    events = review_calendar(wb, START)
    assert days(events) == ["2027-12-02"]
    assert events[0].kind == "renewal"


def test_milestones_due_in_the_window(wb: guidelib.Workbook) -> None:
    rows = [
        {"milestone": "Sign", "owner": "Tom", "due": "2027-02-01", "done": True},
        {"milestone": "Transfer", "due": "2027-03-01"},
        {"milestone": "Later", "owner": "Ana", "due": "2029-01-01"},
        {"milestone": "Someday", "owner": "Ana"},
    ]
    wb.set("launch", "milestones", rows)
    events = review_calendar(wb, START)
    assert [(e.what, e.who) for e in events] == [
        ("Milestone due: Sign (done)", "Tom"),
        ("Milestone due: Transfer", "No owner yet"),
    ]


def test_sorted_and_deterministic(wb: guidelib.Workbook) -> None:
    wb.set("governance", "bodies", [body("Board", "monthly"), body("Stewards", "weekly")])
    wb.set("feedback-loop", "cadence", "monthly")
    wb.set("charter", "review_date", "2027-03-15")
    wb.set("launch", "milestones", [{"milestone": "Go", "due": "2027-03-15"}])
    events = review_calendar(wb, START, months=3)
    keys = [(e.date, KINDS.index(e.kind)) for e in events]
    assert keys == sorted(keys)
    on_day = [e.kind for e in events if e.date == dt.date(2027, 3, 15)]
    assert on_day == ["milestone", "meeting", "feedback", "charter"]
    assert review_calendar(wb, START, months=3) == events


def test_start_defaults_to_today(wb: guidelib.Workbook) -> None:
    wb.set("governance", "bodies", [body("Board", "weekly")])
    assert review_calendar(wb) == review_calendar(wb, dt.date.today())


def test_empty_workbook_has_no_reviews(wb: guidelib.Workbook) -> None:
    assert review_calendar(wb, START) == []
    assert review_calendar_table([]) == []


def test_worked_example(kinship: guidelib.Workbook) -> None:
    events = review_calendar(kinship, dt.date(2026, 11, 28))
    counts = {what: sum(e.what == what for e in events) for what in {e.what for e in events}}
    assert counts["Data Stewards Group meets"] == 26  # every two weeks for a year
    assert counts["Steering Committee meets"] == 12
    assert counts["Feedback review"] == 12
    assert ("2027-04-15", "Charter review") in [(e.date.isoformat(), e.what) for e in events]
    assert not [e for e in events if e.kind in ("renewal", "agreement-end")]  # in 2028


# -- display rows -----------------------------------------------------------------------------
def test_table_rows() -> None:
    events = [ReviewEvent(dt.date(2027, 2, 15), "Board meets", "<Board>", "meeting")]
    assert review_calendar_table(events) == [
        {"Date": "Mon 15 Feb 2027", "What": "Board meets", "Who": "<Board>"}  # escaped on show
    ]


def test_format_date_is_locale_free() -> None:
    assert format_date(dt.date(2028, 12, 3)) == "Sun 3 Dec 2028"
