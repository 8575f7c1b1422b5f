"""Documents: the charter's content, its three renderings, completeness and hostile text.

The golden files hold the Markdown and HTML of a small fixture workbook built here (not the
worked example, which the phase issues keep changing). After an intended change, rewrite
them and read the diff:

    GUIDELIB_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_documents.py
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

import guidelib
from guidelib.cli import main
from guidelib.documents import (
    DOCUMENTS,
    RENDERERS,
    build_charter,
    charter_missing,
    export,
    missing_sections,
    render_document,
)
from guidelib.documents.model import Document, Paragraph, Table, long_date
from guidelib.documents.render_md import escape

GOLDEN = Path(__file__).parent / "golden"
FORMATS = sorted(RENDERERS)
SECTIONS = [
    "Vision",
    "Mission",
    "Guiding principles",
    "Scope",
    "Members and their roles",
    "How decisions are made",
    "Meetings",
    "Term and review",
    "Changing the charter",
    "Settling disagreements",
    "Leaving the coalition",
    "Signatories",
]
REGISTER = [
    {"name": "Ana Lima", "organization": "Millbrook Schools", "kind": "data-provider"},
    {"name": "Ben Osei", "organization": "Parents & Youth Network", "kind": "impacted-community"},
    {"name": "Cara Diaz", "organization": "Millbrook County", "kind": "executive-sponsor"},
]
MEMBERS = [
    {"stakeholder": "Ana Lima", "role": "Data steward", "commitment": "A monthly extract"},
    {
        "stakeholder": "Ben Osei",
        "role": "Community voice",
        "commitment": "Hosts listening sessions",
    },
    {"stakeholder": "Cara Diaz", "role": "Executive sponsor"},
    {"stakeholder": "Dev Patel", "role": "Analyst"},  # not in the register
]
SIGNATORIES = [
    {"name": "Ana Lima", "title": "Director", "organization": "Millbrook Schools",
     "signed_on": "2026-03-02"},
    {"name": "Cara Diaz", "title": "Deputy Manager", "organization": "Millbrook County"},
]  # fmt: skip
CHARTER = {
    "vision": "Every young person in Millbrook finishes school.",
    "mission": "We join school and youth service data to find who falls behind.\n\n"
    "We share the least data we need and publish what we learn.",
    "principles": ["purpose", "community", "Young people review results first"],
    "scope_in": "Students aged 12 to 18 and the services they use.",
    "scope_out": "Decisions about a single student.",
    "decision_rule": "consensus-then-vote",
    "meeting_cadence": "monthly",
    "term_months": 24,
    "review_date": "2027-03-01",
    "review_schedule": "yearly",
    "amendment": "Any member may propose a change; the steering group decides by its rule.",
    "disputes": "Members talk it through first; then the steering group decides.",
    "member_exit": "A member leaves with 30 days' notice.",
    "signatories": SIGNATORIES,
}
#: The answer behind each section, for clearing one at a time.
ANSWERS = [
    ("Vision", "charter", "vision"),
    ("Mission", "charter", "mission"),
    ("Guiding principles", "charter", "principles"),
    ("Scope", "charter", "scope_in"),
    ("Scope", "charter", "scope_out"),
    ("Members and their roles", "coalition", "members"),
    ("How decisions are made", "charter", "decision_rule"),
    ("Meetings", "charter", "meeting_cadence"),
    ("Term and review", "charter", "term_months"),
    ("Term and review", "charter", "review_date"),
    ("Term and review", "charter", "review_schedule"),
    ("Changing the charter", "charter", "amendment"),
    ("Settling disagreements", "charter", "disputes"),
    ("Leaving the coalition", "charter", "member_exit"),
    ("Signatories", "charter", "signatories"),
]


@pytest.fixture
def filled(folder: Path) -> guidelib.Workbook:
    """A small workbook whose charter is complete, saved in `folder`."""
    wb = guidelib.create_workbook("Millbrook Youth Data Partnership", folder)
    wb.set("stakeholders", "register", REGISTER)
    wb.set("coalition", "members", MEMBERS)
    for field, value in CHARTER.items():
        wb.set("charter", field, value)
    wb.save()
    return wb


def read_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def docx_text(document: docx.document.Document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def styled(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


# -- golden files ---------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(filled, fmt):
    data, blanks = render_document(filled, "charter", fmt)
    path = GOLDEN / f"charter.{fmt}"
    if os.environ.get("GUIDELIB_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert blanks == []
    assert data.decode("utf-8") == path.read_text(encoding="utf-8")


def test_html_is_one_self_contained_page(filled):
    page = render_document(filled, "charter", "html")[0].decode()
    assert page.startswith('<!doctype html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in page and "<style>" in page
    assert "http" not in page and "<script" not in page and "<link" not in page
    assert "@media print" in page
    assert '<td dir="auto">Parents &amp; Youth Network</td>' in page


def test_markdown_reads_as_a_charter(filled):
    text = render_document(filled, "charter", "md")[0].decode()
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == SECTIONS
    assert "- We share data only for the purpose we agreed" in text
    assert "- Young people review results first" in text
    assert "| Ben Osei | Parents &amp; Youth Network | Impacted community |" in text
    assert "This charter lasts 24 months." in text and "by 1 March 2027." in text


# -- Word ----------------------------------------------------------------------------------
def test_docx_structure(filled):
    data, _ = render_document(filled, "charter", "docx")
    document = read_docx(data)
    assert styled(document, "Title") == ["Charter"]
    assert styled(document, "Subtitle") == ["Millbrook Youth Data Partnership"]
    assert styled(document, "Heading 1") == SECTIONS
    assert styled(document, "Heading 2") == ["In scope", "Out of scope"]
    assert styled(document, "List Bullet") == [
        "We share data only for the purpose we agreed",
        "The people in the data have a voice in how it is used",
        "Young people review results first",
    ]
    members, signers = document.tables
    assert len(members.rows) == len(MEMBERS) + 1
    assert [c.text for c in members.rows[0].cells][:3] == ["Member", "Organization", "Kind"]
    assert [c.text for c in members.rows[2].cells][:3] == [
        "Ben Osei",
        "Parents & Youth Network",
        "Impacted community",
    ]
    assert [c.text for c in members.rows[4].cells][:3] == ["Dev Patel", "", ""]
    assert [r.cells[0].text for r in signers.rows[1:]] == ["Ana Lima", "Cara Diaz"]
    assert signers.rows[1].cells[3].text == "2 March 2026"


def test_docx_tables_have_a_bold_repeated_header(filled):
    document = read_docx(render_document(filled, "charter", "docx")[0])
    for table in document.tables:
        assert table.style.name == "Table Grid"
        header = table.rows[0]
        assert header._tr.xpath("./w:trPr/w:tblHeader")
        assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
        assert not table.rows[1]._tr.xpath("./w:trPr/w:tblHeader")


def test_docx_signature_lines_and_properties(filled):
    document = read_docx(render_document(filled, "charter", "docx")[0])
    lines = [p.text for p in document.paragraphs if p.text.startswith("Signature: ___")]
    assert len(lines) == len(SIGNATORIES)
    assert lines[0].endswith("Date: 2 March 2026") and re.search(r"Date: _{8,}$", lines[1])
    assert document.core_properties.title == "Charter: Millbrook Youth Data Partnership"
    assert document.core_properties.author == "Millbrook Youth Data Partnership"


def test_the_charter_has_its_governing_sections_in_word(filled):
    document = read_docx(render_document(filled, "charter", "docx")[0])
    headings = styled(document, "Heading 1")
    assert headings[-4:] == [
        "Changing the charter", "Settling disagreements", "Leaving the coalition", "Signatories"
    ]  # fmt: skip
    text = docx_text(document)
    assert "After that, we review it once a year." in text
    assert "A member leaves with 30 days' notice." in text


# -- completeness ----------------------------------------------------------------------------
def test_a_full_charter_has_no_blanks(filled):
    assert charter_missing(filled) == []
    assert "Not yet agreed" not in render_document(filled, "charter", "md")[0].decode()


@pytest.mark.parametrize(("section", "step", "field"), ANSWERS)
def test_clearing_an_answer_names_its_section(filled, section, step, field):
    filled.set(step, field, None)
    assert charter_missing(filled) == missing_sections(filled, "charter") == [section]
    for fmt in FORMATS:
        assert render_document(filled, "charter", fmt)[1] == [section]
    text = render_document(filled, "charter", "md")[0].decode()
    assert "## " + section in text and "not yet" in text.split("## " + section)[1].lower()


def test_an_empty_workbook_shows_every_section_as_not_agreed(wb):
    doc = build_charter(wb)
    assert doc.blanks == SECTIONS
    document = read_docx(render_document(wb, "charter", "docx")[0])
    assert styled(document, "Heading 1") == SECTIONS
    italic = [p.text for p in document.paragraphs if p.runs and p.runs[0].italic]
    # Scope's two parts each say "Not yet agreed."; Term and review's three say what is missing.
    assert italic.count("Not yet agreed.") == len(SECTIONS)
    page = render_document(wb, "charter", "html")[0].decode()
    assert page.count('class="blank"') == len(SECTIONS) + 3


# -- hostile text -----------------------------------------------------------------------------
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'
ARABIC = "مريم الحسن"
HEBREW = "עמותת הורים וילדים"
PIPE = "**bold** | pipe"
LONG = "Word " * 3999 + "ends."  # 20,000 characters, the most a long answer may hold


@pytest.fixture
def hostile(filled: guidelib.Workbook) -> guidelib.Workbook:
    filled.set("charter", "vision", SCRIPT)
    filled.set("charter", "mission", LONG)
    filled.set("charter", "principles", ["purpose", FORMULA, "- [x] # 1. not a list"])
    members = [{**MEMBERS[0], "role": PIPE, "commitment": "line one\nline two"}, *MEMBERS[1:]]
    filled.set("coalition", "members", members)
    signers = [{**SIGNATORIES[0], "name": ARABIC, "organization": HEBREW}, SIGNATORIES[1]]
    filled.set("charter", "signatories", signers)
    return filled


def test_hostile_text_in_html(hostile):
    page = render_document(hostile, "charter", "html")[0].decode()
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=HYPERLINK(&quot;http://x&quot;)" in page and PIPE in page
    assert LONG in page
    assert f'<td dir="auto">{ARABIC}</td>' in page and f'<td dir="auto">{HEBREW}</td>' in page


def test_hostile_text_in_markdown(hostile):
    text = render_document(hostile, "charter", "md")[0].decode()
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "- \\- \\[x\\] \\# 1. not a list" in text
    row = next(line for line in text.splitlines() if line.startswith("| Ana Lima |"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five cells: the typed pipe is escaped
    assert "\\*\\*bold\\*\\* \\| pipe | line one line two |" in row
    assert LONG in text and ARABIC in text and HEBREW in text


def test_hostile_text_in_docx(hostile):
    document = read_docx(render_document(hostile, "charter", "docx")[0])
    text = docx_text(document)
    for typed in (SCRIPT, FORMULA, PIPE, LONG, ARABIC, HEBREW):
        assert typed in text
    name = next(p for p in document.paragraphs if p.text.startswith(ARABIC))
    assert name._p.xpath("./w:pPr/w:bidi")  # right-to-left paragraph
    cell = document.tables[0].rows[1].cells[4].paragraphs[0]
    # A short answer is one line: the workbook stores the typed line break as a space.
    assert cell.text == "line one line two" and not cell._p.xpath(".//w:br")


def test_characters_xml_forbids_are_dropped_in_every_format():
    bad = "a\x00b\x0bc\ud800d\ufffee\x1f"
    doc = Document("T\x01itle", "Team\x02", blocks=(Paragraph(bad), Table(("H",), ((bad,),))))
    for fmt, render in RENDERERS.items():
        data = render(doc)
        if fmt == "docx":
            assert "abcde" in docx_text(read_docx(data))
        else:
            assert "abcde" in data.decode("utf-8") and "\x00" not in data.decode()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("12. item", "12\\. item"),
        ("3) item", "3\\) item"),
        ("# heading", "\\# heading"),
        ("> quote", "&gt; quote"),
        ("===", "\\==="),
        ("    code", "code"),
        ("<b>bold</b> & &amp;", "&lt;b&gt;bold&lt;/b&gt; &amp; &amp;amp;"),
        (
            "[link](x) `code` ~~s~~ a_b *c* \\",
            "\\[link\\](x) \\`code\\` \\~\\~s\\~\\~ a\\_b \\*c\\* \\\\",
        ),
        ("first\n- second", "first\n\\- second"),
        ("Plain words. 2026.", "Plain words. 2026."),
    ],
)
def test_markdown_escape(typed, expected):
    assert escape(typed) == expected


def test_long_date():
    assert long_date("2027-03-01") == "1 March 2027"
    assert long_date("2026-12-31") == "31 December 2026"
    assert long_date("soon") == "soon"


# -- registries and export ---------------------------------------------------------------------
def test_registries_name_the_kinds_and_formats():
    assert (
        list(DOCUMENTS)
        == [
            "charter",
            "governance",
            "feedback-plan",
            "agreement",
            "license",
            "survey",
            "impact-report",
            "equity-review",
        ]
        and DOCUMENTS["charter"] is build_charter
    )
    assert set(RENDERERS) == {"md", "html", "docx"}


@pytest.mark.parametrize(
    ("kind", "fmt", "message"), [("memo", "md", "document"), ("charter", "pdf", "format")]
)
def test_unknown_kind_or_format_is_a_plain_error(filled, kind, fmt, message):
    with pytest.raises(guidelib.GuidelibError, match=f"There is no {message} .*choose one of"):
        render_document(filled, kind, fmt)


def test_export_writes_atomically_and_reports_blanks(filled, tmp_path):
    filled.set("charter", "vision", None)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "out.md"
    target.write_text("old")
    result = export(filled, "charter", "md", target)
    assert result.path == target and result.blanks == ["Vision"]
    assert target.read_bytes() == render_document(filled, "charter", "md")[0]
    assert [p.name for p in target.parent.iterdir()] == ["out.md"]  # no temp file left behind


def test_export_into_a_missing_folder_is_a_plain_error(filled, tmp_path):
    with pytest.raises(guidelib.GuidelibError, match="does not exist"):
        export(filled, "charter", "md", tmp_path / "nowhere" / "c.md")


def test_the_worked_example_charter_is_complete(kinship, tmp_path):
    wb = kinship
    for fmt in FORMATS:
        result = export(wb, "charter", fmt, tmp_path / f"charter.{fmt}")
        assert result.blanks == []
    document = read_docx((tmp_path / "charter.docx").read_bytes())
    assert styled(document, "Heading 1") == SECTIONS
    members = wb.get("coalition", "members")
    assert len(document.tables[0].rows) == len(members) + 1


def test_importing_guidelib_does_not_import_docx():
    code = "import sys, guidelib, guidelib.documents, guidelib.cli; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the command ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_writes_each_format(capsys, filled, tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    code = main(["export", filled.slug, "--doc", "charter", "--format", fmt])
    out, err = capsys.readouterr()
    name = f"millbrook-youth-data-partnership-charter.{fmt}"
    assert (code, out, err) == (0, f"Wrote {name}\n", "")
    assert (tmp_path / name).read_bytes()[:2] == {"md": b"# ", "html": b"<!", "docx": b"PK"}[fmt]


def test_cli_export_says_what_it_left_blank(capsys, filled, tmp_path):
    filled.set("charter", "vision", None)
    filled.set("charter", "meeting_cadence", None)
    filled.save()
    code = main(
        ["export", filled.slug, "--doc", "charter", "--format", "docx", "-o", str(tmp_path)]
    )
    out, _ = capsys.readouterr()
    path = tmp_path / "millbrook-youth-data-partnership-charter.docx"
    assert code == 0
    assert out == f"Wrote {path}\nLeft blank: Vision, Meetings.\n"
    assert styled(read_docx(path.read_bytes()), "Heading 1") == SECTIONS


def test_cli_export_errors_are_one_line(capsys, folder, filled, tmp_path):
    code = main(["export", "no-such-team", "--doc", "charter", "--format", "md"])
    _, err = capsys.readouterr()
    assert code == 1 and err.startswith("guidelib: There is no workbook no-such-team.json")
    target = str(tmp_path / "missing" / "c.md")
    code = main(["export", filled.slug, "--doc", "charter", "--format", "md", "-o", target])
    _, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err
