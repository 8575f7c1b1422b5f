"""Unix users and home folders for a workshop hub, made on a login's first start (as The
Littlest JupyterHub does). Runs in the hub, as root.

A team's home is owned by the team's user and the facilitators' group, mode 2750: the team
reads and writes it, the facilitators' group reads it, nobody else may even list it. The
set-group-ID bit makes every file the team saves later belong to the facilitators' group,
and the team's servers run with umask 027, so new files are 0640: still readable by the
facilitators, still closed to other teams. The facilitator's home (mode 0700) holds the
apps and `teams.json` without password hashes, which the facilitator view reads as its
"folder" (`cohort.load_cohort` reads every team's workbook from the homes it lists).
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .accounts import HubError

TEAM_DIR_MODE = 0o2750
TEAM_FILE_MODE = 0o640
UMASK = 0o027
_SHELLS = ("/usr/sbin/nologin", "/sbin/nologin")
NOLOGIN = next((s for s in _SHELLS if Path(s).exists()), "/bin/false")


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise HubError(f"{' '.join(cmd[:1])} failed: {(done.stderr or done.stdout).strip()}")


def ensure_group(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _run(["groupadd", "--system", name])
        return grp.getgrnam(name).gr_gid


def ensure_user(name: str, home: str, groups: tuple[str, ...] = ()) -> pwd.struct_passwd:
    """A system user with its own group and no login shell; `home` is made separately."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        cmd = ["useradd", "--system", "--user-group", "--no-create-home", "--home-dir", home]
        cmd += ["--shell", NOLOGIN] + (["--groups", ",".join(groups)] if groups else [])
        _run([*cmd, name])
        entry = pwd.getpwnam(name)
    return entry


def _own_tree(root: Path, uid: int, gid: int, dir_mode: int, file_mode: int) -> None:
    """Hand a tree root has just made to its user. Only ever called on a new home, before
    its user can reach it, so nothing in it can be a link planted to mislead root."""
    for folder, _dirs, files in os.walk(root):
        os.chown(folder, uid, gid, follow_symlinks=False)
        os.chmod(folder, dir_mode)
        for name in files:
            os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)
            os.chmod(os.path.join(folder, name), file_mode)


def _new_home(home: Path, seed: Path) -> None:
    """A home made by root with the apps, closed (0700, root) until `_own_tree`."""
    home.parent.mkdir(parents=True, exist_ok=True)
    home.mkdir(mode=0o700)
    shutil.copytree(seed / "apps" / "notebooks", home / "notebooks")
    if (seed / "apps" / "voila.json").is_file():
        shutil.copyfile(seed / "apps" / "voila.json", home / "voila.json")


def prepare_team(manifest: dict[str, Any], team: dict[str, Any]) -> Path:
    """The team's Unix user, and its home with the apps and its pre-filled workbook, made
    on the first start only. Root never writes into a home that exists: its team could
    have put links there for root to follow."""
    hub = manifest["hub"]
    gid = ensure_group(hub["facilitator_group"])
    user = ensure_user(team["unix_user"], team["home"])
    home = Path(team["home"])
    if home.exists():
        return home
    _new_home(home, Path(hub["seed"]))
    workbook = Path(team["workbook"])
    workbook.parent.mkdir()
    shutil.copyfile(Path(hub["seed"]) / "workbook" / workbook.name, workbook)
    _own_tree(home, user.pw_uid, gid, TEAM_DIR_MODE, TEAM_FILE_MODE)
    return home


def public_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    """teams.json without password hashes, for the facilitator's home."""
    out = json.loads(json.dumps(manifest))
    out["facilitator"].pop("password_hash", None)
    for team in out["teams"]:
        for login in team["users"]:
            login.pop("password_hash", None)
    return out


def prepare_facilitator(manifest: dict[str, Any]) -> Path:
    """The facilitator's user (in the facilitators' group) and home with the apps, and
    teams.json written again at every start (teams may have been added): into a new file
    that replaces the old, so a link left in its place is replaced, never followed."""
    hub, fac = manifest["hub"], manifest["facilitator"]
    ensure_group(hub["facilitator_group"])
    user = ensure_user(fac["unix_user"], fac["home"], (hub["facilitator_group"],))
    home = Path(fac["home"])
    if not home.exists():
        _new_home(home, Path(hub["seed"]))
        _own_tree(home, user.pw_uid, user.pw_gid, 0o700, 0o600)
    text = json.dumps(public_manifest(manifest), indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(dir=home, prefix=".teams.json.")  # O_EXCL, mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchown(fh.fileno(), user.pw_uid, user.pw_gid)
            fh.write(text)
        os.replace(tmp, home / "teams.json")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return home


def remove_account(name: str, home: str | None = None) -> None:
    """Delete a Unix user (and its home, when given); for tests and `--remove`."""
    subprocess.run(["userdel", name], capture_output=True, check=False)
    subprocess.run(["groupdel", name], capture_output=True, check=False)
    if home:
        shutil.rmtree(home, ignore_errors=True)
