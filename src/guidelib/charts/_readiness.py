"""The readiness check of step 3.5 as a table figure; `charts.phase3` exports it.

A table, not a chart: each statement needs its reason in words (which organizations score
low, which metric is off track), and a table shows that in full where a chart would hide
it in hover text. It is still a plotly figure, so it sits in `STEP_CHARTS` like the rest.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..impact import ReadinessItem, readiness
from ..workbook import Workbook
from . import _style as st
from .accessible import describe

SHOWS = {True: "✓ Yes", False: "✗ Not yet", None: "? Cannot tell yet"}
HOLDS, DIFFERS = "#e6f4ea", "#fdebd0"  # pale green and pale orange rows; words say it too
WIDTHS = (170, 95, 85, 430)  # px of 880: statement, workbook, team, why
WHY_CHARS = 66  # characters per line that fit in the last column at 12.5 px


def readiness_chart(wb: Workbook) -> go.Figure:
    """Each readiness statement: what the workbook shows, whether the team ticked it, and
    why. Rows that hold are green; rows where the tick and the workbook differ are orange."""
    title = "Ready to scale up?"
    items = readiness(wb).items
    if not wb.answers("scale-up") and all(
        i.workbook is None for i in items if i.basis == "workbook"
    ):
        return st.empty_figure(title, "Add feedback rounds, metrics or capacity scores to check.")
    fills = [DIFFERS if i.disagreement else HOLDS if i.met else "white" for i in items]
    cells = [
        [f"<b>{st.text(i.label, 22)}</b>" for i in items],
        [SHOWS[i.workbook] if i.basis != "team" else "Team decides" for i in items],
        ["✓ Ticked" if i.ticked else "Not ticked" for i in items],
        [_why(i) for i in items],
    ]
    table = go.Table(
        columnwidth=list(WIDTHS),
        header={"values": ["<b>Statement</b>", "<b>Workbook</b>", "<b>Team</b>", "<b>Why</b>"]}
        | {"align": "left", "fill": {"color": "#eaeef2"}, "line": {"color": st.GRID}},
        cells={"values": cells, "align": "left", "fill": {"color": [fills] * 4}}
        | {"font": {"size": 12.5, "color": st.INK}, "line": {"color": st.GRID}, "height": 28},
    )
    margin = {"l": 16, "r": 16, "t": 56, "b": 10}
    fig = go.Figure(table, layout=st.layout(title, height=_height(cells), margin=margin))
    held = sum(i.met for i in items)
    verdict = "Ready" if held == len(items) else f"Not yet: {held} of {len(items)} hold"
    st.add_note(fig, f"{verdict}. Green rows hold; orange rows are where tick and workbook differ.")
    differ = sum(bool(i.disagreement) for i in items)
    summary = f"{title} {verdict}" + (
        f"; the team's tick and the workbook differ on {differ}" if differ else ""
    )
    rows = [
        [
            i.label,
            SHOWS[i.workbook] if i.basis != "team" else "Team decides",
            "✓ Ticked" if i.ticked else "Not ticked",
            f"⚠ {i.disagreement}" if i.disagreement else i.reason,
        ]
        for i in items
    ]
    return describe(fig, summary, ["Statement", "Workbook", "Team", "Why"], rows)


def _why(item: ReadinessItem) -> str:
    """The reason, wrapped to the column; a disagreement leads with a warning sign."""
    text = f"⚠ {item.disagreement}" if item.disagreement else item.reason
    return st.text(text, WHY_CHARS)


def _height(cells: list[list[str]]) -> int:
    """Room for every row: plotly sizes a table's rows to their text, but not the figure.
    Every long text is wrapped here, so its line breaks give its height."""
    lines = [max(cell.count("<br>") + 1 for cell in row) for row in zip(*cells, strict=True)]
    return 56 + 28 + 36 + sum(17 * n + 12 for n in lines) + 24
