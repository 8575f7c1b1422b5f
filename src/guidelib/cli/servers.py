"""`guidelib run`, `serve-public`, `workshop`, `hub` and `binder-links`: the servers and
the workshop set-ups. Each imports what it starts only when it runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cmdline import whole
from ._base import command, out_option, root_option

PORT = whole("--port", 1, 65535)


def _listen_options(p: argparse.ArgumentParser, port: int) -> None:
    root_option(p)
    p.add_argument("--port", type=PORT, default=port, help=f"first port to try (default {port})")
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")


def _setup_run(p: argparse.ArgumentParser) -> None:
    _listen_options(p, 8888)
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")


@command("run", _setup_run)
def cmd_run(args: argparse.Namespace) -> int:
    """Launch JupyterLab (with Voilà) on the guidebook."""
    from ..launch import run

    return run(root=args.root, port=args.port, ip=args.ip, open_browser=not args.no_browser)


def _setup_serve_public(p: argparse.ArgumentParser) -> None:
    _listen_options(p, 8866)
    p.add_argument(
        "--dashboard",
        action="append",
        metavar="WORKBOOK",
        help="also publish this workbook's stakeholder dashboard; repeatable",
    )


@command("serve-public", _setup_serve_public)
def cmd_serve_public(args: argparse.Namespace) -> int:
    """Serve only the public pages (the survey, and dashboards you name) with Voilà."""
    from ..public import serve_public

    return serve_public(root=args.root, port=args.port, ip=args.ip, dashboards=args.dashboard)


def _setup_workshop(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "teams", help="CSV, one row per team: team, facilitator, policy problem, members"
    )
    out_option(p, "the folder to prepare (created if needed)")
    p.add_argument(
        "--binder-repo", metavar="OWNER/REPO[@REF]", help="add mybinder.org links to the page"
    )
    p.add_argument("--jobs", type=whole("--jobs", 1), metavar="N",
                   help="teams run at once (default: cores, at most 2)")  # fmt: skip
    root_option(p)
    p.add_argument(
        "--publish",
        action="store_true",
        help="also write every team's dashboard as a static site in OUT/site",
    )


@command("workshop", _setup_workshop)
def cmd_workshop(args: argparse.Namespace) -> int:
    """Prepare a workshop: a workbook and run notebooks per team of a CSV, and index.html."""
    from ..binder import BinderRepo
    from ..workshop import run_workshop  # lazy: papermill and tqdm load only here

    repo = BinderRepo.parse(args.binder_repo) if args.binder_repo else None
    result = run_workshop(args.teams, args.out, args.root, args.jobs, repo)
    if args.publish:
        from ..publish import publish_all

        site = publish_all(Path(result.index).parent / "workbook", Path(args.out) / "site")
        print(f"Wrote {site}: every team's dashboard as a static page.")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in result.problems:
        print(f"guidelib: {problem}", file=sys.stderr)
    for o in result.failed:
        print(f"guidelib: Row {o.row} ({o.name}): {o.reason}", file=sys.stderr)
    counts = {s: sum(o.status == s for o in result.outcomes) for s in ("ready", "already done")}
    print(
        f"Wrote {result.index}: {counts['ready']} ready, {counts['already done']} already done, "
        f"{len(result.failed) + len(result.problems)} failed."
    )
    return 0 if result.ok else 1


def _setup_hub(p: argparse.ArgumentParser) -> None:
    from ..hub.accounts import DEFAULT_PREFIX, FACILITATOR_GROUP, FACILITATOR_LOGIN

    p.add_argument("teams", help="the same CSV as `guidelib workshop`: one row per team")
    out_option(p, "the folder to prepare (created if needed)")
    p.add_argument("--ip", default="127.0.0.1", help="address the hub listens on")
    p.add_argument("--port", type=PORT, default=8000, help="the hub's port (default 8000)")
    p.add_argument("--home-base", default="/home", help="where team homes go (default /home)")
    p.add_argument("--user-prefix", default=DEFAULT_PREFIX, help="Unix user names start so")
    p.add_argument("--group", default=FACILITATOR_GROUP, help="the facilitators' Unix group")
    p.add_argument("--facilitator", default=FACILITATOR_LOGIN, help="the admin's login")
    p.add_argument("--idle-timeout", type=whole("--idle-timeout", 1), default=3600,
                   metavar="SECONDS", help="stop idle servers (default 3600)")  # fmt: skip
    root_option(p)


@command("hub", _setup_hub)
def cmd_hub(args: argparse.Namespace) -> int:
    """Prepare a JupyterHub for a workshop: a login and a Unix user per team, the
    facilitator as admin, and a printable sign-in sheet."""
    from ..hub import HubSettings, prepare_hub

    settings = HubSettings(
        args.ip, args.port, args.home_base, args.user_prefix, args.group,
        args.facilitator, args.idle_timeout,
    )  # fmt: skip
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


def _setup_binder_links(p: argparse.ArgumentParser) -> None:
    p.add_argument("repo", metavar="OWNER/REPO[@REF]", help="the GitHub repository (REF: HEAD)")
    p.add_argument(
        "--workbook",
        default="example-kinship-care",
        help="open the apps on this workbook ('' for none; default: the worked example)",
    )
    p.add_argument("--readme", metavar="PATH", help="replace the badges in this README")
    root_option(p)


@command("binder-links", _setup_binder_links)
def cmd_binder_links(args: argparse.Namespace) -> int:
    """Print README badges that open JupyterLab and each app on mybinder.org."""
    from ..binder import BinderRepo, badges, update_readme
    from ..launch import find_root

    root = find_root(Path(args.root)) if args.root else find_root()
    block = badges(BinderRepo.parse(args.repo), root, args.workbook or None)
    if args.readme:
        update_readme(Path(args.readme), block)
        print(f"Updated the Binder badges in {args.readme}")
    else:
        print(block, end="")
    return 0
