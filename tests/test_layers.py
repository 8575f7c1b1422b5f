"""The layers of docs/ARCHITECTURE.md hold: import-linter checks the real package against
the contracts in pyproject.toml, and a copy of the package with one wrong import fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def lint(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_package_keeps_every_contract():
    out = lint(ROOT / "src", ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


@pytest.fixture
def scratch(tmp_path):
    """A copy of the package and of pyproject.toml, to break on purpose."""
    shutil.copytree(ROOT / "src" / "guidelib", tmp_path / "src" / "guidelib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.yaml", "locale", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


WRONG = {  # module -> (a line that breaks a rule, the contract broken, what its report names)
    "workbook/model.py": (
        "import ipywidgets", "ipywidgets and IPython only in guidelib.ui", "guidelib.workbook.model"
    ),
    "checks/answers.py": ("from ..ui import _html", "Layers: ", "guidelib.checks.answers"),
    "documents/model.py": ("import plotly", "plotly only in guidelib.charts", "documents.model"),
    "datacheck/kanon.py": ("from . import report", "No import cycles", "guidelib.datacheck."),
}


@pytest.mark.parametrize("module", sorted(WRONG))
def test_a_wrong_import_breaks_its_contract(scratch, module):
    line, contract, named = WRONG[module]
    path = scratch / "src" / "guidelib" / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    out = lint(scratch / "src", scratch)
    assert out.returncode == 1, out.stdout + out.stderr
    broken = out.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
    assert named in broken
