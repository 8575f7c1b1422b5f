"""Who benefits: the impact report's results by group. Intervals against known values and
an independent formula, disparities flagged in words, small groups never estimated, and
Methods and Limits written from the workbook."""

from __future__ import annotations

import math

import pytest

import guidelib
from guidelib.documents import build_document, render_document
from guidelib.documents.impact_groups import by_group, limits, methods, wilson
from guidelib.documents.model import BulletList, Table
from guidelib.survey import survey_definition, survey_results
from guidelib.survey.store import submit

AGREE = "The program helps my family."
WHO = "Who are you?"


def wilson_by_hand(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson (1927), written out: the check does not share code with scipy."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_wilson_matches_newcombes_example_and_the_formula():
    low, high = wilson(81, 263)  # Newcombe (1998), Statistics in Medicine 17:857, table I
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    for k, n in ((0, 10), (10, 10), (1, 29), (15, 148), (221, 400), (3, 11)):
        assert wilson(k, n) == pytest.approx(wilson_by_hand(k, n), abs=1e-9)
    assert wilson(0, 10)[0] == pytest.approx(0.0, abs=1e-12)  # never below 0%


@pytest.fixture
def team(folder) -> guidelib.Workbook:
    wb = guidelib.create_workbook("Groups Team", folder)
    wb.set("survey", "questions", [{"question": AGREE, "kind": "agreement"}])
    wb.set("survey", "demographics", [{"question": WHO, "options": "A; B; C"}])
    wb.save()
    return wb


def answers(group: str, agree: int, disagree: int) -> list[dict]:
    return [{AGREE: 4, WHO: group}] * agree + [{AGREE: 2, WHO: group}] * disagree


def text_of(blocks) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Table):
            parts += [" | ".join(row) for row in block.rows]
        elif isinstance(block, BulletList):
            parts += block.items
        else:
            parts.append(getattr(block, "text", ""))
    return "\n".join(parts)


def test_disparities_beyond_the_band_are_flagged_in_words(team):
    rows = answers("A", 33, 11) + answers("B", 11, 44) + answers("C", 24, 26)
    results = survey_results(survey_definition(team), rows)  # CMS rule; no cell under 11
    text = text_of(by_group(team, results))
    low, high = wilson_by_hand(33, 44)
    assert f"A | 75% ({low:.0%} to {high:.0%}), 33 of 44" in text
    everyone = 68 / 149
    assert f"All respondents | {everyone:.0%}" in text
    ratio_a, ratio_b = 0.75 / everyone, 0.2 / everyone
    assert f"A: 75% agree, against 46% of all respondents (ratio {ratio_a:.2f}, more" in text
    assert f"B: 20% agree, against 46% of all respondents (ratio {ratio_b:.2f}, fewer" in text
    assert "C: " not in text  # 48% against 46%: inside the band
    assert "95% confidence interval (Wilson method)" in text


def test_a_small_group_is_hidden_not_estimated(team):
    rows = answers("A", 30, 15) + answers("B", 20, 25) + answers("C", 3, 2)
    results = survey_results(survey_definition(team), rows)
    table = next(b for b in by_group(team, results) if isinstance(b, Table))
    row = {r[0]: r[1] for r in table.rows}
    hidden = [g for g in "ABC" if row[g] == "hidden (protects a small group)"]
    # C (5 people) is hidden, and so is another group: everyone minus the groups shown
    # would otherwise give C's numbers.
    assert "C" in hidden and len(hidden) >= 2
    assert " 5 " not in f" {row['C']} " and "of 5" not in "".join(row.values())


def test_methods_and_limits_come_from_the_workbook(team):
    team.set(
        "reevaluate",
        "metrics",
        [{"metric": "Attendance", "definition": "Days attended", "owner": "Ana", "baseline": 80}],
    )
    team.set(
        "reevaluate", "readings", [{"metric": "Attendance", "date": "2026-06-30", "value": 81}]
    )
    team.set("survey", "languages", [{"code": "es", "name": "Español"}])
    team.save()
    for n in range(20):
        submit(team, {AGREE: 4, WHO: "A"}, f"en-{n:06d}", language="en")
    for n in range(3):
        submit(team, {AGREE: 2, WHO: "B"}, f"es-{n:06d}", language="es")
    text = text_of(methods(team))
    assert "Attendance: Days attended. Measured by Ana; 1 readings from 30 June 2026" in text
    assert "Survey (step 3.2): 23 responses" in text
    hidden = "hidden (protects a small group)"
    assert f"English {hidden}, Español {hidden}" in text  # 3 in Spanish: both hidden
    assert WHO in text and "language of the form" in text
    said = text_of(limits(team))
    assert "response rate is unknown" in said and "Groups smaller than 11 are hidden" in said
    assert "do not show why" in said


def test_the_impact_report_has_the_new_sections(team, tmp_path):
    doc = build_document(team, "impact-report")
    headings = [getattr(b, "text", "") for b in doc.blocks if type(b).__name__ == "Heading"]
    for name in ("Who benefits: results by group", "Methods", "Limits"):
        assert name in headings
    html, _ = render_document(team, "impact-report", "html")
    assert b"Limits" in html
