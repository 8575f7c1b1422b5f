"""What JupyterHub loads: the login check, the spawner and `configure(c, teams_json)`, the
one place the hub's settings are made (for `jupyterhub_config.py` and the TLJH plugin).

Why not JupyterHub's `SharedPasswordAuthenticator`: with it, anyone holding the shared
password can log in as *any* non-admin user, so team A could simply log in as team B.
`TeamAuthenticator` keeps its model (passwords set by the organiser, no sign-up) with one
password per login, checked against the salted hashes in teams.json.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

from .accounts import check_password, read_manifest
from .homes import UMASK, prepare_facilitator, prepare_team

START_HERE = "/voila/render/notebooks/00_start_here.ipynb"
FACILITATOR_VIEW = "/voila/render/notebooks/facilitator.ipynb"
CULLER = "jupyterhub-idle-culler"


class _Manifest:
    """teams.json, read again when it changes (a rerun of `guidelib hub` adds teams)."""

    def __init__(self) -> None:
        self.path, self.stamp, self.data = "", 0.0, {}

    def get(self, path: str) -> dict[str, Any]:
        stamp = os.stat(path).st_mtime
        if path != self.path or stamp != self.stamp:
            self.path, self.stamp, self.data = path, stamp, read_manifest(path)
        return self.data


_MANIFEST = _Manifest()


def logins(manifest: dict[str, Any]) -> dict[str, tuple[dict[str, Any] | None, str]]:
    """Hub user name -> (its team, or None for the facilitator; its password hash)."""
    out: dict[str, tuple[dict[str, Any] | None, str]] = {
        manifest["facilitator"]["user"]: (None, manifest["facilitator"]["password_hash"])
    }
    for team in manifest["teams"]:
        for login in team["users"]:
            out[login["user"]] = (team, login["password_hash"])
    return out


class TeamAuthenticator(Authenticator):
    """One password per hub login, from teams.json; the facilitator logs in as admin."""

    manifest = Unicode(config=True, help="The teams.json written by `guidelib hub`.")

    async def authenticate(self, handler: Any, data: dict[str, str]) -> dict[str, Any] | None:
        name = self.normalize_username(data.get("username", ""))
        found = logins(_MANIFEST.get(self.manifest)).get(name)
        if found is None or not check_password(data.get("password", ""), found[1]):
            return None
        return {"name": name, "admin": found[0] is None}


class TeamSpawner(LocalProcessSpawner):
    """A local process as the login's Unix user (the team's, shared by its members), made
    with its home on first start, with umask 027 so saved files stay closed to other teams.
    """

    manifest = Unicode(config=True, help="The teams.json written by `guidelib hub`.")

    def _entry(self) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        data = _MANIFEST.get(self.manifest)
        team = logins(data)[self.user.name][0]
        return team, data

    @property
    def unix_user(self) -> str:
        team, data = self._entry()
        return (team or data["facilitator"])["unix_user"]

    def make_preexec_fn(self, name: str) -> Any:
        setuid = set_user_setuid(self.unix_user)

        def preexec() -> None:
            os.umask(UMASK)
            setuid()

        return preexec

    def user_env(self, env: dict[str, str]) -> dict[str, str]:
        import pwd

        entry = pwd.getpwnam(self.unix_user)
        env.update(USER=self.unix_user, HOME=entry.pw_dir)
        team, _ = self._entry()
        if team:
            env["GUIDELIB_WORKBOOK_DIR"] = f"{entry.pw_dir}/workbook"
            env["GUIDELIB_WORKBOOK"] = team["slug"]
        else:  # the facilitator view reads every team listed in teams.json
            env["GUIDELIB_WORKBOOK_DIR"] = f"{entry.pw_dir}/teams.json"
        # guidelib.audience: which apps this server's Voilà pages may show (behind the login)
        env["GUIDELIB_AUDIENCE"] = "team" if team else "facilitator"
        return env


def prepare_server(spawner: TeamSpawner) -> None:
    """`pre_spawn_hook`: the Unix user and home, the first page and, for teams, no
    terminal. (A kernel runs code anyway; Unix permissions are what keep teams apart.)"""
    team, data = spawner._entry()
    if team is None:
        prepare_facilitator(data)
        spawner.default_url = FACILITATOR_VIEW
        return
    prepare_team(data, team)
    spawner.default_url = START_HERE
    spawner.args = [*spawner.args, "--ServerApp.terminals_enabled=False"]


def singleuser_cmd() -> list[str]:
    """`jupyterhub-singleuser` from the hub's own environment."""
    here = Path(sys.executable).parent / "jupyterhub-singleuser"
    return [str(here if here.exists() else shutil.which("jupyterhub-singleuser") or here)]


def culler_service(timeout: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """jupyterhub-idle-culler as a hub service, and the role it needs."""
    role = {
        "name": "guidelib-idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": [CULLER],
    }
    service = {
        "name": CULLER,
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={timeout}"],
    }
    return [service], [role]


def configure(
    c: Any, manifest_path: str | os.PathLike[str], standalone: bool = True
) -> dict[str, Any]:
    """Apply the workshop's settings to a JupyterHub config object `c`. `standalone`: also
    the address and the hub's own files (TLJH sets those itself)."""
    path = str(Path(manifest_path).resolve())
    data = read_manifest(path)
    hub = data["hub"]
    c.JupyterHub.authenticator_class = TeamAuthenticator
    c.TeamAuthenticator.manifest = path
    c.Authenticator.allowed_users = _union(c.Authenticator, "allowed_users", logins(data))
    c.Authenticator.admin_users = _union(
        c.Authenticator, "admin_users", [data["facilitator"]["user"]]
    )
    c.JupyterHub.spawner_class = TeamSpawner
    c.TeamSpawner.manifest = path
    c.Spawner.pre_spawn_hook = prepare_server
    c.Spawner.default_url = START_HERE
    c.Spawner.http_timeout = 120
    c.Spawner.start_timeout = 120
    if not standalone:  # TLJH: its user environment, culler, address and database
        return data
    c.Spawner.cmd = singleuser_cmd()
    services, roles = culler_service(int(hub.get("idle_timeout", 3600)))
    _extend(c.JupyterHub, "services", services)
    _extend(c.JupyterHub, "load_roles", roles)
    c.JupyterHub.bind_url = hub["url"]
    folder = Path(path).parent
    c.JupyterHub.db_url = f"sqlite:///{folder / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(folder / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.pid_file = str(folder / "jupyterhub-proxy.pid")
    return data


def _union(section: Any, key: str, names: Any) -> set[str]:
    """Names already allowed (by TLJH's config, say) and ours."""
    current = section.get(key, set())
    return set(current if isinstance(current, (set, list, tuple)) else ()) | set(names)


def _extend(section: Any, key: str, items: list[dict[str, Any]]) -> None:
    """Add to a list setting that other config (TLJH's, say) may have set already."""
    current = section[key] if key in section and isinstance(section[key], list) else []
    names = {item["name"] for item in items}
    section[key] = [x for x in current if x.get("name") not in names] + items


__all__ = ["TeamAuthenticator", "TeamSpawner", "configure", "prepare_server"]
