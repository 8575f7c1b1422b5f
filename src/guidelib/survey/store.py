"""Survey responses in SQLite, in a file beside the workbook: `<slug>.responses.sqlite`.

Many respondents submit at once, each from their own Voilà kernel, so:

- WAL mode, so one writer never blocks readers, and a `busy_timeout`, so writers queue for
  the lock instead of failing;
- one short transaction per submission (`INSERT OR IGNORE`), with the response id made by
  the form: a double-click or a retried submit stores one response, never two;
- a respondent's kernel only inserts. Nothing here builds SQL from text a person typed:
  every value is a parameter.

The file's place comes from the workbook's own path, never from user input.

>>> from pathlib import Path
>>> responses_path(Path("/srv/workbook/riverbend.json")).name
'riverbend.responses.sqlite'
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import N_
from ..textsafe import for_message
from ..workbook.paths import SLUG_RE, SUFFIX
from .form import SurveyError

if TYPE_CHECKING:
    from ..workbook import Workbook

RESPONSES_SUFFIX = ".responses.sqlite"
BUSY_MS = 30_000  # how long a writer waits for the lock before giving up
SOURCES = ("form", "import")
MAX_ANSWERS_BYTES = 256 * 1024
ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,80}$")
SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    response_id  TEXT PRIMARY KEY,
    submitted_at TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('form', 'import')),
    answers      TEXT NOT NULL,
    language     TEXT
)
"""
INSERT = (
    "INSERT OR IGNORE INTO responses (response_id, submitted_at, source, answers, language) "
    "VALUES (?, ?, ?, ?, ?)"
)
COLUMNS = ("response_id", "submitted_at", "source", "answers")
#: Files made before responses recorded their language gain the column (NULL: not
#: recorded); a file without it is still read, never changed by a reader.
ADD_LANGUAGE = "ALTER TABLE responses ADD COLUMN language TEXT"
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
SAVE_FAILED = N_("Your answers could not be saved just now. Please press Send again in a moment.")


@dataclass(frozen=True)
class Response:
    response_id: str
    submitted_at: str
    source: str
    answers: dict[str, Any]
    language: str | None = None  # the form's language code ('es'); None: not recorded


def responses_path(workbook: Workbook | os.PathLike[str] | str) -> Path:
    """`<folder>/<slug>.responses.sqlite` for a workbook (or its .json path)."""
    path = Path(workbook.path if hasattr(workbook, "path") else workbook)  # type: ignore[arg-type]
    if path is None or path.suffix != SUFFIX or not SLUG_RE.match(path.stem):
        raise SurveyError("Save the workbook as a file before collecting survey responses.")
    return path.resolve().with_name(path.stem + RESPONSES_SUFFIX)


def new_response_id() -> str:
    """A random id for one filled-in form (128 bits)."""
    return secrets.token_hex(16)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _open(path: Path) -> sqlite3.Connection:
    # isolation_level=None: no hidden transactions; each statement below says what it does
    con = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    con.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    return con


def not_ours(path: Path) -> SurveyError:
    return SurveyError(
        f"{for_message(path.name)} is not a guidelib survey responses file: its responses "
        "table has other columns. Move it aside, and guidelib will start a new one."
    )


def _check_shape(con: sqlite3.Connection, path: Path) -> None:
    """A `responses` table of another shape (another program's file with the same name)
    is named as such, never taken for a busy file."""
    columns = tuple(row[1] for row in con.execute("PRAGMA table_info(responses)"))
    if columns[: len(COLUMNS)] != COLUMNS or set(columns[len(COLUMNS) :]) - {"language"}:
        raise not_ours(path)


def _prepare(con: sqlite3.Connection) -> None:
    """WAL mode and the table, once per file. Several kernels may create the file at the
    same moment: switching to WAL needs a moment alone, so a busy answer is retried."""
    for attempt in range(200):
        try:
            if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                con.execute("PRAGMA journal_mode = WAL")
            con.execute(SCHEMA)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or attempt == 199:
                raise
            time.sleep(0.01 + secrets.randbelow(20) / 1000)


