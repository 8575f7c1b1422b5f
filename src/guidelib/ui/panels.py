"""What a worksheet shows beside its form: the checks that concern the step, its charts,
and step-specific tools (the coalition's coverage, the charter's export).

`StepPanel(wb, step_id)` collects them; `refresh()` rebuilds them after each save. Step
tools are looked up by step id in `TOOLS`; charts in `guidelib.charts.STEP_CHARTS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..checks import ERROR, run_checks
from ..errors import plain
from ..workbook import Workbook
from ._html import esc

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def figure_output(fig: Any) -> w.Output:
    """A plotly figure in an Output widget, as the plotly mimetype only.

    Setting `outputs` directly needs no kernel (tests, papermill) and sends no HTML that
    would fetch plotly.js from a CDN, which fails offline.
    """
    spec = json.loads(fig.to_json())
    # no "responsive": its 100% height collapses inside an output area with no set height
    spec["config"] = {"displaylogo": False}
    title = (fig.layout.title.text or "Chart") if fig.layout.title else "Chart"
    out = w.Output(layout=w.Layout(width="100%"))
    out.outputs = (
        {
            "output_type": "display_data",
            "data": {PLOTLY_MIME: spec, "text/plain": f"[chart: {title}]"},
            "metadata": {},
        },
    )
    out.add_class("gl-chart")
    return out


def findings_html(findings: list) -> str:
    if not findings:
        return ""
    items = "".join(
        f'<li class="gl-{"error" if f.level == ERROR else "warn"}">{esc(f.message)}</li>'
        for f in findings
    )
    return f'<div class="gl-notice" role="status"><b>Check</b><ul>{items}</ul></div>'


Tool = Callable[[Workbook], list[w.Widget]]
TOOLS: dict[str, Tool] = {}


def tool(step_id: str) -> Callable[[Tool], Tool]:
    def register(fn: Tool) -> Tool:
        TOOLS[step_id] = fn
        return fn

    return register


class StepPanel(w.VBox):
    """Checks, charts and tools for one step; rebuilt by `refresh()`."""

    def __init__(self, wb: Workbook, step_id: str) -> None:
        super().__init__()
        self.wb, self.step_id = wb, step_id
        self.figures: list[Any] = []  # the plotly figures shown, for tests and exports
        self.add_class("gl-panel-step")
        self.refresh()

    def refresh(self) -> None:
        try:
            self.children = self._build()
        except Exception as exc:  # noqa: BLE001 - a chart must never take the form down
            self.children = [w.HTML(f'<div class="gl-error">{esc(plain(exc))}</div>')]

    def _build(self) -> list[w.Widget]:
        findings = [f for f in run_checks(self.wb) if f.step == self.step_id]
        parts: list[w.Widget] = []
        if findings:
            parts.append(w.HTML(findings_html(findings)))
        self.figures = [chart(self.wb) for chart in _charts(self.step_id)]
        parts += [figure_output(fig) for fig in self.figures]
        if self.step_id in TOOLS:
            parts += TOOLS[self.step_id](self.wb)
        return parts


def _charts(step_id: str) -> list[Callable[[Workbook], Any]]:
    from ..charts import STEP_CHARTS  # lazy: plotly is imported only when charts are shown

    return STEP_CHARTS.get(step_id, [])


from . import tools  # noqa: E402,F401 - registers the step tools
