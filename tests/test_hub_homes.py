"""Homes on a hub, made by root (so run as root, with a throwaway user prefix): their
owners and modes, and root never following a link a team or the facilitator planted."""

from __future__ import annotations

import json
import os
import secrets
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from guidelib.hub import HubSettings, prepare_hub
from guidelib.hub.homes import prepare_facilitator, prepare_team, remove_account

from .conftest import ROOT
from .hubs import require_root


@pytest.fixture
def hub():
    require_root()
    base = Path(tempfile.mkdtemp(prefix="guidelib-homes-", dir="/tmp"))
    os.chmod(base, 0o755)
    prefix = "h" + secrets.token_hex(3) + "-"
    csv = base / "teams.csv"
    csv.write_text("team\nRiverbend kinship care\n")
    settings = HubSettings(home_base=str(base / "homes"), prefix=prefix, group=prefix + "fac")
    result = prepare_hub(csv, base / "hub", settings, ROOT)
    manifest = json.loads((result.out / "teams.json").read_text())
    try:
        yield manifest, base
    finally:
        for who in [*manifest["teams"], manifest["facilitator"]]:
            remove_account(who["unix_user"], who["home"])
        subprocess.run(["groupdel", prefix + "fac"], capture_output=True, check=False)
        subprocess.run(["rm", "-rf", str(base)], check=False)


def test_a_team_home_is_its_own_and_the_facilitators_to_read(hub):
    manifest, _ = hub
    (team,) = manifest["teams"]
    home = prepare_team(manifest, team)
    info, wb = home.stat(), Path(team["workbook"]).stat()
    assert stat.S_IMODE(info.st_mode) == 0o2750
    assert stat.S_IMODE(wb.st_mode) == 0o640
    import grp
    import pwd

    assert pwd.getpwuid(wb.st_uid).pw_name == team["unix_user"]
    assert grp.getgrgid(wb.st_gid).gr_name == manifest["hub"]["facilitator_group"]
    fac = pwd.getpwnam(prepare_facilitator(manifest).owner())
    assert manifest["hub"]["facilitator_group"] in [
        g.gr_name for g in grp.getgrall() if fac.pw_name in g.gr_mem
    ]


def test_root_never_follows_a_link_a_team_plants(hub):
    manifest, base = hub
    (team,) = manifest["teams"]
    home = prepare_team(manifest, team)
    target = base / "written-by-root"
    notebook = home / "notebooks" / "dashboard.ipynb"
    notebook.unlink()
    notebook.symlink_to(target)  # dangling: a naive copy would create it, as root
    Path(team["workbook"]).unlink()
    Path(team["workbook"]).symlink_to(base / "workbook-by-root")
    prepare_team(manifest, team)  # the team's next start
    assert not target.exists() and not (base / "workbook-by-root").exists()


def test_root_replaces_a_link_in_place_of_the_facilitators_teams_json(hub):
    manifest, base = hub
    home = prepare_facilitator(manifest)
    (home / "teams.json").unlink()
    (home / "teams.json").symlink_to(base / "teams-by-root")
    prepare_facilitator(manifest)
    assert not (base / "teams-by-root").exists()
    assert not (home / "teams.json").is_symlink()
    assert "password_hash" not in (home / "teams.json").read_text()
