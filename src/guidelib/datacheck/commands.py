"""The data checks as the command line runs them (`guidelib check-data`, `suppress` and
`equity`, parsed in `guidelib.cli.data`): plain functions with typed parameters that
return the text to print. Bad input raises `DataError`, one plain sentence."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
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
from .suppress import Policy, pd_na, suppress_table

PathLike = str | os.PathLike[str]


def check_data(
    file: PathLike,
    quasi: Sequence[str] = (),
    sensitive: Sequence[str] = (),
    k: int | None = None,
    l: int = DEFAULT_L,  # noqa: E741 - l is the measure's name
    workbook: PathLike | None = None,
    as_json: bool = False,
) -> str:
    """Scan, then k (and l) over `quasi`, or the quasi-identifiers the scan guesses.
    Everything is checked before anything is returned, so bad input is one sentence and
    nothing else. Without `k`, k is the agreement's smallest publishable count in
    `workbook`, else 5."""
    l_target = check_l(l)
    target, k_note = (k, None) if k is not None else agreement_k(workbook)
    target = check_k(target)
    with open_data(file) as data:
        for column in sensitive:
            data.column(column)  # a missing column is one sentence, before the scan runs
        found = scan(data)
        chosen = list(quasi) or [q for q in found.quasi if q not in sensitive]
        report = risk(data, chosen, target, sensitive=sensitive, l=l_target) if chosen else None
    if as_json:
        doc = json.loads(to_json(found, report))
        doc["quasi_guessed"] = not quasi
        doc["k_from"] = k_note or ("--k" if k is not None else f"default {DEFAULT_K}")
        return json.dumps(doc, ensure_ascii=False, indent=2)
    lines = [scan_text(found)]
    if report is None:
        lines.append("\nNo quasi-identifier was found; name some with --quasi to check the risk.")
    else:
        lines.append(risk_text(report, guessed=not quasi))
        if k_note:
            lines.append(f"  (k = {target}: {k_note}.)")
    return "\n".join(lines)


def suppress(
    table: PathLike,
    count: str,
    output: PathLike,
    rows: str | None = None,
    cols: str | None = None,
    policy: str | int | Policy = "cms",
    totals: str = "grand",
    as_json: bool = False,
) -> str:
    """Suppress, audit, and write to `output` only a table the audit passes (labels kept
    as text, formula-like labels escaped by `textsafe.write_csv`); return the verdict."""
    with _clean_messages():
        result = suppress_table(table, count, rows, cols, policy, totals)
    bounds = result.bounds(enough=None if as_json else result.policy.minimum)
    failed = audit.failures(bounds, result.policy.minimum, result.policy.zero_shown)
    if failed:  # not reached unless the selection has a bug: never publish it
        raise DataError(
            f"The audit found {len(failed)} hidden cell(s) that could be narrowed below "
            f"{result.policy.minimum}, so nothing was written; please report this table."
        )
    target = Path(output)
    frame = result.published()
    try:
        write_csv(target, list(frame.columns), _rows(frame))
    except OSError as exc:
        raise DataError(f"Could not write {target}: {exc.strerror or exc}.") from None
    if as_json:  # the JSON carries each hidden cell's exact range
        doc = suppression_json(result, bounds, str(target))
        return json.dumps(doc, ensure_ascii=False, indent=2)
    return suppression_text(result, bounds, str(target))


def equity_audit(
    file: PathLike,
    groups: Sequence[str],
    outcome: str,
    reference: str | None = None,
    positive: str | None = None,
    policy: str | int | Policy = "cms",
    as_json: bool = False,
) -> str:
    """Each group's rate and its ratio to the reference group, small counts suppressed."""
    with _clean_messages():
        report = equity(file, list(groups), outcome, reference, positive, policy)
    return to_json(report) if as_json else equity_text(report)


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
