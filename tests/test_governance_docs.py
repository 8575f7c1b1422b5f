"""The governance framework (step 2.1) and the feedback plan (step 2.2) as documents.

The golden files hold the Markdown of a small fixture workbook built here. After an
intended change, rewrite them and read the diff:

    GUIDELIB_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_governance_docs.py
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest

import guidelib
from guidelib.documents import (
    build_feedback_plan,
    build_governance,
    missing_sections,
    render_document,
)
from guidelib.documents.model import Table

GOLDEN = Path(__file__).parent / "golden"
GOV_SECTIONS = [
    "Governing bodies",
    "How decisions are made",
    "Who does what for each decision",
    "Access tiers",
    "Classification of each data set",
    "Security checklist",
    "Principles and how they are kept",
]
LOOP_SECTIONS = [
    "Channels",
    "How often feedback is reviewed",
    "Who runs the loop",
    "Reviewing body",
    "When feedback changes the framework",
    "Closing the loop",
    "How we know the loop works",
]
REGISTER = [
    {"name": "Ana Lima", "organization": "Millbrook Schools", "kind": "data-provider"},
    {"name": "Ben Osei", "organization": "Parents & Youth Network", "kind": "impacted-community"},
    {"name": "Cara Diaz", "organization": "Millbrook County", "kind": "executive-sponsor"},
]
MEMBERS = [{"stakeholder": r["name"], "role": "Member"} for r in REGISTER]
RACI = {
    "approve-request": {"Cara Diaz": "a", "Ana Lima": "r", "Ben Osei": "c"},
    "admit-member": {"Cara Diaz": "a", "Ana Lima": "r"},
    "change-agreement": {"Cara Diaz": "a", "Ana Lima": "r", "Ben Osei": "c"},
    "publish-results": {"Ana Lima": "a", "Cara Diaz": "r", "Ben Osei": "c"},
    "respond-breach": {"Ana Lima": "a", "Cara Diaz": "r", "Ben Osei": "i"},
    "retire-dataset": {"Ana Lima": "a", "Cara Diaz": "r"},
    "change-governance": {"Cara Diaz": "a", "Ana Lima": "r", "Ben Osei": "c"},
}
GOVERNANCE = {
    "bodies": [
        {"body": "Steering Group", "purpose": "Approves data requests and reports.",
         "members": ["Ana Lima", "Cara Diaz"], "others": "A youth representative",
         "meets": "monthly"},
        {"body": "Youth Panel", "purpose": "Reviews every report before release.",
         "members": ["Ben Osei"], "meets": "quarterly"},
    ],
    "raci": RACI,
    "decision_method": "consensus-then-vote",
    "quorum": 60,
    "access_tiers": [
        {"tier": "public-aggregates", "who": "Anyone", "approval": "Steering Group"},
        {"tier": "de-identified", "who": "Two analysts", "approval": "Data stewards"},
    ],
    "classification": [{"dataset": "Attendance", "tier": "de-identified", "notes": "No names"}],
    "security": ["encryption-rest", "encryption-transit", "least-privilege", "training",
                 "breach-plan", "secure-deletion"],
    "principle_mechanisms": [
        {"principle": "We share data only for the purpose we agreed",
         "mechanism": "The Steering Group checks each request"},
        {"principle": "Young people review results first",
         "mechanism": "The Youth Panel signs off every report"},
    ],
}  # fmt: skip
FEEDBACK = {
    "channels": ["surveys", "advisory-board", "A text line for parents"],
    "cadence": "quarterly",
    "owner": "Ben Osei (Parents & Youth Network)",
    "reviewed_by": "Youth Panel",
    "trigger": "Three or more comments on one topic start a review.",
    "close_the_loop": 'A one-page "You said, we did" sheet after each round.',
    "metrics": "Share of comments answered within 30 days.",
}
#: The answer behind each section, for clearing one at a time.
ANSWERS = [
    ("governance", "Governing bodies", "bodies"),
    ("governance", "How decisions are made", "decision_method"),
    ("governance", "How decisions are made", "quorum"),
    ("governance", "Who does what for each decision", "raci"),
    ("governance", "Access tiers", "access_tiers"),
    ("governance", "Classification of each data set", "classification"),
    ("governance", "Security checklist", "security"),
    ("governance", "Principles and how they are kept", "principle_mechanisms"),
    ("feedback-plan", "Channels", "channels"),
    ("feedback-plan", "How often feedback is reviewed", "cadence"),
    ("feedback-plan", "Who runs the loop", "owner"),
    ("feedback-plan", "Reviewing body", "reviewed_by"),
    ("feedback-plan", "When feedback changes the framework", "trigger"),
    ("feedback-plan", "Closing the loop", "close_the_loop"),
    ("feedback-plan", "How we know the loop works", "metrics"),
]


@pytest.fixture
def filled(wb: guidelib.Workbook) -> guidelib.Workbook:
    wb.set("stakeholders", "register", REGISTER)
    wb.set("coalition", "members", MEMBERS)
    wb.set("capacity", "inventory", [{"dataset": "Attendance", "owner": "Millbrook Schools"}])
    wb.set("charter", "principles", ["purpose", "Young people review results first"])
    for step, answers in (("governance", GOVERNANCE), ("feedback-loop", FEEDBACK)):
        for field, value in answers.items():
            wb.set(step, field, value)
    wb.save()
    return wb


def headings(data: bytes, style: str = "Heading 1") -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs if p.style.name == style]


@pytest.mark.parametrize("kind", ["governance", "feedback-plan"])
def test_golden(filled, kind):
    data, blanks = render_document(filled, kind, "md")
    path = GOLDEN / f"{kind}.md"
    if os.environ.get("GUIDELIB_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert blanks == []
    assert data.decode("utf-8") == path.read_text(encoding="utf-8")


def test_structure_in_every_format(filled):
    for kind, title, sections in (
        ("governance", "Governance Framework", GOV_SECTIONS),
        ("feedback-plan", "Feedback Plan", LOOP_SECTIONS),
    ):
        md = render_document(filled, kind, "md")[0].decode()
        assert md.startswith(f"# {title}\n")
        assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == sections
        assert headings(render_document(filled, kind, "docx")[0]) == sections
        assert render_document(filled, kind, "html")[0].decode().count("<h2") == len(sections)


def test_the_raci_table_names_who_holds_each_role(filled):
    table = next(b for b in build_governance(filled).blocks if isinstance(b, Table) and
                 b.header[0] == "Decision")  # fmt: skip
    assert table.header[1:] == (
        "Makes the final call (A)",
        "Does the work (R)",
        "Is asked first (C)",
        "Is told after (I)",
    )
    assert table.rows[0] == ("Approve a data request", "Cara Diaz", "Ana Lima", "Ben Osei", "")
    assert table.rows[4] == ("Respond to a breach", "Ana Lima", "Cara Diaz", "", "Ben Osei")
    assert len(table.rows) == 7


def test_a_decision_nobody_holds_leaves_the_matrix_blank(filled):
    filled.set("governance", "raci", {k: v for k, v in RACI.items() if k != "retire-dataset"})
    assert missing_sections(filled, "governance") == ["Who does what for each decision"]
    md = render_document(filled, "governance", "md")[0].decode()
    assert "| Retire a data set |  |  |  |  |" in md
    assert "*No one is named for: Retire a data set.*" in md


def test_bodies_security_and_principles(filled):
    md = render_document(filled, "governance", "md")[0].decode()
    assert "### Steering Group" in md and "It meets every month." in md
    assert "- A youth representative" in md
    assert "### Not yet in place\n\n- Access is logged and reviewed" in md
    assert "The steering body decides by this rule: Consensus, with a majority vote" in md
    filled.set("charter", "principles", ["purpose", "minimum", "Young people review results first"])
    md = render_document(filled, "governance", "md")[0].decode()
    assert "yet: We share the least data that answers the question.*" in md
    assert missing_sections(filled, "governance") == ["Principles and how they are kept"]


def test_the_feedback_plan_ties_to_the_reviewing_body(filled):
    doc = build_feedback_plan(filled)
    texts = [getattr(b, "text", "") for b in doc.blocks]
    assert "Feedback is reviewed every three months." in texts
    assert "The Youth Panel reviews the feedback." in texts
    assert "Its role in the governance framework: Reviews every report before release." in texts


@pytest.mark.parametrize(("kind", "section", "field"), ANSWERS)
def test_clearing_an_answer_names_its_section(filled, kind, section, field):
    step = "governance" if kind == "governance" else "feedback-loop"
    filled.set(step, field, None)
    assert missing_sections(filled, kind) == [section]
    md = render_document(filled, kind, "md")[0].decode()
    body = md.split("## " + section)[1].split("\n## ")[0]
    assert "yet" in body and "\n*" in body  # an italic placeholder says what is missing


def test_an_empty_workbook_leaves_every_section_blank(wb):
    assert build_governance(wb).blanks == GOV_SECTIONS
    assert build_feedback_plan(wb).blanks == LOOP_SECTIONS
