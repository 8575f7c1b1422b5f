"""Every notebook under notebooks/, served by the real Voilà server (voila.json and the
guidelib template) and opened in Chromium: it renders with no error, no console error and
no request outside the server, its main widgets show, every plotly chart is drawn with
data, and an axe-core scan finds no "serious" or "critical" violation (Section 508 /
WCAG 2.1 AA, which government users need)."""

from __future__ import annotations

import pytest

from .servers import ROOT, http_status

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
EXAMPLE = "workbook=example-kinship-care"
# The element each app shows once it is ready. Apps are `.gl-app` unless listed.
MAIN = {"survey.ipynb": ".gl-survey", "report.ipynb": ".gl-report"}
# The address each app is opened with (the facilitator view takes a folder, not a workbook).
QUERY = {"facilitator.ipynb": ""}
BLOCKING = ("serious", "critical")


def open_notebook(page, voila: str, name: str) -> None:
    page.goto(f"{voila}/voila/render/{name}?{QUERY.get(name, EXAMPLE)}")
    page.locator("#rendered_cells").wait_for(state="visible", timeout=120_000)
    page.locator(MAIN.get(name, ".gl-app")).first.wait_for(state="visible")


def charts_drawn(page) -> list[dict]:
    """Each plotly chart on the page: its traces, the points plotly.js computed from them
    (calcdata: data sent as typed arrays count too), and whether its SVG is drawn."""
    # In Voilà a chart's place first holds a line of text; the chart follows once the page
    # has connected (ui.panels._Deferred). Wait until every place holds a drawn chart.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.gl-chart')]"
        ".every(el => el.querySelector('.js-plotly-plot .main-svg'))"
        " && [...document.querySelectorAll('.js-plotly-plot')]"
        ".every(el => el.querySelector('.main-svg'))",
        timeout=60_000,
    )
    return page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(el => ({"
        "traces: (el.data || []).length,"
        "points: (el.calcdata || []).reduce((n, trace) => n + trace.length, 0),"
        "svg: !!el.querySelector('.main-svg')}))"
    )


def test_the_suite_sees_the_apps():
    # the issue names these; a renamed or lost notebook must not silently drop its tests
    for name in ("00_start_here.ipynb", "dashboard.ipynb", "facilitator.ipynb"):
        assert name in NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_renders_cleanly_with_its_charts(page, voila, name):
    open_notebook(page, voila, name)
    assert page.locator(".voila-error").count() == 0
    assert "Traceback" not in page.locator("body").inner_text()
    for chart in charts_drawn(page):
        assert chart["svg"] and chart["traces"] > 0 and chart["points"] > 0, chart
    assert page.problems == []


CHARTED = {
    "dashboard.ipynb": 2,  # metrics against targets, feedback convergence
    "facilitator.ipynb": 1,  # the team x step heat map
    "equity_review.ipynb": 1,
}


@pytest.mark.parametrize("name", sorted(CHARTED))
def test_apps_with_charts_draw_them(page, voila, name):
    open_notebook(page, voila, name)
    assert len(charts_drawn(page)) >= CHARTED[name]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_serious_or_critical_accessibility_violation(page, voila, name):
    from axe_playwright_python.sync_playwright import Axe  # bundles axe-core: no network

    open_notebook(page, voila, name)
    charts_drawn(page)
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]
    assert blocking == []


def test_a_visitor_cannot_fetch_notebooks_or_data_as_files(voila):
    # Voilà serves notebooks/; the workbook folder lies outside it, and the denylist keeps
    # workbooks, backups and databases out even when one is placed beside the notebooks.
    for path in (
        "00_start_here.ipynb",
        "../workbook/example-kinship-care.json",
        "%2e%2e/workbook/example-kinship-care.json",
        "example-kinship-care.json",
        "example-kinship-care.responses.sqlite",
    ):
        assert http_status(f"{voila}/voila/files/{path}") in (403, 404), path


def test_the_facilitator_opens_a_teams_dashboard(page, voila):
    open_notebook(page, voila, "facilitator.ipynb")
    # the row with the team's links (the chart's numbers table names the team too)
    link = page.get_by_role("link", name="Dashboard")
    row = page.locator("tr", has_text="Riverbend County Kinship Care").filter(has=link).first
    with page.context.expect_page() as opened:
        row.get_by_role("link", name="Dashboard").click()
    dashboard = opened.value
    dashboard.locator(".gl-dashboard").wait_for(state="visible", timeout=120_000)
    assert "workbook=example-kinship-care" in dashboard.url
    text = dashboard.locator(".gl-dashboard").inner_text()
    assert "Riverbend County Kinship Care Data Collaborative" in text
    assert "What the community said" in text
    assert dashboard.locator(".gl-dashboard input, .gl-dashboard textarea").count() == 0
