"""The widgets of a phase notebook, one per cell: the opener at the top (the parameters
cell's WORKBOOK, or a picker) and one worksheet per step below it, under the step's
guidance in markdown (`guidelib.notebooks` writes the cells).

The cells share one "current workbook" (`CURRENT`). The opener sets it; each worksheet
cell follows it, so a worksheet that runs before a workbook is chosen shows one line and
fills in when one is. Saves go back through it, so the opener's progress stays current.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..content import GUIDEBOOK
from ..errors import GuidelibError, plain
from ..workbook import SaveResult, Workbook
from ..workbook.locate import in_voila
from ._html import esc
from .app import WorkbookApp
from .panels import StepPanel
from .review import review_sheet
from .worksheet import SAVE_DELAY, Worksheet


class Current:
    """The workbook a notebook's cells work on, and who follows it.

    Followers are kept by key (a step id, "opener"), so a cell run again replaces its
    earlier widget instead of adding a second one that nobody sees."""

    def __init__(self) -> None:
        self.wb: Workbook | None = None
        self._opened: dict[str, Callable[[Workbook], None]] = {}
        self._saved: dict[str, Callable[[SaveResult], None]] = {}

    def set(self, wb: Workbook) -> None:
        self.wb = wb
        for follower in list(self._opened.values()):
            follower(wb)

    def follow(
        self,
        key: str,
        opened: Callable[[Workbook], None] | None = None,
        saved: Callable[[SaveResult], None] | None = None,
    ) -> None:
        """Call `opened(wb)` now (if a workbook is open) and whenever one opens; call
        `saved(result)` after any cell saves."""
        for table, fn in ((self._opened, opened), (self._saved, saved)):
            table.pop(key, None)
            if fn is not None:
                table[key] = fn
        if opened is not None and self.wb is not None:
            opened(self.wb)

    def notify_saved(self, result: SaveResult) -> None:
        for follower in list(self._saved.values()):
            follower(result)


CURRENT = Current()


def opener(workbook: str | os.PathLike[str] | None, phase: str, **kwargs: Any) -> WorkbookApp:
    """The top of a phase notebook: the workbook (WORKBOOK, $GUIDELIB_WORKBOOK, `?workbook=`
    or a picker), where the team stands in the phase, and the download link."""
    GUIDEBOOK.phase(phase)  # a wrong phase id fails here, in one sentence
    app = WorkbookApp(workbook, phase=phase, sheets=False, on_open=CURRENT.set, **kwargs)
    CURRENT.follow("opener", saved=app._saved)
    return app


class StepSheet(w.VBox):
    """One step's worksheet in a phase notebook: the form, its checks, charts and tools,
    and its equity questions, for the current workbook.

    `lazy` (default: in Voilà) builds only the team's next step at once; the others show
    an "Open worksheet" button, so a long page is ready as soon as its first screen is."""

    def __init__(self, step_id: str, delay: float = SAVE_DELAY, lazy: bool | None = None):
        try:
            self.step = GUIDEBOOK.step(step_id)
        except KeyError:
            raise GuidelibError(f"There is no step {step_id!r} in the guidebook.") from None
        self.delay, self.lazy = delay, in_voila() if lazy is None else lazy
        self.wb: Workbook | None = None
        self.sheet: Worksheet | None = None
        self.panel: StepPanel | None = None
        self.review: Worksheet | None = None
        self.open_button = w.Button(
            description=f"Open worksheet {self.step.number}",
            button_style="primary",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.open_button.on_click(lambda _b: self.build())
        super().__init__([self._line("Choose your team's workbook at the top of this notebook "
                                     f"to see worksheet {self.step.number}.")])
        self.add_class("gl-step-sheet")
        CURRENT.follow(step_id, opened=self.show)

    def _line(self, text: str, kind: str = "muted") -> w.HTML:
        return w.HTML(f'<p class="gl-{kind}">{esc(text)}</p>')

    def show(self, wb: Workbook) -> None:
        """Follow `wb`: build the worksheet now, or offer to."""
        self.flush()
        self.wb, self.sheet, self.panel, self.review = wb, None, None, None
        next_id = wb.progress().next_step(self.step.phase_id).id
        if self.lazy and next_id != self.step.id:
            self.children = [self.open_button]
        else:
            self.build()

    def build(self) -> None:
        if self.wb is None:
            return
        try:
            self.sheet = Worksheet(
                self.wb, self.step.id, delay=self.delay, on_saved=self._saved, heading=""
            )
            self.panel = StepPanel(self.wb, self.step.id)
            self.review = review_sheet(self.wb, self.step.id, self.delay)
        except Exception as exc:  # noqa: BLE001 - one sentence in place of the worksheet
            self.children = [self._line(plain(exc), "error")]
            return
        self.children = [self.sheet, self.panel, *([self.review] if self.review else [])]

    def flush(self) -> None:
        for sheet in (self.sheet, self.review):
            if sheet is not None:
                sheet.flush()

    def _saved(self, result: SaveResult) -> None:
        if self.panel is not None:
            self.panel.refresh()
        CURRENT.notify_saved(result)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Static outputs (papermill, nbconvert) get a line of text, not a repr."""
        bundle = super()._repr_mimebundle_(**kwargs)
        text = f"Worksheet {self.step.number}: {self.step.title}"
        if self.wb is not None:
            status = next(s.status for s in self.wb.progress().steps if s.id == self.step.id)
            text += f" ({status})"
        bundle["text/plain"] = text
        return bundle


def current_workbook() -> Workbook | None:
    """The workbook this notebook's opener has open, or None before one is chosen."""
    return CURRENT.wb
