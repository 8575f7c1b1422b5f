"""Survey charts: drawn from published figures only, user text escaped, empty states."""

from __future__ import annotations

import json

from guidelib.charts.survey import (
    HIDDEN,
    agreement_chart,
    breakdown_chart,
    choice_chart,
    distribution_charts,
)
from guidelib.survey.form import AGREEMENT, PREFER_NOT, Question, SurveyDefinition
from guidelib.survey.results import survey_results

AGREE = Question("I feel heard.", "agreement", AGREEMENT)
PICK = Question("<b>Which</b> bus?", "single", ("<i>7</i>", "12"))
MANY = Question("Help?", "multiple", ("Food", "Rides"))
LANG = Question("Language?", "single", ("English", "Creole", PREFER_NOT), True)
DEFINITION = SurveyDefinition("", (AGREE, PICK, MANY), (LANG,))
ANSWERS = (
    [{AGREE.text: 4, PICK.text: "12", MANY.text: ["Food"], LANG.text: "English"}] * 30
    + [{AGREE.text: 2, PICK.text: "<i>7</i>", MANY.text: ["Rides"], LANG.text: "English"}] * 20
    + [{AGREE.text: 1, PICK.text: "12", LANG.text: "Creole"}] * 3
)


def spec(fig) -> str:
    return json.dumps(fig.to_plotly_json(), default=str)


def test_agreement_chart_shows_published_shares_and_one_suppressed_segment():
    results = survey_results(DEFINITION, ANSWERS)
    fig = agreement_chart(results)
    names = [t.name for t in fig.data]
    assert names == [*AGREEMENT, "No answer", HIDDEN]
    agree = fig.data[AGREEMENT.index("Agree")]
    assert agree.x == (round(100 * 30 / 53, 1),)
    assert fig.data[0].x == (None,)  # 3 strongly disagree: suppressed, not drawn
    hidden = fig.data[-1].x[0]
    assert hidden == round(100 - sum(t.x[0] or 0 for t in fig.data[:-1]), 1) and hidden > 0


def test_user_text_is_escaped():
    results = survey_results(DEFINITION, ANSWERS)
    text = spec(choice_chart(results, PICK.text)) + spec(
        breakdown_chart(results, results.breakdown(PICK.text, LANG.text))
    )
    assert "<b>Which" not in text and "<i>7" not in text
    assert "&lt;b&gt;Which&lt;/b&gt; bus?" in text and "&lt;i&gt;7&lt;/i&gt;" in text


def test_a_suppressed_choice_is_labelled():
    """4 chose Legal: suppressed. 36 of 40 chose Rides, so 4 did not: a small group too."""
    legal = Question("Help?", "multiple", ("Food", "Rides", "Legal"))
    answers = [{"Help?": ["Food", "Rides"]}] * 36 + [{"Help?": ["Food", "Legal"]}] * 4
    results = survey_results(SurveyDefinition("", (legal,), ()), answers)
    fig = choice_chart(results, "Help?")
    bars = dict(zip(fig.data[0].y, fig.data[0].text, strict=True))
    assert bars == {
        "Food": "40 (100%)",
        "Rides": "suppressed",
        "Legal": "suppressed",
        "No answer": "0 (0%)",
    }
    assert dict(zip(fig.data[0].y, fig.data[0].x, strict=True))["Legal"] == 0
    assert "more than 100%" in fig.layout.title.subtitle.text


def test_a_group_too_small_to_show_is_one_hatched_bar():
    results = survey_results(DEFINITION, ANSWERS)
    fig = breakdown_chart(results, results.breakdown(AGREE.text, LANG.text))
    hidden = next(t for t in fig.data if t.name == HIDDEN)
    shares = dict(zip(hidden.y, hidden.x, strict=True))
    assert shares["Creole"] == 100.0
    assert "By: Language?" in fig.layout.title.subtitle.text
    multiple = breakdown_chart(results, results.breakdown(MANY.text, LANG.text))
    assert {t.name for t in multiple.data} >= {"English", "Total"}


def test_empty_states():
    results = survey_results(DEFINITION, [])
    for fig in distribution_charts(results):
        assert "No responses yet" in fig.layout.annotations[0].text
    none = survey_results(SurveyDefinition("", (PICK,), ()), ANSWERS)
    assert "Add an agreement question" in agreement_chart(none).layout.annotations[0].text
    assert len(distribution_charts(none)) == 1
