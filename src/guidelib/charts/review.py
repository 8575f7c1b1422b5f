"""The equity and ethics review as a chart: each life-cycle stage's items by answer."""

from __future__ import annotations

import plotly.graph_objects as go

from ..workbook import Workbook
from ._style import axis, empty_figure, layout, text
from .accessible import describe, plural

# Answers from settled to open: greens for done, amber for partly, red for no, grey for
# not yet answered; lightness differs too, so the order reads in greyscale.
ANSWERS = (
    ("yes", "Yes", "#1a7f37"),
    ("na", "Not applicable", "#8fd3a0"),
    ("partly", "Partly", "#e3b341"),
    ("no", "No", "#b42318"),
    ("unanswered", "Not answered yet", "#d0d7de"),
)


def review_chart(wb: Workbook) -> go.Figure:
    """Stacked bars: for each stage of the data life cycle, its items by answer."""
    from ..checks.review import review_summary  # checks import widgets-free modules only

    review = wb.guidebook.review
    title = "Equity and ethics review by stage"
    if review is None:
        return empty_figure(title, "Add the equity and ethics review content to see it here.")
    summary = review_summary(wb)
    stages = [text(s.title, 18) for s in review.stages]
    fig = go.Figure()
    table = [[s.title] for s in review.stages]
    for answer, label, colour in ANSWERS:
        counts = [summary.by_stage[s.id][answer] for s in review.stages]
        for row, count in zip(table, counts, strict=True):
            row.append(count)
        fig.add_bar(
            y=stages,
            x=counts,
            name=label,
            orientation="h",
            marker_color=colour,
            hovertemplate="%{y}: %{x} " + label.lower() + "<extra></extra>",
        )
    fig.update_layout(
        **layout(
            title, barmode="stack", legend={"orientation": "h", "y": -0.2, "traceorder": "normal"}
        ),
        xaxis=axis("Items", dtick=1),
        yaxis=axis("", autorange="reversed"),
    )
    total = {a: sum(row[k + 1] for row in table) for k, (a, _, _) in enumerate(ANSWERS)}
    said = (
        f"{title}: of {plural(sum(total.values()), 'item')}, {total['yes']} answered yes, "
        f"{total['partly']} partly, {total['no']} no, {total['na']} not applicable, and "
        f"{total['unanswered']} not answered yet"
    )
    return describe(fig, said, ["Stage", *(label for _, label, _ in ANSWERS)], table)
