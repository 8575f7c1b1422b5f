"""The impact report (Phase 3): metrics against targets, survey results with small groups
hidden, the feedback rounds and whether feedback has become minimal, readiness to scale
up, and the state of the equity and ethics review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import impact_groups
from .model import Block, BulletList, Document, Paragraph, Placeholder, Table, assemble, long_date

if TYPE_CHECKING:
    from ..workbook import Workbook

INTRO = (
    "This report shows what the coalition has learned and changed: its metrics, what the "
    "community said in the survey, how each round of feedback changed the rules, and "
    "whether the coalition is ready to grow."
)
HIDDEN = "hidden"  # a suppressed cell, in plain words


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _date(day) -> str:
    """A date (or ISO text) as people write it: "16 July 2026"."""
    return long_date(day if isinstance(day, str) else day.isoformat()) if day else ""


def _share(value: float | None) -> str:
    return "" if value is None else f"{round(100 * value)}%"


def _metrics(wb: Workbook) -> list[Block]:
    from ..impact import metric_status

    statuses = metric_status(wb)
    if not statuses:
        return [Placeholder("No metrics yet (step 3.1).")]
    rows = tuple(
        (
            m.metric,
            _number(m.baseline),
            _number(m.latest) + (f" ({_date(m.latest_date)})" if m.latest_date else ""),
            _number(m.target),
            m.note or m.state,
        )
        for m in statuses
    )
    return [Table(("Metric", "Baseline", "Latest", "Target", "Where it stands"), rows)]


def _cell(cell) -> str:
    if cell.count is None:
        return HIDDEN
    return f"{cell.count}" + (f" ({cell.percent:g}%)" if cell.percent is not None else "")


def _survey(wb: Workbook) -> list[Block]:
    # the report goes to stakeholders: the latest release, never live results
    from ..survey.releases import published_results

    latest, results = published_results(wb)
    if results is None or not results.respondents:
        from ..survey.store import count

        if count(wb):
            return [Placeholder("No survey results released yet (step 3.2).")]
        return [Placeholder("No survey responses yet (step 3.2).")]
    hidden, cells = results.suppressed()
    blocks: list[Block] = [
        Paragraph(
            f"{results.respondents} people answered. {results.rule_text()} In all, "
            f"{hidden} of {cells} cells across all tables are hidden. Results by group are in "
            "the survey results file."
        )
    ]
    for dist in results.distributions:
        if dist.question.demographic:
            continue
        blocks.append(Paragraph(dist.question.text))
        blocks.append(
            Table(
                ("Answer", "People (percent)"),
                tuple((label, _cell(c)) for label, c in zip(dist.labels, dist.cells, strict=True)),
            )
        )
    return blocks


def _rounds(wb: Workbook) -> list[Block]:
    from ..impact import minimal_status, rounds

    found = rounds(wb)
    if not found:
        return [Placeholder("No feedback rounds logged yet (step 3.3).")]
    rows = tuple(
        (
            str(r.number),
            _date(r.date),
            str(r.items),
            str(r.load),
            _share(r.share_reported),
        )
        for r in found
    )
    status = minimal_status(wb)
    return [
        Table(("Round", "Date", "Items", "Severity points", "Reported back"), rows),
        Paragraph(f"{status.definition} {status.summary}"),
    ]


def _readiness(wb: Workbook) -> list[Block]:
    from ..impact import readiness

    ready = readiness(wb)
    items = tuple(f"{'Yes' if i.met else 'Not yet'}: {i.label}. {i.reason}" for i in ready.items)
    return [BulletList(items)] if items else []


def _review(wb: Workbook) -> list[Block]:
    from ..checks.review import critical_warning, review_summary

    summary = review_summary(wb)
    if not summary.answered:
        return [Placeholder("The equity and ethics review has not been answered yet.")]
    open_items = [s for s in summary.states if s.open]
    text = (
        f"{summary.answered} of {len(summary.states)} questions answered; "
        f"{len(open_items)} still open. "
        + (critical_warning(wb) or "No critical question is open.")
    )
    blocks: list[Block] = [Paragraph(text)]
    if open_items:
        blocks.append(
            BulletList(
                tuple(
                    f"{s.item.summary}: {s.answer if s.answer != 'unanswered' else 'not answered'}"
                    + (f" ({s.note})" if s.note else "")
                    for s in open_items
                )
            )
        )
    return blocks


SECTIONS = (
    ("Metrics", _metrics),
    ("What the community said", _survey),
    ("Who benefits: results by group", impact_groups.by_group),
    ("Feedback rounds", _rounds),
    ("Ready to grow?", _readiness),
    ("Equity and ethics review", _review),
    ("Methods", impact_groups.methods),
    ("Limits", impact_groups.limits),
)


def build_impact_report(wb: Workbook) -> Document:
    """The impact report: every section from the workbook; empty ones are named as blank."""
    return assemble(
        "Impact Report",
        wb.name,
        [Paragraph(INTRO)],
        [(name, build(wb)) for name, build in SECTIONS],
    )
