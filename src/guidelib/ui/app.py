"""The workbook app: pick or create a workbook, see progress, open a worksheet with its
checks, charts and tools. `start_here` shows every phase; a phase notebook shows one."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..content import GUIDEBOOK
from ..errors import plain
from ..workbook import (
    SaveResult,
    Workbook,
    create_workbook,
    list_workbooks,
    open_workbook,
    workbook_dir,
)
from ..workbook.locate import requested_workbook
from ..workbook.progress import progress
from ._html import esc
from ._style import style
from .files import FilesPanel
from .panels import StepPanel
from .progress import ProgressView, progress_text
from .review import review_sheet
from .worksheet import SAVE_DELAY, Status, Worksheet


def team_label(path: Path) -> str:
    """'Team name (slug)' for a workbook file, without opening it as a Workbook."""
    try:
        name = json.loads(path.read_text(encoding="utf-8"))["team"]["name"]
        return f"{name} ({path.stem})"
    except (OSError, ValueError, KeyError, TypeError):
        return path.stem


class Picker(w.VBox):
    """Open an existing workbook or create a new one in the folder."""

    def __init__(self, folder: Path, on_open: Any) -> None:
        self.folder, self.on_open = folder, on_open
        self.choice = w.Dropdown(
            description="Your team's workbook",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.choice.add_class("gl-field")
        open_button = w.Button(
            description="Open",
            button_style="primary",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        open_button.on_click(lambda _b: self._open())
        self.name = w.Text(
            description="Or start a new workbook: team name",
            placeholder="e.g. Riverbend kinship care",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.name.add_class("gl-field")
        create = w.Button(
            description="Create workbook", layout=w.Layout(width="auto", align_self="flex-start")
        )
        create.on_click(lambda _b: self._create())
        self.status = Status()
        super().__init__(
            [
                w.HTML("<h2>Choose a workbook</h2>"),
                self.choice,
                open_button,
                self.name,
                create,
                self.status,
            ]
        )
        self.add_class("gl-panel")
        self.refresh()

    def refresh(self) -> None:
        paths = list_workbooks(self.folder)
        self.choice.options = [(team_label(p), str(p)) for p in paths] or [("(none yet)", None)]
        self.choice.index = 0  # ipywidgets leaves no selection after new options

    def _open(self) -> None:
        if not self.choice.value:
            self.status.show("There is no workbook yet: type a team name and create one.", "warn")
            return
        self._attempt(lambda: open_workbook(self.choice.value))

    def _create(self) -> None:
        self._attempt(lambda: create_workbook(self.name.value, self.folder))
        self.refresh()

    def _attempt(self, make: Any) -> None:
        try:
            wb = make()
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, never swallowed
            self.status.show(plain(exc), "error")
            return
        self.status.show("")
        self.on_open(wb)


class WorkbookApp(w.VBox):
    """The whole app. `WorkbookApp(WORKBOOK, phase=None)`: WORKBOOK is a slug, a path, or
    None (then $GUIDELIB_WORKBOOK, then `?workbook=` in the page address, then a picker);
    `phase` limits the worksheets to one phase's steps. With `sheets=False` (a phase
    notebook, whose cells show the worksheets) it shows no worksheet and calls
    `on_open(wb)` when a workbook opens."""

    def __init__(
        self,
        workbook: str | os.PathLike[str] | None = None,
        folder: str | os.PathLike[str] | None = None,
        delay: float = SAVE_DELAY,
        phase: str | None = None,
        sheets: bool = True,
        on_open: Callable[[Workbook], None] | None = None,
    ) -> None:
        self.folder, self.delay, self.phase = workbook_dir(folder), delay, phase
        self.on_open = on_open
        steps = GUIDEBOOK.phase(phase).steps if phase else GUIDEBOOK.steps
        self.wb: Workbook | None = None
        self.sheet: Worksheet | None = None
        self.panel: StepPanel | None = None
        self.review: Worksheet | None = None  # the step's equity and ethics questions
        self.status = Status()
        self.header = w.HTML()
        self.who = w.Text(
            description="Your name, for the change log (optional)",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.who.add_class("gl-field")
        self.who.observe(self._who, names="value")
        self.progress = ProgressView(progress(GUIDEBOOK, {}), GUIDEBOOK, phase)
        self.step = w.Dropdown(
            options=[(f"{s.number} {s.title}", s.id) for s in steps],
            description="Open a worksheet",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.step.add_class("gl-field")
        self.step.observe(lambda _c: self._show_step(), names="value")
        self.sheet_box = w.VBox()
        self.files = FilesPanel(self.folder, on_restored=self.show_workbook)
        self.body = w.VBox(
            [
                self.header,
                self.who,
                w.HTML("<h2>Where your team stands</h2>"),
                self.progress,
                *([w.HTML("<h2>Worksheets</h2>"), self.step, self.sheet_box] if sheets else []),
                self.files,
            ],
            layout=w.Layout(display="none"),
        )
        self.picker = Picker(self.folder, on_open=self.show_workbook)
        super().__init__([style(), self.status, self.body, self.picker])
        self.add_class("gl-app")
        self._start(workbook)

    def _start(self, workbook: str | os.PathLike[str] | None) -> None:
        ref, source = requested_workbook(workbook)
        if source == "address" and ref is None:
            self.status.show("The address names no valid workbook; choose one below.", "error")
            return
        if ref is None:
            return
        try:
            self.show_workbook(open_workbook(ref, self.folder))
        except Exception as exc:  # noqa: BLE001 - the app must still open, with a sentence
            self.status.show(plain(exc), "error")
            return
        if source == "address":  # a shared link opens one team's workbook, not a list of all
            self.picker.layout.display = "none"

    def _flush(self) -> None:
        """Write what the open forms still hold before they are replaced."""
        for sheet in (self.sheet, self.review):
            if sheet is not None:
                sheet.flush()

    def show_workbook(self, wb: Workbook) -> None:
        """Show `wb`: its progress, the first unfinished worksheet, its download link."""
        self._flush()
        self.wb = wb
        if self.who.value.strip():
            wb.who = self.who.value.strip()[:80]
        self.status.show(" ".join(wb.notices), "warn" if wb.notices else "ok")
        wb.notices.clear()
        self.body.layout.display = None
        self._saved(None)
        self.sheet = None
        if self.on_open is not None:
            self.on_open(wb)
            return
        nxt = wb.progress().next_step(self.phase).id
        if self.step.value == nxt:
            self._show_step()
        else:
            self.step.value = nxt  # fires _show_step

    def _show_step(self) -> None:
        if self.wb is None:
            return
        self._flush()
        try:
            self.sheet = Worksheet(self.wb, self.step.value, delay=self.delay, on_saved=self._saved)
            self.panel = StepPanel(self.wb, self.step.value)
            self.review = review_sheet(self.wb, self.step.value, self.delay)
        except Exception as exc:  # noqa: BLE001
            self.status.show(plain(exc), "error")
            return
        self.sheet_box.children = [self.sheet, self.panel, *([self.review] if self.review else [])]

    def _saved(self, _result: SaveResult | None) -> None:
        assert self.wb is not None
        self.header.value = (
            f'<h2>{esc(self.wb.name)}</h2><div class="gl-muted">Workbook '
            f"{esc(self.wb.slug)}, revision {self.wb.revision}</div>"
        )
        self.progress.update(self.wb.progress())
        self.files.set_workbook(self.wb)
        if _result is not None and self.panel is not None:
            self.panel.refresh()

    def _who(self, change: dict) -> None:
        if self.wb is not None:
            self.wb.who = change["new"].strip()[:80] or None

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Static outputs (papermill, nbconvert) get a plain-text summary, not a repr."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if self.wb is not None:
            bundle["text/plain"] = f"{self.wb.name}\n{progress_text(self.wb.progress())}"
        return bundle
