"""`import guidelib` time, as a ratio to a bare interpreter start measured in the same run.

Run: .venv/bin/python bench/import_time.py [RUNS]
Prints medians over RUNS fresh interpreters (default 15). Not part of the test suite.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

CASES = {
    "python -c pass (baseline)": "pass",
    "import guidelib": "import guidelib",
    "import guidelib.ui (widgets)": "import guidelib.ui",
}


def median_seconds(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    results = {name: median_seconds(code, runs) for name, code in CASES.items()}
    base = results["python -c pass (baseline)"]
    print(f"median of {runs} fresh interpreters each")
    for name, secs in results.items():
        print(f"  {name:32} {secs * 1000:7.1f} ms   {secs / base:5.2f}x baseline")
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, guidelib; print(sorted(m for m in "
            "('pandas', 'plotly', 'duckdb', 'ipywidgets', 'docx') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"  heavy modules loaded by `import guidelib`: {heavy}")


if __name__ == "__main__":
    main()
