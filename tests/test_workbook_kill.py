"""Issue #18: `kill -9` at random moments of a saving process loses no acknowledged save,
and the next save leaves no temporary file behind.

A child process saves the workbook over and over and prints each revision after `save()`
returned (the acknowledgement a person would see as "Saved"). The test kills it at a
random moment, then checks from outside: the file opens cleanly (no recovery needed), holds
the last acknowledged revision or a newer one with that revision's answer, and one more
save from another process leaves no `.tmp-*` or `.bak-*` file.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
import time

import pytest

import guidelib

CHILD = textwrap.dedent("""
    import sys, guidelib
    wb = guidelib.open_workbook(sys.argv[1], who="child")
    n = 0
    while True:
        n += 1
        wb.set("charter", "vision", f"answer {n} " + "x" * (n % 400))
        wb.set("stakeholders", "register", [{"name": f"row {i} of {n}"} for i in range(n % 30 + 1)])
        result = wb.save()
        print(result.revision, n, flush=True)
""")


def spawn(script: str, path) -> subprocess.Popen:
    """A child process that saves the workbook at `path` over and over."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def kill(child: subprocess.Popen) -> None:
    """SIGKILL the child and reap it (kill() sends SIGKILL on POSIX)."""
    if child.poll() is None:
        child.kill()
    child.wait(timeout=30)


@pytest.mark.slow
def test_kill_9_mid_save_loses_no_acknowledged_save(wb):
    rng = random.Random(18)
    folder = wb.path.parent
    for _round in range(15):
        child = spawn(CHILD, wb.path)
        try:
            first = child.stdout.readline()  # it is saving: now kill it at a random moment
            assert first, child.stderr.read()
            time.sleep(rng.uniform(0.0, 0.4))
        finally:
            kill(child)
        lines = [first, *child.stdout.read().splitlines()]
        child.stdout.close()
        child.stderr.close()
        revision, n = map(int, lines[-1].split())  # the last acknowledged save
        after = guidelib.open_workbook(wb.path)
        assert after.notices == []  # not damaged: no recovery was needed
        assert after.revision >= revision
        on_disk = int(after.get("charter", "vision").split()[1])
        assert on_disk >= n  # that save's answer, or a later one
        rows = after.get("stakeholders", "register")
        assert rows[0]["name"] == f"row 0 of {on_disk}"  # both fields of one save together
        # the next save, by another process, cleans what the killed one left
        after.set("policy-problem", "problem", f"after round {_round}")
        after.save()
        left = [p.name for p in folder.iterdir() if ".tmp-" in p.name or ".bak-" in p.name]
        assert left == []
        backup = json.loads((folder / "test-team.json.bak").read_text())
        assert backup["revision"] == after.revision - 1


# The same child, but its rename waits (and says so) once the temporary file is written:
# the kill then lands inside the window on any machine, however fast its disk.
PAUSED_CHILD = textwrap.dedent("""
    import os, sys, time
    real_replace = os.replace
    def slow_replace(src, dst, *a, **k):
        if ".tmp-" in str(src):
            print("renaming", flush=True)
            time.sleep(60)
        return real_replace(src, dst, *a, **k)
    os.replace = slow_replace
""") + CHILD


@pytest.mark.slow
def test_a_save_killed_between_write_and_rename_leaves_litter_the_next_save_removes(wb):
    folder = wb.path.parent
    before = guidelib.open_workbook(wb.path).revision
    child = spawn(PAUSED_CHILD, wb.path)
    try:
        line = child.stdout.readline()
        assert line.strip() == "renaming", child.stderr.read()
    finally:
        kill(child)
        child.stdout.close()
        child.stderr.close()
    litter = [p.name for p in folder.iterdir() if ".tmp-" in p.name]
    assert litter  # the killed save's temporary file is there
    after = guidelib.open_workbook(wb.path)
    assert after.notices == []
    assert after.revision == before  # the unacknowledged save did not land
    after.set("policy-problem", "problem", "after the kill")
    after.save()
    assert [p.name for p in folder.iterdir() if ".tmp-" in p.name or ".bak-" in p.name] == []
