"""The impact report's parts on who benefits: survey results by group with 95% confidence
intervals and disparities flagged in words, then how the numbers were made (Methods) and
what they cannot show (Limits). All three are built from the workbook and its responses.

- **Groups** are the survey's questions about the respondent and the language of the
  form. Only published cells are used: a group whose counts are suppressed is named as
  hidden, never estimated.
- **Intervals** are Wilson score intervals (scipy's `binomtest(...).proportion_ci`), which
  behave well for small groups and shares near 0% or 100%.
- **Disparity** is a group's share divided by the share among all respondents. Outside
  0.8 to 1.25 (the "80% rule" Aequitas uses) it is flagged in words.

>>> low, high = wilson(81, 263)
>>> round(low, 4), round(high, 4)
(0.2553, 0.3662)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import Block, BulletList, Heading, Paragraph, Placeholder, Table, long_date

if TYPE_CHECKING:
    from ..survey.results import Breakdown, SurveyResults
    from ..workbook import Workbook

LEVEL = 0.95
BAND = (0.8, 1.25)
AGREE = (3, 4)  # the cells of "Agree" and "Strongly agree" on the 1-5 scale
INTERVAL = (
    "The range after each share is a 95% confidence interval (Wilson method). If the "
    "survey were repeated many times with people like these, about 95 in 100 such ranges "
    "would hold the true share. A wide range means few people answered, so read it with care."
)
DISPARITY = (
    "A group is flagged when its share differs from the share among all respondents by "
    'more than the 0.8 to 1.25 band (the ratio of the two shares, as in the "80% rule").'
)


def wilson(agree: int, people: int, level: float = LEVEL) -> tuple[float, float]:
    """The Wilson score interval for `agree` of `people` (0-1 shares)."""
    from scipy.stats import binomtest  # lazy: scipy is slow to import

    interval = binomtest(agree, people).proportion_ci(confidence_level=level, method="wilson")
    return float(interval.low), float(interval.high)


@dataclass(frozen=True)
class Share:
    """One group's share who agree, with its interval; None when suppressed."""

    group: str
    agree: int | None
    people: int | None
    low: float = 0.0
    high: float = 0.0

    @property
    def share(self) -> float | None:
        return None if not self.people or self.agree is None else self.agree / self.people

    def text(self) -> str:
        if self.share is None:
            return "hidden (protects a small group)"
        return (
            f"{self.share:.0%} ({self.low:.0%} to {self.high:.0%}), {self.agree} of {self.people}"
        )


def agree_shares(b: Breakdown) -> list[Share]:
    """Each group's share agreeing (the last row is everyone), from published cells only."""
    out = []
    for group, cells in zip(b.groups, b.cells, strict=True):
        parts, total = [cells[i] for i in AGREE], cells[-1]
        if any(c.hidden for c in (*parts, total)) or not total.count:
            out.append(Share(group, None, None))
            continue
        agree = sum(c.count or 0 for c in parts)
        out.append(Share(group, agree, total.count, *wilson(agree, total.count)))
    return out


def disparity(share: Share, everyone: Share) -> str:
    """A sentence when the group's share is outside the band around everyone's; else ''."""
    if share.share is None or not everyone.share:
        return ""
    ratio = share.share / everyone.share
    if BAND[0] <= ratio <= BAND[1]:
        return ""
    side = "fewer" if ratio < 1 else "more"
    return (
        f"{share.group}: {share.share:.0%} agree, against {everyone.share:.0%} of all "
        f"respondents (ratio {ratio:.2f}, {side} than the 0.8 to 1.25 band allows)"
    )


def _table(results: SurveyResults, by: str, questions: list[str]) -> tuple[Table, list[str]]:
    columns = [agree_shares(results.breakdown(q, by)) for q in questions]
    rows, flags = [], []
    for index, group in enumerate(columns[0][:-1]):
        rows.append((group.group, *(column[index].text() for column in columns)))
        for number, column in enumerate(columns, 1):
            flag = disparity(column[index], column[-1])
            if flag:
                flags.append(f"Question {number}. {flag}.")
    rows.append(("All respondents", *(column[-1].text() for column in columns)))
    header = ("Group", *(f"Question {n}: share who agree" for n in range(1, len(questions) + 1)))
    return Table(header, tuple(rows)), flags


def _released(wb: Workbook) -> SurveyResults | None:
    """The report goes to stakeholders: the latest release's results, never live ones."""
    from ..survey.releases import published_results

    return published_results(wb)[1]


def by_group(wb: Workbook, results: SurveyResults | None = None) -> list[Block]:
    """Metrics by group (when any reading names a group), then agreement questions by
    each group, with intervals and flags."""
    from .metric_groups import metric_blocks

    metrics = metric_blocks(wb)
    survey = _survey_by_group(wb, results)
    if metrics and isinstance(survey[0], Placeholder):
        return metrics  # the Limits section says what the survey lacks
    if metrics:
        survey.insert(0, Heading("Survey results by group", 2))
    return metrics + survey


