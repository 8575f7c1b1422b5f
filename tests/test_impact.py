"""Phase 3 numbers (`guidelib.impact`) and checks (`checks/impact.py`): known answers for
the feedback rounds, the "minimal" rule, metric status and readiness, and the worked
example as it really is."""

from __future__ import annotations

import datetime as dt

import pytest

import guidelib
from guidelib.checks import WARNING, run_checks
from guidelib.impact import metric_status, minimal_status, readiness, rounds


def item(number: int | None, severity: int | None, day: str = "2026-03-01", **extra) -> dict:
    row = {"round": number, "date": day, "source": "Survey", "category": "process"}
    row |= {"severity": severity, "description": "Said something", "reported_back": True}
    return row | extra


def log(wb: guidelib.Workbook, *loads: int, threshold=None, in_a_row=None) -> guidelib.Workbook:
    """One item per round with the given severity-point loads (each split into 1-5 parts)."""
    rows = []
    for number, load in enumerate(loads, 1):
        day = f"2026-{number:02d}-15"
        while load > 0:
            rows.append(item(number, min(load, 5), day))
            load -= min(load, 5)
    wb.set("iterate", "feedback_items", rows)
    wb.set("until-minimal", "threshold", threshold)
    wb.set("until-minimal", "rounds_in_a_row", in_a_row)
    return wb


# -- rounds ------------------------------------------------------------------------------------
def test_rounds_group_and_sum(wb: guidelib.Workbook) -> None:
    wb.set(
        "iterate",
        "feedback_items",
        [
            item(2, 3, "2026-05-02", category="privacy", change_made="Fixed"),
            item(1, 5, "2026-04-01", reported_back=False),
            item(2, 1, "2026-05-09", reported_back=False),
            item(None, 4),  # no round: in no round
            item(1, None, "2026-04-03"),  # no severity: counted, adds no points
        ],
    )
    first, second = rounds(wb)
    assert (first.number, first.items, first.load, first.unrated) == (1, 2, 5, 1)
    assert first.date == dt.date(2026, 4, 3)  # the latest item's date
    assert first.share_reported == 0.5
    assert (second.number, second.items, second.load, second.changes) == (2, 2, 4, 1)
    assert second.date == dt.date(2026, 5, 9)
    assert second.categories == {"privacy": 1, "process": 1}


def test_skipped_round_number_is_a_round_with_no_items(wb: guidelib.Workbook) -> None:
    wb.set("iterate", "feedback_items", [item(1, 4), item(3, 2)])
    gap = rounds(wb)[1]
    assert [r.number for r in rounds(wb)] == [1, 2, 3]
    assert (gap.items, gap.load, gap.date, gap.share_reported) == (0, 0, None, None)


def test_no_rounds(wb: guidelib.Workbook) -> None:
    assert rounds(wb) == []
    wb.set("iterate", "feedback_items", [item(None, 3)])
    assert rounds(wb) == []


# -- the rule for "minimal" --------------------------------------------------------------------
def test_reached_after_exactly_n_rounds(wb: guidelib.Workbook) -> None:
    log(wb, 9, 5, threshold=5, in_a_row=2)
    status = minimal_status(wb)
    assert (status.reached, status.streak, status.more_needed) == (False, (2,), 1)
    assert "1 more round is needed" in status.summary
    log(wb, 9, 5, 3, threshold=5, in_a_row=2)
    status = minimal_status(wb)
    assert (status.reached, status.since_round, status.streak) == (True, 3, (2, 3))
    assert status.since_date == dt.date(2026, 3, 15)
    assert status.more_needed == 0 and not status.missing
    assert status.summary == (
        "Feedback has been minimal since round 3 (15 March 2026): "
        "rounds 2 and 3 stayed at or under 5 points."
    )


def test_since_is_the_round_that_completed_the_run(wb: guidelib.Workbook) -> None:
    log(wb, 9, 1, 1, 1, 1, threshold=2, in_a_row=2)
    status = minimal_status(wb)
    assert (status.reached, status.since_round, status.streak) == (True, 3, (2, 3, 4, 5))


def test_equal_to_threshold_counts_as_minimal(wb: guidelib.Workbook) -> None:
    log(wb, 6, 6, threshold=6, in_a_row=2)
    assert minimal_status(wb).reached
    log(wb, 6, 7, threshold=6, in_a_row=2)
    assert not minimal_status(wb).reached


def test_a_high_round_breaks_the_run(wb: guidelib.Workbook) -> None:
    log(wb, 2, 2, 9, threshold=4, in_a_row=2)
    status = minimal_status(wb)
    assert (status.reached, status.streak, status.more_needed) == (False, (), 2)
    assert status.summary == (
        "Not minimal yet: the latest round, round 3, has 9 points, above the line of 4. "
        "2 more rounds in a row at or under it are needed."
    )
    log(wb, 2, 2, 9, 1, threshold=4, in_a_row=2)  # the count starts again after round 3
    assert minimal_status(wb).streak == (4,)


