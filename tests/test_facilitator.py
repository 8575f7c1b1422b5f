"""The workshop facilitator's view: the cohort summary (guidelib.cohort), its heat map
(charts.cohort) and the app (ui.facilitator)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import guidelib
from guidelib import GUIDEBOOK
from guidelib.cohort import (
    MIN_CELL,
    OTHER,
    load_cohort,
    since,
    suppress,
    topic_summary,
    zip_workbooks,
)
from guidelib.datacheck.suppress import POLICIES
from guidelib.workbook.progress import COMPLETE, IN_PROGRESS, NOT_STARTED

from .conftest import EXAMPLE, threads_finished

HOSTILE = '<script>alert("x")</script> & <b>Team</b>'
BARRIERS = "capacity.self_assessment.barriers"
RISKS = "value.risks.risk"


def example() -> guidelib.Workbook:
    return guidelib.open_workbook(EXAMPLE)


def copy_step(wb: guidelib.Workbook, step_id: str) -> None:
    for field_id, value in example().answers(step_id).items():
        wb.set(step_id, field_id, value)


def assessment(barriers: list[str]) -> list[dict]:
    row = dict(example().get("capacity", "self_assessment")[0])
    return [{**row, "barriers": barriers}]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The example, a team done with step 1.1, an empty team, a hostile name, bad files."""
    shutil.copy(EXAMPLE, tmp_path)
    alpha = guidelib.create_workbook("Alpha team", tmp_path)
    copy_step(alpha, "policy-problem")
    alpha.save()
    guidelib.create_workbook("Beta team", tmp_path)
    hostile = guidelib.create_workbook(HOSTILE, tmp_path)
    hostile.set("policy-problem", "problem", "Too many forms.")
    hostile.save()
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "Not A Slug.json").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    return tmp_path


def many(tmp_path: Path, barriers: list[list[str]], risks: list[list[str]] = ()) -> Path:
    """A team per entry of `barriers`, each naming those barriers (and risks)."""
    for i, named in enumerate(barriers):
        wb = guidelib.create_workbook(f"Team {i:02d}", tmp_path)
        wb.set("capacity", "self_assessment", assessment(named))
        if i < len(risks):
            rows = [
                {"risk": r, "likelihood": 2, "impact": 3, "mitigation": "m", "owner": "o"}
                for r in risks[i]
            ]
            wb.set("value", "risks", rows)
        wb.save()
    return tmp_path


# -- the cohort ------------------------------------------------------------------------
def test_min_cell_is_the_projects_cms_rule():
    assert MIN_CELL == POLICIES["cms"].minimum == 11
    assert [suppress(n) for n in (0, 1, 10, 11, 30)] == [0, None, None, 11, 30]


def test_cohort_reads_every_workbook_and_names_the_files_left_out(folder):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    cohort = load_cohort(folder)
    slugs = [t.slug for t in cohort.teams]
    assert sorted(slugs) == sorted(
        ["example-kinship-care", "alpha-team", "beta-team", "script-alert-x-script-b-team-b"]
    )
    assert [t.name for t in cohort.teams][:2] == [HOSTILE, "Alpha team"]  # sorted by name
    assert len(cohort.notes) == 3
    for name in ("broken.json", "Not A Slug.json", "notes.json"):
        assert sum(n.startswith(name + " ") for n in cohort.notes) == 1
    # reading never writes: a damaged file is not moved aside or "restored"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_step_statuses_next_steps_and_stuck_counts(folder):
    cohort = load_cohort(folder)
    teams = {t.slug: t for t in cohort.teams}
    assert len(cohort.steps) == 15
    assert all(len(t.statuses) == 15 for t in cohort.teams)
    alpha, beta = teams["alpha-team"], teams["beta-team"]
    assert alpha.statuses[0] == COMPLETE and set(alpha.statuses[1:]) == {NOT_STARTED}
    assert (alpha.complete, alpha.next_index) == (1, 1)
    assert set(beta.statuses) == {NOT_STARTED} and beta.next_index == 0
    hostile = teams["script-alert-x-script-b-team-b"]
    assert hostile.statuses[0] == IN_PROGRESS and hostile.next_index == 0
    ex = teams["example-kinship-care"]
    assert ex.statuses == tuple(s.status for s in example().progress().steps)
    stuck = cohort.stuck()
    assert list(stuck) == [s.id for s in GUIDEBOOK.steps]
    assert stuck["policy-problem"] == 2 and stuck["stakeholders"] == 1
    assert stuck[GUIDEBOOK.steps[ex.next_index].id] >= 1
    assert sum(stuck.values()) == 4 - cohort.finished()


def test_last_saved_comes_from_the_history(folder):
    cohort = load_cohort(folder)
    ex = next(t for t in cohort.teams if t.slug == "example-kinship-care")
    assert ex.last_saved == dt.datetime(2026, 10, 31, 18, tzinfo=dt.UTC)
    now = dt.datetime(2026, 11, 3, 20, tzinfo=dt.UTC)
    assert since(ex.last_saved, now) == "3 days ago"
    assert since(now - dt.timedelta(hours=1, minutes=5), now) == "1 hour ago"
    assert since(now - dt.timedelta(seconds=20), now) == "just now"
    assert since(None, now) == "never"


