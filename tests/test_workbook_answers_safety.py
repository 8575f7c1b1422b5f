"""Issue #18, items 2-5 for the workbook: no answer silently wiped, wrongly typed or
hostile files are findings (never a crash), failed saves change nothing, leftovers from
crashed saves are cleaned, and `Workbook.reload()` works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import guidelib
from guidelib.checks import run_checks
from guidelib.cli import main
from guidelib.documents import DOCUMENTS, RENDERERS
from guidelib.errors import AnswerError
from guidelib.workbook import fileio, store

from .conftest import EXAMPLE


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- item 2: answers are refused in a sentence, never wiped ---------------------------


@pytest.mark.parametrize(
    ("step", "field", "value", "message"),
    [
        ("stakeholders", "register", '[{"nmae": ""}]', "unknown column 'nmae'"),
        ("stakeholders", "register", '[{"name": "Ana"}, {}]', "Row 2 of"),
        ("stakeholders", "register", '[{"name": ""}]', "is empty"),
        ("governance", "raci", '{"nosuch": {}}', "unknown row 'nosuch'"),
        ("stakeholders", "register", '"just text"', "must be a list of rows"),
    ],
)
def test_a_bad_table_or_matrix_is_refused_and_the_answer_kept(
    capsys, example, step, field, value, message
):
    before = example.read_bytes()
    kept = guidelib.open_workbook(example).get(step, field)
    assert kept  # the example has an answer there to lose
    code, out, err = run(capsys, "answer", example, step, field, value)
    assert code == 1 and "Saved" not in out and message in err and err.count("\n") == 1
    assert example.read_bytes() == before
    assert guidelib.open_workbook(example).get(step, field) == kept


def test_set_refuses_the_same_and_an_explicit_empty_list_still_clears(wb):
    wb.set("stakeholders", "register", [{"name": "Ana"}])
    with pytest.raises(AnswerError, match="unknown column"):
        wb.set("stakeholders", "register", [{"nmae": ""}])
    with pytest.raises(AnswerError, match="unknown row"):
        wb.set("governance", "raci", {"nosuch": {}})
    with pytest.raises(AnswerError, match="unknown part"):
        wb.set("equity-review", wb.guidebook.step("equity-review").fields[0].id, {"x": ""})
    assert wb.get("stakeholders", "register") == [{"name": "Ana"}]
    assert wb.set("stakeholders", "register", []) is None
    assert wb.get("stakeholders", "register") is None


def test_control_characters_and_surrogates_are_cleaned_and_the_save_works(wb):
    assert wb.set("charter", "vision", "a\ud800b\x07c\n\td") == "abc\n\td"
    assert wb.set("policy-problem", "problem", "one\ntwo\tthree\udfff") == "one two three"
    wb.save()
    raw = wb.path.read_bytes()
    raw.decode("utf-8")  # strict: the file is valid UTF-8
    assert guidelib.open_workbook(wb.path).get("charter", "vision") == "abc\n\td"


def test_bidi_overrides_are_removed_with_a_note_in_the_history_and_isolates_stay(wb):
    assert wb.set("charter", "vision", "pay \u202eevil\u202c now") == "pay evil now"
    wb.set("charter", "mission", "\u2067مرحبا\u2069 kept")
    wb.set("stakeholders", "register", [{"name": "A\u202db"}])
    wb.save()
    history = {e["field"]: e for e in guidelib.open_workbook(wb.path).history if "field" in e}
    assert "were removed" in history["vision"]["note"]
    assert "were removed" in history["register"]["note"]
    assert "note" not in history["mission"]
    again = guidelib.open_workbook(wb.path)
    assert again.get("charter", "mission") == "\u2067مرحبا\u2069 kept"
    assert again.get("stakeholders", "register") == [{"name": "Ab"}]
    text = wb.path.read_text(encoding="utf-8")
    assert not any(ch in text for ch in "\u202a\u202b\u202c\u202d\u202e")


def test_answer_says_when_it_removed_override_characters(capsys, wb):
    code, out, err = run(capsys, "answer", wb.path, "charter", "vision", "a\u202eb")
    assert code == 0 and "were removed" in err and out.startswith("Saved")
    assert guidelib.open_workbook(wb.path).get("charter", "vision") == "ab"


def test_get_refuses_unknown_ids_and_items_keeps_unknown_fields(wb):
    doc = json.loads(wb.path.read_text())
    doc["answers"] = {"charter": {"vision": "v", "retired": 1}, "gone-step": {"x": 2}}
    wb.path.write_text(json.dumps(doc))
    again = guidelib.open_workbook(wb.path)
    with pytest.raises(AnswerError, match="no field 'retired'"):
        again.get("charter", "retired")
    with pytest.raises(AnswerError, match="no step 'gone-step'"):
        again.get("gone-step", "x")
    assert sorted(again.items()) == [
        ("charter", "retired", 1),
        ("charter", "vision", "v"),
        ("gone-step", "x", 2),
    ]


def test_a_byte_order_mark_is_accepted(capsys, wb):
    wb.set("charter", "vision", "saved by Notepad")
    wb.save()
    wb.path.write_bytes(b"\xef\xbb\xbf" + wb.path.read_bytes())
    code, out, err = run(capsys, "status", wb.path)
    assert code == 0 and err == ""
    assert guidelib.open_workbook(wb.path).get("charter", "vision") == "saved by Notepad"
    assert sorted(p.name for p in wb.path.parent.iterdir() if "invalid" in p.name) == []


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deep_nesting_is_refused_in_a_sentence_and_the_backup_restored(capsys, wb, depth):
    wb.set("charter", "vision", "good")
    wb.save()
    wb.set("charter", "vision", "second")
    wb.save()
    text = wb.path.read_text()
    wb.path.write_text(text.replace('"second"', "[" * depth + "]" * depth))
    code, out, err = run(capsys, "status", wb.path)
    assert code == 0 and "note: The workbook file was damaged" in err
    assert guidelib.open_workbook(wb.path).get("charter", "vision") == "good"
    assert len(list(wb.path.parent.glob("test-team.json.invalid-*"))) == 1


def test_deep_nesting_without_a_backup_is_one_sentence(capsys, wb):
    wb.path.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, _, err = run(capsys, "validate", wb.path)
    assert code == 1 and "no good backup" in err and err.count("\n") == 1


# -- item 3: wrongly typed stored answers are findings -----------------------------------


@pytest.fixture
def mistyped(example: Path) -> Path:
    doc = json.loads(example.read_text())
    doc["answers"]["charter"]["vision"] = 42
    doc["answers"]["stakeholders"]["register"] = "a register written as text"
    doc["answers"]["governance"]["raci"] = [1, 2]
    doc["answers"]["charter"]["term_months"] = {"months": 24}
    example.write_text(json.dumps(doc))
    return example


def test_validate_names_each_mistyped_answer(capsys, mistyped):
    code, out, err = run(capsys, "validate", mistyped)
    assert code == 1 and err == ""
    assert 'error: charter.vision ("Vision", step 1.6) should be text; it is a number.' in out
    assert (
        "stakeholders.register" in out and "should be a table (a list of rows); it is text" in out
    )
    assert "governance.raci" in out and "it is a list" in out
    assert "charter.term_months" in out and "should be a number; it is an object" in out


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_document_is_built_from_a_mistyped_workbook(capsys, mistyped, tmp_path, kind, fmt):
    code, out, err = run(capsys, "export", mistyped, "--doc", kind, "--format", fmt, "-o", tmp_path)
    assert code == 0, err
    assert (tmp_path / f"example-kinship-care-{kind}.{fmt}").stat().st_size > 0


def test_mistyped_answers_are_kept_in_the_file_through_saves(mistyped):
    wb = guidelib.open_workbook(mistyped)
    assert wb.get("charter", "vision") is None and wb.get("stakeholders", "register") is None
    assert ("charter", "vision") in wb.invalid
    wb.set("charter", "mission", "a new mission")
    wb.save()
    stored = json.loads(mistyped.read_text())["answers"]
    assert stored["charter"]["vision"] == 42
    assert stored["stakeholders"]["register"] == "a register written as text"
    wb.set("charter", "vision", "fixed")
    assert ("charter", "vision") not in wb.invalid
    assert not [f for f in run_checks(wb, ["stored-types"]) if f.field == "vision"]


def test_the_report_builders_take_a_mistyped_workbook(mistyped):
    from guidelib.report import answers as report_answers

    wb = guidelib.open_workbook(mistyped)
    progress = wb.progress()
    for step in wb.guidebook.steps:
        report_answers.step_html(wb, step, progress.step(step.id).status)


# -- item 4: saves ----------------------------------------------------------------------


def test_a_save_that_fails_leaves_the_backup_and_the_folder_as_they_were(wb, monkeypatch):
    for n in (1, 2):
        wb.set("charter", "vision", f"version {n}")
        wb.save()
    before = folder_state(wb.path.parent)
    real_fsync = os.fsync

    def disk_full(fd):
        if os.readlink(f"/proc/self/fd/{fd}").split("/")[-1].startswith(".test-team.json.tmp"):
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full)
    wb.set("charter", "vision", "version 3")
    with pytest.raises(OSError):
        wb.save()
    monkeypatch.undo()
    assert folder_state(wb.path.parent) == before  # no .tmp-*, no .bak-*, same .bak
    assert wb.pending() == [("charter", "vision")]
    wb.save()
    assert json.loads(store.backup_path(wb.path).read_text())["revision"] == 2


def test_a_lone_surrogate_in_the_file_is_kept_and_the_save_works(wb):
    doc = json.loads(wb.path.read_text())
    doc["team"]["note"] = "half \ud83d of an emoji"
    wb.path.write_text(json.dumps(doc))  # ASCII escapes: valid JSON, not valid UTF-8 text
    again = guidelib.open_workbook(wb.path)
    again.set("charter", "vision", "after")
    again.save()
    assert json.loads(wb.path.read_text())["team"]["note"] == "half \ud83d of an emoji"
    assert not [*wb.path.parent.glob(".*.tmp-*"), *wb.path.parent.glob(".*.bak-*")]


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(proc.stdout)


def test_leftovers_of_crashed_saves_are_cleaned_by_the_next_save(wb):
    folder = wb.path.parent
    dead, live = _dead_pid(), os.getppid()
    gone = [folder / f".test-team.json.{k}-{dead}-0a1b2c3d" for k in ("tmp", "bak")]
    old = folder / f".test-team.json.tmp-{live}-00ff00ff"
    fresh = folder / f".test-team.json.bak-{live}-11ee11ee"
    other = folder / f".other.json.tmp-{dead}-22dd22dd"  # another workbook's: its own save
    for path in (*gone, old, fresh, other):
        path.write_text("{}")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    wb.set("charter", "vision", "next save")
    wb.save()
    assert [p.exists() for p in (*gone, old, fresh, other)] == [False, False, False, True, True]


def test_reload_picks_up_another_sessions_save_and_keeps_unsaved_edits(wb):
    other = guidelib.open_workbook(wb.path)
    wb.set("charter", "vision", "mine, unsaved")
    wb.set("charter", "scope_in", "mine too")
    other.set("charter", "mission", "theirs, saved")
    other.set("charter", "scope_in", "theirs")
    other.save()
    result = wb.reload()
    assert not result.written and set(result.updated) == {
        ("charter", "mission"),
        ("charter", "scope_in"),
    }
    assert wb.revision == other.revision
    assert wb.get("charter", "mission") == "theirs, saved"
    assert wb.get("charter", "vision") == "mine, unsaved"
    assert wb.get("charter", "scope_in") == "mine too"
    assert sorted(wb.pending()) == [("charter", "scope_in"), ("charter", "vision")]
    saved = wb.save()
    assert [(c.field, c.theirs) for c in saved.conflicts] == [("scope_in", "theirs")]
    final = guidelib.open_workbook(wb.path)
    assert final.get("charter", "vision") == "mine, unsaved"
    assert final.get("charter", "mission") == "theirs, saved"
    assert final.get("charter", "scope_in") == "theirs"  # conflict: theirs kept, ours logged


def test_leftover_patterns_match_what_the_store_writes(wb):
    """The cleaner finds exactly the names `write_atomic` and the backup step use."""
    assert fileio._temp_name(wb.path, "tmp").name.startswith(".test-team.json.tmp-")
    assert fileio._temp_name(wb.path, "bak").name.startswith(".test-team.json.bak-")


def test_the_example_has_no_mistyped_answer():
    assert guidelib.open_workbook(EXAMPLE).invalid == {}
