"""Where a notebook gets its workbook: its `WORKBOOK` parameter (papermill), else
$GUIDELIB_WORKBOOK, else `?workbook=<slug>` in a Voilà page address, else nobody asked
(the app then shows a picker)."""

from __future__ import annotations

import os
from urllib.parse import parse_qs

from .paths import is_slug

ENV_WORKBOOK = "GUIDELIB_WORKBOOK"


def in_voila() -> bool:
    """Whether this kernel serves a Voilà page: Voilà sets VOILA_PREHEAT in every kernel it
    starts, to "True" in a preheated one and "False" otherwise."""
    return "VOILA_PREHEAT" in os.environ


def query_string() -> str:
    """The page's query string under Voilà ('' elsewhere), waiting for it in a preheated
    kernel, which starts before any page asks for it."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import wait_for_request  # lazy: only preheated Voilà kernels need it

        warm_up()
        wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def warm_up() -> None:
    """In a preheated kernel, before the visitor arrives: load what every app needs after
    it knows the workbook (the checks, plotly and its validators, the chart modules), so
    that the visitor does not wait for it. Best effort: a failure here changes nothing."""
    try:
        import plotly.graph_objects as go

        from .. import charts, checks  # noqa: F401 - imported for their side effect: loaded

        traces = [go.Bar(x=[1], y=[1]), go.Scatter(x=[1], y=[1]), go.Heatmap(z=[[1]])]
        go.Figure(traces, layout={"title": "warm"}).to_plotly_json()  # loads the validators
    except Exception:  # noqa: BLE001, S110 - the app itself will report what is broken
        pass


def requested_workbook(param: str | os.PathLike[str] | None = None) -> tuple[str | None, str]:
    """(reference, where it came from). A query-string value must be a plain slug: a page
    address never reaches a path."""
    if param:
        return os.fspath(param), "parameter"
    if os.environ.get(ENV_WORKBOOK):
        return os.environ[ENV_WORKBOOK], "environment"
    values = parse_qs(query_string()).get("workbook", [])
    if values:
        slug = values[0].strip().lower()
        return (slug if is_slug(slug) else None), "address"
    return None, ""
