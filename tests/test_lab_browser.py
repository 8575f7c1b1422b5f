"""A phase notebook in JupyterLab itself (not only in Voilà), driven by Chromium: open it,
run every cell, choose the workbook, type in a worksheet, wait for "Saved", reload the
page, run it again, and see the answer. The file on disk is checked too, independently
of the page."""

from __future__ import annotations

import shutil

import pytest

import guidelib

from .servers import ROOT, TOKEN, lab_cmd, server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "notebooks/01_build_the_collective.ipynb"
ANSWER = "Children placed with relatives miss more school than their classmates."


def run_all(page) -> None:
    """Run > Run All Cells, once the notebook's kernel is ready."""
    page.locator(".jp-Notebook").first.wait_for(state="visible", timeout=120_000)
    # the status bar says "Python 3 (ipykernel) | Idle" once the kernel is connected
    page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # the last cell has run when its prompt shows a number
    page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.jp-InputPrompt')];"
        " return p.length && /\\[\\d+\\]/.test(p[p.length - 1].textContent); }",
        timeout=180_000,
    )


def open_workbook(page) -> None:
    """Press the opener's Open button (the folder's only workbook is chosen already)."""
    page.locator(".gl-app button", has_text="Open").first.click(timeout=120_000)


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on a copy of the notebooks (autosave must not touch the repository's)
    and a workbook folder holding one new workbook."""
    root, books = tmp_path / "root", tmp_path / "root" / "workbook"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    books.mkdir()
    wb = guidelib.create_workbook("Lab Team", books)
    env = {
        "GUIDELIB_WORKBOOK_DIR": str(books),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    cmd = [*lab_cmd(), f"--ServerApp.root_dir={root}"]
    with server(cmd, f"/api/status?token={TOKEN}", env, tmp_path / "lab.log") as base:
        yield base, wb.path


def test_a_field_typed_in_jupyterlab_is_saved_and_back_after_a_reload(lab, browser, tmp_path):
    base, path = lab
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.on("dialog", lambda d: d.accept())  # "leave this page?" on reload
    try:
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={TOKEN}")
        run_all(page)
        open_workbook(page)
        field = page.get_by_label("The problem in one sentence").first
        field.wait_for(state="visible", timeout=120_000)
        field.fill(ANSWER)
        field.press("Tab")
        sheet = page.locator(".gl-step-sheet").first
        sheet.locator(".gl-status", has_text="Saved").first.wait_for(state="visible")
        page.screenshot(path=str(tmp_path / "lab.png"))
        # the file itself, read apart from the page
        assert guidelib.open_workbook(path).get("policy-problem", "problem") == ANSWER

        page.reload()
        run_all(page)
        open_workbook(page)
        field = page.get_by_label("The problem in one sentence").first
        field.wait_for(state="visible", timeout=120_000)
        page.wait_for_function(
            "([el, want]) => el.value === want", arg=[field.element_handle(), ANSWER]
        )
    except Exception:
        page.screenshot(path=str(tmp_path / "failed.png"))  # what the page showed, to look at
        raise
    finally:
        context.close()
