"""The store never loses an answer: atomic writes, recovery, versions, concurrent savers."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from filelock import FileLock

import guidelib
from guidelib.errors import WorkbookBusyError, WorkbookError, WorkbookVersionError
from guidelib.workbook import schema, store
from guidelib.workbook.merge import merge


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_create_writes_a_versioned_document(wb, folder):
    doc = read(folder / "test-team.json")
    assert doc["schema_version"] == schema.SCHEMA_VERSION
    assert doc["revision"] == 0
    assert doc["team"]["name"] == "Test Team" and doc["team"]["slug"] == "test-team"
    assert doc["answers"] == {}
    assert [e["action"] for e in doc["history"]] == ["create"]


def test_create_refuses_to_overwrite(wb, folder):
    with pytest.raises(WorkbookError, match="already exists"):
        guidelib.create_workbook("Test team", folder)
    assert guidelib.create_workbook("TEST TEAM!", folder, exist_ok=True).path == wb.path


def test_answers_survive_a_restart_with_history(wb):
    wb.who = "Ana"
    wb.set("policy-problem", "problem", "Kids miss school")
    wb.set("charter", "term_months", 24)
    result = wb.save()
    assert result.written and result.revision == 1
    assert sorted(result.saved) == [("charter", "term_months"), ("policy-problem", "problem")]
    again = guidelib.open_workbook(wb.path)
    assert again.get("policy-problem", "problem") == "Kids miss school"
    assert again.get("charter", "term_months") == 24
    sets = [e for e in again.history if e["action"] == "set"]
    assert {(e["step"], e["field"], e["who"], e["revision"]) for e in sets} == {
        ("policy-problem", "problem", "Ana", 1),
        ("charter", "term_months", "Ana", 1),
    }
    wb.set("charter", "term_months", None)
    wb.save()
    last = guidelib.open_workbook(wb.path)
    assert last.get("charter", "term_months") is None
    assert last.history[-1]["action"] == "clear"


def test_saving_nothing_writes_nothing(wb):
    before = wb.path.stat().st_mtime_ns
    assert not wb.save().written
    assert wb.path.stat().st_mtime_ns == before


def test_each_save_keeps_the_previous_version_as_backup(wb):
    for n in range(1, 4):
        wb.set("policy-problem", "problem", f"version {n}")
        wb.save()
    backup = read(store.backup_path(wb.path))
    assert backup["revision"] == 2
    assert backup["answers"]["policy-problem"]["problem"] == "version 2"


def test_backup_falls_back_to_a_copy_where_links_fail(wb, monkeypatch):
    def no_links(*_args):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    for n in (1, 2):
        wb.set("policy-problem", "problem", f"version {n}")
        wb.save()
    assert read(store.backup_path(wb.path))["answers"]["policy-problem"]["problem"] == "version 1"
    assert not list(wb.path.parent.glob(".*.bak-*"))


def test_a_crash_before_the_rename_leaves_the_old_file_whole(wb):
    """The saving process dies after writing its temporary file, before os.replace."""
    wb.set("policy-problem", "problem", "safe answer")
    wb.save()
    script = textwrap.dedent(f"""
        import os, signal, guidelib
        wb = guidelib.open_workbook({str(wb.path)!r})
        wb.set("policy-problem", "problem", "never written")
        real_fsync = os.fsync
        def die(fd):
            real_fsync(fd)
            name = os.readlink(f"/proc/self/fd/{{fd}}").split("/")[-1]
            if name.startswith(".test-team.json.tmp"):
                os.kill(os.getpid(), signal.SIGKILL)
        os.fsync = die
        wb.save()
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    assert list(wb.path.parent.glob(".test-team.json.tmp-*")), "the crash left its temp file"
    again = guidelib.open_workbook(wb.path)
    assert again.get("policy-problem", "problem") == "safe answer"
    assert again.notices == []
    assert [p.name for p in guidelib.workbook.list_workbooks(wb.path.parent)] == ["test-team.json"]
    again.set("charter", "vision", "after the crash")
    assert again.save().written  # the lock was released when the process died


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated mid-write by some other program
        lambda raw: b"",  # emptied
        lambda raw: b"\xff\xfe not json",  # garbage
        lambda raw: json.dumps({"schema_version": 1, "answers": []}).encode(),  # wrong shape
    ],
)
def test_a_damaged_file_is_set_aside_and_the_backup_restored(wb, damage):
    wb.set("policy-problem", "problem", "first")
    wb.save()
    wb.set("policy-problem", "problem", "second")
    wb.save()
    raw = wb.path.read_bytes()
    wb.path.write_bytes(damage(raw))
    again = guidelib.open_workbook(wb.path)
    assert again.get("policy-problem", "problem") == "first"  # the backup: revision 1
    assert len(again.notices) == 1 and "set aside as test-team.json.invalid-" in again.notices[0]
    assert "revision 1" in again.notices[0]
    aside = list(wb.path.parent.glob("test-team.json.invalid-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == damage(raw)  # nothing thrown away
    assert read(wb.path)["revision"] == 1


def test_damage_found_while_saving_is_recovered_and_the_save_lands(wb):
    wb.set("policy-problem", "problem", "first")
    wb.save()
    wb.set("policy-problem", "problem", "second")
    wb.save()
    wb.path.write_text("{ truncated")
    wb.set("charter", "vision", "typed meanwhile")
    result = wb.save()
    assert result.written
    again = guidelib.open_workbook(wb.path)
    assert again.get("charter", "vision") == "typed meanwhile"
    assert wb.notices and "restored" in wb.notices[0]


def test_a_damaged_file_without_backup_is_a_plain_error(wb):
    wb.path.write_text("not json")
    with pytest.raises(WorkbookError) as info:
        guidelib.open_workbook(wb.path)
    assert "damaged and there is no good backup" in str(info.value)
    assert list(wb.path.parent.glob("test-team.json.invalid-*"))[0].read_text() == "not json"


def test_a_file_from_a_newer_version_is_refused_untouched(wb):
    doc = read(wb.path)
    doc["schema_version"] = schema.SCHEMA_VERSION + 1
    wb.path.write_text(json.dumps(doc))
    before = wb.path.read_bytes()
    with pytest.raises(WorkbookVersionError) as info:
        guidelib.open_workbook(wb.path)
    assert "saved by a newer version of guidelib" in str(info.value)
    assert wb.path.read_bytes() == before
    assert not list(wb.path.parent.glob("*.invalid-*"))


def test_older_versions_are_upgraded_one_step_at_a_time(wb, monkeypatch):
    """Simulate a release with format 3: a v1 file goes through 1->2 and 2->3 on open."""
    wb.set("policy-problem", "problem", "old answer")
    wb.save()
    calls = []

    def one_to_two(doc):
        calls.append(1)
        doc["answers"]["policy-problem"]["affected"] = doc["answers"]["policy-problem"].pop(
            "problem"
        )
        return doc

    def two_to_three(doc):
        calls.append(2)
        doc["team"]["upgraded"] = True
        return doc

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(schema, "UPGRADES", {1: one_to_two, 2: two_to_three})
    again = guidelib.open_workbook(wb.path)
    assert calls == [1, 2]
    assert again.get("policy-problem", "affected") == "old answer"
    assert again.team["upgraded"] is True
    again.set("charter", "vision", "v")
    again.save()
    assert read(wb.path)["schema_version"] == 3


def test_a_missing_upgrade_step_is_reported():
    with pytest.raises(WorkbookError, match="No upgrade exists from file format 1"):
        schema.upgrade({"schema_version": 1}, chain={}, target=2)


def test_unknown_fields_from_other_versions_are_kept(wb):
    doc = read(wb.path)
    doc["answers"] = {"policy-problem": {"retired_field": "keep me"}}
    wb.path.write_text(json.dumps(doc))
    again = guidelib.open_workbook(wb.path)
    again.set("policy-problem", "problem", "new")
    again.save()
    assert read(wb.path)["answers"]["policy-problem"] == {
        "problem": "new",
        "retired_field": "keep me",
    }


def test_merge_rule():
    base = {"s": {"a": 1, "b": 1, "c": 1}}
    mine = {"s": {"a": 2, "b": 1, "c": 3}}
    theirs = {"s": {"a": 1, "b": 5, "c": 4}, "t": {"x": 9}}
    result = merge(base, mine, theirs)
    assert result.answers == {"s": {"a": 2, "b": 5, "c": 4}, "t": {"x": 9}}
    assert result.mine == (("s", "a"),)
    assert result.theirs == (("s", "b"), ("t", "x"))
    assert [(c.field, c.mine, c.theirs) for c in result.conflicts] == [("c", 3, 4)]


def test_same_field_conflict_is_reported_and_nothing_dropped(wb):
    ana = guidelib.open_workbook(wb.path, who="Ana")
    ben = guidelib.open_workbook(wb.path, who="Ben")
    ana.set("policy-problem", "problem", "Ana's wording")
    ana.save()
    ben.set("policy-problem", "problem", "Ben's wording")
    ben.set("charter", "vision", "Ben's vision")
    result = ben.save()
    assert [(c.field, c.mine, c.theirs) for c in result.conflicts] == [
        ("problem", "Ben's wording", "Ana's wording")
    ]
    assert ben.conflicts == list(result.conflicts)
    assert ben.get("policy-problem", "problem") == "Ana's wording"  # theirs kept, shown
    on_disk = guidelib.open_workbook(wb.path)
    assert on_disk.get("policy-problem", "problem") == "Ana's wording"
    assert on_disk.get("charter", "vision") == "Ben's vision"
    logged = [e for e in on_disk.history if e["action"] == "conflict"]
    assert logged == [{**logged[0], "who": "Ben", "value": "Ben's wording", "kept": "theirs"}]
    ben.set("charter", "mission", "another field")
    ben.save()
    assert [c.field for c in ben.conflicts] == ["problem"]  # still open until settled
    ben.set("policy-problem", "problem", "Ben's wording")  # Ben chooses his own, knowingly
    assert not ben.save().conflicts
    assert ben.conflicts == []
    assert guidelib.open_workbook(wb.path).get("policy-problem", "problem") == "Ben's wording"


def test_a_save_picks_up_others_changes(wb):
    ana = guidelib.open_workbook(wb.path)
    ben = guidelib.open_workbook(wb.path)
    ana.set("charter", "vision", "from Ana")
    ana.save()
    ben.set("charter", "mission", "from Ben")
    result = ben.save()
    assert result.updated == (("charter", "vision"),)
    assert ben.get("charter", "vision") == "from Ana"


def test_a_deleted_file_is_written_again_on_save(wb):
    wb.set("charter", "vision", "still here")
    wb.path.unlink()
    wb.save()
    assert guidelib.open_workbook(wb.path).get("charter", "vision") == "still here"


def test_a_held_lock_gives_a_plain_busy_error_and_keeps_the_edit(wb, monkeypatch):
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    wb.set("charter", "vision", "pending")
    held = FileLock(str(wb.path.with_name(".test-team.json.lock")))
    with held, pytest.raises(WorkbookBusyError, match="Your answers are still here"):
        wb.save()
    assert wb.pending() == [("charter", "vision")]
    assert wb.save().written


FIELDS_A = [("policy-problem", f) for f in ("problem", "affected", "outcome", "decisions", "known")]
FIELDS_B = [("charter", f) for f in ("vision", "mission", "scope_in", "scope_out")]


def _hammer(path: str, who: str, fields: list, count: int, start, out) -> None:
    wb = guidelib.open_workbook(path, who=who)
    start.wait()  # both processes begin together, so their saves interleave
    conflicts = 0
    for n in range(count):
        step, field = fields[n % len(fields)]
        wb.set(step, field, f"{who} {n}")
        conflicts += len(wb.save().conflicts)
    out.put((who, conflicts))


@pytest.mark.slow
def test_two_processes_saving_hundreds_of_changes_lose_nothing(wb):
    count = 300
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_hammer, args=(str(wb.path), who, fields, count, start, out))
        for who, fields in (("A", FIELDS_A), ("B", FIELDS_B))
    ]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert results == {"A": 0, "B": 0}
    final = guidelib.open_workbook(wb.path)
    for who, fields in (("A", FIELDS_A), ("B", FIELDS_B)):
        for i, (step, field) in enumerate(fields):
            last = max(n for n in range(count) if n % len(fields) == i)
            assert final.get(step, field) == f"{who} {last}"
        assert sum(e["action"] == "set" and e["who"] == who for e in final.history) == count
    assert final.revision == 2 * count
    sets = [e for e in final.history if e["action"] == "set"]
    assert [e["revision"] for e in sets] == list(range(1, 2 * count + 1))
    switches = sum(a["who"] != b["who"] for a, b in zip(sets, sets[1:], strict=False))
    assert switches > 10, "the two writers did not interleave; the test proved nothing"


