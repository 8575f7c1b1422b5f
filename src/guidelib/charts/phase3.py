"""Phase 3 charts: metrics against their targets, feedback rounds converging on the team's
line for "minimal", and readiness to scale up (a table, in `_readiness.py`), each
`Workbook -> go.Figure`.

The numbers come from `guidelib.impact`, so a chart, a check and a report never disagree.
All user text goes through `st.text` (escaped, wrapped), as in Phases 1 and 2.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..impact import (
    MetricStatus,
    Readings,
    Round,
    metric_status,
    minimal_status,
    readings_by_metric,
    rounds,
)
from ..workbook import Workbook
from . import _style as st
from ._readiness import readiness_chart
from .accessible import describe, plural

__all__ = ["convergence_chart", "metrics_chart", "readiness_chart"]

#: Colour, marker and word per metric state: colour never carries the state alone.
STATES = {
    "met": ("#009E73", "circle", "Met"),
    "on track": ("#0072B2", "circle", "On track"),
    "off track": ("#D55E00", "diamond", "⚠ Off track"),
}
NO_TARGET = ("#57606a", "circle", "Baseline or target not set")
TARGET = {"color": st.INK, "width": 1.5, "dash": "dash"}
BASELINE = {"color": st.MUTED, "width": 1, "dash": "dot"}
PANEL, GAP = 170, 96  # px: a metric's plot, and the room above it for its title and dates
DATE_HOVER = "%{x|%-d %b %Y}"


def _number(value: float) -> str:
    """93.0 -> '93', 88.4 -> '88.4'."""
    return f"{value:g}"


# -- metrics ---------------------------------------------------------------------------------
def metrics_chart(wb: Workbook) -> go.Figure:
    """One small panel per metric with readings: its dated readings as a line, its target
    dashed and its baseline dotted. Panels, not one shared axis: metrics differ in scale
    (a rate near 90 and a share near 25 would flatten each other), and each panel keeps
    the real values people know; the panel title gives the progress toward the target."""
    title = "Metrics against their targets"
    statuses = metric_status(wb)
    if not statuses:
        return st.empty_figure(title, "Add metrics with a baseline and a target to track them.")
    shown = [s for s in statuses if s.readings]
    if not shown:
        return st.empty_figure(title, "Add readings for your metrics to see them here.")
    fig = _panels(title, shown)
    dated, seen = readings_by_metric(wb), set()
    for index, status in enumerate(shown):
        cell = {"row": index // 2 + 1, "col": index % 2 + 1} if len(shown) > 1 else {}
        trace = _readings_trace(status, dated[status.metric])
        fig.add_trace(trace.update(showlegend=status.state not in seen), **cell)
        seen.add(status.state)
        _reference_lines(fig, status, cell)
        fig.update_yaxes(range=_y_range(status, dated[status.metric]), **cell)
    fig.update_xaxes(range=_date_range(dated[s.metric] for s in shown))
    waiting = [st.text(s.metric) for s in statuses if not s.readings]
    if waiting:
        st.add_note(fig, f"No readings yet: {'; '.join(waiting)}.")
    return _describe_metrics(fig, statuses, dated)


def _describe_metrics(fig: go.Figure, statuses: list[MetricStatus], dated: dict) -> go.Figure:
    """One row per reading, each with its metric's baseline, target and state in words."""
    states = [s.state for s in statuses]
    counts = ", ".join(
        f"{states.count(state)} {word.lstrip('⚠ ').lower()}"
        for state, (_, _, word) in STATES.items()
    )
    summary = f"Metrics against their targets: of {plural(len(statuses), 'metric')}, {counts}"
    rows = [
        [
            s.metric,
            day.isoformat(),
            value,
            s.baseline,
            s.target,
            STATES.get(s.state, NO_TARGET)[2] if s.state in STATES else s.note or s.state,
        ]
        for s in statuses
        for day, value in dated.get(s.metric, [])
    ]
    headers = ["Metric", "Date", "Reading", "Baseline", "Target", "State"]
    return describe(fig, summary, headers, rows)


