"""A preheated page still works when its kernel waited long in the pool.

Voilà runs a preheated kernel's notebook up to `wait_for_request()` and holds it there
until a visitor arrives (guidelib reads the page's address there). That wait counts as
one cell's run, so with a finite `VoilaExecutor.timeout` every preheated page visited more
than that long after the previous visit showed "Cell execution timed out" instead of the
app: the county executive opening a dashboard link an hour later, the second team
arriving at Start here. voila.json therefore sets no cell timeout while it preheats.

The first test shows the failure with a short timeout (so it runs in seconds); the second
that the repository's own configuration serves a page whose kernel waited longer than
that."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from .servers import ROOT, server, voila_cmd

pytestmark = pytest.mark.slow
PAGE = "/voila/render/dashboard.ipynb?workbook=example-kinship-care"
WAIT = 12  # seconds in the pool before the visit


def visit_after_waiting(extra: list[str], tmp_path, workbooks) -> str:
    log = tmp_path / "voila.log"
    env = {"GUIDELIB_WORKBOOK_DIR": str(workbooks)}
    with server(voila_cmd() + extra, "/", env, log) as base:
        time.sleep(WAIT)  # the preheated dashboard waits in the pool
        with urllib.request.urlopen(base + PAGE, timeout=120) as resp:
            return resp.read().decode("utf-8")


def test_a_finite_cell_timeout_breaks_a_page_preheated_longer_ago(tmp_path, workbooks):
    html = visit_after_waiting(["--VoilaExecutor.timeout=4"], tmp_path, workbooks)
    assert "Cell execution timed out" in html


def test_the_repository_config_serves_a_page_whose_kernel_waited(tmp_path, workbooks):
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert config["VoilaConfiguration"]["preheat_kernel"] is True
    assert config["VoilaExecutor"]["timeout"] is None  # see the module's docstring
    html = visit_after_waiting([], tmp_path, workbooks)
    assert "Cell execution timed out" not in html
    assert "gl-dashboard" in html or "Riverbend" in html
