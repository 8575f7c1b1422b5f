"""The survey as the command line runs it (`guidelib survey results`, `import` and
`release`, parsed in `guidelib.cli.survey`): plain functions with typed parameters that
return the lines to print. Errors are `GuidelibError`s with one plain sentence."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import GuidelibError
from ..textsafe import for_message
from .form import survey_definition

MIN_CELL_MAX = 1000


def results(
    wb: Any,
    min_cell: int | None = None,
    show_skips: bool = False,
    output: str | os.PathLike[str] | None = None,
    with_open_text: bool = False,
) -> list[str]:
    """A summary of the results, or (with `output`) every table written to a CSV file."""
    from ..workbook.store import write_atomic
    from .export import results_csv, summary
    from .results import workbook_results

    if min_cell is not None and not 1 <= min_cell <= MIN_CELL_MAX:
        raise GuidelibError(f"--min-cell must be a whole number from 1 to {MIN_CELL_MAX}.")
    result = workbook_results(wb, min_cell, show_skips)
    if not output:
        return summary(result)
    target = Path(output)
    if target.is_dir() or not target.parent.is_dir():
        raise GuidelibError(f'Give a file name in an existing folder, not "{for_message(target)}".')
    write_atomic(target, results_csv(result, open_text=with_open_text))
    hidden, total = result.suppressed()
    return [
        f"Wrote {target}: {result.respondents} responses, {hidden} of {total} cells "
        f"suppressed. {result.rule_text()}"
    ]


def import_responses(
    wb: Any, file: str | os.PathLike[str], mapping: dict[str, str] | None = None
) -> list[str]:
    """Import responses from a CSV file, with columns matched to questions by `mapping`
    (column -> question number or wording) where their headers do not say."""
    from .importer import import_csv

    path = Path(file)
    if not path.is_file():
        raise GuidelibError(f'There is no file "{for_message(path)}".')
    report = import_csv(wb, survey_definition(wb), path.read_bytes(), path.name, mapping or {})
    return report.lines()


def release_results(wb: Any) -> list[str]:
    """Release the survey results: the dashboard and the impact report then show every
    response received so far (they change only in releases)."""
    from .releases import BY_HAND, release, status

    before = status(wb)
    made = release(wb, BY_HAND)
    if made is None:
        return ["Nothing to release: every response is already in the latest release."]
    lines = [
        f"Release {made.number}: the dashboard and the impact report now show "
        f"{made.responses} responses ({before.waiting} new)."
    ]
    if before.waiting < before.threshold:
        lines.append(
            f"note: this release adds fewer than {before.threshold} responses; someone who "
            "compares it with the last one can learn about those few people."
        )
    return lines
