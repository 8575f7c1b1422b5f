"""Suppression of a 100 x 100 count table (with totals), against primary suppression
alone in the same run, and the independent check that no hidden cell can be derived.

Run: .venv/bin/python bench/datacheck_suppress.py [SIZE] [RUNS]
The counts are skewed the way small-area tables are: most cells large, a long tail of
small ones (negative binomial, about 5 % of cells from 1 to 10). The target is under
1 s for the whole suppression. Not part of the test suite.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from guidelib.datacheck import POLICIES, suppress_matrix, suppress_table


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def table(size: int) -> np.ndarray:
    rng = np.random.default_rng(2017)
    scale = rng.gamma(2.0, 40.0, (size, 1)) * rng.gamma(2.0, 1.0, (1, size))
    return rng.poisson(scale).astype(np.int64)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    grid, labels = table(size), [f"g{i}" for i in range(size)]
    cms = POLICIES["cms"]
    long = [
        {"row": r, "col": c, "n": int(grid[i, j])}
        for i, r in enumerate(labels)
        for j, c in enumerate(labels)
    ]
    result = suppress_matrix(grid, labels, labels, "cms")
    counts = result.counts()
    cases = {
        "primary suppression only (baseline)": lambda: np.vectorize(cms.hides)(grid),
        "suppress_matrix (primary + complementary)": lambda: suppress_matrix(
            grid, labels, labels, "cms"
        ),
        "check(): nothing derivable": result.check,
        "suppress_table from 10,000 records (DuckDB)": lambda: suppress_table(
            long, "n", rows="row", cols="col"
        ),
    }
    times = {name: median_ms(fn, runs) for name, fn in cases.items()}
    base = times["primary suppression only (baseline)"]
    print(
        f"{size} x {size} table + totals, policy cms: {counts['primary']} primary and "
        f"{counts['complementary']} complementary cells; derivable after: {len(result.check())}"
    )
    for name, ms in times.items():
        print(f"  {name:44} {ms:8.1f} ms   {ms / base:6.1f}x baseline")


if __name__ == "__main__":
    main()
