"""Phase 1 charts: stakeholders, capacity, barriers and risks, each `Workbook -> go.Figure`.

Every chart reads table rows from the workbook and shows an empty state in plain words
when there is nothing to draw. All user text goes through `st.text` (escaped, wrapped).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import plotly.graph_objects as go

from ..content import Field
from ..workbook import Workbook
from . import _style as st
from .accessible import describe, plain, plural

Row = dict[str, Any]
Point = tuple[float, float]

#: The five AISP components, in the order the self-assessment asks them.
COMPONENTS = ("governance", "legal", "technology", "capacity", "impact")
HIGH = 3  # a 3 counts as high on the grid, so middling stakeholders get attention
QUADRANTS = {
    (True, True): "Manage closely",
    (True, False): "Keep satisfied",
    (False, True): "Keep informed",
    (False, False): "Monitor",
}
_ADD = "Add {} to see them here."  # the empty state when a table has no rows


def _rows(wb: Workbook, step_id: str, field_id: str) -> list[Row]:
    """The table's rows that hold anything: a blank row the form added is skipped."""
    return [row for row in wb.get(step_id, field_id, []) if row]


def _column(wb: Workbook, ref: str) -> Field:
    step_id, field_id, column_id = ref.split(".")
    return wb.guidebook.step(step_id).field(field_id).column(column_id)


def _scored(row: Row, *columns: str) -> bool:
    return all(isinstance(row.get(c), int) for c in columns)


def _organization(row: Row, number: int) -> str:
    return st.text(row.get("organization")) or f"Organization {number}"


# -- stakeholders ------------------------------------------------------------------------
def quadrant(influence: int, interest: int) -> str:
    """The Mendelow grid quadrant for 1-5 influence and interest scores.

    >>> quadrant(5, 1), quadrant(3, 3), quadrant(2, 2)
    ('Keep satisfied', 'Manage closely', 'Monitor')
    """
    return QUADRANTS[(influence >= HIGH, interest >= HIGH)]


def power_interest_grid(wb: Workbook) -> go.Figure:
    """Stakeholders on the influence/interest grid, coloured by kind."""
    title = "Stakeholders by influence and interest"
    rows = _rows(wb, "stakeholders", "register")
    scored = [row for row in rows if _scored(row, "influence", "interest")]
    if not scored:
        hint = "Score each stakeholder's influence and interest from 1 to 5 to see them here."
        return st.empty_figure(title, hint if rows else _ADD.format("stakeholders in the register"))
    fig = go.Figure(layout=_grid_layout(title))
    _draw_quadrants(fig)
    # Stacked, not side by side: each name runs to the right of its marker.
    positions = st.spread([(r["interest"], r["influence"]) for r in scored], 1, (0, 0.4))
    for trace in _kind_traces(wb, scored, positions):
        fig.add_trace(trace)
    if len(rows) > len(scored):
        st.add_note(fig, st.left_out(len(rows) - len(scored), "stakeholder"))
    return _describe_grid(fig, wb, scored)


def _describe_grid(fig: go.Figure, wb: Workbook, scored: list[Row]) -> go.Figure:
    column = _column(wb, "stakeholders.register.kind")
    where = [quadrant(r["influence"], r["interest"]) for r in scored]
    close = where.count("Manage closely")
    summary = (
        f"Stakeholders by influence and interest: {plural(len(scored), 'stakeholder')} "
        f"scored, {close} of them to manage closely (high influence and high interest)"
    )
    headers = ["Name", "Organization", "Kind", "Influence", "Interest", "Where on the grid"]
    rows = [
        [
            r.get("name") or "No name",
            r.get("organization"),
            column.option_label(r.get("kind")) if r.get("kind") else "Not given",
            r["influence"],
            r["interest"],
            q,
        ]
        for r, q in zip(scored, where, strict=True)
    ]
    return describe(fig, summary, headers, rows)


def _grid_layout(title: str) -> dict[str, Any]:
    return st.layout(
        title,
        xaxis=st.scale_axis("Interest in the work (1 low, 5 high)"),
        yaxis=st.scale_axis("Influence over the work (1 low, 5 high)"),
        # Below the grid, so the grid keeps the width that names need.
        legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top", "title": "Kind"},
        margin={"l": 60, "r": 110, "t": 56, "b": 40},
        height=520,
    )


