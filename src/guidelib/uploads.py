"""Add team workbooks to the facilitator's folder from files (the Binder route of a workshop).

On Binder every team works in its own short-lived session, so the facilitator's session
cannot see the teams' workbooks. Teams download their workbook ("Keep your work"); the
facilitator adds those files, or a `.zip` of them, here:

- Each file is read and checked like `open_workbook` (`workbook.schema.parse`). A file that
  is not a workbook is reported by its name, in one sentence, and the others are added.
- A file is kept as `<slug>.json`, the slug taken from the workbook's team (never from the
  file's name or a path inside a zip), so no upload can write outside the folder.
- A team not in the folder yet is added at once. For a team already there, the upload
  replaces the copy here only if it is newer (its last save is later, or the same with a
  higher revision), and only after the facilitator has seen which is newer and said so
  (`confirm`). An identical or older upload changes nothing.
- Two files of one team in the same upload: the newer is used, the other is named.

Limits: 200 files, a zip of at most 200 workbooks, 20 MB per workbook (as for any
workbook). Nothing here needs widgets: `ui.facilitator_app` shows it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .cohort import saved_at
from .errors import GuidelibError, WorkbookError, plain
from .textsafe import for_message
from .workbook.fileio import MAX_FILE_BYTES, read_file
from .workbook.paths import workbook_dir, workbook_path
from .workbook.store import encode, parse, put_team_copy, slug_of

MAX_FILES = 200
MAX_IN_ZIP = 200

ADDED, WAITING, REPLACED, SAME, OLDER, BAD, DUPLICATE, KEPT = (
    "added",
    "newer",
    "replaced",
    "same",
    "older",
    "bad",
    "duplicate",
    "kept",
)


@dataclass(frozen=True)
class Upload:
    """One workbook file as uploaded: its label (the file's name, and the zip it came in),
    and the parsed workbook, or why it is not one."""

    label: str
    doc: dict[str, Any] | None = None
    error: str = ""

    @property
    def team(self) -> str:
        return str(self.doc["team"]["name"]) if self.doc else ""

    @property
    def slug(self) -> str:
        return slug_of(self.doc) if self.doc else ""

    @property
    def version(self) -> tuple[dt.datetime, int]:
        """What "newer" compares: the last save, then the revision (a parsed upload only)."""
        return version_of(self.doc)


@dataclass(frozen=True)
class Outcome:
    """What became of one uploaded file, in one sentence."""

    label: str
    kind: str
    message: str
    team: str = ""


@dataclass
class Waiting:
    """A newer upload of a team already in the folder, kept until the facilitator decides."""

    upload: Upload
    here: bytes  # the file in the folder when the two were compared


@dataclass
class UploadPlan:
    folder: Path
    outcomes: list[Outcome] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(o.kind == kind for o in self.outcomes)

    def summary(self) -> str:
        """One line: how many were added, wait for a decision, changed nothing, were bad."""
        parts = []
        for kind, text in (
            (ADDED, "added"),
            (REPLACED, "replaced"),
            (WAITING, "newer than the copy here (replace them below)"),
            (SAME, "already here"),
            (OLDER, "older than the copy here (kept the copy here)"),
            (DUPLICATE, "left out as another file of the same team was newer"),
            (BAD, "not added"),
            (KEPT, "not replaced"),
        ):
            if n := self.count(kind):
                parts.append(f"{n} {text}")
        text = "; ".join(parts) + "."
        return text[0].upper() + text[1:] if parts else "No workbook files."


def version_of(doc: dict[str, Any]) -> tuple[dt.datetime, int]:
    saved = saved_at(doc.get("history", [])) or dt.datetime.min.replace(tzinfo=dt.UTC)
    return saved, int(doc.get("revision", 0))


def describe(version: tuple[dt.datetime, int]) -> str:
    saved, revision = version
    when = "never saved" if saved.year == 1 else "saved " + saved.strftime("%d %b %Y %H:%M UTC")
    return f"{when}, revision {revision}"


def _label(name: object) -> str:
    """A file name as shown in a message: its last part, no control characters."""
    text = str(name).replace("\\", "/").rsplit("/", 1)[-1] or "a file"
    return for_message(text, 80)


def _read(label: str, data: bytes) -> Upload:
    if len(data) > MAX_FILE_BYTES:
        return Upload(label, error=f"is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        return Upload(label, parse(data))
    except GuidelibError as exc:
        return Upload(label, error=f"is not a workbook that can be read: {exc}")
    except (KeyError, TypeError, ValueError, RecursionError):
        return Upload(label, error="is not a guidelib workbook")


def _from_zip(label: str, data: bytes) -> Iterator[Upload]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        yield Upload(label, error="is not a zip file that can be opened")
        return
    with archive:
        workbooks = []
        for info in members:
            path = PurePosixPath(info.filename.replace("\\", "/"))
            if info.is_dir() or "__MACOSX" in path.parts or path.name.startswith("."):
                continue  # folders and the files macOS adds to a zip it makes
            workbooks.append((info, f"{label}: {_label(path.name)}"))
        if len(workbooks) > MAX_IN_ZIP:
            yield Upload(label, error=f"holds more than {MAX_IN_ZIP} files; split it up")
            return
        for info, inner in workbooks:
            if not info.filename.lower().endswith(".json"):
                yield Upload(inner, error="is not a .json workbook")
            elif info.file_size > MAX_FILE_BYTES:
                yield Upload(inner, error=f"is larger than {MAX_FILE_BYTES // 2**20} MB")
            else:
                try:
                    with archive.open(info) as member:  # read no more than the limit,
                        content = member.read(MAX_FILE_BYTES + 1)  # whatever the header says
                except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
                    yield Upload(inner, error="could not be unpacked from the zip")
                    continue
                yield _read(inner, content)


def read_uploads(files: Iterable[tuple[str, bytes]]) -> list[Upload]:
    """Every workbook in the files (name, bytes): `.json` files and `.zip` files of them."""
    files = list(files)
    if len(files) > MAX_FILES:
        raise WorkbookError(f"Add at most {MAX_FILES} files at a time ({len(files)} were given).")
    out: list[Upload] = []
    for name, data in files:
        label = _label(name)
        lower = label.lower()
        if lower.endswith(".zip") or data[:4] == b"PK\x03\x04":
            out.extend(_from_zip(label, data))
        elif lower.endswith(".json"):
            out.append(_read(label, data))
        else:
            out.append(Upload(label, error="is not a .json workbook or a .zip of them"))
    return out


def facilitator_folder(folder: str | os.PathLike[str] | None) -> Path:
    where = workbook_dir(folder)
    if where.is_file():
        raise WorkbookError(
            "This view shows the teams of a hub, whose workbooks are already here. Adding "
            "files is for workshops run on Binder: open this page on a workbook folder."
        )
    return where


def add_workbooks(
    folder: str | os.PathLike[str] | None, files: Iterable[tuple[str, bytes]]
) -> UploadPlan:
    """Add the workbooks in `files` to the facilitator's folder; newer copies of teams
    already there wait in `plan.waiting` for `confirm`. Never raises for a bad file."""
    where = facilitator_folder(folder)
    plan = UploadPlan(where)
    newest: dict[str, Upload] = {}
    for upload in read_uploads(files):
        if upload.doc is None:
            plan.outcomes.append(Outcome(upload.label, BAD, f"{upload.label} {upload.error}."))
            continue
        other = newest.get(upload.slug)
        if other is not None:
            older, newest[upload.slug] = sorted((other, upload), key=lambda u: u.version)
            plan.outcomes.append(
                Outcome(
                    older.label,
                    DUPLICATE,
                    f"{older.label} is another copy of {for_message(older.team)}'s workbook; "
                    f"{newest[upload.slug].label} is newer and was used.",
                    older.team,
                )
            )
        else:
            newest[upload.slug] = upload
    for slug, upload in newest.items():
        plan.outcomes.append(_place(where, slug, upload, plan))
    return plan


def _place(where: Path, slug: str, upload: Upload, plan: UploadPlan) -> Outcome:
    team = for_message(upload.team)
    path = workbook_path(slug, where)
    try:
        here = read_file(path) or b""
        if not here:
            put_team_copy(upload.doc, where, b"")
            return Outcome(upload.label, ADDED, f"Added {team}'s workbook.", upload.team)
        try:
            current = parse(here)
        except GuidelibError:
            current = None
        if current is not None and encode(current) == encode(upload.doc):
            return Outcome(upload.label, SAME, f"{team}'s workbook is already here.", upload.team)
        mine = version_of(current) if current is not None else None
        if mine is not None and upload.version <= mine:
            return Outcome(
                upload.label,
                OLDER,
                f"{upload.label} is not newer ({describe(upload.version)}) than {team}'s "
                f"workbook here ({describe(mine)}), so the copy here was kept.",
                upload.team,
            )
        plan.waiting.append(Waiting(upload, here))
        was = describe(mine) if mine is not None else "it cannot be read"
        return Outcome(
            upload.label,
            WAITING,
            f"{upload.label} is newer ({describe(upload.version)}) than {team}'s workbook "
            f"here ({was}).",
            upload.team,
        )
    except Exception as exc:  # noqa: BLE001 - one sentence per file, the others go on
        return Outcome(upload.label, BAD, f"{upload.label} was not added: {plain(exc)}")


def confirm(plan: UploadPlan) -> list[Outcome]:
    """Replace each team's copy with its newer upload (the copy replaced becomes `.bak`);
    a copy that changed since it was compared is kept, and said so."""
    done = []
    for item in plan.waiting:
        team = for_message(item.upload.team)
        try:
            put_team_copy(item.upload.doc, plan.folder, item.here)
            done.append(
                Outcome(
                    item.upload.label,
                    REPLACED,
                    f"Replaced {team}'s workbook with {item.upload.label} (the copy that was "
                    "here is kept as a backup, .json.bak).",
                    item.upload.team,
                )
            )
        except Exception as exc:  # noqa: BLE001 - one sentence per file
            done.append(Outcome(item.upload.label, KEPT, f"{team}: {plain(exc)}", item.upload.team))
    plan.outcomes = [o for o in plan.outcomes if o.kind != WAITING] + done
    plan.waiting = []
    return done
