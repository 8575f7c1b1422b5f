"""The guidebook starts however a Jupyter user starts it: plain `voila` on a notebook or on
the folder, and plain `jupyter lab` with its Voilà preview (`/voila/render/...`), each in a
subprocess with no launcher environment (no JUPYTER_PATH, empty Jupyter user folders), and
each renders a phase notebook with the guidelib template in Chromium. The template is
found because installing guidelib, editable or not, puts it under <prefix>/share/jupyter;
the install tests below check what pip and setuptools actually do.

Under CI=true a missing browser is a failure, never a skip (servers.require_chromium)."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys

import pytest

from guidelib.audience import REFUSALS

from .servers import (
    ROOT,
    TOKEN,
    lab_cmd,
    plain_env,
    plain_voila_cmd,
    server,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHASE1 = "01_build_the_collective.ipynb"
REFUSED = re.compile("|".join(re.escape(sentence) for sentence in REFUSALS.values()))
QUERY = "workbook=example-kinship-care"
LOADING = "Opening the page. This takes a few seconds."  # only the guidelib template says it
TEMPLATE = "share/jupyter/voila/templates/guidelib"
ROUTES = {
    "voila-notebook": (plain_voila_cmd(f"notebooks/{PHASE1}"), "/", f"/?{QUERY}"),
    "voila-folder": (plain_voila_cmd("notebooks"), "/", f"/voila/render/{PHASE1}?{QUERY}"),
    "jupyter-lab-voila-preview": (
        lab_cmd(),
        f"/api/status?token={TOKEN}",
        f"/voila/render/notebooks/{PHASE1}?{QUERY}&token={TOKEN}",
    ),
}


@pytest.mark.parametrize("route", ROUTES)
def test_each_start_route_finds_the_template_and_renders(route, browser, workbooks, tmp_path):
    cmd, ready, address = ROUTES[route]
    env = plain_env(tmp_path / "jupyter", GUIDELIB_WORKBOOK_DIR=str(workbooks))
    assert "JUPYTER_PATH" not in env
    with server(cmd, ready, env, tmp_path / "server.log", launcher=False) as base:
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        watch(page, base)
        try:
            response = page.goto(base + address)
            assert response.status == 200, (tmp_path / "server.log").read_text()[-3000:]
            page.locator("#rendered_cells").wait_for(state="visible", timeout=120_000)
            page.locator(".gl-app").first.wait_for(state="visible")
            assert LOADING in response.text()  # the guidelib template, not Voilà's own
            assert page.locator(".voila-error").count() == 0
            # the guidebook itself: the step list links to the step headings on the page
            first = "1.1-Start-with-the-policy-problem"
            page.locator(f'a[href="#{first}"]').first.click()
            assert page.locator(f'[id="{first}"]').is_visible()
            app = page.locator(".gl-app").first.inner_text()
            if route.startswith("voila-"):
                # a bare voila has no login: the team's pages say so, and show no answers
                assert "This page is for the team" in app and "Riverbend" not in page.content()
            else:  # JupyterLab's preview sits behind the server's token login
                assert "Riverbend County" in app
            assert not page.problems, page.problems
        finally:
            context.close()


def test_plain_voila_on_the_folder_renders_every_notebook(browser, workbooks, tmp_path):
    from .test_apps_browser import MAIN, NOTEBOOKS
    from .test_apps_browser import QUERY as QUERIES

    env = plain_env(tmp_path / "jupyter", GUIDELIB_WORKBOOK_DIR=str(workbooks))
    with server(plain_voila_cmd("notebooks"), "/", env, tmp_path / "s.log", launcher=False) as base:
        for name in NOTEBOOKS:
            context = browser.new_context(viewport={"width": 1100, "height": 900})
            page = context.new_page()
            page.set_default_timeout(120_000)
            try:
                response = page.goto(f"{base}/voila/render/{name}?{QUERIES.get(name, QUERY)}")
                assert response.status == 200 and LOADING in response.text(), name
                page.locator("#rendered_cells").wait_for(state="visible")
                # A bare voila has no login: the survey is for anyone and renders its form;
                # every other app renders its one-sentence refusal (guidelib.audience).
                if name == "survey.ipynb":
                    page.locator(MAIN[name]).first.wait_for(state="visible")
                else:
                    page.get_by_text(REFUSED).first.wait_for(state="visible")
                assert page.locator(".voila-error").count() == 0, name
            finally:
                context.close()


def project_copy(tmp_path):
    """What pip needs of the checkout (not its .venv or workbooks)."""
    src = tmp_path / "project"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("src", "share"):
        skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
        shutil.copytree(ROOT / folder, src / folder, ignore=skip)
    return src


@pytest.mark.parametrize("editable", [True, False], ids=["editable", "regular"])
def test_an_install_puts_the_template_where_jupyter_looks(tmp_path, editable):
    # pip builds in an isolated environment with setuptools from the package index, as
    # `make`, conda's `pip: -e .` and Binder's `pip install .` do.
    src, prefix = project_copy(tmp_path), tmp_path / "prefix"
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # --ignore-installed: never uninstall the guidelib this suite runs on to make room
    cmd += ["--no-deps", "--ignore-installed", "--prefix", str(prefix)]
    cmd += [*(["-e"] if editable else []), str(src)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    installed = prefix / TEMPLATE
    names = sorted(p.name for p in (ROOT / TEMPLATE).iterdir())
    assert sorted(p.name for p in installed.iterdir()) == names
    match, mismatch, errors = filecmp.cmpfiles(ROOT / TEMPLATE, installed, names, shallow=False)
    assert match == names and not mismatch and not errors
