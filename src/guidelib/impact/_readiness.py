"""Readiness to scale up (step 3.5): each statement computed from the workbook, beside
the team's own tick."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..governance_rules import raci_problem
from ..workbook import Workbook
from ._metrics import metric_status
from ._rounds import minimal_status, step_ref

CAPACITY_MIN = 3  # an organization's average self-assessment (1-5) must be at least this


@dataclass(frozen=True)
class ReadinessItem:
    """One statement of step 3.5's readiness list, as the workbook and the team see it."""

    id: str  # the catalog id, as stored in scale-up.readiness
    label: str
    basis: str  # who decides: "workbook", "team and workbook" or "team"
    workbook: bool | None  # what the workbook alone shows; None: cannot tell, or nothing to check
    reason: str  # why, in plain words
    ticked: bool  # the team ticked it
    met: bool = False  # it holds: by the workbook, or by the tick where the team decides
    disagreement: str = ""  # where the tick and the workbook part ways; '' when they agree


@dataclass(frozen=True)
class Readiness:
    items: tuple[ReadinessItem, ...]

    @property
    def ready(self) -> bool:
        """Every statement holds."""
        return all(item.met for item in self.items)

    @property
    def disagreements(self) -> list[ReadinessItem]:
        return [item for item in self.items if item.disagreement]


def _feedback_rule(wb: Workbook) -> tuple[bool | None, str]:
    status = minimal_status(wb)
    return (None if status.missing else status.reached), status.summary


def _metrics_rule(wb: Workbook) -> tuple[bool | None, str]:
    """Every metric on track or met; a metric without readings is not (yet) on track."""
    statuses, where = metric_status(wb), step_ref(wb, "reevaluate")
    if not statuses:
        return None, f"Add metrics with a baseline, a target and readings in {where}."
    behind = [f"{s.metric} ({s.state})" for s in statuses if not s.on_track]
    if not behind:
        return True, f"All {len(statuses)} metrics are on track or met."
    good = len(statuses) - len(behind)
    return (
        False,
        f"{good} of {len(statuses)} metrics are on track or met. Not yet: {'; '.join(behind)}.",
    )


def _agreement_rule(wb: Workbook) -> tuple[bool | None, str]:
    """No field says whether the agreement admits new parties, so the workbook can only
    show that there is a path for adding one; the wording is the team's judgement."""
    gaps = _agreement_gaps(wb)
    if gaps:
        return False, f"There is no path for adding a party yet: {'; '.join(gaps)}."
    return True, (
        "A new party joins by a signed amendment, and the RACI names who admits a new "
        "member. Whether the agreement's wording allows it is the team's judgement."
    )


def _agreement_gaps(wb: Workbook) -> list[str]:
    """What the path for a new party lacks: the agreement's "Review and amendment" clause
    runs every change through the feedback loop, and someone must decide to admit."""
    def where(step_id: str) -> str:
        return f"({step_ref(wb, step_id)})"

    gaps = []
    if not wb.get("agreement", "instrument"):
        gaps.append(f"no kind of agreement is chosen {where('agreement')}")
    loop = wb.answers("feedback-loop")
    if not all(loop.get(key) for key in ("reviewed_by", "cadence", "trigger")):
        gaps.append(
            f"the feedback loop that reviews changes is not complete {where('feedback-loop')}"
        )
    problem = raci_problem(wb.get("governance", "raci", {}).get("admit-member", {}))
    if problem:
        gaps.append(f'the RACI decision "Admit a new member" {problem} {where("governance")}')
    return gaps


def _capacity_rule(wb: Workbook) -> tuple[bool | None, str]:
    """Every scored organization averages CAPACITY_MIN or more on its self-assessment."""
    table = wb.guidebook.step("capacity").field("self_assessment")
    parts = [column.id for column in table.columns if column.type == "scale"]
    averages = {}
    for row in wb.get("capacity", "self_assessment", []):
        if scores := [row[part] for part in parts if row.get(part) is not None]:
            averages[str(row.get("organization") or "Unnamed")] = sum(scores) / len(scores)
    if not averages:
        return None, f"Add capacity self-assessment scores in {step_ref(wb, 'capacity')}."
    low = [f"{name} ({mean:.1f})" for name, mean in averages.items() if mean < CAPACITY_MIN]
    if not low:
        return True, f"Every organization averages {CAPACITY_MIN} or more of 5."
    count = f"{len(low)} of {len(averages)} organizations average under {CAPACITY_MIN} of 5"
    return False, f"{count}: {'; '.join(low)}."


def _team_only(wb: Workbook) -> tuple[bool | None, str]:
    return None, "The team's judgement: the workbook holds nothing to check it against."


#: Each readiness statement (catalog id) -> (who decides, the rule). A statement added to
#: the catalog without a rule here is the team's judgement alone.
READINESS_RULES = {
    "feedback-minimal": ("workbook", _feedback_rule),
    "metrics-on-track": ("workbook", _metrics_rule),
    "agreement-allows": ("team and workbook", _agreement_rule),
    "capacity": ("workbook", _capacity_rule),
    "funding": ("team", _team_only),
}


def readiness(wb: Workbook) -> Readiness:
    """Each readiness statement computed from the workbook, beside the team's tick."""
    ticks = wb.get("scale-up", "readiness", [])
    items = []
    for option in wb.guidebook.step("scale-up").field("readiness").options:
        basis, rule = READINESS_RULES.get(option.id, ("team", _team_only))
        shown, reason = rule(wb)
        ticked = option.id in ticks
        met = {"workbook": shown is True, "team": ticked}.get(basis, shown is True and ticked)
        item = ReadinessItem(option.id, option.label, basis, shown, reason, ticked, met)
        items.append(replace(item, disagreement=_disagreement(item)))
    return Readiness(tuple(items))


def _disagreement(item: ReadinessItem) -> str:
    """The team claims what the workbook does not show, or the workbook shows what the
    team has not claimed (only where the workbook decides alone)."""
    said = f'The team ticked "{item.label}"'
    if item.ticked and item.workbook is False:
        return f"{said}, but the workbook says not yet. {item.reason}"
    if item.ticked and item.workbook is None and item.basis == "workbook":
        return f"{said}, but the workbook cannot show it yet. {item.reason}"
    if not item.ticked and item.workbook and item.basis == "workbook":
        return f'The workbook shows "{item.label}", but the team has not ticked it. {item.reason}'
    return ""