@contextmanager
def _writer(path: Path) -> Iterator[sqlite3.Connection]:
    con = _open(path)
    try:
        _prepare(con)
        _check_shape(con, path)  # before adding a column: never change another program's file
        if not _has_language(con):
            _add_language(con)
        con.execute("PRAGMA synchronous = FULL")  # a stored response survives a crash
        yield con
    finally:
        con.close()


def _add_language(con: sqlite3.Connection) -> None:
    try:
        con.execute(ADD_LANGUAGE)
    except sqlite3.OperationalError as exc:
        if "duplicate column" not in str(exc):  # another kernel added it just now
            raise


def _has_language(con: sqlite3.Connection) -> bool:
    return any(row[1] == "language" for row in con.execute("PRAGMA table_info(responses)"))


def _row(
    response_id: str,
    answers: dict[str, Any],
    source: str,
    at: str | None,
    language: str | None = None,
) -> tuple:
    if not isinstance(response_id, str) or not ID_RE.match(response_id):
        raise SurveyError("A response id must be 8 to 80 letters, digits, - or _.")
    if source not in SOURCES:
        raise SurveyError(f"A response comes from the form or an import, not {source!r}.")
    text = json.dumps(answers, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_ANSWERS_BYTES:
        raise SurveyError("This response is too long to store; shorten the written answers.")
    if language is not None and not LANGUAGE_RE.match(str(language)):
        raise SurveyError(f"{str(language)[:20]!r} is not a language code such as es.")
    return (response_id, at or now_iso(), source, text, language)


def submit(
    workbook: Workbook | os.PathLike[str] | str,
    answers: dict[str, Any],
    response_id: str,
    source: str = "form",
    submitted_at: str | None = None,
    language: str | None = None,
) -> bool:
    """Store one response (already checked with `check_answers`) in the form's language
    (a code such as 'es'). True if stored now, False if a response with this id was
    stored before (a second click)."""
    row = _row(response_id, answers, source, submitted_at, language)
    with _writer(responses_path(workbook)) as con:
        return con.execute(INSERT, row).rowcount == 1


def submit_many(
    workbook: Workbook | os.PathLike[str] | str,
    rows: Iterable[tuple],
    source: str = "import",
) -> int:
    """Store many responses `(id, answers, submitted_at[, language])` in one transaction
    (an import: all of them or none). Returns how many were new."""
    checked = [_row(*row[:2], source, *row[2:]) for row in rows]
    with _writer(responses_path(workbook)) as con:
        con.execute("BEGIN IMMEDIATE")
        try:
            added = sum(con.execute(INSERT, row).rowcount for row in checked)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    return added


@contextmanager
def _reader(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A connection for reading, or None when nothing was stored yet (no file is made)."""
    if not path.is_file():
        yield None
        return
    con = _open(path)
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'responses'"
        ).fetchone()
        if has:
            _check_shape(con, path)
        yield con if has else None
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise not_ours(path) from None
        raise SurveyError("The survey responses are busy; try again in a moment.") from None
    except sqlite3.DatabaseError:
        raise SurveyError(f"{path.name} is not a survey responses file.") from None
    finally:
        con.close()


def count(workbook: Workbook | os.PathLike[str] | str, source: str | None = None) -> int:
    """How many responses are stored (from one source, if given)."""
    with _reader(responses_path(workbook)) as con:
        if con is None:
            return 0
        if source is None:
            return int(con.execute("SELECT count(*) FROM responses").fetchone()[0])
        sql = "SELECT count(*) FROM responses WHERE source = ?"
        return int(con.execute(sql, (source,)).fetchone()[0])


def responses(workbook: Workbook | os.PathLike[str] | str) -> list[Response]:
    """Every stored response, oldest first (ties in id order, so the order is stable)."""
    with _reader(responses_path(workbook)) as con:
        if con is None:
            return []
        language = "language" if _has_language(con) else "NULL"
        sql = f"SELECT response_id, submitted_at, source, answers, {language} FROM responses"
        rows = con.execute(sql + " ORDER BY submitted_at, response_id").fetchall()
    return [Response(rid, at, src, _answers(text), lang) for rid, at, src, text, lang in rows]


def _answers(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
