"""Where a notebook gets its workbook: its `WORKBOOK` parameter (papermill), else
$GUIDELIB_WORKBOOK, else `?workbook=<slug>` in a Voilà page address, else nobody asked
(the app then shows a picker)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
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


# What a preheated kernel loads before the visitor arrives. `guidelib.ui._voila` registers
# its warm-up here (plotly, the charts, the checks): those are upper layers, which this
# module must not import.
WARM_UPS: list[Callable[[], None]] = []


def on_preheat(hook: Callable[[], None]) -> Callable[[], None]:
    """Register `hook` to run in a preheated kernel before it waits for the page."""
    if hook not in WARM_UPS:
        WARM_UPS.append(hook)
    return hook


def warm_up() -> None:
    """Run the registered warm-ups. Best effort: a failure here changes nothing."""
    for hook in list(WARM_UPS):
        with contextlib.suppress(Exception):  # the app itself will report what is broken
            hook()


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
