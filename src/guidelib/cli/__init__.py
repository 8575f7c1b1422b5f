"""The `guidelib` command. Each subcommand is a `cmd_x(args) -> int` registered with
`@command(name, setup)` in the module of this package for its area (`book`, `data`,
`servers`, `survey`); the option vocabulary is in `_base`. Errors become one plain line on
stderr and exit status 1, never a traceback (set GUIDELIB_DEBUG=1 for one)."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..cmdline import Parser, run

# Each module registers its commands; `--help` lists them in this order.
from . import book, data, servers, survey  # noqa: F401
from ._base import COMMANDS, command


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, that one command's options alone (the others' set-ups
    import documents, survey and numpy: about half a second before a data check starts)."""
    top = Parser(
        prog="guidelib", description="The Sharing Data for Social Impact guidebook and workbook."
    )
    top.add_argument("--version", action="version", version=f"guidelib {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (fn, setup) in COMMANDS.items():
        if only in (None, name):
            setup(sub.add_parser(name, help=fn.__doc__, description=fn.__doc__))
    return top


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv

    def call() -> int:
        only = given[0] if given and given[0] in COMMANDS else None
        args = parser(only).parse_args(given)
        return COMMANDS[args.command][0](args)

    return run(call)


__all__ = ["COMMANDS", "command", "main", "parser"]
