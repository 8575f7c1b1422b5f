"""`guidelib workshop`: a real papermill run of the real phase notebooks for a few teams
(one of them hostile) plus bad rows, the re-run that skips them, and `index.html` read
back with html.parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import guidelib
from guidelib.cli import main
from guidelib.errors import GuidelibError
from guidelib.workshop import run_jobs
from guidelib.workshop.execute import (
    FAILED,
    PHASE_NOTEBOOKS,
    READY,
    Job,
    Outcome,
    is_done,
    notebook_problem,
    run_team,
)
from guidelib.workshop.page import SERVER
from guidelib.workshop.teams import read_teams

from .conftest import ROOT

HUGE = "x" * 5_000
FORMULA = '=HYPERLINK("http://evil.example","click")'
# Written as Excel does: a byte-order mark, CRLF line ends, quoted cells.
TEAMS_CSV = (
    "\ufeffTeam,Facilitator,Policy Problem,Members,Notes\r\n"
    f'Riverbend kinship care,Ana Ruiz,"{FORMULA.replace(chr(34), chr(34) * 2)}",'
    '"Ann Lee; Bob Diaz",x\r\n'
    "<script>alert(1)</script> ../../etc/passwd,Bo <b>Park</b>,,,\r\n"
    ",Nobody,A row with no team name,,\r\n"
    "riverbend  KINSHIP care,Dup,,,\r\n"
    f"Huge,,{HUGE},,\r\n"
)
HOSTILE = "script-alert-1-script-etc-passwd"
TEAMS = {  # slug -> name, in the file's order
    "riverbend-kinship-care": "Riverbend kinship care",
    HOSTILE: "<script>alert(1)</script> ../../etc/passwd",
}


def guidelib_cli(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guidelib", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    """One workshop, run once through the command line with two workers."""
    folder = tmp_path_factory.mktemp("workshop")
    teams = folder / "teams.csv"
    teams.write_bytes(TEAMS_CSV.encode("utf-8"))
    out = folder / "out"
    args = ("workshop", str(teams), "--out", str(out), "--jobs", "2")
    start = time.monotonic()
    proc = guidelib_cli(
        *args, "--binder-repo", "octo/guide@main", "--root", str(ROOT), "--publish"
    )
    return {
        "out": out,
        "args": args,
        "proc": proc,
        "seconds": time.monotonic() - start,
        "csv": teams,
    }


class Page(HTMLParser):
    """The team table's rows (header text, links) and every script and list item."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.scripts: list[dict] = []
        self.items: list[str] = []
        self._in: str | None = None
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append({"th": "", "links": [], "cells": 0})
        elif tag in ("th", "li") and (tag == "li" or self.rows):
            self._in = tag
            if tag == "li":
                self.items.append("")
        elif tag == "td" and self.rows:
            self.rows[-1]["cells"] += 1
        elif tag == "a" and self.rows:
            self._link = {**attrs, "text": "", "cell": self.rows[-1]["cells"]}
            self.rows[-1]["links"].append(self._link)
        elif tag == "script":
            self.scripts.append(attrs)

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data
        elif self._in == "th":
            self.rows[-1]["th"] += data
        elif self._in == "li":
            self.items[-1] += data


@pytest.fixture(scope="module")
def page(workshop) -> Page:
    parser = Page()
    parser.feed((workshop["out"] / "index.html").read_text(encoding="utf-8"))
    return parser


def team_rows(page: Page) -> list[dict]:
    return [r for r in page.rows if r["links"]]