def test_barrier_counts_below_the_threshold_are_suppressed(tmp_path):
    named = [["legal-uncertainty", "no-staff"]] * 11 + [["no-funding", "my own words"]] * 2
    cohort = load_cohort(many(tmp_path, [*named, []]))
    topic = topic_summary(cohort, BARRIERS, "Barriers")
    assert topic.answered == 13 and topic.answered_text() == "13 teams"
    counts = {t.label: t.count for t in topic.tallies}
    assert counts["Unsure what the law allows"] == 11
    assert counts["No staff time or skills"] == 11
    assert counts["No funding"] is None and counts[OTHER] is None  # 2 teams: hidden
    assert counts["Low trust between partners"] == 0  # zero may be shown
    # shown counts first, hidden ones after, in the catalog's order (not by hidden count)
    shown = [t.count for t in topic.tallies if t.count is not None]
    assert shown == sorted(shown, reverse=True)
    assert [t.label for t in topic.tallies[-2:]] == ["No funding", OTHER]
    assert topic.tallies[-1].shown() == "fewer than 11"
    # a lower threshold shows them
    lower = topic_summary(load_cohort(tmp_path, 2), BARRIERS, "")
    counts = {t.label: t.count for t in lower.tallies}
    assert counts["No funding"] == 2 and counts[OTHER] == 2


def test_a_team_counts_once_however_many_rows_name_a_barrier(tmp_path):
    wb = guidelib.create_workbook("Rows", tmp_path)
    wb.set("capacity", "self_assessment", assessment(["no-funding"]) * 3)
    wb.save()
    topic = topic_summary(load_cohort(tmp_path, 1), BARRIERS, "")
    assert {t.label: t.count for t in topic.tallies}["No funding"] == 1


def test_the_number_of_teams_that_answered_follows_the_same_rule(tmp_path):
    """3 teams answered: shown, that total would say each hidden tally is at most 3."""
    from guidelib.ui.facilitator_app import topics_html

    cohort = load_cohort(many(tmp_path, [["no-funding"]] * 3 + [[]] * 9))
    topic = topic_summary(cohort, BARRIERS, "Barriers")
    assert topic.answered_text() == "fewer than 11 teams"
    assert {t.label: t.count for t in topic.tallies}["No funding"] is None
    assert "3 teams" not in topics_html(cohort)


def test_risk_wordings_shown_only_when_enough_teams_share_them(tmp_path):
    same = "Data is exposed in transit."
    risks = [[same]] * 11 + [["A rare worry", "data is  EXPOSED in transit"]]
    cohort = load_cohort(many(tmp_path, [[]] * 12, risks))
    topic = topic_summary(cohort, RISKS, "Risks")
    assert [(t.label, t.count) for t in topic.tallies] == [(same, 12)]
    assert topic.hidden_texts == 1 and "A rare worry" not in repr(topic)


def test_the_cohort_reads_sixty_workbooks(tmp_path):
    # correctness only: speed is measured in bench/, never asserted in a test
    for i in range(60):
        shutil.copy(EXAMPLE, tmp_path / f"team-{i:02d}.json")
    cohort = load_cohort(tmp_path)
    cohort.stuck(), cohort.topics(), zip_workbooks(cohort)
    assert len(cohort.teams) == 60


def test_zip_holds_each_valid_workbook_under_a_safe_name(folder, tmp_path_factory):
    cohort = load_cohort(folder)
    data = zip_workbooks(cohort)
    out = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(f"{t.slug}.json" for t in cohort.teams)
        assert all(re.fullmatch(r"[a-z0-9-]+\.json", n) for n in names)
        archive.extractall(out)
    for team in cohort.teams:
        wb = guidelib.open_workbook(out / f"{team.slug}.json")
        assert wb.name == team.name and not wb.notices


def test_an_empty_or_missing_folder_is_an_empty_cohort(tmp_path):
    assert load_cohort(tmp_path).teams == ()
    missing = load_cohort(tmp_path / "nowhere")
    assert missing.teams == () and missing.notes == ()


# -- the heat map ----------------------------------------------------------------------
def test_heatmap_rows_are_teams_and_columns_steps(folder):
    from guidelib.charts.cohort import progress_heatmap

    cohort = load_cohort(folder)
    fig = progress_heatmap(cohort)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert len(heat.z) == len(cohort.teams) and all(len(row) == 15 for row in heat.z)
    assert list(heat.x) == [s.number for s in GUIDEBOOK.steps]
    assert list(heat.x[:2]) == ["1.1", "1.2"]
    alpha = [t.slug for t in cohort.teams].index("alpha-team")
    assert list(heat.z[alpha][:2]) == [2, 0]
    assert heat.customdata[alpha][0][1] == GUIDEBOOK.steps[0].title  # title in the hover
    assert list(heat.colorbar.ticktext) == ["Not started", "In progress", "Complete"]
    labels = list(fig.layout.yaxis.ticktext)
    hostile = labels[[t.slug for t in cohort.teams].index("script-alert-x-script-b-team-b")]
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
    assert "<script>" not in fig.to_json()


