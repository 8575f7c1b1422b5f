"""Notebooks are thin, parameterised and stripped; they run under papermill."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from guidelib.binder import takes_workbook

ROOT = Path(__file__).resolve().parents[1]
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

    shutil.copy(ROOT / "workbook" / "example-kinship-care.json", tmp_path)
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(path),
        str(out),
        parameters={"WORKBOOK": str(tmp_path / "example-kinship-care.json")},
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
