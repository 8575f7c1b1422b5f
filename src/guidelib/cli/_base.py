"""What every `guidelib` command shares: the registry, and one spelling per kind of option.

The option vocabulary (docs/ARCHITECTURE.md, "The command line"):

- `WORKBOOK` and `--dir`: a workbook and the folder of workbooks it is read from;
- `--root`: the guidebook folder (the checkout with `notebooks/`), read from;
- `--out DIR`: a folder the command writes into (created if needed);
- `-o/--output FILE`: a file the command writes (some also take a folder for the default
  name);
- `--format`: the format of the file written (`docx`, `html`, `md`, `pdf`, `csv`, ...);
- `--json`: print JSON instead of text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

Command = Callable[[argparse.Namespace], int]
Setup = Callable[[argparse.ArgumentParser], None]
F = TypeVar("F", bound=Command)

#: command name -> (the function that runs it, the function that adds its options).
#: `guidelib --help` lists them in the order they are registered.
COMMANDS: dict[str, tuple[Command, Setup]] = {}


def command(name: str, setup: Setup) -> Callable[[F], F]:
    """Register `cmd_x(args) -> int` as `guidelib NAME`, its options added by `setup`."""

    def register(fn: F) -> F:
        if name in COMMANDS:
            raise ValueError(f"guidelib {name} is registered twice")
        COMMANDS[name] = (fn, setup)
        return fn

    return register


def dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", help="workbook folder (default: ./workbook or $GUIDELIB_WORKBOOK_DIR)")


def workbook_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("workbook", help="workbook name (slug) or path to its .json file")
    dir_option(p)


def root_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", help="the guidebook folder (default: found from here)")


def out_option(p: argparse.ArgumentParser, help: str, required: bool = True) -> None:
    """`--out DIR`, the folder a command writes into."""
    p.add_argument("--out", required=required, metavar="DIR", help=help)


def output_option(p: argparse.ArgumentParser, help: str, required: bool = False) -> None:
    """`-o/--output FILE`, the file a command writes."""
    p.add_argument("-o", "--output", required=required, metavar="FILE", help=help)


def json_option(p: argparse.ArgumentParser, help: str = "print JSON instead of text") -> None:
    p.add_argument("--json", action="store_true", help=help)


def open_for(args: argparse.Namespace) -> Any:
    """The workbook `WORKBOOK` and `--dir` name; its notices go to stderr."""
    from ..workbook import open_workbook

    wb = open_workbook(args.workbook, args.dir)
    for notice in wb.notices:
        print(f"note: {notice}", file=sys.stderr)
    return wb


def output_path(args: argparse.Namespace, wb: Any, default: str, suffixes: tuple[str, ...]) -> Path:
    """Where `-o` asks to write, refused in a sentence over a workbook or in its folder."""
    from ..workbook import workbook_dir
    from ..workbook.outputs import output_target

    folders = [wb.path.parent if wb is not None and wb.path else None]
    folders.append(workbook_dir(getattr(args, "dir", None)))
    return output_target(args.output, default, suffixes, folders)


def print_lines(lines: list[str]) -> int:
    print("\n".join(lines))
    return 0
