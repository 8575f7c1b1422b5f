"""The equity and ethics review where the work happens: beside each step's worksheet, the
review items that belong to it, each answered yes / partly / no / not applicable with a
note and an owner, saved like any other answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from ..content import GUIDEBOOK, REVIEW_STEP, Field
from ..workbook import Workbook
from ._html import esc
from .fields import FieldInput, widget
from .worksheet import SAVE_DELAY, Worksheet


@widget("review")
class ReviewInput(FieldInput):
    """One review item: its question, the answer buttons, a note and an owner."""

    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        item = GUIDEBOOK.review.item(field.id) if GUIDEBOOK.review else None
        badge = '<span class="gl-critical">Critical</span> ' if item and item.critical else ""
        self.answer = w.ToggleButtons(
            options=[(o.label, o.id) for o in field.options],
            value=None,
            description=field.label,
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.answer.add_class("gl-field")
        self.note = w.Text(
            description="Note",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.owner = w.Text(
            description="Owner",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        for box in (self.note, self.owner):
            box.add_class("gl-field")
            box.add_class("gl-compact")
        more = (
            (
                f"<details><summary>What good looks like, and warning signs</summary>"
                f"<p><b>Good practice:</b> {esc(item.good)}</p>"
                f"<p><b>Warning signs:</b> {esc(item.warning_signs)}</p></details>"
            )
            if item
            else ""
        )
        summary = esc(item.summary) if item else ""
        head = w.HTML(f'<div class="gl-muted">{badge}{summary}</div>{more}')
        self.widget = w.VBox([self.answer, head, w.HBox([self.note, self.owner])])
        self.widget.add_class("gl-review-item")
        self._watch(self.answer, self.note, self.owner)

    def get(self) -> Any:
        return {
            "answer": self.answer.value or "",
            "note": self.note.value,
            "owner": self.owner.value,
        }

    def _put(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        ids = {o.id for o in self.field.options}
        self.answer.value = value.get("answer") if value.get("answer") in ids else None
        self.note.value = str(value.get("note", ""))
        self.owner.value = str(value.get("owner", ""))


def review_sheet(wb: Workbook, step_id: str, delay: float = SAVE_DELAY) -> Worksheet | None:
    """The review items that belong to `step_id`, as a self-saving form (None if none)."""
    review = wb.guidebook.review
    items = review.for_step(step_id) if review else ()
    if not items:
        return None
    heading = (
        "<h3>Equity and ethics questions for this step</h3>"
        f'<p class="gl-muted">{esc(review.intro)}</p>'
    )
    return Worksheet(wb, REVIEW_STEP, delay=delay, fields=[i.id for i in items], heading=heading)


def summary_html(wb: Workbook) -> str:
    """Open items by stage and by phase, and the critical items still "no" or unanswered."""
    from ..checks.review import review_summary, state_text

    summary = review_summary(wb)
    review = wb.guidebook.review
    stage_rows = "".join(
        f"<tr><td>{esc(s.title)}</td><td>{len(s.items)}</td>"
        f"<td>{sum(c for a, c in summary.by_stage[s.id].items() if a not in ('yes', 'na'))}"
        "</td></tr>"
        for s in review.stages
    )
    phase_rows = "".join(
        f"<tr><td>Phase {p.number}: {esc(p.title)}</td><td>{summary.by_phase[p.id]}</td></tr>"
        for p in wb.guidebook.phases
    )
    critical = "".join(
        f"<li><b>{esc(s.item.summary)}</b>: {esc(state_text(s))}"
        + (f" (owner: {esc(s.owner)})" if s.owner else "")
        + "</li>"
        for s in summary.critical_open
    )
    return (
        f"<p>{summary.answered} of {len(summary.states)} questions answered.</p>"
        + (
            f'<div class="gl-notice"><b>Critical questions still open</b><ul>{critical}</ul></div>'
            if critical
            else '<p class="gl-ok">No critical question is open.</p>'
        )
        + '<table class="gl-grid"><tr><th>Stage</th><th>Questions</th><th>Open</th></tr>'
        + stage_rows
        + "</table>"
        + '<table class="gl-grid"><tr><th>Phase</th><th>Open questions beside its steps</th>'
        + "</tr>"
        + phase_rows
        + "</table>"
    )


class ReviewView(w.VBox):
    """The whole review: where it stands, a chart, and every question by stage."""

    def __init__(
        self,
        wb: Workbook,
        delay: float = SAVE_DELAY,
        on_saved: Callable[[Workbook], None] | None = None,
    ) -> None:
        self.wb, self.on_saved = wb, on_saved
        review = wb.guidebook.review
        self.summary = w.HTML()
        self.chart_box = w.VBox()
        self.export = _export(wb)
        self.sheets = (
            [
                Worksheet(
                    wb,
                    REVIEW_STEP,
                    delay=delay,
                    fields=[i.id for i in stage.items],
                    heading=f"<h3>{esc(stage.title)}</h3>",
                    on_saved=lambda _r: self.saved(),
                )
                for stage in review.stages
            ]
            if review
            else []
        )
        super().__init__(
            [
                w.HTML(f"<p>{esc(review.intro)}</p>" if review else ""),
                self.summary,
                self.chart_box,
                self.export,
                *self.sheets,
            ]
        )
        self.add_class("gl-app")
        self.refresh()

    def saved(self) -> None:
        self.refresh()
        if self.on_saved is not None:
            self.on_saved(self.wb)

    def refresh(self) -> None:
        from ..charts.review import review_chart  # lazy: plotly loads when a chart is drawn
        from .panels import figure_output

        self.summary.value = summary_html(self.wb)
        self.chart_box.children = [figure_output(review_chart(self.wb))]


def _export(wb: Workbook) -> w.Widget:
    """The review as a document, and its questions as a markdown checklist to paste into a
    repository (a `data:` link: JavaScript downloads fail in Voilà)."""
    from ..documents.review import checklist_markdown
    from .tools import DocumentExport, download_link

    review = wb.guidebook.review
    checklist = checklist_markdown(review).encode("utf-8") if review else b""
    link = w.HTML(
        "<p>The questions alone, as a checklist for a repository: "
        + download_link(checklist, "equity-checklist.md", "md")
        + "</p>"
    )
    return w.VBox([DocumentExport(wb, "equity-review", "equity and ethics review"), link])