def _panels(title: str, shown: list[MetricStatus]) -> go.Figure:
    """A grid two panels wide (one for a single metric), each with its own y axis and a
    shared date range, and each panel's title left-aligned above it."""
    cols = 1 if len(shown) == 1 else 2
    rows = math.ceil(len(shown) / cols)
    plot = rows * PANEL + (rows - 1) * GAP
    specs = [[{} for _ in range(cols)] for _ in range(rows)]
    if len(shown) % cols:
        specs[-1][-1] = None  # an odd count leaves the last cell empty, with no axes
    fig = make_subplots(
        rows=rows,
        cols=cols,
        specs=specs,
        subplot_titles=[_panel_title(s) for s in shown],
        vertical_spacing=GAP / plot if rows > 1 else 0,
        horizontal_spacing=0.1,
    )
    for index, heading in enumerate(fig.layout.annotations):
        panel = fig.get_subplot(index // cols + 1, index % cols + 1)
        heading.update(x=panel.xaxis.domain[0], xanchor="left", align="left", font={"size": 14})
    legend = {"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"}
    fig.update_layout(
        st.layout(title, height=plot + 190, legend=legend, showlegend=True),
        margin={"l": 50, "r": 30, "t": 112, "b": 70},
    )
    # Pinned to the top: plotly would centre the title in the tall top margin.
    fig.update_layout(title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 16}})
    fig.update_xaxes(type="date", matches="x", nticks=5, gridcolor=st.GRID, linecolor=st.MUTED)
    fig.update_yaxes(gridcolor=st.GRID, linecolor=st.MUTED, zeroline=False, nticks=5)
    return fig


def _panel_title(status: MetricStatus) -> str:
    """The metric's name on up to two lines, then its state in words."""
    _, _, word = STATES.get(status.state, NO_TARGET)
    if status.state == "on track" and status.progress is not None:
        word += f": {status.progress:.0%} of the way to {_number(status.target or 0)}"
    elif status.state == "met":
        word += f": target {_number(status.target or 0)} reached"
    elif status.state == "off track":
        word += ": not moving toward the target"
    state = f'<span style="color:{st.MUTED}">{word}</span>'
    return f"<b>{st.text(status.metric, 48, 2)}</b><br>{state}"


def _readings_trace(status: MetricStatus, readings: Readings) -> go.Scatter:
    colour, symbol, word = STATES.get(status.state, NO_TARGET)
    return go.Scatter(
        x=[day.isoformat() for day, _ in readings],
        y=[value for _, value in readings],
        name=f"Readings: {word.lstrip('⚠ ').lower()}",
        legendgroup=status.state,
        mode="lines+markers",
        line={"color": colour, "width": 2.5},
        marker={"color": colour, "symbol": symbol, "size": 9},
        hovertemplate=f"{DATE_HOVER}<br><b>%{{y}}</b><extra></extra>",
    )


def _reference_lines(fig: go.Figure, status: MetricStatus, cell: dict[str, int]) -> None:
    """The target dashed and the baseline dotted across the panel, each labelled on the
    side away from the other so the labels stay clear of the readings between them."""
    if status.target is None or status.baseline is None:
        return
    up = status.target >= status.baseline
    for name, value, line, outward in (
        ("target", status.target, TARGET, up),
        ("baseline", status.baseline, BASELINE, not up),
    ):
        label = {
            "text": f"{name.capitalize()} {_number(value)}",
            "textposition": "end",
            "yanchor": "bottom" if outward else "top",
            "font": {"size": 11, "color": st.MUTED},
        }
        fig.add_hline(y=value, line=line, label=label, name=name, **cell)


def _date_range(series: Iterable[Readings]) -> list[str]:
    """Every panel's dates, with room past the last reading for the lines' labels, so a
    label never sits on the latest point."""
    days = [day for readings in series for day, _ in readings]
    first, last = min(days), max(days)
    span = max((last - first).days, 30)
    before, after = dt.timedelta(days=span * 0.04), dt.timedelta(days=span * 0.3)
    return [(first - before).isoformat(), (last + after).isoformat()]


