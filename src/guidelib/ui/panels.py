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
from ..content.registry import Registry
from ..errors import plain
from ..workbook import Workbook
from ..workbook.locate import in_voila
from ._html import esc
from .clock import Clock, KernelLoop, remember_kernel_loop

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def figure_output(fig: Any) -> w.Output:
    """A plotly figure in an Output widget, as the plotly mimetype, then its numbers.

    Setting `outputs` directly needs no kernel (tests, papermill) and sends no HTML that
    would fetch plotly.js from a CDN, which fails offline. In Voilà the chart waits for
    the page (see `_Deferred`): the form and the text come first. The second output holds
    the chart's numbers under *Show the numbers* and names the plot (`chart_name_html`).
    """
    from ..charts import accessible  # lazy, like plotly

    spec = json.loads(fig.to_json())
    # no "responsive": its 100% height collapses inside an output area with no set height
    spec["config"] = dict(accessible.CONFIG)
    title = accessible.title(fig)
    out = w.Output(layout=w.Layout(width="100%"))
    out.add_class("gl-chart")
    chart = (
        {
            "output_type": "display_data",
            "data": {PLOTLY_MIME: spec, "text/plain": f"[chart: {title}]"},
            "metadata": {},
        },
        {
            "output_type": "display_data",
            "data": {"text/html": chart_name_html(fig), "text/plain": ""},
            "metadata": {},
        },
    )
    if _Deferred.wanted():
        _Deferred(out, chart, title)
    else:
        out.outputs = chart
    return out


#: Names the plot output just before it: role="img" and the summary as aria-label. A
#: widget's output area has no other way to set attributes on the element plotly draws
#: in; Output widgets render their outputs trusted, so this script runs in JupyterLab and
#: Voilà alike.
_NAME_SCRIPT = (
    "<script>(function(s){var c=s.closest('.jp-OutputArea-child');"
    "var p=c&&c.previousElementSibling;var t=p&&p.querySelector('.jp-OutputArea-output');"
    "if(t){t.setAttribute('role','img');t.setAttribute('aria-label',s.dataset.summary);"
    "t.classList.add('gl-chart-plot');}})(document.currentScript);</script>"
)


def chart_name_html(fig: Any) -> str:
    """The chart's numbers (a disclosure) and the script that names its plot."""
    from ..charts import accessible

    summary = esc(accessible.summary(fig))
    script = _NAME_SCRIPT.replace("<script>", f'<script data-summary="{summary}">', 1)
    return f'<div class="gl-chart-numbers">{accessible.numbers_html(fig)}</div>{script}'


class _Deferred:
    """Charts that wait for the page around them, in Voilà only.

    The browser starts plotly.js when it draws the first chart, which takes about a second
    on a slow machine (bench/voila_tti.py: a one-chart notebook against a one-button one).
    Drawn with the page, that second holds back the whole form. So, until the page has
    connected, a chart's Output holds one line of text. When the page asks the kernel for
    its widgets (the "request_states" message of ipywidgets' control comm), the charts go
    in `DELAY` seconds later, after the form has been drawn; later charts go in at once. If
    no page ever asks (a kernel with no browser), they go in after `FALLBACK` seconds.
    """

    DELAY = 0.3
    FALLBACK = 5.0
    page_seen = False
    pending: list[_Deferred] = []
    clock: Clock = KernelLoop()  # tests put a ManualClock here

    @classmethod
    def wanted(cls) -> bool:
        """In Voilà, before the page has connected (the page opens ipywidgets' control
        comm when it connects)."""
        connected = cls.page_seen or getattr(w.Widget, "_control_comm", None) is not None
        return in_voila() and not connected

    def __init__(self, out: w.Output, chart: tuple, title: str) -> None:
        self.out, self.chart, self.done = out, chart, False
        out.outputs = (
            {
                "output_type": "display_data",
                "data": {
                    "text/html": f'<p class="gl-muted">Drawing the chart: {esc(title)}…</p>',
                    "text/plain": f"[chart: {title}]",
                },
                "metadata": {},
            },
        )
        if self.clock.call_later(self.FALLBACK, self.fill) is None:
            self.fill()  # no event loop: nothing would ever fill it
            return
        type(self).pending.append(self)

    def fill(self) -> None:
        if not self.done:
            self.done = True
            self.out.outputs = self.chart

    @classmethod
    def page_connected(cls) -> None:
        cls.page_seen = True
        waiting, cls.pending = cls.pending, []
        for chart in waiting:
            if cls.clock.call_later(cls.DELAY, chart.fill) is None:
                chart.fill()


def _listen_for_the_page() -> None:
    """Call `_Deferred.page_connected` when the page asks for the widgets' state. This
    wraps ipywidgets' handler of its control comm, at import: before a notebook has run,
    so before any page connects. If ipywidgets changes it, charts still come, after
    `_Deferred.FALLBACK` seconds."""
    remember_kernel_loop()  # a notebook cell imports this module, on the kernel's loop
    handler = getattr(w.Widget, "_handle_control_comm_msg", None)
    if handler is None or getattr(handler, "_guidelib", False):
        return
    original = handler.__func__

    def handle(cls, msg):
        original(cls, msg)
        try:
            asked = msg["content"]["data"].get("method") == "request_states"
        except (KeyError, TypeError, AttributeError):
            asked = False
        if asked:
            _Deferred.page_connected()

    handle._guidelib = True  # type: ignore[attr-defined]
    w.Widget._handle_control_comm_msg = classmethod(handle)


def findings_html(findings: list) -> str:
    if not findings:
        return ""
    items = "".join(
        f'<li class="gl-{"error" if f.level == ERROR else "warn"}">{esc(f.message)}</li>'
        for f in findings
    )
    return f'<div class="gl-notice" role="status"><b>Check</b><ul>{items}</ul></div>'


Tool = Callable[[Workbook], list[w.Widget]]
TOOLS: Registry[Tool] = Registry("TOOLS")


def tool(step_id: str) -> Callable[[Tool], Tool]:
    """`@tool("charter")` shows the function's widgets beside that step's worksheet."""
    return TOOLS.register(step_id)


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


_listen_for_the_page()
