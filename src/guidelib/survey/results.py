"""Survey results a team can publish: each closed question's answers, overall and broken
down by each question about the respondent, with small groups hidden.

- Counts from 1 to the rule's minimum minus one are hidden (primary suppression; the
  rule is the workbook's: CMS 11, CDC 10, or the team's own number), and so are the
  counts that would let someone narrow a hidden one below the minimum from the totals
  (complementary suppression with interval protection), across all tables together
  (`linked.py`). Counts of people who skipped a question follow the same rule unless
  the team asks for `show_skips`, which every output then states.
- Percentages are of everyone in the row (the group, or all respondents, including
  those who skipped the question), and shown only where both numbers are published: no
  percentage is computed from a hidden count.
- Written answers are listed apart, with a warning: they may identify people.

>>> from guidelib.survey.form import Question, SurveyDefinition
>>> q = Question("Was it useful?", "single", ("Yes", "No"))
>>> r = survey_results(SurveyDefinition("", (q,), ()), [{"Was it useful?": "Yes"}] * 12)
>>> [(c.count, c.percent) for c in r.distributions[0].cells]
[(12, 100.0), (0, 0.0), (0, 0.0)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..datacheck.suppress import PRIMARY, SHOWN, TOTAL, Policy, suppress_matrix
from ..datacheck.suppress import policy as make_policy
from .form import Question, SurveyDefinition
from .linked import Linked, keyed, protect, skip_keys
from .tally import NO_ANSWER, Codes, Variable, encode, one_way, two_way, variables

ALL_RESPONDENTS = "All respondents"
SUPPRESSED = (
    "Suppressed means hidden: the number is too small to publish safely, or it would let "
    "someone work out a small number from the totals. Its percentage is hidden too."
)
PERCENTS = (
    "Percentages are of everyone in the row, including people who skipped the question, "
    "and are shown only where both numbers are published. They describe the people who "
    "answered, not a wider population, so no reliability rule is applied to them; to "
    "treat one as an estimate for a population, check it against the NCHS Data "
    "Presentation Standards for Proportions (2017), as the equity audit does."
)
OPEN_NOTE = (
    "Written answers are shown as people typed them. They may name or describe someone, "
    "so read them before sharing, and never publish them as they are."
)


@dataclass(frozen=True)
class Cell:
    """A published count and its percentage; both None when suppressed."""

    count: int | None
    percent: float | None
    status: str = SHOWN

    @property
    def hidden(self) -> bool:
        return self.status != SHOWN


@dataclass
class Distribution:
    """One question's answers from all respondents (`cells` follow `labels`)."""

    question: Question
    labels: list[str]
    cells: list[Cell]
    total: Cell


@dataclass
class Breakdown:
    """One question by the groups of a question about respondents: `cells[g]` holds a
    cell per label, then the group's total; the last group is the Total row."""

    question: Question
    by: Question
    groups: list[str]
    labels: list[str]
    cells: list[list[Cell]]


