"""The facilitator's view of a workshop: every team's progress, where teams are stuck, the
barriers and risks most teams name, links to each team's notebooks, and all workbooks as
one zip. It reads the workbook folder and never writes to it."""

from __future__ import annotations

import base64
import datetime as dt
import os
import threading
from urllib.parse import quote

import ipywidgets as w

from ..audience import FACILITATOR, REFUSALS, allows
from ..cohort import Cohort, TopicSummary, load_cohort, since, zip_workbooks
from ..errors import plain
from ..workbook.locate import in_voila
from ..workbook.paths import workbook_dir
from ._html import esc
from ._style import style
from .panels import figure_output
from .team_uploads import AddWorkbooksPanel
from .worksheet import Status

#: The notebooks a facilitator may open for a team, beside this one in `notebooks/`.
NOTEBOOKS = (
    ("Start", "00_start_here.ipynb"),
    ("Phase 1", "01_build_the_collective.ipynb"),
    ("Phase 2", "02_define_the_operations.ipynb"),
    ("Phase 3", "03_drive_impact.ipynb"),
    ("Dashboard", "dashboard.ipynb"),
)
IDLE_WARN = dt.timedelta(days=1)  # a team with no save for this long is flagged

CSS = """<style>
.gl-facilitator { max-width: 1040px; }
.gl-cohort { border-collapse: collapse; margin: 4px 0 12px; font-size: 14px; width: 100%; }
.gl-cohort th { text-align: left; font-weight: 600; color: #57606a; font-size: 13px;
  border-bottom: 2px solid #d0d7de; padding: 4px 10px 4px 0; white-space: nowrap; }
.gl-cohort td { border-bottom: 1px solid #eaeef2; padding: 4px 10px 4px 0;
  vertical-align: top; }
.gl-cohort.gl-narrow { width: auto; min-width: 60%; }
.gl-cohort th.gl-num { text-align: right; }
.gl-cohort td.gl-num { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
.gl-cohort a { color: #0b5394; text-decoration: underline; }
.gl-cohort .gl-links a { margin-right: 8px; white-space: nowrap; }
.gl-cohort .gl-meter { display: inline-block; height: 10px; background: #0b5394;
  border-radius: 2px; vertical-align: middle; margin-right: 6px; }
.gl-summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 6px 0 4px; }
.gl-summary div { border: 1px solid #d0d7de; border-radius: 8px; padding: 6px 14px;
  min-width: 9em; }
.gl-summary b { display: block; font-size: 1.5em; color: #0b5394; }
.gl-toolbar { gap: 8px; align-items: center; flex-wrap: wrap; }
</style>"""


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def team_links_html(slug: str, dashboard: str | None = None) -> str:
    """Links to open one team's notebooks. In a folder: relative to this notebook (Voilà
    renders them beside it at /voila/render/...). On a hub (`dashboard` is the team's
    dashboard in its own server, from teams.json): the same notebooks in that server."""
    if dashboard:
        base = dashboard.rsplit("/", 1)[0]
        hrefs = [f"{base}/{notebook}" for _label, notebook in NOTEBOOKS]
    else:
        query = quote(slug, safe="")
        hrefs = [f"{notebook}?workbook={query}" for _label, notebook in NOTEBOOKS]
    return "".join(
        f'<a href="{esc(href)}" target="_blank" rel="noopener">{esc(label)}</a>'
        for (label, _notebook), href in zip(NOTEBOOKS, hrefs, strict=True)
    )


def summary_html(cohort: Cohort) -> str:
    teams = len(cohort.teams)
    steps = len(cohort.steps)
    done = sum(t.complete for t in cohort.teams)
    boxes = (
        ("teams", teams),
        ("finished every step", cohort.finished()),
        ("steps complete on average", f"{done / teams:.1f} of {steps}"),
    )
    return (
        '<div class="gl-summary">'
        + "".join(f"<div><b>{esc(v)}</b>{esc(k)}</div>" for k, v in boxes)
        + "</div>"
    )


