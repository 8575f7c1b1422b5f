"""Step tools shown beside a worksheet (registered in `panels.TOOLS` by step id)."""

from __future__ import annotations

import base64

import ipywidgets as w

from ..checks.coalition import coverage, smallest_cover
from ..errors import plain
from ..workbook import Workbook
from ._html import esc
from .panels import tool

FORMAT_NAMES = {"docx": "Word", "html": "web page", "md": "Markdown"}


@tool("coalition")
def coalition_tool(wb: Workbook) -> list[w.Widget]:
    """What the chosen members cover, what is missing, and the smallest covering group."""
    result, proposal = coverage(wb), smallest_cover(wb)
    rows = "".join(
        f"<tr><td>{esc(n.label)}</td><td>"
        + (
            f"✓ {esc(', '.join(result.covered_by[n.id]))}"
            if result.covered_by.get(n.id)
            else '<span class="gl-warn">✗ missing</span>'
        )
        + "</td></tr>"
        for n in result.needs
    )
    parts = [
        "<h3>What the coalition covers</h3>",
        f'<table class="gl-grid"><tr><th>The coalition needs</th><th>Covered by</th></tr>'
        f"{rows}</table>",
    ]
    if result.unlinked:
        parts.append(
            '<p class="gl-warn">Link data sets to questions in step 1.3 so that '
            "providers can be checked.</p>"
        )
    if proposal.names:
        parts.append(
            f"<p>The smallest group from your register that covers all it can: "
            f"<b>{esc(', '.join(proposal.names))}</b> ({len(proposal.names)}).</p>"
        )
    if proposal.uncoverable:
        lacking = ", ".join(n.label for n in proposal.uncoverable)
        parts.append(
            f'<p class="gl-warn">No one in the register can cover: {esc(lacking)}. '
            "Add them to the stakeholder register (step 1.2) first.</p>"
        )
    return [w.HTML("".join(parts))]


def download_link(data: bytes, filename: str, fmt: str) -> str:
    from ..documents import MEDIA_TYPES

    href = f"data:{MEDIA_TYPES[fmt]};base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<a download="{esc(filename)}" href="{href}">{esc(filename)}</a> '
        f'<span class="gl-muted">({FORMAT_NAMES[fmt]}, {len(data) / 1024:.0f} KB)</span>'
    )


