"""Responses in SQLite beside the workbook: one per response id, however often it is sent,
and none lost when many kernels submit at the same moment."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from guidelib.survey import store
from guidelib.survey.form import SurveyError
from guidelib.survey.store import count, new_response_id, responses, responses_path, submit

PROCESSES = 24
EACH = 8
SHARED = "double-click-from-everyone"


def test_the_file_sits_beside_the_workbook(wb):
    path = responses_path(wb)
    assert path == wb.path.with_name("test-team.responses.sqlite")
    assert responses_path(wb.path) == path


@pytest.mark.parametrize("ref", ["/tmp/x/../etc/passwd", "/tmp/Team Name.json", "/tmp/a.sqlite"])
def test_a_path_that_is_not_a_workbook_is_refused(ref):
    with pytest.raises(SurveyError):
        responses_path(ref)


def test_nothing_stored_means_no_file(wb):
    assert count(wb) == 0 and responses(wb) == []
    assert not responses_path(wb).exists()


def test_a_response_id_is_stored_once(wb):
    rid = new_response_id()
    assert submit(wb, {"Q": 1}, rid) is True
    assert submit(wb, {"Q": 1}, rid) is False  # a second click
    assert submit(wb, {"Q": 2}, rid) is False  # a retry never overwrites the first
    assert count(wb) == 1
    (only,) = responses(wb)
    assert only.response_id == rid and only.answers == {"Q": 1} and only.source == "form"


def test_wal_mode_and_parameters_only(wb):
    hostile = "x'); DROP TABLE responses; --"
    submit(wb, {hostile: hostile}, new_response_id())
    with sqlite3.connect(responses_path(wb)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    assert responses(wb)[0].answers == {hostile: hostile}


@pytest.mark.parametrize(
    ("rid", "source", "message"),
    [
        ("short", "form", "8 to 80"),
        ("a b c d e f g h", "form", "8 to 80"),
        ("0123456789abcdef0123456789abcdef", "email", "form or an import"),  # a good id
    ],
)
def test_bad_ids_and_sources_are_refused(wb, rid, source, message):
    with pytest.raises(SurveyError, match=message):
        submit(wb, {"Q": 1}, rid, source)
    assert count(wb) == 0


def test_a_file_that_is_not_a_database_gives_a_sentence(wb):
    responses_path(wb).write_bytes(b"not a database at all" * 100)
    with pytest.raises(SurveyError, match="is not a survey responses file"):
        count(wb)


def test_responses_are_oldest_first_and_counted_by_source(wb):
    submit(wb, {"Q": 1}, "bbbbbbbb", submitted_at="2026-09-02T10:00:00Z")
    submit(wb, {"Q": 2}, "aaaaaaaa", "import", submitted_at="2026-09-03T10:00:00Z")
    submit(wb, {"Q": 3}, "cccccccc", submitted_at="2026-09-01T10:00:00Z")
    assert [r.response_id for r in responses(wb)] == ["cccccccc", "bbbbbbbb", "aaaaaaaa"]
    assert (count(wb), count(wb, "form"), count(wb, "import")) == (3, 2, 1)


def test_submit_many_is_one_transaction(wb, monkeypatch):
    rows = [(f"import-{i:04d}", {"Q": i}, None) for i in range(5)]
    assert store.submit_many(wb, rows) == 5
    assert store.submit_many(wb, rows + [("import-0099", {"Q": 99}, None)]) == 1
    bad = [("import-0100", {"Q": 1}, None), ("bad id", {"Q": 2}, None)]
    with pytest.raises(SurveyError):
        store.submit_many(wb, bad)
    assert count(wb) == 6  # the good row of the failed batch was not stored either


# -- many kernels at once ----------------------------------------------------------------------
def submitter(book: str, worker: int, barrier) -> int:
    """One respondent's kernel: waits for the others, then sends its forms, each twice."""
    barrier.wait()
    stored = 0
    for n in range(EACH):
        rid = f"w{worker:02d}-r{n:02d}-{'x' * 8}"
        answers = {"worker": worker, "n": n}
        stored += submit(book, answers, rid)
        stored += submit(book, answers, rid)  # the double-click
    stored += submit(book, {"shared": worker}, SHARED)
    return stored


def test_many_processes_submitting_at_once_lose_and_duplicate_nothing(folder: Path):
    book = folder / "busy-team.json"  # the responses file does not exist yet either
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Manager().Barrier(PROCESSES)
    with ctx.Pool(PROCESSES) as pool:
        stored = pool.starmap(submitter, [(str(book), k, barrier) for k in range(PROCESSES)])
    assert sum(stored) == PROCESSES * EACH + 1
    rows = responses(book)
    ids = [r.response_id for r in rows]
    assert len(ids) == len(set(ids)) == PROCESSES * EACH + 1
    expected = {f"w{k:02d}-r{n:02d}-{'x' * 8}" for k in range(PROCESSES) for n in range(EACH)}
    assert set(ids) == expected | {SHARED}
    for r in rows:
        if r.response_id != SHARED:
            assert r.answers == {"worker": int(r.response_id[1:3]), "n": int(r.response_id[5:7])}