@pytest.mark.slow
def test_the_command_reports_each_bad_row_and_runs_the_others(workshop):
    proc = workshop["proc"]
    assert proc.returncode == 1, proc.stderr  # bad rows make it exit 1, after the others ran
    assert "Traceback" not in proc.stdout + proc.stderr
    out = workshop["out"]
    assert proc.stdout.strip().splitlines() == [
        f"Wrote {out / 'site' / 'index.html'}: every team's dashboard as a static page.",
        f"Wrote {out / 'index.html'}: 2 ready, 0 already done, 3 failed.",
    ]
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith(("guidelib:", "note:"))]
    assert lines == [
        "note: Columns not used: Notes.",
        "guidelib: Row 4: The team has no name.",
        "guidelib: Row 5 (riverbend KINSHIP care): Row 2 already has a team with this name "
        "(workbook 'riverbend-kinship-care').",
        'guidelib: Row 6 (Huge): "The problem in one sentence" (step 1.1, Start with the '
        "policy problem) is too long (5,000 characters; the limit is 300).",
    ]
    assert "Teams" in proc.stderr and "2/2" in proc.stderr  # the tqdm bar


@pytest.mark.slow
def test_each_team_gets_a_prefilled_workbook_and_nothing_leaves_the_folder(workshop):
    out = workshop["out"]
    assert sorted(p.name for p in (out / "workbook").glob("*.json")) == sorted(
        f"{slug}.json" for slug in TEAMS
    )
    assert not (out.parent / "etc").exists() and not (out / "etc").exists()
    wb = guidelib.open_workbook(out / "workbook" / "riverbend-kinship-care.json")
    assert wb.name == "Riverbend kinship care" and wb.team["facilitator"] == "Ana Ruiz"
    assert wb.get("policy-problem", "problem") == FORMULA  # kept as text, not evaluated
    assert wb.get("stakeholders", "register") == [{"name": "Ann Lee"}, {"name": "Bob Diaz"}]
    hostile = guidelib.open_workbook(out / "workbook" / f"{HOSTILE}.json")
    assert hostile.name == TEAMS[HOSTILE]
    assert hostile.team["facilitator"] == "Bo <b>Park</b>"


@pytest.mark.slow
def test_publish_writes_every_teams_dashboard_as_a_static_page(workshop):
    site = workshop["out"] / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    for slug in TEAMS:
        assert f'href="{slug}/index.html"' in index
        assert (site / slug / "index.html").is_file()
    assert "<script>alert" not in index and "&lt;script&gt;alert(1)" in index  # escaped


@pytest.mark.slow
def test_the_phase_notebooks_ran_with_the_workbook_injected(workshop):
    out = workshop["out"]
    assert {p.name for p in (out / "notebooks").glob("*.ipynb")} >= {
        f"{n}.ipynb" for n in PHASE_NOTEBOOKS
    }
    for slug, name in TEAMS.items():
        folder = out / "notebooks" / slug
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            f"{n}.ipynb" for n in PHASE_NOTEBOOKS
        )  # no .partial or .failed copies
        for notebook in PHASE_NOTEBOOKS:
            nb = json.loads((folder / f"{notebook}.ipynb").read_text(encoding="utf-8"))
            injected = [
                c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
            ]
            assert len(injected) == 1
            assert f'WORKBOOK = "../../workbook/{slug}.json"' in "".join(injected[0]["source"])
            assert notebook_problem(nb) == ""
            shown = "".join(
                "".join(o.get("data", {}).get("text/plain", ""))
                for c in nb["cells"]
                for o in c.get("outputs", [])
            )
            assert name in shown, (slug, notebook)
        assert is_done(out, slug)


