"""Where a command may write the file a person named with `-o`.

A document, report or checklist never replaces a workbook, its backup or side files, a
symbolic link, or any file in a workbook folder that is not that command's own kind of
output (a `-o team.json` typo must not turn a team's answers into Markdown). Default names
come from `Workbook.slug`, which is always a checked slug.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError
from ..textsafe import for_message

# A workbook (.json), its backup, lock, temporary, recovery and restore files.
_WORKBOOK_FILE = re.compile(r"\.json$|\.json\.|\.bak$|\.lock$|\.(?:tmp|bak)-\d+-", re.IGNORECASE)


def output_target(
    requested: str | os.PathLike[str] | None,
    default_name: str,
    suffixes: Iterable[str],
    folders: Iterable[Path | None] = (),
) -> Path:
    """The file to write: `requested` (a file, or a folder to put `default_name` in),
    else `default_name` here; refused in a sentence if it is not safe to write."""
    if requested is not None and "\x00" in os.fspath(requested):
        raise OutputError("The output name contains a NUL character, which no file name can hold.")
    target = Path(requested) if requested else Path(default_name)
    if target.is_dir() and not target.is_symlink():
        target = target / default_name
    check_output(target, tuple(suffixes), folders)
    return target


def check_output(target: Path, suffixes: tuple[str, ...], folders: Iterable[Path | None]) -> None:
    """Raise `OutputError` unless the command may write (or replace) `target`."""
    shown = for_message(target, 160)
    if target.is_symlink():
        raise OutputError(
            f"{shown} is a symbolic link; guidelib replaces only ordinary files, so nothing "
            "was written. Choose another file name."
        )
    if target.is_dir():
        raise OutputError(f"{shown} is a folder; give a file name to write to.")
    if _WORKBOOK_FILE.search(target.name):
        raise OutputError(
            f"{shown} is a workbook file or one of its backup or working files, and guidelib "
            f"never writes a document over one; choose a name ending in {suffixes[0]}."
        )
    protected = {Path(f).resolve() for f in folders if f is not None}
    if target.parent.resolve() in protected and target.suffix.lower() not in suffixes:
        raise OutputError(
            f"{shown} is in the workbook folder and is not a {' or '.join(suffixes)} file, so "
            "guidelib will not write there; choose a name ending in "
            f"{suffixes[0]} or another folder."
        )
