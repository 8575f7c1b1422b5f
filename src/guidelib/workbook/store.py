"""Reading and writing workbook files so that no answer is ever lost.

- Writes are atomic: a temporary file in the same folder, fsync, `os.replace`. The version
  being replaced is kept as `<slug>.json.bak`, once the new one is in place (`fileio`).
- A symbolic link where the workbook or one of its side files should be is refused, never
  followed; temporary files left by a crashed save are removed by the next save.
- A file that does not parse or validate is moved aside as `<slug>.json.invalid-<time>`,
  the backup is restored, and the workbook carries a notice saying so.
- Saving takes a lock file (`.<slug>.json.lock`) around read-merge-write, so two kernels,
  a notebook and the CLI can save the same workbook: changes to different fields both land,
  and a change to a field someone else changed meanwhile is reported as a conflict (their
  value stays, ours is written to the history).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import secrets
from pathlib import Path
from typing import Any

from ..errors import WorkbookBusyError, WorkbookError, WorkbookNameError, WorkbookVersionError
from .fileio import (
    backup_path,
    clean_leftovers,
    link_error,
    lock_path,
    read_file,
    refuse_link,
    replace_keeping_backup,
    sibling,
    write_atomic,
)
from .merge import flatten, merge, nest
from .model import SaveResult, Workbook, new_document, now_iso, use_store
from .paths import clean_name, is_slug, resolve_workbook, slugify, workbook_dir, workbook_path
from .schema import MAX_DEPTH, encode, parse  # noqa: F401 - part of this module's API

LOCK_TIMEOUT = 15.0
_sibling = sibling


def default_who() -> str | None:
    """Who is saving, for the history: $GUIDELIB_USER, else the JupyterHub user, else unknown."""
    return os.environ.get("GUIDELIB_USER") or os.environ.get("JUPYTERHUB_USER") or None


class _Locked:
    """`with _Locked(path):` holds the workbook's lock, or raises a plain `WorkbookError`
    (busy, or a symbolic link where the workbook or its lock should be)."""

    def __init__(self, path: Path) -> None:
        from filelock import FileLock  # lazy: reading a workbook never needs it

        self.path = path
        self.lock = FileLock(str(lock_path(path)), timeout=LOCK_TIMEOUT)

    def __enter__(self) -> None:
        from filelock import Timeout

        refuse_link(self.path)
        refuse_link(lock_path(self.path))
        try:
            self.lock.acquire(poll_interval=0.005)  # default 50 ms is slow for quick saves
        except Timeout:
            raise WorkbookBusyError(
                "The workbook is busy: another save has held it for more than "
                f"{LOCK_TIMEOUT:.0f} seconds. Your answers are still here; try again."
            ) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # filelock opens the lock with O_NOFOLLOW
                raise link_error(lock_path(self.path)) from None
            raise

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def _read_locked(path: Path) -> tuple[dict[str, Any] | None, bytes, list[str]]:
    """The document on disk (None if there is no file), its bytes, and any notices.

    Call with the lock held: a damaged file is moved aside and the backup restored.
    """
    raw = read_file(path)
    if raw is None:
        return None, b"", []
    try:
        return parse(raw), raw, []
    except WorkbookVersionError:
        raise
    except WorkbookError:
        doc, notices = _recover(path)
        return doc, encode(doc), notices


def _recover(path: Path) -> tuple[dict[str, Any], list[str]]:
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    aside = sibling(path, f"{{name}}.invalid-{stamp}-{secrets.token_hex(2)}")
    refuse_link(aside)
    os.replace(path, aside)  # renames the file itself (`path` was opened without links)
    try:
        raw = read_file(backup_path(path))
        doc = parse(raw or b"")
    except (OSError, WorkbookError):
        raise WorkbookError(
            f"The workbook file {path.name} is damaged and there is no good backup to restore. "
            f"The damaged file was kept as {aside.name}."
        ) from None
    write_atomic(path, raw)
    return doc, [
        f"The workbook file was damaged, so it was set aside as {aside.name} and the last good "
        f"copy (revision {doc['revision']}) was restored. Answers saved after that copy may "
        "be missing: please check your latest work."
    ]


def _load(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The document at `path` and any notices; a damaged file is recovered under the lock."""
    raw = read_file(path)
    if raw is None:
        raise WorkbookError(f"There is no workbook {path.name} in {path.parent}.")
    try:
        return parse(raw), []
    except WorkbookVersionError:
        raise
    except WorkbookError:
        with _Locked(path):
            doc, _, notices = _read_locked(path)
        if doc is None:
            raise WorkbookError(f"The workbook {path.name} disappeared while opening it.") from None
        return doc, notices


