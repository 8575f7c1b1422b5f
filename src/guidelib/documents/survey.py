"""The survey instrument (step 3.2): the consent text, the numbered questions with their
answer choices, and the optional questions about the respondent, as respondents see them
on the form. It is the document an advisory board reviews, an ethics board files, or a
volunteer reads aloud when filling the form in with someone on the phone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..survey.form import (
    AGREEMENT,
    OPEN_MAX,
    PREFER_NOT,
    Question,
    SurveyDefinition,
    survey_definition,
)
from .model import (
    Block,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Placeholder,
    assemble,
    paragraphs,
)

if TYPE_CHECKING:
    from ..workbook import Workbook

INTRO = (
    "This is the survey as respondents see it. Every question is optional: a respondent "
    "may skip any of them, or stop at any time."
)
HOW = {
    "agreement": "Choose one, from 1 (strongly disagree) to 5 (strongly agree):",
    "single": "Choose one:",
    "multiple": "Choose all that apply:",
    "open": f"Write an answer in your own words (up to {OPEN_MAX:,} characters).",
}
ABOUT_YOU = (
    "These questions help the team see whether the work reaches everyone. Each is "
    f'voluntary: a respondent may choose "{PREFER_NOT}" or leave it blank.'
)
NO_DEMOGRAPHICS = "The survey asks nothing about the respondent."
RULES = {
    "cms": "CMS cell size suppression policy: no count from 1 to 10 is published",
    "cdc": "CDC WONDER / NCHS: no count of 9 or fewer is published",
}


def _question(number: int, q: Question) -> list[Block]:
    blocks: list[Block] = [Heading(f"{number}. {q.text}", 2), Paragraph(HOW[q.kind])]
    if q.kind == "agreement":
        return [*blocks, BulletList(tuple(f"{n} {label}" for n, label in enumerate(AGREEMENT, 1)))]
    if q.options:
        blocks.append(BulletList(q.options))
    return blocks


def _questions(d: SurveyDefinition) -> list[Block]:
    return [b for n, q in enumerate(d.questions, 1) for b in _question(n, q)]


def _about_you(d: SurveyDefinition) -> list[Block]:
    if not d.demographics:
        return [Paragraph(NO_DEMOGRAPHICS)]
    start = len(d.questions) + 1
    return [Paragraph(ABOUT_YOU)] + [
        b for n, q in enumerate(d.demographics, start) for b in _question(n, q)
    ]


def _reporting(d: SurveyDefinition) -> list[Block]:
    rule = RULES.get(str(d.policy), f"the team's own rule: no count under {d.policy} is published")
    return [
        Paragraph(
            "Results are published only for groups large enough that no one can tell who "
            f"said what ({rule}). Other numbers are hidden too where they would let someone "
            "work out a hidden one from the totals. Written answers are read by the team "
            "and never published as they are."
        )
    ]


def _notes(d: SurveyDefinition) -> list[Block]:
    return [Paragraph("Not on the form yet: " + " ".join(d.notes))] if d.notes else []


def build_survey(wb: Workbook) -> Document:
    """The instrument as a structured document; blank sections say "Not yet agreed."."""
    d = survey_definition(wb)
    sections = [
        ("About this survey", list(paragraphs(d.consent))),
        ("Questions", _questions(d) + _notes(d)),
        ("About you (optional)", _about_you(d)),
        ("How results are reported", _reporting(d)),
    ]
    if not d.questions:
        sections[1] = ("Questions", [Placeholder("No questions yet."), *_notes(d)])
    return assemble("Survey", wb.name, [Paragraph(INTRO)], sections)
