"""Phase 3 charts: known answers on small hand-built workbooks (traces, the threshold line,
the rounds that count toward "minimal"), empty states, escaping, and the worked example."""

from __future__ import annotations

import subprocess
import sys

import plotly.graph_objects as go
import pytest

import guidelib
from guidelib.charts import STEP_CHARTS, convergence_chart, metrics_chart, readiness_chart

PHASE3 = [metrics_chart, convergence_chart, readiness_chart]


def shapes(fig: go.Figure, name: str) -> list:
    return [shape for shape in fig.layout.shapes if shape.name == name]


def subtitle(fig: go.Figure) -> str:
    return fig.layout.title.subtitle.text or ""


def item(number: int, severity: int, day: str = "2026-03-01", reported: bool = True) -> dict:
    row = {"round": number, "date": day, "source": "Survey", "category": "privacy"}
    return row | {"severity": severity, "description": "Said", "reported_back": reported}


def metric(name: str, baseline: float, target: float, direction: str = "up") -> dict:
    row = {"metric": name, "definition": "How", "owner": "Ana", "baseline": baseline}
    return row | {"target": target, "direction": direction}


# -- metrics -----------------------------------------------------------------------------------
@pytest.fixture
def metrics(wb: guidelib.Workbook) -> guidelib.Workbook:
    names = [metric("Attendance", 88, 93), metric("Absence", 31, 20, "down")]
    names += [metric("Diversion", 48, 60), metric("Unread", 1, 2)]
    wb.set("reevaluate", "metrics", names)
    rows = [("Attendance", "2026-09-30", 90), ("Attendance", "2026-06-30", 88)]
    rows += [("Absence", "2026-06-30", 31), ("Absence", "2026-10-31", 25)]
    rows += [("Diversion", "2026-06-30", 48), ("Diversion", "2026-10-31", 47)]
    wb.set("reevaluate", "readings", [{"metric": m, "date": d, "value": v} for m, d, v in rows])
    return wb


def test_metrics_one_panel_per_metric_with_readings(metrics: guidelib.Workbook) -> None:
    fig = metrics_chart(metrics)
    assert [list(t.y) for t in fig.data] == [[88, 90], [31, 25], [48, 47]]
    assert list(fig.data[0].x) == ["2026-06-30", "2026-09-30"]  # in date order
    assert [t.xaxis for t in fig.data] == ["x", "x2", "x3"]  # each in its own panel
    # Three panels in a grid two wide: the empty fourth cell has no axes.
    assert "xaxis4" not in fig.layout.to_plotly_json()
    assert {fig.layout[f"xaxis{n}"].matches for n in (2, 3)} == {"x"}  # one date range


def test_metrics_targets_dashed_and_baselines_dotted(metrics: guidelib.Workbook) -> None:
    fig = metrics_chart(metrics)
    targets, baselines = shapes(fig, "target"), shapes(fig, "baseline")
    assert [(s.y0, s.yref) for s in targets] == [(93, "y"), (20, "y2"), (60, "y3")]
    assert [s.y0 for s in baselines] == [88, 31, 48]
    assert {s.line.dash for s in targets} == {"dash"}
    assert {s.line.dash for s in baselines} == {"dot"}
    assert targets[0].label.text == "Target 93"
    low, high = fig.layout.yaxis2.range  # room for the readings, baseline and target
    assert low < 20 and high > 31


def test_metrics_state_in_words_and_colour(metrics: guidelib.Workbook) -> None:
    fig = metrics_chart(metrics)
    titles = [a.text for a in fig.layout.annotations]
    assert "On track: 40% of the way to 93" in titles[0]
    assert "On track: 55% of the way to 20" in titles[1]
    assert "Off track" in titles[2]
    off = fig.data[2]
    assert off.marker.symbol == "diamond" and off.line.color != fig.data[0].line.color
    assert [t.showlegend for t in fig.data] == [True, False, True]  # one entry per state
    assert subtitle(fig) == "No readings yet: Unread."


def test_metrics_met_and_single_panel(wb: guidelib.Workbook) -> None:
    wb.set("reevaluate", "metrics", [metric("Ok", 1, 2)])
    wb.set("reevaluate", "readings", [{"metric": "Ok", "date": "2026-01-01", "value": 2.5}])
    fig = metrics_chart(wb)
    assert len(fig.data) == 1 and "xaxis2" not in fig.layout.to_plotly_json()
    assert "Met: target 2 reached" in fig.layout.annotations[0].text


def test_metrics_escape_names(wb: guidelib.Workbook) -> None:
    name = "<b>Rate</b> & more"
    wb.set("reevaluate", "metrics", [metric(name, 1, 2)])
    wb.set("reevaluate", "readings", [{"metric": name, "date": "2026-01-01", "value": 1.5}])
    fig = metrics_chart(wb)
    assert "&lt;b&gt;Rate&lt;/b&gt; &amp; more" in fig.layout.annotations[0].text
    assert "<b>Rate</b>" not in fig.to_json()


def test_metrics_without_readings_ask_for_readings(wb: guidelib.Workbook) -> None:
    wb.set("reevaluate", "metrics", [metric("Unread", 1, 2)])
    fig = metrics_chart(wb)
    assert not fig.data
    assert fig.layout.annotations[0].text == "Add readings for your metrics to see them here."


# -- convergence -------------------------------------------------------------------------------
@pytest.fixture
def feedback(wb: guidelib.Workbook) -> guidelib.Workbook:
    rows = [item(1, 5, "2026-01-10"), item(1, 5, "2026-01-12"), item(1, 4, "2026-01-12")]
    rows += [item(2, 3, "2026-02-10"), item(2, 3), item(4, 1, "2026-04-10")]
    wb.set("iterate", "feedback_items", rows)
    wb.set("until-minimal", "threshold", 6)
    wb.set("until-minimal", "rounds_in_a_row", 3)
    return wb


