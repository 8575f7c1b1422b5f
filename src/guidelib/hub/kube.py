"""The workshop on Zero to JupyterHub (Kubernetes): `deploy/z2jh/values.yaml` calls
`configure_kube(c, teams_json)` from `hub.extraConfig`.

On Kubernetes every pod runs as the same user (jovyan), so Unix permissions cannot keep
teams apart; mounts do. All teams' folders live on one shared volume (ReadWriteMany, such
as NFS) as `teams/<folder>/`. A team's pod mounts only its own folder (a `subPath`), so
other teams' files are not in its file system at all; the facilitator's pod mounts the
whole `teams/` folder read-only. The hub mounts the volume too, to copy each team's
pre-filled workbook from `seed/` on its first start.

Prepare teams.json for this layout with
`guidelib hub TEAMS.csv --out hub --home-base /home/jovyan/teams --user-prefix ""`:
then a team's home in teams.json is the path where its pod sees its folder, and
the facilitator view reads every team from `/home/jovyan/teams/teams.json`, which the
hub writes there (without password hashes) when the facilitator's server starts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .accounts import read_manifest
from .homes import public_manifest
from .runtime import FACILITATOR_VIEW, START_HERE, TeamAuthenticator, logins

VOLUME = "guidelib-teams"  # the volume's name in the pod spec
HUB_MOUNT = "/srv/guidelib"  # where the hub sees the shared volume


def team_mounts(manifest: dict[str, Any], user: str) -> dict[str, Any]:
    """The pod settings for hub user `user`: its mounts, environment and first page."""
    team = logins(manifest)[user][0]
    home = Path(manifest["hub"]["home_base"])
    if team is None:  # the facilitator: every team, read-only
        mounts = [{"name": VOLUME, "mountPath": str(home), "subPath": "teams", "readOnly": True}]
        # load_cohort reads a hub's teams.json given as the workbook "folder"
        env = {"GUIDELIB_WORKBOOK_DIR": str(home / "teams.json")}
        env["GUIDELIB_AUDIENCE"] = "facilitator"
        return {"volume_mounts": mounts, "environment": env, "default_url": FACILITATOR_VIEW}
    folder = Path(team["home"]).name
    mounts = [{"name": VOLUME, "mountPath": team["home"], "subPath": f"teams/{folder}"}]
    env = {
        "GUIDELIB_WORKBOOK_DIR": f"{team['home']}/workbook",
        "GUIDELIB_WORKBOOK": team["slug"],
        "GUIDELIB_AUDIENCE": "team",
    }
    return {"volume_mounts": mounts, "environment": env, "default_url": START_HERE}


def seed_team(manifest: dict[str, Any], user: str, root: Path = Path(HUB_MOUNT)) -> None:
    """Copy the team's pre-filled workbook onto the shared volume, the first time only;
    for the facilitator, teams.json without password hashes beside the teams' folders."""
    team = logins(manifest)[user][0]
    if team is None:
        (root / "teams").mkdir(parents=True, exist_ok=True)
        text = json.dumps(public_manifest(manifest), indent=2, ensure_ascii=False)
        (root / "teams" / "teams.json").write_text(text, encoding="utf-8")
        return
    name = Path(team["workbook"]).name
    target = root / "teams" / Path(team["home"]).name / "workbook" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / "seed" / "workbook" / name, target)


def configure_kube(
    c: Any, manifest_path: str, claim: str = "guidelib-teams", root: str = HUB_MOUNT
) -> None:
    """Logins from teams.json, and a `pre_spawn_hook` giving each pod its team's mounts."""
    data = read_manifest(manifest_path)
    c.JupyterHub.authenticator_class = TeamAuthenticator
    c.TeamAuthenticator.manifest = manifest_path
    c.Authenticator.allowed_users = set(logins(data))
    c.Authenticator.admin_users = {data["facilitator"]["user"]}
    c.KubeSpawner.volumes = [{"name": VOLUME, "persistentVolumeClaim": {"claimName": claim}}]

    def pre_spawn_hook(spawner: Any) -> None:
        manifest = read_manifest(manifest_path)
        seed_team(manifest, spawner.user.name, Path(root))
        pod = team_mounts(manifest, spawner.user.name)
        spawner.volume_mounts = list(spawner.volume_mounts or []) + pod["volume_mounts"]
        spawner.environment = {**(spawner.environment or {}), **pod["environment"]}
        spawner.default_url = pod["default_url"]
        if pod["default_url"] == START_HERE:
            spawner.args = [*list(spawner.args or []), "--ServerApp.terminals_enabled=False"]

    c.KubeSpawner.pre_spawn_hook = pre_spawn_hook