def test_threshold_or_run_missing(wb: guidelib.Workbook) -> None:
    log(wb, 3, 2, in_a_row=2)
    status = minimal_status(wb)
    assert not status.reached and status.more_needed is None
    assert status.missing == ("Set the most severity points a round may have in step 3.4.",)
    assert status.definition.startswith("Not set yet")
    log(wb, 3, 2, threshold=4)
    assert "rounds in a row" in minimal_status(wb).missing[0]


def test_no_rounds_yet(wb: guidelib.Workbook) -> None:
    log(wb, threshold=4, in_a_row=2)
    status = minimal_status(wb)
    assert status.missing == ("Log feedback items with a round number and a severity in step 3.3.",)
    assert status.definition == (
        "A round counts as minimal when the severities of its items add up to 4 points or "
        "less. Feedback has become minimal after 2 such rounds in a row."
    )


def test_rounds_out_of_order_and_items_without_round(wb: guidelib.Workbook) -> None:
    rows = [item(3, 1, "2026-03-01"), item(None, 5), item(1, 5, "2026-01-01")]
    rows += [item(2, 2, "2026-02-01"), item(1, 5, "2026-01-02")]
    wb.set("iterate", "feedback_items", rows)
    wb.set("until-minimal", "threshold", 2)
    wb.set("until-minimal", "rounds_in_a_row", 2)
    assert [(r.number, r.load) for r in rounds(wb)] == [(1, 10), (2, 2), (3, 1)]
    status = minimal_status(wb)
    assert (status.reached, status.since_round, status.since_date) == (
        True,
        3,
        dt.date(2026, 3, 1),
    )


def test_a_round_with_no_items_counts_as_zero_points(wb: guidelib.Workbook) -> None:
    wb.set("iterate", "feedback_items", [item(1, 5), item(3, 1, "2026-04-01")])
    wb.set("until-minimal", "threshold", 1)
    wb.set("until-minimal", "rounds_in_a_row", 2)
    status = minimal_status(wb)
    assert (status.reached, status.streak, status.since_round) == (True, (2, 3), 3)


# -- metrics -----------------------------------------------------------------------------------
def metric(name: str, baseline, target, direction: str | None = "up") -> dict:
    row = {"metric": name, "definition": "How we count", "owner": "Ana"}
    return row | {"baseline": baseline, "target": target, "direction": direction}


def readings(wb: guidelib.Workbook, *rows: tuple[str, str, float]) -> None:
    wb.set("reevaluate", "readings", [{"metric": m, "date": d, "value": v} for m, d, v in rows])


@pytest.fixture
def metrics(wb: guidelib.Workbook) -> guidelib.Workbook:
    wb.set(
        "reevaluate",
        "metrics",
        [
            metric("Up", 10, 20),
            metric("Down", 30, 20, "down"),
            metric("Wrong way", 30, 20, "down"),
            metric("Met", 10, 20),
            metric("Unread", 1, 2),
            metric("No target", 5, None),
            metric("Still", 40, 50, None),
        ],
    )
    readings(
        wb,
        ("Up", "2026-03-01", 15),
        ("Up", "2026-01-01", 12),  # earlier, entered later: the date decides
        ("Down", "2026-02-01", 25),
        ("Wrong way", "2026-02-01", 32),
        ("Met", "2026-02-01", 21),
        ("Met", "2026-02-01", 19),  # same date: the row entered last wins
        ("Met", "2026-03-01", 23),
        ("No target", "2026-02-01", 6),
        ("Still", "2026-02-01", 40),
    )
    return wb


def test_metric_status_known_answers(metrics: guidelib.Workbook) -> None:
    got = {s.metric: s for s in metric_status(metrics)}
    assert list(got) == ["Up", "Down", "Wrong way", "Met", "Unread", "No target", "Still"]
    up = got["Up"]
    assert (up.state, up.progress, up.latest, up.readings) == ("on track", 0.5, 15, 2)
    assert up.latest_date == dt.date(2026, 3, 1) and up.on_track
    assert up.note == "50% of the way from the baseline to the target."
    assert (got["Down"].state, got["Down"].progress) == ("on track", 0.5)
    assert (got["Wrong way"].state, got["Wrong way"].progress) == ("off track", 0.0)
    assert got["Wrong way"].on_track is False
    assert (got["Met"].state, got["Met"].progress, got["Met"].latest) == ("met", 1.0, 23)
    assert (got["Unread"].state, got["Unread"].on_track, got["Unread"].latest) == (
        "no readings",
        None,
        None,
    )
    assert got["No target"].state == "incomplete" and got["No target"].on_track is None
    assert (got["Still"].state, got["Still"].direction) == ("off track", "up")  # not moved


