"""The team's survey as plain data, read from the workbook (step 3.2), and the check every
response passes before it is stored: from the form, from a CSV import, or from a script.

>>> from guidelib.workbook.model import Workbook, new_document
>>> wb = Workbook(new_document("Demo", "demo"))
>>> _ = wb.set("survey", "questions", [{"question": "I feel heard.", "kind": "agreement"}])
>>> check_answers(survey_definition(wb), {"I feel heard.": 4})
{'I feel heard.': 4}

Answers are keyed by the question's wording, so a reworded question starts a new one
(the worksheet says so). No widgets and no IO here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..errors import GuidelibError
from ..i18n import N_

if TYPE_CHECKING:
    from ..workbook import Workbook
    from .languages import Language

STEP = "survey"
KINDS = ("agreement", "single", "multiple", "open")
#: What 1 to 5 mean on an agreement question, as respondents read them. These and
#: "Prefer not to say" are the form's own words: stored in English, shown translated by
#: the package's catalogs (`N_` marks them for Babel).
AGREEMENT = (
    N_("Strongly disagree"),
    N_("Disagree"),
    N_("Neither agree nor disagree"),
    N_("Agree"),
    N_("Strongly agree"),
)
PREFER_NOT = N_("Prefer not to say")
OPEN_MAX = 2000  # characters in one written answer
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SurveyError(GuidelibError, ValueError):
    """A response, a survey definition or an import cannot be used (one plain sentence)."""


@dataclass(frozen=True)
class Question:
    """One question as respondents see it. `options` are the choices (for agreement
    questions, the five labels of 1 to 5); `demographic` marks a question about the
    respondent, whose choices end with "Prefer not to say"."""

    text: str
    kind: str
    options: tuple[str, ...] = ()
    demographic: bool = False

    @property
    def closed(self) -> bool:
        return self.kind != "open"


@dataclass(frozen=True)
class SurveyDefinition:
    """Consent text, questions and optional questions about the respondent, with the
    small-group rule for results ("cms", "cdc" or a number)."""

    consent: str
    questions: tuple[Question, ...]
    demographics: tuple[Question, ...]
    policy: str | int = "cms"
    notes: tuple[str, ...] = ()  # what was left out of the form, and why
    languages: tuple[Language, ...] = ()  # other languages, complete or not (languages.py)

    @property
    def all(self) -> tuple[Question, ...]:
        return self.questions + self.demographics

    def question(self, text: str) -> Question:
        for q in self.all:
            if q.text == text:
                return q
        raise KeyError(text)

    def number(self, question: Question) -> int:
        """The question's number on the form (1-based, demographics continue)."""
        return self.all.index(question) + 1


def parse_options(text: Any) -> tuple[str, ...]:
    """ "a; b;; a " -> ('a', 'b'): trimmed, blanks and repeats dropped, order kept."""
    parts = (" ".join(str(p).split()) for p in str(text or "").split(";"))
    return tuple(dict.fromkeys(p for p in parts if p))


def _rows(wb: Workbook, field: str) -> list[dict[str, Any]]:
    return [r for r in wb.get(STEP, field, []) if isinstance(r, dict)]


def _question(row: dict[str, Any], notes: list[str]) -> Question | None:
    text = " ".join(str(row.get("question") or "").split())
    kind = row.get("kind") or ""
    if not text:
        return None
    if kind not in KINDS:
        notes.append(f'"{text}" has no kind of answer yet, so it is not asked.')
        return None
    if kind == "agreement":
        return Question(text, kind, AGREEMENT)
    options = parse_options(row.get("options")) if kind != "open" else ()
    if kind in ("single", "multiple") and len(options) < 2:
        notes.append(f'"{text}" needs at least two choices (separated by ;) before it is asked.')
        return None
    return Question(text, kind, options)


def _demographic(row: dict[str, Any], notes: list[str]) -> Question | None:
    text = " ".join(str(row.get("question") or "").split())
    if not text:
        return None
    options = tuple(o for o in parse_options(row.get("options")) if o != PREFER_NOT)
    if not options:
        notes.append(f'"{text}" has no choices yet, so it is not asked.')
        return None
    return Question(text, "single", (*options, PREFER_NOT), demographic=True)


def _policy(wb: Workbook, notes: list[str]) -> str | int:
    chosen = wb.get(STEP, "min_cell_policy") or "cms"
    if chosen != "custom":
        return str(chosen)
    size = wb.get(STEP, "min_cell_size")
    if isinstance(size, int | float) and size >= 1:
        return int(size)
    notes.append("Set your own smallest group size; until then results use the CMS rule (11).")
    return "cms"


def survey_definition(wb: Workbook) -> SurveyDefinition:
    """The survey the workbook defines. A question asked twice with the same wording is
    asked once; questions that cannot be answered yet are left out, with a note."""
    notes: list[str] = []
    seen: set[str] = set()
    parts: dict[str, list[Question]] = {"questions": [], "demographics": []}
    for field, make in (("questions", _question), ("demographics", _demographic)):
        for row in _rows(wb, field):
            question = make(row, notes)
            if question is None:
                continue
            if question.text in seen:
                notes.append(f'"{question.text}" is listed twice; it is asked once.')
                continue
            seen.add(question.text)
            parts[field].append(question)
    consent = str(wb.get(STEP, "consent") or "").strip()
    policy = _policy(wb, notes)
    definition = SurveyDefinition(
        consent, tuple(parts["questions"]), tuple(parts["demographics"]), policy, tuple(notes)
    )
    from .languages import read_languages  # it reads the definition it belongs to

    return replace(definition, languages=read_languages(wb, definition))


# -- checking one response ---------------------------------------------------------------
def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _agreement(q: Question, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise SurveyError(
        f'The answer to "{_short(q.text)}" must be a whole number from 1 (strongly '
        "disagree) to 5 (strongly agree)."
    )


def _single(q: Question, value: Any) -> str:
    if isinstance(value, str) and value in q.options:
        return value
    raise SurveyError(f'"{_short(str(value))}" is not one of the choices for "{_short(q.text)}".')


def _multiple(q: Question, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SurveyError(f'The answer to "{_short(q.text)}" must be a list of choices.')
    chosen = [_single(q, item) for item in value]
    return [o for o in q.options if o in chosen]  # the form's order, each once


def clean_text(value: str) -> str:
    """Written text with control characters removed and line ends unified."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


def _open(q: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise SurveyError(f'The answer to "{_short(q.text)}" must be text.')
    text = clean_text(value)
    if len(text) > OPEN_MAX:
        raise SurveyError(
            f'The answer to "{_short(q.text)}" is {len(text):,} characters long; '
            f"please keep it under {OPEN_MAX:,}."
        )
    return text


CHECKERS = {"agreement": _agreement, "single": _single, "multiple": _multiple, "open": _open}


def check_answers(definition: SurveyDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers in stored form, in the form's order, skipped questions left out; or a
    `SurveyError` naming the first problem in one sentence."""
    if not isinstance(answers, Mapping):
        raise SurveyError("A response must map each question to its answer.")
    known = {q.text: q for q in definition.all}
    for text in answers:
        if text not in known:
            raise SurveyError(f'"{_short(str(text))}" is not a question of this survey.')
    stored: dict[str, Any] = {}
    for text, q in known.items():
        value = answers.get(text)
        if not _blank(value):
            value = CHECKERS[q.kind](q, value)
            if not _blank(value):
                stored[text] = value
    return stored
