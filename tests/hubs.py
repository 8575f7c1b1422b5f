"""A real JupyterHub for the tests and the load bench: `guidelib hub`'s config on
127.0.0.1 and free ports, configurable-http-proxy from npm, Unix users under a unique
prefix and homes under a temporary folder. Everything is stopped and removed on exit,
also when the test fails.

This machine's virtualenv interpreter lives under /root (mode 0700), which team users may
not enter, so the single-user servers run the system's Python 3.11 on the virtualenv's
packages (`SINGLEUSER_OVERRIDE`). On a real hub, the environment is readable by everyone.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from guidelib.hub import HubSettings, prepare_hub
from guidelib.hub.homes import remove_account

from .servers import worker_port

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
VENV = Path(sys.prefix)
SITE = sysconfig.get_paths()["purelib"]


def require_proxy() -> str:
    """configurable-http-proxy's path; missing, it fails under CI and skips elsewhere."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    message = "configurable-http-proxy not found (make hub-deps installs it with npm)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def require_root() -> None:
    if os.geteuid() != 0:
        message = "a hub that creates Unix users must run as root"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)


def _python_for_users() -> str:
    """An interpreter every user may run: ours if its path is open to others, else the
    system's of the same minor version (the packages are pure or the same ABI)."""
    path = Path(os.path.realpath(sys.executable))
    if all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents]):
        return str(path)
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if system.exists():
        return str(system)
    pytest.skip(f"no Python that team users may run ({path} is under a closed folder)")
    raise AssertionError


def singleuser_override(extra: dict[str, str] | None = None) -> str:
    python = _python_for_users()
    env = {
        "PYTHONPATH": f"{SRC}:{SITE}",
        "JUPYTER_PATH": str(VENV / "share" / "jupyter"),
        "JUPYTER_CONFIG_PATH": str(VENV / "etc" / "jupyter"),
        "PATH": f"{Path(python).parent}:/usr/bin:/bin",
        **(extra or {}),
    }
    return (
        f"\nc.Spawner.cmd = [{python!r}, '-m', 'jupyterhub.singleuser']\n"
        f"c.Spawner.environment = {env!r}\n"
    )


@dataclass
class Hub:
    url: str
    out: Path
    manifest: dict
    passwords: dict[str, str]
    proc: subprocess.Popen
    log: Path
    sessions: dict[str, requests.Session] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def login(self, user: str, password: str | None = None) -> requests.Session:
        """Log in through the hub's login form, as a browser would."""
        s = requests.Session()
        s.get(f"{self.url}hub/login", timeout=30)
        r = s.post(
            f"{self.url}hub/login",
            data={
                "username": user,
                "password": self.passwords[user] if password is None else password,
                "_xsrf": s.cookies.get("_xsrf", ""),
            },
            allow_redirects=False,
            timeout=60,
        )
        if r.status_code != 302 or "jupyterhub-session-id" not in s.cookies:
            raise PermissionError(f"login as {user} refused ({r.status_code})")
        self.sessions[user] = s
        return s

    def browse(self, user: str, url: str) -> requests.Response:
        """GET `url` with `user`'s login session, as a browser would, clicking
        "Authorize" when the hub asks an admin to confirm opening another user's server."""
        import re

        s = self.sessions[user]
        r = s.get(url, timeout=180)
        if "/oauth2/authorize" in r.url and 'name="scopes"' in r.text:
            fields = dict(re.findall(r'name="(_xsrf|scopes)" value="([^"]*)"', r.text))
            scopes = re.findall(r'name="scopes" value="([^"]*)"', r.text)
            r = s.post(r.url, data={"_xsrf": fields.get("_xsrf", ""), "scopes": scopes},
                       timeout=180)
        return r

    def token(self, user: str) -> str:
        """An API token for `user`, asked for with its login session."""
        s = self.sessions[user]
        r = s.post(
            f"{self.url}hub/api/users/{user}/tokens",
            json={"note": "test", "expires_in": 3600},
            headers={"X-XSRFToken": s.cookies.get("_xsrf", ""), "Referer": f"{self.url}hub/"},
            timeout=30,
        )
        r.raise_for_status()
        self.tokens[user] = r.json()["token"]
        return self.tokens[user]

    def api(self, user: str, method: str, path: str, **kw) -> requests.Response:
        headers = {"Authorization": f"token {self.tokens[user]}", **kw.pop("headers", {})}
        return requests.request(method, self.url + path, headers=headers, timeout=120, **kw)

    def spawn(self, user: str, timeout: float = 180) -> None:
        r = self.api(user, "POST", f"hub/api/users/{user}/server")
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"spawn of {user}: {r.status_code} {r.text[:300]}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.api(user, "GET", f"hub/api/users/{user}").json()
            if info.get("server") and not info.get("pending"):
                return
            if self.proc.poll() is not None:
                raise RuntimeError("the hub stopped")
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server did not start within {timeout} s")

    def run_code(self, user: str, code: str, timeout: float = 120) -> str:
        """Run `code` in a new kernel of `user`'s server and return what it printed."""
        with self.kernel(user, timeout) as run:
            return run(code)

    @contextlib.contextmanager
    def kernel(self, user: str, timeout: float = 120) -> Iterator:
        """A kernel on `user`'s server, driven over its websocket as JupyterLab does;
        yields `run(code) -> printed text`. The kernel is shut down after."""
        import websocket  # websocket-client, a jupyter_server dependency

        base = f"user/{user}/api/kernels"
        kernel = self.api(user, "POST", base, json={"name": "python3"})
        kernel.raise_for_status()
        kid = kernel.json()["id"]
        ws_url = self.url.replace("http", "ws", 1) + f"{base}/{kid}/channels"
        try:
            ws = websocket.create_connection(
                ws_url, header=[f"Authorization: token {self.tokens[user]}"], timeout=timeout
            )
            try:
                yield lambda code: _execute(ws, user, code, timeout)
            finally:
                ws.close()
        finally:
            self.api(user, "DELETE", f"{base}/{kid}")

    def unix_users(self) -> list[tuple[str, str]]:
        m = self.manifest
        return [(t["unix_user"], t["home"]) for t in m["teams"]] + [
            (m["facilitator"]["unix_user"], m["facilitator"]["home"])
        ]