def test_restore_into_an_empty_folder(tmp_path, wb):
    wb.set("charter", "vision", "from the download")
    wb.save()
    data = wb.path.read_bytes()
    other = tmp_path / "binder-session"
    restored = guidelib.restore_workbook(data, other)
    assert restored.path == (other / "test-team.json").resolve()
    assert restored.get("charter", "vision") == "from the download"
    assert restored.history[-1]["action"] == "restore"


def test_restore_over_existing_work_keeps_that_work(wb):
    wb.set("charter", "vision", "downloaded")
    wb.save()
    data = wb.path.read_bytes()
    wb.set("charter", "vision", "later on this machine")
    wb.save()
    restored = guidelib.restore_workbook(data, wb.path.parent)
    assert restored.get("charter", "vision") == "downloaded"
    assert restored.revision == 3
    kept = list(wb.path.parent.glob("test-team.json.before-restore-*"))
    assert (
        len(kept) == 1 and read(kept[0])["answers"]["charter"]["vision"] == "later on this machine"
    )
    assert "kept as test-team.json.before-restore-" in restored.notices[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>not a workbook</html>", "does not contain valid JSON"),
        (b'{"schema_version": 1}', "its revision is not a whole number"),
        (b"[]", "it does not hold a workbook object"),
    ],
)
def test_restore_refuses_what_is_not_a_workbook(folder, data, message):
    with pytest.raises(WorkbookError, match=message):
        guidelib.restore_workbook(data, folder)
    assert list(folder.iterdir()) == []


def test_restore_never_writes_outside_the_folder(wb, tmp_path):
    doc = read(wb.path)
    doc["team"]["slug"] = "../../escaped"
    restored = guidelib.restore_workbook(json.dumps(doc).encode(), wb.path.parent)
    assert restored.path.parent == wb.path.parent
    assert restored.path.name == "test-team.json"
    assert not (tmp_path / "escaped.json").exists()


def test_open_by_slug_uses_the_workbook_folder(wb, folder):
    assert guidelib.open_workbook("test-team").path == wb.path
    with pytest.raises(WorkbookError, match="There is no workbook nobody.json"):
        guidelib.open_workbook("nobody", folder)


def test_the_file_is_plain_json_people_can_read(wb):
    wb.set("policy-problem", "problem", "Niños faltan a la escuela")
    wb.save()
    text = wb.path.read_text(encoding="utf-8")
    assert "Niños" in text  # not \\u00f1 escapes
    assert os.linesep in text
