"""The files beside a workbook, handled so that nothing outside them is ever touched.

- **No links.** A workbook, its backup, lock and temporary files are opened with
  `O_NOFOLLOW` (and an `lstat` check where the system has no such flag): a symbolic link
  where one of them should be is refused in a sentence, never followed, so a link named
  `team.json` cannot make guidelib read, rename or truncate the file it points to.
- **Atomic writes.** A temporary file in the same folder (created exclusively), fsync,
  `os.replace`; readers see the old file or the new, never half.
- **Backups that only move after a save landed.** The version about to be replaced is held
  as a hard link (or a copy) under a temporary name, and becomes `<name>.bak` only once the
  new file is in place: a save that fails leaves `.bak` and the folder as they were.
- **Leftovers.** A process killed mid-save can leave `.<name>.tmp-<pid>-<hex>` or
  `.<name>.bak-<pid>-<hex>`; the next save removes those whose process is gone or that are
  more than a minute old.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import WorkbookError

MAX_FILE_BYTES = 20 * 1024 * 1024
STALE_AFTER = 60.0  # seconds: no save holds a temporary file this long
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO named team.json must not hang a read
_BINARY = getattr(os, "O_BINARY", 0)
LEFTOVER_KINDS = ("tmp", "bak")


def sibling(path: Path, template: str) -> Path:
    return path.with_name(template.format(name=path.name))


def backup_path(path: Path) -> Path:
    return sibling(path, "{name}.bak")


def lock_path(path: Path) -> Path:
    return sibling(path, ".{name}.lock")


def link_error(path: Path) -> WorkbookError:
    return WorkbookError(
        f"{path.name} is a symbolic link, and guidelib never follows a link for a workbook "
        "or its backup, lock or temporary files, so nothing was read or changed; use the "
        "workbook file itself."
    )


def refuse_link(path: Path) -> None:
    """Raise `link_error` if `path` is a symbolic link (a check before acting; the opens
    themselves also refuse links)."""
    if path.is_symlink():
        raise link_error(path)


def read_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of a regular file (at most `limit` + 1), None if there is none; a link, a
    folder or a device is refused in a sentence."""
    refuse_link(path)  # systems without O_NOFOLLOW
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise link_error(path) from None
        raise
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise WorkbookError(f"{path.name} is not a regular file, so it is not a workbook.")
        return fh.read(limit + 1)


def _create(path: Path, data: bytes) -> None:
    """Write `data` to a new file at `path` (never an existing file or link), durably."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _temp_name(path: Path, kind: str) -> Path:
    return sibling(path, f".{{name}}.{kind}-{os.getpid()}-{secrets.token_hex(4)}")


def _sync_folder(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):  # make a rename itself durable (POSIX only)
        fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new, never half.
    A link at `path` is replaced by the file, never written through."""
    tmp = _temp_name(path, "tmp")
    try:
        _create(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def hold_current(path: Path, raw: bytes) -> Path:
    """Keep the version about to be replaced under a temporary name: a hard link costs no
    copy and no fsync (that version is already on disk); filesystems without links get a
    copy. `release_backup` makes it the `.bak` once the new version is in place."""
    held = _temp_name(path, "bak")
    try:
        os.link(path, held)  # link(2) links a symlink itself, never its target
    except (OSError, NotImplementedError):
        held.unlink(missing_ok=True)
        try:
            _create(held, raw)
        except BaseException:
            held.unlink(missing_ok=True)
            raise
    return held


def release_backup(path: Path, held: Path) -> None:
    """Make the held version `<name>.bak` (a link there is replaced, not followed)."""
    try:
        os.replace(held, backup_path(path))
    except OSError:
        held.unlink(missing_ok=True)
        raise


def replace_keeping_backup(
    path: Path, data: bytes, raw: bytes, write: Callable[[Path, bytes], None] = write_atomic
) -> None:
    """Write `data` over `path` (with `write`); the version replaced (`raw`) becomes
    `<name>.bak` only if the write succeeded, so a failed save changes neither file."""
    held = hold_current(path, raw)
    try:
        write(path, data)
    except BaseException:
        held.unlink(missing_ok=True)
        raise
    release_backup(path, held)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would end the process there; age decides instead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def leftovers(path: Path) -> list[Path]:
    """Temporary files of `path`'s saves that no running save owns: their process is gone,
    or they are older than `STALE_AFTER` seconds."""
    found = []
    now = time.time()
    for kind in LEFTOVER_KINDS:
        for candidate in path.parent.glob(f".{path.name}.{kind}-*"):
            pid_text = candidate.name.rsplit(f".{kind}-", 1)[1].split("-", 1)[0]
            try:
                age = now - candidate.lstat().st_mtime
            except FileNotFoundError:
                continue
            dead = pid_text.isdigit() and not _alive(int(pid_text))
            if dead or age > STALE_AFTER:
                found.append(candidate)
    return found


def clean_leftovers(path: Path) -> list[Path]:
    """Remove `leftovers(path)` (unlink removes a link itself, never its target)."""
    removed = []
    for candidate in leftovers(path):
        try:
            candidate.unlink()
        except FileNotFoundError:
            continue
        except OSError:  # someone else's file we may not remove: leave it
            continue
        removed.append(candidate)
    return removed