@dataclass
class SurveyResults:
    definition: SurveyDefinition
    policy: Policy
    respondents: int
    distributions: list[Distribution] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    open_answers: list[tuple[Question, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: dict[tuple[str | None, str | None], Linked] = field(default_factory=dict)
    show_skips: bool = False  # skip counts shown even when small (the team's choice)

    def rule_text(self) -> str:
        """The rule the numbers follow, in one sentence, for every output."""
        text = (
            f"Groups smaller than {self.policy.minimum} are hidden ({self.policy.rule}), "
            "along with any count that would let someone narrow a hidden one to fewer than "
            f"{self.policy.minimum}"
        )
        if self.show_skips:
            return text + (
                "; by the team's choice (show skips), counts of people who skipped a "
                "question are shown even when small, an exception to that rule."
            )
        return text + "; counts of people who skipped a question follow the same rule."

    def breakdown(self, question: str, by: str) -> Breakdown:
        for b in self.breakdowns:
            if b.question.text == question and b.by.text == by:
                return b
        raise KeyError((question, by))

    def suppressed(self) -> tuple[int, int]:
        """(cells suppressed, cells in all tables), counting each table's own cells."""
        hidden = sum(int((t.result.status != SHOWN).sum()) for t in self.tables.values())
        return hidden, sum(t.result.status.size for t in self.tables.values())


def _cell(table: Linked, i: int, j: int, of: tuple[int, int]) -> Cell:
    """Cell (i, j) with its percentage of cell `of`, if both are published."""
    status, values = table.result.status, table.result.values
    if status[i, j] != SHOWN:
        return Cell(None, None, str(status[i, j]))
    count, whole = int(values[i, j]), int(values[of])
    percent = round(100 * count / whole, 1) if status[of] == SHOWN and whole else None
    return Cell(count, percent)


def _tables(
    codes: Codes, closed: list[Variable], groups: list[Variable], chosen: Policy, skips: bool
) -> dict:
    def cols(v: Variable) -> list[tuple[str, str]]:
        return [(v.key, value) for value in v.values] + [(v.parent, NO_ANSWER)]

    def rows(g: Variable) -> list[tuple[str, str]]:
        return [(g.key, value) for value in g.labels]

    tables: dict[tuple[str | None, str | None], Linked] = {}
    for v in closed:
        result = suppress_matrix(one_way(codes, v), list(v.labels), (), chosen, method=PRIMARY)
        tables[(v.key, None)] = keyed(result, None, cols(v))
    for g in groups:
        result = suppress_matrix(one_way(codes, g), list(g.labels), (), chosen, method=PRIMARY)
        tables[(None, g.key)] = keyed(result, rows(g), None)
        for v in closed:
            grid = two_way(codes, v, g)
            result = suppress_matrix(grid, list(g.labels), list(v.labels), chosen, method=PRIMARY)
            tables[(v.key, g.key)] = keyed(result, rows(g), cols(v))
    skipped = {(v.parent, NO_ANSWER) for v in closed} | {(g.key, NO_ANSWER) for g in groups}
    shown = skip_keys(list(tables.values()), skipped) if skips else set()
    protect(list(tables.values()), chosen, shown)
    return tables


def _distribution(q: Question, parts: list[Variable], tables: dict, group: bool) -> Distribution:
    if group or q.kind != "multiple":
        t = tables[(None, q.text)] if group else tables[(q.text, None)]
        n = len(parts[0].labels)
        cells = [_cell(t, i, 0, (n, 0)) for i in range(n)]
        return Distribution(q, list(parts[0].labels), cells, _cell(t, n, 0, (n, 0)))
    options = [tables[(v.key, None)] for v in parts]  # rows: chose, did not, no answer, total
    cells = [_cell(t, 0, 0, (3, 0)) for t in options] + [_cell(options[0], 2, 0, (3, 0))]
    labels = [*(v.option or "" for v in parts), NO_ANSWER]
    return Distribution(q, labels, cells, _cell(options[0], 3, 0, (3, 0)))


def _breakdown(q: Question, parts: list[Variable], g: Variable, tables: dict) -> Breakdown:
    groups = [*g.labels, TOTAL]
    if q.kind != "multiple":
        t, width = tables[(q.text, g.key)], len(parts[0].labels)
        cells = [[_cell(t, i, j, (i, width)) for j in range(width + 1)] for i in range(len(groups))]
        return Breakdown(q, g.question, groups, list(parts[0].labels), cells)
    options = [tables[(v.key, g.key)] for v in parts]  # columns: chose, did not, no answer
    cells = [
        [_cell(t, i, 0, (i, 3)) for t in options]
        + [_cell(options[0], i, 2, (i, 3)), _cell(options[0], i, 3, (i, 3))]
        for i in range(len(groups))
    ]
    labels = [*(v.option or "" for v in parts), NO_ANSWER]
    return Breakdown(q, g.question, groups, labels, cells)


def _open_answers(definition: SurveyDefinition, answers: list[dict]) -> list:
    return [
        (q, [a[q.text] for a in answers if isinstance(a.get(q.text), str) and a[q.text]])
        for q in definition.questions
        if q.kind == "open"
    ]


def survey_results(
    definition: SurveyDefinition,
    answers: list[dict[str, Any]],
    policy: str | int | Policy | None = None,
    show_skips: bool = False,
) -> SurveyResults:
    """Results of `answers` (stored responses' answers) under the workbook's rule for
    small groups, or under `policy` ("cms", "cdc", a number) when given. Counts of
    people who skipped a question follow the same rule, unless `show_skips`."""
    chosen = make_policy(definition.policy if policy is None else policy)
    closed, groups = variables(definition)
    codes = encode([*closed, *groups], answers)
    tables = _tables(codes, closed, groups, chosen, show_skips)
    results = SurveyResults(definition, chosen, len(answers), tables=tables)
    results.show_skips = show_skips
    parts = {q.text: [v for v in closed if v.question is q] for q in definition.questions}
    for q in definition.questions:
        if q.closed:
            results.distributions.append(_distribution(q, parts[q.text], tables, False))
    for g in groups:
        results.distributions.append(_distribution(g.question, [g], tables, True))
    for g in groups:
        results.breakdowns += [
            _breakdown(q, parts[q.text], g, tables) for q in definition.questions if q.closed
        ]
    results.open_answers = _open_answers(definition, answers)
    results.notes = [
        f'{n} answer{"s" * (n != 1)} to "{text}" use{"s" * (n == 1)} a choice the survey no '
        "longer offers; they count as no answer."
        for text, n in codes.unknown.items()
    ]
    return results


def workbook_results(
    wb: Any, min_cell: int | None = None, show_skips: bool = False
) -> SurveyResults:
    """Results for a workbook's survey from its stored responses."""
    from .form import survey_definition
    from .languages import with_language
    from .store import responses

    stored = responses(wb)
    definition, answers = with_language(
        survey_definition(wb), [r.answers for r in stored], [r.language for r in stored]
    )
    return survey_results(definition, answers, min_cell, show_skips)
