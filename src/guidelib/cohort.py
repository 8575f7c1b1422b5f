"""A workshop cohort: every workbook in a folder, read once, summarised for a facilitator.

Pure logic: no widgets, no plotly. The folder is only read, never written: a damaged
file is named in `Cohort.notes` and left for its team to restore (opening it with
`open_workbook` would move it aside), so watching a cohort cannot change one.

>>> cohort = load_cohort("workbook")  # doctest: +SKIP
>>> [(t.name, t.complete, t.next_step) for t in cohort.teams]  # doctest: +SKIP
>>> cohort.stuck()  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .content import GUIDEBOOK, Guidebook
from .datacheck.suppress import POLICIES, policy
from .errors import GuidelibError
from .workbook import workbook_dir
from .workbook.fileio import read_file
from .workbook.paths import SLUG_RE, SUFFIX
from .workbook.progress import COMPLETE, IN_PROGRESS, NOT_STARTED, progress
from .workbook.store import parse

#: Counts of teams from 1 to MIN_CELL - 1 are not shown. REFERENCE.md, "CMS: no published
#: cell with a value from 1 to 10 (zero may be shown)": the project's default rule, the
#: same as the data checks' and the survey's (`datacheck.suppress.POLICIES["cms"]`).
MIN_CELL = POLICIES["cms"].minimum

#: Step status as a number for the heat map, in order of progress.
STATUS_CODES = {NOT_STARTED: 0, IN_PROGRESS: 1, COMPLETE: 2}

#: The answers facilitators compare across teams ("step.field.column"). The options of a
#: choice column are counted; a text column is counted by identical wording.
TOPICS = (
    ("capacity.self_assessment.barriers", "Barriers partners name"),
    ("value.risks.risk", "Risks in the teams' risk registers"),
)
OTHER = "Other (written in)"


@dataclass(frozen=True)
class TeamSummary:
    """One team's workbook, as the facilitator sees it."""

    slug: str
    name: str
    statuses: tuple[str, ...]  # per guidebook step, in order
    last_saved: dt.datetime | None
    raw: bytes  # the file as read, for the zip
    answers: dict[str, Any]
    dashboard: str | None = None  # on a hub: the team's dashboard in the team's own server

    @property
    def complete(self) -> int:
        return sum(s == COMPLETE for s in self.statuses)

    @property
    def next_index(self) -> int | None:
        """The index of the earliest step not complete; None when every step is."""
        return next((i for i, s in enumerate(self.statuses) if s != COMPLETE), None)


@dataclass(frozen=True)
class Tally:
    """How many teams named one barrier or risk; `count` is None when suppressed."""

    label: str
    count: int | None

    def shown(self, min_cell: int = MIN_CELL) -> str:
        return f"fewer than {min_cell}" if self.count is None else str(self.count)


@dataclass(frozen=True)
class TopicSummary:
    """One topic's tallies. What a reader can deduce about a hidden tally: it is 1 to
    min_cell - 1 (the display says so), and no more than the teams that answered, which
    is shown under the same rule (`answered_text`), so that total never narrows a hidden
    tally below what the display already states. Teams may name several options, so the
    tallies do not add up to anything published and no tally can be worked out from the
    others."""

    title: str
    ref: str
    answered: int  # teams with at least one entry (shown through `answered_text`)
    tallies: tuple[Tally, ...]  # shown counts, most first, then suppressed, in catalog order
    hidden_texts: int = 0  # written-in wordings named by too few teams to show
    min_cell: int = MIN_CELL

    def answered_text(self) -> str:
        """'13 teams', or 'fewer than 11 teams' when the count is hidden by the rule."""
        count = suppress(self.answered, self.min_cell)
        if count is None:
            return f"fewer than {self.min_cell} teams"
        return f"{count} team{'s' * (count != 1)}"


@dataclass(frozen=True)
class Cohort:
    folder: Path
    teams: tuple[TeamSummary, ...]
    notes: tuple[str, ...]  # one sentence per file left out
    min_cell: int = MIN_CELL
    guidebook: Guidebook = GUIDEBOOK

    @property
    def steps(self) -> tuple[Any, ...]:
        return self.guidebook.steps

    def stuck(self) -> dict[str, int]:
        """Per step id, how many teams have it as their earliest incomplete step."""
        counts = Counter(
            self.steps[t.next_index].id for t in self.teams if t.next_index is not None
        )
        return {s.id: counts.get(s.id, 0) for s in self.steps}

    def finished(self) -> int:
        return sum(t.next_index is None for t in self.teams)

    def topics(self) -> tuple[TopicSummary, ...]:
        return tuple(topic_summary(self, ref, title) for ref, title in TOPICS)


def suppress(count: int, min_cell: int = MIN_CELL) -> int | None:
    """The count if it may be shown (zero, or at least `min_cell`), else None: the
    datacheck's suppression rule with `min_cell` as its minimum."""
    return None if policy(min_cell).hides(count) else count


def saved_at(history: list[dict[str, Any]]) -> dt.datetime | None:
    """The time of a workbook's last change: the latest time in its history."""
    times = []
    for entry in history:
        try:
            at = dt.datetime.fromisoformat(str(entry["at"]).replace("Z", "+00:00"))
        except (KeyError, ValueError):
            continue
        times.append(at if at.tzinfo else at.replace(tzinfo=dt.UTC))
    return max(times, default=None)


def read_team(path: Path, guidebook: Guidebook = GUIDEBOOK) -> TeamSummary:
    """One workbook file, read and checked like `open_workbook` but never written."""
    raw = read_file(path) or b""  # a symbolic link is refused, never followed
    doc = parse(raw)
    answers = doc["answers"]
    steps = progress(guidebook, answers).steps
    name = str(doc["team"]["name"])
    return TeamSummary(
        path.stem, name, tuple(s.status for s in steps), saved_at(doc["history"]), raw, answers
    )


