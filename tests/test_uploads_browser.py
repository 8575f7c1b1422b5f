"""Issue #15, the Binder route in the real facilitator view: Voilà serves
`facilitator.ipynb` on its own workbook folder, and Chromium adds three files at once (a new
team, a newer copy of a team already there, a file that is not a workbook) through the
page's file input, then confirms the replacement."""

from __future__ import annotations

import json
import os

import pytest

import guidelib

from .servers import server, voila_cmd, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A facilitator's folder holding Owls at revision 1, and the files teams sent."""
    root = tmp_path_factory.mktemp("uploads")
    folder, binder, sent = root / "facilitator", root / "binder", root / "sent"
    for path in (folder, binder, sent):
        path.mkdir()
    owls = guidelib.create_workbook("Owls", binder)
    owls.set("policy-problem", "problem", "first try")
    owls.save()
    (folder / "owls.json").write_bytes(owls.path.read_bytes())
    owls.set("policy-problem", "problem", "better wording")
    owls.save()
    (sent / "owls.json").write_bytes(owls.path.read_bytes())
    lions = guidelib.create_workbook("Lions", binder)
    lions.set("policy-problem", "problem", "Kids miss school")
    lions.save()
    (sent / "lions.json").write_bytes(lions.path.read_bytes())
    (sent / "notes.txt").write_text("not a workbook")
    log = root / "voila.log"
    with server(voila_cmd(), "/", {"GUIDELIB_WORKBOOK_DIR": str(folder)}, log) as base:
        yield base, folder, sent


def test_the_facilitator_adds_team_workbooks_and_confirms_the_newer_one(browser, setup, tmp_path):
    base, folder, sent = setup
    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    page = context.new_page()
    watch(page, base)
    try:
        page.goto(f"{base}/voila/render/facilitator.ipynb")
        panel = page.locator(".gl-uploads")
        panel.wait_for(state="visible", timeout=120_000)
        with page.expect_file_chooser() as chooser:  # ipywidgets keeps its input detached
            panel.get_by_role("button", name="Add team workbooks").click()
        assert chooser.value.is_multiple()
        chooser.value.set_files(
            [str(sent / "lions.json"), str(sent / "owls.json"), str(sent / "notes.txt")]
        )
        outcomes = panel.locator(".gl-outcomes")
        outcomes.wait_for(state="visible", timeout=60_000)
        text = outcomes.inner_text()
        assert "notes.txt is not a .json workbook or a .zip of them." in text
        assert "Added Lions's workbook." in text
        assert "owls.json is newer (saved" in text and "revision 2" in text
        replace = page.get_by_role("button", name="Replace 1 with the newer file")
        replace.wait_for(state="visible")
        # Lions shows in the teams at once; Owls still has the copy that was here
        page.locator(".gl-cohort td", has_text="Lions").first.wait_for()
        assert json.loads((folder / "owls.json").read_text())["revision"] == 1
        shot = os.environ.get("GUIDELIB_SCREENSHOTS")
        panel.screenshot(path=shot or str(tmp_path / "uploads.png"))
        replace.click()
        page.locator(".gl-outcomes li", has_text="Replaced Owls's workbook").wait_for()
        assert replace.is_hidden()
        stored = json.loads((folder / "owls.json").read_text())
        assert stored["answers"]["policy-problem"]["problem"] == "better wording"
        assert sorted(p.name for p in folder.glob("*.json")) == ["lions.json", "owls.json"]
        assert page.problems == []
    finally:
        context.close()
