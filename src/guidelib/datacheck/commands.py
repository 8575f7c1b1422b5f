"""The data-check commands behind `guidelib check-data`, `suppress` and `equity`
(registered in `guidelib.cli`). Each returns an exit status; bad input raises
`DataError`, which the CLI prints as one sentence with status 1."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..textsafe import for_message, write_csv
from . import audit
from .engine import DataError, open_data
from .equity import equity
from .identifiers import scan
from .kanon import DEFAULT_K, DEFAULT_L, check_k, check_l, risk
from .record import agreement_k
from .report import equity_text, risk_text, scan_text, suppression_json, suppression_text, to_json
from .suppress import pd_na, suppress_table


def names(text: str | None) -> list[str]:
    """'a, b' -> ['a', 'b']."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def check_data(args: argparse.Namespace) -> int:
    """Scan, then k (and l) over the chosen or guessed quasi-identifiers. Everything is
    checked before anything is printed, so bad input prints one sentence and nothing else.
    With --workbook and no --k, k is the agreement's smallest publishable count."""
    sensitive = names(args.sensitive)
    l_target = check_l(DEFAULT_L if args.l is None else args.l)
    k, k_note = (args.k, None) if args.k is not None else agreement_k(args.workbook)
    k = check_k(k)
    with open_data(args.file) as data:
        for column in sensitive:
            data.column(column)  # a missing column is one sentence, before the scan runs
        found = scan(data)
        quasi = names(args.quasi) or [q for q in found.quasi if q not in sensitive]
        report = risk(data, quasi, k, sensitive=sensitive, l=l_target) if quasi else None
    if args.json:
        doc = json.loads(to_json(found, report))
        doc["quasi_guessed"] = not args.quasi
        doc["k_from"] = k_note or ("--k" if args.k is not None else f"default {DEFAULT_K}")
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(scan_text(found))
    if report is None:
        print("\nNo quasi-identifier was found; name some with --quasi to check the risk.")
    else:
        print(risk_text(report, guessed=not args.quasi))
        if k_note:
            print(f"  (k = {k}: {k_note}.)")
    return 0


def suppress(args: argparse.Namespace) -> int:
    """Suppress, audit, and write only a table the audit passes (labels kept as text,
    formula-like labels escaped by `textsafe.write_csv`)."""
    with _clean_messages():
        result = suppress_table(
            args.table, args.count, args.rows, args.cols, args.policy, args.totals
        )
    exact = bool(args.json)  # the JSON carries each hidden cell's exact range
    bounds = result.bounds(enough=None if exact else result.policy.minimum)
    failed = audit.failures(bounds, result.policy.minimum, result.policy.zero_shown)
    if failed:  # not reached unless the selection has a bug: never publish it
        raise DataError(
            f"The audit found {len(failed)} hidden cell(s) that could be narrowed below "
            f"{result.policy.minimum}, so nothing was written; please report this table."
        )
    target = Path(args.output)
    frame = result.published()
    try:
        write_csv(target, list(frame.columns), _rows(frame))
    except OSError as exc:
        raise DataError(f"Could not write {target}: {exc.strerror or exc}.") from None
    if args.json:
        print(json.dumps(suppression_json(result, bounds, str(target)), ensure_ascii=False,
                         indent=2))  # fmt: skip
    else:
        print(suppression_text(result, bounds, str(target)))
    return 0


@contextlib.contextmanager
def _clean_messages() -> Iterator[None]:
    """A message that echoes a file's header or labels loses control characters
    (terminal escape sequences) on its way out (`textsafe.for_message`)."""
    try:
        yield
    except DataError as exc:
        raise DataError(for_message(str(exc), limit=500)) from None


def _rows(frame: Any) -> list[list[Any]]:
    return [["" if pd_na(v) else v for v in row] for row in frame.itertuples(index=False)]


def equity_audit(args: argparse.Namespace) -> int:
    groups = names(args.group)
    with _clean_messages():
        report = equity(
            args.file, groups, args.outcome, args.reference, args.positive, args.policy
        )
    print(to_json(report) if args.json else equity_text(report))
    return 0
