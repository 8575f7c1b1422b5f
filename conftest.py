"""Root conftest: notebooks run by nbval see a throw-away copy of the workbook folder, so
the suite never writes to the committed worked example."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).parent


def pytest_configure(config):  # noqa: ARG001 - pytest hook signature
    scratch = Path(tempfile.mkdtemp(prefix="guidelib-workbooks-"))
    for path in (ROOT / "workbook").glob("*.json"):
        shutil.copy(path, scratch / path.name)
    os.environ["GUIDELIB_WORKBOOK_DIR"] = str(scratch)
    os.environ.pop("GUIDELIB_WORKBOOK", None)