def trace(fig: go.Figure, name: str):
    (found,) = [t for t in fig.data if t.name == name]
    return found


def test_convergence_bars_line_and_threshold(feedback: guidelib.Workbook) -> None:
    fig = convergence_chart(feedback)
    assert list(trace(fig, "New items").y) == [3, 2, 0, 1]  # round 3: no items
    assert list(trace(fig, "Severity points").y) == [14, 6, 0, 1]
    (line,) = shapes(fig, "threshold")
    assert (line.y0, line.y1, line.line.dash) == (6, 6, "dash")
    assert line.label.text == "Line for minimal: 6 points"
    ticks = list(fig.layout.xaxis.ticktext)
    assert ticks[0].startswith("Round 1<br>") and "12 Jan 2026" in ticks[0]
    assert "no items" in ticks[2] and "1 item<" in ticks[3]


def test_convergence_marks_the_rounds_that_count(feedback: guidelib.Workbook) -> None:
    fig = convergence_chart(feedback)
    assert list(trace(fig, "At or under the line").x) == [2, 3, 4]  # equal to 6 counts
    assert list(trace(fig, "Above the line").x) == [1]
    (band,) = shapes(fig, "streak")
    assert (band.x0, band.x1) == (1.55, 4.45)  # rounds 2 to 4
    assert band.label.text == "Minimal since round 4"
    assert subtitle(fig).startswith("Feedback has been minimal since round 4 (10 April 2026)")


def test_convergence_counts_toward_minimal(feedback: guidelib.Workbook) -> None:
    feedback.set("until-minimal", "rounds_in_a_row", 4)
    fig = convergence_chart(feedback)
    assert shapes(fig, "streak")[0].label.text == "Counts toward minimal: 3 of 4 in a row"
    assert "1 more round is needed" in subtitle(fig)


def test_convergence_without_a_line(feedback: guidelib.Workbook) -> None:
    feedback.set("until-minimal", "threshold", None)
    fig = convergence_chart(feedback)
    assert [t.name for t in fig.data] == ["New items", "Severity points"]
    assert not shapes(fig, "threshold") and not shapes(fig, "streak")
    assert subtitle(fig) == "Set the line in step 3.4 to see which rounds count as minimal."


def test_convergence_no_streak_after_a_high_round(feedback: guidelib.Workbook) -> None:
    feedback.set("iterate", "feedback_items", [item(1, 2), item(2, 5), item(2, 4)])
    fig = convergence_chart(feedback)
    assert not shapes(fig, "streak")
    assert subtitle(fig).startswith("Not minimal yet: the latest round, round 2, has 9 points")


# -- readiness ---------------------------------------------------------------------------------
def test_readiness_table(feedback: guidelib.Workbook) -> None:
    feedback.set("scale-up", "readiness", ["feedback-minimal", "capacity"])
    fig = readiness_chart(feedback)
    (table,) = fig.data
    assert isinstance(table, go.Table)
    statement, shows, team, why = (list(column) for column in table.cells.values)
    assert shows[0] == "✓ Yes" and team[0] == "✓ Ticked"  # minimal since round 4
    assert shows[3] == "? Cannot tell yet" and why[3].startswith("⚠ The team ticked")
    assert shows[4] == "Team decides"
    fills = list(table.cells.fill.color[0])
    assert fills[0] != fills[3] and fills[3] != "white" and fills[1] == "white"
    assert "Not yet: 1 of 5 hold." in subtitle(fig)
    assert fig.layout.height > 300


# -- all charts ----------------------------------------------------------------------------------
@pytest.mark.parametrize("chart", PHASE3)
def test_empty_workbook_says_what_to_add(wb: guidelib.Workbook, chart) -> None:
    fig = chart(wb)
    assert not fig.data
    (message,) = [a.text for a in fig.layout.annotations]
    assert message.startswith("Add")


def test_step_charts_registry() -> None:
    assert STEP_CHARTS["reevaluate"] == [metrics_chart]
    assert STEP_CHARTS["iterate"] == [convergence_chart]
    assert STEP_CHARTS["until-minimal"] == [convergence_chart]
    assert STEP_CHARTS["scale-up"] == [readiness_chart]


def test_example_convergence(kinship: guidelib.Workbook) -> None:
    fig = convergence_chart(kinship)
    assert list(trace(fig, "New items").y) == [5, 4, 3]
    assert list(trace(fig, "Severity points").y) == [19, 10, 4]
    assert shapes(fig, "threshold")[0].y0 == 6
    assert list(trace(fig, "At or under the line").x) == [3]
    assert shapes(fig, "streak")[0].label.text == "Counts toward minimal: 1 of 2 in a row"
    assert "1 more round is needed" in subtitle(fig)


def test_example_metrics(kinship: guidelib.Workbook) -> None:
    fig = metrics_chart(kinship)
    assert len(fig.data) == 5 and len(shapes(fig, "target")) == 5
    assert "Off track" in fig.layout.annotations[4].text  # diversion fell from 48 to 47


@pytest.mark.parametrize("chart", PHASE3)
def test_example_renders_small(kinship: guidelib.Workbook, chart) -> None:
    fig = chart(kinship)
    assert fig.data and fig.layout.title.text
    assert not fig.layout.template.layout.to_plotly_json()
    assert len(fig.to_json()) < 10_000


def test_impact_leaves_plotly_out() -> None:
    code = "import sys, guidelib.impact; assert 'plotly' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
