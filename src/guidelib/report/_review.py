"""The equity and ethics review in the report: a summary by stage, the critical questions
still open, the chart, and each question with work left (its note and owner)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..checks.review import UNANSWERED, ItemState, review_summary
from ..content import REVIEW_ANSWERS
from .answers import esc

if TYPE_CHECKING:
    from ..workbook import Workbook

ANSWER_WORDS = {o.id: o.label for o in REVIEW_ANSWERS} | {UNANSWERED: "Not answered yet"}


def _stage_table(wb: Workbook) -> str:
    summary = review_summary(wb)
    rows = ""
    for stage in wb.guidebook.review.stages:
        counts = summary.by_stage[stage.id]
        done = counts["yes"] + counts["na"]
        rows += (
            f'<tr><th scope="row">{esc(stage.title)}</th><td>{len(stage.items)}</td>'
            f"<td>{done}</td><td>{counts['partly'] + counts['no']}</td>"
            f"<td>{counts[UNANSWERED]}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Stage", "Questions", "Settled", "Work left", "Not answered")
    )
    return f'<table class="gl-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _item(state: ItemState) -> str:
    extra = [f"Note: {state.note}"] if state.note else []
    extra += [f"Owner: {state.owner}"] if state.owner else []
    lines = "".join(f"<br>{esc(x)}" for x in extra)
    critical = ' <span class="gl-status gl-critical">Critical</span>' if state.item.critical else ""
    return (
        f"<li><strong>{esc(state.item.summary)}</strong>{critical}: "
        f"{esc(ANSWER_WORDS.get(state.answer, state.answer))}.<br>"
        f'<span class="gl-muted">{esc(state.item.question)}</span>{lines}</li>'
    )


def review_html(wb: Workbook) -> str:
    """The review section of the report."""
    from ..charts.review import review_chart
    from . import chart_html

    summary = review_summary(wb)
    critical = summary.critical_open
    alert = (
        '<div class="gl-alert"><strong>Critical questions still open:</strong><ul>'
        + "".join(_item(s) for s in critical)
        + "</ul></div>"
        if critical
        else '<p class="gl-ok">No critical question is open.</p>'
    )
    work = [s for s in summary.states if s.answer in ("no", "partly") and not s.critical_open]
    open_list = (
        "<h3>Questions with work left</h3><ul>" + "".join(_item(s) for s in work) + "</ul>"
        if work
        else ""
    )
    return (
        '<section class="gl-report gl-phase" id="equity-review"><h2>Equity and ethics '
        f"review</h2><p>{summary.answered} of {len(summary.states)} questions answered.</p>"
        f"{alert}{_stage_table(wb)}{chart_html(wb, review_chart, 'chart-equity-review')}"
        f"{open_list}</section>"
    )
