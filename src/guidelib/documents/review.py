"""The equity and ethics review as a document, and the review's questions as a markdown
checklist (`- [ ]` lines) a team can paste into a repository, as deon does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Block, Document, Paragraph, Placeholder, Table, assemble

if TYPE_CHECKING:
    from ..content import Review
    from ..workbook import Workbook

ANSWER_WORDS = {"yes": "Yes", "partly": "Partly", "no": "No", "na": "Not applicable"}
HEADER = ("Question", "Answer", "Note", "Owner")


def _stage_blocks(wb: Workbook, stage_id: str) -> list[Block]:
    from ..checks.review import review_summary

    states = [s for s in review_summary(wb).states if s.item.stage == stage_id]
    if not any(s.answer != "unanswered" for s in states):
        return [Placeholder("Not yet answered.")]
    rows = tuple(
        (
            s.item.question + (" (critical)" if s.item.critical else ""),
            ANSWER_WORDS.get(s.answer, "Not yet answered"),
            s.note,
            s.owner,
        )
        for s in states
    )
    return [Table(HEADER, rows)]


def build_equity_review(wb: Workbook) -> Document:
    """Every question of the review by life-cycle stage, with the team's answers."""
    from ..checks.review import critical_warning

    review = wb.guidebook.review
    intro: list[Block] = [Paragraph(review.intro)]
    warning = critical_warning(wb)
    if warning:
        intro.append(Paragraph(f"Open critical questions: {warning}"))
    sections = [(stage.title, _stage_blocks(wb, stage.id)) for stage in review.stages]
    return assemble(review.title, wb.name, intro, sections)


def _md(text: str) -> str:
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")


def checklist_markdown(review: Review) -> str:
    """The review's questions as a markdown checklist, by stage (no answers)."""
    lines = [f"# {_md(review.title)}", "", _md(review.intro), ""]
    for stage in review.stages:
        lines += [f"## {_md(stage.title)}", ""]
        for item in stage.items:
            flag = " **(critical)**" if item.critical else ""
            lines.append(f"- [ ] **{item.id}**{flag}: {_md(item.question)}")
        lines.append("")
    return "\n".join(lines)
