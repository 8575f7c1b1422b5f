"""Real servers and a real browser for the tests: Voilà or JupyterLab on a free port, and
Debian's Chromium driven by Playwright (it cannot download a browser here)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from guidelib.launch import free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("GUIDELIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> str:
    """The browser's path; a missing browser fails under CI and skips elsewhere."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers: good enough
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url} within {timeout} s")


@contextlib.contextmanager
def server(cmd: list[str], url_path: str, env: dict[str, str], log: Path) -> Iterator[str]:
    """Run a server command (with {port} filled in) from the repository root."""
    port = free_port(18000 + os.getpid() % 2000)
    cmd = [part.format(port=port) for part in cmd]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(base + url_path, proc)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def voila_cmd() -> list[str]:
    return [
        sys.executable,
        "-m",
        "voila",
        "notebooks",
        "--no-browser",
        "--port={port}",
        "--Voila.ip=127.0.0.1",
    ]