@pytest.mark.slow
def test_the_index_page_links_every_team(workshop, page):
    out = workshop["out"]
    source = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in source and "<b>Park" not in source
    assert page.scripts == [{}]  # the page's own inline script, nothing fetched
    rows = team_rows(page)
    assert [r["th"] for r in rows] == [name + slug for slug, name in TEAMS.items()]
    for row, slug in zip(rows, TEAMS, strict=True):
        local = [a for a in row["links"] if "data-path" in a]
        for a in local:
            assert a["href"] == f"{SERVER}/{a['data-path']}"
            path = urlsplit(a["data-path"]).path
            kind, _, file = path.partition("/notebooks/")
            assert kind in ("voila/render", "lab/tree") and (out / "notebooks" / file).is_file()
        paths = [a["data-path"] for a in local]
        for notebook in PHASE_NOTEBOOKS:
            assert f"voila/render/notebooks/{slug}/{notebook}.ipynb" in paths
        assert f"lab/tree/notebooks/{slug}/00_start_here.ipynb" in paths
        assert f"voila/render/notebooks/survey.ipynb?workbook={slug}" in paths
        binder = [a for a in row["links"] if "data-path" not in a]
        urlpaths = []
        for a in binder:
            url = urlsplit(a["href"])
            assert f"{url.scheme}://{url.netloc}{url.path}" == (
                "https://mybinder.org/v2/gh/octo/guide/main"
            )
            urlpaths.append(parse_qs(url.query)["urlpath"][0])
        assert urlpaths[0] == "lab/tree/notebooks/00_start_here.ipynb"
        assert f"voila/render/notebooks/00_start_here.ipynb?workbook={slug}" in urlpaths
        assert all(a["aria-label"].endswith(TEAMS[slug]) for a in row["links"])
    unused = [i.split(":")[0] for i in page.items if i.startswith("Row ")]
    assert unused == ["Row 4", "Row 5 (riverbend KINSHIP care)", "Row 6 (Huge)"]