def open_workbook(
    ref: str | os.PathLike[str],
    folder: str | os.PathLike[str] | None = None,
    who: str | None = None,
) -> Workbook:
    """Open a workbook by slug (in the workbook folder) or by path to its .json file.

    A damaged file is set aside and its backup restored; `Workbook.notices` says so.
    """
    path = resolve_workbook(ref, Path(folder) if folder else None)
    doc, notices = _load(path)
    wb = Workbook(doc, path=path, who=who or default_who())
    wb.notices.extend(notices)
    return wb


def create_workbook(
    name: str,
    folder: str | os.PathLike[str] | None = None,
    who: str | None = None,
    exist_ok: bool = False,
    **team: Any,
) -> Workbook:
    """Create `<slug>.json` for a team in the workbook folder and return it."""
    name = clean_name(name)
    path = workbook_path(slugify(name), workbook_dir(folder))
    path.parent.mkdir(parents=True, exist_ok=True)
    who = who or default_who()
    with _Locked(path):
        if os.path.lexists(path):
            if exist_ok:
                return open_workbook(path, who=who)
            raise WorkbookError(f"A workbook for {name!r} already exists: {path}.")
        doc = new_document(name, path.stem, created_by=who, **team)
        write_atomic(path, encode(doc))
    return Workbook(doc, path=path, who=who)


def _entry(
    wb: Workbook, step: str, field: str, revision: int, at: str, **extra: Any
) -> dict[str, Any]:
    cleared = wb._answers.get(step, {}).get(field) is None
    return {
        "at": at,
        "who": wb.who,
        "step": step,
        "field": field,
        "action": "clear" if cleared else "set",
        "revision": revision,
        **extra,
    }


def save(wb: Workbook) -> SaveResult:
    """Merge `wb`'s unsaved changes into its file and pick up others' changes."""
    if wb.path is None:
        raise WorkbookError("This workbook has no file yet; create it with create_workbook().")
    path = wb.path
    with _Locked(path):
        clean_leftovers(path)  # temporary files of saves that crashed
        disk, raw, notices = _read_locked(path)
        if disk is None:  # deleted behind our back: write what we have
            disk = {**wb.document(), "answers": wb._base}
        wb.notices.extend(notices)
        result = merge(wb._base, wb._answers, disk["answers"])
        if not result.mine and not result.conflicts:
            wb._sync(disk)
            return SaveResult(wb.revision, False, updated=result.theirs)
        revision = int(disk["revision"]) + 1
        at = now_iso()
        entries = [_entry(wb, s, f, revision, at, **wb._notes_for(s, f)) for s, f in result.mine]
        entries += [
            _entry(wb, c.step, c.field, revision, at)
            | {"action": "conflict", "value": c.mine, "kept": "theirs"}
            for c in result.conflicts
        ]
        doc = {
            **disk,
            "revision": revision,
            "answers": result.answers,
            "history": [*disk["history"], *entries],
        }
        data = encode(doc)  # before any file is touched: a failed encode changes nothing
        if raw:
            replace_keeping_backup(path, data, raw, write_atomic)  # looked up here: testable
        else:
            write_atomic(path, data)
    wb._sync(doc)
    # Earlier conflicts stay open until this session saves that field again.
    settled = set(result.mine) | {(c.step, c.field) for c in result.conflicts}
    wb.conflicts = [c for c in wb.conflicts if (c.step, c.field) not in settled]
    wb.conflicts += result.conflicts
    wb._saved_notes(result.mine)
    return SaveResult(revision, True, result.mine, result.theirs, result.conflicts)


