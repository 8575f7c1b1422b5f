"""`guidelib publish`: the stakeholder dashboard as a static page.

The protections are checked as an attacker would: grep the published file for every
written survey answer (read straight from the responses database) and every name in the
workbook's change log (read straight from the JSON), and open the page in Chromium with
every network request aborted.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, RESPONSES

# The example's change log names the team's own members ("Maya"), whom the dashboard shows
# on purpose (who is at the table). A name that appears ONLY in the change log proves the
# log stays out: the published copy of the example carries it in every history entry.
CANARY = "Zebulon Quaritch"
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pub")
    books = base / "workbook"
    books.mkdir()
    shutil.copy(RESPONSES, books / RESPONSES.name)
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for entry in data["history"]:
        entry["who"] = CANARY
    (books / EXAMPLE.name).write_text(json.dumps(data), encoding="utf-8")
    site = base / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "guidelib", "publish", "example-kinship-care",
         "--dir", str(books), "--out", str(site)],
        capture_output=True, text=True, cwd=base,
    )
    assert proc.returncode == 0, proc.stderr
    page = site / "example-kinship-care" / "index.html"
    assert page.is_file()
    return page


def written_answers() -> set[str]:
    """Free-text answers: string answers to a question with many distinct values."""
    by_question: dict[str, set[str]] = {}
    with sqlite3.connect(RESPONSES) as db:
        for (answers,) in db.execute("SELECT answers FROM responses"):
            for question, value in json.loads(answers).items():
                if isinstance(value, str):
                    by_question.setdefault(question, set()).add(value)
    texts = {v for values in by_question.values() if len(values) > 10 for v in values}
    assert len(texts) > 10  # the example has written answers to look for
    return texts


def test_the_page_holds_no_written_answer_and_no_change_log_name(published):
    import html

    text = html.unescape(published.read_text(encoding="utf-8"))
    leaked = [a for a in written_answers() if a.strip() and a.strip() in text]
    assert leaked == []
    book = published.parent.parent.parent / "workbook" / EXAMPLE.name
    log = json.loads(book.read_text(encoding="utf-8"))["history"]
    assert {h["who"] for h in log} == {CANARY}
    assert CANARY not in text and "Quaritch" not in text
    assert [h["at"] for h in log if h["at"] in text] == []  # no change-log time either


def test_the_page_shows_when_it_was_updated_and_published(published):
    text = published.read_text(encoding="utf-8")
    today = dt.date.today()
    assert f"Published:</strong> {today.day} {today:%B %Y}" in text
    assert "last updated 31 October 2026" in text  # the example's last save


def test_publish_refuses_the_workbook_folder(tmp_path):
    books = tmp_path / "workbook"
    books.mkdir()
    shutil.copy(EXAMPLE, books / EXAMPLE.name)
    for out in (books, books / "site"):
        proc = subprocess.run(
            [sys.executable, "-m", "guidelib", "publish", "example-kinship-care",
             "--dir", str(books), "--out", str(out)],
            capture_output=True, text=True, cwd=tmp_path,
        )
        assert proc.returncode == 1, proc.stderr
        assert "workbook folder" in proc.stderr
    assert not (books / "example-kinship-care").exists()
    assert not (books / "site").exists()


@pytest.mark.browser
@pytest.mark.slow
def test_the_page_opens_offline_draws_its_charts_and_passes_axe(published, tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from .servers import CHROMIUM_ARGS, require_chromium

    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file://", "about:", "data:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            page = chromium.new_page(viewport={"width": 1100, "height": 1000})
            page.route("**/*", route)
            page.goto(published.as_uri())
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            drawn = page.locator(".js-plotly-plot").count()
            assert drawn >= 1
            results = Axe().run(page, options={"resultTypes": ["violations"]})
            bad = [v["id"] for v in results.response["violations"] if v["impact"] in BLOCKING]
            assert bad == []
            page.screenshot(path=str(tmp_path / "published.png"), full_page=False)
            shutil.copy(tmp_path / "published.png", "/tmp/j-publish-published.png")
        finally:
            chromium.close()
    assert blocked == []


def publish_all_cli(source: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guidelib", "publish", "--all", str(source), "--out", str(site)],
        capture_output=True, text=True, cwd=site.parent,
    )


def test_publish_all_lists_every_team_escaped(tmp_path):
    books = tmp_path / "workbook"
    books.mkdir()
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    shutil.copy(EXAMPLE, books / EXAMPLE.name)
    data["team"].update(name="<script>alert(1)</script> team", slug="second-team")
    (books / "second-team.json").write_text(json.dumps(data), encoding="utf-8")
    proc = publish_all_cli(books, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in index and "&lt;script&gt;" in index
    for slug in ("example-kinship-care", "second-team"):
        assert f'href="{slug}/index.html"' in index
        assert (tmp_path / "site" / slug / "index.html").is_file()


def test_publish_all_reads_a_hubs_teams_json(tmp_path):
    """The facilitator's hub: every team that has logged in, from its home."""
    homes = tmp_path / "homes"
    teams = []
    for slug in ("first-team", "not-started"):
        workbook = homes / slug / "workbook" / f"{slug}.json"
        teams.append({"slug": slug, "workbook": str(workbook), "dashboard": "x"})
    first = Path(teams[0]["workbook"])
    first.parent.mkdir(parents=True)
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["team"].update(name="First Team", slug="first-team")
    first.write_text(json.dumps(data), encoding="utf-8")
    manifest = tmp_path / "hub" / "teams.json"
    manifest.parent.mkdir()
    manifest.write_text(json.dumps({"kind": "guidelib-hub", "teams": teams}), encoding="utf-8")
    proc = publish_all_cli(manifest, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="first-team/index.html"' in index and "not-started" not in index
    # a site inside a team's home would serve that team's workbook: refused
    proc = publish_all_cli(manifest, first.parent / "site")
    assert proc.returncode != 0 and "workbook folder" in proc.stderr
    assert "Traceback" not in proc.stderr
