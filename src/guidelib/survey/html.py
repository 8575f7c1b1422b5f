"""Survey results and import reports as HTML fragments for the team's panel (everything
escaped; the app's CSS classes). Only published figures appear: a suppressed cell says
"suppressed", with the explanation once above the tables."""

from __future__ import annotations

import html

from ..datacheck.suppress import TOTAL
from .importer import ImportReport
from .results import OPEN_NOTE, PERCENTS, SUPPRESSED, Breakdown, Cell, Distribution, SurveyResults

HIDDEN = '<span class="gl-muted">suppressed</span>'
MAX_BAD_ROWS = 30


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(head: list[str], rows: list[list[str]], caption: str = "") -> str:
    """A gl-grid table; cells are already escaped HTML."""
    cap = f"<caption>{caption}</caption>" if caption else ""
    top = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join(
        f'<tr><th scope="row">{row[0]}</th>' + "".join(f"<td>{c}</td>" for c in row[1:]) + "</tr>"
        for row in rows
    )
    return f'<table class="gl-grid gl-survey-table">{cap}<tr>{top}</tr>{body}</table>'


def cell_html(cell: Cell, total: bool = False) -> str:
    """A count and its percentage ("suppressed" when hidden); a total shows no 100%."""
    if cell.hidden:
        return HIDDEN
    if total or cell.percent is None:
        return f"{cell.count:,}"
    return f'{cell.count:,} <span class="gl-muted">({cell.percent:.1f}%)</span>'


def intro_html(results: SurveyResults) -> str:
    n = results.respondents
    hidden, total = results.suppressed()
    return (
        f"<p><b>{n:,} response{'s' * (n != 1)}.</b> Rule for small groups: "
        f"{esc(results.policy.rule)}. {hidden:,} of {total:,} cells in the tables below "
        f"are suppressed.</p><p>{esc(SUPPRESSED)} {esc(PERCENTS)}</p>"
        + "".join(f'<p class="gl-warn">{esc(note)}</p>' for note in results.notes)
    )


def distribution_html(number: int, d: Distribution) -> str:
    rows = [[esc(label), cell_html(c)] for label, c in zip(d.labels, d.cells, strict=True)]
    rows.append([TOTAL, cell_html(d.total, total=True)])
    about = " (about the respondent)" if d.question.demographic else ""
    caption = f"{number}. {esc(d.question.text)}{about}"
    return _table(["Answer", "Respondents (% of all)"], rows, caption)


def distributions_html(results: SurveyResults) -> str:
    number = results.definition.number
    return "".join(distribution_html(number(d.question), d) for d in results.distributions)


def breakdown_html(b: Breakdown) -> str:
    head = [esc(b.by.text), *(esc(label) for label in b.labels), "Total"]
    rows = [
        [esc(group), *(cell_html(c) for c in cells[:-1]), cell_html(cells[-1], total=True)]
        for group, cells in zip(b.groups, b.cells, strict=True)
    ]
    caption = f"{esc(b.question.text)} <span class='gl-muted'>(% of the row)</span>"
    return _table(head, rows, caption)


def open_answers_html(results: SurveyResults) -> str:
    parts = []
    for q, texts in results.open_answers:
        items = "".join(f"<li>{esc(t)}</li>" for t in texts)
        count = f"{len(texts)} written answer{'s' * (len(texts) != 1)}"
        parts.append(
            f"<details><summary>{esc(q.text)} ({count})</summary>"
            f'<p class="gl-warn">{esc(OPEN_NOTE)}</p>'
            f'<ul class="gl-open" style="white-space: pre-line">{items}</ul></details>'
        )
    return "".join(parts)


def import_html(report: ImportReport) -> str:
    lines = report.lines(limit=MAX_BAD_ROWS)
    kind = "gl-warn" if report.bad_rows else "gl-ok"
    head, rest = lines[0], lines[1:]
    items = "".join(f"<li>{esc(line)}</li>" for line in rest)
    return f'<div class="{kind}" role="status"><p>{esc(head)}</p><ul>{items}</ul></div>'
