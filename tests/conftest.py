from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import guidelib

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "workbook" / "example-kinship-care.json"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workbook folder, also set as $GUIDELIB_WORKBOOK_DIR."""
    path = tmp_path / "workbook"
    path.mkdir()
    monkeypatch.setenv("GUIDELIB_WORKBOOK_DIR", str(path))
    monkeypatch.delenv("GUIDELIB_WORKBOOK", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return path


@pytest.fixture
def wb(folder: Path) -> guidelib.Workbook:
    """A new, empty workbook saved in `folder`."""
    return guidelib.create_workbook("Test Team", folder)


@pytest.fixture
def example(folder: Path) -> Path:
    """A copy of the worked example (and its survey responses) inside `folder`."""
    target = folder / EXAMPLE.name
    shutil.copy(EXAMPLE, target)
    responses = EXAMPLE.with_name("example-kinship-care.responses.sqlite")
    if responses.exists():
        shutil.copy(responses, folder / responses.name)
    return target
