"""`guidelib survey results`, `import` and `release`: the options, parsed into typed values
for the plain functions of `survey.commands` (numpy loads only when results are counted)."""

from __future__ import annotations

import argparse

from ..cmdline import UsageError, whole
from ..textsafe import for_message
from ._base import command, open_for, output_option, print_lines, workbook_args


def min_cell(text: str) -> int:
    """A type function for `--min-cell` (the survey, and numpy, load only when given)."""
    from ..survey.commands import MIN_CELL_MAX

    return whole("--min-cell", 1, MIN_CELL_MAX)(text)


def column_question(pair: str) -> tuple[str, str]:
    """A type function for `--map COLUMN=QUESTION`."""
    column, sep, question = pair.partition("=")
    if not sep or not column.strip() or not question.strip():
        raise UsageError(
            f'--map takes COLUMN=QUESTION (a number or the wording), not "{for_message(pair)}".'
        )
    return column.strip(), question.strip()


def _results(args: argparse.Namespace) -> int:
    from ..survey.commands import results

    return print_lines(
        results(open_for(args), args.min_cell, args.show_skips, args.output, args.with_open_text)
    )


def _import(args: argparse.Namespace) -> int:
    from ..survey.commands import import_responses

    return print_lines(import_responses(open_for(args), args.file, dict(args.map)))


def _release(args: argparse.Namespace) -> int:
    from ..survey.commands import release_results

    return print_lines(release_results(open_for(args)))


def _setup_results(p: argparse.ArgumentParser) -> None:
    workbook_args(p)
    p.add_argument("--min-cell", type=min_cell, metavar="N",
                   help="smallest count shown (default: the workbook's rule)")  # fmt: skip
    output_option(p, "write every table to this CSV file")
    p.add_argument(
        "--show-skips",
        action="store_true",
        help="show counts of people who skipped a question even when small (an exception "
        "to the rule, stated in the output)",
    )
    p.add_argument(
        "--with-open-text",
        action="store_true",
        help="add the written answers to the CSV (they may identify people)",
    )


def _setup_import(p: argparse.ArgumentParser) -> None:
    workbook_args(p)
    p.add_argument("file", help="the CSV file (UTF-8), one row per response")
    p.add_argument(
        "--map",
        action="append",
        type=column_question,
        default=[],
        metavar="COLUMN=QUESTION",
        help="match a column to a question (its number or wording); repeatable",
    )


#: action -> (run, add its options, the help line)
ACTIONS = {
    "results": (_results, _setup_results, "Print a summary of the results, or write them "
                "all to a CSV file with -o."),
    "import": (_import, _setup_import, "Import responses from a CSV file; exit 1 if its "
               "columns do not fit the survey."),
    "release": (_release, workbook_args, "Release the survey results: the dashboard and the "
                "impact report then show every response received so far (they change only "
                "in releases)."),
}  # fmt: skip


def _setup_survey(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="survey_command", required=True, metavar="ACTION")
    for name, (_, setup, text) in ACTIONS.items():
        setup(sub.add_parser(name, help=text, description=text))


@command("survey", _setup_survey)
def cmd_survey(args: argparse.Namespace) -> int:
    """Survey results with small groups hidden, or import responses from a CSV file."""
    return ACTIONS[args.survey_command][0](args)
