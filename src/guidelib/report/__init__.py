"""The team's whole guidebook as a static report, for people who will print it.

`notebooks/report.ipynb` shows `cover()`, then `section()` for each phase, then
`review()`; `guidelib report` runs it with papermill and converts it with nbconvert
(`report.export`). Each call returns HTML (every answer escaped). The cover carries the
report's style and plotly.js, once, so the charts after it draw with no network.

>>> from guidelib import report
>>> report.section("example-kinship-care", "build-the-collective")  # doctest: +SKIP
<report: Phase 1: Build the collective>

The widget apps do not render in a static file, so nothing here uses a widget.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any

from ..audience import TEAM, refusal
from ..content.registry import Registry
from ..documents.model import long_date
from ..errors import GuidelibError
from ..workbook import Workbook, open_workbook
from ..workbook.locate import requested_workbook
from .answers import esc, step_html
from .style import CSS

#: The documents shown at the end of each phase, by `guidelib export --doc` name.
PHASE_DOCUMENTS = Registry(
    "PHASE_DOCUMENTS",
    {
        "build-the-collective": ("charter",),
        "define-the-operations": ("governance", "agreement"),
        "drive-impact": ("impact-report",),
    },
    kind="phase",
)
CHART_CONFIG = {"displayModeBar": False, "responsive": True}
NO_WORKBOOK = (
    "No workbook was chosen. Run <code>guidelib report WORKBOOK</code>, or open this "
    "page with <code>?workbook=&lt;name&gt;</code> at the end of its address."
)
_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")


class Html:
    """Markup a notebook shows as its output."""

    def __init__(self, markup: str, summary: str = "") -> None:
        self.markup = markup
        self.summary = summary

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return f"<report: {self.summary}>"


def _open(workbook: Workbook | str | os.PathLike[str] | None) -> Workbook | None:
    """The workbook asked for; None when none was, or when this kernel serves people the
    report is not for (a Voilà server with no login: `guidelib.audience`)."""
    if refusal(TEAM):
        return None
    if isinstance(workbook, Workbook):
        return workbook
    ref, _ = requested_workbook(workbook)
    return open_workbook(ref) if ref else None


def plotly_js() -> str:
    """plotly.js itself, inline: the report must draw its charts with no network."""
    from plotly.offline import get_plotlyjs  # lazy: plotly is slow to import

    return (
        '<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: "local"};'
        f'</script>\n<script type="text/javascript">{get_plotlyjs()}</script>'
    )


def chart_html(wb: Workbook, chart: Callable[[Workbook], Any], div_id: str) -> str:
    """One chart as a plotly div (plotly.js comes from the cover) named by its summary,
    with its numbers under *Show the numbers*; or a sentence if it cannot be drawn: the
    rest of the report still prints."""
    try:
        fig = chart(wb)
    except Exception as exc:  # noqa: BLE001 - one broken chart must not sink the report
        return f'<p class="gl-blank">This chart could not be drawn ({esc(type(exc).__name__)}).</p>'
    from ..charts.accessible import chart_block

    div = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=CHART_CONFIG)
    return chart_block(fig, div)


def document_html(wb: Workbook, kind: str) -> str:
    """A document (such as the charter) inside the report, its headings moved down two
    levels to sit under the phase."""
    from ..documents import build_document
    from ..documents.render_html import BLOCKS

    doc = build_document(wb, kind)
    body = "\n".join(BLOCKS[type(block)](block) for block in doc.blocks)
    body = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}", body)  # escaped text
    subtitle = f'<p class="subtitle">{esc(doc.subtitle)}</p>' if doc.subtitle.strip() else ""
    blanks = (
        f'<p class="gl-muted">Not yet written: {esc(", ".join(doc.blanks))}.</p>'
        if doc.blanks
        else ""
    )
    return (
        f'<section class="gl-doc" id="doc-{esc(kind)}"><h3 class="gl-doc-title">'
        f"{esc(doc.title)}</h3>{subtitle}{blanks}{body}</section>"
    )


def _progress_table(wb: Workbook) -> str:
    rows = ""
    progress = wb.progress()
    for phase in progress.phases:
        nxt = progress.next_step(phase.id)
        todo = f"{nxt.number} {nxt.title}" if phase.complete < len(phase.steps) else "Done"
        rows += (
            f'<tr><th scope="row"><a href="#phase-{phase.number}">Phase {phase.number}: '
            f"{esc(phase.title)}</a></th><td>{phase.complete} of {len(phase.steps)}</td>"
            f"<td>{esc(todo)}</td></tr>"
        )
    head = '<th scope="col">Phase</th><th scope="col">Steps complete</th>'
    head += '<th scope="col">Next step</th>'
    return f'<table class="gl-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _cover_html(wb: Workbook) -> str:
    progress = wb.progress()
    problem = wb.get("policy-problem", "problem")
    facilitator = wb.team.get("facilitator")
    details = f"Prepared {long_date(dt.date.today().isoformat())} from workbook {wb.slug}, "
    details += f"revision {wb.revision}." + (f" Facilitator: {facilitator}." if facilitator else "")
    return (
        '<header class="gl-report gl-cover"><p class="gl-kicker">Sharing Data for Social '
        f"Impact: progress report</p><h1>{esc(wb.name)}</h1>"
        + (f'<p class="gl-note">{esc(wb.team["note"])}</p>' if wb.team.get("note") else "")
        + f'<p class="gl-muted">{esc(details)}</p>'
        + (
            f'<div class="gl-problem"><h2>The problem</h2><p>{esc(problem)}</p></div>'
            if problem
            else ""
        )
        + f"<h2>Where the coalition stands</h2><p>{progress.complete} of "
        f"{len(progress.steps)} steps complete.</p>{_progress_table(wb)}"
        '<p><a href="#equity-review">Equity and ethics review</a></p></header>'
    )


def cover(workbook: Workbook | str | os.PathLike[str] | None = None) -> Html:
    """The report's first page: the team, its problem and where it stands; with the
    report's style and plotly.js."""
    if refusal(TEAM):
        return Html(f"<style>{CSS}</style><p>{esc(refusal(TEAM))}</p>", "refused")
    try:
        wb = _open(workbook)
    except GuidelibError as exc:
        return Html(f"<style>{CSS}</style><p>{esc(exc)}</p>", "no workbook")
    if wb is None:
        return Html(f"<style>{CSS}</style><p>{NO_WORKBOOK}</p>", "no workbook")
    return Html(f"<style>{CSS}</style>{plotly_js()}{_cover_html(wb)}", f"cover of {wb.name}")


