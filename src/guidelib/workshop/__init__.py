"""Prepare a workshop: one workbook per team, pre-filled from a CSV row, and executed
copies of the phase notebooks, with an `index.html` of every team's links.

>>> result = run_workshop("teams.csv", "spring-workshop")  # doctest: +SKIP
>>> [(o.name, o.status) for o in result.outcomes]  # doctest: +SKIP
[('Riverbend kinship care', 'ready'), ('Lakeside youth justice', 'already done')]

The output folder:

    DIR/index.html                        every team, its apps and links
    DIR/voila.json                        the guidebook's Voilà settings (if found)
    DIR/notebooks/*.ipynb                 the apps, unexecuted (they take ?workbook=<name>)
    DIR/notebooks/<slug>/NN_*.ipynb       the team's phase notebooks, executed
    DIR/workbook/<slug>.json              the team's workbook

Running it again skips the teams that are done (see `execute.is_done`) and never
overwrites a workbook that exists: teams may already have started.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from ..binder import BinderRepo
from ..errors import GuidelibError, plain
from ..workbook import create_workbook
from ..workbook.store import write_atomic
from .execute import FAILED, PHASE_NOTEBOOKS, SKIPPED, Job, Outcome, is_done, run_team
from .page import index_html
from .teams import RowProblem, Team, prefill, read_teams, team_details


@dataclass
class WorkshopResult:
    outcomes: list[Outcome]
    problems: list[RowProblem]  # rows that never became a team
    notes: list[str] = field(default_factory=list)
    index: Path | None = None

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems


def default_jobs() -> int:
    """Worker processes: one per core, at most two (each runs a kernel of its own)."""
    return max(1, min(os.cpu_count() or 1, 2))


def prepare(team: Team, out: Path) -> bool:
    """The team's workbook in `out/workbook`, created and pre-filled if it does not exist
    (an existing one is left alone). True when it was created."""
    folder = out / "workbook"
    if (folder / f"{team.slug}.json").exists():
        return False
    wb = create_workbook(team.name, folder, **team_details(team))
    prefill(wb, team).save()
    return True


def copy_apps(root: Path, out: Path) -> None:
    """The guidebook's notebooks (unexecuted) and its voila.json, so that
    `guidelib run --root DIR` serves the same apps with the same settings."""
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        shutil.copyfile(path, out / "notebooks" / path.name)
    if (root / "voila.json").is_file():
        shutil.copyfile(root / "voila.json", out / "voila.json")


def run_jobs(
    jobs: list[Job],
    workers: int,
    execute: Callable[[Job], Outcome] = run_team,
    progress: bool = True,
) -> list[Outcome]:
    """Run every job, `workers` at a time in separate processes, with a progress bar."""
    from tqdm import tqdm  # lazy, like every tool the workbook itself does not need

    outcomes: list[Outcome] = []
    bar = tqdm(total=len(jobs), unit="team", desc="Teams", disable=not progress, file=sys.stderr)
    with bar:
        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                outcomes.append(execute(job))
                bar.update()
            return outcomes
        # spawn, not fork: a forked worker would inherit the parent's threads and locks.
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(execute, job): job for job in jobs}
            for future in as_completed(futures):
                outcomes.append(_outcome(future, futures[future]))
                bar.set_postfix_str(futures[future].name[:30], refresh=False)
                bar.update()
    return outcomes


def _outcome(future, job: Job) -> Outcome:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a worker that died still yields a sentence
        reason = f"Its worker process stopped ({type(exc).__name__}: {exc})."
        return Outcome(job.row, job.name, job.slug, FAILED, reason)


def _prepare_all(
    teams: list[Team], out: Path, root: Path, problems: list[RowProblem]
) -> tuple[list[Job], list[Outcome]]:
    jobs, skipped = [], []
    for team in teams:
        try:
            prepare(team, out)
        except (GuidelibError, OSError) as exc:
            problems.append(RowProblem(team.row, team.name, plain(exc)))
            continue
        if is_done(out, team.slug):
            skipped.append(Outcome(team.row, team.name, team.slug, SKIPPED))
        else:
            notebooks = str(root / "notebooks")
            jobs.append(Job(team.row, team.name, team.slug, str(out), notebooks, PHASE_NOTEBOOKS))
    return jobs, skipped


def run_workshop(
    teams_csv: str | os.PathLike[str],
    out: str | os.PathLike[str],
    root: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    binder: BinderRepo | None = None,
    progress: bool = True,
    execute: Callable[[Job], Outcome] = run_team,
) -> WorkshopResult:
    """Prepare every team of `teams_csv` in `out`; see the module's docstring."""
    from ..launch import find_root

    folder = find_root(Path(root)) if root else find_root()
    teams, problems, notes = read_teams(teams_csv)
    target = Path(out).expanduser().resolve()
    try:
        target.mkdir(parents=True, exist_ok=True)
        copy_apps(folder, target)
    except OSError as exc:
        raise GuidelibError(f"Could not write into {target}: {exc.strerror or exc}.") from None
    todo, skipped = _prepare_all(teams, target, folder, problems)
    outcomes = sorted(
        skipped + run_jobs(todo, jobs or default_jobs(), execute, progress), key=lambda o: o.row
    )
    facilitators = {t.slug: t.facilitator for t in teams}
    page = index_html(
        target,
        [(o, facilitators[o.slug]) for o in outcomes],
        sorted(problems, key=lambda p: p.row),
        binder,
    )
    write_atomic(target / "index.html", page.encode("utf-8"))
    return WorkshopResult(
        outcomes, sorted(problems, key=lambda p: p.row), notes, target / "index.html"
    )


__all__ = ["WorkshopResult", "read_teams", "run_workshop"]
