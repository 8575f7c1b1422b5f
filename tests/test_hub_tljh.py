"""The TLJH plugin, called the way TLJH calls it: a pluggy plugin manager for the project
"tljh" with the hook names of TLJH's `tljh/hooks.py` (TLJH itself is not installed here:
it installs a whole server)."""

from __future__ import annotations

import tomllib

import pluggy
import pytest
from traitlets.config import Config

from guidelib.hub import HubSettings, prepare_hub, tljh_plugin
from guidelib.hub.runtime import TeamAuthenticator, TeamSpawner

from .conftest import ROOT

hookspec = pluggy.HookspecMarker("tljh")


class TLJHSpec:
    """The hooks guidelib implements, as TLJH declares them."""

    @hookspec
    def tljh_extra_user_pip_packages(self):
        """Extra pip packages for the user environment."""

    @hookspec
    def tljh_config_post_install(self, config):
        """Change TLJH's config.yaml after install."""

    @hookspec
    def tljh_custom_jupyterhub_config(self, c):
        """Change the JupyterHub config object."""


@pytest.fixture
def tljh():
    pm = pluggy.PluginManager("tljh")
    pm.add_hookspecs(TLJHSpec)
    pm.register(tljh_plugin)
    return pm


def test_the_entry_point_names_the_plugin():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["entry-points"]["tljh"] == {"guidelib": "guidelib.hub.tljh_plugin"}


def test_user_environment_gets_guidelib(tljh):
    (packages,) = tljh.hook.tljh_extra_user_pip_packages()
    assert any("guidelib" in p for p in packages)


def test_post_install_turns_the_culler_on_but_keeps_the_organisers_settings(tljh):
    config = {"services": {"cull": {"timeout": 600}}}
    tljh.hook.tljh_config_post_install(config=config)
    assert config["services"]["cull"] == {"timeout": 600, "enabled": True}
    fresh = {}
    tljh.hook.tljh_config_post_install(config=fresh)
    assert fresh["services"]["cull"] == {"enabled": True, "timeout": 3600}


def test_without_teams_json_tljh_is_left_alone(tljh, monkeypatch, tmp_path):
    monkeypatch.setenv(tljh_plugin.ENV, str(tmp_path / "missing.json"))
    c = Config()
    c.JupyterHub.authenticator_class = "tljh-default"
    tljh.hook.tljh_custom_jupyterhub_config(c=c)
    assert c.JupyterHub.authenticator_class == "tljh-default"


def test_with_teams_json_the_workshop_settings_apply(tljh, monkeypatch, tmp_path):
    csv = tmp_path / "teams.csv"
    csv.write_text("team\nRiverbend kinship care\nLakeside youth justice\n")
    result = prepare_hub(csv, tmp_path / "hub", HubSettings(), ROOT)
    monkeypatch.setenv(tljh_plugin.ENV, str(result.out / "teams.json"))
    c = Config()  # as TLJH leaves it: its spawner, its admins, its culler
    c.JupyterHub.spawner_class = "tljh.user_creating_spawner.UserCreatingSpawner"
    c.Authenticator.admin_users = {"organiser"}
    c.JupyterHub.services = [{"name": "cull-idle", "command": ["tljh-culler"]}]
    c.Spawner.cmd = ["/opt/tljh/user/bin/jupyterhub-singleuser"]
    tljh.hook.tljh_custom_jupyterhub_config(c=c)
    assert c.JupyterHub.authenticator_class is TeamAuthenticator
    assert c.JupyterHub.spawner_class is TeamSpawner
    assert c.Authenticator.admin_users == {"organiser", "facilitator"}
    assert {"riverbend-kinship-care", "lakeside-youth-justice"} <= c.Authenticator.allowed_users
    assert c.Spawner.default_url.endswith("00_start_here.ipynb")
    # TLJH keeps its user environment, its culler, its address and its database.
    assert c.Spawner.cmd == ["/opt/tljh/user/bin/jupyterhub-singleuser"]
    assert [s["name"] for s in c.JupyterHub.services] == ["cull-idle"]
    assert "bind_url" not in c.JupyterHub and "db_url" not in c.JupyterHub
