"""Issue #18, items 1, 2 (file names) and 10: guidelib never touches a file outside the
workbook folder. Each test is an attack from the issue, checked from the outside: the
victim file's bytes and name, the folder's listing, where every output landed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import guidelib
from guidelib.cli import main
from guidelib.documents import DOCUMENTS
from guidelib.errors import WorkbookError, WorkbookNameError
from guidelib.workbook import store
from guidelib.workbook.paths import RESERVED, is_slug, resolve_workbook, slugify, workbook_path

from .conftest import EXAMPLE


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def listing(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder` (links as their target text), to compare before/after."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = "-> " + os.readlink(path)
        elif path.is_file():
            out[key] = path.read_bytes()
    return out


@pytest.fixture
def trap(tmp_path):
    """The issue's reproduction: wb/team.json is a link to victim.txt beside the folder."""
    victim = tmp_path / "victim.txt"
    victim.write_text("notes\n")
    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "team.json").symlink_to(victim)
    return tmp_path


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "{wb}"],
        ["validate", "{wb}"],
        ["answer", "{wb}", "charter", "vision"],
        ["answer", "{wb}", "charter", "vision", "overwritten"],
        ["export", "{wb}", "--doc", "charter", "--format", "md", "-o", "{out}"],
    ],
)
def test_a_link_named_like_a_workbook_is_refused_and_nothing_is_touched(capsys, trap, argv):
    before = listing(trap)
    wb = trap / "wb" / "team.json"
    argv = [a.format(wb=wb, out=trap / "out.md") for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 1 and "symbolic link" in err and err.count("\n") == 1
    assert listing(trap) == before  # no rename, no lock, no .invalid, no output
    assert (trap / "victim.txt").read_text() == "notes\n"


def test_the_api_refuses_the_link_too(trap):
    with pytest.raises(WorkbookError, match="symbolic link"):
        guidelib.open_workbook(trap / "wb" / "team.json")
    assert resolve_workbook(trap / "wb" / "team.json") == trap / "wb" / "team.json"
    assert guidelib.workbook.list_workbooks(trap / "wb") == []


@pytest.mark.parametrize("side", [".test-team.json.lock", "test-team.json.bak"])
def test_a_link_in_place_of_the_lock_or_backup_is_never_written_through(wb, tmp_path, side):
    victim = tmp_path / "victim.txt"
    victim.write_text("secret\n")
    (wb.path.parent / side).unlink(missing_ok=True)
    (wb.path.parent / side).symlink_to(victim)
    wb.set("charter", "vision", "a save")
    if side.endswith(".lock"):
        with pytest.raises(WorkbookError, match="symbolic link"):
            wb.save()
        assert wb.pending() == [("charter", "vision")]  # the edit is still here
    else:  # the link is replaced by the real backup; its target is untouched
        wb.save()
        assert not (wb.path.parent / side).is_symlink()
    assert victim.read_text() == "secret\n"


def test_a_damaged_workbook_is_not_restored_from_a_linked_backup(wb, tmp_path):
    elsewhere = tmp_path / "elsewhere.json"
    shutil.copy(wb.path, elsewhere)
    backup = store.backup_path(wb.path)
    backup.symlink_to(elsewhere)
    wb.path.write_text("{ damaged")
    with pytest.raises(WorkbookError, match="no good backup"):
        guidelib.open_workbook(wb.path)
    assert backup.is_symlink() and json.loads(elsewhere.read_text())["revision"] == 0


def test_leftover_links_are_removed_not_followed(wb, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("secret\n")
    link = wb.path.parent / ".test-team.json.tmp-999999999-abcd"
    link.symlink_to(victim)
    wb.set("charter", "vision", "a save")
    wb.save()
    assert not link.is_symlink() and victim.read_text() == "secret\n"


@pytest.mark.parametrize("slug", ["../../ESCAPED", "/abs/path/ESCAPED", "..", "CON", "a" * 80])
def test_a_slug_inside_a_shared_file_never_becomes_a_path(capsys, tmp_path, monkeypatch, slug):
    """Issue item 2: team.slug is text from a file; outputs are named from a checked slug."""
    work = tmp_path / "a" / "b" / "work"
    folder = work / "workbook"
    folder.mkdir(parents=True)
    monkeypatch.chdir(work)
    doc = json.loads(EXAMPLE.read_text())
    doc["team"]["slug"] = slug
    path = folder / "shared-team.json"
    path.write_text(json.dumps(doc))
    assert guidelib.open_workbook(path).slug == "shared-team"
    out = work / "out"
    out.mkdir()
    for kind in DOCUMENTS:
        assert run(capsys, "export", path, "--doc", kind, "--format", "md")[0] == 0
        assert run(capsys, "export", path, "--doc", kind, "--format", "html", "-o", out)[0] == 0
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*-*.*"))
    expected = {f"a/b/work/shared-team-{k}.md" for k in DOCUMENTS}
    expected |= {f"a/b/work/out/shared-team-{k}.html" for k in DOCUMENTS}
    assert set(written) - {"a/b/work/workbook/shared-team.json"} == expected
    assert not list(tmp_path.rglob("*ESCAPED*")) and not Path("/abs").exists()


def test_the_report_is_named_from_the_checked_slug(capsys, tmp_path, monkeypatch):
    """`guidelib report` (its papermill run is tested in test_report; here only the name)."""
    import guidelib.report.export as report_export

    calls = []
    monkeypatch.setattr(
        report_export, "write_report", lambda wb, fmt, target, root: calls.append(target)
    )
    doc = json.loads(EXAMPLE.read_text())
    doc["team"]["slug"] = "../../ESCAPED"
    path = tmp_path / "team-x.json"
    path.write_text(json.dumps(doc))
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "report", path)[0] == 0
    assert run(capsys, "report", path, "-o", tmp_path)[0] == 0
    assert calls == [Path("team-x-report.html"), tmp_path / "team-x-report.html"]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("{wb}", "workbook file"),
        ("{wb}.bak", "workbook file"),
        ("{folder}/other-team.json", "workbook file"),
        ("{folder}/.test-team.json.lock", "workbook file"),
        ("{folder}/notes.txt", "in the workbook folder"),
        ("{folder}/test-team.responses.sqlite", "in the workbook folder"),
        ("{link}", "symbolic link"),
    ],
)
def test_output_never_replaces_a_workbook_or_a_file_in_its_folder(capsys, wb, tmp_path, name, why):
    folder = wb.path.parent
    (folder / "notes.txt").write_text("keep me")
    (folder / "test-team.responses.sqlite").write_bytes(b"SQLite format 3\x00")
    link = tmp_path / "link.md"
    link.symlink_to(folder / "notes.txt")
    target = name.format(wb=wb.path, folder=folder, link=link)
    before = listing(tmp_path)
    code, _, err = run(
        capsys, "export", wb.path, "--doc", "charter", "--format", "md", "-o", target
    )
    assert code == 1 and why in err and err.count("\n") == 1
    assert listing(tmp_path) == before
    # the issue's own command: Markdown over the workbook, then "recovered" to the backup
    assert run(capsys, "status", wb.path)[0] == 0


