"""Every field type: accepted forms, stored forms, and plain errors naming step and field."""

from __future__ import annotations

import datetime as dt

import pytest

from guidelib.content import GUIDEBOOK
from guidelib.errors import AnswerError
from guidelib.workbook.values import check_value, is_empty


def check(step_id: str, field_id: str, value):
    step = GUIDEBOOK.step(step_id)
    return check_value(step, step.field(field_id), value)


@pytest.mark.parametrize(
    ("step", "field", "given", "stored"),
    [
        ("policy-problem", "problem", "Kids miss school", "Kids miss school"),
        ("policy-problem", "problem", "line\r\nbreak\x00\x07", "line break"),  # one line
        ("charter", "vision", "line\r\nbreak\ttab\x00", "line\nbreak\ttab"),  # long text keeps them
        ("policy-problem", "affected", "a" * 20_000, "a" * 20_000),
        ("charter", "decision_rule", "consensus", "consensus"),
        ("charter", "decision_rule", "Majority vote", "majority"),  # a label maps to its id
        (
            "charter",
            "principles",
            ["purpose", "We protect data at every step", "Our own"],
            ["purpose", "security", "Our own"],
        ),
        ("charter", "principles", ("purpose", "purpose", "  "), ["purpose"]),
        ("charter", "term_months", "24", 24),
        ("charter", "term_months", 12.0, 12),
        (
            "reevaluate",
            "metrics",
            [{"metric": "Attendance", "baseline": "88.5", "target": 92}],
            [{"metric": "Attendance", "baseline": 88.5, "target": 92}],
        ),
        ("charter", "review_date", "2027-01-31", "2027-01-31"),
        ("charter", "review_date", dt.date(2027, 1, 31), "2027-01-31"),
        (
            "stakeholders",
            "register",
            [{"name": "Ana", "influence": "4", "interest": 5.0}],
            [{"name": "Ana", "influence": 4, "interest": 5}],
        ),
        (
            "capacity",
            "inventory",
            [{"dataset": "Attendance", "personal_data": True, "rules": ["ferpa", "State law"]}],
            [{"dataset": "Attendance", "personal_data": True, "rules": ["ferpa", "state-law"]}],
        ),
        (
            "launch",
            "milestones",
            [{"milestone": "Kick-off", "done": False}],
            [{"milestone": "Kick-off", "done": False}],
        ),
    ],
)
def test_values_are_stored_in_their_normal_form(step, field, given, stored):
    assert check(step, field, given) == stored


@pytest.mark.parametrize("empty", [None, "", "   ", []])
def test_empty_values_clear_the_answer(empty):
    field = "register" if isinstance(empty, list) and empty else "problem"
    step = "stakeholders" if field == "register" else "policy-problem"
    assert check(step, field, empty) is None
    assert is_empty(empty)


@pytest.mark.parametrize(
    ("step", "field", "value", "message"),
    [
        (
            "policy-problem",
            "problem",
            42,
            '"The problem in one sentence" (step 1.1, Start with the policy problem) must be text.',
        ),
        ("policy-problem", "problem", "x" * 301, "is too long (301 characters; the limit is 300)"),
        ("policy-problem", "affected", "x" * 20_001, "the limit is 20,000"),
        ("charter", "decision_rule", "dictator", 'must be one of "Consensus", '),
        ("charter", "meeting_cadence", ["monthly"], "must be one of"),
        ("agreement", "prohibited_uses", [7], "must list choices as text"),
        ("governance", "security", ["gdpr"], "has 'gdpr', which is not one of"),
        ("governance", "security", "encryption-rest", "must be a list of choices"),
        ("governance", "raci", {"approve-request": {"Ana": "boss"}}, "has 'boss' in"),
        ("governance", "raci", {"vote": {"Ana": "a"}}, "has an unknown row 'vote'"),
        ("governance", "raci", ["a"], "must map each row to its cells"),
        ("charter", "term_months", "two years", "must be a number"),
        ("charter", "term_months", 6.5, "must be a whole number"),
        ("charter", "term_months", 0, "must be from 1 to 120"),
        ("charter", "term_months", 10**15, "is too large"),
        ("charter", "term_months", float("nan"), "must be a number"),
        ("charter", "term_months", True, "must be a number"),
        ("until-minimal", "threshold", -1, "must be at least 0"),
        ("charter", "review_date", "31/01/2027", "must be a date written as YYYY-MM-DD"),
        ("charter", "review_date", "2027-02-30", "is not a real date (2027-02-30)"),
        ("charter", "review_date", "1066-10-14", "between the years 1900 and 2200"),
        (
            "stakeholders",
            "register",
            [{"name": "A", "influence": 6}],
            '"Influence" in row 1 of "Stakeholder register" (step 1.2, Identify stakeholders) '
            "must be a whole number from 1 to 5.",
        ),
        (
            "stakeholders",
            "register",
            [{"name": "A"}, {"name": "B", "influence": "high"}],
            "in row 2 of",
        ),
        ("stakeholders", "register", [{"name": "A", "salary": 1}], "unknown column 'salary'"),
        ("stakeholders", "register", ["just text"], "Row 1 of"),
        ("stakeholders", "register", "a table", "must be a list of rows"),
        ("stakeholders", "register", [{"name": str(i)} for i in range(201)], "201 rows; the limit"),
        ("launch", "milestones", [{"milestone": "x", "done": "yes"}], "must be yes or no"),
    ],
)
def test_bad_values_get_one_plain_sentence(step, field, value, message):
    with pytest.raises(AnswerError) as info:
        check(step, field, value)
    text = str(info.value)
    assert message in text
    assert text.endswith(".") and "\n" not in text and "Traceback" not in text


def test_hostile_text_is_kept_as_typed_not_interpreted():
    for text in (
        "<script>alert(1)</script>",
        '=HYPERLINK("http://x")',
        "../../etc/passwd",
        "مرحبا بالعالم",
        "\u2067reversed\u2069",  # isolates are the safe way to mix directions: kept
        "{{ 7*7 }}",
    ):
        assert check("policy-problem", "problem", text) == text
