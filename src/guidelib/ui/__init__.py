"""Widgets for notebooks and Voilà apps. Builders return widgets; none calls display().
Each builder first asks `guidelib.audience` whether this kernel may serve its audience,
and returns a one-sentence page (`_refusal.Refused`) when it may not.

>>> from guidelib import ui
>>> app = ui.start_here("example-kinship-care")   # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import Any

from ..audience import FACILITATOR, TEAM
from ..workbook import Workbook

# Imported to register: the preheated kernel's warm-up, the step tools panels shows, and
# the inputs of the table, matrix and review field types.
from . import _voila, matrix, review, survey_tools, table, tools  # noqa: F401
from ._refusal import refused
from .app import WorkbookApp
from .notebook_cells import StepSheet, current_workbook
from .progress import ProgressView, progress_html
from .worksheet import Worksheet

__all__ = [
    "ProgressView",
    "StepSheet",
    "WorkbookApp",
    "Worksheet",
    "current_workbook",
    "dashboard",
    "facilitator",
    "phase_app",
    "phase_notebook",
    "progress_html",
    "review_app",
    "start_here",
    "step_worksheet",
    "worksheet",
]


def start_here(workbook: str | os.PathLike[str] | None = None) -> WorkbookApp:
    """The start-here app for `workbook` (slug or path), or a picker when none is given."""
    return refused(TEAM) or WorkbookApp(workbook)


def review_app(workbook: str | os.PathLike[str] | None = None) -> Any:
    """The equity and ethics review of a workbook: where it stands, and every question."""
    from .equity_app import ReviewApp

    return refused(TEAM) or ReviewApp(workbook)


def dashboard(workbook: str | os.PathLike[str] | None = None) -> Any:
    """The read-only stakeholder dashboard: where the coalition stands, section by phase."""
    from .dashboard_app import Dashboard

    return Dashboard(workbook)


def facilitator(folder: str | os.PathLike[str] | None = None) -> Any:
    """The workshop facilitator's view of every team's workbook in `folder`."""
    from .facilitator_app import FacilitatorApp

    return refused(FACILITATOR) or FacilitatorApp(folder)


def phase_app(workbook: str | os.PathLike[str] | None, phase: str) -> WorkbookApp:
    """The app for one phase ("build-the-collective", ...): its progress and worksheets."""
    return refused(TEAM) or WorkbookApp(workbook, phase=phase)


def worksheet(wb: Workbook, step_id: str) -> Worksheet:
    """The self-saving form for one step of an open workbook."""
    return Worksheet(wb, step_id)


def phase_notebook(workbook: str | os.PathLike[str] | None, phase: str) -> WorkbookApp:
    """The top of a phase notebook: open the workbook (or pick one) and show where the team
    stands in `phase`. The notebook's `step_worksheet` cells follow the workbook it opens."""
    from .notebook_cells import opener

    return refused(TEAM) or opener(workbook, phase)


def step_worksheet(step_id: str) -> StepSheet:
    """One step's worksheet, with its checks, charts, tools and equity questions, for the
    workbook the notebook has open (a line asking to choose one until then). Where the
    page is refused (`guidelib.audience`), nothing: the top cell says why, once."""
    if refused(TEAM) is not None:
        import ipywidgets as w

        return w.HTML("")  # type: ignore[return-value]
    return StepSheet(step_id)
