"""How far the team has got, as an HTML block: a card per phase with a bar and its steps."""

from __future__ import annotations

import ipywidgets as w

from ..content import Guidebook
from ..workbook.progress import Progress
from ._html import esc

_MARK = {"complete": "✓ Complete", "in progress": "◐ In progress", "not started": "○ Not started"}


def progress_html(progress: Progress, guidebook: Guidebook, phase_id: str | None = None) -> str:
    """Escaped HTML for a progress overview (no widgets: usable in reports too); one
    phase's card only when `phase_id` is given."""
    cards = []
    for phase in progress.phases:
        if phase_id and phase.id != phase_id:
            continue
        spec = guidebook.phase(phase.id)
        pct = round(phase.fraction * 100)
        steps = "".join(
            f'<li><span class="gl-badge {s.status.replace(" ", "-")}">{_MARK[s.status]}</span>'
            f"{esc(s.number)} {esc(s.title)} "
            f'<span class="gl-muted">({s.answered} of {s.total} answered)</span></li>'
            for s in phase.steps
        )
        cards.append(
            f'<section class="gl-phase"><h3>Phase {phase.number}: {esc(phase.title)} '
            f'<span class="gl-muted">· {esc(spec.motto)}</span></h3>'
            f"<p>{esc(spec.summary)}</p>"
            f'<div class="gl-muted">{phase.complete} of {len(phase.steps)} steps complete, '
            f"{pct}% answered</div>"
            f'<div class="gl-bar" role="img" aria-label="{pct}% answered">'
            f'<div style="width:{pct}%"></div></div>'
            f'<ul class="gl-steps">{steps}</ul></section>'
        )
    return "".join(cards)


def progress_text(progress: Progress) -> str:
    """A plain-text summary, for terminals and static exports."""
    lines = [f"{progress.complete} of {len(progress.steps)} steps complete"]
    for phase in progress.phases:
        lines.append(
            f"Phase {phase.number}: {phase.title}: {phase.complete} of "
            f"{len(phase.steps)} steps complete ({round(phase.fraction * 100)}%)"
        )
    return "\n".join(lines)


class ProgressView(w.HTML):
    def __init__(self, progress: Progress, guidebook: Guidebook, phase_id: str | None = None):
        super().__init__()
        self.guidebook, self.phase_id = guidebook, phase_id
        self.update(progress)

    def update(self, progress: Progress) -> None:
        self.value = progress_html(progress, self.guidebook, self.phase_id)
