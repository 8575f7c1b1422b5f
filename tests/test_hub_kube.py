"""Zero to JupyterHub: deploy/z2jh/values.yaml parses and uses only the chart's settings,
and `guidelib.hub.kube` gives each pod only its own team's folder."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config

from guidelib.hub import HubSettings, prepare_hub
from guidelib.hub.kube import configure_kube, seed_team, team_mounts
from guidelib.hub.runtime import TeamAuthenticator

from .conftest import ROOT

VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"

#: The chart settings values.yaml may use, from the chart's own values.yaml and
#: values.schema.yaml (jupyterhub/zero-to-jupyterhub-k8s, chart for JupyterHub 5.5). The
#: whole file was validated against that schema when it was written (0 errors).
CHART_KEYS = {
    "hub", "hub.image", "hub.image.name", "hub.image.tag", "hub.config",
    "hub.config.JupyterHub", "hub.config.JupyterHub.admin_access", "hub.extraFiles",
    "hub.extraFiles.teams", "hub.extraFiles.teams.mountPath", "hub.extraVolumes",
    "hub.extraVolumeMounts", "hub.extraConfig", "hub.extraConfig.guidelib",
    "singleuser", "singleuser.image", "singleuser.image.name", "singleuser.image.tag",
    "singleuser.cmd", "singleuser.defaultUrl", "singleuser.storage",
    "singleuser.storage.type", "singleuser.memory", "singleuser.memory.guarantee",
    "singleuser.memory.limit", "singleuser.cpu", "singleuser.cpu.guarantee",
    "singleuser.cpu.limit", "cull", "cull.enabled", "cull.timeout", "cull.every",
    "cull.adminUsers", "prePuller", "prePuller.hook", "prePuller.hook.enabled",
}


def _keys(node, prefix=""):
    for key, value in node.items():
        path = f"{prefix}{key}"
        yield path
        if isinstance(value, dict):
            yield from _keys(value, path + ".")


def test_values_parse_and_name_only_chart_settings():
    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    assert set(_keys(values)) <= CHART_KEYS, set(_keys(values)) - CHART_KEYS
    assert values["singleuser"]["storage"]["type"] in {"none", "static", "dynamic"}
    assert "configure_kube(c, " in values["hub"]["extraConfig"]["guidelib"]
    assert values["cull"]["enabled"] is True
    claim = values["hub"]["extraVolumes"][0]["persistentVolumeClaim"]["claimName"]
    assert f'claim="{claim}"' in values["hub"]["extraConfig"]["guidelib"]
    assert "repo2docker" in VALUES.read_text() and "binder/" in VALUES.read_text()


@pytest.fixture
def manifest(tmp_path):
    csv = tmp_path / "teams.csv"
    csv.write_text("team,members\nRiverbend kinship care,\nLakeside youth justice,Jo; Kim\n")
    settings = HubSettings(home_base="/home/jovyan/teams", prefix="")
    result = prepare_hub(csv, tmp_path / "hub", settings, ROOT)
    return result, json.loads((result.out / "teams.json").read_text())


def test_a_team_pod_mounts_only_its_own_folder(manifest):
    _, m = manifest
    river, lake = m["teams"]
    pod = team_mounts(m, "riverbend-kinship-care")
    (mount,) = pod["volume_mounts"]
    assert mount["subPath"] == "teams/riverbend-kinship-care"
    assert mount["mountPath"] == river["home"] == "/home/jovyan/teams/riverbend-kinship-care"
    assert pod["environment"]["GUIDELIB_WORKBOOK"] == "riverbend-kinship-care"
    # Both members of a team get the same folder, so one workbook and one lock.
    a, b = (team_mounts(m, u["user"])["volume_mounts"] for u in lake["users"])
    assert a == b and a[0]["subPath"] == f"teams/{Path(lake['home']).name}"


def test_the_facilitator_mounts_every_team_read_only(manifest):
    _, m = manifest
    (mount,) = team_mounts(m, "facilitator")["volume_mounts"]
    assert mount == {"name": "guidelib-teams", "mountPath": "/home/jovyan/teams",
                     "subPath": "teams", "readOnly": True}
    env = team_mounts(m, "facilitator")["environment"]
    assert env["GUIDELIB_WORKBOOK_DIR"] == "/home/jovyan/teams/teams.json"
    assert env["GUIDELIB_AUDIENCE"] == "facilitator"
    assert team_mounts(m, "riverbend-kinship-care")["environment"]["GUIDELIB_AUDIENCE"] == "team"


def test_seed_and_hook(manifest, tmp_path):
    result, m = manifest
    volume = tmp_path / "volume"
    (volume / "seed").mkdir(parents=True)
    (volume / "seed" / "workbook").symlink_to(result.out / "seed" / "workbook")
    seed_team(m, "riverbend-kinship-care", volume)
    made = volume / "teams" / "riverbend-kinship-care" / "workbook" / "riverbend-kinship-care.json"
    assert json.loads(made.read_text())["team"]["name"] == "Riverbend kinship care"
    made.write_text("{}")  # the team's own work is never replaced
    seed_team(m, "riverbend-kinship-care", volume)
    assert made.read_text() == "{}"
    seed_team(m, "facilitator", volume)
    public = (volume / "teams" / "teams.json").read_text()
    assert "password_hash" not in public and "riverbend-kinship-care" in public

    c = Config()
    configure_kube(c, str(result.out / "teams.json"))
    assert c.JupyterHub.authenticator_class is TeamAuthenticator
    assert c.KubeSpawner.volumes[0]["persistentVolumeClaim"]["claimName"] == "guidelib-teams"
    assert c.Authenticator.admin_users == {"facilitator"}
    # The hook, on a spawner as KubeSpawner would hand it (kubespawner is not installed here)
    configure_kube(c, str(result.out / "teams.json"), root=str(volume))
    spawner = SimpleNamespace(user=SimpleNamespace(name="lakeside-youth-justice-jo"),
                              volume_mounts=[], environment={}, args=[], default_url="")
    c.KubeSpawner.pre_spawn_hook(spawner)
    assert [v["subPath"] for v in spawner.volume_mounts] == ["teams/lakeside-youth-justice"]
    assert spawner.args == ["--ServerApp.terminals_enabled=False"]
    assert (volume / "teams" / "lakeside-youth-justice" / "workbook").is_dir()
