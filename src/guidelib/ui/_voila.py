"""Voilà runtime helpers that need the upper layers. Importing this module (the `ui`
package does) registers the warm-up that `workbook.locate.query_string()` runs in a
preheated kernel before it waits for the page."""

from __future__ import annotations

from ..workbook import locate


@locate.on_preheat
def warm_up() -> None:
    """In a preheated kernel, before the visitor arrives: load what every app needs after
    it knows the workbook (the checks, plotly and its validators, the chart modules), so
    that the visitor does not wait for it."""
    import plotly.graph_objects as go

    from .. import charts, checks  # noqa: F401 - imported for their side effect: loaded

    traces = [go.Bar(x=[1], y=[1]), go.Scatter(x=[1], y=[1]), go.Heatmap(z=[[1]])]
    go.Figure(traces, layout={"title": "warm"}).to_plotly_json()  # loads the validators
