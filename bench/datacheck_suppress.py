"""Suppression with interval protection, against the earlier suppression (which only
stopped exact derivation) and primary suppression alone, in the same run.

1. A 100 x 100 count table with totals: `suppress_matrix` (interval protection, the
   default) against `method="exact"` (the earlier algorithm, kept callable for this
   baseline) and primary suppression alone; then the independent LP audit (the verdict
   `guidelib suppress` prints), and how many hidden cells each method leaves narrowable
   below 11.
2. The example survey's linked tables (the worked example's 400 responses): results
   with tables protected together by interval protection, against the earlier linked
   suppression (each table by the exact method, then hidden everywhere what any hides).

Run: .venv/bin/python bench/datacheck_suppress.py [SIZE] [RUNS]
Targets: under 2 s for 100 x 100 on a 2-core machine. Prints wall and CPU time (the
machine is shared: CPU time is the steadier figure). Not part of the test suite.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

from guidelib.datacheck import POLICIES, audit, suppress_matrix

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds."""
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def table(size: int) -> np.ndarray:
    rng = np.random.default_rng(2017)
    scale = rng.gamma(2.0, 40.0, (size, 1)) * rng.gamma(2.0, 1.0, (1, size))
    return rng.poisson(scale).astype(np.int64)


def narrowable(result) -> int:
    """Hidden cells the attacker's LP bounds below the policy's threshold."""
    found = result.bounds(enough=result.policy.minimum)
    return len(audit.failures(found, result.policy.minimum, result.policy.zero_shown))


def square(size: int, runs: int) -> None:
    grid, labels = table(size), [f"g{i}" for i in range(size)]
    cms = POLICIES["cms"]
    new = suppress_matrix(grid, labels, labels, "cms")
    old = suppress_matrix(grid, labels, labels, "cms", method="exact")
    cases = {
        "primary suppression only": lambda: np.vectorize(cms.hides)(grid),
        "earlier suppression (exact derivation only)": lambda: suppress_matrix(
            grid, labels, labels, "cms", method="exact"
        ),
        "interval protection (default)": lambda: suppress_matrix(grid, labels, labels, "cms"),
        "independent LP audit, verdict": lambda: new.check(),
    }
    times = {name: timed(fn, runs) for name, fn in cases.items()}
    base = times["earlier suppression (exact derivation only)"][1]
    print(
        f"{size} x {size} table + totals, cms: {new.counts()['primary']} primary; complementary "
        f"{old.counts()['complementary']} earlier, {new.counts()['complementary']} now; "
        f"cells narrowable below 11: {narrowable(old)} earlier, {narrowable(new)} now"
    )
    for name, (wall, cpu) in times.items():
        print(f"  {name:44} {wall:8.1f} ms wall {cpu:8.1f} ms CPU  {cpu / base:5.2f}x earlier")


def survey(runs: int) -> None:
    import guidelib
    from guidelib.examples.survey_responses import write
    from guidelib.survey import linked
    from guidelib.survey import results as survey_results_module
    from guidelib.survey.results import workbook_results

    folder = Path(__import__("tempfile").mkdtemp())
    example = folder / "example-kinship-care.json"
    example.write_bytes((ROOT / "workbook" / "example-kinship-care.json").read_bytes())
    write(folder)
    wb = guidelib.open_workbook(example)

    def earlier() -> None:  # each table by the exact method, then aligned across tables
        real = survey_results_module.protect
        survey_results_module.protect = _earlier_protect
        try:
            workbook_results(wb)
        finally:
            survey_results_module.protect = real

    now = workbook_results(wb)
    failing = audit.failures(
        audit.ranges(*linked.published(list(now.tables.values())), enough=11), 11
    )
    hidden, cells = now.suppressed()
    times = {"earlier linked suppression": timed(earlier, runs),
             "interval protection, all tables together": timed(lambda: workbook_results(wb),
                                                               runs)}  # fmt: skip
    base = times["earlier linked suppression"][1]
    print(
        f"example survey, {now.respondents} responses, {len(now.tables)} linked tables: "
        f"{hidden} of {cells} cells hidden; joint audit: {len(failing)} narrowable below 11"
    )
    for name, (wall, cpu) in times.items():
        print(f"  {name:44} {wall:8.1f} ms wall {cpu:8.1f} ms CPU  {cpu / base:5.2f}x earlier")


def _earlier_protect(tables, policy, shown=frozenset()) -> None:
    """The earlier scheme, for the baseline: each table's exact-derivation suppression,
    a cell hidden anywhere hidden everywhere, until settled, then the joint exact check
    (no interval protection; the same primary cells as now, skip counts included)."""
    from guidelib.datacheck.complement import Pattern
    from guidelib.datacheck.suppress import PRIMARY, SHOWN

    for t in tables:
        status = t.result.status
        for i, row in enumerate(t.keys):
            for j, _ in enumerate(row):
                status[i, j] = PRIMARY if policy.hides(int(t.result.values[i, j])) else SHOWN
        Pattern(t.result.values, status, t.result.lines).run()
    for _ in range(50):
        hidden = {
            t.keys[i][j]
            for t in tables
            for i, j in zip(*(t.result.status != SHOWN).nonzero(), strict=True)
        }
        changed = False
        for t in tables:
            more = [(i, j) for i, row in enumerate(t.keys) for j, k in enumerate(row)
                    if k in hidden and t.result.status[i, j] == SHOWN]  # fmt: skip
            for p in more:
                t.result.status[p] = "complementary"
            if more:
                Pattern(t.result.values, t.result.status, t.result.lines).run()
                changed = True
        if not changed and not linked_leaks(tables):
            return


def linked_leaks(tables) -> list:
    from guidelib.survey.linked import joint_leaks

    return joint_leaks(tables)  # the earlier joint check (exact derivation)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    square(size, runs)
    survey(max(1, runs // 2))


if __name__ == "__main__":
    main()
