"""Survey charts (step 3.2), drawn from results after suppression: `SurveyResults ->
go.Figure`. A chart shows only published figures. What suppression hides is drawn as
one hatched grey segment ("Suppressed"), whose size is the total minus what is shown,
a figure anyone can work out from the published table anyway.

Question wording and choices are typed by the team, so all of it goes through
`st.text` (escaped, wrapped).
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..survey.form import AGREEMENT
from ..survey.results import Breakdown, Cell, Distribution, SurveyResults
from ..survey.tally import NO_ANSWER
from . import _style as st
from .accessible import describe, plural

# ColorBrewer RdBu (5 classes), a diverging scale that reads with colour-vision
# deficiencies, from strongly disagree (red) to strongly agree (blue).
AGREE_COLOURS = ("#ca0020", "#f4a582", "#d9d9d9", "#92c5de", "#0571b0")
NO_ANSWER_COLOUR = "#ffffff"
HIDDEN = "Suppressed (small groups)"
EMPTY = "No responses yet. Share the survey link to collect some."
BAR = {"orientation": "h", "textposition": "inside", "insidetextanchor": "middle"}


def _share(cell: Cell) -> float | None:
    return cell.percent if not cell.hidden else None


def _hidden_share(cells: list[Cell], total: Cell) -> float:
    """The percentage the hidden cells make up together: 100 minus what is shown."""
    if total.hidden:
        return 100.0
    if not any(c.hidden for c in cells):
        return 0.0
    return max(0.0, round(100 - sum(c.percent or 0 for c in cells if not c.hidden), 1))


def _segment(name: str, y: list[str], x: list[float | None], colour: str) -> go.Bar:
    return go.Bar(
        name=st.text(name),
        y=y,
        x=x,
        marker={"color": colour, "line": {"color": st.MUTED, "width": 0.5}},
        text=[f"{v:.0f}%" if v and v >= 6 else "" for v in (x or [])],
        hovertemplate="%{fullData.name}: %{x:.1f}%<extra></extra>",
        **BAR,
    )


def _hidden_segment(y: list[str], x: list[float]) -> go.Bar:
    pattern = {"shape": "/", "fgcolor": st.MUTED, "bgcolor": "white", "size": 6}
    return go.Bar(
        name=HIDDEN,
        y=y,
        x=x,
        marker={"color": "white", "pattern": pattern, "line": {"color": st.MUTED, "width": 0.5}},
        hovertemplate="Suppressed together: %{x:.1f}%<extra></extra>",
        orientation="h",
    )


def _stacked(title: str, rows: list[tuple[str, list[Cell], Cell]], labels: list[str]) -> go.Figure:
    """One 100% bar per row (label, cells in `labels` order, the row's total)."""
    y = [st.text(name, 40, 3) for name, _, _ in rows]
    colours = [*AGREE_COLOURS, NO_ANSWER_COLOUR]
    traces = [
        _segment(label, y, [_share(cells[k]) for _, cells, _ in rows], colours[k])
        for k, label in enumerate(labels)
    ]
    hidden = [_hidden_share(cells, total) for _, cells, total in rows]
    if any(hidden):
        traces.append(_hidden_segment(y, hidden))
    plot = 56 * len(rows) + 40  # room for the bars; the legend gets its own below
    fig = go.Figure(traces, layout=st.layout(title, barmode="stack", height=plot + 214))
    fig.update_layout(
        xaxis=st.axis("Share of respondents (%)", range=[0, 100.5]),
        yaxis={"autorange": "reversed", "automargin": True},
        legend={
            "orientation": "h",
            "x": 0,
            "y": -86 / plot,
            "yanchor": "top",
            "traceorder": "normal",
        },
        margin={"l": 20, "r": 20, "t": 64, "b": 150},
    )
    return fig


def agreement_chart(results: SurveyResults) -> go.Figure:
    """Every agreement question as one bar of its answers, 1 to 5, and no answer."""
    title = "How far respondents agree"
    dists = [d for d in results.distributions if d.question.kind == "agreement"]
    if not dists:
        return st.empty_figure(title, "Add an agreement question to see this chart.")
    if not results.respondents:
        return st.empty_figure(title, EMPTY)
    rows = [(d.question.text, d.cells, d.total) for d in dists]
    fig = _stacked(title, rows, [*AGREEMENT, NO_ANSWER])
    agree = {d.question.text: _agree_share(d.cells) for d in dists}
    known = {q: v for q, v in agree.items() if v is not None}
    finding = (
        f'most agreement with "{max(known, key=known.get)}" '
        f"({max(known.values()):.0f}% agree or strongly agree)"
        if known
        else "the shares are suppressed to protect small groups"
    )
    summary = (
        f"{title}: {plural(len(dists), 'question')} answered by "
        f"{plural(results.respondents, 'respondent')}; {finding}"
    )
    return describe(fig, summary, *_share_table("Question", rows, [*AGREEMENT, NO_ANSWER]))


def _agree_share(cells: list[Cell]) -> float | None:
    """The share who agree or strongly agree (the top two of five), if both are shown."""
    top = cells[3:5]
    return None if any(c.hidden for c in top) else sum(c.percent or 0 for c in top)


def _share_table(first: str, rows: list[tuple[str, list[Cell], Cell]], labels: list[str]):
    headers = [first, *labels, "People"]
    return headers, [
        [name, *(_bar_text(c) for c in cells), _bar_text(total)] for name, cells, total in rows
    ]


def choice_chart(results: SurveyResults, question: str) -> go.Figure:
    """One choice question's answers as bars (percent of all respondents); a suppressed
    choice is labelled so, with no bar."""
    dist = next(d for d in results.distributions if d.question.text == question)
    title = st.text(dist.question.text, 70, 2)
    if not results.respondents:
        return st.empty_figure(title, EMPTY)
    labels = [st.text(label, 36, 2) for label in dist.labels]
    values = [_share(c) for c in dist.cells]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=[v or 0 for v in values],
            orientation="h",
            marker={"color": st.PALETTE[0]},
            text=[_bar_text(c) for c in dist.cells],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        ),
        layout=st.layout(title, height=max(260, 110 + 36 * len(labels))),
    )
    fig.update_layout(
        xaxis=st.axis("Share of respondents (%)", range=[0, 118]),
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 20, "r": 20, "t": 70, "b": 56},
    )
    if dist.question.kind == "multiple":
        st.add_note(fig, "Respondents could choose several, so shares add up to more than 100%.")
    shown = [(c, label) for c, label in zip(dist.cells, dist.labels, strict=True) if not c.hidden]
    top = max(shown, default=None, key=lambda pair: pair[0].count or 0)
    finding = (
        f'the answer chosen most is "{top[1]}" ({_people(top[0])})'
        if top and top[0].count
        else "no answer can be shown without revealing a small group"
    )
    respondents = plural(results.respondents, "respondent")
    summary = f'Answers to "{dist.question.text}": {respondents}; {finding}'
    rows = [[label, _bar_text(c)] for label, c in zip(dist.labels, dist.cells, strict=True)]
    return describe(fig, summary, ["Answer", "People (share)"], rows)


