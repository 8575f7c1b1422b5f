"""Record a check's result in the workbook: a row of "Checks of shared data" (step 2.1,
`governance.data_checks`) for one data set of the inventory. Counts and column names
only, like every report."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from ..errors import GuidelibError
from ..workbook import open_workbook


def record_check(
    workbook: str | os.PathLike[str] | None, dataset: Any, scan: Any, risk: Any, notes: str = ""
) -> str:
    """Add (or replace today's) row for `dataset` in the workbook's data checks."""
    if not workbook:
        raise GuidelibError("Choose a workbook first (create one in the start-here notebook).")
    if not dataset:
        raise GuidelibError("Choose the data set this file belongs to.")
    if scan is None:
        raise GuidelibError("Check a file first.")
    wb = open_workbook(workbook)
    today = dt.date.today().isoformat()
    row = {
        "dataset": dataset,
        "checked_on": today,
        "rows": scan.rows,
        "identifiers": len(scan.identifiers),
        "notes": notes.strip()[:500] or summary(scan, risk),
    }
    if risk is not None:
        row["smallest_group"] = risk.k
    rows = [
        r
        for r in wb.get("governance", "data_checks", []) or []
        if (r.get("dataset"), r.get("checked_on")) != (dataset, today)
    ]
    wb.set("governance", "data_checks", [*rows, row])
    result = wb.save()
    if result.conflicts:
        raise GuidelibError("Someone changed the data checks at the same moment; try again.")
    return f"Recorded the check of {dataset} in {wb.name} (revision {result.revision})."


def summary(scan: Any, risk: Any) -> str:
    flagged = ", ".join(f.column for f in scan.identifiers) or "none"
    text = f"Flagged: {flagged}."
    if risk is not None:
        text += f" k = {risk.k} over {', '.join(risk.quasi)} (target {risk.target})."
        if getattr(risk, "sensitive", None):
            text += f" l = {risk.l} for {', '.join(risk.sensitive)} (target {risk.l_target})."
    return text[:500]


def agreement_k(workbook: str | os.PathLike[str] | None) -> tuple[int, str | None]:
    """The k a workbook's agreement implies: its smallest publishable count
    (`agreement.min_cell_size`), at least 2. Without a workbook, or without that answer,
    the default of 5 (with a sentence saying why, or None without a workbook)."""
    from .kanon import DEFAULT_K

    if not workbook:
        return DEFAULT_K, None
    wb = open_workbook(workbook)
    size = wb.get("agreement", "min_cell_size")
    if size is None:
        return DEFAULT_K, (f"the agreement in {wb.name} sets no smallest publishable count, "
                           f"so the default {DEFAULT_K}")  # fmt: skip
    k = max(2, int(size))
    return k, f"the smallest publishable count in the agreement of {wb.name}"
