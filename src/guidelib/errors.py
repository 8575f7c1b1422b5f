"""One hierarchy of errors, each carrying a plain sentence a user can act on.

The CLI prints `str(error)` and exits 1; widgets show it in their status line. Nothing
that reaches a person should be a traceback.
"""

from __future__ import annotations


class GuidelibError(Exception):
    """Base class: the message is a complete, plain sentence."""


class ContentError(GuidelibError):
    """A guidebook content file is malformed (names the file and the key)."""


class WorkbookError(GuidelibError):
    """A workbook file cannot be opened, read or written."""


class WorkbookVersionError(WorkbookError):
    """The file was written by a newer guidelib than this one."""


class WorkbookBusyError(WorkbookError):
    """Another save held the workbook for too long."""


class AnswerError(GuidelibError, ValueError):
    """A value does not fit its field (names the step and the field)."""


class WorkbookNameError(GuidelibError, ValueError):
    """A team name or workbook name cannot be used."""


class OutputError(GuidelibError):
    """A command will not write its file where asked (a workbook, a link, a folder)."""


def plain(exc: BaseException) -> str:
    """One sentence for any error, for a status line: ours say it themselves; for the
    rest (OSError and the like) a sentence is made here."""
    if isinstance(exc, GuidelibError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return "The workbook file cannot be written here (permission denied)."
    if isinstance(exc, OSError) and exc.errno == 28:
        return "The disk is full, so the workbook could not be saved."
    return f"Something went wrong: {type(exc).__name__}: {str(exc)[:200]}."