def test_heatmap_of_no_teams_says_so(tmp_path):
    from guidelib.charts.cohort import progress_heatmap

    fig = progress_heatmap(load_cohort(tmp_path))
    assert not fig.data and "No team" in fig.layout.annotations[0].text


# -- the app ---------------------------------------------------------------------------
def test_team_links_are_quoted_and_escaped():
    from guidelib.ui.facilitator_app import team_links_html

    html = team_links_html("alpha-team")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [
        "00_start_here.ipynb?workbook=alpha-team",
        "01_build_the_collective.ipynb?workbook=alpha-team",
        "02_define_the_operations.ipynb?workbook=alpha-team",
        "03_drive_impact.ipynb?workbook=alpha-team",
        "dashboard.ipynb?workbook=alpha-team",
    ]
    evil = team_links_html('a"><script>&b=1')
    assert "<script>" not in evil and '"><' not in evil.replace('" target', "")
    assert "workbook=a%22%3E%3Cscript%3E%26b%3D1" in evil


def test_app_shows_the_cohort_with_hostile_names_escaped(folder):
    from guidelib.ui.facilitator_app import FacilitatorApp

    app = FacilitatorApp(folder, background=False)
    assert "gl-app" in app._dom_classes
    assert app.status.text.startswith("4 team workbooks")
    html = "".join(getattr(c, "value", "") for c in app.body.children)
    assert "broken.json was left out" in html and "Not A Slug.json" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("dashboard.ipynb?workbook=") == 4
    assert "Where teams are stuck" in html and "fewer than 11" in html
    assert "CMS small-cell rule" in html
    assert len(app.figures) == 1 and len(app.figures[0].data[0].z) == 4


def test_stuck_table_counts_and_names_the_teams_on_each_step(folder):
    from guidelib.ui.facilitator_app import stuck_html

    html = stuck_html(load_cohort(folder))
    first = re.search(r"<tr><td>1\.1</td>.*?</tr>", html).group(0)
    assert '<td class="gl-num">2</td>' in first
    assert "Beta team" in first and "&lt;script&gt;" in first and "Alpha team" not in first
    assert "Alpha team" in re.search(r"<tr><td>1\.2</td>.*?</tr>", html).group(0)


def test_zip_button_offers_the_workbooks_as_a_data_link(folder):
    from guidelib.ui.facilitator_app import FacilitatorApp

    app = FacilitatorApp(folder, background=False)
    app.zip_button.click()
    href = re.search(r'href="data:application/zip;base64,([^"]+)"', app.zip_link.value)
    assert href and 'download="workbooks-' in app.zip_link.value
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(href.group(1)))) as archive:
        assert len(archive.namelist()) == 4 and "broken.json" not in archive.namelist()


def test_refresh_rereads_the_folder(folder):
    from guidelib.ui.facilitator_app import FacilitatorApp

    app = FacilitatorApp(folder, background=False)
    guidelib.create_workbook("Gamma team", folder)
    app.refresh_button.click()
    assert app.status.text.startswith("5 team workbooks")
    assert len(app.figures[0].data[0].z) == 5


def test_an_empty_folder_explains_how_to_create_teams(tmp_path):
    from guidelib.ui.facilitator_app import FacilitatorApp

    app = FacilitatorApp(tmp_path / "none-yet", background=False)
    html = "".join(getattr(c, "value", "") for c in app.body.children)
    assert "guidelib workshop TEAMS.csv --out DIR" in html and "guidelib new" in html
    assert app.status.text.startswith("No team workbooks yet")
    app.zip_button.click()
    assert app.zip_link.value == "" and "no workbooks" in app.status.text


def test_failures_show_one_sentence(folder, monkeypatch):
    from guidelib.ui import facilitator_app as module

    app = module.FacilitatorApp(folder, background=False)

    def boom(*_args, **_kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(module, "load_cohort", boom)
    app.refresh_button.click()
    assert app.status.text.startswith("The workbooks could not be read: ")
    app.zip_button.click()
    assert app.status.text.startswith("The zip could not be made: ")


def test_ui_facilitator_paints_first_then_loads(folder):
    from guidelib import ui

    with threads_finished():
        app = ui.facilitator(folder)  # reads the folder in the background
    assert app.body.children and app.status.text.startswith("4 team workbooks")


def test_in_voila_the_folder_is_read_before_the_cell_ends(folder, monkeypatch):
    from guidelib.ui.facilitator_app import FacilitatorApp

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    app = FacilitatorApp(folder)  # background by default, but not in Voilà
    assert app.body.children and app.status.text.startswith("4 team workbooks")
