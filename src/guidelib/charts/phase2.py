"""Phase 2 charts: who does what for each decision, the feedback loop, and the launch
timeline with the reviews ahead, each `Workbook -> go.Figure`.

All user text goes through `st.text` (escaped, wrapped), as in Phase 1.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import plotly.graph_objects as go

from ..content import Field
from ..governance_rules import raci_problem
from ..reviews import ReviewEvent, parse_date, review_calendar
from ..workbook import Workbook
from . import _style as st
from .accessible import describe, plain, plural

Row = dict[str, Any]
Members = list[tuple[str, bool]]  # (name, listed in step 1.5)
WARN = "⚠"
# Okabe-Ito hues, and lightness falls as the role weighs more (the final call darkest,
# "told after" palest), so roles also part in greyscale; every cell shows its letter too.
RACI_COLOURS = {"r": "#E69F00", "a": "#0072B2", "c": "#A6D5F2", "i": "#F0E442"}
CELLS = {  # gaps that show the grid, the letter in each cell, who/what/role on hover
    "showscale": False,
    "xgap": 3,
    "ygap": 3,
    "texttemplate": "<b>%{text}</b>",
    "textfont": {"size": 14},
    "hovertemplate": "<b>%{x}</b><br>%{y}<br>%{customdata}<extra></extra>",
}
UNDECIDED = "Not yet decided"
DATE_HOVER = "%{x|%a %-d %b %Y}"  # plotly formats the date itself: less JSON per point


# -- RACI -----------------------------------------------------------------------------------
def raci_heatmap(wb: Workbook) -> go.Figure:
    """Decisions (rows) by coalition members (columns), each cell's role as colour and letter;
    a decision that breaks the RACI rule is marked on its row label."""
    title = "Who does what for each decision"
    matrix = wb.get("governance", "raci", {})
    members = _raci_members(wb, matrix)
    if not members:
        return st.empty_figure(title, "Add coalition members in step 1.5 to give them roles.")
    if not matrix:
        return st.empty_figure(title, "Add roles to the matrix to see who does what here.")
    field = wb.guidebook.step("governance").field("raci")
    grid = _raci_grid(field, matrix, members)
    legend = st.swatches([(o.label, RACI_COLOURS.get(o.id, st.MUTED)) for o in field.options])
    fig = go.Figure([grid, *legend], layout=_raci_layout(title, members))
    flagged = sum(label.startswith(WARN) for label in grid.y)
    if flagged:
        rule = "need exactly one A and at least one R."
        st.add_note(fig, f"{WARN} {flagged} of {len(grid.y)} decisions {rule}")
    return _describe_raci(fig, field, matrix, members, flagged)


def _describe_raci(fig: go.Figure, field: Field, matrix: dict, members: Members, flagged: int):
    names = [name for name, _ in members]
    finding = (
        f"{flagged} of {len(field.rows)} decisions need exactly one person who makes the final "
        "call (A) and at least one who does the work (R)"
        if flagged
        else "every decision has exactly one person who makes the final call"
    )
    summary = (
        f"Who does what for each decision: {plural(len(field.rows), 'decision')} by "
        f"{plural(len(names), 'member')}; {finding}"
    )
    rows = []
    for decision in field.rows:
        cells, problem = matrix.get(decision.id, {}), raci_problem(matrix.get(decision.id, {}))
        roles = [field.option_label(cells[n]) if cells.get(n) else "" for n in names]
        rows.append([decision.label, *roles, f"{WARN} {problem}" if problem else "Fine"])
    return describe(fig, summary, ["Decision", *names, "Check"], rows)


def _raci_members(wb: Workbook, matrix: dict[str, dict[str, str]]) -> Members:
    """The coalition in its order, then names only the matrix holds (a member removed
    since), so that no role set in the matrix is hidden."""
    listed = wb.column_values("coalition.members.stakeholder")
    extra = [name for cells in matrix.values() for name in cells if name not in listed]
    return [(name, True) for name in listed] + [(name, False) for name in dict.fromkeys(extra)]


def _raci_grid(field: Field, matrix: dict, members: Members) -> go.Heatmap:
    """z is 0 for a blank cell, else the role's place in the catalog plus one."""
    roles = [option.id for option in field.options]
    y, z, text, hover = [], [], [], []
    for decision in field.rows:
        cells = matrix.get(decision.id, {})
        problem = raci_problem(cells)
        row = [cells.get(name, "") for name, _ in members]
        # Two short lines leave the members' columns the width their names need.
        y.append(st.text(f"{WARN} {decision.label}" if problem else decision.label, 20))
        z.append([roles.index(role) + 1 if role in roles else 0 for role in row])
        text.append([role.upper() for role in row])
        why = f"<br>{WARN} This decision {problem}." if problem else ""
        hover.append([(field.option_label(role) if role else "No role") + why for role in row])
    colours = ["white", *(RACI_COLOURS.get(role, st.MUTED) for role in roles)]
    x = [st.text(name) for name, _ in members]
    scale = {"colorscale": st.stepped_scale(colours), "zmin": 0, "zmax": len(roles)}
    return go.Heatmap(x=x, y=y, z=z, text=text, customdata=hover, **scale, **CELLS)


