"""Who may see each app (`guidelib.audience`), proven in a kernel as Voilà starts one:
with no login, the team and facilitator apps show one sentence and nothing else."""

from __future__ import annotations

import json
import subprocess
import sys

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances

from guidelib import audience, ui
from guidelib.audience import FACILITATOR, PUBLIC, STAKEHOLDERS, TEAM

from .conftest import ROOT, example_secrets

TEAM_SENTENCE = "This page is for the team; open it from JupyterLab or the workshop hub."


def texts(widget) -> str:
    """Every string value in a widget tree, as the page would receive it."""
    found = [json.dumps(widget.get_state(), default=str, ensure_ascii=False)]
    found += [texts(child) for child in getattr(widget, "children", ())]
    return "\n".join(found)


def every_widget_state() -> str:
    """The state of every widget alive in this kernel: Voilà sends all of them to the
    page, shown or not, so this is what a visitor can read."""
    return "\n".join(
        json.dumps(x.get_state(), default=str, ensure_ascii=False)
        for x in list(_instances.values())
    )


def leaves(widget) -> list:
    children = getattr(widget, "children", None)
    return [x for c in children for x in leaves(c)] if children is not None else [widget]


@pytest.fixture
def no_login(monkeypatch, example):
    """A kernel of a bare `voila notebooks` (no login): Voilà's variable, nothing else."""
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.delenv("GUIDELIB_AUDIENCE")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("JPY_PARENT_PID", raising=False)
    monkeypatch.setenv("QUERY_STRING", "workbook=example-kinship-care")
    w.Widget.close_all()  # so that every widget alive afterwards was made by the test
    return example


def leaked() -> list[str]:
    everything = every_widget_state()
    return [p.pattern for p in example_secrets() if p.search(everything)]