@pytest.mark.slow
def test_running_again_skips_the_teams_already_done(workshop):
    out = workshop["out"]
    before = {
        p: p.stat().st_mtime_ns for p in out.rglob("*.ipynb") if p.parent != out / "notebooks"
    }
    workbooks = {p: p.read_bytes() for p in (out / "workbook").glob("*.json")}
    start = time.monotonic()
    proc = guidelib_cli(*workshop["args"], "--root", str(ROOT))
    assert time.monotonic() - start < workshop["seconds"]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "0 ready, 2 already done, 3 failed." in proc.stdout
    assert {p: p.stat().st_mtime_ns for p in before} == before
    assert {p: p.read_bytes() for p in workbooks} == workbooks
    assert [r["th"] for r in team_rows(page_of(out))] == [n + s for s, n in TEAMS.items()]
    # A workbook changed since its notebooks ran makes the team due again.
    wb = out / "workbook" / f"{HOSTILE}.json"
    os.utime(wb, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert not is_done(out, HOSTILE) and is_done(out, "riverbend-kinship-care")


def page_of(out: Path) -> Page:
    parser = Page()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    return parser


BROKEN = {
    "cells": [
        {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "WORKBOOK = None",
         "outputs": [], "execution_count": None, "id": "a"},
        {"cell_type": "code", "metadata": {}, "source": "raise ValueError('boom <b>\\nsecond')",
         "outputs": [], "execution_count": None, "id": "b"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}  # fmt: skip


@pytest.mark.slow
def test_a_notebook_that_fails_gives_one_sentence_and_keeps_its_copy(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "broken.ipynb").write_text(json.dumps(BROKEN), encoding="utf-8")
    job = Job(9, "Team", "team", str(tmp_path / "out"), str(tmp_path / "src"), ("broken",))
    outcome = run_team(job)
    assert outcome.status == FAILED and (outcome.row, outcome.slug) == (9, "team")
    assert outcome.reason == "broken.ipynb failed: ValueError: boom <b> (see broken.failed.ipynb)."
    folder = tmp_path / "out" / "notebooks" / "team"
    assert [p.name for p in folder.iterdir()] == ["broken.failed.ipynb"]
    assert not is_done(tmp_path / "out", "team", ("broken",))


def _pid(job: Job) -> Outcome:
    time.sleep(0.3)
    return Outcome(job.row, job.name, job.slug, READY, str(os.getpid()))


def _dies(job: Job) -> Outcome:
    if job.row == 3:
        os._exit(1)  # a worker killed mid-run (out of memory, say)
    return _pid(job)


@pytest.mark.slow
def test_jobs_run_in_two_worker_processes():
    jobs = [Job(n, f"T{n}", f"t{n}", "out", "src") for n in range(2, 6)]
    outcomes = run_jobs(jobs, 2, _pid, progress=False)
    assert sorted(o.row for o in outcomes) == [2, 3, 4, 5]
    pids = {o.reason for o in outcomes}
    assert len(pids) == 2 and str(os.getpid()) not in pids
    dead = run_jobs(jobs[:2], 2, _dies, progress=False)
    assert {o.row: o.status for o in dead}[3] == FAILED
    assert "worker process stopped" in next(o.reason for o in dead if o.row == 3)


# --- reading the CSV: hostile content, one sentence each, nothing lost ----------------


def csv_file(tmp_path: Path, data: bytes | str) -> Path:
    path = tmp_path / "teams.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (b"team,facilitator\n", "has a header row but no teams"),
        ("team\nCaf\u00e9\n".encode("latin-1"), "is not UTF-8 text (line 2 is not)"),
        (b"PK\x03\x04rest-of-a-zip", "is an Excel or OpenDocument workbook"),
        (b"%PDF-1.4", "is a PDF"),
        (b'{"team": "json"}\n', "has no 'team' column"),
    ],
)
def test_files_that_are_not_a_list_of_teams(tmp_path, data, words):
    with pytest.raises(GuidelibError) as err:
        read_teams(csv_file(tmp_path, data))
    assert words in str(err.value) and "\n" not in str(err.value)


def test_a_real_excel_file_and_a_missing_file_and_a_folder(tmp_path):
    with zipfile.ZipFile(tmp_path / "teams.xlsx", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    for path, words in [
        (tmp_path / "teams.xlsx", "not a CSV file"),
        (tmp_path / "missing.csv", "There is no file"),
        (tmp_path, "is a folder"),
    ]:
        with pytest.raises(GuidelibError, match=words):
            read_teams(path)


def test_hostile_cells_are_kept_as_text_and_bad_rows_are_numbered(tmp_path):
    data = (
        "team;members;policy problem\n"  # semicolons, as some spreadsheets save CSV
        "=1+1;=cmd|' /C calc'!A0;@SUM(A1)\n"
        "A\x00B\x07;Ann\x1b[31m;fine\n"
        "..;;\n"
        "team-2;;" + "y" * 200_000 + "\n"  # bigger than csv's own field limit
        '"unterminated;;\nlast;;\n'
    )
    teams, problems, notes = read_teams(csv_file(tmp_path, data))
    assert [(t.row, t.name, t.slug) for t in teams[:3]] == [
        (2, "=1+1", "1-1"),
        (3, "AB", "ab"),
        (4, "..", teams[2].slug),
    ]
    assert teams[0].members == ("=cmd|' /C calc'!A0",) and teams[0].problem == "@SUM(A1)"
    assert teams[1].members == ("Ann[31m",)
    assert teams[2].slug.startswith("team-") and "." not in teams[2].slug
    assert [(p.row, p.team) for p in problems] == [(5, "team-2"), (6, "unterminated;; last;;")]
    assert "200,000 characters" in problems[0].reason
    assert "stray quote mark" in problems[1].reason
    assert notes == [] and len(teams) == 3


def test_long_names_are_cut_in_the_sentence(tmp_path):
    teams, problems, _ = read_teams(csv_file(tmp_path, "team\n" + "n" * 5000 + "\nok\n"))
    assert [t.name for t in teams] == ["ok"]
    assert len(str(problems[0])) < 200 and "5000 characters" in str(problems[0])


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--jobs", "0"), "--jobs must be a whole number of 1 or more"),
        (("--binder-repo", "not a repo"), "is not a GitHub repository"),
    ],
)
def test_the_command_refuses_bad_options_before_running_anything(tmp_path, capsys, extra, words):
    teams = csv_file(tmp_path, "team\nA\n")
    code = main(["workshop", str(teams), "--out", str(tmp_path / "out"), *extra])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and words in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_the_command_refuses_a_file_that_is_not_csv(tmp_path, capsys):
    teams = csv_file(tmp_path, b"PK\x03\x04zip")
    code = main(["workshop", str(teams), "--out", str(tmp_path / "out"), "--root", str(ROOT)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and "Traceback" not in err
    assert err == (
        "guidelib: teams.csv is an Excel or OpenDocument workbook (a zip file), not a CSV "
        "file: save it from the spreadsheet as 'CSV UTF-8'.\n"
    )
    assert not (tmp_path / "out").exists()