def _wrap_name(name: str) -> str:
    """A name on lines of about 10 characters; a longer word keeps its own line whole."""
    return st.text(name, max([10, *map(len, name.split())]))


def _raci_layout(title: str, members: Members) -> dict[str, Any]:
    """Names wrapped narrow above the grid, so nine members fit side by side in a
    notebook's ~880 px; the top margin grows with the tallest name."""
    gone = "<br><i>(no longer<br>listed)</i>"
    ticks = [_wrap_name(name) + ("" if ok else gone) for name, ok in members]
    top = 52 + 15 * max(tick.count("<br>") + 1 for tick in ticks)
    x_axis = {"side": "top", "tickangle": 0, "tickfont": {"size": 11}, "ticktext": ticks}
    legend = {"orientation": "h", "x": 0, "y": -0.03, "yanchor": "top", "itemclick": False}
    layout = st.layout(
        title,
        height=top + 400,  # seven decisions (one catalog) and the legend
        plot_bgcolor=st.GRID,  # shows through the gaps as the lines between cells
        xaxis=st.axis("", showgrid=False, tickvals=[st.text(n) for n, _ in members], **x_axis),
        yaxis=st.axis("", autorange="reversed", showgrid=False),  # catalog order, top down
        legend={**legend, "itemdoubleclick": False},
        margin={"l": 20, "r": 20, "t": top, "b": 30},
    )
    # Pinned to the top: plotly would centre the title in the tall margin.
    layout["title"] |= {"yref": "container", "y": 1, "yanchor": "top", "pad": {"l": 16, "t": 16}}
    return layout


# -- feedback loop ------------------------------------------------------------------------------
#: The five parts clockwise from the top, at these angles on an ellipse of radius 1 that
#: the axis ranges stretch to about 300 x 200 px.
LOOP_ANGLES = (90, 18, -54, -126, 162)
LOOP_HEADINGS = (
    "1. People give feedback",
    "2. Collected by",
    "3. Reviewed by",
    "4. The framework changes when",
    "5. Reported back",
)
BOX_CHARS = 32  # characters per line that fit in a 230 px box at 12 px
BACK = {"showarrow": False, "font": st.NOTE_FONT}
BOX = {"showarrow": False, "align": "left", "width": 230, "borderpad": 8}
RING = {"color": st.GRID, "width": 3, "shape": "spline"}
ARROW = {
    "showarrow": True,
    "axref": "x",
    "ayref": "y",
    "text": "",
    "arrowhead": 2,
    "arrowsize": 1.2,
}


