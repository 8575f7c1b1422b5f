"""Team names to safe slugs, and slugs to paths that never leave the workbook folder.

>>> slugify("Riverbend County: Kinship Care!")
'riverbend-county-kinship-care'
>>> slugify("Niños y Familias")
'ninos-y-familias'
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from ..errors import WorkbookNameError
from ..textsafe import for_message

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 60
# Names Windows reserves for devices: "con.json" cannot be opened there, whatever the case.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)
NAME_MAX = 120
ENV_DIR = "GUIDELIB_WORKBOOK_DIR"
SUFFIX = ".json"


def clean_name(name: str) -> str:
    """A team name as shown to people: one line, no control characters, trimmed."""
    if not isinstance(name, str):
        raise WorkbookNameError("The team name must be text.")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    if not name:
        raise WorkbookNameError("Give the team a name, for example 'Riverbend kinship care'.")
    if len(name) > NAME_MAX:
        raise WorkbookNameError(
            f"The team name is {len(name)} characters long; please keep it under {NAME_MAX}."
        )
    return name


def slugify(name: str) -> str:
    """Lowercase ASCII letters, digits and single hyphens; never empty, never a path."""
    name = clean_name(name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:SLUG_MAX].rstrip("-")
    if not slug:
        # Names in scripts with no ASCII form (Arabic, Chinese, ...) still get a stable slug.
        slug = "team-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    if slug in RESERVED:  # "CON" -> "con-team": Windows could not open con.json
        slug += "-team"
    return slug


def is_slug(text: object) -> bool:
    """Whether `text` can name a workbook file: a plain slug, not a Windows device name."""
    return (
        isinstance(text, str)
        and len(text) <= SLUG_MAX
        and SLUG_RE.match(text) is not None
        and text not in RESERVED
    )


def safe_slug(stored: object, path: Path | None, name: object) -> str:
    """The slug output file names are made from: the workbook's own slug when it is a
    plain one, else its file's stem, else one made from the team name. Text inside a
    shared file (a slug like '../../x' or '/abs/path') never becomes part of a path."""
    if is_slug(stored):
        return str(stored)
    if path is not None and is_slug(path.stem):
        return path.stem
    try:
        return slugify(str(name))
    except WorkbookNameError:
        return "workbook"


def _no_nul(ref: str | os.PathLike[str], what: str) -> str:
    """`ref` as text; a NUL character (no file name can hold one) is refused in a sentence."""
    text = os.fsdecode(os.fspath(ref))
    if "\x00" in text:
        raise WorkbookNameError(
            f"The {what} name contains a NUL character, which no file name can hold."
        )
    return text


def workbook_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding workbooks: `explicit`, else $GUIDELIB_WORKBOOK_DIR, else the
    nearest `workbook/` folder at or above the working directory (notebooks run in
    `notebooks/`, the CLI in the repository root), else `./workbook`."""
    if explicit:
        return Path(_no_nul(explicit, "folder")).expanduser().resolve()
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR]).expanduser().resolve()
    here = Path.cwd().resolve()
    for folder in (here, *list(here.parents)[:2]):
        if (folder / "workbook").is_dir():
            return folder / "workbook"
    return here / "workbook"


def workbook_path(slug: str, folder: Path) -> Path:
    """The file for `slug` inside `folder`; refuses anything that is not a plain slug."""
    if isinstance(slug, str) and slug in RESERVED:
        raise WorkbookNameError(
            f"{slug!r} is a name Windows keeps for a device; choose another workbook name."
        )
    if not is_slug(slug):
        raise WorkbookNameError(
            f"{for_message(slug, 60)!r} is not a workbook name: use lowercase letters, digits "
            "and hyphens, like 'riverbend-kinship-care'."
        )
    folder = Path(_no_nul(folder, "folder")).resolve()
    # The file itself is not resolved: a link named like a workbook is refused when it is
    # opened (see `store`), never followed to the file it points to.
    path = folder / f"{slug}{SUFFIX}"
    if path.parent != folder:  # belt and braces: a slug cannot contain a separator
        raise WorkbookNameError(f"{slug!r} does not name a file in the workbook folder.")
    return path


def resolve_workbook(ref: str | os.PathLike[str], folder: Path | None = None) -> Path:
    """A workbook given as a slug (looked up in the folder) or as a path to a .json file."""
    text = _no_nul(ref, "workbook")
    if SLUG_RE.match(text):
        return workbook_path(text, folder or workbook_dir())
    path = Path(text).expanduser()
    if path.suffix != SUFFIX:
        raise WorkbookNameError(
            f"{for_message(text, 80)!r} is neither a workbook name (like "
            "'riverbend-kinship-care') nor a path to a .json workbook file."
        )
    # Resolve the folder, not the file: a symbolic link is refused, never followed.
    return path.parent.resolve() / path.name


def list_workbooks(folder: Path) -> list[Path]:
    """Workbook files in `folder`, sorted by name (backups and temporary files left out)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.glob(f"*{SUFFIX}")
        if is_slug(p.stem) and not p.is_symlink() and p.is_file()
    )
