"""The check-shared-data app without a browser: check, risk, record; plain errors."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import guidelib
from guidelib.ui import datacheck as ui
from guidelib.ui.datacheck import DataCheckApp, checked_path

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@pytest.fixture
def app(example, folder, monkeypatch):
    monkeypatch.setattr(ui, "EXAMPLE_ROWS", 2000)
    return DataCheckApp("example-kinship-care", folder=folder)


def test_a_fictional_extract_is_checked_and_recorded(app, example):
    app.example.value = "child_welfare_kinship"
    app._open_example()
    assert app.status.text == "Checked child_welfare_kinship.csv: 85 records."
    assert app.results.layout.display is None
    assert "child_name" in app.scan_html.value and "ssn" in app.scan_html.value
    chosen = [name for name, box in app.quasi_boxes.items() if box.value]
    assert chosen == ["date_of_birth", "sex", "race_ethnicity", "zip"]
    app.k_box.value = 3
    app._run_risk()
    assert app.risk_status.text.startswith("k = 1 (target 3)")
    assert "Riskiest combinations" in app.risk_html.value and len(app.figures) == 3
    assert app.dataset.value == "Kinship placements"  # from the file name
    app._record()
    assert app.record_status.text.startswith("Recorded the check of Kinship placements")
    rows = guidelib.open_workbook(example).get("governance", "data_checks")
    row = rows[-1]
    assert (row["dataset"], row["rows"], row["identifiers"], row["smallest_group"]) == (
        "Kinship placements", 85, 6, 1,
    )  # fmt: skip
    assert "k = 1 over date_of_birth" in row["notes"]
    app._record()  # the same data set on the same day replaces its row
    assert len(guidelib.open_workbook(example).get("governance", "data_checks")) == len(rows)


def test_errors_are_sentences_in_the_status_line(app, tmp_path):
    app._record()
    assert app.record_status.text == "Choose the data set this file belongs to."
    app.dataset.value = "Kinship placements"
    app._record()
    assert app.record_status.text == "Check a file first."
    bad = {"name": "bad.csv", "type": "text/csv", "size": 9, "last_modified": NOW,
           "content": memoryview("a\nRenée\n".encode("latin-1"))}  # fmt: skip
    app.upload.value = (bad,)
    assert "bad.csv is not UTF-8 text" in app.status.text and "Renée" not in app.status.value
    app.path_box.value = "/etc/passwd"
    app._open_path()
    assert app.status.text == "Choose a .csv or .parquet file."


def test_an_upload_is_checked_and_k_is_read(app):
    frame = pd.DataFrame({"age": [30, 31] * 10, "zip": ["33501"] * 20, "n": range(20)})
    content = memoryview(frame.to_csv(index=False).encode())
    app.upload.value = ({"name": "mine.csv", "type": "text/csv", "size": len(content),
                         "last_modified": NOW, "content": content},)  # fmt: skip
    assert app.status.text == "Checked mine.csv: 20 records."
    for name, box in app.quasi_boxes.items():
        box.value = name in ("age", "zip")
    app._run_risk()
    assert app.risk_status.text == "k = 10 (target 11)."  # the agreement's min_cell_size
    assert "smallest publishable count in the agreement" in app.k_note


def test_paths_stay_inside_the_project(tmp_path, folder, monkeypatch):
    monkeypatch.setenv("GUIDELIB_DATA_DIR", str(tmp_path))
    (tmp_path / "data.csv").write_text("a\n1\n")
    assert checked_path("data.csv", folder) == (tmp_path / "data.csv").resolve()
    with pytest.raises(guidelib.GuidelibError, match="opens files inside"):
        checked_path("../elsewhere/data.csv", folder)
    with pytest.raises(guidelib.GuidelibError, match="opens files inside"):
        checked_path(str(folder / "team.csv"), folder)  # never a workbook's folder
    with pytest.raises(guidelib.GuidelibError, match=r"Choose a \.csv"):
        checked_path(str(tmp_path / "notes.json"), folder)


def test_l_diversity_in_the_app(folder, tmp_path):
    frame = pd.DataFrame({"sex": ["F", "M"] * 10, "status": ["open"] * 10 + ["closed", "open"] * 5})
    frame.to_csv(tmp_path / "x.csv", index=False)
    app = DataCheckApp(data=tmp_path / "x.csv", quasi=["sex"], sensitive=["status"], k=5,
                       folder=folder)  # fmt: skip
    assert app.risk_status.text == "k = 10 (target 5), l = 1 (target 2)."
    assert "Attribute disclosure" in app.risk_html.value and len(app.figures) == 4
    from guidelib.datacheck.record import summary

    assert summary(app.scan, app.risk).endswith("l = 1 for status (target 2).")
    assert app.figures[2].layout.title.text.startswith("Records by how many different")


def test_data_parameter_checks_at_once_and_no_workbook_is_fine(folder, tmp_path):
    pd.DataFrame({"sex": ["F", "M"] * 10}).to_parquet(tmp_path / "x.parquet")
    app = DataCheckApp(data=tmp_path / "x.parquet", quasi=["sex"], folder=folder)
    assert app.status.text == "Checked x.parquet: 20 records."
    assert app.risk_status.text == "k = 10 (target 5)."
    app._record()
    assert "Choose a workbook first" in app.record_status.text
