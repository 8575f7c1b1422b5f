"""`guidelib check-data`, `suppress` and `equity`: the options, parsed into typed values
for the plain functions of `datacheck.commands` (DuckDB loads only when one runs)."""

from __future__ import annotations

import argparse
from typing import Any

from ..cmdline import checked, names
from ._base import command, json_option, output_option


def _k(text: str) -> int:
    from ..datacheck.kanon import check_k

    return check_k(text)


def _l(text: str) -> int:
    from ..datacheck.kanon import check_l

    return check_l(text)


def _policy(text: str) -> Any:
    from ..datacheck.suppress import policy

    return policy(text)


def _policy_option(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--policy", type=checked(_policy), default="cms", metavar="cms|cdc|N",
                   help=help)  # fmt: skip


def _setup_check_data(p: argparse.ArgumentParser) -> None:
    from ..datacheck.kanon import DEFAULT_L  # no DuckDB: that loads when a check runs

    p.add_argument("file", help="a CSV or Parquet file")
    p.add_argument("--quasi", type=names, default=[], metavar="COL,COL",
                   help="quasi-identifier columns (default: guessed)")  # fmt: skip
    p.add_argument("--sensitive", type=names, default=[], metavar="COL,COL",
                   help="sensitive columns: check l-diversity")  # fmt: skip
    p.add_argument("--k", type=checked(_k), help="the smallest group size to reach (default: "
                   "the agreement's min_cell_size with --workbook, else 5)")  # fmt: skip
    p.add_argument("--l", type=checked(_l), default=DEFAULT_L, help="different sensitive "
                   f"values each group must hold (default {DEFAULT_L})")  # fmt: skip
    p.add_argument("--workbook", help="take k from this workbook's agreement")
    json_option(p)


@command("check-data", _setup_check_data)
def cmd_check_data(args: argparse.Namespace) -> int:
    """Check a data file before it is shared: identifiers and re-identification risk."""
    from ..datacheck.commands import check_data  # lazy: DuckDB loads only when a check runs

    print(check_data(args.file, args.quasi, args.sensitive, args.k, args.l, args.workbook,
                     args.json))  # fmt: skip
    return 0


def _setup_suppress(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", help="a CSV or Parquet table of counts, one row per cell")
    p.add_argument("--count", required=True, help="the column holding the counts")
    p.add_argument("--rows", help="the column labelling the rows")
    p.add_argument("--cols", help="the column labelling the columns, for a two-way table")
    _policy_option(p, "cms (1-10 hidden; default), cdc (0-9) or a number N")
    p.add_argument(
        "--totals", default="grand", choices=("grand", "all", "none"),
        help="totals that must stay published: grand (default), all, or none (no grand total)",
    )  # fmt: skip
    json_option(p, "print JSON with each hidden cell's range")
    output_option(p, "the CSV file to write", required=True)


@command("suppress", _setup_suppress)
def cmd_suppress(args: argparse.Namespace) -> int:
    """Hide small counts in a table, and the cells that would let them be worked out."""
    from ..datacheck.commands import suppress

    print(suppress(args.table, args.count, args.output, args.rows, args.cols, args.policy,
                   args.totals, args.json))  # fmt: skip
    return 0


def _setup_equity(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a CSV or Parquet file, one row per person")
    p.add_argument("--group", required=True, type=names, metavar="COL,COL",
                   help="group column(s)")  # fmt: skip
    p.add_argument("--outcome", required=True, help="the yes/no outcome or selection column")
    p.add_argument("--reference", help="the reference group (default: the largest)")
    p.add_argument("--positive", help="the outcome value that counts as yes, if not yes/1/true")
    _policy_option(p, "suppression: cms (default), cdc or a number N")
    json_option(p)


@command("equity", _setup_equity)
def cmd_equity(args: argparse.Namespace) -> int:
    """Compare an outcome's rate across groups, with small counts suppressed."""
    from ..datacheck.commands import equity_audit

    print(equity_audit(args.file, args.group, args.outcome, args.reference, args.positive,
                       args.policy, args.json))  # fmt: skip
    return 0