def refresh(wb: Workbook) -> SaveResult:
    """Load what others saved since `wb` was read; this session's unsaved edits stay.

    A field both this session and someone else changed keeps this session's value in
    memory and its old base, so the next save still reports the conflict."""
    if wb.path is None:
        raise WorkbookError("This workbook has no file yet; create it with create_workbook().")
    disk, notices = _load(wb.path)
    wb.notices.extend(notices)
    base, mine, theirs = flatten(wb._base), flatten(wb._answers), flatten(disk["answers"])
    pending = set(wb.pending())
    updated = tuple(k for k in sorted(base.keys() | theirs.keys()) if base.get(k) != theirs.get(k))
    new_base, current = dict(theirs), dict(theirs)
    for key in pending:
        if key in updated and theirs.get(key) != mine.get(key):  # both changed it
            _put(new_base, key, base.get(key))
        _put(current, key, mine.get(key))
    wb._sync({**disk, "answers": nest(new_base)})
    wb._answers = nest(current)
    wb._recheck()
    return SaveResult(wb.revision, False, updated=updated)


def _put(flat: dict[tuple[str, str], Any], key: tuple[str, str], value: Any) -> None:
    if value is None:
        flat.pop(key, None)
    else:
        flat[key] = value


def slug_of(doc: dict[str, Any], fallback: str = "team-workbook") -> str:
    """The file name (slug) a parsed workbook is kept under: its own slug when that is a
    valid one, else one made from the team's name; never a path taken from the file."""
    slug = doc["team"].get("slug")
    if isinstance(slug, str) and is_slug(slug):
        return slug
    try:
        return slugify(doc["team"]["name"])
    except WorkbookNameError:
        return fallback


def put_team_copy(
    doc: dict[str, Any], folder: str | os.PathLike[str] | None, expect: bytes
) -> Path:
    """Keep a team's workbook, as the team saved it, as `<slug>.json` in `folder` (a
    facilitator's copy of a workbook downloaded from a Binder session).

    It is written only if the file there is still `expect` (its bytes when the caller
    compared them; b"" for no file), so a decision made on one version never overwrites
    another. The version replaced becomes `<slug>.json.bak`."""
    slug = slug_of(doc)
    path = workbook_path(slug, workbook_dir(folder))
    path.parent.mkdir(parents=True, exist_ok=True)
    data = encode({**doc, "team": {**doc["team"], "slug": slug}})
    with _Locked(path):
        current = read_file(path) or b""
        if current != expect:
            raise WorkbookBusyError(
                f"The workbook {path.name} changed in the folder meanwhile, so it was not "
                "replaced. Add the file again to compare it with the new version."
            )
        if current:
            replace_keeping_backup(path, data, current)
        else:
            write_atomic(path, data)
    return path


def restore_workbook(
    data: bytes, folder: str | os.PathLike[str] | None = None, who: str | None = None
) -> Workbook:
    """Restore a downloaded workbook file into the folder (e.g. in a new Binder session).

    If that team's workbook exists, the copy on disk is kept as
    `<slug>.json.before-restore-<time>` and the uploaded answers replace it.
    """
    doc = parse(data)
    slug = slug_of(doc, "restored-workbook")
    path = workbook_path(slug, workbook_dir(folder))
    path.parent.mkdir(parents=True, exist_ok=True)
    who = who or default_who()
    notices = []
    with _Locked(path):
        current, raw, _ = _read_locked(path)
        if raw:
            stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
            kept = _sibling(path, f"{{name}}.before-restore-{stamp}")
            write_atomic(kept, raw)
            notices.append(f"The copy that was here before is kept as {kept.name}.")
        revision = max(int(doc["revision"]), int(current["revision"]) if current else 0) + 1
        doc = {
            **doc,
            "team": {**doc["team"], "slug": slug},
            "revision": revision,
            "history": [
                *doc["history"],
                {"at": now_iso(), "who": who, "action": "restore", "revision": revision},
            ],
        }
        write_atomic(path, encode(doc))
    wb = Workbook(doc, path=path, who=who)
    wb.notices.extend(notices)
    return wb


__all__ = [
    "open_workbook",
    "create_workbook",
    "save",
    "restore_workbook",
    "put_team_copy",
    "slug_of",
    "parse",
    "encode",
    "write_atomic",
    "backup_path",
    "refresh",
]

use_store(save, refresh)  # Workbook.save and Workbook.reload call these
