"""Widgets for notebooks and Voilà apps. Builders return widgets; none calls display().

>>> from guidelib import ui
>>> app = ui.start_here("example-kinship-care")   # doctest: +SKIP
"""

from __future__ import annotations

import os

from ..workbook import Workbook
from .app import StartHere
from .progress import ProgressView, progress_html
from .worksheet import Worksheet

__all__ = ["ProgressView", "StartHere", "Worksheet", "progress_html", "start_here", "worksheet"]


def start_here(workbook: str | os.PathLike[str] | None = None) -> StartHere:
    """The start-here app for `workbook` (slug or path), or a picker when none is given."""
    return StartHere(workbook)


def worksheet(wb: Workbook, step_id: str) -> Worksheet:
    """The self-saving form for one step of an open workbook."""
    return Worksheet(wb, step_id)