class DocumentExport(w.VBox):
    """A completeness list and a button that prepares download links for a document."""

    def __init__(self, wb: Workbook, kind: str, title: str) -> None:
        from ..documents import DOCUMENTS, missing_sections

        self.wb, self.kind = wb, kind
        missing = missing_sections(wb, kind)
        state = (
            "Every section is filled in."
            if not missing
            else "Still blank: " + ", ".join(missing) + "."
        )
        self.button = w.Button(
            description=f"Prepare the {title} files",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.button.on_click(lambda _b: self.prepare())
        self.links = w.HTML()
        super().__init__(
            [w.HTML(f"<h3>The {esc(title)}</h3><p>{esc(state)}</p>"), self.button, self.links]
        )
        assert kind in DOCUMENTS

    def prepare(self) -> None:
        from ..documents import render_document

        try:
            items, blanks = [], []
            for fmt in ("docx", "html", "md"):
                data, blanks = render_document(self.wb, self.kind, fmt)
                items.append(download_link(data, f"{self.wb.slug}-{self.kind}.{fmt}", fmt))
        except Exception as exc:  # noqa: BLE001 - never swallowed by ipywidgets
            self.links.value = f'<div class="gl-error">{esc(plain(exc))}</div>'
            return
        note = f"<p>Left blank: {esc(', '.join(blanks))}.</p>" if blanks else ""
        self.links.value = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" + note


@tool("charter")
def charter_tool(wb: Workbook) -> list[w.Widget]:
    return [DocumentExport(wb, "charter", "charter")]


def check_data_link(wb: Workbook) -> w.HTML:
    """A link to the notebook that checks an extract before it is shared. Relative, so it
    opens in Voilà from a Voilà page and in JupyterLab from a notebook."""
    href = f"check_shared_data.ipynb?workbook={esc(wb.slug)}"
    return w.HTML(
        f'<p>Before a data set leaves its owner, <a href="{href}" target="_blank">check it for '
        "identifiers and re-identification risk</a>; the result is recorded under "
        '"Checks of shared data" in step 2.1.</p>'
    )


@tool("capacity")
def capacity_tool(wb: Workbook) -> list[w.Widget]:
    return [check_data_link(wb)]


@tool("governance")
def governance_tool(wb: Workbook) -> list[w.Widget]:
    return [check_data_link(wb), DocumentExport(wb, "governance", "governance framework")]


@tool("feedback-loop")
def feedback_tool(wb: Workbook) -> list[w.Widget]:
    return [DocumentExport(wb, "feedback-plan", "feedback plan")]


@tool("agreement")
def agreement_tool(wb: Workbook) -> list[w.Widget]:
    """What each governing rule requires of the agreement, met or not, with its citation."""
    from ..checks.agreement import agreement_elements

    rule = wb.guidebook.step("agreement").field("dataset_rules").column("regime")
    rows = "".join(
        f"<tr><td>{'✓' if e.satisfied else '<span class=gl-warn>✗</span>'}</td>"
        f"<td>{esc(rule.option_label(e.regime))}</td><td>{esc(e.text)}</td>"
        f"<td>{esc(e.citation)}</td></tr>"
        for e in agreement_elements(wb)
    )
    table = "<h3>What the law requires of this agreement</h3>" + (
        '<table class="gl-grid"><tr><th></th><th>Rule</th><th>The agreement must</th>'
        f"<th>Source</th></tr>{rows}</table>"
        if rows
        else "<p>Choose the governing rule of each data set above to see what the "
        "agreement must contain.</p>"
    )
    return [*critical_notice(wb), w.HTML(table), DocumentExport(wb, "agreement", "agreement")]


def critical_notice(wb: Workbook) -> list[w.Widget]:
    """A warning while a critical equity and ethics question is open (it blocks nothing)."""
    from ..checks.review import critical_warning

    warning = critical_warning(wb)
    if not warning:
        return []
    href = f"equity_review.ipynb?workbook={esc(wb.slug)}"
    return [
        w.HTML(
            f'<div class="gl-notice" role="status">{esc(warning)} '
            f'<a href="{href}" target="_blank">Open the review</a>.</div>'
        )
    ]


@tool("launch")
def launch_tool(wb: Workbook) -> list[w.Widget]:
    """The reviews the framework implies over the next twelve months."""
    from ..reviews import review_calendar, review_calendar_table

    rows = review_calendar_table(review_calendar(wb))
    if not rows:
        return [
            *critical_notice(wb),
            w.HTML(
                "<h3>Reviews ahead</h3><p>Set meeting cadences (step 2.1) and dates to "
                "see the calendar the framework implies.</p>"
            ),
        ]
    soon, later = rows[:SOON], rows[SOON:]
    html = f"<h3>Reviews ahead</h3>{_calendar(soon)}"
    if later:  # a year of meetings is long: the rest folds away
        html += (
            f"<details><summary>{len(later)} more in the next 12 months</summary>"
            f"{_calendar(later)}</details>"
        )
    return [*critical_notice(wb), w.HTML(html)]


SOON = 8  # reviews listed before the rest fold away


def _calendar(rows: list[dict[str, str]]) -> str:
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(r[k])}</td>" for k in ("Date", "What", "Who")) + "</tr>"
        for r in rows
    )
    return f'<table class="gl-grid"><tr><th>Date</th><th>What</th><th>Who</th></tr>{body}</table>'




@tool("until-minimal")
def minimal_tool(wb: Workbook) -> list[w.Widget]:
    """Whether feedback has become minimal by the team's own definition, and since when."""
    from ..impact import minimal_status

    status = minimal_status(wb)
    kind = "gl-ok" if status.reached else "gl-warn"
    missing = "".join(f"<li>{esc(m)}</li>" for m in status.missing)
    return [
        w.HTML(
            "<h3>Has feedback become minimal?</h3>"
            f'<p class="{kind}"><b>{esc(status.summary)}</b></p>'
            f'<p class="gl-muted">{esc(status.definition)}</p>'
            + (f"<ul>{missing}</ul>" if missing else "")
        )
    ]


@tool("scale-up")
def scale_up_tool(wb: Workbook) -> list[w.Widget]:
    """The impact report: metrics, survey results, feedback rounds, readiness, review."""
    return [DocumentExport(wb, "impact-report", "impact report")]