def feedback_loop_diagram(wb: Workbook) -> go.Figure:
    """The loop as five boxes around a ring: feedback comes in, is collected, reviewed,
    changes the framework, and is reported back. A part not yet decided is a grey box."""
    title = "How feedback changes the framework"
    parts = _loop_parts(wb)
    if all(body is None for body, _ in parts):
        return st.empty_figure(title, "Add the feedback channels and who reviews them.")
    around = [math.radians(a) for a in range(0, 361, 10)]
    xs, ys = [round(math.cos(a), 3) for a in around], [round(math.sin(a), 3) for a in around]
    ring = go.Scatter(x=xs, y=ys, mode="lines", line=RING, hoverinfo="skip")
    fig = go.Figure(ring, layout=_loop_layout(title))
    for index, (angle, (body, hover)) in enumerate(zip(LOOP_ANGLES, parts, strict=True)):
        _loop_arrow(fig, angle - 36)
        _loop_box(fig, index, body, hover)
    _loop_labels(fig, wb)
    gaps = sum(body is None for body, _ in parts)
    if gaps:
        st.add_note(fig, f"{gaps} of 5 parts are not yet decided (the grey boxes).")
    summary = f"{title}: a loop of five parts, from the people who give feedback back to them; " + (
        f"{gaps} of 5 parts are not yet decided" if gaps else "all five parts are decided"
    )
    rows = [
        [heading, plain(hover) if body is not None else UNDECIDED]
        for heading, (body, hover) in zip(LOOP_HEADINGS, parts, strict=True)
    ]
    return describe(fig, summary, ["Part", "What the workbook says"], rows)


def _loop_parts(wb: Workbook) -> list[tuple[str | None, str]]:
    """(box text or None when not decided, full text for hover) for each part."""
    loop = wb.answers("feedback-loop")
    field = wb.guidebook.step("feedback-loop").field("channels")
    channels = [field.option_label(c) for c in loop.get("channels", [])]
    bullets = [f"• {st.text(c, BOX_CHARS - 2)}" for c in channels[:6]]
    bullets += [f"and {len(channels) - 6} more"] if len(channels) > 6 else []
    body = st.text(loop.get("reviewed_by"), BOX_CHARS)
    if body:
        body += f"<br><i>{_cadence(wb, loop.get('cadence')) or 'how often: not yet decided'}</i>"
    owner, trigger, back = (loop.get(k) for k in ("owner", "trigger", "close_the_loop"))
    # Three or four lines keep each box clear of its neighbours; the hover has the rest.
    return [
        ("<br>".join(bullets) or None, "<br>".join(map(st.text, channels))),
        (st.text(owner, BOX_CHARS, 3) or None, st.text(owner, 60)),
        (body or None, body),
        (st.text(trigger, BOX_CHARS, 4) or None, st.text(trigger, 60)),
        (st.text(back, BOX_CHARS, 4) or None, st.text(back, 60)),
    ]


def _cadence(wb: Workbook, cadence: Any) -> str:
    """'every month' from the catalog label 'Every month', or '' when not chosen."""
    if not cadence:
        return ""
    label = wb.guidebook.step("feedback-loop").field("cadence").option_label(cadence)
    return st.text(label[:1].lower() + label[1:])


def _loop_box(fig: go.Figure, index: int, body: str | None, hover: str) -> None:
    """Part `index` in its place on the ring: coloured when decided, grey when not."""
    angle, decided = math.radians(LOOP_ANGLES[index]), body is not None
    fig.add_annotation(
        x=round(math.cos(angle), 4),
        y=round(math.sin(angle), 4),
        text=f"<b>{LOOP_HEADINGS[index]}</b><br>" + (body if decided else f"<i>{UNDECIDED}</i>"),
        hovertext=hover or None,
        borderwidth=2 if decided else 1,
        bordercolor=st.colour(index) if decided else st.MUTED,
        bgcolor="white" if decided else "#eaeef2",
        font={"size": 12, "color": st.INK if decided else st.MUTED},
        **BOX,
    )


def _loop_arrow(fig: go.Figure, angle: float) -> None:
    """An arrowhead on the ring at `angle` degrees, pointing clockwise."""
    head, tail = math.radians(angle - 6), math.radians(angle + 6)
    x, y = round(math.cos(head), 4), round(math.sin(head), 4)
    ax, ay = round(math.cos(tail), 4), round(math.sin(tail), 4)
    fig.add_annotation(x=x, y=y, ax=ax, ay=ay, arrowwidth=3, arrowcolor=st.MUTED, **ARROW)