def _draw_quadrants(fig: go.Figure) -> None:
    """Dividing lines between 2 and 3, and each quadrant's name in its outer corner."""
    line = {"color": st.MUTED, "width": 1, "dash": "dash"}
    fig.add_shape(type="line", x0=2.5, x1=2.5, y0=0.5, y1=5.5, line=line, layer="below")
    fig.add_shape(type="line", x0=0.5, x1=5.5, y0=2.5, y1=2.5, line=line, layer="below")
    for (high_influence, high_interest), name in QUADRANTS.items():
        fig.add_annotation(
            text=f"<i>{name}</i>",
            x=5.45 if high_interest else 0.55,
            y=5.45 if high_influence else 0.55,
            xanchor="right" if high_interest else "left",
            yanchor="top" if high_influence else "bottom",
            showarrow=False,
            font={"size": 13, "color": st.MUTED},
        )


def _kind_traces(wb: Workbook, rows: list[Row], positions: list[Point]) -> list[go.Scatter]:
    """One trace per kind, in catalog order; a kind keeps its colour in every workbook."""
    column = _column(wb, "stakeholders.register.kind")
    order = [option.id for option in column.options]
    by_kind: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_kind[row.get("kind", "")].append(index)
    traces = []
    for kind in sorted(by_kind, key=lambda k: order.index(k) if k in order else len(order)):
        label = st.text(column.option_label(kind)) if kind else "Kind not given"
        rank = order.index(kind) if kind in order else -1
        members = [(rows[i], positions[i]) for i in by_kind[kind]]
        traces.append(_kind_trace(label, rank, members))
    return traces


def _kind_trace(label: str, rank: int, members: list[tuple[Row, Point]]) -> go.Scatter:
    if rank >= 0:
        marker = {"color": st.colour(rank), "symbol": st.symbol(rank)}
    else:  # no kind given: grey and hollow, outside the palette
        marker = {"color": st.MUTED, "symbol": "circle-open"}
    return go.Scatter(
        name=label,
        x=[x for _, (x, _) in members],
        y=[y for _, (_, y) in members],
        mode="markers+text",
        text=[st.text(row.get("name"), 18) for row, _ in members],
        textposition="middle right",
        cliponaxis=False,  # names beside a 5 run on into the right margin
        textfont={"size": 11, "color": st.INK},
        marker={**marker, "size": 12, "line": {"color": "white", "width": 1}},
        customdata=[_stakeholder_hover(row, label) for row, _ in members],
        hovertemplate="%{customdata}<extra></extra>",
    )


def _stakeholder_hover(row: Row, kind: str) -> str:
    influence, interest = row["influence"], row["interest"]
    return (
        f"<b>{st.text(row.get('name')) or 'No name'}</b>"
        f"<br>{st.text(row.get('organization'), 50)}<br>Kind: {kind}"
        f"<br>Influence {influence}, interest {interest}<br>{quadrant(influence, interest)}"
    )


# -- capacity ----------------------------------------------------------------------------
def capacity_radar(wb: Workbook) -> go.Figure:
    """Each organization's self-assessment on the five AISP components."""
    title = "Capacity by organization"
    rows = _assessed(wb)
    if not rows:
        hint = "Score each organization in the self-assessment table to see them here."
        return st.empty_figure(title, hint)
    return _radar(wb, title, rows)


def capacity_radar_for(wb: Workbook, organization: str) -> go.Figure:
    """The radar chart of one organization, matched by name (case and spaces ignored)."""
    key = " ".join(organization.split()).casefold()
    for number, row in _assessed(wb):
        if " ".join(str(row.get("organization", "")).split()).casefold() == key:
            fig = _radar(wb, f"Capacity: {_organization(row, number)}", [(number, row)])
            return fig.update_layout(showlegend=False, margin_b=40, height=st.HEIGHT)
    hint = "Score this organization in the self-assessment table to see its chart here."
    return st.empty_figure(f"Capacity: {st.text(organization)}", hint)


def _assessed(wb: Workbook) -> list[tuple[int, Row]]:
    """(row number, row) for every organization with at least one score."""
    rows = enumerate(_rows(wb, "capacity", "self_assessment"), start=1)
    return [(n, row) for n, row in rows if any(_scored(row, c) for c in COMPONENTS)]


