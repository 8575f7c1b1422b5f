"""Who logs in to a workshop hub, as whom it runs, and where its files are: `teams.json`.

Every team gets a hub login (its name, cut to fit) and a Unix user `<prefix><login>` whose
home holds the team's workbook. When the CSV names members, each member gets a login of
their own that runs as the team's Unix user on the team's folder, so two members of a team
share one workbook and the store's file lock. The facilitator is a hub admin whose Unix user
is in the facilitators' group, which may read (never change) every team's home.

Passwords are random, one per login. `passwords.json` (mode 0600) keeps them so that
running `guidelib hub` again prints the same sign-in sheet; `teams.json` holds only salted
hashes, which the hub checks at login.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GuidelibError
from ..workbook.paths import slugify

MANIFEST = "teams.json"
PASSWORDS = "passwords.json"
VERSION = 1
UNIX_MAX = 32  # useradd's limit on a user name
UNIX_NAME = re.compile(r"^[a-z_][a-z0-9_-]*$")
#: Letters and digits nobody misreads on a printed sheet (no 0/o, 1/l/i).
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ITERATIONS = 120_000  # PBKDF2-SHA256: ~0.05 s a login here, slow for anyone guessing
FACILITATOR_LOGIN = "facilitator"
FACILITATOR_GROUP = "guidelib-facilitators"
DEFAULT_PREFIX = "jupyter-"  # as The Littlest JupyterHub names its users


class HubError(GuidelibError):
    """The hub's settings cannot work (a name too long, a bad prefix)."""


def new_password(groups: int = 3) -> str:
    """'k7dq-m3xa-p9tw': 60 bits, easy to type from paper."""
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(groups)
    )


def hash_password(password: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), ITERATIONS)
    return f"pbkdf2_sha256${ITERATIONS}${salt}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, rounds, salt, digest = stored.split("$")
        mine = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(rounds))
    except (ValueError, TypeError):
        return False
    return scheme == "pbkdf2_sha256" and hmac.compare_digest(mine.hex(), digest)


def check_prefix(prefix: str) -> str:
    if prefix and (not UNIX_NAME.match(prefix) or len(prefix) > 12):  # "" on Kubernetes
        raise HubError(
            f"{prefix!r} cannot start Unix user names: use up to 12 lowercase letters, "
            "digits, '-' or '_', starting with a letter (the default is 'jupyter-')."
        )
    return prefix


def login_names(names: list[str], room: int, taken: set[str]) -> list[str]:
    """Unique logins from names: slugs cut to `room` characters, '-2', '-3'... on a clash."""
    out = []
    for name in names:
        base = slugify(name)[:room].rstrip("-") or "team"
        login, n = base, 1
        while login in taken:
            n += 1
            login = f"{base[: room - len(str(n)) - 1].rstrip('-')}-{n}"
        taken.add(login)
        out.append(login)
    return out


@dataclass
class Login:
    user: str  # the hub user name typed at the login form
    member: str = ""  # the member's name, when each member logs in


@dataclass
class HubTeam:
    name: str
    slug: str
    unix_user: str
    home: str
    logins: list[Login] = field(default_factory=list)

    @property
    def workbook(self) -> str:
        return f"{self.home}/workbook/{self.slug}.json"

    @property
    def how(self) -> str:
        return "a password per member" if self.logins[0].member else "one password for the team"


def plan_teams(
    teams: list[Any], prefix: str, home_base: str, facilitator: str
) -> list[HubTeam]:
    """Logins and Unix users for `teams` (workshop `Team`s), in the CSV's order."""
    room = UNIX_MAX - len(check_prefix(prefix))
    taken = {facilitator}
    logins = login_names([t.slug for t in teams], room, taken)
    planned = []
    for team, login in zip(teams, logins, strict=True):
        unix = prefix + login
        hub = HubTeam(team.name, team.slug, unix, f"{home_base.rstrip('/')}/{unix}")
        if team.members:
            names = login_names([f"{login}-{m}" for m in team.members], 40, taken)
            hub.logins = [Login(n, m) for n, m in zip(names, team.members, strict=True)]
        else:
            hub.logins = [Login(login)]
        planned.append(hub)
    return planned


def load_passwords(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / PASSWORDS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (it holds passwords)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any]:
    """teams.json as written by `guidelib hub`; HubError in one sentence when it is not."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HubError(f"Could not read {path}: {exc.strerror or exc}.") from None
    except ValueError:
        raise HubError(f"{path} is not a hub's teams.json (it is not JSON).") from None
    if not isinstance(data, dict) or data.get("kind") != "guidelib-hub":
        raise HubError(f"{path} is not a hub's teams.json (written by `guidelib hub`).")
    return data


__all__ = [
    "FACILITATOR_GROUP",
    "FACILITATOR_LOGIN",
    "HubError",
    "HubTeam",
    "check_password",
    "hash_password",
    "new_password",
    "plan_teams",
    "read_manifest",
]
