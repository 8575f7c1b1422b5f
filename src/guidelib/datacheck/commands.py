"""The data-check commands behind `guidelib check-data`, `suppress` and `equity`
(registered in `guidelib.cli`). Each returns an exit status; bad input raises
`DataError`, which the CLI prints as one sentence with status 1."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .engine import DataError, open_data
from .equity import equity
from .identifiers import scan
from .kanon import DEFAULT_K, DEFAULT_L, check_k, check_l, risk
from .record import agreement_k
from .report import equity_text, risk_text, scan_text, suppression_text, to_json
from .suppress import suppress_table


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
    result = suppress_table(args.table, args.count, args.rows, args.cols, args.policy)
    target = Path(args.output)
    try:
        result.published().to_csv(target, index=False)
    except OSError as exc:
        raise DataError(f"Could not write {target}: {exc.strerror or exc}.") from None
    print(suppression_text(result, str(target)))
    return 0


def equity_audit(args: argparse.Namespace) -> int:
    groups = names(args.group)
    report = equity(args.file, groups, args.outcome, args.reference, args.positive, args.policy)
    print(to_json(report) if args.json else equity_text(report))
    return 0
