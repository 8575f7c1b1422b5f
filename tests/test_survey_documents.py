"""The survey instrument as a document: its golden Markdown, its Word file read back, and
its completeness check. Regenerate the golden file after an intended change with

    GUIDELIB_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_survey_documents.py
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest

import guidelib
from guidelib.cli import main
from guidelib.documents import DOCUMENTS, build_document, missing_sections, render_document
from guidelib.documents.survey import build_survey

GOLDEN = Path(__file__).parent / "golden"
SECTIONS = ["About this survey", "Questions", "About you (optional)", "How results are reported"]
SURVEY = {
    "consent": "Millbrook Youth Data runs this survey.\n\nEvery question is optional.",
    "questions": [
        {"question": "The program helps my family.", "kind": "agreement"},
        {"question": "How did you hear of it?", "kind": "single", "options": "Radio; A friend"},
        {"question": "What helped?", "kind": "multiple", "options": "Food; Rides"},
        {"question": "What should we change? *Be* <frank>", "kind": "open"},
        {"question": "Unfinished", "kind": "single"},
    ],
    "demographics": [{"question": "Your age?", "options": "Under 18; 18 or older"}],
    "min_cell_policy": "custom",
    "min_cell_size": 5,
}


@pytest.fixture
def instrument(folder) -> guidelib.Workbook:
    wb = guidelib.create_workbook("Millbrook Youth Data Partnership", folder)
    for field, value in SURVEY.items():
        wb.set("survey", field, value)
    wb.save()
    return wb


def test_registered():
    assert DOCUMENTS["survey"] is build_survey


def test_golden_markdown(instrument):
    data, blanks = render_document(instrument, "survey", "md")
    path = GOLDEN / "survey.md"
    if os.environ.get("GUIDELIB_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert blanks == []
    assert data.decode("utf-8") == path.read_text(encoding="utf-8")


def test_structure(instrument):
    md = render_document(instrument, "survey", "md")[0].decode()
    assert md.startswith("# Survey\n\n**Millbrook Youth Data Partnership**")
    assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == SECTIONS
    questions = [line[4:] for line in md.splitlines() if line.startswith("### ")]
    assert questions == [
        "1\\. The program helps my family.",
        "2\\. How did you hear of it?",
        "3\\. What helped?",
        "4\\. What should we change? \\*Be\\* &lt;frank&gt;",
        "5\\. Your age?",
    ]
    assert "- 1 Strongly disagree" in md and "- Prefer not to say" in md
    assert "Not on the form yet:" in md and '"Unfinished" needs at least two choices' in md
    assert "no count under 5 is published" in md


def test_word_file_reads_back(instrument):
    data, _ = render_document(instrument, "survey", "docx")
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == SECTIONS
    assert "1. The program helps my family." in paragraphs
    assert "Choose all that apply:" in paragraphs and "Rides" in paragraphs
    assert "What should we change? *Be* <frank>" in " ".join(paragraphs)
    assert "Millbrook Youth Data runs this survey." in paragraphs


def test_missing_sections(folder):
    wb = guidelib.create_workbook("Blank Team", folder)
    assert missing_sections(wb, "survey") == ["About this survey", "Questions"]
    doc = build_document(wb, "survey")
    assert any(
        getattr(b, "text", "") == "The survey asks nothing about the respondent."
        for b in doc.blocks
    )
    wb.set("survey", "consent", "We ask.")
    wb.set("survey", "questions", [{"question": "Half done", "kind": "multiple"}])
    assert missing_sections(wb, "survey") == ["Questions"]


def test_export_from_the_command_line(capsys, instrument, tmp_path):
    target = tmp_path / "instrument.docx"
    code = main(
        [
            "export",
            "millbrook-youth-data-partnership",
            "--doc",
            "survey",
            "--format",
            "docx",
            "-o",
            str(target),
        ]
    )
    assert code == 0 and target.stat().st_size > 0
    assert "Wrote" in capsys.readouterr().out
