"""Time to interactive of each Voilà app in Chromium, as a ratio to a one-button notebook
served by the same kind of server in the same run.

For each app: navigation until its main widget is visible and Voilà has shown the cells
(the moment a visitor can use it), the median of several loads. Two servers run one after
the other with the repository's voila.json and template: "cold" (no preheated kernels:
each load starts a kernel and runs the notebook) and "preheated" (a pool of one kernel per
notebook that has run the notebook up to the point where it waits for the page's
address). The baseline, "one button", is a notebook with one ipywidgets button, cold.

Target (issue 6): no app slower than 1.5x the one-button notebook cold, and under 1.0x
preheated.

Run: .venv/bin/python bench/voila_tti.py [--loads N] [--apps a.ipynb,b.ipynb]
Not part of the test suite (the machines are noisy; nothing here passes or fails).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from guidelib.launch import free_port, jupyter_env

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BUTTON = "one_button.ipynb"
QUERY = "workbook=example-kinship-care"
# The element each app shows once it is ready (default: the app's root, `.gl-app`).
MAIN = {BUTTON: ".jupyter-button", "survey.ipynb": ".gl-survey", "report.ipynb": ".gl-report"}
APPS = [
    "00_start_here.ipynb",
    "dashboard.ipynb",
    "facilitator.ipynb",
    "01_build_the_collective.ipynb",
    "02_define_the_operations.ipynb",
    "03_drive_impact.ipynb",
    "equity_review.ipynb",
    "survey.ipynb",
    "check_shared_data.ipynb",
]


def one_button_notebook() -> dict:
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": "import ipywidgets as w\n\nw.Button(description='Go')",
    }
    return {
        "cells": [cell],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def prepare(tmp: Path, apps: list[str]) -> tuple[Path, Path]:
    """A served folder (the apps and the one-button notebook) and a workbook folder."""
    served, books = tmp / "notebooks", tmp / "workbook"
    served.mkdir()
    books.mkdir()
    for name in apps:
        shutil.copy(ROOT / "notebooks" / name, served / name)
    (served / BUTTON).write_text(json.dumps(one_button_notebook()))
    for path in (ROOT / "workbook").glob("example-kinship-care*"):
        shutil.copy(path, books / path.name)
    return served, books


def config(cwd: Path, preheat: bool) -> None:
    """voila.json for the run: the repository's, with a pool of one kernel for every
    notebook when preheated, and none when cold."""
    conf = json.loads((ROOT / "voila.json").read_text())
    conf["VoilaConfiguration"]["preheat_kernel"] = preheat
    conf["VoilaKernelManager"] = {"kernel_pools_config": {"default": {"pool_size": 1}}}
    (cwd / "voila.json").write_text(json.dumps(conf))


class Server:
    def __init__(self, served: Path, books: Path, cwd: Path, log: Path) -> None:
        self.port = free_port(18900)
        self.base = f"http://127.0.0.1:{self.port}"
        # the apps run for a logged-in owner, as under `guidelib run` (guidelib.audience)
        env = jupyter_env(
            {**os.environ, "GUIDELIB_WORKBOOK_DIR": str(books), "GUIDELIB_AUDIENCE": "facilitator"}
        )
        cmd = [sys.executable, "-m", "voila", str(served), "--no-browser"]
        cmd += [f"--port={self.port}", "--Voila.ip=127.0.0.1"]
        self.log = log
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/", timeout=5).close()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"Voilà did not start; see {log}")

    def pools_filled(self, names: list[str], timeout: float = 300) -> None:
        """Wait until every notebook's pool holds a kernel that has run its notebook."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            if all(f"Kernel pool of {n} is filled" in text for n in names):
                return
            time.sleep(0.5)
        raise SystemExit(f"The kernel pools did not fill within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def load(browser, url: str, selector: str) -> tuple[float, float]:
    """Seconds from navigation until the first words show (the loading screen, or the
    page), and until `selector` is visible in the shown cells."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator("#loading, #rendered_cells").first.wait_for(state="visible")
        words = time.perf_counter() - start
        page.locator("#rendered_cells").wait_for(state="visible", timeout=180_000)
        page.locator(selector).first.wait_for(state="visible", timeout=180_000)
        return words, time.perf_counter() - start
    finally:
        context.close()


def measure(browser, server: Server, names: list[str], loads: int, gap: float) -> dict:
    """{notebook: (median seconds to first words, median seconds to interactive)}."""
    times: dict[str, list[tuple[float, float]]] = {n: [] for n in names}
    for _ in range(loads):
        for name in names:
            query = "" if name in (BUTTON, "facilitator.ipynb") else QUERY
            url = f"{server.base}/voila/render/{name}?{query}"
            times[name].append(load(browser, url, MAIN.get(name, ".gl-app")))
            time.sleep(gap)  # a preheated pool refills a second after use
    return {
        n: (statistics.median(w for w, _ in t), statistics.median(i for _, i in t))
        for n, t in times.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="loads per app and server")
    parser.add_argument("--apps", help="comma-separated notebook names (default: every app)")
    args = parser.parse_args()
    apps = (
        args.apps.split(",")
        if args.apps
        else [a for a in APPS if (ROOT / "notebooks" / a).exists()]
    )
    names = [BUTTON, *apps]
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        served, books = prepare(Path(tmp), apps)
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for mode, preheat in (("cold", False), ("preheated", True)):
            cwd = Path(tmp) / mode
            cwd.mkdir()
            config(cwd, preheat)
            server = Server(served, books, cwd, Path(tmp) / f"{mode}.log")
            try:
                if preheat:
                    server.pools_filled(names)
                load(browser, f"{server.base}/voila/render/{BUTTON}", MAIN[BUTTON])  # warm-up
                results[mode] = measure(browser, server, names, args.loads, 6 if preheat else 0)
            finally:
                server.stop()
        browser.close()
    base = results["cold"][BUTTON][1]
    print(f"Voilà time to interactive, median of {args.loads} loads; baseline: the one-button")
    print(f"notebook cold, {base:.2f} s. Target: cold <= 1.5x, preheated < 1.0x.")
    print("'words': seconds until the first words show (the loading screen).\n")
    head = f"{'notebook':32} {'words':>6} {'cold s':>7} {'x':>5}"
    print(f"{head} {'words':>6} {'preheated s':>11} {'x':>5}")
    for name in names:
        (cw, cold), (ww, warm) = results["cold"][name], results["preheated"][name]
        row = f"{name:32} {cw:6.2f} {cold:7.2f} {cold / base:5.2f}"
        print(f"{row} {ww:6.2f} {warm:11.2f} {warm / base:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
