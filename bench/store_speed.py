"""Workbook load and save for a full workbook, against plain JSON in the same run.

Run: .venv/bin/python bench/store_speed.py [RUNS]
The workbook is the worked example (every step answered) grown to realistic workshop
size: 60-row stakeholder register and inventory, 200 history entries. Prints medians;
the target is under 20 ms each for load and save. Not part of the test suite.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import guidelib
from guidelib.workbook.store import encode, write_atomic

ROOT = Path(__file__).resolve().parents[1]


def build(folder: Path) -> Path:
    path = folder / "example-kinship-care.json"
    shutil.copy(ROOT / "workbook" / "example-kinship-care.json", path)
    wb = guidelib.open_workbook(path)
    register = wb.get("stakeholders", "register")
    wb.set("stakeholders", "register", (register * 10)[:60])
    inventory = wb.get("capacity", "inventory")
    wb.set("capacity", "inventory", (inventory * 12)[:60])
    wb.save()
    for n in range(200 - len(wb.history)):
        wb.set("policy-problem", "known", f"Revision note {n}")
        wb.save()
    return path


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp))
        size = path.stat().st_size
        wb = guidelib.open_workbook(path)
        counter = iter(range(10**9))

        def save() -> None:
            wb.set("charter", "vision", f"Vision draft {next(counter)}")
            wb.save()

        def plain_load() -> None:
            json.loads(path.read_bytes())

        plain_copy = Path(tmp) / "plain.json"

        def plain_save() -> None:
            write_atomic(plain_copy, encode(json.loads(path.read_bytes())))

        results = {
            "load: json.loads (baseline)": median_ms(plain_load, runs),
            "load: guidelib.open_workbook": median_ms(lambda: guidelib.open_workbook(path), runs),
            "save: read + fsync'd atomic write (baseline)": median_ms(plain_save, runs),
            "save: Workbook.set + save (lock, merge, backup)": median_ms(save, runs),
        }
    print(f"workbook of {size / 1024:.0f} KB, median of {runs} runs")
    base = {
        "load": results["load: json.loads (baseline)"],
        "save": results["save: read + fsync'd atomic write (baseline)"],
    }
    for name, ms in results.items():
        print(f"  {name:50} {ms:7.2f} ms   {ms / base[name[:4]]:5.2f}x baseline")


if __name__ == "__main__":
    main()
