"""The k-anonymity report on 1,000,000 generated records with 6 quasi-identifiers, as a
ratio to a bare DuckDB GROUP BY over the same columns, and to plain pandas, in one run.
Then the whole command, `guidelib check-data FILE --quasi <6 columns> --sensitive COL`
(the identifier scan, k, l, the riskiest pairs and the plan), as a process, against a
Python process that runs the bare DuckDB GROUP BY on the same file (target: at most 2x).

Run: .venv/bin/python bench/datacheck_kanon.py [ROWS] [RUNS]
The fictional school extract (`guidelib.examples.extracts`) is written once to a cache
folder ($GUIDELIB_BENCH_DIR, default /tmp/guidelib-bench). Prints medians; the target is
under 2x the bare GROUP BY. Not part of the test suite.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from guidelib.datacheck import open_data, risk
from guidelib.datacheck import sql as dsql
from guidelib.datacheck.engine import quote
from guidelib.examples.extracts import QUASI, write_extracts

CACHE = Path(os.environ.get("GUIDELIB_BENCH_DIR", "/tmp/guidelib-bench"))
SENSITIVE = "chronically_absent"
#: the baseline process: Python, DuckDB and the GROUP BY, nothing else
BARE = """
import sys, duckdb
cols = ", ".join('"' + c + '"' for c in sys.argv[2].split(","))
duckdb.connect().execute(
    f"SELECT count(*) FROM (SELECT {cols}, count(*) FROM read_parquet(?) GROUP BY ALL)",
    [sys.argv[1]],
).fetchall()
"""


def extract(rows: int) -> Path:
    """The school extract with `rows` students, generated once per size."""
    folder = CACHE / f"rows-{rows}"
    path = folder / "school_attendance.parquet"
    if not path.exists():
        print(f"generating {rows:,} rows in {folder} ...", flush=True)
        write_extracts(folder, rows=rows, seed=2017, formats=("parquet",))
    return path


def interleaved(cases: dict, runs: int) -> dict[str, float]:
    """Median seconds per case, the cases taking turns, so that a machine that gets busier
    or quieter during the run weighs on every case alike."""
    for fn in cases.values():
        fn()  # warm the file cache and DuckDB
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, fn in cases.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def bare_group_by(path: Path) -> None:
    cols = ", ".join(quote(q) for q in QUASI)
    with open_data(path) as data:
        data.fetch(f"SELECT count(*) FROM (SELECT {cols}, count(*) FROM data GROUP BY ALL)")


def report(path: Path, pairs: bool = False, suggest: bool = False) -> None:
    with open_data(path) as data:
        risk(data, list(QUASI), k=5, suggest=suggest, pairs=pairs)


def pandas_report(path: Path) -> None:
    """The same figures (k, records below k, group sizes) the plain pandas way."""
    import pandas as pd

    frame = pd.read_parquet(path, columns=list(QUASI))
    sizes = frame.groupby(list(QUASI), dropna=False, observed=True).size()
    small = sizes[sizes < 5]
    _ = (sizes.min(), int(small.sum()), len(small), sizes.clip(upper=5).value_counts())


def process(argv: list[str]) -> None:
    subprocess.run([sys.executable, *argv], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})  # fmt: skip


def processes(path: Path, runs: int) -> None:
    """The whole command against the bare GROUP BY, each as a process, alternating."""
    quasi = ",".join(QUASI)
    cases = {
        "bare DuckDB GROUP BY process (baseline)": ["-c", BARE, str(path), quasi],
        "guidelib check-data (no --sensitive)": ["-m", "guidelib", "check-data", str(path),
                                                 "--quasi", quasi],
        f"guidelib check-data --sensitive {SENSITIVE}": ["-m", "guidelib", "check-data",
                                                         str(path), "--quasi", quasi,
                                                         "--sensitive", SENSITIVE],
    }  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in cases}
    for argv in cases.values():
        process(argv)  # warm the file cache
    for _ in range(runs):
        for name, argv in cases.items():
            start = time.perf_counter()
            process(argv)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["bare DuckDB GROUP BY process (baseline)"])
    print(f"whole command as a process; median of {runs} runs")
    for name, secs in times.items():
        med = statistics.median(secs)
        print(f"  {name:46} {med * 1000:8.0f} ms   {med / base:5.2f}x baseline")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    path = extract(rows)
    with open_data(path) as data:
        data.execute(dsql.classes([quote(q) for q in QUASI]))
        groups = data.fetch("SELECT count(*) FROM classes")[0][0]
    cases = {
        "bare DuckDB GROUP BY (baseline)": lambda: bare_group_by(path),
        "k-anonymity report": lambda: report(path),
        "  + riskiest pairs": lambda: report(path, pairs=True),
        "  + generalizations and plan": lambda: report(path, pairs=True, suggest=True),
        "plain pandas groupby report": lambda: pandas_report(path),
    }
    results = interleaved(cases, runs)
    base = results["bare DuckDB GROUP BY (baseline)"]
    print(f"{rows:,} records, {len(QUASI)} quasi-identifiers ({', '.join(QUASI)}), "
          f"{groups:,} groups; median of {runs} runs, {os.cpu_count()} cores")  # fmt: skip
    for name, secs in results.items():
        print(f"  {name:34} {secs * 1000:8.0f} ms   {secs / base:5.2f}x baseline")
    processes(path, runs)


if __name__ == "__main__":
    main()
