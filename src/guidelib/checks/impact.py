"""Phase 3 checks: metric readings by group the report cannot use (step 3.1), feedback
rounds that are hard to compare or not yet closed (step 3.3), and readiness ticks the
workbook does not back up (step 3.5). The rules themselves live in
`guidelib.impact`; these only turn them into findings."""

from __future__ import annotations

from ..impact import Round, long_date, metric_groups, readiness, rounds
from ..workbook import Workbook
from ._core import WARNING, Finding, check

CLOSE_THE_LOOP = "Feedback loop (step 2.2): tell people what changed because of what they said"


def _feedback(message: str, rule: str = "") -> Finding:
    return Finding(WARNING, message, "iterate", "feedback_items", rule)


@check("feedback")
def check_feedback(wb: Workbook) -> list[Finding]:
    """Items without a round or a severity, rounds without a date or without items, and
    items still not reported back once a later round has begun."""
    logged, findings = rounds(wb), []
    loose = len(wb.get("iterate", "feedback_items", [])) - sum(r.items for r in logged)
    if loose:
        noun, them = ("item has", "it") if loose == 1 else ("items have", "them")
        text = f"{loose} feedback {noun} no round number, so no round counts {them}."
        findings.append(_feedback(text))
    for item in logged:
        findings += _round_findings(item, latest=item is logged[-1])
    return findings


def _round_findings(item: Round, latest: bool) -> list[Finding]:
    """What one round lacks; an unreported item only matters once the next round began."""
    n = item.number
    if not item.items:
        return [
            _feedback(
                f"No items are logged for round {n}, so it counts as a round with no "
                "feedback. If that is wrong, check the round numbers."
            )
        ]
    found = []
    if item.date is None:
        found.append(_feedback(f"Round {n} has no date. Add the date of its items."))
    if item.unrated:
        noun, add = ("item has", "it adds") if item.unrated == 1 else ("items have", "they add")
        text = f"In round {n}, {item.unrated} {noun} no severity, so {add} no points."
        found.append(_feedback(text))
    waiting = item.items - item.reported_back
    if waiting and not latest:
        noun, them = ("item was", "it") if waiting == 1 else ("items were", "them")
        text = f"In round {n}, {waiting} {noun} not reported back to the people who raised {them}."
        found.append(_feedback(text, CLOSE_THE_LOOP))
    return found


@check("readiness")
def check_readiness(wb: Workbook) -> list[Finding]:
    """Each readiness tick the workbook contradicts, and each statement the workbook
    shows that the team has not ticked."""
    if not wb.answers("scale-up"):
        return []  # step 3.5 not started: nothing to compare the workbook with
    return [
        Finding(WARNING, item.disagreement, "scale-up", "readiness")
        for item in readiness(wb).disagreements
    ]


#: What keeps the impact report from showing a metric's groups, and how to fix it.
GROUP_PROBLEMS = {
    "no count": "some groups have no number of people counted, so the impact report hides "
    "every group. Add each group's count",
    "too many": "the groups' counts add up to more people than the reading for everyone, "
    "so the impact report hides every group. Check the counts",
}


@check("metric-groups")
def check_metric_groups(wb: Workbook) -> list[Finding]:
    """Readings by group the impact report cannot show or compare (`impact._groups`)."""
    findings = []
    for m in metric_groups(wb):
        where = f'"{m.metric}" by {m.group_by.lower()} on {long_date(m.date)}'
        if m.unchecked:
            findings.append(f"For {where}, {GROUP_PROBLEMS[m.unchecked]}.")
        elif m.overall is None:
            findings.append(
                f"For {where}, there is no reading for everyone on that date, so no group "
                "can be compared. Add one."
            )
    return [Finding(WARNING, text, "reevaluate", "readings") for text in findings]
