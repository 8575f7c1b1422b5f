"""`guidelib run` (what `make run` calls) starts JupyterLab with Voilà on the guidebook."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from guidelib.errors import GuidelibError
from guidelib.launch import find_root, urls

from .servers import ROOT, http_status, worker_port

pytestmark = pytest.mark.slow


def test_find_root_walks_up_to_the_guidebook(tmp_path):
    assert find_root(ROOT / "notebooks") == ROOT
    with pytest.raises(GuidelibError, match="No guidebook here"):
        find_root(tmp_path)


def test_urls_open_the_start_notebook():
    found = urls(8888, "abc")
    assert found["JupyterLab"] == (
        "http://127.0.0.1:8888/lab/tree/notebooks/00_start_here.ipynb?token=abc"
    )
    assert (
        "/voila/render/notebooks/00_start_here.ipynb?workbook=example-kinship-care"
        in (found["Voilà, worked example"])
    )


def test_run_serves_jupyterlab_and_voila_with_the_example(tmp_path):
    port = worker_port(3000)
    env = {
        **os.environ,
        "GUIDELIB_TOKEN": "test-token",
        "JUPYTER_CONFIG_DIR": str(tmp_path),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    env.pop("GUIDELIB_WORKBOOK_DIR", None)  # `run` sets it to the repository's workbook/
    proc = subprocess.Popen(
        [sys.executable, "-m", "guidelib", "run", "--no-browser", "--port", str(port)],
        cwd=ROOT / "notebooks",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout], daemon=True).start()
    try:
        lab = f"http://127.0.0.1:{port}/lab/tree/notebooks/00_start_here.ipynb?token=test-token"
        printed = []
        while not any(lab in line for line in printed):
            printed.append(lines.get(timeout=120))  # queue.Empty: never printed
        # printed only once the server answers: the address works at once, with no retry
        assert http_status(f"http://127.0.0.1:{port}/api/status?token=test-token") == 200
        while "Voilà, worked example" not in printed[-1]:
            printed.append(lines.get(timeout=10))
        assert any("/voila/render/notebooks/00_start_here.ipynb" in line for line in printed)
        with urllib.request.urlopen(lab, timeout=30) as resp:
            assert resp.status == 200 and "JupyterLab" in resp.read().decode()
        voila = (
            f"http://127.0.0.1:{port}/voila/render/notebooks/00_start_here.ipynb"
            "?workbook=example-kinship-care&token=test-token"
        )
        started = time.monotonic()
        with urllib.request.urlopen(voila, timeout=120) as resp:
            page = resp.read().decode()
        assert resp.status == 200, time.monotonic() - started
        assert "Start here" in page and re.search(r"voila|Voil", page)
        # voila.json's template: a loading line in words, and no Font Awesome CDN link
        assert "Opening the page. This takes a few seconds." in page
        assert "cdn.jsdelivr.net" not in page
        # a visitor cannot fetch a workbook, its backup or a response database as a file
        for name in ("example-kinship-care.json", "example-kinship-care.responses.sqlite"):
            for prefix in ("/voila/files/workbook/", "/voila/files/notebooks/../workbook/"):
                status = http_status(f"http://127.0.0.1:{port}{prefix}{name}?token=test-token")
                assert status in (403, 404), (prefix, name, status)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
