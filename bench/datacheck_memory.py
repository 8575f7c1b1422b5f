"""Peak memory of a full data check on a 5,000,000-row Parquet file, each run in a fresh
subprocess, against plain pandas on the same file and against an interpreter that has
only imported DuckDB and guidelib.datacheck.

Run: .venv/bin/python bench/datacheck_memory.py [ROWS]
The check is what `guidelib check-data FILE` does: the identifier scan, then the
k-anonymity report over the 6 quasi-identifiers with its generalizations and plan. Peak
resident memory is the child's VmHWM (/proc), or `ru_maxrss` where there is no /proc.
The target is under 1 GB. DuckDB is held to $GUIDELIB_DUCKDB_MEMORY (default 512MB) and
spills the rest to a temporary folder.
Not part of the test suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from datacheck_kanon import extract

from guidelib.examples.extracts import QUASI

# VmHWM, the peak resident memory of this process image, is read from /proc: ru_maxrss
# survives exec, so a child would report at least what its parent held when it forked.
CHILD = """
import json, resource, sys, time
start = time.perf_counter()
{body}
try:
    with open("/proc/self/status") as f:
        peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"peak_mb": peak / 1024, "seconds": time.perf_counter() - start}}))
"""
CHECK = (
    "from guidelib.datacheck import open_data, risk, scan\n"
    "with open_data(sys.argv[1]) as data:\n"
    "    found = scan(data)\n"
    "    report = risk(data, {quasi!r}, k=5)\n"
    "print(found.rows, report.k, len(report.plan), file=sys.stderr)"
)
CASES = {
    "python + duckdb imported (baseline)": "import duckdb, guidelib.datacheck",
    "guidelib check (scan + risk + plan)": CHECK,
    "the same, DuckDB held to 128MB": "import os\nos.environ['GUIDELIB_DUCKDB_MEMORY'] = '128MB'\n"
    + CHECK,
    "plain pandas: read 6 columns + groupby": (
        "import pandas as pd\n"
        "frame = pd.read_parquet(sys.argv[1], columns={quasi!r})\n"
        "sizes = frame.groupby({quasi!r}, dropna=False, observed=True).size()\n"
        "print(len(frame), sizes.min(), file=sys.stderr)"
    ),
}


def measure(body: str, path: str) -> dict:
    code = CHILD.format(body=body.format(quasi=list(QUASI)))
    out = subprocess.run(
        [sys.executable, "-c", code, path], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    path = extract(rows)
    print(f"{rows:,} records in {path.name} ({path.stat().st_size / 2**20:.0f} MiB on disk)")
    base = None
    for name, body in CASES.items():
        start = time.perf_counter()
        result = measure(body, str(path))
        base = base or result["peak_mb"]
        print(
            f"  {name:40} peak {result['peak_mb']:7.0f} MB  ({result['peak_mb'] / base:4.1f}x "
            f"baseline), {result['seconds']:5.1f} s ({time.perf_counter() - start:5.1f} s "
            "with start-up)"
        )


if __name__ == "__main__":
    main()
