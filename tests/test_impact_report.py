"""The impact report: metrics, survey results with small groups hidden, feedback rounds,
readiness and the equity review, from the worked example and from an empty workbook."""

from __future__ import annotations

import io

import docx

import guidelib
from guidelib.documents import RENDERERS, render_document
from guidelib.documents.impact import build_impact_report
from guidelib.documents.model import Heading, Paragraph, Placeholder, Table

SECTIONS = [
    "Metrics",
    "What the community said",
    "Who benefits: results by group",
    "Feedback rounds",
    "Ready to grow?",
    "Equity and ethics review",
    "Methods",
    "Limits",
]


def test_the_example_report_has_every_section_filled(example):
    report = build_impact_report(guidelib.open_workbook(example))
    assert [b.text for b in report.blocks if isinstance(b, Heading) and b.level == 1] == SECTIONS
    assert report.blanks == []
    md = RENDERERS["md"](report).decode()
    assert "| Diversion instead of court | 48 | 47 (31 October 2026) | 60 |" in md
    assert "| 3 | 8 October 2026 | 3 | 4 | 67% |" in md
    assert "1 more round is needed" in md
    assert "400 people answered" in md
    assert "hidden" in md  # small groups are suppressed in what the report shows


def test_an_empty_workbook_names_each_blank_section(wb):
    report = build_impact_report(wb)
    assert report.blanks == [
        "Metrics",
        "What the community said",
        "Who benefits: results by group",
        "Feedback rounds",
        "Equity and ethics review",
        "Methods",
    ]
    assert any(
        isinstance(b, Placeholder) and "No survey responses yet" in b.text for b in report.blocks
    )


def test_survey_tables_never_show_a_small_count(example):
    report = build_impact_report(guidelib.open_workbook(example))
    for table in (b for b in report.blocks if isinstance(b, Table)):
        if table.header != ("Answer", "People (percent)"):
            continue
        for _label, cell in table.rows:  # "No answer" too: one rule for every count
            count = cell.split(" ")[0]
            assert count == "hidden" or int(count) == 0 or int(count) >= 11, cell


def test_the_report_states_the_rule_its_numbers_follow(example):
    report = build_impact_report(guidelib.open_workbook(example))
    text = " ".join(b.text for b in report.blocks if isinstance(b, Paragraph))
    assert "counts of people who skipped a question follow the same rule" in text
    assert "shown even when small" not in text


def test_the_report_opens_in_word(example):
    data, blanks = render_document(guidelib.open_workbook(example), "impact-report", "docx")
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS and blanks == []
    assert len(document.tables) >= 3
