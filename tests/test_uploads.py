"""Issue #15, the Binder route: a facilitator adds the workbooks teams downloaded, as .json
files or a .zip. Checked as a careless or hostile uploader would try it: bad files, paths in
a zip, links in the folder, two copies of one team, a team saving meanwhile."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

import guidelib
from guidelib.cohort import load_cohort
from guidelib.errors import WorkbookError
from guidelib.uploads import (
    ADDED,
    BAD,
    DUPLICATE,
    KEPT,
    OLDER,
    REPLACED,
    SAME,
    WAITING,
    add_workbooks,
    confirm,
)


@pytest.fixture
def teams(tmp_path: Path) -> Path:
    """Where the teams work (their Binder sessions), apart from the facilitator's folder."""
    path = tmp_path / "binder"
    path.mkdir()
    return path


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "facilitator"
    path.mkdir()
    return path


def saved(teams: Path, name: str, problem: str) -> bytes:
    """A team's workbook after one more save, as the team would download it."""
    wb = guidelib.create_workbook(name, teams, exist_ok=True)
    wb.set("policy-problem", "problem", problem)
    wb.save()
    return wb.path.read_bytes()


def kinds(plan) -> dict[str, str]:
    return {o.label: o.kind for o in plan.outcomes}


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_good_files_are_added_and_a_bad_one_is_named(teams, mine):
    files = [
        ("lions.json", saved(teams, "Lions", "Kids miss school")),
        ("owls.json", saved(teams, "Owls", "Too few beds")),
        ("notes.json", b'{"not": "a workbook"}'),
        ("broken.json", b"{\x00"),
        ("photo.png", b"\x89PNG..."),
    ]
    plan = add_workbooks(mine, files)
    assert kinds(plan) == {
        "lions.json": ADDED,
        "owls.json": ADDED,
        "notes.json": BAD,
        "broken.json": BAD,
        "photo.png": BAD,
    }
    bad = [o.message for o in plan.outcomes if o.kind == BAD]
    assert all(m.startswith(("notes.json", "broken.json", "photo.png")) for m in bad)
    assert all("Traceback" not in m and "\n" not in m for m in bad)
    cohort = load_cohort(mine)
    assert [t.name for t in cohort.teams] == ["Lions", "Owls"]
    assert json.loads((mine / "lions.json").read_text())["answers"]["policy-problem"] == {
        "problem": "Kids miss school"
    }
    assert plan.summary() == "2 added; 3 not added."


