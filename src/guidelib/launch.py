"""`guidelib run`: JupyterLab with the Voilà extension, opened on the start-here notebook."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .audience import ENV as AUDIENCE
from .audience import FACILITATOR
from .errors import GuidelibError
from .workbook.paths import ENV_DIR

START = "notebooks/00_start_here.ipynb"
EXAMPLE = "example-kinship-care"


def find_root(start: Path | None = None) -> Path:
    """The guidebook folder: the nearest folder at or above `start` holding START."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / START).is_file():
            return folder
    raise GuidelibError(
        f"No guidebook here: run this in the folder that holds {START} "
        "(the guidelib repository), or pass --root."
    )


def jupyter_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's) with the repository's share/jupyter on JUPYTER_PATH,
    where Voilà finds the "guidelib" template voila.json names. A wheel install puts the
    template under <prefix>/share/jupyter; an editable install (`make`) does not."""
    env = dict(os.environ if env is None else env)
    share = Path(__file__).resolve().parents[2] / "share" / "jupyter"
    if share.is_dir():
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(share), env.get("JUPYTER_PATH")]))
    return env


def free_port(first: int, ip: str = "127.0.0.1", tries: int = 50) -> int:
    for port in range(first, first + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((ip, port))
            except OSError:
                continue
            return port
    raise GuidelibError(f"No free port between {first} and {first + tries - 1}; try --port.")


def urls(port: int, token: str, host: str = "127.0.0.1") -> dict[str, str]:
    base = f"http://{host}:{port}"
    return {
        "JupyterLab": f"{base}/lab/tree/{START}?token={token}",
        "Voilà app": f"{base}/voila/render/{START}?token={token}",
        "Voilà, worked example": f"{base}/voila/render/{START}?workbook={EXAMPLE}&token={token}",
    }


def command(root: Path, port: int, ip: str, token: str, open_browser: bool) -> list[str]:
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.ip={ip}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--LabApp.default_url=/lab/tree/{START}",
        f"--ServerApp.open_browser={open_browser}",
        # containers and CI machines often run as root, which Jupyter refuses by default
        *(["--ServerApp.allow_root=True"] if os.name == "posix" and os.geteuid() == 0 else []),
    ]


def run(
    root: str | None = None, port: int = 8888, ip: str = "127.0.0.1", open_browser: bool = True
) -> int:
    folder = Path(root).resolve() if root else find_root()
    port = free_port(port, ip)
    token = os.environ.get("GUIDELIB_TOKEN") or secrets.token_hex(16)
    # behind the token login, the person who started the server (a team, or a facilitator
    # serving a workshop folder) may open every app: guidelib.audience reads this
    env = jupyter_env({**os.environ, ENV_DIR: str(folder / "workbook"), AUDIENCE: FACILITATOR})
    print("Starting the guidebook…", flush=True)
    host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
    # cwd=folder: Voilà's server extension reads voila.json from the launch folder.
    proc = subprocess.Popen(command(folder, port, ip, token, open_browser), cwd=folder, env=env)
    # SIGTERM (a service manager, a test) stops the server too, as Ctrl+C does: otherwise
    # the JupyterLab it started would outlive it.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        # The addresses only once the server answers: a link clicked earlier is refused.
        if wait_until_answering(f"http://{host}:{port}/api/status?token={token}", proc):
            print("Open one of these in your browser:")
            for name, url in urls(port, token, host).items():
                print(f"  {name + ':':24} {url}")
            print("Press Ctrl+C to stop.", flush=True)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def wait_until_answering(url: str, proc: subprocess.Popen, timeout: float = 180) -> bool:
    """Poll `url` until the server answers (True), or until it exits or `timeout` passes
    (False: its own messages say why)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True
        except urllib.error.HTTPError:
            return True  # it answers, if not with 200
        except OSError:
            time.sleep(0.25)
    return False
