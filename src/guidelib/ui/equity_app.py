"""The equity and ethics review app: where the review stands, and every question."""

from __future__ import annotations

import os

import ipywidgets as w

from ..errors import plain
from ..workbook import Workbook, open_workbook, workbook_dir
from ..workbook.locate import requested_workbook
from ._style import style
from .app import Picker
from .files import FilesPanel
from .review import ReviewView
from .worksheet import SAVE_DELAY, Status


class ReviewApp(w.VBox):
    """`ReviewApp(WORKBOOK)`: the review of a workbook named by parameter, environment or
    page address, else a picker."""

    def __init__(
        self,
        workbook: str | os.PathLike[str] | None = None,
        folder: str | os.PathLike[str] | None = None,
        delay: float = SAVE_DELAY,
    ):
        self.folder, self.delay = workbook_dir(folder), delay
        self.status = Status()
        self.body = w.VBox()
        self.files = FilesPanel(self.folder, on_restored=self.show)
        self.files.layout.display = "none"
        self.picker = Picker(self.folder, on_open=self.show)
        super().__init__([style(), self.status, self.body, self.files, self.picker])
        self.add_class("gl-app")
        ref, source = requested_workbook(workbook)
        if ref is None:
            if source == "address":
                self.status.show("The address names no valid workbook; choose one below.", "error")
            return
        try:
            self.show(open_workbook(ref, self.folder))
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self.status.show(plain(exc), "error")
            return
        if source == "address":
            self.picker.layout.display = "none"

    def show(self, wb: Workbook) -> None:
        self.wb = wb
        self.body.children = [ReviewView(wb, self.delay, on_saved=self.files.set_workbook)]
        self.files.set_workbook(wb)
        self.files.layout.display = None
