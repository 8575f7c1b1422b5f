"""Survey submissions per second with 20 writer processes at once (each a respondent's
kernel: one connection and one short transaction per submission, as the form does), and
a single writer sending the same number alone, in the same run.

Run: .venv/bin/python bench/survey_submit.py [PER_WRITER] [WRITERS]
Also checks that every response was stored exactly once. Not part of the test suite.
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

from guidelib.examples.survey_responses import generate
from guidelib.survey.store import count, responses, submit

ANSWERS = [answers for *_, answers in generate(200)]


def writer(book: str, worker: int, per_writer: int, barrier) -> tuple[float, list[float]]:
    """Wait for the others, then submit; (seconds taken, each submission's seconds)."""
    if barrier is not None:
        barrier.wait()
    start, latencies = time.perf_counter(), []
    for n in range(per_writer):
        t = time.perf_counter()
        submit(book, ANSWERS[n % len(ANSWERS)], f"w{worker:03d}-{n:06d}-bench")
        latencies.append(time.perf_counter() - t)
    return time.perf_counter() - start, latencies


def concurrent(book: Path, writers: int, per_writer: int) -> tuple[float, list[float]]:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager, ctx.Pool(writers) as pool:
        barrier = manager.Barrier(writers + 1)
        jobs = [
            pool.apply_async(writer, (str(book), k, per_writer, barrier)) for k in range(writers)
        ]
        barrier.wait()  # every writer is ready: the clock starts with them
        start = time.perf_counter()
        results = [job.get() for job in jobs]
        elapsed = time.perf_counter() - start
    return elapsed, [lat for _, lats in results for lat in lats]


def report(name: str, n: int, seconds: float, latencies: list[float]) -> None:
    median = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    print(
        f"  {name:34} {n / seconds:7.0f} submissions/s   median {median:5.1f} ms"
        f"   p95 {p95:6.1f} ms   ({n} in {seconds:.2f} s)"
    )


def main() -> None:
    per_writer = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    writers = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    total = per_writer * writers
    with tempfile.TemporaryDirectory() as tmp:
        alone, together = Path(tmp) / "alone.json", Path(tmp) / "together.json"
        seconds, latencies = writer(str(alone), 0, total, None)
        print(f"{total} submissions of the worked example's survey (WAL, synchronous=FULL)")
        report("1 writer alone (baseline)", total, seconds, latencies)
        seconds, latencies = concurrent(together, writers, per_writer)
        report(f"{writers} writer processes at once", total, seconds, latencies)
        ids = [r.response_id for r in responses(together)]
        ok = count(together) == len(set(ids)) == total
        print(f"  every response stored exactly once: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