def _radar(wb: Workbook, title: str, rows: list[tuple[int, Row]]) -> go.Figure:
    """A missing score is a gap in the outline, not a 0: a 0 would read as the worst
    score, and the organization has said nothing yet. An outline with a gap is not filled,
    since plotly would fill each broken piece on its own."""
    table = wb.guidebook.step("capacity").field("self_assessment")
    theta = [table.column(c).label for c in COMPONENTS]
    fig = go.Figure(layout=_radar_layout(title))
    for number, row in rows:
        scores = [row.get(c) if _scored(row, c) else None for c in COMPONENTS]
        colour = st.colour(number - 1)  # by row, so one organization looks the same alone
        fig.add_trace(
            go.Scatterpolar(
                name=_organization(row, number),
                r=[*scores, scores[0]],  # repeat the first point to close the outline
                theta=[*theta, theta[0]],
                mode="lines+markers",
                fill="none" if None in scores else "toself",
                fillcolor=st.rgba(colour, 0.12),
                line={"color": colour, "width": 2},
                marker={"size": 6},
                hovertemplate="%{fullData.name}<br>%{theta}: %{r} of 5<extra></extra>",
            )
        )
    if any(None in trace.r for trace in fig.data):
        st.add_note(fig, "A gap in an outline marks a part the organization has not scored.")
    return _describe_radar(fig, title, theta, rows)


def _describe_radar(fig: go.Figure, title: str, theta: list[str], rows: list) -> go.Figure:
    """The summary names the part with the lowest average score: the one to work on."""
    scores = {c: [r[c] for _, r in rows if _scored(r, c)] for c in COMPONENTS}
    means = {label: sum(v) / len(v) for label, v in zip(theta, scores.values(), strict=True) if v}
    low = min(means, key=means.get)
    who = plural(len(rows), "organization") if len(rows) > 1 else "The organization"
    summary = (
        f"{plain(title)}: {who} scored five parts of capacity from 1 to 5; the lowest "
        f"{'average ' if len(rows) > 1 else ''}is {low} ({means[low]:.1f} of 5)"
    )
    table = [
        [
            plain(_organization(r, n)),
            *(r.get(c) if _scored(r, c) else "not scored" for c in COMPONENTS),
        ]
        for n, r in rows
    ]
    return describe(fig, summary, ["Organization", *theta], table)


def _radar_layout(title: str) -> dict[str, Any]:
    polar = {
        "bgcolor": "white",
        "radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5], "gridcolor": st.GRID},
        "angularaxis": {"direction": "clockwise", "rotation": 90, "gridcolor": st.GRID},
    }
    legend = {"orientation": "h", "x": 0, "y": -0.12, "xanchor": "left", "yanchor": "top"}
    margin = {"l": 40, "r": 40, "t": 76, "b": 100}
    return st.layout(title, polar=polar, legend=legend, margin=margin, height=480)


# -- barriers ----------------------------------------------------------------------------
def barrier_frequency(wb: Workbook) -> go.Figure:
    """How many organizations name each barrier, most-named first."""
    title = "Barriers named by organizations"
    counts = _barrier_counts(wb)
    if not counts:
        hint = "Add what stands in each organization's way in the self-assessment table."
        return st.empty_figure(title, hint)
    sizes = [len(orgs) for _, orgs in counts]
    bar = go.Bar(
        orientation="h",
        x=sizes,
        y=[label for label, _ in counts],
        marker={"color": st.colour(0)},
        text=sizes,
        textposition="outside",
        customdata=["<br>".join(orgs) for _, orgs in counts],
        hovertemplate="<b>%{y}</b><br>Named by:<br>%{customdata}<extra></extra>",
    )
    # Whole-number ticks: a count of organizations has no halves.
    x_axis = st.axis("Organizations naming it", dtick=max(1, math.ceil(max(sizes) / 10)))
    fig = go.Figure(
        bar,
        layout=st.layout(
            title,
            height=max(300, 110 + 34 * len(counts)),
            showlegend=False,
            xaxis=x_axis | {"range": [0, max(sizes) + 0.6]},
            yaxis=st.axis("", autorange="reversed", showgrid=False),  # first bar on top
        ),
    )
    top, orgs = counts[0]
    summary = (
        f"{title}: the barrier named most is {plain(top)}, by {plural(len(orgs), 'organization')}, "
        f"of {plural(len(counts), 'barrier')} named"
    )
    rows = [[plain(label), len(named), plain("; ".join(named))] for label, named in counts]
    return describe(fig, summary, ["Barrier", "Organizations naming it", "Which"], rows)


