"""The equity and ethics review's state: which items are open, by life-cycle stage and by
phase, and which critical items are still "no" or unanswered."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..content import REVIEW_STEP, ReviewItem
from ..workbook import Workbook
from ._core import WARNING, Finding, check

UNANSWERED = "unanswered"
CLOSED = ("yes", "na")  # "partly" stays open: something is still to do


@dataclass(frozen=True)
class ItemState:
    item: ReviewItem
    answer: str  # yes | partly | no | na | unanswered
    note: str = ""
    owner: str = ""

    @property
    def open(self) -> bool:
        return self.answer not in CLOSED

    @property
    def critical_open(self) -> bool:
        """A critical item that is still "no" or unanswered (the agreement warns)."""
        return self.item.critical and self.answer in ("no", UNANSWERED)


@dataclass(frozen=True)
class ReviewSummary:
    states: tuple[ItemState, ...]
    by_stage: dict[str, Counter] = field(default_factory=dict)  # stage id -> answer counts
    by_phase: dict[str, int] = field(default_factory=dict)  # phase id -> open items

    @property
    def critical_open(self) -> tuple[ItemState, ...]:
        return tuple(s for s in self.states if s.critical_open)

    @property
    def answered(self) -> int:
        return sum(s.answer != UNANSWERED for s in self.states)


def review_summary(wb: Workbook) -> ReviewSummary:
    """Every item's answer, the counts per stage, and the open items per phase."""
    review = wb.guidebook.review
    if review is None:
        return ReviewSummary(())
    states = []
    for item in review.items:
        value = wb.get(REVIEW_STEP, item.id, {})
        states.append(
            ItemState(
                item, value.get("answer", UNANSWERED), value.get("note", ""), value.get("owner", "")
            )
        )
    by_stage = {s.id: Counter() for s in review.stages}
    for state in states:
        by_stage[state.item.stage][state.answer] += 1
    phase_of = {step.id: step.phase_id for step in wb.guidebook.steps}
    by_phase = {p.id: 0 for p in wb.guidebook.phases}
    for state in states:
        for phase in {phase_of[s] for s in state.item.steps} if state.open else ():
            by_phase[phase] += 1
    return ReviewSummary(tuple(states), by_stage, by_phase)


def critical_warning(wb: Workbook) -> str:
    """One sentence while any critical item is open ('' when none): shown on the
    data-sharing agreement and the launch checklist, which it does not block."""
    open_items = review_summary(wb).critical_open
    if not open_items:
        return ""
    names = "; ".join(s.item.summary for s in open_items[:3])
    more = f" and {len(open_items) - 3} more" if len(open_items) > 3 else ""
    return (
        f"{len(open_items)} critical equity and ethics question"
        f"{'s are' if len(open_items) != 1 else ' is'} still open: {names}{more}."
    )


@check("equity")
def check_equity(wb: Workbook) -> list[Finding]:
    """Critical review items that are unanswered or answered "no"."""
    return [
        Finding(
            WARNING,
            f'Critical equity and ethics question {state_text(s)}: "{s.item.question}"',
            REVIEW_STEP,
            s.item.id,
        )
        for s in review_summary(wb).critical_open
    ]


def state_text(state: ItemState) -> str:
    return "not answered yet" if state.answer == UNANSWERED else 'answered "no"'