def test_output_of_the_commands_own_kind_may_go_in_the_workbook_folder(capsys, wb):
    target = wb.path.parent / "charter.md"
    assert (
        run(capsys, "export", wb.path, "--doc", "charter", "--format", "md", "-o", target)[0] == 0
    )
    assert target.read_text().startswith("#")


def test_checklist_into_a_folder_or_over_a_workbook(capsys, wb, tmp_path):
    folder = tmp_path / "existing"
    folder.mkdir()
    code, out, err = run(capsys, "checklist", "-o", folder)
    assert code == 0 and (folder / "equity-review-checklist.md").is_file(), err
    before = wb.path.read_bytes()
    code, _, err = run(capsys, "checklist", "-o", wb.path)
    assert code == 1 and "workbook file" in err and wb.path.read_bytes() == before


@pytest.mark.parametrize("name", ["CON", "nul", "Aux", "com1", "LPT9", "prn"])
def test_windows_device_names_are_mapped_and_refused_as_slugs(capsys, folder, name):
    slug = slugify(name)
    assert slug == f"{name.lower()}-team" and is_slug(slug)
    assert not is_slug(name.lower())
    with pytest.raises(WorkbookNameError, match="Windows keeps for a device"):
        workbook_path(name.lower(), folder)
    code, out, _ = run(capsys, "new", name)
    assert code == 0 and Path(out.strip()).name == f"{name.lower()}-team.json"
    code, _, err = run(capsys, "status", name.lower())
    assert code == 1 and "Windows" in err


def test_every_reserved_name_is_covered():
    assert {"con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"} <= RESERVED
    assert not any(is_slug(n) for n in RESERVED)
    assert slugify("con team") == "con-team" and slugify("Nul.txt") == "nul-txt"


def test_a_nul_character_in_a_workbook_reference_is_a_sentence(capsys, folder):
    with pytest.raises(WorkbookNameError, match="NUL character"):
        guidelib.open_workbook("x\x00.json")
    code, _, err = run(capsys, "status", "x\x00.json")
    assert code == 1 and "NUL character" in err
    code, _, err = run(capsys, "status", "team", "--dir", "a\x00b")
    assert code == 1 and "NUL character" in err


def test_the_cohort_leaves_out_a_linked_workbook(wb, tmp_path):
    """The facilitator view reads every workbook in the folder: a link to another team's
    file elsewhere is left out with a note, never read or zipped."""
    from guidelib.cohort import load_cohort

    elsewhere = tmp_path / "other-team-elsewhere.json"
    shutil.copy(EXAMPLE, elsewhere)
    (wb.path.parent / "linked-team.json").symlink_to(elsewhere)
    cohort = load_cohort(wb.path.parent)
    assert [t.slug for t in cohort.teams] == ["test-team"]
    assert any("linked-team.json" in n and "symbolic link" in n for n in cohort.notes)