def test_a_zip_cannot_write_outside_the_folder_or_choose_the_file_name(teams, tmp_path, mine):
    lions = json.loads(saved(teams, "Lions", "Kids miss school"))
    lions["team"]["slug"] = "../../escaped"  # a slug that is a path
    owls = saved(teams, "Owls", "Too few beds")
    archive = zipped(
        {
            "../../outside.json": json.dumps(lions).encode(),
            "/etc/owls.json": owls,
            "__MACOSX/._owls.json": b"junk",
            ".DS_Store": b"junk",
            "readme.txt": b"hello",
        }
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    plan = add_workbooks(mine, [("from-binder.zip", archive)])
    assert kinds(plan) == {
        "from-binder.zip: outside.json": ADDED,
        "from-binder.zip: owls.json": ADDED,
        "from-binder.zip: readme.txt": BAD,
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing new beside it
    kept = sorted(p.name for p in mine.iterdir() if not p.name.startswith("."))  # not locks
    assert kept == ["lions.json", "owls.json"]
    assert json.loads((mine / "lions.json").read_text())["team"]["slug"] == "lions"


def test_a_file_that_is_not_a_zip_but_says_so_is_named(mine):
    plan = add_workbooks(mine, [("teams.zip", b"PK\x03\x04 not really")])
    assert [(o.kind, o.message) for o in plan.outcomes] == [
        (BAD, "teams.zip is not a zip file that can be opened.")
    ]


def test_a_newer_upload_replaces_the_copy_only_after_confirming(teams, mine):
    first = saved(teams, "Lions", "version one")
    add_workbooks(mine, [("lions.json", first)])
    newer = saved(teams, "Lions", "version two")
    plan = add_workbooks(mine, [("lions (1).json", newer)])
    assert kinds(plan) == {"lions (1).json": WAITING}
    message = plan.outcomes[0].message
    assert "is newer" in message and "revision 2" in message and "revision 1" in message
    assert (mine / "lions.json").read_bytes() == first  # nothing changes before confirming
    done = confirm(plan)
    assert [o.kind for o in done] == [REPLACED]
    stored = json.loads((mine / "lions.json").read_text())
    assert stored["answers"]["policy-problem"]["problem"] == "version two"
    assert (mine / "lions.json.bak").read_bytes() == first
    # the same file again changes nothing; the older one is not taken either
    assert kinds(add_workbooks(mine, [("lions (1).json", newer)])) == {"lions (1).json": SAME}
    older = add_workbooks(mine, [("lions.json", first)])
    assert kinds(older) == {"lions.json": OLDER}
    assert "kept" in older.outcomes[0].message
    assert json.loads((mine / "lions.json").read_text()) == stored


def test_two_copies_of_one_team_in_one_upload_use_the_newer(teams, mine):
    first = saved(teams, "Lions", "version one")
    second = saved(teams, "Lions", "version two")
    plan = add_workbooks(mine, [("b.json", second), ("a.json", first)])
    assert kinds(plan) == {"a.json": DUPLICATE, "b.json": ADDED}
    assert "b.json is newer" in plan.outcomes[0].message
    assert json.loads((mine / "lions.json").read_text())["revision"] == 2


def test_a_copy_that_changed_meanwhile_is_not_overwritten(teams, mine):
    add_workbooks(mine, [("lions.json", saved(teams, "Lions", "version one"))])
    plan = add_workbooks(mine, [("lions.json", saved(teams, "Lions", "version two"))])
    assert plan.waiting
    # meanwhile someone saves the facilitator's copy (say, a second facilitator's upload)
    here = guidelib.open_workbook(mine / "lions.json")
    here.set("charter", "vision", "written here")
    here.save()
    after = (mine / "lions.json").read_bytes()
    done = confirm(plan)
    assert [o.kind for o in done] == [KEPT]
    assert "changed in the folder meanwhile" in done[0].message
    assert (mine / "lions.json").read_bytes() == after


def test_a_link_in_the_folder_is_refused_not_followed(teams, mine, tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    os.symlink(target, mine / "lions.json")
    plan = add_workbooks(mine, [("lions.json", saved(teams, "Lions", "x"))])
    assert kinds(plan) == {"lions.json": BAD}
    assert "link" in plan.outcomes[0].message
    assert target.read_text() == "keep me"
    assert (mine / "lions.json").is_symlink()


def test_hostile_names_reach_messages_as_plain_text(teams, mine):
    doc = json.loads(saved(teams, "Lions", "x"))
    doc["team"]["name"] = "Lions\u202e\x1b[31m"  # a bidi override and an escape sequence
    name = "evil\x1b[2J\n.json"
    plan = add_workbooks(mine, [(name, json.dumps(doc).encode())])
    for outcome in plan.outcomes:
        assert "\x1b" not in outcome.message and "\n" not in outcome.message
        assert "\u202e" not in outcome.message


def test_a_hub_view_refuses_uploads_in_a_sentence(tmp_path):
    manifest = tmp_path / "teams.json"
    manifest.write_text("{}")
    with pytest.raises(WorkbookError, match="Binder"):
        add_workbooks(manifest, [])


def test_too_many_files_in_a_zip_is_one_sentence(mine):
    archive = zipped({f"t{i}.json": b"{}" for i in range(201)})
    plan = add_workbooks(mine, [("big.zip", archive)])
    assert [o.message for o in plan.outcomes] == ["big.zip holds more than 200 files; split it up."]


def test_a_member_larger_than_a_workbook_may_be_is_not_read_whole(mine):
    archive = zipped({"huge.json": b" " * (21 * 2**20)})  # compresses to a few KB
    assert len(archive) < 2**20
    plan = add_workbooks(mine, [("huge.zip", archive)])
    assert [o.message for o in plan.outcomes] == ["huge.zip: huge.json is larger than 20 MB."]


# The panel in the facilitator view (ipywidgets, no browser: tests/test_uploads_browser.py
# drives the real page).


def test_the_facilitator_view_adds_files_and_lists_the_new_team(teams, mine):
    from guidelib.ui.facilitator_app import FacilitatorApp

    app = FacilitatorApp(mine, background=False)
    assert app.cohort.teams == ()
    app.uploads.add([("lions.json", saved(teams, "Lions", "x")), ("x.txt", b"x")])
    assert [t.name for t in app.cohort.teams] == ["Lions"]  # the view was refreshed
    assert "x.txt is not a .json workbook" in app.uploads.results.value
    assert app.uploads.replace_button.layout.display == "none"
    app.uploads.add([("lions.json", saved(teams, "Lions", "y"))])
    assert app.uploads.replace_button.layout.display is None  # shown: a decision is due
    app.uploads.keep_button.click()
    assert json.loads((mine / "lions.json").read_text())["revision"] == 1
    app.uploads.add([("lions.json", (teams / "lions.json").read_bytes())])
    app.uploads.replace_button.click()
    assert json.loads((mine / "lions.json").read_text())["revision"] == 2
    assert app.uploads.status.value  # says what happened


def test_no_uploads_on_a_hub_and_none_for_a_visitor(teams, mine, tmp_path, monkeypatch):
    from guidelib.ui.facilitator_app import FacilitatorApp
    from guidelib.ui.team_uploads import AddWorkbooksPanel

    manifest = tmp_path / "teams.json"
    manifest.write_text(json.dumps({"kind": "guidelib-hub", "teams": []}))
    assert FacilitatorApp(manifest, background=False).uploads is None
    panel = AddWorkbooksPanel(mine, lambda: None)
    monkeypatch.setenv("GUIDELIB_AUDIENCE", "public")
    panel.add([("lions.json", saved(teams, "Lions", "x"))])
    assert list(mine.glob("*.json")) == []
    assert "facilitator" in panel.status.value.lower()
