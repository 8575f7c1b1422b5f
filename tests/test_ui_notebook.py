"""The widgets of a phase notebook as Python objects: the opener and the worksheet cells
that follow the workbook it opens, and the answers as DataFrames."""

from __future__ import annotations

import html
import subprocess
import sys

import pytest

import guidelib
from guidelib import analysis, ui
from guidelib.errors import GuidelibError
from guidelib.ui import notebook_cells
from guidelib.ui.notebook_cells import Current, StepSheet, opener


@pytest.fixture(autouse=True)
def fresh_current(monkeypatch):
    """Each test gets its own notebook (one kernel = one notebook = one CURRENT)."""
    current = Current()
    monkeypatch.setattr(notebook_cells, "CURRENT", current)
    return current


def text(widget) -> str:
    """The words a widget tree shows (HTML unescaped)."""
    parts = [getattr(widget, "value", "") if isinstance(getattr(widget, "value", ""), str) else ""]
    parts += [getattr(widget, "description", "") or ""]
    return html.unescape(" ".join(parts + [text(c) for c in getattr(widget, "children", ())]))


def test_a_worksheet_before_a_workbook_asks_for_one_then_fills_in(wb, fresh_current):
    top = opener(None, "build-the-collective", delay=0)  # no WORKBOOK: the picker
    sheet = StepSheet("stakeholders", delay=0, lazy=False)
    assert "Choose your team's workbook at the top" in text(sheet) and sheet.sheet is None
    top.picker.refresh()
    top.picker.choice.value = str(wb.path)
    top.picker._open()
    assert fresh_current.wb is top.wb and sheet.wb is top.wb
    assert sheet.sheet.step.id == "stakeholders" and sheet.panel is not None
    assert sheet.review is not None  # the step's equity questions, under the form
    assert "Choose your team's workbook" not in text(sheet)


def test_a_change_in_a_worksheet_saves_and_updates_the_opener(wb):
    top = opener("test-team", "build-the-collective", delay=0)
    sheet = StepSheet("policy-problem", delay=0, lazy=False)
    sheet.sheet.inputs["problem"].widget.value = "Kids in kinship care miss school."
    assert "Saved" in sheet.sheet.status.text
    again = guidelib.open_workbook("test-team")
    assert again.get("policy-problem", "problem") == "Kids in kinship care miss school."
    assert f"revision {again.revision}" in top.header.value  # the opener heard the save


def test_a_cell_run_again_replaces_its_earlier_widget(wb, fresh_current):
    opener("test-team", "build-the-collective", delay=0)
    first = StepSheet("charter", delay=0, lazy=False)
    second = StepSheet("charter", delay=0, lazy=False)
    other = guidelib.create_workbook("Other Team")
    fresh_current.set(other)
    assert second.wb is other and first.wb is not other  # only the newest one follows


def test_lazy_worksheets_build_the_next_step_and_offer_the_rest(example):
    opener("example-kinship-care", "drive-impact", delay=0)
    nxt = StepSheet("scale-up", delay=0, lazy=True)  # 3.5 is the example's next step
    later = StepSheet("reevaluate", delay=0, lazy=True)
    assert nxt.sheet is not None
    assert later.sheet is None and later.children == (later.open_button,)
    later.open_button.click()
    assert later.sheet is not None and later.sheet.step.id == "reevaluate"


def test_a_wrong_step_or_phase_is_one_sentence(wb):
    with pytest.raises(GuidelibError, match="no step 'nope'"):
        ui.step_worksheet("nope")
    with pytest.raises(KeyError):
        ui.phase_notebook(None, "no-such-phase")


def test_builders_run_twice(wb):
    for _ in range(2):
        ui.phase_notebook("test-team", "define-the-operations")
        ui.step_worksheet("governance")
    assert ui.current_workbook().slug == "test-team"


def test_answers_as_frames(example):
    wb = guidelib.open_workbook("example-kinship-care")
    register = analysis.frame(wb, "stakeholders", "register")
    assert len(register) == len(wb.get("stakeholders", "register"))
    assert list(register.columns) == [
        c.id for c in wb.guidebook.step("stakeholders").field("register").columns
    ]
    assert register.attrs["labels"]["name"]
    raci = analysis.frame(wb, "governance", "raci")
    assert set(raci.index) == set(wb.get("governance", "raci"))
    frames = analysis.frames(None, "build-the-collective")  # no workbook yet: empty, typed
    assert "stakeholders.register" in frames and frames["stakeholders.register"].empty
    assert "name" in frames["stakeholders.register"].columns
    listed = analysis.frames(wb, "build-the-collective")
    assert f'frames["stakeholders.register"]: Stakeholder register ({len(register)} rows)' in (
        repr(listed)
    )
    assert listed["stakeholders.register"].equals(register)
    with pytest.raises(KeyError, match="not a table of this phase"):
        listed["governance.raci"]
    with pytest.raises(GuidelibError, match="only tables and matrices"):
        analysis.frame(wb, "policy-problem", "problem")
    with pytest.raises(GuidelibError, match="no field"):
        analysis.frame(wb, "policy-problem", "nope")


def test_listing_the_frames_does_not_import_pandas():
    # the analysis cell ends every phase page in Voilà: it must not cost a pandas import
    code = (
        "import sys; from guidelib import analysis; "
        "f = analysis.frames(None, 'drive-impact'); repr(f); f._repr_html_(); "
        "assert 'pandas' not in sys.modules, 'pandas imported'; "
        "f[next(iter(f))]; assert 'pandas' in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
