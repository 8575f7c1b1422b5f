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
from ._refusal import refused
from .app import WorkbookApp
from .progress import ProgressView, progress_html
from .worksheet import Worksheet

__all__ = [
    "ProgressView",
    "WorkbookApp",
    "Worksheet",
    "dashboard",
    "facilitator",
    "phase_app",
    "progress_html",
    "review_app",
    "start_here",
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
