"""The stakeholder dashboard: where a coalition stands, for people who do not fill in the
workbook (an executive, a partner agency, a community member opening a Voilà link).

Read-only: it never saves, and shows no input but the workbook picker and a button that
makes the page a file (`dashboard_page.page_html`: what is on screen, never the workbook).
The sections themselves are in `guidelib.dashboard_page`; survey figures come only from
the released, suppressed results: a small count is "hidden".

`Dashboard(WORKBOOK)` draws its title and a "Loading…" line at once. Inside a kernel the
sections are built on the event loop right after, so the page paints before plotly and
the survey tables load; outside one (tests, scripts) they are built before it returns.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..audience import REFUSALS, STAKEHOLDERS, allows, public_dashboards
from ..dashboard_page import (  # noqa: F401 - re-exported: the sections' builders
    DASHBOARD_CSS,
    SECTIONS,
    TITLE,
    Chart,
    Section,
    coalition_html,
    feedback_parts,
    governance_html,
    later_html,
    launch_html,
    metrics_parts,
    overview_html,
    page_html,
    section_parts,
    survey_html,
    title_html,
)
from ..dashboard_page import _has as has_answers
from ..errors import plain
from ..workbook import Workbook, list_workbooks, open_workbook, workbook_dir, workbook_path
from ..workbook.locate import in_voila, requested_workbook
from ._html import esc
from ._style import style
from .app import Picker
from .clock import Clock, KernelLoop
from .worksheet import Status


def _widget(part: str | Chart, wb: Workbook) -> w.Widget:
    """A section's part as a widget: HTML as it is, a chart the way worksheets show theirs."""
    if isinstance(part, Chart):
        from .panels import figure_output

        return figure_output(part.figure(wb))
    return w.HTML(part)


def _section(title: str, build: Section, wb: Workbook) -> w.Widget:
    try:
        children = [_widget(part, wb) for part in section_parts(title, build, wb)]
    except Exception as exc:  # noqa: BLE001 - a chart failing must not hide the others
        sentence = esc(f"This part could not be shown: {plain(exc)}")
        children = [w.HTML(f'<p class="gl-error">{sentence}</p>')]
    box = w.VBox(children)
    box.add_class("gl-section")
    return box


def page_link_html(wb: Workbook) -> str:
    """A link that carries `page_html(wb)`: the page as a file, never the workbook."""
    data = page_html(wb).encode("utf-8")
    href = "data:text/html;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    name = f"{wb.slug}-dashboard.html"
    return (
        f'<span class="gl-download"><a download="{esc(name)}" href="{href}">Download {esc(name)}'
        f'</a> <span class="gl-muted">({len(data) / 1024:,.0f} KB)</span></span>'
    )


