"""Real servers and a real browser for the tests: Voilà or JupyterLab on a free port, and
Debian's Chromium driven by Playwright (it cannot download a browser here)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from guidelib.launch import free_port, jupyter_env
from guidelib.report.export import CHROMIUM_ARGS  # noqa: F401 - re-exported: the flags of the PDF report

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("GUIDELIB_CHROMIUM", "/usr/bin/chromium")


def worker_port(span: int = 0) -> int:
    """A free port in this test process's own range. Two pytest-xdist workers that scan
    the same range can both find a port free and one server then fails to bind, while
    the test talks to the other worker's server (seen as a JupyterLab 404): each worker
    gets 4,000 ports of its own; `span` keeps one test's several servers apart."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    return free_port(20000 + 4000 * index + span + os.getpid() % 500)


def require_chromium() -> str:
    """The browser's path; a missing browser fails under CI and skips elsewhere."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def http_status(url: str) -> int:
    """The status code of a GET of `url`, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


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
def server(
    cmd: list[str], url_path: str, env: dict[str, str], log: Path, launcher: bool = True
) -> Iterator[str]:
    """Run a server command (with {port} filled in) from the repository root. With
    `launcher` the environment is this process's plus `env`, with the checkout's
    share/jupyter on JUPYTER_PATH (as `guidelib run` has it); without, exactly `env`.
    With the launcher it serves a logged-in owner, as `guidelib run` does, unless `env`
    sets GUIDELIB_AUDIENCE."""
    port = worker_port()
    cmd = [part.format(port=port) for part in cmd]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=(
                jupyter_env({**os.environ, "GUIDELIB_AUDIENCE": "facilitator", **env})
                if launcher
                else env
            ),
            stdout=out,
            stderr=subprocess.STDOUT,
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
        # Voilà's shutdown beacon fails on page close (voila#1458, see KNOWN), so a test
        # run would keep every page's kernel for voila.json's 15 minutes: cull idle ones
        # after 2 minutes instead (a kernel whose page is open is kept: cull_connected).
        "--MappingKernelManager.cull_idle_timeout=120",
        "--MappingKernelManager.cull_interval=30",
    ]


def plain_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a Jupyter user's shell: this one without JUPYTER_PATH or any
    guidelib or Voilà variable, and with empty Jupyter user folders, so that only what the
    installation put in place can help a server find the guidelib template."""
    drop = ("JUPYTER_", "GUIDELIB_", "VOILA_", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    for name in ("config", "data", "runtime"):
        (tmp / name).mkdir(parents=True, exist_ok=True)
        env[f"JUPYTER_{name.upper()}_DIR"] = str(tmp / name)
    # the tests run this checkout's guidelib, which may not be the installed one
    env["PYTHONPATH"] = str(ROOT / "src")
    return {**env, **extra}


TOKEN = "guidelib-test-token"


def lab_cmd() -> list[str]:
    """`jupyter lab` as a user types it (the venv's own script), on a free port."""
    return [
        str(Path(sys.executable).with_name("jupyter")),
        "lab",
        "--no-browser",
        "--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        *(["--ServerApp.allow_root=True"] if os.name == "posix" and os.geteuid() == 0 else []),
    ]


def plain_voila_cmd(target: str) -> list[str]:
    """`voila <target>` as a user types it (the venv's own script)."""
    voila = str(Path(sys.executable).with_name("voila"))
    return [voila, target, "--no-browser", "--port={port}", "--Voila.ip=127.0.0.1"]


# Failures we know and do not cause, each ignored by its address only: Voilà's kernel-shutdown
# beacon on page unload gets 403 for lack of an XSRF token (voila-dashboards/voila#1458,
# open). Any other failed request, any request that leaves the server (a CDN, a font host),
# any console error and any page error is a problem the test reports.
KNOWN = ("/voila/api/shutdown/",)


def watch(pg, origin: str) -> None:
    """Collect into `pg.problems` everything that went wrong on the page."""
    pg.set_default_timeout(60_000)
    # A Voilà page runs its whole notebook in a fresh kernel before "load": on two busy
    # cores (two test workers, each with its servers) that can pass a minute. (A page's
    # own navigation timeout wins over its default timeout; a context's would not.)
    pg.set_default_navigation_timeout(120_000)
    pg.problems = []

    def request(req):
        if not req.url.startswith((origin, "data:", "blob:")):
            pg.problems.append(f"request outside the server: {req.url}")

    def console(msg):
        # "Failed to load resource" carries no address; responses below judge those.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            pg.problems.append(msg.text)

    def response(resp):
        if resp.status >= 400 and not any(k in resp.url for k in KNOWN):
            pg.problems.append(f"{resp.status} {resp.url}")

    pg.on("request", request)
    pg.on("console", console)
    pg.on("response", response)
    pg.on("requestfailed", lambda r: any(k in r.url for k in KNOWN) or pg.problems.append(r.url))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))


@contextlib.contextmanager
def public_server(dashboards: list[str], env: dict[str, str], log: Path) -> Iterator[str]:
    """`guidelib serve-public`, publishing these workbooks' dashboards; yields the address
    it prints once Voilà answers. Read from its output, never assumed: with several test
    runs on one machine, the port tried first may be taken by the time Voilà binds it."""
    extra = [arg for slug in dashboards for arg in ("--dashboard", slug)]
    port = worker_port(600)
    cmd = [sys.executable, "-m", "guidelib", "serve-public", f"--root={ROOT}", f"--port={port}"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*cmd, *extra],
            cwd=ROOT,
            env=jupyter_env({**os.environ, "GUIDELIB_AUDIENCE": "facilitator", **env}),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield _printed_address(log, proc)
        finally:
            proc.terminate()  # serve-public stops its Voilà and removes its folder
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _printed_address(log: Path, proc: subprocess.Popen, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"Survey form:\s+(http://[0-9.:]+)/", log.read_text(errors="replace"))
        if found:
            return found.group(1)
        if proc.poll() is not None:
            raise RuntimeError(f"serve-public exited with {proc.returncode}")
        time.sleep(0.3)
    raise TimeoutError(f"serve-public printed no address within {timeout} s")


def record(pg) -> list[str]:
    """Everything the server sends to page `pg`, as text: every response body and every
    websocket frame (Voilà sends widget state over the kernel's websocket). An attacker
    sees all of it, so tests grep all of it."""
    seen: list[str] = []

    def body(resp):
        try:
            seen.append(f"{resp.url}\n{resp.text()}")
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            seen.append(resp.url)

    def socket(ws):
        def frame(payload):
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
            seen.append(text)

        ws.on("framereceived", frame)

    pg.on("response", body)
    pg.on("websocket", socket)
    return seen
