"""Run one team's phase notebooks with papermill (in a worker process), and know when a
team is done.

A team is done when every phase notebook has an executed copy in
`DIR/notebooks/<slug>/` that is newer than the team's workbook. A copy is written under a
`.partial.ipynb` name and renamed only when its run succeeded, so a run that stopped
halfway never counts as done. A run that failed is kept as `<notebook>.failed.ipynb` for
the facilitator to open.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GuidelibError
from ..workbook.paths import ENV_DIR

PHASE_NOTEBOOKS = (
    "00_start_here",
    "01_build_the_collective",
    "02_define_the_operations",
    "03_drive_impact",
)
CELL_TIMEOUT = 300  # seconds: a kernel that hangs must not hold a workshop for ever
READY, SKIPPED, FAILED = "ready", "already done", "failed"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: How every notebook is run (here and by `guidelib report`). ipykernel logs a warning about
#: unencrypted local TCP, and an error when papermill interrupts it before shutting it
#: down; either would break the progress bar, and neither means anything went wrong.
PAPERMILL: dict[str, Any] = {
    "kernel_name": "python3",
    "progress_bar": False,
    "execution_timeout": CELL_TIMEOUT,
    "extra_arguments": ["--IPKernelApp.log_level=CRITICAL"],
}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Job:
    """One team's notebooks to run; plain strings, so it crosses to a worker process."""

    row: int
    name: str
    slug: str
    out: str
    source: str  # the folder holding the notebooks to run
    notebooks: tuple[str, ...] = PHASE_NOTEBOOKS


@dataclass(frozen=True)
class Outcome:
    row: int
    name: str
    slug: str
    status: str  # READY, SKIPPED or FAILED
    reason: str = ""  # one sentence when FAILED
    seconds: float = 0.0


def workbook_file(out: Path, slug: str) -> Path:
    return out / "workbook" / f"{slug}.json"


def team_folder(out: Path, slug: str) -> Path:
    return out / "notebooks" / slug


def is_done(out: Path, slug: str, notebooks: tuple[str, ...] = PHASE_NOTEBOOKS) -> bool:
    """Every executed notebook is there and newer than the workbook."""
    try:
        since = workbook_file(out, slug).stat().st_mtime
        stamps = [(team_folder(out, slug) / f"{n}.ipynb").stat().st_mtime for n in notebooks]
    except OSError:
        return False
    return all(stamp >= since for stamp in stamps)


def _line(text: str, limit: int = 200) -> str:
    """The first line of an error message, without terminal colours, cut to `limit`."""
    first = _ANSI.sub("", str(text)).strip().splitlines()
    line = first[0].strip() if first else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _status_errors(nb: dict[str, Any]) -> Iterator[str]:
    """Error lines the apps showed in their status widgets (the apps catch exceptions and
    show a sentence, so papermill never sees them)."""
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model in state.values():
        value = model.get("state", {}).get("value")
        classes = model.get("state", {}).get("_dom_classes", [])
        if "gl-status" in classes and isinstance(value, str) and 'class="gl-error"' in value:
            yield html.unescape(_TAGS.sub("", value)).strip()


def notebook_problem(nb: dict[str, Any]) -> str:
    """What went wrong in an executed notebook, in a few words ('' when nothing did): an
    error output, a traceback printed to stderr, or an app's error line."""
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return f"{out.get('ename', 'Error')}: {_line(out.get('evalue', ''))}"
            text = "".join(out.get("text", "")) if out.get("name") == "stderr" else ""
            if "Traceback (most recent call last)" in text:
                return f"a traceback was printed ({_line(text.strip().splitlines()[-1])})"
    return next((_line(e) for e in _status_errors(nb) if e), "")


@contextlib.contextmanager
def _workbook_dir(folder: Path) -> Iterator[None]:
    """Kernels started inside see `folder` as the workbook folder (as `guidelib run
    --root DIR` will show them), and no workbook forced by the environment."""
    saved = {k: os.environ.get(k) for k in (ENV_DIR, "GUIDELIB_WORKBOOK")}
    os.environ[ENV_DIR] = str(folder)
    os.environ.pop("GUIDELIB_WORKBOOK", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_notebook(source: Path, target: Path, workbook: str) -> None:
    """Execute `source` into `target` with the WORKBOOK parameter, in target's folder.
    GuidelibError (one sentence) when it fails; the failed copy is kept beside it."""
    import papermill as pm  # lazy: papermill and the kernel machinery are slow to import

    partial = target.with_name(f"{target.stem}.partial.ipynb")
    failed = target.with_name(f"{target.stem}.failed.ipynb")
    try:
        pm.execute_notebook(
            str(source),
            str(partial),
            parameters={"WORKBOOK": workbook},
            cwd=str(target.parent),
            **PAPERMILL,
        )
        problem = notebook_problem(json.loads(partial.read_text(encoding="utf-8")))
    except pm.PapermillExecutionError as exc:
        problem = f"{exc.ename}: {_line(exc.evalue)}"
    except Exception as exc:  # noqa: BLE001 - a dead kernel, a timeout: still one sentence
        problem = f"{type(exc).__name__}: {_line(str(exc))}"
    if problem:
        if partial.exists():
            os.replace(partial, failed)
        raise GuidelibError(f"{source.name} failed: {problem.rstrip('.')} (see {failed.name}).")
    os.replace(partial, target)
    failed.unlink(missing_ok=True)


def run_team(job: Job) -> Outcome:
    """Execute a team's notebooks, in order; the first failure stops the team."""
    start = time.monotonic()
    out, folder = Path(job.out), team_folder(Path(job.out), job.slug)
    # Relative to the notebooks, so DIR can be moved, zipped or served from anywhere.
    workbook = f"../../workbook/{job.slug}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _workbook_dir(out / "workbook"):
            for name in job.notebooks:
                run_notebook(Path(job.source) / f"{name}.ipynb", folder / f"{name}.ipynb", workbook)
    except GuidelibError as exc:
        return Outcome(job.row, job.name, job.slug, FAILED, str(exc), time.monotonic() - start)
    except OSError as exc:
        reason = f"Could not write its notebooks: {exc.strerror or exc}."
        return Outcome(job.row, job.name, job.slug, FAILED, reason, time.monotonic() - start)
    return Outcome(job.row, job.name, job.slug, READY, "", time.monotonic() - start)