def _people(cell: Cell) -> str:
    """'125 people, 31%' for a summary sentence."""
    share = f", {cell.percent:.0f}%" if cell.percent is not None else ""
    return f"{plural(cell.count or 0, 'person', 'people')}{share}"


def _bar_text(cell: Cell) -> str:
    if cell.hidden:
        return "suppressed"
    return f"{cell.count} ({cell.percent:.0f}%)" if cell.percent is not None else str(cell.count)


def breakdown_chart(results: SurveyResults, breakdown: Breakdown) -> go.Figure:
    """One question's answers in each group of a question about respondents, as 100%
    bars; a group whose size is suppressed shows as one hatched bar."""
    title = st.text(breakdown.question.text, 70, 2)
    if not results.respondents:
        return st.empty_figure(title, EMPTY)
    if breakdown.question.kind == "multiple":
        fig = _multiple_breakdown(title, breakdown)
    else:
        rows = [
            (group, cells[:-1], cells[-1])
            for group, cells in zip(breakdown.groups, breakdown.cells, strict=True)
        ]
        fig = _stacked(title, rows, breakdown.labels)
    st.add_note(fig, f"By: {st.text(breakdown.by.text)}")
    hidden = sum(c.hidden for cells in breakdown.cells for c in cells)
    summary = (
        f'Answers to "{breakdown.question.text}" by "{breakdown.by.text}": '
        f"{plural(len(breakdown.groups) - 1, 'group')} and the total"
        + (f"; {plural(hidden, 'number')} suppressed to protect small groups" if hidden else "")
    )
    table = [
        [group, *(_bar_text(c) for c in cells)]
        for group, cells in zip(breakdown.groups, breakdown.cells, strict=True)
    ]
    return describe(fig, summary, [breakdown.by.text, *breakdown.labels, "People"], table)


def _multiple_breakdown(title: str, b: Breakdown) -> go.Figure:
    """Grouped bars: for each choice, the share of each group that chose it."""
    fig = go.Figure(layout=st.layout(title, barmode="group", height=460))
    for k, (group, cells) in enumerate(zip(b.groups, b.cells, strict=True)):
        fig.add_trace(
            go.Bar(
                name=st.text(group, 30),
                x=[st.text(label, 16, 3) for label in b.labels[:-1]],
                y=[_share(c) for c in cells[: len(b.labels) - 1]],
                marker={"color": st.INK if group == "Total" else st.colour(k)},
                hovertemplate="%{fullData.name}: %{y:.1f}%<extra></extra>",
            )
        )
    fig.update_layout(yaxis=st.axis("Share of the group who chose it (%)", range=[0, 100]))
    st.add_note(fig, "A missing bar is suppressed (a small group).")
    return fig


def distribution_charts(results: SurveyResults) -> list[go.Figure]:
    """The charts the survey panel shows: agreement questions together, then each
    choice question (single or multiple) alone."""
    figures = [agreement_chart(results)] if _has(results, "agreement") else []
    return figures + [
        choice_chart(results, d.question.text)
        for d in results.distributions
        if d.question.kind in ("single", "multiple") and not d.question.demographic
    ]


def _has(results: SurveyResults, kind: str) -> bool:
    return any(d.question.kind == kind for d in results.distributions)


__all__ = [
    "Distribution",
    "agreement_chart",
    "breakdown_chart",
    "choice_chart",
    "distribution_charts",
]
