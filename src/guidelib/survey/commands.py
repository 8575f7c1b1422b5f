"""`guidelib survey results`, `import` and `release`: the command line's side of the
survey. Errors are `GuidelibError`s with one plain sentence; `cli.main` prints them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import GuidelibError
from ..textsafe import for_message
from ..workbook import open_workbook
from .form import survey_definition

MIN_CELL_MAX = 1000


def _workbook(args: argparse.Namespace):  # noqa: ANN202 - a Workbook
    wb = open_workbook(args.workbook, args.dir)
    for notice in wb.notices:
        print(f"note: {notice}", file=sys.stderr)
    return wb


def results(args: argparse.Namespace) -> int:
    """Print a summary of the results, or write them all to a CSV file with -o."""
    from ..workbook.store import write_atomic
    from .export import results_csv, summary
    from .results import workbook_results

    if args.min_cell is not None and not 1 <= args.min_cell <= MIN_CELL_MAX:
        raise GuidelibError(f"--min-cell must be a whole number from 1 to {MIN_CELL_MAX}.")
    result = workbook_results(_workbook(args), args.min_cell, args.show_skips)
    if not args.output:
        print("\n".join(summary(result)))
        return 0
    target = Path(args.output)
    if target.is_dir() or not target.parent.is_dir():
        raise GuidelibError(f'Give a file name in an existing folder, not "{for_message(target)}".')
    write_atomic(target, results_csv(result, open_text=args.with_open_text))
    hidden, total = result.suppressed()
    print(
        f"Wrote {target}: {result.respondents} responses, {hidden} of {total} cells "
        f"suppressed. {result.rule_text()}"
    )
    return 0


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, question = pair.partition("=")
        if not sep or not column.strip() or not question.strip():
            raise GuidelibError(
                f'--map takes COLUMN=QUESTION (a number or the wording), not "{for_message(pair)}".'
            )
        mapping[column.strip()] = question.strip()
    return mapping


def import_responses(args: argparse.Namespace) -> int:
    """Import responses from a CSV file; exit 1 if its columns do not fit the survey."""
    from .importer import import_csv

    wb = _workbook(args)
    path = Path(args.file)
    if not path.is_file():
        raise GuidelibError(f'There is no file "{for_message(path)}".')
    report = import_csv(
        wb, survey_definition(wb), path.read_bytes(), path.name, _mapping(args.map or [])
    )
    print("\n".join(report.lines()))
    return 0


def release_results(args: argparse.Namespace) -> int:
    """Release the survey results: the dashboard and the impact report then show every
    response received so far (they change only in releases)."""
    from .releases import BY_HAND, release, status

    wb = _workbook(args)
    before = status(wb)
    made = release(wb, BY_HAND)
    if made is None:
        print("Nothing to release: every response is already in the latest release.")
        return 0
    print(
        f"Release {made.number}: the dashboard and the impact report now show "
        f"{made.responses} responses ({before.waiting} new)."
    )
    if before.waiting < before.threshold:
        print(
            f"note: this release adds fewer than {before.threshold} responses; someone who "
            "compares it with the last one can learn about those few people."
        )
    return 0


ACTIONS = {"results": results, "import": import_responses, "release": release_results}


def setup(p: argparse.ArgumentParser, workbook_args: Callable[[Any], None]) -> None:
    """The `survey` command's actions and their options."""
    sub = p.add_subparsers(dest="survey_command", required=True, metavar="ACTION")
    res = sub.add_parser("results", help=results.__doc__, description=results.__doc__)
    workbook_args(res)
    res.add_argument(
        "--min-cell", type=int, help="smallest count shown (default: the workbook's rule)"
    )
    res.add_argument("-o", "--output", help="write every table to this CSV file")
    res.add_argument(
        "--show-skips",
        action="store_true",
        help="show counts of people who skipped a question even when small (an exception "
        "to the rule, stated in the output)",
    )
    res.add_argument(
        "--with-open-text",
        action="store_true",
        help="add the written answers to the CSV (they may identify people)",
    )
    imp = sub.add_parser(
        "import", help=import_responses.__doc__, description=import_responses.__doc__
    )
    workbook_args(imp)
    imp.add_argument("file", help="the CSV file (UTF-8), one row per response")
    imp.add_argument(
        "--map",
        action="append",
        metavar="COLUMN=QUESTION",
        help="match a column to a question (its number or wording); repeatable",
    )
    _setup_release(sub, workbook_args)


def _setup_release(sub: Any, workbook_args: Callable[[Any], None]) -> None:
    rel = sub.add_parser(
        "release", help=release_results.__doc__, description=release_results.__doc__
    )
    workbook_args(rel)


def run(args: argparse.Namespace) -> int:
    return ACTIONS[args.survey_command](args)
