"""Phase 1 charts: known answers on small hand-built workbooks, empty states, the worked
example, and that `import guidelib` still leaves plotly out."""

from __future__ import annotations

import subprocess
import sys

import plotly.graph_objects as go
import pytest

import guidelib
from guidelib.charts import (
    STEP_CHARTS,
    barrier_frequency,
    capacity_radar,
    capacity_radar_for,
    power_interest_grid,
    quadrant,
    risk_matrix,
)

ALL_CHARTS = [chart for charts in STEP_CHARTS.values() for chart in charts]
QUADRANT_NAMES = {"Manage closely", "Keep satisfied", "Keep informed", "Monitor"}


def notes(fig: go.Figure) -> list[str]:
    """Every sentence a figure shows outside its traces: annotations and the subtitle."""
    texts = [a.text for a in fig.layout.annotations]
    return [*texts, fig.layout.title.subtitle.text or ""]


def points(fig: go.Figure, kind: type = go.Scatter) -> list[tuple[float, float]]:
    return [xy for t in fig.data if isinstance(t, kind) for xy in zip(t.x, t.y, strict=True)]


def person(name: str, kind: str | None, influence: int | None, interest: int | None) -> dict:
    row = {"name": name, "organization": f"{name} Org", "kind": kind}
    return {**row, "influence": influence, "interest": interest}


# -- quadrant ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (5, 5, "Manage closely"),
        (5, 1, "Keep satisfied"),
        (1, 5, "Keep informed"),
        (1, 1, "Monitor"),
        (3, 3, "Manage closely"),  # 3 counts as high
        (3, 2, "Keep satisfied"),
        (2, 3, "Keep informed"),
        (2, 2, "Monitor"),
    ],
)
def test_quadrant(influence: int, interest: int, expected: str) -> None:
    assert quadrant(influence, interest) == expected


# -- power/interest grid -------------------------------------------------------------------
@pytest.fixture
def stakeholders(wb: guidelib.Workbook) -> guidelib.Workbook:
    wb.set(
        "stakeholders",
        "register",
        [
            person("Ana", "funder", 4, 4),
            person("Ben", "funder", 4, 4),  # same spot as Ana
            person("Cy", "data-user", 4, 4),  # and again
            person("Dee", "advocate", 1, 5),
            person("Eve", None, 2, 2),
            person("Fay", "funder", None, 3),  # no influence: left out
            person("Gus", "data-user", None, None),  # no scores: left out
        ],
    )
    return wb


def test_grid_traces_are_kinds(stakeholders: guidelib.Workbook) -> None:
    fig = power_interest_grid(stakeholders)
    assert [t.name for t in fig.data] == ["Data user", "Funder", "Advocate", "Kind not given"]
    assert len(points(fig)) == 5
    names = [name for t in fig.data for name in t.text]
    assert sorted(names) == ["Ana", "Ben", "Cy", "Dee", "Eve"]
    assert len({t.marker.color for t in fig.data}) == 4  # colours encode kind


def test_grid_layout(stakeholders: guidelib.Workbook) -> None:
    fig = power_interest_grid(stakeholders)
    assert fig.layout.title.text == "Stakeholders by influence and interest"
    assert {a.text.strip("<i/>") for a in fig.layout.annotations} == QUADRANT_NAMES
    assert list(fig.layout.xaxis.range) == [0.5, 5.5]
    assert list(fig.layout.yaxis.tickvals) == [1, 2, 3, 4, 5]
    assert {(s.x0, s.x1) for s in fig.layout.shapes} == {(2.5, 2.5), (0.5, 5.5)}
    assert "Interest" in fig.layout.xaxis.title.text
    assert "Influence" in fig.layout.yaxis.title.text


def test_grid_spreads_shared_spots(stakeholders: guidelib.Workbook) -> None:
    fig = power_interest_grid(stakeholders)
    spots = points(fig)
    assert len(set(spots)) == len(spots)
    near = [p for p in spots if abs(p[0] - 4) < 0.5 and abs(p[1] - 4) < 0.5]
    assert len(near) == 3  # moved apart, but still inside their cell
    assert power_interest_grid(stakeholders).to_json() == fig.to_json()  # deterministic


