"""The survey definition read from a workbook, and the check every response passes."""

from __future__ import annotations

import pytest

from guidelib.survey.form import (
    AGREEMENT,
    OPEN_MAX,
    PREFER_NOT,
    SurveyError,
    check_answers,
    parse_options,
    survey_definition,
)
from guidelib.workbook.model import Workbook, new_document

QUESTIONS = [
    {"question": "I feel  heard.", "kind": "agreement", "options": "ignored; here"},
    {"question": "How did you hear of us?", "kind": "single", "options": "Radio; Friend;; Radio"},
    {"question": "What helped?", "kind": "multiple", "options": "Food; Rides; Legal help"},
    {"question": "Anything else?", "kind": "open"},
    {"question": "Only one choice", "kind": "single", "options": "Yes"},
    {"question": "I feel heard.", "kind": "agreement"},
    {"question": "", "kind": "open"},
]
DEMOGRAPHICS = [
    {"question": "Your age?", "options": "Under 40; 40 or older; Prefer not to say"},
    {"question": "Your town?", "options": ""},
]


def workbook(**survey) -> Workbook:
    wb = Workbook(new_document("Form Team", "form-team"))
    for field, value in survey.items():
        wb.set("survey", field, value)
    return wb


@pytest.fixture
def definition():
    return survey_definition(
        workbook(consent="We ask.", questions=QUESTIONS, demographics=DEMOGRAPHICS)
    )


def test_parse_options():
    assert parse_options(" a ;b;; a ; c  d ") == ("a", "b", "c d")
    assert parse_options(None) == ()


def test_definition_from_the_workbook(definition):
    assert definition.consent == "We ask."
    assert [(q.text, q.kind) for q in definition.questions] == [
        ("I feel heard.", "agreement"),
        ("How did you hear of us?", "single"),
        ("What helped?", "multiple"),
        ("Anything else?", "open"),
    ]
    assert definition.questions[0].options == AGREEMENT
    assert definition.questions[1].options == ("Radio", "Friend")
    (age,) = definition.demographics
    assert age.demographic and age.options == ("Under 40", "40 or older", PREFER_NOT)
    assert definition.number(age) == 5
    assert definition.policy == "cms"
    notes = " ".join(definition.notes)
    assert '"Only one choice" needs at least two choices' in notes
    assert '"I feel heard." is listed twice' in notes
    assert '"Your town?" has no choices yet' in notes


@pytest.mark.parametrize(
    ("policy", "size", "expected"),
    [("cms", None, "cms"), ("cdc", None, "cdc"), ("custom", 5, 5), ("custom", None, "cms")],
)
def test_policy(policy, size, expected):
    answers = {"min_cell_policy": policy} | ({"min_cell_size": size} if size else {})
    assert survey_definition(workbook(**answers)).policy == expected


def test_check_answers_normalises(definition):
    stored = check_answers(
        definition,
        {
            "Anything else?": "  Thanks\r\nall \x07 ",
            "What helped?": ["Legal help", "Food", "Food"],
            "I feel heard.": 5,
            "How did you hear of us?": "",
            "Your age?": PREFER_NOT,
        },
    )
    assert stored == {
        "I feel heard.": 5,
        "What helped?": ["Food", "Legal help"],
        "Anything else?": "Thanks\nall",
        "Your age?": PREFER_NOT,
    }
    assert list(stored) == ["I feel heard.", "What helped?", "Anything else?", "Your age?"]
    assert check_answers(definition, {}) == {}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"Who are you?": "x"}, '"Who are you?" is not a question of this survey.'),
        ({"I feel heard.": 6}, "must be a whole number from 1 (strongly disagree) to 5"),
        ({"I feel heard.": True}, "must be a whole number"),
        ({"I feel heard.": "4"}, "must be a whole number"),
        ({"How did you hear of us?": "TV"}, '"TV" is not one of the choices for "How did'),
        ({"What helped?": "Food"}, "must be a list of choices"),
        ({"What helped?": ["Food", "Cash"]}, '"Cash" is not one of the choices'),
        ({"Your age?": "Over 90"}, '"Over 90" is not one of the choices for "Your age?"'),
        ({"Anything else?": 42}, "must be text"),
        ({"Anything else?": "x" * (OPEN_MAX + 1)}, "2,001 characters long; please keep it"),
    ],
)
def test_check_answers_refuses_with_one_sentence(definition, answers, message):
    with pytest.raises(SurveyError) as info:
        check_answers(definition, answers)
    text = str(info.value)
    assert message in text and text.endswith(".") and "\n" not in text


def test_check_answers_needs_a_mapping(definition):
    with pytest.raises(SurveyError, match="must map each question"):
        check_answers(definition, ["I feel heard.", 3])
