"""Survey results as text: a CSV that is safe to open in a spreadsheet, and a summary
for the command line. Only published figures leave: a suppressed cell has an empty count
and percentage and the word "suppressed".

Every cell goes through `guidelib.textsafe`, the one CSV writer: formula-proof text
(OWASP, "CSV injection"). Question wording, choices and written answers are all typed by
people.

>>> safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
"""

from __future__ import annotations

from collections.abc import Iterator

from ..textsafe import FORMULA_START, csv_bytes
from ..textsafe import csv_cell as safe_cell
from .results import ALL_RESPONDENTS, SUPPRESSED, Cell, SurveyResults
from .tally import NO_ANSWER

HEADER = ("question", "answer", "breakdown", "group", "count", "percent", "note")
NOTE = "suppressed"


def _figures(cell: Cell) -> tuple[str, str, str]:
    if cell.hidden:
        return "", "", NOTE
    percent = "" if cell.percent is None else f"{cell.percent:.1f}"
    return str(cell.count), percent, ""


def rows(results: SurveyResults, open_text: bool = False) -> Iterator[tuple[str, ...]]:
    """The CSV's rows (after the header): distributions, breakdowns, then written
    answers when `open_text` is set."""
    for d in results.distributions:
        for label, cell in [*zip(d.labels, d.cells, strict=True), ("Total", d.total)]:
            yield (d.question.text, label, ALL_RESPONDENTS, ALL_RESPONDENTS, *_figures(cell))
    for b in results.breakdowns:
        for group, line in zip(b.groups, b.cells, strict=True):
            for label, cell in zip([*b.labels, "Total"], line, strict=True):
                yield (b.question.text, label, b.by.text, group, *_figures(cell))
    if open_text:
        for q, texts in results.open_answers:
            for text in texts:
                yield (q.text, text, ALL_RESPONDENTS, ALL_RESPONDENTS, "", "", "written answer")


def results_csv(results: SurveyResults, open_text: bool = False) -> bytes:
    """The results as UTF-8 CSV with a byte-order mark, so spreadsheets read the letters
    right; every cell made safe with `safe_cell` (`textsafe.csv_cell`)."""
    return csv_bytes(HEADER, rows(results, open_text))


def _line(label: str, cell: Cell, width: int = 44) -> str:
    shown = label if len(label) <= width else label[: width - 1] + "…"
    if cell.hidden:
        return f"    {shown:<{width}} suppressed"
    percent = "" if cell.percent is None else f"{cell.percent:5.1f}%"
    return f"    {shown:<{width}} {cell.count:>6}  {percent}"


def summary(results: SurveyResults) -> list[str]:
    """A readable summary for a terminal: each question's answers, and how much the
    breakdowns hide."""
    d = results.definition
    out = [
        f"{results.respondents} response{'s' * (results.respondents != 1)}. "
        f"{results.rule_text()}",
        SUPPRESSED,
        "",
    ]
    for dist in results.distributions:
        about = " (about the respondent, optional)" if dist.question.demographic else ""
        out.append(f"{d.number(dist.question)}. {dist.question.text}{about}")
        out += [_line(label, cell) for label, cell in zip(dist.labels, dist.cells, strict=True)]
        out.append("")
    hidden, total = results.suppressed()
    out.append(
        f"Broken down by {len(d.demographics)} question{'s' * (len(d.demographics) != 1)} "
        f"about respondents: {len(results.breakdowns)} tables, {hidden} of {total} cells "
        "suppressed (write them all with -o FILE.csv)."
    )
    for q, texts in results.open_answers:
        out.append(
            f'{len(texts)} written answer{"s" * (len(texts) != 1)} to "{q.text}": not '
            "printed here, since they may name or describe someone."
        )
    return out + results.notes


__all__ = ["FORMULA_START", "HEADER", "NO_ANSWER", "results_csv", "rows", "safe_cell", "summary"]