def test_grid_counts_unscored(stakeholders: guidelib.Workbook) -> None:
    fig = power_interest_grid(stakeholders)
    assert "2 stakeholders without scores are not shown." in notes(fig)


def test_grid_hover_names_organization_kind_and_quadrant(
    stakeholders: guidelib.Workbook,
) -> None:
    fig = power_interest_grid(stakeholders)
    advocate = next(t for t in fig.data if t.name == "Advocate")
    hover = advocate.customdata[0]
    assert "Dee Org" in hover and "Advocate" in hover and "Keep informed" in hover


def test_grid_escapes_names(wb: guidelib.Workbook) -> None:
    wb.set("stakeholders", "register", [person("<b>Al</b> & co", "funder", 3, 3)])
    fig = power_interest_grid(wb)
    assert fig.data[0].text[0] == "&lt;b&gt;Al&lt;/b&gt; &amp; co"
    assert "<b>Al</b>" not in fig.to_json()


def test_grid_all_unscored_asks_for_scores(wb: guidelib.Workbook) -> None:
    wb.set("stakeholders", "register", [person("Ana", "funder", None, None)])
    fig = power_interest_grid(wb)
    assert not fig.data
    assert any("influence and interest" in n for n in notes(fig))


# -- capacity radar ------------------------------------------------------------------------
SCORES = {"governance": 3, "legal": 4, "technology": 2, "capacity": 5, "impact": 1}


@pytest.fixture
def capacity(wb: guidelib.Workbook) -> guidelib.Workbook:
    wb.set(
        "capacity",
        "self_assessment",
        [
            {"organization": "Schools", **SCORES, "barriers": ["no-trust", "No shared ID"]},
            {"organization": "Courts", **SCORES, "impact": None, "barriers": ["no-funding"]},
            {
                "organization": "Clinic",
                **SCORES,
                "barriers": ["no shared id", "no-trust", "NO  SHARED ID"],
            },
            {"organization": "Newcomer", "barriers": ["no-trust"]},  # named, not scored
        ],
    )
    return wb


def test_radar_one_trace_per_organization(capacity: guidelib.Workbook) -> None:
    fig = capacity_radar(capacity)
    assert [t.name for t in fig.data] == ["Schools", "Courts", "Clinic"]
    for trace in fig.data:
        assert isinstance(trace, go.Scatterpolar)
        assert list(trace.theta) == [
            "Governance",
            "Legal",
            "Technology",
            "Capacity",
            "Impact",
            "Governance",
        ]
    assert list(fig.data[0].r) == [3, 4, 2, 5, 1, 3]
    assert list(fig.layout.polar.radialaxis.range) == [0, 5]


def test_radar_shows_missing_score_as_gap(capacity: guidelib.Workbook) -> None:
    fig = capacity_radar(capacity)
    courts = fig.data[1]
    assert list(courts.r) == [3, 4, 2, 5, None, 3]
    assert courts.fill == "none" and fig.data[0].fill == "toself"
    assert any("not scored" in n for n in notes(fig))


def test_radar_for_one_organization(capacity: guidelib.Workbook) -> None:
    fig = capacity_radar_for(capacity, "  clinic ")
    assert [t.name for t in fig.data] == ["Clinic"]
    assert fig.layout.title.text == "Capacity: Clinic"
    assert fig.data[0].line.color == capacity_radar(capacity).data[2].line.color
    missing = capacity_radar_for(capacity, "Nobody")
    assert not missing.data and any("self-assessment" in n for n in notes(missing))


# -- barriers ------------------------------------------------------------------------------
def test_barrier_counts_and_order(capacity: guidelib.Workbook) -> None:
    fig = barrier_frequency(capacity)
    (bar,) = fig.data
    assert bar.orientation == "h"
    # Free text merges across case and spacing; the first spelling is the label.
    assert list(bar.y) == ["Low trust between partners", "No shared ID", "No funding"]
    assert list(bar.x) == [3, 2, 1]
    assert fig.layout.yaxis.autorange == "reversed"  # most-named on top
    assert fig.layout.xaxis.title.text == "Organizations naming it"
    assert fig.layout.xaxis.dtick == 1
    assert bar.customdata[1] == "Schools<br>Clinic"


