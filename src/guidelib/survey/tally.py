"""Counting responses: each closed question (and each choice of a multiple-choice
question) becomes a `Variable` with a fixed list of categories and "No answer", and the
responses become one array of category codes per variable, counted with numpy.

"No answer" is a category like the others, so every table of a question adds up to all
respondents, and every group's total is the same in every table: the tables' totals
match, so no difference between two published tables can reveal a hidden count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .form import Question, SurveyDefinition

NO_ANSWER = "No answer"
CHOSE, NOT_CHOSEN = "Chose it", "Did not choose it"


@dataclass(frozen=True)
class Variable:
    """Categories of one closed question, or of one choice of a multiple-choice
    question (chose it / did not). `parent` is the question's text: the "No answer"
    count is the question's, shared by all its choices."""

    key: str
    question: Question
    option: str | None
    values: tuple[str, ...]

    @property
    def parent(self) -> str:
        return self.question.text

    @property
    def labels(self) -> tuple[str, ...]:
        return (*self.values, NO_ANSWER)

    def code(self, answer: Any) -> int | None:
        """The category index of a stored answer; NO_ANSWER's index for none, and None
        for an answer the survey no longer offers."""
        if answer is None:
            return len(self.values)
        if self.option is not None:
            return (0 if self.option in answer else 1) if isinstance(answer, list) else None
        if self.question.kind == "agreement":
            ok = isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= 5
            return answer - 1 if ok else None
        return self.values.index(answer) if answer in self.values else None


def variables(definition: SurveyDefinition) -> tuple[list[Variable], list[Variable]]:
    """(closed questions' variables, demographic questions' variables), in form order."""
    closed: list[Variable] = []
    for q in definition.questions:
        if q.kind == "multiple":
            closed += [Variable(f"{q.text}\x1f{o}", q, o, (CHOSE, NOT_CHOSEN)) for o in q.options]
        elif q.closed:
            closed.append(Variable(q.text, q, None, q.options))
    groups = [Variable(q.text, q, None, q.options) for q in definition.demographics]
    return closed, groups


@dataclass
class Codes:
    """One array of category codes per variable, and what could not be counted."""

    n: int
    codes: dict[str, Any]  # variable key -> numpy int array of length n
    unknown: dict[str, int]  # question text -> answers with a choice no longer offered


def encode(variables: Iterable[Variable], answers: list[dict[str, Any]]) -> Codes:
    """Category codes for every response. An answer the survey no longer offers (a
    choice renamed since) counts as "No answer" and is reported."""
    import numpy as np

    codes, unknown = {}, {}
    for var in variables:
        raw = [var.code(a.get(var.question.text)) for a in answers]
        bad = sum(c is None for c in raw)
        if bad:
            unknown[var.question.text] = max(unknown.get(var.question.text, 0), bad)
        missing = len(var.values)
        codes[var.key] = np.fromiter((missing if c is None else c for c in raw), np.int64, len(raw))
    return Codes(len(answers), codes, unknown)


def one_way(codes: Codes, var: Variable) -> list[list[int]]:
    """Counts per category (No answer last), as a one-column grid."""
    import numpy as np

    counts = np.bincount(codes.codes[var.key], minlength=len(var.labels))
    return [[int(c)] for c in counts]


def two_way(codes: Codes, var: Variable, by: Variable) -> list[list[int]]:
    """Counts per group of `by` (rows) and category of `var` (columns)."""
    import numpy as np

    width = len(var.labels)
    pairs = codes.codes[by.key] * width + codes.codes[var.key]
    counts = np.bincount(pairs, minlength=len(by.labels) * width)
    return counts.reshape(len(by.labels), width).tolist()