def _execute(ws, user: str, code: str, timeout: float) -> str:
    """One execute_request; the text printed (and any error), once the kernel is idle."""
    import uuid

    msg_id, out = uuid.uuid4().hex, []
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": user, "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "error":
            out.append(f"{content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            break  # after every output (the shell reply may come before them)
    return "".join(out)


def _wait(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyterhub exited with {proc.returncode}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}hub/api/", timeout=5).status_code == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"no hub at {url} within {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM lets the hub stop its servers and proxy; then the whole group is killed."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(30)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


def _kill_user_processes(users: list[str]) -> None:
    """Any process left running as one of the test's own Unix users (a kernel that
    outlived its server), each ended by its process id."""
    uids = set()
    for name in users:
        with contextlib.suppress(KeyError):
            uids.add(pwd.getpwnam(name).pw_uid)
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError):
            if entry.name.isdigit() and entry.stat().st_uid in uids:
                os.kill(int(entry.name), signal.SIGKILL)


@contextlib.contextmanager
def running_hub(
    teams_csv: Path, extra_env: dict[str, str] | None = None, idle: int = 3600
) -> Iterator[Hub]:
    """A hub for the teams of `teams_csv`; users, homes and processes removed after."""
    require_root()
    require_proxy()
    # Not under pytest's tmp_path: its parents are closed to the team users.
    tmp = Path(tempfile.mkdtemp(prefix="guidelib-hub-", dir="/tmp"))
    prefix = "g" + secrets.token_hex(3) + "-"  # unique: no clash with real users
    settings = HubSettings(
        port=worker_port(1200),
        home_base=str(tmp / "homes"),
        prefix=prefix,
        group=prefix + "fac",
        idle_timeout=idle,
    )
    os.chmod(tmp, 0o755)  # the homes' parent must be passable by the team users
    (tmp / "homes").mkdir(mode=0o755)
    try:
        result = prepare_hub(teams_csv, tmp / "hub", settings, ROOT)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    config = result.config
    with config.open("a", encoding="utf-8") as fh:
        fh.write(singleuser_override(extra_env))
        fh.write(f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{worker_port(1800)}'\n")
        fh.write(f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{worker_port(2400)}'\n")
    manifest = json.loads((result.out / "teams.json").read_text(encoding="utf-8"))
    log = tmp / "hub.log"
    env = {**os.environ, "PYTHONPATH": f"{SRC}:{os.environ.get('PYTHONPATH', '')}"}
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [str(VENV / "bin" / "jupyterhub"), "-f", str(config)],
            cwd=result.out, env=env, stdout=fh, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(result.url, result.out, manifest, result.passwords, proc, log)
    try:
        _wait(result.url, proc)
        yield hub
    finally:
        _stop(proc)
        with contextlib.suppress(OSError):  # shown by pytest when the test failed
            print("".join(log.read_text(errors="replace").splitlines(True)[-80:]))
        users = hub.unix_users()
        _kill_user_processes([u for u, _ in users])
        for name, home in users:
            remove_account(name, home)
        subprocess.run(["groupdel", settings.group], capture_output=True, check=False)
        shutil.rmtree(tmp, ignore_errors=True)
