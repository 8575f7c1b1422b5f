"""Phase 2 charts: known answers on small hand-built workbooks, empty states, the worked
example, and that `import guidelib` still leaves plotly out."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import plotly.graph_objects as go
import pytest

import guidelib
from guidelib.charts import STEP_CHARTS, feedback_loop_diagram, launch_timeline, raci_heatmap

DECISIONS = [o.id for o in guidelib.GUIDEBOOK.step("governance").field("raci").rows]
TODAY = dt.date(2027, 3, 1)


def notes(fig: go.Figure) -> list[str]:
    """Every sentence a figure shows outside its traces: annotations and the subtitle."""
    return [*(a.text for a in fig.layout.annotations), fig.layout.title.subtitle.text or ""]


def one_line(label: str) -> str:
    return label.replace("<br>", " ")


def members(wb: guidelib.Workbook, *names: str) -> guidelib.Workbook:
    wb.set("coalition", "members", [{"stakeholder": name, "role": "Member"} for name in names])
    return wb


# -- RACI heat map ----------------------------------------------------------------------------
@pytest.fixture
def raci(wb: guidelib.Workbook) -> guidelib.Workbook:
    members(wb, "Ana", "Ben", "Cy")
    matrix = {decision: {"Ana": "a", "Ben": "r"} for decision in DECISIONS}
    matrix["publish-results"] = {"Ana": "a", "Ben": "a", "Cy": "c"}  # two A, no R
    matrix["retire-dataset"] = {"Cy": "r", "Zed": "i"}  # no A; Zed left the coalition
    wb.set("governance", "raci", matrix)
    return wb


def test_raci_cells(raci: guidelib.Workbook) -> None:
    grid = raci_heatmap(raci).data[0]
    assert isinstance(grid, go.Heatmap)
    assert list(grid.x) == ["Ana", "Ben", "Cy", "Zed"]  # coalition order, then the matrix's
    assert [list(row) for row in grid.z] == [
        [2, 1, 0, 0],
        [2, 1, 0, 0],
        [2, 1, 0, 0],
        [2, 2, 3, 0],  # publish results: roles r, a, c, i are 1 to 4, blank is 0
        [2, 1, 0, 0],
        [0, 0, 1, 4],
        [2, 1, 0, 0],
    ]
    assert list(grid.text[3]) == ["A", "A", "C", ""]
    assert list(grid.text[5]) == ["", "", "R", "I"]
    assert (grid.zmin, grid.zmax) == (0, 4)


def test_raci_flags_rows_that_break_the_rule(raci: guidelib.Workbook) -> None:
    fig = raci_heatmap(raci)
    labels = [one_line(label) for label in fig.data[0].y]
    assert [label.startswith("⚠") for label in labels] == [0, 0, 0, 1, 0, 1, 0]
    assert labels[3] == "⚠ Publish results"
    assert labels[0] == "Approve a data request"  # catalog order and labels
    assert "⚠ 2 of 7 decisions need exactly one A and at least one R." in notes(fig)


def test_raci_hover_names_member_decision_and_role(raci: guidelib.Workbook) -> None:
    grid = raci_heatmap(raci).data[0]
    assert "%{x}" in grid.hovertemplate and "%{y}" in grid.hovertemplate
    assert grid.customdata[0][0] == "A (makes the final call)"
    assert grid.customdata[0][2] == "No role"
    assert "2 people who make the final call" in grid.customdata[3][1]


def test_raci_colours_distinct_and_blank_white(raci: guidelib.Workbook) -> None:
    fig = raci_heatmap(raci)
    scale = [colour for _, colour in fig.data[0].colorscale]
    assert scale[0] == "white"
    assert len(set(scale)) == 5  # blank and four roles
    legend = [t for t in fig.data if isinstance(t, go.Scatter)]
    assert [t.name for t in legend] == [
        "R (does the work)",
        "A (makes the final call)",
        "C (is asked first)",
        "I (is told after)",
    ]
    assert {t.marker.color for t in legend} == set(scale) - {"white"}


def test_raci_marks_names_no_longer_listed(raci: guidelib.Workbook) -> None:
    ticks = list(raci_heatmap(raci).layout.xaxis.ticktext)
    assert ticks[:3] == ["Ana", "Ben", "Cy"]
    assert "no longer" in ticks[3] and ticks[3].startswith("Zed")


def test_raci_escapes_names(wb: guidelib.Workbook) -> None:
    members(wb, "<b>Al</b> & co")
    wb.set("governance", "raci", {"approve-request": {"<b>Al</b> & co": "a"}})
    fig = raci_heatmap(wb)
    assert fig.data[0].x[0] == "&lt;b&gt;Al&lt;/b&gt; &amp; co"
    assert "<b>Al</b>" not in fig.to_json()


def test_raci_keeps_long_words_whole(wb: guidelib.Workbook) -> None:
    members(wb, "Commissioner Denise Okafor")
    wb.set("governance", "raci", {"approve-request": {"Commissioner Denise Okafor": "a"}})
    assert raci_heatmap(wb).layout.xaxis.ticktext[0] == "Commissioner<br>Denise<br>Okafor"


def test_raci_empty_states(wb: guidelib.Workbook) -> None:
    fig = raci_heatmap(wb)
    assert not fig.data and "coalition members" in notes(fig)[0]
    fig = raci_heatmap(members(wb, "Ana"))
    assert not fig.data and notes(fig)[0].startswith("Add roles")


# -- feedback loop diagram --------------------------------------------------------------------
TRIGGER = "Any item rated 4 or 5 goes to the next Steering Committee meeting. " * 4


@pytest.fixture
def loop(wb: guidelib.Workbook) -> guidelib.Workbook:
    wb.set("feedback-loop", "channels", ["surveys", "Text line <for> caregivers"])
    wb.set("feedback-loop", "owner", "Gloria")
    wb.set("feedback-loop", "reviewed_by", "Community Advisory Board")
    wb.set("feedback-loop", "cadence", "quarterly")
    wb.set("feedback-loop", "trigger", TRIGGER)
    return wb  # close_the_loop is left out


def boxes(fig: go.Figure) -> list[go.layout.Annotation]:
    return [a for a in fig.layout.annotations if a.width]


def test_loop_shows_the_teams_answers(loop: guidelib.Workbook) -> None:
    fig = feedback_loop_diagram(loop)
    texts = [box.text for box in boxes(fig)]
    assert len(texts) == 5
    assert "Surveys" in texts[0] and "Text line &lt;for&gt; caregivers" in texts[0]
    assert "Gloria" in texts[1]
    assert "Community Advisory Board" in texts[2] and "every three months" in texts[2]
    assert "<for>" not in fig.to_json()
    assert any("reviewed every three months" in n for n in notes(fig))


def test_loop_shows_gaps_as_not_yet_decided(loop: guidelib.Workbook) -> None:
    fig = feedback_loop_diagram(loop)
    undecided = [box for box in boxes(fig) if "Not yet decided" in box.text]
    assert [box.text.split("</b>")[0] for box in undecided] == ["<b>5. Reported back"]
    assert undecided[0].bgcolor != boxes(fig)[0].bgcolor  # muted, so the gap shows
    assert "1 of 5 parts are not yet decided (the grey boxes)." in notes(fig)


def test_loop_cuts_long_text_and_hovers_the_rest(loop: guidelib.Workbook) -> None:
    trigger = boxes(feedback_loop_diagram(loop))[3]
    assert trigger.text.endswith("…")
    assert trigger.text.count("<br>") == 4  # the heading and four lines
    assert one_line(trigger.hovertext) == TRIGGER.strip()


def test_loop_is_a_ring_of_arrows(loop: guidelib.Workbook) -> None:
    fig = feedback_loop_diagram(loop)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 5
    assert all(a.axref == "x" and a.ayref == "y" for a in arrows)
    assert not fig.layout.xaxis.visible and not fig.layout.yaxis.visible
    (ring,) = fig.data
    assert ring.mode == "lines" and ring.hoverinfo == "skip"


def test_loop_missing_cadence_is_named(loop: guidelib.Workbook) -> None:
    loop.set("feedback-loop", "cadence", None)
    assert "how often: not yet decided" in boxes(feedback_loop_diagram(loop))[2].text


def test_loop_empty_state(wb: guidelib.Workbook) -> None:
    fig = feedback_loop_diagram(wb)
    assert not fig.data
    assert notes(fig)[0].startswith("Add the feedback channels")


# -- launch timeline --------------------------------------------------------------------------
@pytest.fixture
def launch(wb: guidelib.Workbook) -> guidelib.Workbook:
    rows = [
        {"milestone": "Sign", "owner": "Tom", "due": "2027-01-10", "done": True},
        {"milestone": "Test transfer", "owner": "Dee", "due": "2027-02-01", "done": True},
        {"milestone": "Go live", "owner": "Ana", "due": "2027-02-15", "done": False},
        {"milestone": "Dashboard", "due": "2027-05-01"},
        {"milestone": "Someday", "owner": "Ana"},  # no date: left out
    ]
    wb.set("launch", "milestones", rows)
    wb.set("governance", "bodies", [{"body": "Board", "meets": "monthly"}])
    return wb


def test_timeline_milestones_done_and_not(launch: guidelib.Workbook) -> None:
    fig = launch_timeline(launch, today=TODAY)
    done, not_done, reviews = fig.data
    assert (done.name, list(done.x)) == ("Done", ["2027-01-10", "2027-02-01"])
    assert list(not_done.x) == ["2027-02-15", "2027-05-01"]
    assert done.marker.color != not_done.marker.color
    assert done.marker.symbol != not_done.marker.symbol
    assert [one_line(y).split(" ", 1)[1] for y in done.y][0].startswith("Sign")
    assert "Tom" in done.y[0] and "no owner yet" in not_done.y[1]
    assert "overdue" in not_done.customdata[0] and "overdue" not in not_done.customdata[1]
    assert "1 milestone without a due date is not shown." in notes(fig)


def test_timeline_reviews_are_a_second_series(launch: guidelib.Workbook) -> None:
    reviews = launch_timeline(launch, today=TODAY).data[2]
    assert reviews.yaxis == "y2"
    assert list(reviews.x) == [f"2027-{m:02}-01" for m in range(4, 13)] + [
        "2028-01-01",
        "2028-02-01",
        "2028-03-01",
    ]
    assert set(reviews.customdata) == {"Board"}  # milestones are not repeated here
    done, not_done = launch_timeline(launch, today=TODAY).data[:2]
    assert reviews.marker.color not in (None, done.marker.color, not_done.marker.color)


def test_timeline_today_line(launch: guidelib.Workbook) -> None:
    fig = launch_timeline(launch, today=TODAY)
    (line,) = [s for s in fig.layout.shapes if s.name == "today"]
    assert line.x0 == line.x1 == "2027-03-01"
    assert "Today" in notes(fig)


def test_timeline_no_today_line_outside_the_range(launch: guidelib.Workbook) -> None:
    launch.set("governance", "bodies", None)  # no reviews, so the range is the milestones'
    fig = launch_timeline(launch, today=dt.date(2026, 1, 1))
    assert len(fig.data) == 2
    assert not [s for s in fig.layout.shapes if s.name == "today"]
    assert "Today" not in notes(fig)


def test_timeline_empty_states(wb: guidelib.Workbook) -> None:
    assert not launch_timeline(wb, today=TODAY).data
    wb.set("launch", "milestones", [{"milestone": "Someday", "owner": "Ana"}])
    fig = launch_timeline(wb, today=TODAY)
    assert not fig.data and notes(fig)[0].startswith("Add milestones with due dates")


# -- the registry, empty workbooks and the worked example ---------------------------------------
PHASE2 = {
    "governance": raci_heatmap,
    "feedback-loop": feedback_loop_diagram,
    "launch": launch_timeline,
}


def test_registered_by_step() -> None:
    for step_id, chart in PHASE2.items():
        assert chart in STEP_CHARTS[step_id]
        guidelib.GUIDEBOOK.step(step_id)


@pytest.mark.parametrize("chart", PHASE2.values())
def test_empty_workbook(wb: guidelib.Workbook, chart) -> None:
    fig = chart(wb)
    assert isinstance(fig, go.Figure) and fig.layout.title.text
    assert not fig.data and notes(fig)[0].startswith("Add")


@pytest.mark.parametrize("chart", PHASE2.values())
def test_example_renders(kinship: guidelib.Workbook, chart) -> None:
    fig = chart(kinship)
    assert fig.data and fig.layout.title.text
    assert not fig.layout.template.layout.to_plotly_json()
    assert len(fig.to_json()) < 10_000  # each figure crosses the kernel connection
    assert fig.layout.height >= 300


def test_example_charts_in_detail(kinship: guidelib.Workbook) -> None:
    grid = raci_heatmap(kinship).data[0]
    assert len(grid.x) == 9 and len(grid.y) == 7
    assert not [label for label in grid.y if label.startswith("⚠")]
    texts = " ".join(box.text for box in boxes(feedback_loop_diagram(kinship)))
    assert "Not yet decided" not in texts and "Community Advisory Board" in texts
    fig = launch_timeline(kinship, today=dt.date(2026, 11, 28))
    assert [len(trace.x) for trace in fig.data[:2]] == [6, 2]
    assert [s.name for s in fig.layout.shapes] == ["today"]


def test_import_guidelib_leaves_plotly_out() -> None:
    code = (
        "import sys, guidelib, guidelib.reviews; "
        "assert 'plotly' not in sys.modules, 'plotly was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