def section(workbook: Workbook | str | os.PathLike[str] | None, phase_id: str) -> Html:
    """One phase: each step's answers and charts, then the phase's documents."""
    from ..charts import STEP_CHARTS  # lazy: plotly

    wb = _open(workbook)
    if wb is None:
        return Html("", "no workbook")
    phase = wb.guidebook.phase(phase_id)
    progress = wb.progress()
    parts = [
        f'<section class="gl-report gl-phase" id="phase-{phase.number}">'
        f"<h2>Phase {phase.number}: {esc(phase.title)}</h2>"
        f'<p class="gl-motto">{esc(phase.motto)}</p><p>{esc(phase.summary)}</p>'
    ]
    seen: set[Callable] = set()
    for step in phase.steps:
        parts.append(step_html(wb, step, progress.step(step.id).status))
        for i, chart in enumerate(c for c in STEP_CHARTS.get(step.id, []) if c not in seen):
            seen.add(chart)
            parts.append(chart_html(wb, chart, f"chart-{step.id}-{i}"))
    parts += [document_html(wb, kind) for kind in PHASE_DOCUMENTS.get(phase_id, ())]
    return Html("".join(parts) + "</section>", f"Phase {phase.number}: {phase.title}")


def review(workbook: Workbook | str | os.PathLike[str] | None = None) -> Html:
    """The equity and ethics review: where it stands by stage, and what is still open."""
    from ._review import review_html  # not `.review`: that would rebind this function

    wb = _open(workbook)
    if wb is None or wb.guidebook.review is None:
        return Html("", "no review")
    return Html(review_html(wb), "equity and ethics review")


__all__ = ["Html", "cover", "review", "section"]
