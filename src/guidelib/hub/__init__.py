"""A workshop on JupyterHub: each team in its own server, as its own Unix user, and the
facilitator (a hub admin) reading every team's workbook.

>>> result = prepare_hub("teams.csv", "hub")  # doctest: +SKIP
>>> print(result.start)  # doctest: +SKIP
sudo jupyterhub -f /abs/hub/jupyterhub_config.py

DIR after `guidelib hub TEAMS.csv --out DIR` (DIR is mode 0700: it holds passwords):

    DIR/jupyterhub_config.py   `jupyterhub -f` this, as root (it creates Unix users)
    DIR/teams.json             per team its logins, Unix user, workbook; the facilitator
    DIR/passwords.json         the passwords, kept so a rerun prints the same sheet
    DIR/index.html             links and a printable sign-in sheet
    DIR/seed/                  the apps and each team's pre-filled workbook, copied into
                               a team's home on its first login

Nothing here imports JupyterHub: `runtime` (loaded by the hub) does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GuidelibError, plain
from ..workbook.store import write_atomic
from ..workshop import copy_apps, prepare
from ..workshop.teams import RowProblem, read_teams
from .accounts import (
    DEFAULT_PREFIX,
    FACILITATOR_GROUP,
    FACILITATOR_LOGIN,
    MANIFEST,
    PASSWORDS,
    VERSION,
    HubError,
    HubTeam,
    hash_password,
    load_passwords,
    new_password,
    plan_teams,
    write_private,
)

CONFIG = "jupyterhub_config.py"
CONFIG_TEXT = '''\
# JupyterHub configuration for a guidelib workshop, written by `guidelib hub`.
# Start it as root (it creates a Unix user per team):  jupyterhub -f {config}
#
# guidelib.hub.runtime.configure() sets, from teams.json beside this file:
#   - a login per team (or per member), one password each, checked against hashes;
#     the facilitator ({facilitator}) is the hub's admin;
#   - each login's server runs as its team's Unix user ({prefix}<team>), created with its
#     home on first login; homes are mode 2750, group {group}, so the
#     facilitator can read every team's folder and no team can read another's;
#   - Voila "Start here" as each team's first page, no terminals for teams;
#   - jupyterhub-idle-culler as a hub service (servers idle {idle} s are stopped);
#   - the hub at {url}, its database and cookie secret in this folder.
from guidelib.hub.runtime import configure

c = get_config()  # noqa: F821 - JupyterHub provides it
configure(c, {manifest!r})

# Your own settings below (they win over the ones above).
'''


@dataclass
class HubResult:
    out: Path
    teams: list[HubTeam]
    problems: list[RowProblem]
    notes: list[str] = field(default_factory=list)
    url: str = ""
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def config(self) -> Path:
        return self.out / CONFIG

    @property
    def start(self) -> str:
        return f"sudo jupyterhub -f {self.config}"


@dataclass(frozen=True)
class HubSettings:
    ip: str = "127.0.0.1"
    port: int = 8000
    home_base: str = "/home"
    prefix: str = DEFAULT_PREFIX
    group: str = FACILITATOR_GROUP
    facilitator: str = FACILITATOR_LOGIN
    idle_timeout: int = 3600

    @property
    def url(self) -> str:
        host = f"[{self.ip}]" if ":" in self.ip else self.ip
        return f"http://{host}:{self.port}/"


def _manifest(
    out: Path, planned: list[HubTeam], passwords: dict[str, str], s: HubSettings
) -> dict[str, Any]:
    fac_unix = s.prefix + s.facilitator
    hashes = {user: hash_password(pw) for user, pw in passwords.items()}
    teams = [
        {
            "name": t.name,
            "slug": t.slug,
            "unix_user": t.unix_user,
            "home": t.home,
            "workbook": t.workbook,
            "login": t.how,
            "users": [
                {"user": lg.user, "member": lg.member, "password_hash": hashes[lg.user]}
                for lg in t.logins
            ],
            "dashboard": (
                f"{s.url}user/{t.logins[0].user}/voila/render/notebooks/dashboard.ipynb"
                f"?workbook={t.slug}"
            ),
        }
        for t in planned
    ]
    return {
        "kind": "guidelib-hub",
        "version": VERSION,
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "hub": {
            "url": s.url,
            "home_base": s.home_base,
            "user_prefix": s.prefix,
            "facilitator_group": s.group,
            "idle_timeout": s.idle_timeout,
            "seed": str(out / "seed"),
        },
        "facilitator": {
            "user": s.facilitator,
            "unix_user": fac_unix,
            "home": f"{s.home_base.rstrip('/')}/{fac_unix}",
            "login": "its own password; it is the hub's admin",
            "password_hash": hashes[s.facilitator],
        },
        "teams": teams,
    }


def _passwords(out: Path, planned: list[HubTeam], facilitator: str) -> dict[str, str]:
    """Every login's password: the one kept from a previous run, else a new one."""
    kept = load_passwords(out)
    users = [facilitator] + [lg.user for t in planned for lg in t.logins]
    fresh = {u: kept.get(u) or new_password(8 if u == facilitator else 3) for u in users}
    write_private(out / PASSWORDS, json.dumps(fresh, indent=2))
    return fresh


def prepare_hub(
    teams_csv: str | os.PathLike[str],
    out: str | os.PathLike[str],
    settings: HubSettings | None = None,
    root: str | os.PathLike[str] | None = None,
) -> HubResult:
    """Write DIR (see the module's docstring) for the teams of `teams_csv`."""
    from ..launch import find_root
    from .page import hub_page

    s = settings or HubSettings()
    if not s.home_base.startswith("/"):
        raise HubError(f"--home-base must be an absolute path, not {s.home_base!r}.")
    folder = find_root(Path(root)) if root else find_root()
    teams, problems, notes = read_teams(teams_csv)
    target = Path(out).expanduser().resolve()
    planned: list[HubTeam] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        os.chmod(target, 0o700)
        copy_apps(folder, target / "seed" / "apps")
        by_slug = {}
        for team in teams:
            try:
                prepare(team, target / "seed")
                by_slug[team.slug] = team
            except (GuidelibError, OSError) as exc:
                problems.append(RowProblem(team.row, team.name, plain(exc)))
        planned = plan_teams(list(by_slug.values()), s.prefix, s.home_base, s.facilitator)
        passwords = _passwords(target, planned, s.facilitator)
        manifest = _manifest(target, planned, passwords, s)
        write_private(target / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        text = CONFIG_TEXT.format(
            config=target / CONFIG, manifest=str(target / MANIFEST), facilitator=s.facilitator,
            prefix=s.prefix, group=s.group, idle=s.idle_timeout, url=s.url,
        )
        write_atomic(target / CONFIG, text.encode("utf-8"))
        write_private(target / "index.html", hub_page(manifest, passwords, problems))
    except OSError as exc:
        raise GuidelibError(f"Could not write into {target}: {exc.strerror or exc}.") from None
    problems.sort(key=lambda p: p.row)
    return HubResult(target, planned, problems, notes, s.url, passwords)


__all__ = ["HubResult", "HubSettings", "prepare_hub"]
