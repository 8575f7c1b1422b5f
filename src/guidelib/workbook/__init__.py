"""A team's workbook: the model (`model`), its file (`store`), and the rules in between."""

from .merge import Conflict
from .model import SaveResult, Workbook
from .paths import list_workbooks, resolve_workbook, slugify, workbook_dir, workbook_path
from .progress import Progress
from .store import create_workbook, open_workbook, restore_workbook

__all__ = [
    "Conflict",
    "Progress",
    "SaveResult",
    "Workbook",
    "create_workbook",
    "list_workbooks",
    "open_workbook",
    "resolve_workbook",
    "restore_workbook",
    "slugify",
    "workbook_dir",
    "workbook_path",
]
