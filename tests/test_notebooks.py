"""Notebooks are thin, parameterised and stripped; they run under papermill."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from guidelib import notebooks as generator
from guidelib.binder import takes_workbook
from guidelib.content import GUIDEBOOK

from .conftest import ROOT, copy_example

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_CODE_LINES = 4  # an import and one or two calls into guidelib


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_stripped_and_parameterised(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"  # papermill needs it
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c for c in code if "parameters" in c.metadata.get("tags", [])], "no parameters cell"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, "outputs are committed"
        lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
        assert len(lines) <= MAX_CODE_LINES, f"logic in a notebook cell:\n{cell.source}"
        assert "def " not in cell.source and "class " not in cell.source


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if takes_workbook(p)], ids=lambda p: p.name)
def test_notebook_runs_under_papermill_with_a_workbook(tmp_path, path):
    import papermill as pm

    workbook = copy_example(tmp_path, responses=False)
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(path),
        str(out),
        parameters={"WORKBOOK": str(workbook)},
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        kernel_name="python3",
    )
    outputs = [o for c in json.loads(out.read_text())["cells"] for o in c.get("outputs", [])]
    assert not any(o.get("output_type") == "error" for o in outputs)
    text = "".join(
        "".join(o.get("data", {}).get("text/plain", "")) + "".join(o.get("text", ""))
        for o in outputs
    )
    assert "Traceback" not in text
    if path.name in ("00_start_here.ipynb", "dashboard.ipynb"):
        assert "Riverbend County Kinship Care Data Collaborative" in text
    if path.name == "00_start_here.ipynb":
        assert "14 of 15 steps complete" in text
    phase = next((p for p in GUIDEBOOK.phases if generator.filename(p) == path.name), None)
    for step in phase.steps if phase else ():
        assert f"Worksheet {step.number}: {step.title} (" in text  # built on the example


def test_committed_phase_notebooks_are_what_the_guidebook_makes():
    stale = generator.stale(ROOT / "notebooks")
    assert not stale, f"run `python -m guidelib.notebooks`: {[p.name for p in stale]}"


def test_the_sync_check_sees_a_changed_notebook(tmp_path, capsys):
    for phase in GUIDEBOOK.phases:
        shutil.copy(ROOT / "notebooks" / generator.filename(phase), tmp_path)
    target = tmp_path / "02_define_the_operations.ipynb"
    nb = nbformat.read(target, as_version=4)
    nb.cells[3].source = nb.cells[3].source.replace("Why it matters", "Why")  # a hand edit
    nbformat.write(nb, target)
    assert generator.stale(tmp_path) == [target]
    assert generator.main(["--check", "--dir", str(tmp_path)]) == 1
    assert generator.main(["--dir", str(tmp_path)]) == 0  # regenerates it
    assert generator.stale(tmp_path) == [] and "written" in capsys.readouterr().out
    # another tool's notebook metadata (an audience marker, say) survives regeneration
    nb = nbformat.read(target, as_version=4)
    nb.metadata["guidelib"] = {"audience": "team"}
    nb.cells[0].source += "x"
    nbformat.write(nb, target)
    generator.main(["--dir", str(tmp_path)])
    assert nbformat.read(target, as_version=4).metadata["guidelib"] == {"audience": "team"}


@pytest.mark.parametrize("phase", GUIDEBOOK.phases, ids=lambda p: p.id)
def test_every_step_has_its_heading_guidance_and_worksheet_cell(phase):
    nb = nbformat.read(ROOT / "notebooks" / generator.filename(phase), as_version=4)
    cells = nb.cells
    code = [c for c in cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata["tags"] and "WORKBOOK = None" in code[0].source
    assert f'ui.phase_notebook(WORKBOOK, "{phase.id}")' in code[1].source
    intro = cells[0].source
    assert intro.startswith(f"# Phase {phase.number}: {phase.title}\n")
    for step in phase.steps:
        title = f"{step.number} {step.title}"
        at = next(i for i, c in enumerate(cells) if c.source.startswith(f"## {title}\n"))
        guide, sheet = cells[at], cells[at + 1]
        assert guide.cell_type == "markdown"
        for text in (step.guidance.what, step.guidance.why, step.guidance.who, step.guidance.tip):
            assert text.strip() in guide.source
        for item in GUIDEBOOK.review.for_step(step.id):
            assert item.question.strip() in guide.source
        assert sheet.cell_type == "code" and f'ui.step_worksheet("{step.id}")' in sheet.source
        # the navigation list links to the heading's id (spaces become "-" in both
        # JupyterLab and nbconvert/Voilà)
        assert f"[{title}](#{title.replace(' ', '-')})" in intro
    assert cells[-2].source.startswith("## Your own analysis")
    assert f'analysis.frames(ui.current_workbook(), "{phase.id}")' in cells[-1].source
