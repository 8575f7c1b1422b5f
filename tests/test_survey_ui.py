"""The respondent's form and the team's survey panel, as Python objects (no browser)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
import sqlite3

import ipywidgets as w
import pytest

import guidelib
from guidelib.survey import count, responses, responses_path
from guidelib.survey.form import AGREEMENT, OPEN_MAX, PREFER_NOT
from guidelib.ui import survey as form_module
from guidelib.ui.panels import TOOLS, StepPanel
from guidelib.ui.survey import EMPTY, MISSING, NO_QUESTIONS, THANKS, UNKNOWN, survey_form
from guidelib.ui.survey_tools import SurveyPanel

from .conftest import copy_example

CONSENT = "We run this survey to hear from you.\nYou may skip any question."
QUESTIONS = [
    {"question": "I feel heard.", "kind": "agreement"},
    {"question": "How did you hear of us?", "kind": "single", "options": "Radio; A friend"},
    {"question": "What helped?", "kind": "multiple", "options": "Food; Rides; Legal help"},
    {"question": "Anything else?", "kind": "open"},
]
DEMOGRAPHICS = [{"question": "Your age?", "options": "Under 40; 40 or older"}]
NOW = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


@pytest.fixture
def team(folder) -> guidelib.Workbook:
    wb = guidelib.create_workbook("Form Team", folder)
    guidelib.create_workbook("Other Team With Secrets", folder)
    wb.set("policy-problem", "problem", "A confidential problem statement")
    wb.set("survey", "consent", CONSENT)
    wb.set("survey", "questions", QUESTIONS)
    wb.set("survey", "demographics", DEMOGRAPHICS)
    wb.save()
    return wb


def texts(widget: w.Widget) -> str:
    """Every piece of text a widget tree shows: HTML, labels, options."""
    parts = []
    for attr in ("value", "description", "placeholder", "tooltip"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            parts.append(value)
    parts += [str(o) for o in getattr(widget, "options", ()) or ()]
    for child in getattr(widget, "children", ()):
        parts.append(texts(child))
    return "\n".join(parts)


def html_values(widget: w.Widget) -> str:
    """The markup of every HTML widget in a tree."""
    own = widget.value if isinstance(widget, w.HTML) else ""
    return "\n".join([own, *(html_values(c) for c in getattr(widget, "children", ()))])


def fill(form) -> None:
    a = {answer.question.text: answer for answer in form.answers}
    a["I feel heard."].widget.value = 4
    a["How did you hear of us?"].widget.value = "A friend"
    a["What helped?"].boxes[0].value = True
    a["What helped?"].boxes[2].value = True
    a["Anything else?"].widget.value = "  =1+1 more rides  "
    a["Your age?"].widget.value = PREFER_NOT


def test_the_form_shows_the_survey_and_nothing_else(team):
    form = survey_form("form-team")
    shown = texts(form)
    assert "We run this survey to hear from you." in shown
    assert "1. I feel heard." in shown and "5. Your age? (optional)" in shown
    assert all(label in shown for label in AGREEMENT) and PREFER_NOT in shown
    assert "About you (optional)" in shown
    for secret in ("Form Team", "Other Team With Secrets", "other-team", "confidential problem"):
        assert secret not in shown
    assert str(team.path.parent) not in shown
    kinds = [type(a.widget).__name__ for a in form.answers]
    assert kinds == ["RadioButtons", "RadioButtons", "VBox", "Textarea", "RadioButtons"]
    assert form.answers[0].widget.options == tuple(
        (label, n) for n, label in enumerate(AGREEMENT, 1)
    )
    assert f"Up to {OPEN_MAX:,}" in form.answers[3].widget.placeholder
    assert not hasattr(form, "wb")  # the kernel keeps the survey, not the workbook


def test_every_input_has_a_label(team):
    form = survey_form("form-team")
    for answer in form.answers:
        for widget in answer.inputs():
            assert widget.description.strip(), answer.question.text
    assert form.send.description == "Send my answers"


def test_send_twice_stores_one_response_then_clears_the_form(team):
    form = survey_form("form-team")
    fill(form)
    first_id = form.response_id
    form.send.click()
    assert count(team) == 1
    assert form.status.text == THANKS
    assert form.collected() == {}  # cleared for the next person
    assert all(a.get() is None for a in form.answers)
    assert form.response_id != first_id
    form.send.click()  # the second click of a double-click
    assert count(team) == 1 and form.status.text == THANKS
    (stored,) = responses(team)
    assert stored.response_id == first_id and stored.source == "form"
    assert stored.answers == {
        "I feel heard.": 4,
        "How did you hear of us?": "A friend",
        "What helped?": ["Food", "Legal help"],
        "Anything else?": "=1+1 more rides",
        "Your age?": PREFER_NOT,
    }
    form.answers[0].widget.value = 2  # the next person starts: the thank-you goes
    assert form.status.text == ""
    form.send.click()
    assert count(team) == 2


def test_an_empty_form_is_not_sent(team):
    form = survey_form("form-team")
    form.send.click()
    assert form.status.text == EMPTY and count(team) == 0
    assert not responses_path(team).exists()


def test_clear_answer_unsets_a_radio(team):
    form = survey_form("form-team")
    radio = form.answers[1]
    radio.widget.value = "Radio"
    (clear,) = radio.parts
    clear.click()
    assert radio.widget.value is None and radio.get() is None


def test_a_too_long_answer_is_explained_and_the_form_kept(team):
    form = survey_form("form-team")
    form.answers[3].widget.value = "x" * (OPEN_MAX + 5)
    form.send.click()
    assert "Please keep it under 2,000" in form.status.text
    assert count(team) == 0 and form.answers[3].get()


def test_a_failed_save_keeps_the_form_and_its_id(team, monkeypatch):
    form = survey_form("form-team")
    fill(form)
    rid = form.response_id

    def busy(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(form_module, "submit", busy)
    form.send.click()
    assert form.status.text.startswith("Your answers could not be saved just now.")
    assert "Traceback" not in form.status.value and "locked" not in form.status.text
    assert form.response_id == rid and form.collected()
    monkeypatch.undo()
    form.send.click()
    form.send.click()
    assert count(team) == 1


@pytest.mark.parametrize(
    ("workbook", "query", "message"),
    [
        (None, "", MISSING),
        (None, "workbook=../../etc/passwd", UNKNOWN),
        (None, "workbook=no-such-team", UNKNOWN),
        ("no-such-team", "", UNKNOWN),
    ],
)
def test_a_bad_link_gets_one_plain_sentence(team, monkeypatch, workbook, query, message):
    monkeypatch.setenv("QUERY_STRING", query)
    form = survey_form(workbook)
    assert form.status.text == message
    assert form.answers == [] and "/" not in form.status.text


def test_the_address_names_the_survey(team, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "workbook=form-team")
    assert len(survey_form().answers) == 5


def test_a_survey_without_questions(folder):
    guidelib.create_workbook("Empty Team", folder)
    assert survey_form("empty-team").status.text == NO_QUESTIONS


# -- the team's panel -------------------------------------------------------------------------
def panel_text(panel) -> str:
    return re.sub(r"<[^>]+>", " ", texts(panel))


@pytest.fixture
def example_with_responses(example):
    from guidelib.examples.survey_responses import write

    write(example.parent)
    return guidelib.open_workbook(example)


def test_the_survey_tool_is_registered_beside_the_worksheet(team):
    assert "survey" in TOOLS
    panel = StepPanel(team, "survey")
    kinds = [type(c).__name__ for c in panel.children]
    assert "SurveyPanel" in kinds and "DocumentExport" in kinds


def test_panel_before_any_response(team):
    panel = SurveyPanel(team)
    html = panel.head.value
    assert 'href="survey.ipynb?workbook=form-team"' in html and "0 responses" in html
    assert panel.results.children == ()


def test_panel_with_the_example_responses(example_with_responses):
    wb = example_with_responses
    panel = SurveyPanel(wb)
    text = panel_text(panel)
    assert "400 responses" in text and "(339 from the form, 61 imported)" in text
    assert "suppressed" in text and "Suppressed means hidden" in text
    assert "may name or describe someone" in text
    charts = [c for c in panel.results.children if isinstance(c, w.Output)]
    assert len(charts) == 3  # agreement questions together, then each choice question
    boxes = [c for c in panel.results.children if isinstance(c, w.VBox)]
    assert isinstance(boxes[-1].children[0], w.Output)  # the breakdown's chart
    link = next(
        c.value
        for c in panel.results.children
        if "Download the results" in str(getattr(c, "value", ""))
    )
    data = base64.b64decode(re.search(r"base64,([^\"]+)\"", link).group(1)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert {"question", "answer", "breakdown", "group", "count", "percent", "note"} == set(rows[0])
    creole = [r for r in rows if r["group"] == "Haitian Creole" or r["answer"] == "Haitian Creole"]
    assert creole and all(r["count"] == "" for r in creole if r["note"] == "suppressed")


def test_panel_breakdown_follows_the_dropdowns(example_with_responses):
    panel = SurveyPanel(example_with_responses)
    dropdowns = [c for c in panel.results.children if isinstance(c, w.Dropdown)]
    question, by = dropdowns
    out = panel.results.children[panel.results.children.index(by) + 1]
    by.value = "Which language do you speak at home?"
    question.value = question.options[1]
    table = out.children[-1].value
    assert "Which language do you speak at home?" in table and "Haitian Creole" in table
    assert "suppressed" in table


def test_panel_imports_a_csv_and_reports_bad_rows(team):
    panel = SurveyPanel(team)
    data = b"I feel heard.,How did you hear of us?,Your age?\n4,Radio,Under 40\n9,Radio,\n2,TV,\n"
    panel.upload.value = (
        {
            "name": "paper.csv",
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": NOW,
        },
    )
    report = panel.report.value
    assert "1 imported" in report and "Row 3: " in report and "Row 4: " in report
    assert panel.upload.value == ()
    assert count(team) == 1 and "1 response" in panel.head.value
    bad = "Timestamp;Q1\n1;2\n".encode("utf-16")
    panel.upload.value = (
        {
            "name": "bad.csv",
            "type": "text/csv",
            "size": len(bad),
            "content": memoryview(bad),
            "last_modified": NOW,
        },
    )
    assert (
        "is not saved as UTF-8 text" in panel.report.value
        and 'class="gl-error"' in panel.report.value
    )


def test_panel_escapes_what_the_team_typed(folder):
    wb = guidelib.create_workbook("Escape Team", folder)
    hostile = "<img src=x onerror=alert(1)>"
    wb.set("survey", "questions", [{"question": hostile, "kind": "single", "options": "<b>; ok"}])
    wb.save()
    from guidelib.survey import submit

    for n in range(12):
        submit(wb, {hostile: "<b>"}, f"resp-{n:06d}")
    markup = html_values(SurveyPanel(wb))  # drop-down options are text, never markup
    assert hostile not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup


def test_the_committed_example_file_is_not_touched_by_the_panel(tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    wb = guidelib.open_workbook(copy_example(folder, responses=False))
    SurveyPanel(wb)
    assert not responses_path(wb).exists()  # reading never creates the file
