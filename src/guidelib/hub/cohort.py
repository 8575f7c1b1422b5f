"""Every team on a hub, as the facilitator sees it: progress, last save, dashboard link.

`cohort.load_cohort(teams_json)` reads every team's workbook from its home on the hub (the
facilitator's Unix user may read them all); this adds what only the hub knows: the team's
hub logins and the address of its dashboard, and the teams that have not logged in yet.

The facilitator view (`notebooks/facilitator.ipynb`) needs no change on the hub to list
every team: the facilitator's server has `GUIDELIB_WORKBOOK_DIR` set to its copy of
teams.json (so does `FOLDER = "~/teams.json"`). Its per-team dashboard links, though, open
`dashboard.ipynb?workbook=<slug>` in the facilitator's own server, which has no such
folder; on a hub the working link is `HubTeamStatus.dashboard` (the team's own server,
which the facilitator, a hub admin, may open).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..cohort import Cohort, load_cohort
from .accounts import read_manifest


@dataclass(frozen=True)
class HubTeamStatus:
    name: str
    slug: str
    users: tuple[str, ...]
    dashboard: str
    started: bool  # its workbook is in its home (the team has logged in once)
    complete: int = 0
    last_saved: dt.datetime | None = None


def hub_status(manifest: str | os.PathLike[str]) -> tuple[list[HubTeamStatus], Cohort]:
    """Each team of a hub's teams.json, in its order, with the cohort read from the homes."""
    path = Path(manifest).expanduser()
    data = read_manifest(path)
    cohort = load_cohort(path)
    read = {t.slug: t for t in cohort.teams}
    out = []
    for team in data["teams"]:
        summary = read.get(team["slug"])
        out.append(
            HubTeamStatus(
                team["name"],
                team["slug"],
                tuple(u["user"] for u in team["users"]),
                team["dashboard"],
                summary is not None,
                summary.complete if summary else 0,
                summary.last_saved if summary else None,
            )
        )
    return out, cohort