def _loop_labels(fig: go.Figure, wb: Workbook) -> None:
    """The loop's name and pace in the middle, and where it returns to."""
    cadence = _cadence(wb, wb.get("feedback-loop", "cadence"))
    middle = "<b>Feedback loop</b>" + (f"<br>reviewed {cadence}" if cadence else "")
    fig.add_annotation(text=middle, x=0, y=0, showarrow=False, font={"color": st.MUTED})
    back = math.radians(126)  # beside the arrow from part 5 to part 1
    x, y = math.cos(back) - 0.06, math.sin(back) + 0.04
    label = "<i>back to the people<br>who gave feedback</i>"
    fig.add_annotation(text=label, x=x, y=y, xanchor="right", yanchor="bottom", **BACK)


def _loop_layout(title: str) -> dict[str, Any]:
    hidden = {"visible": False, "fixedrange": True}
    return st.layout(
        title,
        height=600,
        showlegend=False,
        xaxis={**hidden, "range": [-1.45, 1.45]},
        yaxis={**hidden, "range": [-1.25, 1.4]},
        margin={"l": 10, "r": 10, "t": 56, "b": 10},
    )


# -- launch timeline ----------------------------------------------------------------------------
#: Done or not: colour and shape both differ, so a greyscale print still tells them apart.
MILESTONE_LOOK = {True: ("Done", "#009E73", "circle"), False: ("Not done", "#D55E00", "diamond")}
EDGE = {"color": "white", "width": 1}  # keeps markers on the same date apart
Dated = list[tuple[int, Row, dt.date]]  # (row number, row, due date)
HEADING = {"x": 0, "xref": "paper", "yref": "paper", "xanchor": "right", "showarrow": False}


def launch_timeline(wb: Workbook, today: dt.date | None = None) -> go.Figure:
    """Milestones by due date, one row each, and below them the reviews the framework
    implies over the next 12 months; a dotted line marks `today` (default: today)."""
    title = "Launch milestones and the reviews ahead"
    today = today or dt.date.today()
    rows = [row for row in wb.get("launch", "milestones", []) if row]
    dated = [(n, row, due) for n, row in enumerate(rows, 1) if (due := parse_date(row.get("due")))]
    if not dated:
        return st.empty_figure(title, "Add milestones with due dates to see them on the timeline.")
    reviews = [e for e in review_calendar(wb, today) if e.kind != "milestone"]
    labels = list(dict.fromkeys(st.text(e.what, 34) for e in reviews))
    fig = go.Figure(layout=_timeline_layout(title, len(dated), labels))
    for done in (True, False):
        group = [entry for entry in dated if bool(entry[1].get("done")) is done]
        fig.add_trace(_milestone_trace(done, group, today))
    if reviews:
        fig.add_trace(_review_trace(reviews, labels))
    dates = [due for _, _, due in dated] + [e.date for e in reviews]
    if min(dates) <= today <= max(dates):
        st.mark_date(fig, today.isoformat(), "Today")
    missing = len(rows) - len(dated)
    if missing:
        noun = "milestone without a due date is" if missing == 1 else "milestones without one are"
        st.add_note(fig, f"{missing} {noun} not shown.")
    return _describe_timeline(fig, dated, reviews, today)


def _state(row: Row, due: dt.date, today: dt.date) -> str:
    if row.get("done"):
        return "✓ Done"
    return "⚠ Not done, overdue" if due < today else "Not done"


def _describe_timeline(
    fig: go.Figure, dated: Dated, reviews: list[ReviewEvent], today: dt.date
) -> go.Figure:
    states = [_state(row, due, today) for _, row, due in dated]
    done, late = sum("Done" in s for s in states), sum("overdue" in s for s in states)
    summary = (
        f"Launch milestones: {done} of {plural(len(dated), 'milestone')} done, {late} overdue; "
        f"{plural(len(reviews), 'review or key date', 'reviews or key dates')} in the next "
        "12 months"
    )
    rows = [
        [
            "Milestone",
            f"{n}. {row.get('milestone') or 'Milestone not named'}",
            row.get("owner") or "no owner yet",
            due.isoformat(),
            state,
        ]
        for (n, row, due), state in zip(dated, states, strict=True)
    ]
    kinds: dict[tuple[str, str], list[dt.date]] = {}
    for event in reviews:
        kinds.setdefault((event.what, event.who), []).append(event.date)
    rows += [
        ["Review", what, who, min(days).isoformat(), f"{plural(len(days), 'date')} in 12 months"]
        for (what, who), days in kinds.items()
    ]
    return describe(fig, summary, ["Kind", "What", "Who", "Date (next)", "Status"], rows)