class Dashboard(w.VBox):
    """`Dashboard(WORKBOOK)`: a read-only view of a workbook named by parameter,
    environment or page address (`?workbook=slug`), else a picker."""

    clock: Clock = KernelLoop()  # when the sections are built; tests put a ManualClock here

    def __init__(
        self,
        workbook: str | os.PathLike[str] | None = None,
        folder: str | os.PathLike[str] | None = None,
    ) -> None:
        self.folder = workbook_dir(folder)
        self.wb: Workbook | None = None
        self.status = Status()
        self.title = w.HTML()  # the notebook's own title shows until a workbook opens
        self.body = w.VBox()
        # With no login (`guidelib serve-public`) no picker is made at all: every widget
        # made in a Voilà kernel reaches the page, shown or not, and a picker's options
        # are the names of every team in the folder.
        self.public = not allows(STAKEHOLDERS)
        self.picker = w.VBox() if self.public else self._read_only_picker()
        css = w.HTML(f"<style>{DASHBOARD_CSS}</style>", layout=w.Layout(display="none"))
        super().__init__([style(), css, self.title, self.status, self.body, self.picker])
        self.add_class("gl-app")
        self.add_class("gl-dashboard")
        self.status.show("Loading…")
        self._start(workbook)

    def _read_only_picker(self) -> Picker:
        """Stakeholders open workbooks; they do not start new ones here."""
        picker = Picker(self.folder, on_open=self.show)
        picker.choice.description = "Team"
        picker.children = [
            c
            for c in picker.children
            if c is not picker.name and getattr(c, "description", "") != "Create workbook"
        ]
        return picker

    def _start(self, workbook: str | os.PathLike[str] | None) -> None:
        try:
            ref, source = requested_workbook(workbook)
            if self.public and not self._published(ref, source):
                return
            if ref is None:
                self._ask(source)
                return
            if source == "address" and not workbook_path(ref, self.folder).exists():
                # a visitor's sentence names the team asked for, never the server's folders
                self.status.show(f'There is no workbook "{ref}" here; choose one below.', "error")
                return
            wb = open_workbook(ref, self.folder)
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self.status.show(plain(exc), "error")
            return
        if source == "address":  # a shared link shows one team, not a list of all
            self.picker.layout.display = "none"
        self.wb = wb
        self._later(lambda: self.show(wb))

    def _published(self, ref: str | None, source: str) -> bool:
        """On a server with no login (`guidelib serve-public`), only the dashboards the
        team published there, named by the page address: no picker (it would list every
        team), and the same sentence for a team that is not published as for one that
        does not exist."""
        if source == "address" and ref in public_dashboards():
            return True
        self.status.show(REFUSALS[STAKEHOLDERS], "warn")
        return False

    def _ask(self, source: str) -> None:
        if not list_workbooks(self.folder):
            self.picker.layout.display = "none"
            self.status.show("There is no workbook here yet.", "warn")
        elif source == "address":
            self.status.show("The address names no valid workbook; choose one below.", "error")
        else:
            self.status.show("Choose a team's workbook below.")

    def _later(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the kernel's loop (after the title has painted) in JupyterLab, else
        now. In Voilà the page shows nothing until the cell has run, so deferring gains
        nothing there, and widgets made while the page is loading the first widgets'
        state can reach it in the wrong order ("widget model not found")."""
        if in_voila() or self.clock.call_later(0, fn) is None:
            fn()

    def show(self, wb: Workbook) -> None:
        """Build every section for `wb`; a failure becomes a sentence on the status line."""
        try:
            self.wb = wb
            self.status.show("Loading…")
            self.title.value = title_html(wb)
            self.body.children = self._sections(wb)
            self.status.show("")
        except Exception as exc:  # noqa: BLE001 - ipywidgets would swallow it, Voilà hide it
            self.status.show(plain(exc), "error")

    def _sections(self, wb: Workbook) -> list[w.Widget]:
        parts: list[w.Widget] = [w.HTML(overview_html(wb))]
        for title, steps, build in SECTIONS:
            if steps and not has_answers(wb, *steps):
                continue
            parts.append(_section(title, build, wb))
        later = later_html(wb, SECTIONS)
        if later:
            parts.append(w.HTML(later))
        return [*parts, self._copy_box()]

    def _copy_box(self) -> w.Widget:
        """The page as a file (read-only, what is on screen); made on request, because
        plotly.js inside it weighs a few megabytes."""
        button = w.Button(description="Prepare this page as a file", layout=w.Layout(width="auto"))
        link = w.HTML()

        def prepare(_b: Any) -> None:
            try:
                link.value = page_link_html(self.wb) if self.wb else ""
            except Exception as exc:  # noqa: BLE001 - ipywidgets would swallow it
                link.value = f'<p class="gl-error">{esc(plain(exc))}</p>'

        button.on_click(prepare)
        box = w.VBox(
            [
                w.HTML(
                    "<h3>Keep a copy</h3><p class='gl-muted'>This page is read-only. It shows "
                    "the team's own answers. The file holds exactly what this page shows, "
                    "and opens with no network.</p>"
                ),
                w.HBox([button, link]),
            ]
        )
        box.add_class("gl-section")
        self.copy_button, self.copy_link = button, link
        return box

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Static outputs (papermill, nbconvert) get a plain-text line, not a repr."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if self.wb is not None:
            bundle["text/plain"] = f"{self.wb.name}: {TITLE.lower()}"
        return bundle