def teams_html(cohort: Cohort, now: dt.datetime | None = None) -> str:
    """Per team: steps complete, the earliest step not complete, the last save, links."""
    now = now or dt.datetime.now(dt.UTC)
    rows = []
    for team in cohort.teams:
        index = team.next_index
        if index is None:
            step = '<span class="gl-ok">All steps complete</span>'
        else:
            s = cohort.steps[index]
            step = f"{esc(s.number)} {esc(s.title)}"
        idle = team.last_saved is not None and now - team.last_saved >= IDLE_WARN
        saved = esc(since(team.last_saved, now))
        width = round(60 * team.complete / len(cohort.steps))
        rows.append(
            f"<tr><td>{esc(team.name)}</td>"
            f'<td class="gl-num"><span class="gl-meter" style="width:{width}px"></span>'
            f"{team.complete}</td><td>{step}</td>"
            f'<td class="gl-num{" gl-warn" if idle else ""}">{saved}</td>'
            f'<td class="gl-links">{team_links_html(team.slug, team.dashboard)}</td></tr>'
        )
    return (
        '<table class="gl-cohort"><tr><th>Team</th><th class="gl-num">Steps done</th>'
        '<th>Next step</th><th class="gl-num">Last saved</th><th>Open</th></tr>'
        f"{''.join(rows)}</table>"
    )


def stuck_html(cohort: Cohort) -> str:
    """Per step, how many teams have it as their next step, and which (steps no team is on
    are left out)."""
    counts = cohort.stuck()
    rows = []
    for index, step in enumerate(cohort.steps):
        if not counts[step.id]:
            continue
        names = ", ".join(esc(t.name) for t in cohort.teams if t.next_index == index)
        rows.append(
            f"<tr><td>{esc(step.number)}</td><td>{esc(step.title)}</td>"
            f'<td class="gl-num">{counts[step.id]}</td><td class="gl-small">{names}</td></tr>'
        )
    if not rows:
        return '<p class="gl-ok">Every team has completed every step.</p>'
    return (
        '<table class="gl-cohort"><tr><th>Step</th><th></th><th class="gl-num">Teams on it</th>'
        f"<th>Which</th></tr>{''.join(rows)}</table>"
    )


def topic_html(topic: TopicSummary, min_cell: int) -> str:
    other = "other " if topic.tallies else ""
    if not topic.answered:
        return f"<h3>{esc(topic.title)}</h3><p class='gl-muted'>No team has answered yet.</p>"
    rows = "".join(
        f'<tr><td>{esc(t.label)}</td><td class="gl-num">{esc(t.shown(min_cell))}</td></tr>'
        for t in topic.tallies
    )
    extra = (
        f"<p class='gl-muted'>{plural(topic.hidden_texts, other + 'wording')}, each named by "
        f"fewer than {min_cell} teams, {'is' if topic.hidden_texts == 1 else 'are'} not "
        "listed.</p>"
        if topic.hidden_texts
        else ""
    )
    table = (
        '<table class="gl-cohort gl-narrow"><tr><th></th><th class="gl-num">Teams</th></tr>'
        f"{rows}</table>"
        if rows
        else ""
    )
    return (
        f"<h3>{esc(topic.title)}</h3><p class='gl-muted'>"
        f"{topic.answered_text()} answered.</p>{table}{extra}"
    )


def topics_html(cohort: Cohort) -> str:
    rule = (
        f'<p class="gl-rule">A count from 1 to {cohort.min_cell - 1} teams shows as "fewer than '
        f'{cohort.min_cell}" (the CMS small-cell rule this guidebook uses), so no list points '
        "to one team.</p>"
    )
    return rule + "".join(topic_html(t, cohort.min_cell) for t in cohort.topics())


def zip_link_html(data: bytes, count: int) -> str:
    href = "data:application/zip;base64," + base64.b64encode(data).decode("ascii")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    return (
        f'<span class="gl-download"><a download="workbooks-{stamp}.zip" href="{href}">'
        f"Download workbooks-{stamp}.zip</a></span> "
        f'<span class="gl-muted">({count} workbooks, {len(data) / 1024:.0f} KB)</span>'
    )


def empty_html(cohort: Cohort) -> str:
    return (
        f"<p>There are no team workbooks in <code>{esc(cohort.folder)}</code> yet.</p>"
        "<p>Create one per team from a list of names with "
        "<code>guidelib workshop TEAMS.csv --out DIR</code> (the workbooks go in "
        "<code>DIR/workbook</code>: open this page with <code>FOLDER</code> or "
        "<code>$GUIDELIB_WORKBOOK_DIR</code> set to that folder), or one at a time with "
        '<code>guidelib new "Team name"</code>. Then press Refresh.</p>'
        + (
            ""
            if cohort.folder.is_file()  # a hub's teams.json: no uploads there
            else "<p>Teams on Binder: add the workbooks they downloaded with <em>Add team "
            "workbooks</em> above.</p>"
        )
    )


