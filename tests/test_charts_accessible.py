"""Every chart type has a one-sentence summary (its accessible name) and its numbers as a
table, and the one renderer turns them into named, escaped HTML. The numbers are checked
against the workbook, computed here independently of the chart code."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

import guidelib
from guidelib import survey
from guidelib.charts import STEP_CHARTS, accessible, capacity_radar_for
from guidelib.charts.cohort import progress_heatmap
from guidelib.charts.review import review_chart
from guidelib.charts.survey import agreement_chart, breakdown_chart, choice_chart
from guidelib.cohort import load_cohort

from .conftest import copy_example

HOSTILE = '<img src=x onerror="window.pwned=1"> & "Ana"'


@pytest.fixture(scope="module")
def example_wb(tmp_path_factory) -> guidelib.Workbook:
    folder = tmp_path_factory.mktemp("acc")
    return guidelib.open_workbook(copy_example(folder))


def every_chart(wb: guidelib.Workbook) -> dict[str, object]:
    """One figure of every chart type the project draws, on the worked example."""
    figures = {chart.__name__: chart(wb) for charts in STEP_CHARTS.values() for chart in charts}
    figures["capacity_radar_for"] = capacity_radar_for(wb, "Riverbend County Public Schools")
    figures["review_chart"] = review_chart(wb)
    figures["progress_heatmap"] = progress_heatmap(load_cohort(wb.path.parent))
    results = survey.workbook_results(wb)
    figures["agreement_chart"] = agreement_chart(results)
    single = next(d for d in results.distributions if d.question.kind == "single")
    figures["choice_chart"] = choice_chart(results, single.question.text)
    figures["breakdown_chart"] = breakdown_chart(results, results.breakdowns[0])
    figures.update(datacheck_charts(wb.path.parent))
    return figures


def datacheck_charts(folder) -> dict[str, object]:
    """The data checks' charts, on a small fictional extract of the worked example."""
    from guidelib.charts import datacheck as charts
    from guidelib.datacheck import equity, risk, scan
    from guidelib.examples.extracts import write_extracts

    paths = write_extracts(folder / "extracts", rows=3000, seed=7, formats=("csv",))
    kinship = next(p for p in paths if p.stem == "child_welfare_kinship")
    school = next(p for p in paths if p.stem == "school_attendance")
    report = risk(kinship, ["date_of_birth", "sex", "zip"], k=5, sensitive=["relationship"])
    audit = equity(school, ["race_ethnicity"], "chronically_absent", positive="true")
    return {
        "identifier_shares": charts.identifier_shares(scan(kinship)),
        "group_sizes": charts.group_sizes(report),
        "generalization_effects": charts.generalization_effects(report),
        "sensitive_diversity": charts.sensitive_diversity(report),
        "equity_rates": charts.equity_rates(audit),
    }


