"""A workshop cohort as a chart: which team has reached which step."""

from __future__ import annotations

import plotly.graph_objects as go

from ..cohort import STATUS_CODES, Cohort
from ._style import MUTED, axis, empty_figure, layout, stepped_scale, text
from .accessible import describe, plural

# Not started, in progress, complete: light to dark in one hue (the forms' blue), so the
# order reads with any colour-vision deficiency and in greyscale; a mark in each cell is
# a second cue beside colour.
STATUS_COLOURS = ("#eaeef2", "#8cbfe6", "#0b5394")
STATUS_MARKS = ("", "…", "✓")
STATUS_WORDS = tuple(word.capitalize() for word in STATUS_CODES)
ROW_HEIGHT = 26


def progress_heatmap(cohort: Cohort) -> go.Figure:
    """Rows are teams, columns the guidebook's steps ("1.1", ...); a cell's colour is the
    step's status in that team's workbook, with the step's title in the hover text."""
    title = "Progress by team and step"
    if not cohort.teams:
        return empty_figure(title, "No team workbooks yet.")
    steps = cohort.steps
    z = [[STATUS_CODES[s] for s in team.statuses] for team in cohort.teams]
    names = [text(team.name, 34, 1) for team in cohort.teams]
    titles = [text(step.title, 48) for step in steps]
    hover = [
        [(names[row], title, STATUS_WORDS[code]) for title, code in zip(titles, codes, strict=True)]
        for row, codes in enumerate(z)
    ]
    last = len(STATUS_COLOURS) - 1
    band = last / len(STATUS_COLOURS)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[s.number for s in steps],
            y=list(range(len(cohort.teams))),
            zmin=0,
            zmax=last,
            colorscale=stepped_scale(list(STATUS_COLOURS)),
            xgap=2,
            ygap=2,
            text=[[STATUS_MARKS[c] for c in codes] for codes in z],
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate=(
                "%{customdata[0]}<br>Step %{x}: %{customdata[1]}<br>"
                "<b>%{customdata[2]}</b><extra></extra>"
            ),
            colorbar={
                "tickvals": [band * (i + 0.5) for i in range(len(STATUS_COLOURS))],
                "ticktext": list(STATUS_WORDS),
                "thickness": 14,
                "len": min(1.0, 150 / (ROW_HEIGHT * len(z) + 40)),
                "lenmode": "fraction",
                "y": 1,
                "yanchor": "top",
                "outlinecolor": MUTED,
                "outlinewidth": 1,
            },
        )
    )
    # phase boundaries: a line between the last step of one phase and the next
    edge = 0
    for phase in cohort.guidebook.phases[:-1]:
        edge += len(phase.steps)
        fig.add_vline(x=edge - 0.5, line={"color": MUTED, "width": 1.5})
    fig.update_layout(
        **layout(
            title,
            height=max(220, 130 + ROW_HEIGHT * len(z)),
            margin={"l": 20, "r": 20, "t": 56, "b": 50},
        ),
        xaxis=axis("Step (phase.step)", type="category", showgrid=False, side="bottom"),
        yaxis=axis(
            "",
            tickvals=list(range(len(z))),
            ticktext=names,
            autorange="reversed",
            showgrid=False,
        ),
    )
    done = [codes.count(len(STATUS_COLOURS) - 1) for codes in z]
    best = max(range(len(z)), key=done.__getitem__)
    summary = (
        f"{title}: {plural(len(z), 'team')} across {len(steps)} steps; "
        f"{cohort.teams[best].name} is furthest along, with {done[best]} steps complete"
    )
    rows = [
        [team.name, done[k], *(STATUS_WORDS[c] for c in codes)]
        for k, (team, codes) in enumerate(zip(cohort.teams, z, strict=True))
    ]
    return describe(fig, summary, ["Team", "Steps complete", *(s.number for s in steps)], rows)
