"""guidelib: the Sharing Data for Social Impact guidebook as a workbook.

>>> import guidelib
>>> wb = guidelib.open_workbook("workbook/example-kinship-care.json")  # doctest: +SKIP
>>> wb.get("policy-problem", "problem")  # doctest: +SKIP

Widgets live in `guidelib.ui` (imported on demand: ipywidgets is slow to import).
"""

from .content import GUIDEBOOK
from .errors import AnswerError, GuidelibError, WorkbookError
from .workbook import Workbook, create_workbook, open_workbook, restore_workbook

__version__ = "0.1.0"
__all__ = [
    "GUIDEBOOK",
    "AnswerError",
    "GuidelibError",
    "Workbook",
    "WorkbookError",
    "__version__",
    "create_workbook",
    "open_workbook",
    "restore_workbook",
]
