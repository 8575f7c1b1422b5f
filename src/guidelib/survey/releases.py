"""Survey results for anyone but the team change only in releases.

Results recomputed after every response let someone who compares two views learn one
respondent's group and answers (the difference between the views is that one person). So
the dashboard, the public pages and the impact report show the results of a *release*: a
frozen set of responses, stored beside them in the same SQLite file:

- `releases`: one row per release (when, how many responses it holds, and why);
- `released`: each response id and the release that first took it in. Release N holds
  every response taken in by releases 1 to N, so a release never loses anyone.

A release is made automatically once at least the small-cell number of the workbook's
rule (11 under CMS) of new responses have arrived since the last one, so two releases in
a row differ by at least that many people; or by hand by the team (step 3.2's button,
`guidelib survey release WB`). The team's own view in step 3.2 shows live results,
marked as not yet released. A release needs the responses file to exist: nothing here
creates one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..datacheck.suppress import policy as make_policy
from .store import Response, _answers, _has_language, _reader, _writer, now_iso, responses_path

if TYPE_CHECKING:
    from ..workbook import Workbook
    from .results import SurveyResults

AUTOMATIC, BY_HAND = "automatic", "by hand"
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS releases (
        release_id INTEGER PRIMARY KEY,
        made_at    TEXT NOT NULL,
        responses  INTEGER NOT NULL,
        reason     TEXT NOT NULL CHECK (reason IN ('automatic', 'by hand'))
    )""",
    """CREATE TABLE IF NOT EXISTS released (
        response_id TEXT PRIMARY KEY,
        release_id  INTEGER NOT NULL REFERENCES releases (release_id)
    )""",
)
_NEW = "SELECT count(*) FROM responses WHERE response_id NOT IN (SELECT response_id FROM released)"


@dataclass(frozen=True)
class Release:
    number: int
    made_at: str
    responses: int
    reason: str


@dataclass(frozen=True)
class ReleaseStatus:
    """Where the releases stand: the latest (None before the first), how many responses
    are not yet released, and how many new ones make the next release by themselves."""

    latest: Release | None
    waiting: int
    threshold: int

    @property
    def due(self) -> bool:
        return self.waiting >= self.threshold


def threshold(wb: Workbook) -> int:
    """The small-cell number of the workbook's rule: 11 under CMS, 10 under CDC."""
    from .form import survey_definition

    return make_policy(survey_definition(wb).policy).minimum


def _has_tables(con: sqlite3.Connection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
        "('releases', 'released')"
    ).fetchone()[0]
    return found == 2


def _latest(con: sqlite3.Connection) -> Release | None:
    row = con.execute(
        "SELECT release_id, made_at, responses, reason FROM releases "
        "ORDER BY release_id DESC LIMIT 1"
    ).fetchone()
    return Release(*row) if row else None


def status(wb: Workbook) -> ReleaseStatus:
    """The latest release and how many responses wait for the next one."""
    with _reader(responses_path(wb)) as con:
        if con is None:
            return ReleaseStatus(None, 0, threshold(wb))
        latest = _latest(con) if _has_tables(con) else None
    return ReleaseStatus(latest, _waiting(responses_path(wb)), threshold(wb))


def _waiting(path) -> int:  # noqa: ANN001 - a Path
    with _reader(path) as con:
        if con is None:
            return 0
        if not _has_tables(con):
            return int(con.execute("SELECT count(*) FROM responses").fetchone()[0])
        return int(con.execute(_NEW).fetchone()[0])


def release(wb: Workbook, reason: str = BY_HAND, minimum: int = 1) -> Release | None:
    """Make a release of every response not yet released, if there are at least
    `minimum` of them; None when there are fewer (or no responses file). One transaction:
    two kernels releasing at the same moment make one release, not two."""
    path = responses_path(wb)
    if not path.is_file() or _waiting(path) < max(minimum, 1):
        return None  # looked at, not written: reading never changes the file
    with _writer(path) as con:
        con.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA:
                con.execute(statement)
            new = int(con.execute(_NEW).fetchone()[0])
            if new < max(minimum, 1):
                con.execute("ROLLBACK")
                return None
            total = new + int(con.execute("SELECT count(*) FROM released").fetchone()[0])
            number = con.execute(
                "INSERT INTO releases (made_at, responses, reason) VALUES (?, ?, ?)",
                (now_iso(), total, reason),
            ).lastrowid
            con.execute(
                "INSERT INTO released (response_id, release_id) SELECT response_id, ? "
                "FROM responses WHERE response_id NOT IN (SELECT response_id FROM released)",
                (number,),
            )
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        return _latest(con)


def release_if_due(wb: Workbook) -> Release | None:
    """A new release when at least the small-cell number of responses wait for one."""
    return release(wb, AUTOMATIC, minimum=threshold(wb))


def released_responses(wb: Workbook) -> tuple[Release | None, list[Response]]:
    """The latest release and the responses it holds (oldest first), with their source,
    time and language: everything a stakeholder's view may count."""
    with _reader(responses_path(wb)) as con:
        if con is None or not _has_tables(con):
            return None, []
        latest = _latest(con)
        if latest is None:
            return None, []
        language = "r.language" if _has_language(con) else "NULL"
        rows = con.execute(
            f"SELECT r.response_id, r.submitted_at, r.source, r.answers, {language} "
            "FROM responses r JOIN released x USING (response_id) "
            "WHERE x.release_id <= ? ORDER BY r.submitted_at, r.response_id",
            (latest.number,),
        ).fetchall()
    return latest, [Response(rid, at, src, _answers(t), lang) for rid, at, src, t, lang in rows]


def released_answers(wb: Workbook) -> tuple[Release | None, list[dict[str, Any]]]:
    """The latest release and the answers of the responses it holds (oldest first)."""
    latest, held = released_responses(wb)
    return latest, [r.answers for r in held]


def published_results(wb: Workbook) -> tuple[Release | None, SurveyResults | None]:
    """What anyone but the team may see: the latest release's results (making a release
    first if one is due), suppressed by the workbook's rule. (None, None) before the
    first release."""
    from .form import survey_definition
    from .languages import with_language
    from .results import survey_results

    release_if_due(wb)
    latest, held = released_responses(wb)
    if latest is None:
        return None, None
    definition, answers = with_language(
        survey_definition(wb), [r.answers for r in held], [r.language for r in held]
    )
    # One page asks for these several times (the impact report's sections, the dashboard),
    # and protecting the linked tables takes seconds: the same survey over the same
    # released responses gives the same results, so they are computed once.
    # (the definition as text: its translations are dicts, which cannot be a key)
    key = (repr(definition), latest.number, tuple(r.response_id for r in held))
    cached = _RESULTS.get(key)
    if cached is None:
        cached = _RESULTS[key] = survey_results(definition, answers)
        while len(_RESULTS) > _KEEP:
            _RESULTS.pop(next(iter(_RESULTS)))
    return latest, cached


_RESULTS: dict[Any, SurveyResults] = {}  # oldest first
_KEEP = 8