def test_barrier_ties_keep_catalog_order(wb: guidelib.Workbook) -> None:
    rows = [{"organization": "A", "barriers": ["Zebra", "reputation", "legal-uncertainty"]}]
    wb.set("capacity", "self_assessment", rows)
    labels = list(barrier_frequency(wb).data[0].y)
    assert labels == ["Unsure what the law allows", "Fear of bad press or blame", "Zebra"]


# -- risk matrix -----------------------------------------------------------------------------
def risk(name: str, likelihood: int | None, impact: int | None) -> dict:
    return {"risk": name, "likelihood": likelihood, "impact": impact, "mitigation": "Plan"}


def test_risk_matrix(wb: guidelib.Workbook) -> None:
    rows = [risk("Leak", 2, 5), risk("Delay", 3, 3), risk("Unscored", None, 4)]
    rows += [risk("Mismatch", 3, 3), {"risk": "Owned", "likelihood": 5, "impact": 1}]
    wb.set("value", "risks", rows)
    fig = risk_matrix(wb)
    heat, markers = fig.data
    assert isinstance(heat, go.Heatmap)
    assert heat.z[4][4] == 25 and heat.z[0][4] == 5  # z[impact - 1][likelihood - 1]
    assert list(markers.text) == ["1", "2", "4", "5"]  # numbers are register rows
    spots = list(zip(markers.x, markers.y, strict=True))
    assert len(set(spots)) == 4
    assert "Leak" in markers.customdata[0] and "Plan" in markers.customdata[0]
    assert "none yet" in markers.customdata[3]
    assert fig.layout.title.text == "Risks by likelihood and impact"
    assert fig.layout.xaxis.title.text.startswith("Likelihood")
    assert fig.layout.yaxis.title.text.startswith("Impact")
    assert "1 risk without scores is not shown." in notes(fig)


def test_many_risks_in_one_cell_stay_apart(wb: guidelib.Workbook) -> None:
    wb.set("value", "risks", [risk(f"R{n}", 3, 3) for n in range(9)])
    spots = points(risk_matrix(wb))
    assert len(set(spots)) == 9
    assert all(2.5 < x < 3.5 and 2.5 < y < 3.5 for x, y in spots)


# -- empty workbooks and the worked example ------------------------------------------------------
@pytest.mark.parametrize("chart", [*ALL_CHARTS, lambda wb: capacity_radar_for(wb, "Schools")])
def test_empty_workbook_says_what_to_fill_in(wb: guidelib.Workbook, chart) -> None:
    fig = chart(wb)
    assert isinstance(fig, go.Figure)
    assert not fig.data
    assert fig.layout.title.text
    (message,) = [a.text for a in fig.layout.annotations]
    assert message.startswith(("Add", "Score"))


def test_empty_grid_message(wb: guidelib.Workbook) -> None:
    message = power_interest_grid(wb).layout.annotations[0].text
    assert message == "Add stakeholders in the register to see them here."


def test_step_charts_name_real_steps() -> None:
    assert {"stakeholders", "capacity", "value"} <= set(STEP_CHARTS)
    for step_id in STEP_CHARTS:
        guidelib.GUIDEBOOK.step(step_id)


@pytest.mark.parametrize("chart", ALL_CHARTS)
def test_example_renders(kinship: guidelib.Workbook, chart) -> None:
    fig = chart(kinship)
    assert fig.data and fig.layout.title.text
    # Small JSON: plotly's default template alone is ~6 KB per figure sent to the browser.
    assert not fig.layout.template.layout.to_plotly_json()
    assert len(fig.to_json()) < 10_000
    assert fig.layout.height >= 300


def test_example_radar_per_organization(kinship: guidelib.Workbook) -> None:
    for row in kinship.get("capacity", "self_assessment"):
        fig = capacity_radar_for(kinship, row["organization"])
        assert [t.name for t in fig.data] == [row["organization"]]


def test_import_guidelib_leaves_plotly_out() -> None:
    code = "import sys, guidelib; assert 'plotly' not in sys.modules, 'plotly was imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
