"""`guidelib hub TEAMS.csv --out DIR`. Imports nothing heavy until it runs."""

from __future__ import annotations

import argparse
import sys


def cmd_hub(args: argparse.Namespace) -> int:
    """Prepare a JupyterHub for a workshop: a login and a Unix user per team, the
    facilitator as admin, and a printable sign-in sheet."""
    from . import HubSettings, prepare_hub

    settings = HubSettings(
        args.ip, args.port, args.home_base, args.user_prefix, args.group,
        args.facilitator, args.idle_timeout,
    )
    result = prepare_hub(args.teams, args.out, settings, args.root)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in result.problems:
        print(f"guidelib: {problem}", file=sys.stderr)
    logins = sum(len(t.logins) for t in result.teams)
    print(f"Prepared {len(result.teams)} teams ({logins} logins) in {result.out}.")
    print(f"Sign-in sheet and links: {result.out / 'index.html'}")
    print(f"Start the hub as root:   jupyterhub -f {result.config}")
    print(f"Then open:               {result.url}")
    return 1 if result.problems else 0


def setup_hub(p: argparse.ArgumentParser) -> None:
    from .accounts import DEFAULT_PREFIX, FACILITATOR_GROUP, FACILITATOR_LOGIN

    p.add_argument("teams", help="the same CSV as `guidelib workshop`: one row per team")
    p.add_argument("--out", required=True, help="the folder to prepare (created if needed)")
    p.add_argument("--ip", default="127.0.0.1", help="address the hub listens on")
    p.add_argument("--port", type=int, default=8000, help="the hub's port (default 8000)")
    p.add_argument("--home-base", default="/home", help="where team homes go (default /home)")
    p.add_argument("--user-prefix", default=DEFAULT_PREFIX, help="Unix user names start so")
    p.add_argument("--group", default=FACILITATOR_GROUP, help="the facilitators' Unix group")
    p.add_argument("--facilitator", default=FACILITATOR_LOGIN, help="the admin's login")
    p.add_argument("--idle-timeout", type=int, default=3600, help="stop idle servers (s)")
    p.add_argument("--root", help="the guidebook folder (default: found from here)")


COMMAND = (cmd_hub, setup_hub)
