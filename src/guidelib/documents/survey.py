"""The survey instrument (step 3.2): the consent text, the numbered questions with their
answer choices, and the optional questions about the respondent, as respondents see them
on the form. It is the document an advisory board reviews, an ethics board files, or a
volunteer reads aloud when filling the form in with someone on the phone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import GuidelibError
from ..i18n import N_, translator
from ..survey.form import (
    AGREEMENT,
    OPEN_MAX,
    PREFER_NOT,
    Question,
    SurveyDefinition,
    survey_definition,
)
from ..survey.languages import ENGLISH, Language, offered
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

# The document's own words: `N_` marks them for the gettext catalogs (guidelib/locale),
# so `--lang es` writes the whole instrument in Spanish, not only the team's wording.
TITLE = N_("Survey")
INTRO = N_(
    "This is the survey as respondents see it. Every question is optional: a respondent "
    "may skip any of them, or stop at any time."
)
HOW = {
    "agreement": N_("Choose one, from 1 (strongly disagree) to 5 (strongly agree):"),
    "single": N_("Choose one:"),
    "multiple": N_("Choose all that apply:"),
    "open": N_("Write an answer in your own words (up to {limit} characters)."),
}
ABOUT_YOU = N_(
    "These questions help the team see whether the work reaches everyone. Each is "
    'voluntary: a respondent may choose "{prefer_not}" or leave it blank.'
)
NO_DEMOGRAPHICS = N_("The survey asks nothing about the respondent.")
RULES = {
    "cms": N_("CMS cell size suppression policy: no count from 1 to 10 is published"),
    "cdc": N_("CDC WONDER / NCHS: no count of 9 or fewer is published"),
}
OWN_RULE = N_("the team's own rule: no count under {size} is published")
REPORTING = N_(
    "Results are published only for groups large enough that no one can tell who "
    "said what ({rule}). Other numbers are hidden too where they would let someone "
    "work out a hidden one from the totals. Written answers are read by the team "
    "and never published as they are."
)
SECTIONS = (
    N_("About this survey"),
    N_("Questions"),
    N_("About you (optional)"),
    N_("How results are reported"),
)
NO_QUESTIONS = N_("No questions yet.")
Gettext = Callable[[str], str]


def _question(number: int, q: Question, lang: Language, _: Gettext) -> list[Block]:
    how = _(HOW[q.kind]).format(limit=f"{OPEN_MAX:,}")
    blocks: list[Block] = [Heading(f"{number}. {lang.text(q.text)}", 2), Paragraph(how)]
    if q.kind == "agreement":
        scale = tuple(f"{n} {_(label)}" for n, label in enumerate(AGREEMENT, 1))
        return [*blocks, BulletList(scale)]
    if q.options:
        own = {PREFER_NOT}
        blocks.append(BulletList(tuple(_(o) if o in own else lang.text(o) for o in q.options)))
    return blocks


def _questions(d: SurveyDefinition, lang: Language, _: Gettext) -> list[Block]:
    return [b for n, q in enumerate(d.questions, 1) for b in _question(n, q, lang, _)]


def _about_you(d: SurveyDefinition, lang: Language, _: Gettext) -> list[Block]:
    if not d.demographics:
        return [Paragraph(_(NO_DEMOGRAPHICS))]
    start = len(d.questions) + 1
    return [Paragraph(_(ABOUT_YOU).format(prefer_not=_(PREFER_NOT)))] + [
        b for n, q in enumerate(d.demographics, start) for b in _question(n, q, lang, _)
    ]


def _reporting(d: SurveyDefinition, _: Gettext) -> list[Block]:
    rule = _(RULES[str(d.policy)]) if str(d.policy) in RULES else _(OWN_RULE)
    return [Paragraph(_(REPORTING).format(rule=rule.format(size=d.policy)))]


def _notes(d: SurveyDefinition) -> list[Block]:
    return [Paragraph("Not on the form yet: " + " ".join(d.notes))] if d.notes else []


def _language(d: SurveyDefinition, code: str | None) -> Language:
    """The language asked for, if the survey offers it; else one plain sentence."""
    if not code or code == ENGLISH.code:
        return ENGLISH
    for lang in d.languages:
        if lang.code == code.strip().lower():
            if not lang.complete:
                raise GuidelibError(
                    f"The {lang.name} translation is not complete yet: "
                    f"{len(lang.missing)} part(s) still need one, starting with "
                    f"{lang.missing[0]}."
                )
            return lang
    codes = ", ".join(lang.code for lang in offered(d))
    raise GuidelibError(f"The survey has no language {code!r}; it has: {codes}.")


def build_survey(wb: Workbook, lang: str | None = None) -> Document:
    """The instrument as a structured document, in English or in one of the survey's
    complete languages (`lang`, such as "es"); blank sections say "Not yet agreed."."""
    d = survey_definition(wb)
    language = _language(d, lang)
    _ = translator(language.code)
    names = [_(name) for name in SECTIONS]
    consent = language.consent or d.consent
    sections = [
        (names[0], list(paragraphs(consent))),
        (names[1], _questions(d, language, _) + (_notes(d) if language is ENGLISH else [])),
        (names[2], _about_you(d, language, _)),
        (names[3], _reporting(d, _)),
    ]
    if not d.questions:
        sections[1] = (names[1], [Placeholder(_(NO_QUESTIONS)), *_notes(d)])
    doc = assemble(_(TITLE), wb.name, [Paragraph(_(INTRO))], sections)
    return replace(doc, lang=language.code)
