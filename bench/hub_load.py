"""A workshop hub under load: N teams log in through the hub's form, start their servers,
and each saves its workbook S times from code in its own kernel (through the proxy, the
server and the kernel's websocket, as the apps do). Bounded and loopback only; it stops by
itself (everything is stopped and the Unix users removed, as in the tests).

Run as root: .venv/bin/python bench/hub_load.py [--teams 30] [--saves 20]

Prints:
- memory of one team's server (RSS of every process of the team's Unix user: the
  single-user server, then with the kernel of an open Start here);
- p50/p95 save latency through the hub, against the same save made in-process in the same
  run (the baseline); every save is checked (revision +S per team, the last value kept);
- the hub's memory (JupyterHub + configurable-http-proxy) and all team processes'.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hubs import running_hub  # noqa: E402 - after the path is set

DEADLINE = 20 * 60  # seconds: the whole run, whatever happens
RETRIES: list[str] = []  # kernels that died at start and were started again

ONE_SAVE = """
import time
from guidelib.workbook import open_workbook
t = time.perf_counter()
wb = open_workbook({slug!r})
wb.set("policy-problem", "problem", "save {i}")
r = wb.save()
print("SAVED", r.revision, time.perf_counter() - t)
"""
REVISION = (
    "from guidelib.workbook import open_workbook\n"
    "wb = open_workbook({slug!r})\n"
    "print('STATE', wb.revision, wb.get('policy-problem', 'problem'))\n"
)


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def pids_of(uid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                out.append(int(entry.name))
        except OSError:
            continue
    return out


def tree(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def settle(uid: int, seconds: float = 60) -> float:
    """RSS of a user's processes once it stops growing (preheated kernels run notebooks)."""
    last, stable, end = 0.0, 0, time.monotonic() + seconds
    while time.monotonic() < end and stable < 3:
        now = rss_mb(pids_of(uid))
        stable = stable + 1 if abs(now - last) < 2 else 0
        last = now
        time.sleep(2)
    return last


def _owner(pid: int) -> int:
    try:
        return Path(f"/proc/{pid}").stat().st_uid
    except OSError:
        return -1


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def baseline(saves: int) -> list[float]:
    """The same save, in this process, on a workbook in a temporary folder."""
    from guidelib.workbook import create_workbook, open_workbook

    with tempfile.TemporaryDirectory() as folder:
        create_workbook("Baseline team", folder)
        times = []
        for i in range(saves):
            t = time.perf_counter()
            wb = open_workbook("baseline-team", folder)
            wb.set("policy-problem", "problem", f"save {i}")
            wb.save()
            times.append(time.perf_counter() - t)
        return times


def team_run(hub, team: dict, saves: int) -> tuple[list[float], int, int, str]:
    """One team: log in, start, then `saves` saves each sent as its own execution."""
    user, slug = team["users"][0]["user"], team["slug"]
    hub.login(user)
    hub.token(user)
    hub.spawn(user, timeout=600)
    for attempt in range(3):
        latencies: list[float] = []
        try:
            with hub.kernel(user) as run:
                try:  # the kernel answers (one may die at start: two drew one TCP port)
                    before = int(run(REVISION.format(slug=slug)).split()[1])
                except Exception as exc:  # noqa: BLE001 - counted and tried again
                    raise _DeadKernel(f"{slug}: {type(exc).__name__}") from exc
                for i in range(saves):
                    t = time.perf_counter()
                    out = run(ONE_SAVE.format(slug=slug, i=i))
                    if "SAVED" not in out:
                        raise RuntimeError(f"{slug}: save {i} failed: {out[-300:]}")
                    latencies.append(time.perf_counter() - t)
                state = run(REVISION.format(slug=slug)).split(maxsplit=2)
            return latencies, before, int(state[1]), state[2].strip()
        except _DeadKernel as dead:
            RETRIES.append(str(dead))
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


class _DeadKernel(Exception):
    """A kernel that did not answer its first request, before any save."""


def _deadline(*_: object) -> None:
    raise TimeoutError(f"the run passed its {DEADLINE} s limit")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--teams", type=int, default=30)
    ap.add_argument("--saves", type=int, default=20)
    ap.add_argument("--workers", type=int, default=10, help="teams starting at once")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("Run as root: the hub creates a Unix user per team.", file=sys.stderr)
        return 1
    start = time.monotonic()
    base = baseline(args.saves)
    folder = Path(tempfile.mkdtemp(prefix="guidelib-hubload-"))
    csv = folder / "teams.csv"
    csv.write_text("team\n" + "".join(f"Load team {n:02d}\n" for n in range(args.teams)))
    signal.signal(signal.SIGALRM, _deadline)
    signal.alarm(DEADLINE)  # ends the run; the context manager still cleans up
    with running_hub(csv, idle=24 * 3600) as hub:
        teams = hub.manifest["teams"]
        # Sizing: the first team's server alone, then with Start here open.
        first = teams[0]
        user = first["users"][0]["user"]
        hub.login(user)
        hub.token(user)
        t0 = time.perf_counter()
        hub.spawn(user)
        spawn_s = time.perf_counter() - t0
        uid = pwd.getpwnam(first["unix_user"]).pw_uid  # made at its first start
        idle_mb = settle(uid)
        page = hub.sessions[user].get(
            f"{hub.url}user/{user}/voila/render/notebooks/00_start_here.ipynb", timeout=180
        )
        open_mb = settle(uid)
        procs = len(pids_of(uid))
        print(f"one team server: spawn {spawn_s:.1f} s; {idle_mb:.0f} MB after start "
              f"(the server), {open_mb:.0f} MB with Start here open "
              f"(HTTP {page.status_code}), {procs} processes")
        with ThreadPoolExecutor(args.workers) as pool:
            results = list(pool.map(lambda t: team_run(hub, t, args.saves), teams))
        lost = [
            t["slug"] for t, (_, before, after, last) in zip(teams, results, strict=True)
            if after - before != args.saves or last != f"save {args.saves - 1}"
        ]
        latencies = [x for r in results for x in r[0]]
        hub_mb = rss_mb([p for p in tree(hub.proc.pid) if _owner(p) == 0])
        team_mb = sum(
            rss_mb(pids_of(pwd.getpwnam(t["unix_user"]).pw_uid)) for t in teams
        )
    signal.alarm(0)
    shutil.rmtree(folder, ignore_errors=True)
    b50 = statistics.median(base)
    print(json.dumps({"teams": args.teams, "saves_each": args.saves}))
    b95 = pct(base, 0.95)
    print(f"in-process save (baseline): p50 {b50 * 1000:.1f} ms, p95 {b95 * 1000:.1f} ms")
    p50, p95 = statistics.median(latencies), pct(latencies, 0.95)
    print(f"save through the hub (execute in the team's kernel over its websocket): "
          f"p50 {p50 * 1000:.0f} ms ({p50 / b50:.1f}x), p95 {p95 * 1000:.0f} ms "
          f"({p95 / b50:.1f}x), {len(latencies)} saves")
    print(f"saves lost: {len(lost)} {lost if lost else ''}".rstrip())
    print(f"hub memory (JupyterHub, proxy, culler): {hub_mb:.0f} MB; "
          f"all {args.teams} team servers: {team_mb:.0f} MB "
          f"({team_mb / args.teams:.0f} MB each)")
    print(f"kernels started again after dying at start: {len(RETRIES)} {RETRIES or ''}")
    print(f"wall time {time.monotonic() - start:.0f} s")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
