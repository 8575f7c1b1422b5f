"""`guidelib serve-public` as an attacker meets it: a real standalone Voilà with no login,
opened in Chromium. Every page an attacker might try is fetched, and everything the server
sends (pages, files, websocket frames with the widgets' state) is searched for the worked
example's team name and the names in its change log. Only the survey renders, and the
dashboards a team chose to publish."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

import guidelib

from .conftest import copy_example, example_secrets
from .servers import http_status, public_server, record, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLUG = "example-kinship-care"
SHIPPED = ("labextensions", "static", "templates")  # /voila/<part>/: the files Voilà ships
ATTEMPTS = [
    f"/voila/render/dashboard.ipynb?workbook={SLUG}",  # not published
    "/voila/render/dashboard.ipynb",
    f"/voila/render/00_start_here.ipynb?workbook={SLUG}",
    f"/voila/render/01_build_the_collective.ipynb?workbook={SLUG}",
    f"/voila/render/03_drive_impact.ipynb?workbook={SLUG}",
    "/voila/render/facilitator.ipynb",
    f"/voila/render/report.ipynb?workbook={SLUG}",
    f"/voila/render/notebooks/00_start_here.ipynb?workbook={SLUG}",
    f"/voila/files/workbook/{SLUG}.json",
    f"/voila/files/../workbook/{SLUG}.json",
    f"/voila/files/%2e%2e/workbook/{SLUG}.json",
    f"/voila/files/{SLUG}.json",
    "/voila/files/voila.json",
    "/voila/api/contents/",
    "/voila/tree/",
    "/",
]


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workbook")
    copy_example(folder)
    guidelib.create_workbook("Published Team", folder)
    log = tmp_path_factory.mktemp("logs") / "serve-public.log"
    env = {"GUIDELIB_WORKBOOK_DIR": str(folder), "JUPYTERHUB_USER": "inherited-from-a-hub"}
    made = Path(tempfile.gettempdir()).glob("guidelib-public-*")
    before = set(made)
    with public_server(["published-team"], env, log) as base:
        assert set(Path(tempfile.gettempdir()).glob("guidelib-public-*")) > before
        yield base
    # stopped (SIGTERM), it stopped its Voilà and removed its folder of notebooks
    assert set(Path(tempfile.gettempdir()).glob("guidelib-public-*")) <= before


def visit(browser, base: str, path: str):
    context = browser.new_context()
    pg = context.new_page()
    watch(pg, base)
    seen = record(pg)
    pg.goto(base + path)
    if "/voila/render/" in path:
        pg.wait_for_load_state("networkidle", timeout=120_000)
        pg.wait_for_timeout(1500)  # widget state arrives over the websocket after load
    return context, pg, seen


def test_nothing_of_a_team_reaches_a_visitor(browser, public):
    shipped = tuple(f"{public}/voila/{part}/" for part in SHIPPED)
    leaks = []
    for path in ATTEMPTS:
        context, pg, seen = visit(browser, public, path)
        body = pg.content()
        context.close()
        # the files Voilà ships (plotly.js, JupyterLab's bundles) are the same for everyone,
        # and plotly's calendars hold "Raj…": everything else is searched
        sent = [t for t in seen if not t.split("\n", 1)[0].startswith(shipped)]
        for pattern in example_secrets():
            for text in [body, *sent]:
                if pattern.search(text):
                    leaks.append((path, pattern.pattern, text[:200]))
    assert leaks == []


def test_team_notebooks_are_not_even_served(public):
    for name in ("00_start_here", "facilitator", "report", "equity_review", "check_shared_data"):
        assert http_status(f"{public}/voila/render/{name}.ipynb?workbook={SLUG}") == 404
    for path in (f"/voila/files/workbook/{SLUG}.json", "/voila/files/survey.ipynb"):
        assert http_status(public + path) in (403, 404)


def test_the_unpublished_dashboard_says_so_in_one_sentence(browser, public):
    context, pg, _seen = visit(browser, public, ATTEMPTS[0])
    pg.get_by_text("This team has not published its dashboard here.").wait_for()
    assert pg.locator("a[download]").count() == 0 and pg.locator("select").count() == 0
    context.close()


def test_the_survey_and_a_published_dashboard_render(browser, public):
    context, pg, _seen = visit(browser, public, f"/voila/render/survey.ipynb?workbook={SLUG}")
    pg.locator(".gl-survey").first.wait_for(state="visible", timeout=120_000)
    assert pg.get_by_role("button", name=re.compile("Send")).count() == 1
    assert pg.problems == []
    context.close()
    path = "/voila/render/dashboard.ipynb?workbook=published-team"
    context, pg, _seen = visit(browser, public, path)
    pg.get_by_role("heading", name="Published Team").wait_for(timeout=120_000)
    assert pg.locator(".voila-error").count() == 0
    context.close()


# A bare `voila notebooks` (no login, no guidelib signal): every notebook is served, and
# each app decides for itself. Team and facilitator apps show one sentence, nothing more.

REFUSED = {
    "00_start_here.ipynb": "This page is for the team",
    "02_define_the_operations.ipynb": "This page is for the team",
    "equity_review.ipynb": "This page is for the team",
    "check_shared_data.ipynb": "This page is for the team",
    "report.ipynb": "This page is for the team",
    "facilitator.ipynb": "This page is for the workshop facilitator",
    "dashboard.ipynb": "This team has not published its dashboard here.",
}


@pytest.fixture(scope="module")
def bare_voila(tmp_path_factory):
    from .servers import server, voila_cmd

    folder = tmp_path_factory.mktemp("workbook")
    copy_example(folder, responses=False)
    log = tmp_path_factory.mktemp("logs") / "bare-voila.log"
    env = {"GUIDELIB_AUDIENCE": "", "GUIDELIB_WORKBOOK_DIR": str(folder)}
    with server(voila_cmd(), "/", env, log) as base:
        yield base


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bare_voila_serves_team_apps_as_one_sentence(browser, bare_voila, name, tmp_path):
    context, pg, seen = visit(browser, bare_voila, f"/voila/render/{name}?workbook={SLUG}")
    pg.get_by_text(REFUSED[name]).first.wait_for(timeout=120_000)
    body = pg.content()
    if name == "00_start_here.ipynb":
        pg.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    context.close()
    shipped = tuple(f"{bare_voila}/voila/{part}/" for part in SHIPPED)
    sent = [t for t in seen if not t.split("\n", 1)[0].startswith(shipped)]
    leaks = [p.pattern for p in example_secrets() for t in [body, *sent] if p.search(t)]
    assert leaks == []
    assert 'download="' not in body and "<select" not in body
