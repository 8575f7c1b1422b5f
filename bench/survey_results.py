"""Survey results with small-cell suppression for 100,000 responses (the worked example's
survey: 5 closed questions, 4 questions about respondents, 54 linked tables), against
plain pandas crosstabs of the same tables in the same run. With this many responses
the CMS rule hides nothing, so a second run sets the smallest count shown to 500, which
hides about a fifth of the cells and gives complementary suppression work to do.

Run: .venv/bin/python bench/survey_results.py [RESPONSES] [RUNS]
Reading the SQLite file is timed apart from counting and suppressing. Not part of the
test suite.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from guidelib.examples.survey_responses import definition, write
from guidelib.survey.results import survey_results
from guidelib.survey.store import responses


def median_s(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def crosstabs(answers: list[dict]) -> int:
    """The same tables with pandas alone: one-way counts and every closed question (each
    choice of a multiple-choice one) by every question about respondents, with totals."""
    d = definition()
    frame = pd.DataFrame.from_records(answers)
    columns = {}
    for q in d.questions:
        if q.kind == "multiple":
            chosen = frame[q.text].dropna()
            for option in q.options:
                columns[f"{q.text}: {option}"] = chosen.map(lambda a, o=option: o in a)
        elif q.closed:
            columns[q.text] = frame[q.text]
    answered = pd.DataFrame(columns).reindex(frame.index).astype(object)
    groups = [frame[q.text].fillna("No answer") for q in d.demographics]
    tables = [answered[c].fillna("No answer").value_counts() for c in answered]
    tables += [g.value_counts() for g in groups]
    tables += [
        pd.crosstab(g, answered[c].fillna("No answer"), margins=True)
        for g in groups
        for c in answered
    ]
    return len(tables)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        path = write(tmp, n=n, seed=7)
        made = time.perf_counter() - start
        book = Path(tmp) / "example-kinship-care.json"
        read, stored = median_s(lambda: responses(book), runs)
        answers = [r.answers for r in stored]
        print(
            f"{n:,} responses ({path.stat().st_size / 2**20:.0f} MB, written in {made:.1f} s);"
            f" median of {runs} runs"
        )
        print(f"  read from SQLite (JSON answers)          {read:6.2f} s")
        base, tables = median_s(lambda: crosstabs(answers), runs)
        print(f"  pandas crosstabs, no suppression (base)  {base:6.2f} s   {tables} tables")
        for policy in ("cms", 500):
            ours, results = median_s(
                lambda p=policy: survey_results(definition(), answers, p), runs
            )
            hidden, cells = results.suppressed()
            name = f"survey_results, suppression ({policy})"
            print(
                f"  {name:40} {ours:6.2f} s   {len(results.tables)} tables, {hidden} of "
                f"{cells} cells suppressed ({ours / base:.1f}x the baseline)"
            )


if __name__ == "__main__":
    main()