class FacilitatorApp(w.VBox):
    """`FacilitatorApp(folder)`: the cohort in `folder` (default: the workbook folder).

    The title and a "Loading…" line show at once; the folder is read in the background
    (`background=False` reads it before returning, for tests and scripts)."""

    def __init__(self, folder: str | os.PathLike[str] | None = None, background: bool = True):
        self.folder = folder
        self.cohort: Cohort | None = None
        self.figures: list = []
        self._lock = threading.Lock()
        self.status = Status()
        self.status.show("Loading the teams' workbooks…", "muted")
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.zip_button = w.Button(
            description="Prepare a zip of all workbooks", layout=w.Layout(width="auto")
        )
        self.zip_button.on_click(lambda _b: self.prepare_zip())
        self.zip_link = w.HTML()
        toolbar = w.HBox([self.refresh_button, self.zip_button, self.zip_link])
        toolbar.add_class("gl-toolbar")
        self.body = w.VBox()
        # Binder workshops: the teams' files come in here (a hub's teams are already here).
        on_hub = workbook_dir(folder).is_file()
        self.uploads = None if on_hub else AddWorkbooksPanel(folder, self.refresh)
        title = w.HTML(  # the notebook's own heading names the page
            "<p class='gl-muted'>Every team's workbook in one place: progress, where teams "
            "are stuck, and what stands in their way.</p>"
        )
        parts = [style(), w.HTML(CSS), title, toolbar, self.status]
        if self.uploads is not None:
            box = w.VBox([w.HTML("<h2>Add team workbooks</h2>"), self.uploads])
            box.add_class("gl-panel")
            parts.append(box)
        super().__init__([*parts, self.body])
        self.add_class("gl-app")
        self.add_class("gl-facilitator")
        # In Voilà the page shows nothing until the cell has run, and widgets made while
        # the page loads the first widgets' state can reach it in the wrong order ("widget
        # model not found"): read the folder before returning there.
        if background and not in_voila():
            threading.Thread(target=self.refresh, daemon=True).start()
        else:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the folder and redraw; a failure shows one sentence."""
        if not self._lock.acquire(blocking=False):
            return  # a refresh is already running
        try:
            self.zip_link.value = ""
            self.cohort = load_cohort(self.folder)
            self.body.children = self._sections(self.cohort)
            count, when = len(self.cohort.teams), dt.datetime.now().strftime("%H:%M")
            if count:
                self.status.show(f"{plural(count, 'team workbook')}, read at {when}.")
            else:
                self.status.show(f"No team workbooks yet (looked at {when}).", "muted")
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self.status.show(f"The workbooks could not be read: {plain(exc)}", "error")
        finally:
            self._lock.release()

    def _sections(self, cohort: Cohort) -> list[w.Widget]:
        notes = "".join(f"<li>{esc(n)}</li>" for n in cohort.notes)
        notice = [w.HTML(f'<div class="gl-notice"><ul>{notes}</ul></div>')] if notes else []
        if not cohort.teams:
            return [*notice, w.HTML(empty_html(cohort))]
        from ..charts.cohort import progress_heatmap  # lazy: plotly loads when drawn

        self.figures = [progress_heatmap(cohort)]
        return [
            *notice,
            w.HTML(summary_html(cohort)),
            figure_output(self.figures[0]),
            w.HTML("<h2>Teams</h2>" + teams_html(cohort)),
            w.HTML("<h2>Where teams are stuck</h2>" + stuck_html(cohort)),
            w.HTML("<h2>Barriers and risks teams name</h2>" + topics_html(cohort)),
        ]

    def prepare_zip(self) -> None:
        """Offer every readable workbook, as read now, in one zip: only to a facilitator
        (the app is refused to anyone else; this holds even if it is built directly)."""
        if not allows(FACILITATOR):
            self.zip_link.value = ""
            self.status.show(REFUSALS[FACILITATOR], "error")
            return
        try:
            cohort = load_cohort(self.folder)
            if not cohort.teams:
                self.zip_link.value = ""
                self.status.show("There are no workbooks to put in a zip.", "warn")
                return
            self.zip_link.value = zip_link_html(zip_workbooks(cohort), len(cohort.teams))
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self.status.show(f"The zip could not be made: {plain(exc)}", "error")
