"""`guidelib serve-public`: standalone Voilà (which has no login) serving only the apps
anyone may open: the survey form, and the dashboards a team chose to publish.

Voilà serves every notebook under its folder, and its `/voila/files/` route serves files
there, so the server gets a folder of its own that holds copies of the public notebooks
and a `voila.json` written for it (nothing in `/voila/files/`), never the repository. The
kernels find the workbooks through `$GUIDELIB_WORKBOOK_DIR`, and `GUIDELIB_AUDIENCE=public`
tells every app that its visitor has no login (`guidelib.audience`): the dashboard then
shows only the workbooks named with `--dashboard`, and any team app refuses to run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .audience import ENV, ENV_DASHBOARDS, NOTEBOOKS, PUBLIC, STAKEHOLDERS
from .errors import GuidelibError
from .launch import find_root, free_port, jupyter_env
from .textsafe import for_message
from .workbook.paths import ENV_DIR, SLUG_RE

SURVEY, DASHBOARD = "survey.ipynb", "dashboard.ipynb"
#: Settings that must hold whatever the repository's voila.json says.
LOCKED = {
    "template": "guidelib",
    "strip_sources": True,
    "show_tracebacks": False,
    "file_allowlist": [],  # /voila/files/ serves nothing at all
    "file_denylist": [".*"],
    "preheat_kernel": False,
}


def notebooks(dashboard: bool) -> list[str]:
    """The notebooks a public server holds: public ones, and the stakeholders' dashboard
    when a team publishes one."""
    wanted = {PUBLIC, STAKEHOLDERS} if dashboard else {PUBLIC}
    return [name for name, audience in NOTEBOOKS.items() if audience in wanted]


def voila_config(root: Path) -> dict:
    """The repository's voila.json (timeouts, culling), with LOCKED on top and no kernel
    pools (a pool would start kernels for notebooks this server does not hold)."""
    path = root / "voila.json"
    config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    config.setdefault("VoilaConfiguration", {}).update(LOCKED)
    config.pop("VoilaKernelManager", None)
    return config


def prepare(root: Path, folder: Path, dashboards: list[str]) -> list[str]:
    """Fill `folder` with the public notebooks and its voila.json; return the notebooks."""
    names = notebooks(bool(dashboards))
    for name in names:
        shutil.copy(root / "notebooks" / name, folder / name)
    (folder / "voila.json").write_text(json.dumps(voila_config(root), indent=2), "utf-8")
    return names


def check_slugs(slugs: list[str]) -> list[str]:
    clean = [s.strip().lower() for s in slugs]
    for slug in clean:
        if not SLUG_RE.match(slug):
            raise GuidelibError(
                f'--dashboard takes a workbook name such as "riverbend", not "{for_message(slug)}".'
            )
    return clean


def environment(workbooks: Path, dashboards: list[str]) -> dict[str, str]:
    """The server's environment: it reaches every kernel. A JupyterHub login variable
    inherited from a hub terminal must not make these visitors look logged in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTERHUB_")}
    env.update({ENV: PUBLIC, ENV_DIR: str(workbooks), ENV_DASHBOARDS: ",".join(dashboards)})
    return jupyter_env(env)


def command(folder: Path, port: int, ip: str) -> list[str]:
    return [
        sys.executable, "-m", "voila", str(folder), "--no-browser",
        f"--port={port}", f"--Voila.ip={ip}", "--Voila.port_retries=0",
    ]  # fmt: skip


def urls(base: str, names: list[str], dashboards: list[str]) -> dict[str, str]:
    found = {"Survey form": f"{base}/voila/render/{SURVEY}?workbook=<name>"}
    for slug in dashboards:
        found[f"Dashboard, {slug}"] = f"{base}/voila/render/{DASHBOARD}?workbook={slug}"
    return {k: v for k, v in found.items() if v.split("/voila/render/")[1].split("?")[0] in names}


def wait_until_answering(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise GuidelibError(f"Voilà stopped before it answered (exit {proc.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise GuidelibError(f"Voilà did not answer at {url} within {timeout:.0f} seconds.")


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve_public(
    root: str | None = None,
    port: int = 8866,
    ip: str = "127.0.0.1",
    dashboards: list[str] | None = None,
) -> int:
    repo = Path(root).resolve() if root else find_root()
    slugs = check_slugs(dashboards or [])
    workbooks = Path(os.environ.get(ENV_DIR) or repo / "workbook").resolve()
    port = free_port(port, ip)
    # a `kill` (SIGTERM) stops Voilà and removes the folder too, as Ctrl+C does
    signal.signal(signal.SIGTERM, _interrupt)
    folder = Path(tempfile.mkdtemp(prefix="guidelib-public-"))
    try:
        names = prepare(repo, folder, slugs)
        # cwd=folder: standalone Voilà reads voila.json from the folder it starts in
        proc = subprocess.Popen(
            command(folder, port, ip), cwd=folder, env=environment(workbooks, slugs)
        )
        try:
            base = f"http://{'127.0.0.1' if ip in ('0.0.0.0', '') else ip}:{port}"
            wait_until_answering(base + "/", proc)
            print("Serving the public pages (no login). Share these addresses:")
            for name, url in urls(base, names, slugs).items():
                print(f"  {name + ':':24} {url}")
            print("Press Ctrl+C to stop.", flush=True)
            return proc.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