def test_every_notebook_has_an_audience():
    names = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert names == set(audience.NOTEBOOKS)
    assert {n for n, a in audience.NOTEBOOKS.items() if a == PUBLIC} == {"survey.ipynb"}
    assert audience.audience_of("notebooks/dashboard.ipynb") == STAKEHOLDERS
    assert audience.audience_of("unknown.ipynb") == TEAM  # unknown: the narrower reading


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, FACILITATOR),  # a JupyterLab kernel, papermill, a script
        ({"VOILA_PREHEAT": "False"}, PUBLIC),  # bare voila: no login
        ({"VOILA_PREHEAT": "True"}, PUBLIC),
        ({"VOILA_PREHEAT": "False", "JUPYTERHUB_USER": "ana"}, TEAM),
        ({"VOILA_PREHEAT": "False", "GUIDELIB_AUDIENCE": "facilitator"}, FACILITATOR),
        ({"VOILA_PREHEAT": "False", "GUIDELIB_AUDIENCE": "nonsense"}, PUBLIC),
        # serve-public wins over anything inherited
        ({"VOILA_PREHEAT": "False", "GUIDELIB_AUDIENCE": "public", "JUPYTERHUB_USER": "a"}, PUBLIC),
        ({"GUIDELIB_AUDIENCE": "public"}, PUBLIC),
    ],
)
def test_the_context_fails_closed(monkeypatch, env, expected):
    for name in ("VOILA_PREHEAT", "GUIDELIB_AUDIENCE", "JUPYTERHUB_USER", "JPY_PARENT_PID"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert audience.context() == expected


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        (["jupyter-lab", "--no-browser"], FACILITATOR),  # the Voilà preview behind its login
        (["-m", "jupyterlab"], FACILITATOR),
        (["jupyter-server"], FACILITATOR),
        (["voila", "notebooks"], PUBLIC),  # standalone Voilà has no login
        (["-m", "voila"], PUBLIC),
        (["something-else"], PUBLIC),  # unknown: fails closed
    ],
)
def test_the_context_reads_the_real_parent_process(monkeypatch, tmp_path, program, expected):
    """A real process stands in for the server that started the kernel: a script with the
    server's name (or `python -m` with its module) that only sleeps."""
    if program[0] == "-m":
        pkg = tmp_path / program[1]
        pkg.mkdir()
        (pkg / "__main__.py").write_text("import time\ntime.sleep(30)\n")
        argv = [sys.executable, "-m", program[1]]
    else:
        script = tmp_path / program[0]
        script.write_text("import time\ntime.sleep(30)\n")
        argv = [sys.executable, str(script), *program[1:]]
    proc = subprocess.Popen(argv, cwd=tmp_path)
    try:
        for name in ("GUIDELIB_AUDIENCE", "JUPYTERHUB_USER"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("VOILA_PREHEAT", "False")
        monkeypatch.setenv("JPY_PARENT_PID", str(proc.pid))
        assert audience.context() == expected
        monkeypatch.setenv("JPY_PARENT_PID", "999999999")  # gone: no login known
        assert audience.context() == PUBLIC
    finally:
        proc.kill()
        proc.wait()


BUILDERS = {
    "start here": lambda: ui.start_here(),
    "start here, named": lambda: ui.start_here("example-kinship-care"),
    "phase 1": lambda: ui.phase_app(None, "build-the-collective"),
    "phase 3": lambda: ui.phase_app("example-kinship-care", "drive-impact"),
    "phase notebook": lambda: ui.phase_notebook("example-kinship-care", "build-the-collective"),
    "equity review": lambda: ui.review_app(None),
    "data check": lambda: __import__("guidelib.ui.datacheck").ui.datacheck.data_check(None),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_team_apps_refuse_with_no_login(no_login, name):
    app = BUILDERS[name]()
    shown = texts(app)
    assert TEAM_SENTENCE in shown
    assert leaked() == []
    # no picker, no upload, no download: nothing but the sentence and the stylesheet
    assert all(isinstance(c, w.HTML) for c in leaves(app)), [type(c) for c in leaves(app)]
    assert "data:" not in shown


def test_a_phase_notebooks_worksheet_cells_show_nothing_with_no_login(no_login):
    top = ui.phase_notebook("example-kinship-care", "build-the-collective")
    cells = [ui.step_worksheet(step) for step in ("policy-problem", "charter")]
    assert TEAM_SENTENCE in texts(top)
    assert all(isinstance(cell, w.HTML) and cell.value == "" for cell in cells)
    assert "Riverbend" not in texts(top)
    assert leaked() == []


def test_the_facilitator_view_and_its_zip_refuse_with_no_login(no_login):
    app = ui.facilitator()
    shown = texts(app)
    assert "for the workshop facilitator" in shown and "data:" not in shown
    assert leaked() == []


def test_the_zip_is_never_offered_to_a_hub_team_member(monkeypatch, example):
    from guidelib.ui.facilitator_app import FacilitatorApp

    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.delenv("GUIDELIB_AUDIENCE")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")  # logged in, as a team member
    assert "for the workshop facilitator" in texts(ui.facilitator())
    app = FacilitatorApp(example.parent, background=False)  # built directly, past the guard
    app.prepare_zip()
    assert app.zip_link.value == "" and "for the workshop facilitator" in texts(app.status)


def test_the_report_refuses_with_no_login(no_login):
    from guidelib import report

    cover = report.cover("example-kinship-care")._repr_html_()
    assert TEAM_SENTENCE in cover and not any(p.search(cover) for p in example_secrets())
    section = report.section("example-kinship-care", "build-the-collective")._repr_html_()
    assert section == "" and report.review("example-kinship-care")._repr_html_() == ""


def test_team_apps_run_under_a_hub_login(monkeypatch, example):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.delenv("GUIDELIB_AUDIENCE")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    app = ui.start_here("example-kinship-care")
    assert isinstance(app, ui.WorkbookApp)


def test_a_public_dashboard_shows_only_published_workbooks(no_login, monkeypatch, folder):
    import guidelib

    guidelib.create_workbook("Published Team", folder)
    monkeypatch.setenv("GUIDELIB_AUDIENCE", "public")
    monkeypatch.setenv("GUIDELIB_PUBLIC_DASHBOARDS", "published-team")
    refused = ui.dashboard()  # ?workbook=example-kinship-care: not published
    shown = texts(refused)
    assert "has not published its dashboard here" in shown
    assert leaked() == [] and "Published Team" not in every_widget_state()  # no picker
    monkeypatch.setenv("QUERY_STRING", "workbook=no-such-team")  # same words: no probing
    assert "has not published its dashboard here" in texts(ui.dashboard())
    monkeypatch.setenv("QUERY_STRING", "workbook=published-team")
    assert "Published Team" in texts(ui.dashboard())


def test_the_survey_still_runs_with_no_login(no_login):
    from guidelib.ui.survey import survey_form

    form = survey_form("example-kinship-care")
    assert "for the team" not in texts(form)


def test_guidelib_run_marks_its_server_logged_in():
    # `guidelib run` starts JupyterLab (token login) with this in the server's environment
    source = (ROOT / "src" / "guidelib" / "launch.py").read_text(encoding="utf-8")
    assert "AUDIENCE: FACILITATOR" in source


def test_serve_public_holds_only_the_public_notebooks(tmp_path):
    from guidelib.public import notebooks, prepare, voila_config

    assert notebooks(False) == ["survey.ipynb"]
    assert notebooks(True) == ["survey.ipynb", "dashboard.ipynb"]
    prepare(ROOT, tmp_path, [])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["survey.ipynb", "voila.json"]
    config = json.loads((tmp_path / "voila.json").read_text())["VoilaConfiguration"]
    assert config["file_allowlist"] == [] and config["file_denylist"] == [".*"]
    assert config["show_tracebacks"] is False and config["template"] == "guidelib"
    assert "VoilaKernelManager" not in voila_config(ROOT)


def test_serve_public_drops_an_inherited_hub_login(monkeypatch, tmp_path):
    from guidelib.public import environment

    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "secret")
    env = environment(tmp_path, ["riverbend"])
    assert not any(k.startswith("JUPYTERHUB_") for k in env)
    assert env["GUIDELIB_AUDIENCE"] == "public" and env["GUIDELIB_PUBLIC_DASHBOARDS"] == "riverbend"


def test_serve_public_refuses_a_dashboard_that_is_not_a_name(capsys):
    from guidelib.cli import main

    assert main(["serve-public", "--root", str(ROOT), "--dashboard", "../x\x1b[2J"]) == 1
    err = capsys.readouterr().err
    assert "--dashboard takes a workbook name" in err and "\x1b" not in err
