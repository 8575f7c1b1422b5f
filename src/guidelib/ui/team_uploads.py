"""*Add team workbooks*, in the facilitator's view: the workbooks teams downloaded from their
Binder sessions, as .json files or a .zip (`guidelib.uploads` does the work)."""

from __future__ import annotations

import os
from collections.abc import Callable

import ipywidgets as w

from ..audience import FACILITATOR, REFUSALS, allows
from ..errors import plain
from ..uploads import (
    ADDED,
    BAD,
    KEPT,
    OLDER,
    SAME,
    WAITING,
    UploadPlan,
    add_workbooks,
    confirm,
)
from ._html import esc
from .worksheet import Status

CSS = """<style>
.gl-uploads ul.gl-outcomes { margin: 4px 0 8px; padding-left: 1.2em; }
.gl-uploads ul.gl-outcomes li { margin: 2px 0; }
.gl-uploads li.gl-bad { color: #a40e26; }
.gl-uploads li.gl-newer { font-weight: 600; }
</style>"""

MARK = {BAD: "gl-bad", WAITING: "gl-newer"}


def outcomes_html(plan: UploadPlan) -> str:
    """One line per file, what became of it: bad files first, then the rest by team."""
    order = sorted(plan.outcomes, key=lambda o: (o.kind != BAD, o.kind in (SAME, OLDER), o.team))
    items = "".join(
        f'<li class="{MARK.get(o.kind, "")}">{esc(o.message)}</li>' for o in order
    )
    return f'<ul class="gl-outcomes">{items}</ul>' if items else ""


class AddWorkbooksPanel(w.VBox):
    """Upload team workbooks into `folder`; `on_change()` runs once the folder changed."""

    def __init__(
        self, folder: str | os.PathLike[str] | None, on_change: Callable[[], None]
    ) -> None:
        self.folder, self.on_change = folder, on_change
        self.plan: UploadPlan | None = None
        self.upload = w.FileUpload(
            accept=".json,.zip,application/json,application/zip",
            multiple=True,
            description="Add team workbooks",
            icon="upload",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.upload.observe(self._uploaded, names="value")
        self.status = Status()
        self.results = w.HTML()
        self.replace_button = w.Button(
            description="Replace with the newer files",
            button_style="primary",
            layout=w.Layout(width="auto", display="none"),
        )
        self.replace_button.on_click(lambda _b: self.replace())
        self.keep_button = w.Button(
            description="Keep the copies here", layout=w.Layout(width="auto", display="none")
        )
        self.keep_button.on_click(lambda _b: self.keep())
        help_text = (
            '<div class="gl-help">On Binder each team works in its own session. Ask each '
            "team to download its workbook (<em>Keep your work</em>, on Start here) and "
            "send you the file. Add the files here, several at once or as one .zip. A file "
            "that is not a workbook is named and the others are added. A newer file of a "
            "team already here replaces its copy only when you say so.</div>"
        )
        buttons = w.HBox([self.replace_button, self.keep_button])
        buttons.add_class("gl-toolbar")
        super().__init__(
            [w.HTML(CSS), w.HTML(help_text), self.upload, self.status, self.results, buttons]
        )
        self.add_class("gl-uploads")

    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        try:
            self.add([(item.get("name", "a file"), bytes(item["content"])) for item in files])
        finally:
            self.upload.value = ()  # ready for the next files

    def add(self, files: list[tuple[str, bytes]]) -> None:
        """Add the files (name, bytes); show one line per file."""
        if not allows(FACILITATOR):
            self.status.show(REFUSALS[FACILITATOR], "error")
            return
        try:
            self.plan = add_workbooks(self.folder, files)
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self.plan = None
            self._decide(False)
            self.results.value = ""
            self.status.show(f"The files were not added: {plain(exc)}", "error")
            return
        self.results.value = outcomes_html(self.plan)
        waiting = len(self.plan.waiting)
        self._decide(bool(waiting))
        level = "warn" if waiting or self.plan.count(BAD) else "ok"
        self.status.show(self.plan.summary(), level)
        if self.plan.count(ADDED):
            self.on_change()

    def replace(self) -> None:
        """Use the newer files the facilitator was shown."""
        if self.plan is None or not self.plan.waiting:
            return
        if not allows(FACILITATOR):
            self.status.show(REFUSALS[FACILITATOR], "error")
            return
        done = confirm(self.plan)
        self._decide(False)
        self.results.value = outcomes_html(self.plan)
        kept = sum(o.kind == KEPT for o in done)
        self.status.show(self.plan.summary(), "warn" if kept else "ok")
        self.on_change()

    def keep(self) -> None:
        """Leave the copies here as they are."""
        if self.plan is None:
            return
        count = len(self.plan.waiting)
        self.plan.waiting = []
        self._decide(False)
        self.status.show(
            f"Kept the {count} {'copy' if count == 1 else 'copies'} here; nothing was replaced.",
            "ok",
        )

    def _decide(self, show: bool) -> None:
        display = None if show else "none"
        self.replace_button.layout.display = display
        self.keep_button.layout.display = display
        if show and self.plan is not None:
            n = len(self.plan.waiting)
            self.replace_button.description = (
                f"Replace {n} with the newer {'file' if n == 1 else 'files'}"
            )