def test_metric_same_date_keeps_the_last_row(wb: guidelib.Workbook) -> None:
    wb.set("reevaluate", "metrics", [metric("Met", 10, 20)])
    readings(wb, ("Met", "2026-02-01", 21), ("Met", "2026-02-01", 19))
    (status,) = metric_status(wb)
    assert (status.latest, status.state) == (19, "on track")


@pytest.mark.parametrize(
    ("direction", "latest", "state"),
    [("down", 4, "met"), ("down", 6, "off track"), ("up", 6, "met"), ("up", 4, "off track")],
)
def test_target_equal_to_baseline_uses_the_direction(
    wb: guidelib.Workbook, direction: str, latest: float, state: str
) -> None:
    wb.set("reevaluate", "metrics", [metric("Hold", 5, 5, direction)])
    readings(wb, ("Hold", "2026-02-01", latest))
    assert metric_status(wb)[0].state == state


def test_no_metrics(wb: guidelib.Workbook) -> None:
    assert metric_status(wb) == []


# -- readiness ---------------------------------------------------------------------------------
def ready_workbook(wb: guidelib.Workbook) -> guidelib.Workbook:
    """A workbook where every computed readiness statement holds."""
    log(wb, 9, 2, 1, threshold=3, in_a_row=2)
    wb.set("reevaluate", "metrics", [metric("Up", 10, 20)])
    readings(wb, ("Up", "2026-02-01", 14))
    wb.set("agreement", "instrument", "dsa")
    for field, value in (("cadence", "monthly"), ("reviewed_by", "Board"), ("trigger", "Any")):
        wb.set("feedback-loop", field, value)
    wb.set("governance", "raci", {"admit-member": {"Ana": "a", "Ben": "r"}})
    scores = {"governance": 3, "legal": 3, "technology": 3, "capacity": 3, "impact": 3}
    wb.set("capacity", "self_assessment", [{"organization": "Schools", **scores}])
    return wb


ALL_TICKS = ["feedback-minimal", "metrics-on-track", "agreement-allows", "capacity", "funding"]


def test_ready_when_everything_holds(wb: guidelib.Workbook) -> None:
    ready_workbook(wb).set("scale-up", "readiness", ALL_TICKS)
    result = readiness(wb)
    assert [i.id for i in result.items] == ALL_TICKS
    assert result.ready and result.disagreements == []
    assert [i.basis for i in result.items] == [
        "workbook",
        "workbook",
        "team and workbook",
        "workbook",
        "team",
    ]
    assert run_checks(wb, ["readiness"]) == []


def test_team_decides_agreement_and_funding(wb: guidelib.Workbook) -> None:
    ready_workbook(wb).set("scale-up", "readiness", ALL_TICKS[:2] + ["capacity"])
    items = {i.id: i for i in readiness(wb).items}
    agreement = items["agreement-allows"]
    assert (agreement.workbook, agreement.met, agreement.disagreement) == (True, False, "")
    assert "team's judgement" in agreement.reason
    assert (items["funding"].workbook, items["funding"].met) == (None, False)
    assert not readiness(wb).ready


def test_disagreements_both_ways(wb: guidelib.Workbook) -> None:
    ready_workbook(wb)
    log(wb, 9, 2, threshold=3, in_a_row=2)  # not minimal yet
    wb.set("capacity", "self_assessment", [{"organization": "Clinic", "governance": 1}])
    wb.set("governance", "raci", {})
    wb.set("scale-up", "readiness", ["feedback-minimal", "capacity", "agreement-allows"])
    items = {i.id: i for i in readiness(wb).items}
    assert items["feedback-minimal"].disagreement.startswith(
        'The team ticked "Feedback has become minimal", but the workbook says not yet. '
        "Not minimal yet: round 2"
    )
    assert "Clinic (1.0)" in items["capacity"].disagreement
    assert '"Admit a new member" has no one who makes the final call' in (
        items["agreement-allows"].disagreement
    )
    assert items["metrics-on-track"].disagreement.startswith(
        'The workbook shows "Metrics are on track", but the team has not ticked it.'
    )
    findings = run_checks(wb, ["readiness"])
    assert len(findings) == 4
    assert {(f.level, f.step, f.field) for f in findings} == {(WARNING, "scale-up", "readiness")}