def load_cohort(
    folder: str | os.PathLike[str] | None = None,
    min_cell: int = MIN_CELL,
    guidebook: Guidebook = GUIDEBOOK,
) -> Cohort:
    """Every workbook in `folder` (default: the workbook folder), by team name. Files that
    are not workbooks are left out with a one-line note naming them. `folder` may also be
    a hub's teams.json: then every team's workbook in its home on the hub."""
    where = workbook_dir(folder)
    teams, notes = [], []
    dashboards: dict[Path, str] = {}
    if where.is_file():  # a hub's teams.json: every team's workbook in its own home
        paths = hub_workbooks(where)  # checks that it is a hub's teams.json
        dashboards = hub_dashboards(where)
        notes += [f"{p.name} is not there yet." for p in paths if not p.exists()]
        paths = [p for p in paths if p.exists()]
    else:
        paths = sorted(where.glob(f"*{SUFFIX}")) if where.is_dir() else []
    for path in paths:
        if not SLUG_RE.match(path.stem):
            notes.append(f"{path.name} was left out: its name is not a workbook name.")
            continue
        try:
            team = read_team(path, guidebook)
            teams.append(replace(team, dashboard=dashboards.get(path)))
        except (OSError, GuidelibError, KeyError, TypeError, ValueError) as exc:
            reason = str(exc) if isinstance(exc, GuidelibError) else "it could not be read."
            notes.append(f"{path.name} was left out: {reason}")
    teams.sort(key=lambda t: (t.name.casefold(), t.slug))
    return Cohort(where, tuple(teams), tuple(notes), min_cell, guidebook)


def hub_workbooks(manifest: Path) -> list[Path]:
    """The workbook of every team a hub's `teams.json` lists (written by `guidelib hub`),
    in its order. A team's file exists once the team has logged in for the first time."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("kind") != "guidelib-hub":
            raise ValueError
        return [Path(team["workbook"]) for team in data["teams"]]
    except OSError as exc:
        raise GuidelibError(f"Could not read {manifest}: {exc.strerror or exc}.") from None
    except (ValueError, TypeError, KeyError, AttributeError):
        raise GuidelibError(
            f"{manifest} is neither a folder of workbooks nor a hub's teams.json."
        ) from None


def hub_dashboards(manifest: Path) -> dict[Path, str]:
    """Each team's dashboard address on the hub (in the team's own server, which the
    facilitator, a hub admin, may open), by the team's workbook path."""
    data = json.loads(manifest.read_text(encoding="utf-8"))  # hub_workbooks checked it
    return {
        Path(team["workbook"]): team["dashboard"]
        for team in data["teams"]
        if isinstance(team.get("dashboard"), str)
    }


def _entries(team: TeamSummary, ref: str) -> list[str]:
    """The values a team gave for `ref` ("step.field.column"), flattened across rows."""
    step_id, field_id, column_id = ref.split(".")
    rows = team.answers.get(step_id, {}).get(field_id)
    out: list[str] = []
    for row in rows if isinstance(rows, list) else []:
        value = row.get(column_id) if isinstance(row, dict) else None
        values = value if isinstance(value, list) else [value]
        out += [v.strip() for v in values if isinstance(v, str) and v.strip()]
    return out


def _normal(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def topic_summary(cohort: Cohort, ref: str, title: str) -> TopicSummary:
    """How many teams name each option (or each wording, for text) at `ref`. A team counts
    once per option however many rows name it; counts below the threshold are hidden."""
    step_id, field_id, column_id = ref.split(".")
    spec = cohort.guidebook.step(step_id).field(field_id).column(column_id)
    option_ids = [o.id for o in spec.options]
    counts: Counter[str] = Counter()
    wording: dict[str, str] = {}
    answered = 0
    for team in cohort.teams:
        entries = _entries(team, ref)
        answered += bool(entries)
        keys = set()
        for entry in entries:
            if option_ids:
                keys.add(entry if entry in option_ids else OTHER)
            else:
                keys.add(_normal(entry))
                wording.setdefault(_normal(entry), entry)
        counts.update(keys)
    if option_ids:
        labels = [(spec.option_label(o), counts.get(o, 0)) for o in option_ids]
        if counts.get(OTHER):
            labels.append((OTHER, counts[OTHER]))
        hidden_texts = 0
    else:  # a wording only a few teams share could point to one team: not shown at all
        labels = [(wording[k], c) for k, c in counts.items() if suppress(c, cohort.min_cell)]
        hidden_texts = len(counts) - len(labels)
    tallies = [Tally(label, suppress(c, cohort.min_cell)) for label, c in labels]
    # Shown counts, most first; hidden ones after, in catalog order so the order of the
    # list does not give their counts away.
    shown = sorted((t for t in tallies if t.count is not None), key=lambda t: -(t.count or 0))
    hidden = [t for t in tallies if t.count is None]
    return TopicSummary(
        title, ref, answered, tuple(shown + hidden), hidden_texts, cohort.min_cell
    )


def since(when: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """'3 days ago', '5 hours ago', 'just now' or 'never'."""
    if when is None:
        return "never"
    seconds = ((now or dt.datetime.now(dt.UTC)) - when).total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def zip_workbooks(cohort: Cohort) -> bytes:
    """One zip holding each readable workbook of the cohort as `<slug>.json`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for team in cohort.teams:
            # names are checked slugs, so no member can point outside the folder it unpacks to
            archive.writestr(f"{team.slug}{SUFFIX}", team.raw)
    return buffer.getvalue()