def _survey_by_group(wb: Workbook, results: SurveyResults | None) -> list[Block]:
    results = results or _released(wb)
    if results is None:
        return [Placeholder("No survey results released yet (step 3.2).")]
    questions = [q.text for q in results.definition.questions if q.kind == "agreement"]
    groups = [q.text for q in results.definition.demographics]
    if not results.respondents or not questions or not groups:
        return [Placeholder("No survey results by group yet (step 3.2).")]
    blocks: list[Block] = [
        Paragraph(
            "Each table shows, for each group, the share of people who agree or strongly "
            "agree with a statement. Shares are of everyone in the group, including people "
            "who skipped the statement. " + INTERVAL
        ),
        BulletList(tuple(f"Question {n}: {q}" for n, q in enumerate(questions, 1))),
        Paragraph(DISPARITY),
    ]
    for by in groups:
        table, flags = _table(results, by, questions)
        blocks += [Heading(f"By: {by}", 2), table]
        if flags:
            blocks += [Paragraph("Beyond the band:"), BulletList(tuple(flags))]
        else:
            blocks.append(Paragraph("No group shown here is beyond the 0.8 to 1.25 band."))
    return blocks


def _span(days: list[str]) -> str:
    days = sorted(d[:10] for d in days if d)
    return f"from {long_date(days[0])} to {long_date(days[-1])}" if days else "with no dates"


def methods(wb: Workbook, results: SurveyResults | None = None) -> list[Block]:
    """Where the numbers come from, who collected them, and how groups are defined."""
    from ..survey.languages import LANGUAGE_QUESTION
    from ..survey.releases import released_responses

    blocks: list[Block] = []
    metrics = [m for m in wb.get("reevaluate", "metrics", []) if m.get("metric")]
    readings = wb.get("reevaluate", "readings", [])
    if metrics:
        from .metric_groups import grouped_readings

        items = []
        for m in metrics:
            mine = [
                r.get("date") or ""
                for r in readings
                if r.get("metric") == m["metric"] and not (r.get("group_by") or r.get("group"))
            ]
            who = m.get("owner") or "no one named"
            what = f"{m['metric']}: {m.get('definition') or 'no definition given'}."
            line = f"{what} Measured by {who}; {len(mine)} readings {_span(mine)}."
            items.append(line + grouped_readings(readings, m["metric"]))
        blocks += [Paragraph("Metrics (step 3.1), as the team defined and measured them:")]
        blocks.append(BulletList(tuple(items)))
    results = results or _released(wb)  # makes a release first when one is due
    _, stored = released_responses(wb)
    if stored and results is not None:
        d = results.definition
        form = sum(r.source == "form" for r in stored)
        # The counts by language go through the small-group rule like every other count.
        by_language = next(
            (x for x in results.distributions if x.question.text == LANGUAGE_QUESTION), None
        )
        spoken = (
            ", ".join(
                f"{label} {'hidden (protects a small group)' if c.hidden else c.count}"
                for label, c in zip(by_language.labels, by_language.cells, strict=True)
                if c.hidden or c.count
            )
            if by_language
            else "English only"
        )
        span = _span([r.submitted_at for r in stored])
        blocks.append(
            Paragraph(
                f"Survey (step 3.2): {len(stored)} responses {span}; {form} through the "
                f"online form and {len(stored) - form} typed in from paper or another tool. "
                f"By the language of the form: {spoken}."
            )
        )
        asked = "; ".join(q.text for q in d.demographics if q.text != LANGUAGE_QUESTION)
        blocks.append(
            Paragraph(
                "Groups are what respondents said about themselves, in the optional questions "
                f"about the respondent ({asked or 'none'}), and the language of the form they "
                'used. People who chose "Prefer not to say" or skipped a question form their '
                "own group, so every table adds up to all respondents."
            )
        )
    return blocks or [Placeholder("No metrics or survey responses yet.")]


def limits(wb: Workbook, results: SurveyResults | None = None) -> list[Block]:
    """What the numbers cannot show, in plain words."""
    from .metric_groups import metric_limit

    results = results or _released(wb)
    items = [
        "The survey reached the people who chose to answer. We do not know how many were "
        "asked, so the response rate is unknown, and the people who did not answer may "
        "think differently.",
        "Differences between groups show who answered how. They do not show why, or "
        "whether the coalition's work caused them.",
        metric_limit(wb),
    ]
    if results is not None and results.respondents:
        hidden, cells = results.suppressed()
        items.insert(
            1,
            f"Groups smaller than {results.policy.minimum} are hidden ({results.policy.rule}), "
            f"and so is any count that could reveal one: {hidden} of {cells} cells. A hidden "
            "group is not compared, so the smallest groups, often the ones most at risk, "
            "are the least visible.",
        )
        skipped = _skipped(results)
        if skipped:
            items.append("Questions about the respondent left blank or declined: " + skipped + ".")
    return [BulletList(tuple(items))]


def _skipped(results: Any) -> str:
    from ..survey.languages import LANGUAGE_QUESTION

    parts = []
    for dist in results.distributions:
        if not dist.question.demographic:
            continue
        hidden = [
            c
            for label, c in zip(dist.labels, dist.cells, strict=True)
            if label in ("No answer", "Prefer not to say")
        ]
        if not hidden or dist.question.text == LANGUAGE_QUESTION:
            continue
        if all(c.count is not None for c in hidden) and results.respondents:
            share = sum(c.count or 0 for c in hidden) / results.respondents
            parts.append(f"{dist.question.text} {share:.0%}")
        else:
            parts.append(f"{dist.question.text} (hidden: a small group)")
    return "; ".join(parts)