def test_metrics_rule_names_those_behind(metrics: guidelib.Workbook) -> None:
    item = next(i for i in readiness(metrics).items if i.id == "metrics-on-track")
    assert item.workbook is False
    assert item.reason == (
        "3 of 7 metrics are on track or met. Not yet: Wrong way (off track); Unread (no "
        "readings); No target (incomplete); Still (off track)."
    )


def test_capacity_rule_lists_organizations_below_three(wb: guidelib.Workbook) -> None:
    low = {"governance": 2, "legal": 3, "technology": 3, "capacity": 2, "impact": None}
    high = {"governance": 3, "legal": 3, "technology": 3, "capacity": 3, "impact": 3}
    rows = [{"organization": "Low", **low}, {"organization": "High", **high}]
    wb.set("capacity", "self_assessment", [*rows, {"organization": "Unscored"}])
    item = next(i for i in readiness(wb).items if i.id == "capacity")
    assert (item.workbook, item.reason) == (
        False,
        "1 of 2 organizations average under 3 of 5: Low (2.5).",
    )


def test_readiness_on_an_empty_workbook(wb: guidelib.Workbook) -> None:
    items = {i.id: i for i in readiness(wb).items}
    assert [items[k].workbook for k in ("feedback-minimal", "metrics-on-track", "capacity")] == [
        None,
        None,
        None,
    ]
    assert items["agreement-allows"].workbook is False
    assert "no kind of agreement is chosen (step 2.3)" in items["agreement-allows"].reason
    assert not readiness(wb).ready and readiness(wb).disagreements == []
    wb.set("scale-up", "readiness", ["capacity"])  # ticked, but nothing to show it
    (finding,) = run_checks(wb, ["readiness"])
    assert "cannot show it yet" in finding.message


# -- the feedback check ----------------------------------------------------------------------
def feedback_messages(wb: guidelib.Workbook) -> list[str]:
    return [f.message for f in run_checks(wb, ["feedback"])]


def test_feedback_check(wb: guidelib.Workbook) -> None:
    assert feedback_messages(wb) == []
    wb.set(
        "iterate",
        "feedback_items",
        [
            item(1, 3, reported_back=False),
            item(1, 2, reported_back=False),
            item(2, 2, day=None),
            item(2, None),
            item(4, 1, reported_back=False),  # the latest round: not reported back yet is fine
            item(None, 2),
        ],
    )
    assert feedback_messages(wb) == [
        "1 feedback item has no round number, so no round counts it.",
        "In round 1, 2 items were not reported back to the people who raised them.",
        "In round 2, 1 item has no severity, so it adds no points.",
        "No items are logged for round 3, so it counts as a round with no feedback. "
        "If that is wrong, check the round numbers.",
    ]
    wb.set("iterate", "feedback_items", [item(1, 2, day=None), item(2, 1)])
    assert feedback_messages(wb) == ["Round 1 has no date. Add the date of its items."]
    findings = run_checks(wb, ["feedback"])
    assert {(f.level, f.step, f.field) for f in findings} == {
        (WARNING, "iterate", "feedback_items")
    }


# -- the worked example ------------------------------------------------------------------------
def test_example_rounds_converge(kinship: guidelib.Workbook) -> None:
    assert [(r.number, r.items, r.load) for r in rounds(kinship)] == [
        (1, 5, 19),
        (2, 4, 10),
        (3, 3, 4),
    ]


def test_example_is_not_minimal_yet(kinship: guidelib.Workbook) -> None:
    status = minimal_status(kinship)
    assert (status.threshold, status.rounds_in_a_row) == (6, 2)
    assert (status.reached, status.streak, status.more_needed) == (False, (3,), 1)
    assert status.since_round is None and not status.missing
    assert status.summary == (
        "Not minimal yet: round 3 is at or under the line (1 of 2 rounds in a row). "
        "1 more round is needed."
    )


def test_example_metrics_and_readiness(kinship: guidelib.Workbook) -> None:
    states = [(s.metric.split(",")[0], s.state) for s in metric_status(kinship)]
    assert states == [
        ("School attendance rate", "on track"),
        ("Chronic absence", "on track"),
        ("Caregivers connected to support", "on track"),
        ("School moves after placement", "on track"),
        ("Diversion instead of court", "off track"),
    ]
    items = {i.id: i for i in readiness(kinship).items}
    assert {k: i.met for k, i in items.items()} == {
        "feedback-minimal": False,
        "metrics-on-track": False,
        "agreement-allows": True,  # ticked, and the path is there
        "capacity": False,  # three organizations average under 3
        "funding": True,
    }
    assert items["capacity"].reason.startswith("3 of 4 organizations average under 3 of 5")
    assert readiness(kinship).disagreements == []
    assert run_checks(kinship, ["feedback", "readiness"]) == []
