"""The Littlest JupyterHub (TLJH) plugin: the same workshop settings on a TLJH server.

Install TLJH with it, then prepare the teams and reload the hub (README, "Running a
workshop"):

    curl -L https://tljh.jupyter.org/bootstrap.py | sudo python3 - \\
        --admin facilitator --plugin git+https://github.com/OWNER/REPO
    sudo /opt/tljh/hub/bin/guidelib hub teams.csv --out /opt/tljh/config/guidelib \\
        --root <a clone of the repository>
    sudo tljh-config reload hub

TLJH loads this module through the `tljh` entry point and calls its hooks (names from
TLJH's `tljh/hooks.py`). Without a teams.json the hub is left as TLJH made it. On TLJH
the teams' servers run from TLJH's user environment with TLJH's idle culler; the spawner
is guidelib's (a local process as the team's Unix user, `jupyter-<team>` as TLJH names
them), so TLJH's per-user systemd memory limits do not apply.
"""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

import pluggy  # TLJH's hub environment has it (TLJH's plugins are pluggy plugins)

hookimpl = pluggy.HookimplMarker("tljh")

#: Where `guidelib hub --out` should write on a TLJH server (TLJH's own config folder).
TEAMS_JSON = "/opt/tljh/config/guidelib/teams.json"
ENV = "GUIDELIB_HUB_TEAMS"
IDLE_TIMEOUT = 3600


def teams_json() -> Path:
    return Path(os.environ.get(ENV) or TEAMS_JSON)


def _source() -> str:
    """How guidelib was installed in the hub (PEP 610), so the user environment gets the
    same: a git URL for `--plugin git+https://...`, else the name."""
    try:
        info = json.loads(metadata.distribution("guidelib").read_text("direct_url.json") or "")
    except (metadata.PackageNotFoundError, ValueError):
        return "guidelib"
    vcs = info.get("vcs_info", {})
    if vcs.get("vcs") == "git":
        return f"git+{info['url']}@{vcs.get('commit_id', 'HEAD')}"
    return "guidelib"


@hookimpl
def tljh_extra_user_pip_packages() -> list[str]:
    """guidelib (with Voilà and the rest) in the teams' environment."""
    return [_source()]


@hookimpl
def tljh_config_post_install(config: dict[str, Any]) -> None:
    """Defaults in TLJH's config.yaml, where the organiser has not set them: TLJH's idle
    culler on, stopping servers idle for an hour. (The first page, Voilà's Start here, is
    set per server by guidelib's spawner.)"""
    cull = config.setdefault("services", {}).setdefault("cull", {})
    cull.setdefault("enabled", True)
    cull.setdefault("timeout", IDLE_TIMEOUT)


@hookimpl
def tljh_custom_jupyterhub_config(c: Any) -> None:
    """The workshop's logins, spawner, homes and first pages, from teams.json."""
    path = teams_json()
    if not path.is_file():
        return  # `guidelib hub` has not been run yet: TLJH's own settings stay
    from .runtime import configure  # imports JupyterHub, which the hub has

    configure(c, path, standalone=False)