def _milestone_trace(done: bool, dated: Dated, today: dt.date) -> go.Scatter:
    name, colour, symbol = MILESTONE_LOOK[done]
    hover = []
    for _, row, due in dated:
        state = "Not done, overdue" if not done and due < today else name
        owner = st.text(row.get("owner")) or "no owner yet"
        hover.append(f"<b>{st.text(row.get('milestone'), 50)}</b><br>Owner: {owner}<br>{state}")
    return go.Scatter(
        name=name,
        x=[due.isoformat() for _, _, due in dated],
        y=[_milestone_label(n, row) for n, row, _ in dated],
        mode="markers",
        marker={"color": colour, "symbol": symbol, "size": 13, "line": EDGE},
        customdata=hover,
        hovertemplate=f"%{{customdata}}<br>Due {DATE_HOVER}<extra></extra>",
    )


def _milestone_label(number: int, row: Row) -> str:
    """Up to two lines of the milestone, numbered so that equal names keep their own rows,
    and the owner in grey."""
    name = st.text(f"{number}. {row.get('milestone') or 'Milestone not named'}", 36, 2)
    owner = st.text(row.get("owner")) or "no owner yet"
    return f'{name}<br><span style="color:{st.MUTED}">{owner}</span>'


def _review_trace(reviews: list[ReviewEvent], labels: list[str]) -> go.Scatter:
    """Tick marks, one row per kind of review. Rows are numbers with the labels as tick
    text: a weekly body gives 52 points, and repeating each label would bloat the JSON."""
    colour = st.colour(0)  # blue: neither milestone colour
    line = {"color": colour, "width": 3}  # a line-ns marker is drawn by its line alone
    return go.Scatter(
        name="Review or key date",
        x=[e.date.isoformat() for e in reviews],
        y=[labels.index(st.text(e.what, 34)) for e in reviews],
        yaxis="y2",
        mode="markers",
        marker={"color": colour, "symbol": "line-ns", "size": 14, "line": line},
        customdata=[st.text(e.who, 50) for e in reviews],
        hovertemplate=f"<b>%{{customdata}}</b><br>{DATE_HOVER}<extra></extra>",
    )


def _timeline_layout(title: str, milestones: int, labels: list[str]) -> dict[str, Any]:
    """Milestones on top (axis y), reviews below (axis y2), one date axis for both; each
    part's height follows its number of rows."""
    top, bottom = 56 * milestones, 30 * len(labels)
    gap = 56 if labels else 0  # room for the reviews' heading
    total = top + bottom + gap
    # The first row on top.
    rows = {"autorange": "reversed", "automargin": True, "showgrid": False, "zeroline": False}
    layout = st.layout(
        title,
        height=150 + total,
        xaxis=st.axis("", type="date", anchor="free", position=0),
        yaxis={"domain": [(bottom + gap) / total, 1], "type": "category", **rows},
        legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"},
        margin={"l": 20, "r": 30, "t": 80, "b": 70},
        annotations=[_heading("Milestones", 1)],
    )
    if labels:
        ticks = {"tickvals": list(range(len(labels))), "ticktext": labels, **rows}
        layout["yaxis2"] = {"domain": [0, bottom / total], **ticks}
        layout["annotations"].append(_heading("Reviews in the next 12 months", bottom / total))
    return layout


def _heading(text: str, y: float) -> dict[str, Any]:
    """A part's heading, above its rows and right-aligned with their labels."""
    return {"text": f"<b>{text}</b>", "y": y, "yanchor": "bottom", "yshift": 6, **HEADING}
