"""The survey in other languages (step 3.2): the team's translations of its own wording,
how complete each language is, and the language of each response as a group in results.

The team writes the survey in English (the base language). For each other language it
enters a name, the consent text, and a translation of every question, every choice and
every question about the respondent (`languages` and `translations` in the workbook).
Answers are always stored under the English wording, so "Sí" on the Spanish form and
"Yes" on the English one count as the same choice. A language with any part missing is
reported item by item and is not offered to respondents. The form's own words (buttons,
"Prefer not to say", the agreement scale) come from the package's gettext catalogs
(`guidelib.i18n`), not from the workbook.

>>> lang = Language("es", "Español", "Consentimiento", {"Yes": "Sí"}, ())
>>> lang.text("Yes"), lang.text("No"), lang.complete
('Sí', 'No', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..workbook import Workbook
    from .form import SurveyDefinition

BASE = "en"
BASE_NAME = "English"
STEP = "survey"
#: The results' question for the language a response was given in.
LANGUAGE_QUESTION = "Language of the survey form"
NOT_RECORDED = "Not recorded"
#: The heading (or `--map COLUMN=language` target) of an imported file's language column.
LANGUAGE_COLUMN = "language"
CODE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def _words(text: Any) -> str:
    return " ".join(str(text or "").split())


@dataclass(frozen=True)
class Language:
    """One language of the survey: `texts` maps English wording to its translation;
    `missing` lists, in form order, the parts that have none yet."""

    code: str
    name: str
    consent: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing

    def text(self, original: str) -> str:
        """The translation of the survey's English wording (the wording if there is none)."""
        return self.texts.get(_words(original)) or original


ENGLISH = Language(BASE, BASE_NAME)


def items(definition: SurveyDefinition) -> list[str]:
    """Every piece of the team's wording a translation needs, in form order: each
    question, then its choices (the agreement scale and "Prefer not to say" are the
    form's own words, translated in the package)."""
    from .form import PREFER_NOT

    out: list[str] = []
    for q in definition.all:
        out.append(q.text)
        if q.kind in ("single", "multiple"):
            out += [o for o in q.options if o != PREFER_NOT]
    return list(dict.fromkeys(out))


def read_languages(wb: Workbook, definition: SurveyDefinition) -> tuple[Language, ...]:
    """The workbook's other languages, each with its translations and what it lacks."""
    rows = [r for r in wb.get(STEP, "languages", []) if isinstance(r, dict)]
    pairs = [r for r in wb.get(STEP, "translations", []) if isinstance(r, dict)]
    needed = items(definition)
    out: list[Language] = []
    for row in rows:
        code = _words(row.get("code")).lower()
        if not CODE_RE.match(code) or code == BASE or any(lang.code == code for lang in out):
            continue
        texts = {
            _words(p.get("original")): _words(p.get("translation"))
            for p in pairs
            if _words(p.get("language")).lower() == code and _words(p.get("translation"))
        }
        consent = str(row.get("consent") or "").strip()
        missing = [f"the name of the language ({code})"] if not _words(row.get("name")) else []
        if definition.consent and not consent:
            missing.append("the consent text")
        missing += [f'"{text}"' for text in needed if _words(text) not in texts]
        name = _words(row.get("name")) or code
        out.append(Language(code, name, consent, texts, tuple(missing)))
    return tuple(out)


def offered(definition: SurveyDefinition) -> list[Language]:
    """The languages a respondent may choose: English, then every complete one."""
    return [ENGLISH, *(lang for lang in definition.languages if lang.complete)]


def pick(definition: SurveyDefinition, code: str | None) -> Language:
    """The offered language with this code, else English."""
    wanted = _words(code).lower()
    return next((lang for lang in offered(definition) if lang.code == wanted), ENGLISH)


def translation_report(definition: SurveyDefinition) -> list[str]:
    """One line per language for the team: offered, or what it still lacks."""
    lines = []
    for lang in definition.languages:
        if lang.complete:
            lines.append(f"{lang.name} ({lang.code}): complete, offered to respondents.")
        else:
            shown = "; ".join(lang.missing[:12]) + ("; …" if len(lang.missing) > 12 else "")
            many = len(lang.missing) != 1
            lines.append(
                f"{lang.name} ({lang.code}): not offered yet. {len(lang.missing)} "
                f"part{'s still need' if many else ' still needs'} a translation: {shown}."
            )
    return lines


def name_of(definition: SurveyDefinition, code: str | None) -> str:
    """The name results show for a stored language code."""
    if not code:
        return NOT_RECORDED
    if code == BASE:
        return BASE_NAME
    return next((lang.name for lang in definition.languages if lang.code == code), code)


def with_language(
    definition: SurveyDefinition, answers: list[dict[str, Any]], codes: list[str | None]
) -> tuple[SurveyDefinition, list[dict[str, Any]]]:
    """The definition with one more question about the respondent, the language of the
    form, and each response's answers with its language added: results then break down
    by language like any other group, under the same small-group rule. Unchanged when
    the survey has one language and every response is in it."""
    from dataclasses import replace

    from .form import Question

    if not definition.languages and all(code in (None, BASE) for code in codes):
        return definition, answers
    names = [name_of(definition, code) for code in codes]
    options = [BASE_NAME, *(lang.name for lang in definition.languages)]
    options += [n for n in dict.fromkeys(names) if n not in options]
    question = Question(LANGUAGE_QUESTION, "single", tuple(options), demographic=True)
    tagged = [{**a, LANGUAGE_QUESTION: n} for a, n in zip(answers, names, strict=True)]
    return replace(definition, demographics=(*definition.demographics, question)), tagged


def match_language(definition: SurveyDefinition, value: str) -> str:
    """A language code from an imported cell: a code ('es') or a name ('Español'); a
    `SurveyError` for one the survey does not have."""
    from .form import SurveyError

    wanted = _words(value).casefold()
    for lang in (ENGLISH, *definition.languages):
        if wanted in (lang.code.casefold(), lang.name.casefold()):
            return lang.code
    known = ", ".join(f"{lang.code} ({lang.name})" for lang in (ENGLISH, *definition.languages))
    raise SurveyError(f'"{value[:40]}" is not a language of this survey (it has {known}).')