class Named(HTMLParser):
    """Collects role="img" elements (with their aria-label) and the disclosures."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.summaries: list[str] = []
        self.cells = 0
        self._in_summary = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("role") == "img":
            self.images.append(a.get("aria-label", ""))
        self._in_summary = tag == "summary"
        self.cells += tag in ("td", "th")

    def handle_data(self, data):
        if self._in_summary:
            self.summaries.append(data)
            self._in_summary = False


def parse(markup: str) -> Named:
    parser = Named()
    parser.feed(markup)
    return parser


def test_every_chart_type_has_a_sentence_and_a_table(example_wb):
    figures = every_chart(example_wb)
    assert len(figures) >= 21
    for name, fig in figures.items():
        said = accessible.summary(fig)
        assert said.endswith(".") and "\n" not in said and "<" not in said, name
        assert said.startswith(accessible.title(fig).rstrip("?.")[:12]) or "Answers to" in said
        assert len(said) < 400, name  # one sentence, not a paragraph
        headers, rows = accessible.table(fig)
        assert rows, f"{name} has no numbers"
        assert all(len(row) == len(headers) for row in rows), name


def test_every_chart_renders_named_with_its_numbers(example_wb):
    for name, fig in every_chart(example_wb).items():
        block = parse(accessible.chart_block(fig, "<div>plot</div>"))
        assert block.images == [accessible.summary(fig)], name
        assert block.summaries == ["Show the numbers"], name
        headers, rows = accessible.table(fig)
        assert block.cells == len(headers) * (len(rows) + 1), name


def test_the_numbers_match_the_workbook(example_wb):
    """Risk scores, barrier counts and review answers, counted here from the answers."""
    figures = every_chart(example_wb)
    _, rows = accessible.table(figures["risk_matrix"])
    risks = [r for r in example_wb.get("value", "risks") if r.get("likelihood")]
    assert [int(r[4]) for r in rows] == [r["likelihood"] * r["impact"] for r in risks]
    worst = max(range(len(risks)), key=lambda i: risks[i]["likelihood"] * risks[i]["impact"])
    assert f"the highest is risk {worst + 1} " in accessible.summary(figures["risk_matrix"])

    _, rows = accessible.table(figures["barrier_frequency"])
    named: dict[str, int] = {}
    for row in example_wb.get("capacity", "self_assessment"):
        for barrier in set(row.get("barriers", [])):
            named[barrier] = named.get(barrier, 0) + 1
    assert sorted(int(r[1]) for r in rows) == sorted(named.values())

    _, rows = accessible.table(figures["review_chart"])
    answers = example_wb.answers("equity-review")
    yes = sum(1 for a in answers.values() if isinstance(a, dict) and a.get("answer") == "yes")
    assert sum(int(r[1]) for r in rows) == yes
    assert f"{yes} answered yes" in accessible.summary(figures["review_chart"])


def test_suppressed_survey_numbers_stay_hidden_in_the_table(example_wb):
    """The table shows what the chart publishes: a suppressed cell is the word, never a
    count that the chart hides."""
    results = survey.workbook_results(example_wb)
    b = results.breakdowns[0]
    _, rows = accessible.table(breakdown_chart(results, b))
    for row, cells in zip(rows, b.cells, strict=True):
        for shown, cell in zip(row[1:], cells, strict=True):
            assert (shown == "suppressed") is cell.hidden
            if not cell.hidden:
                assert shown.startswith(f"{cell.count:,}")


def test_user_text_is_escaped_in_the_name_and_the_table(wb):
    wb.set("value", "risks", [{"risk": HOSTILE, "likelihood": 4, "impact": 5}])
    fig = STEP_CHARTS["value"][0](wb)
    stored = str(fig.layout.meta)
    assert "<img" not in stored and "&lt;img" in stored  # no raw markup in the figure
    markup = accessible.chart_block(fig, "")
    assert "<img" not in markup and "onerror=&quot;" in markup
    assert HOSTILE in html.unescape(markup)


def test_an_empty_chart_says_what_to_fill_in_and_has_no_numbers(wb):
    fig = STEP_CHARTS["value"][0](wb)
    assert accessible.summary(fig).startswith("Risks by likelihood and impact: nothing to show")
    assert accessible.numbers_html(fig) == ""
    assert parse(accessible.chart_block(fig, "")).images == [accessible.summary(fig)]


def test_a_figure_no_chart_function_described_still_gets_a_name_and_numbers():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=["a", "b"], y=[3, 4], name="Counts"), layout={"title": "<b>T</b>"})
    assert accessible.summary(fig) == "Chart: T."
    assert accessible.table(fig) == (
        ["Series", "x", "y"],
        [["Counts", "a", "3"], ["Counts", "b", "4"]],
    )


def test_the_widget_output_names_its_plot_and_has_no_modebar(example_wb):
    from guidelib.ui.panels import PLOTLY_MIME, figure_output

    fig = STEP_CHARTS["capacity"][1](example_wb)
    out = figure_output(fig)
    plot, numbers = out.outputs
    assert plot["data"][PLOTLY_MIME]["config"]["displayModeBar"] is False
    markup = numbers["data"]["text/html"]
    assert parse(markup).summaries == ["Show the numbers"]
    said = re.search(r'data-summary="([^"]*)"', markup)[1]
    assert html.unescape(said) == accessible.summary(fig)
    assert "setAttribute('role','img')" in markup


def test_the_downloaded_and_published_dashboard_names_every_chart(example_wb):
    """`page_html` (the dashboard's download, and `guidelib publish`): each plotly chart
    sits in a named container with its numbers after it, as in the apps."""
    from guidelib.dashboard_page import page_html

    markup = page_html(example_wb)
    plots = markup.count('class="plotly-graph-div"')
    block = parse(markup)
    named = [label for label in block.images if label.startswith(("Metrics", "Feedback"))]
    assert plots >= 2 and len(named) == plots
    assert block.summaries.count("Show the numbers") == plots
