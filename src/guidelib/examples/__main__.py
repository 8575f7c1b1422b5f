"""`python -m guidelib.examples [ACTION] [--out DIR]`: write the fictional example files.

    python -m guidelib.examples [kinship-care] [--out DIR]   the worked example workbook,
        DIR/example-kinship-care.json (DIR defaults to `workbook`)
    python -m guidelib.examples survey-responses [--out DIR] [--n N] [--seed S]
        its survey responses, DIR/example-kinship-care.responses.sqlite
    python -m guidelib.examples extracts --out DIR [--rows N] [--seed S] [--format both]
        three fictional agency extracts (CSV and Parquet)

Each prints the paths it wrote. The older spellings still work: a folder given without
`--out`, and `python -m guidelib.examples.survey_responses` and `.extracts`, which run this.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..cmdline import Parser, run, whole
from ..errors import GuidelibError
from ..textsafe import for_message

PROG = "python -m guidelib.examples"
DEFAULT = "kinship-care"  # the action when none is named (the command's first job)


def _folder(text: str) -> Path:
    """The `--out` folder, made if needed, or a sentence saying why it cannot be."""
    folder = Path(text)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise GuidelibError(f'Could not make the folder "{for_message(text)}": {reason}.') from None
    return folder


def _out(p: Parser, default: str | None) -> None:
    also = f" (default: {default})" if default else ""
    p.add_argument("--out", metavar="DIR", default=default, help=f"the folder to write into{also}")
    p.old_positional("out_dir", "out", "--out")  # the folder was once positional


def kinship_care(args: argparse.Namespace) -> list[Path]:
    from .kinship_care import FILENAME, write

    return [write(_folder(args.out) / FILENAME)]


def survey_responses(args: argparse.Namespace) -> list[Path]:
    from .survey_responses import write

    return [write(_folder(args.out), args.n, args.seed)]


def extracts(args: argparse.Namespace) -> list[Path]:
    from .extracts import write_extracts

    formats = ("csv", "parquet") if args.format == "both" else (args.format,)
    return write_extracts(_folder(args.out), args.rows, args.seed, formats)


def _setup_kinship_care(p: Parser) -> None:
    _out(p, "workbook")


def _setup_survey_responses(p: Parser) -> None:
    from .survey_responses import SEED, N

    _out(p, "workbook")
    p.add_argument("--n", type=whole("--n", 1), default=N, help=f"respondents (default {N})")
    p.add_argument("--seed", type=whole("--seed"), default=SEED, help=f"(default {SEED})")


def _setup_extracts(p: Parser) -> None:
    from .extracts import ROWS, SEED

    _out(p, None)
    p.require("out", "--out")
    p.add_argument("--rows", type=whole("--rows", 1), default=ROWS,
                   help=f"students (default {ROWS})")  # fmt: skip
    p.add_argument("--seed", type=whole("--seed"), default=SEED, help=f"(default {SEED})")
    p.add_argument("--format", choices=("csv", "parquet", "both"), default="both",
                   help="the format of the files written (default: both)")  # fmt: skip


#: action -> (write the files and return their paths, add its options, help line)
ACTIONS: dict[str, tuple[Callable[[argparse.Namespace], list[Path]], Callable[[Parser], None],
                         str]] = {
    "kinship-care": (kinship_care, _setup_kinship_care,
                     "the worked example workbook (the default action)"),
    "survey-responses": (survey_responses, _setup_survey_responses,
                         "the worked example's fictional survey responses"),
    "extracts": (extracts, _setup_extracts,
                 "fictional school, child-welfare and juvenile-justice extracts"),
}  # fmt: skip


def parser() -> Parser:
    top = Parser(prog=PROG, description="Write the fictional example files. Without an "
                 "ACTION: kinship-care, the worked example workbook.")  # fmt: skip
    sub = top.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, (_, setup, text) in ACTIONS.items():
        setup(sub.add_parser(name, help=text, description=text[:1].upper() + text[1:] + "."))
    return top


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*ACTIONS, "-h", "--help"):
        argv.insert(0, DEFAULT)  # `python -m guidelib.examples [OUT_DIR]`, as before

    def call() -> int:
        args = parser().parse_args(argv)
        for path in ACTIONS[args.action][0](args):
            print(path)
        return 0

    return run(call, prog="guidelib.examples")


if __name__ == "__main__":
    sys.exit(main())