def _y_range(status: MetricStatus, readings: Readings) -> list[float]:
    """Room for every reading, the baseline and the target, plus a margin for labels."""
    values = [value for _, value in readings]
    values += [v for v in (status.baseline, status.target) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.2 or abs(high) * 0.1 or 1
    return [low - pad, high + pad]


# -- feedback rounds -----------------------------------------------------------------------------
AT_OR_UNDER = ("At or under the line", "#009E73", "circle")
ABOVE = ("Above the line", "#D55E00", "diamond")
ITEMS_BAR = "#A6D5F2"  # a pale blue: the bars sit behind the line that the rule reads
LOAD_LINE = "#0072B2"


def convergence_chart(wb: Workbook) -> go.Figure:
    """Per round: the new items as bars and their severity points as a line, the team's
    line for "minimal" dashed across, and the latest rounds in a row at or under it
    shaded: those are the rounds that count toward "feedback has become minimal"."""
    title = "Feedback by round"
    logged = rounds(wb)
    if not logged:
        return st.empty_figure(title, "Add feedback items with a round number to compare rounds.")
    status = minimal_status(wb)
    fig = go.Figure(layout=_rounds_layout(title, logged, status.threshold))
    fig.add_trace(_items_bars(wb, logged))
    fig.add_trace(_load_line(logged, status.threshold))
    if status.threshold is None or status.rounds_in_a_row is None:
        where = wb.guidebook.step("until-minimal").number
        st.add_note(fig, f"Set the line in step {where} to see which rounds count as minimal.")
        return _describe_rounds(fig, logged, status)
    for look in (AT_OR_UNDER, ABOVE):
        fig.add_trace(_round_markers(logged, status.threshold, look))
    _threshold_line(fig, status.threshold)
    if status.streak:
        _streak_band(fig, status.streak, status.rounds_in_a_row, status.since_round)
    st.add_note(fig, status.summary)
    return _describe_rounds(fig, logged, status)


def _describe_rounds(fig: go.Figure, logged: list[Round], status: Any) -> go.Figure:
    last, line = logged[-1], status.threshold
    side = ""
    if line is not None:
        side = f", {'at or under' if last.load <= line else 'above'} the line of {line}"
    verdict = "; feedback has become minimal" if status.reached else ""
    summary = (
        f"Feedback by round: {plural(len(logged), 'round')}; the latest, round {last.number}, "
        f"had {plural(last.items, 'new item')} and {last.load} severity points{side}{verdict}"
    )
    headers = ["Round", "Date", "New items", "Severity points", "Reported back", "Led to a change"]
    if line is not None:
        headers.append(f"At or under the line ({line})")
    rows = [
        [
            r.number,
            r.date.isoformat() if r.date else None,
            r.items,
            r.load,
            r.reported_back,
            r.changes,
            *([r.load <= line] if line is not None else []),
        ]
        for r in logged
    ]
    return describe(fig, summary, headers, rows)


def _round_tick(item: Round) -> str:
    """'Round 1', its date and its number of items: the bars' values, kept off the plot
    where they would collide with the line's labels."""
    when = f"{item.date.day} {item.date:%b %Y}" if item.date else "no date" if item.items else "—"
    count = f"{item.items} item{'' if item.items == 1 else 's'}" if item.items else "no items"
    grey = f"<span style='color:{st.MUTED}'>{when}<br>{count}</span>"
    return f"Round {item.number}<br>{grey}"


def _round_hover(wb: Workbook, item: Round) -> str:
    """Everything the log says about a round, for the bar's hover box."""
    if not item.items:
        return f"<b>Round {item.number}</b><br>No items logged"
    column = wb.guidebook.step("iterate").field("feedback_items").column("category")
    kinds = ", ".join(
        f"{st.text(column.option_label(c))} {n}" for c, n in sorted(item.categories.items())
    )
    return "<br>".join(
        [
            f"<b>Round {item.number}</b>",
            f"{item.items} item{'' if item.items == 1 else 's'}, {item.load} severity points",
            f"{item.reported_back} of {item.items} reported back",
            f"{item.changes} led to a change",
            *([f"Categories: {kinds}"] if kinds else []),
        ]
    )


def _items_bars(wb: Workbook, logged: list[Round]) -> go.Bar:
    return go.Bar(
        name="New items",
        x=[r.number for r in logged],
        y=[r.items for r in logged],
        marker={"color": ITEMS_BAR, "line": {"color": LOAD_LINE, "width": 1}},
        customdata=[_round_hover(wb, r) for r in logged],
        hovertemplate="%{customdata}<extra></extra>",
        width=0.5,
    )


def _load_line(logged: list[Round], threshold: int | None) -> go.Scatter:
    """The severity points per round, labelled; when a line is set, the marker traces
    below carry the points and labels instead, coloured by their side of the line."""
    plain = threshold is None
    return go.Scatter(
        name="Severity points",
        x=[r.number for r in logged],
        y=[r.load for r in logged],
        mode="lines+markers+text" if plain else "lines",
        line={"color": LOAD_LINE, "width": 2.5},
        marker={"color": LOAD_LINE, "size": 10},
        text=[str(r.load) for r in logged] if plain else None,
        textposition="top center",
        hovertemplate="Round %{x}: %{y} severity points<extra></extra>",
    )


def _round_markers(logged: list[Round], threshold: int, look: tuple) -> go.Scatter:
    name, colour, symbol = look
    under = look is AT_OR_UNDER
    picked = [r for r in logged if (r.load <= threshold) is under]
    return go.Scatter(
        name=name,
        x=[r.number for r in picked],
        y=[r.load for r in picked],
        mode="markers+text",
        marker={"color": colour, "symbol": symbol, "size": 12, "line": {"color": "white"}},
        text=[str(r.load) for r in picked],
        textposition="top center",
        textfont={"color": st.INK},
        hoverinfo="skip",
        showlegend=bool(picked),
    )


def _threshold_line(fig: go.Figure, threshold: int) -> None:
    label = {
        "text": f"Line for minimal: {threshold} point{'' if threshold == 1 else 's'}",
        "textposition": "start",
        "yanchor": "bottom",
        "font": {"size": 12, "color": st.INK},
    }
    fig.add_hline(y=threshold, name="threshold", line=TARGET, label=label, layer="below")


def _streak_band(fig: go.Figure, streak: tuple[int, ...], needed: int, since: int | None) -> None:
    """Shade the latest rounds in a row at or under the line, with how far they go."""
    counted = f"Counts toward minimal: {len(streak)} of {needed} in a row"
    text = f"Minimal since round {since}" if since else counted
    fig.add_vrect(
        x0=streak[0] - 0.45,
        x1=streak[-1] + 0.45,
        name="streak",
        fillcolor=st.rgba("#009E73", 0.12),
        line={"width": 0},
        layer="below",
        label={"text": text, "textposition": "top center", "font": {"size": 12}},
    )


def _rounds_layout(title: str, logged: list[Round], threshold: int | None) -> dict[str, Any]:
    """Round numbers as the x axis, labelled with each round's date; one y axis for both
    counts, since items and points are both small whole numbers read off the same grid."""
    top = max([r.load for r in logged] + [r.items for r in logged] + [threshold or 0])
    xaxis = st.axis(
        "",
        tickvals=[r.number for r in logged],
        ticktext=[_round_tick(r) for r in logged],
        range=[logged[0].number - 0.6, logged[-1].number + 0.6],
        showgrid=False,
    )
    legend = {"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"}
    return st.layout(
        title,
        height=st.HEIGHT + 20,  # a third line under each round
        xaxis=xaxis,
        yaxis=st.axis("Items and severity points", range=[0, top * 1.2 + 1], rangemode="tozero"),
        legend=legend,
        margin={"l": 60, "r": 20, "t": 56, "b": 120},
        bargap=0.4,
    )