def _barrier_counts(wb: Workbook) -> list[tuple[str, list[str]]]:
    """(label, organizations naming it), most-named first, then catalog order, then A-Z.

    A free-text barrier is counted as typed, with case and spacing ignored; its label is
    the first spelling met."""
    column = _column(wb, "capacity.self_assessment.barriers")
    rank = {option.id: n for n, option in enumerate(column.options)}
    labels: dict[str, str] = {}
    named: dict[str, list[str]] = defaultdict(list)
    for number, row in enumerate(_rows(wb, "capacity", "self_assessment"), start=1):
        keys = []
        for entry in row.get("barriers", []):
            key = entry if entry in rank else " ".join(entry.split()).casefold()
            labels.setdefault(key, st.text(column.option_label(entry), 40))
            keys.append(key)
        for key in dict.fromkeys(keys):  # once per organization
            named[key].append(_organization(row, number))

    def order(key: str) -> tuple[int, int, str]:
        return (-len(named[key]), rank.get(key, len(rank)), key)

    return [(labels[key], named[key]) for key in sorted(named, key=order)]


# -- risks -------------------------------------------------------------------------------
def risk_matrix(wb: Workbook) -> go.Figure:
    """Risks as numbered markers over a likelihood x impact heat map."""
    title = "Risks by likelihood and impact"
    rows = _rows(wb, "value", "risks")
    numbered = [(n, r) for n, r in enumerate(rows, 1) if _scored(r, "likelihood", "impact")]
    if not numbered:
        hint = "Score each risk's likelihood and impact from 1 to 5 to see it here."
        return st.empty_figure(title, hint if rows else _ADD.format("risks in the risk register"))
    fig = go.Figure(
        [st.risk_heatmap(), _risk_markers(numbered)],
        layout=st.layout(
            title,
            xaxis=st.scale_axis("Likelihood (1 rare, 5 almost certain)"),
            yaxis=st.scale_axis("Impact (1 minor, 5 severe)"),
            showlegend=False,
            height=500,  # cells tall enough for two rows of markers
        ),
    )
    if len(rows) > len(numbered):
        st.add_note(fig, st.left_out(len(rows) - len(numbered), "risk"))
    return _describe_risks(fig, numbered)


def _band(score: int) -> str:
    return next(name for low, high, _, name in st.RISK_BANDS if low <= score <= high)


def _describe_risks(fig: go.Figure, numbered: list[tuple[int, Row]]) -> go.Figure:
    scores = {n: r["likelihood"] * r["impact"] for n, r in numbered}
    worst = max(scores, key=scores.get)
    high = sum(score >= 10 for score in scores.values())
    summary = (
        f"Risks by likelihood and impact: {plural(len(numbered), 'risk')} scored, {high} high "
        f"or very high (score 10 or more); the highest is risk {worst} (score {scores[worst]})"
    )
    headers = ["Number", "Risk", "Likelihood", "Impact", "Score", "Band", "Mitigation", "Owner"]
    table = [
        [
            n,
            r.get("risk"),
            r["likelihood"],
            r["impact"],
            scores[n],
            _band(scores[n]),
            r.get("mitigation"),
            r.get("owner"),
        ]
        for n, r in numbered
    ]
    return describe(fig, summary, headers, table)


def _risk_markers(numbered: list[tuple[int, Row]]) -> go.Scatter:
    """White numbered discs (readable on every cell colour); the number is the row's."""
    positions = st.spread([(r["likelihood"], r["impact"]) for _, r in numbered], 3, (0.28, 0.3))
    return go.Scatter(
        name="Risks",
        x=[x for x, _ in positions],
        y=[y for _, y in positions],
        mode="markers+text",
        text=[str(number) for number, _ in numbered],
        textfont={"size": 12, "color": st.INK},
        marker={"size": 22, "color": "white", "line": {"color": st.INK, "width": 1.5}},
        customdata=[_risk_hover(number, row) for number, row in numbered],
        hovertemplate="%{customdata}<extra></extra>",
    )


def _risk_hover(number: int, row: Row) -> str:
    likelihood, impact = row["likelihood"], row["impact"]
    return (
        f"<b>{number}. {st.text(row.get('risk'), 50) or 'Risk not described'}</b>"
        f"<br>Likelihood {likelihood}, impact {impact} (score {likelihood * impact})"
        f"<br>Mitigation: {st.text(row.get('mitigation'), 50) or 'none yet'}"
        f"<br>Owner: {st.text(row.get('owner')) or 'not named'}"
    )
