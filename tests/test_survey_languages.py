"""The survey in other languages: answers in every language pool under the same choice,
an incomplete translation is reported item by item and not offered, each response keeps
its language (old files gain the column), results break down by language with small
groups hidden, imports take a language column, and the instrument exports in Spanish."""

from __future__ import annotations

import io
import sqlite3

import docx
import pytest

import guidelib
from guidelib.cli import main
from guidelib.examples import survey_es
from guidelib.survey import responses, responses_path, survey_definition, survey_results
from guidelib.survey.form import PREFER_NOT
from guidelib.survey.importer import import_csv
from guidelib.survey.languages import (
    LANGUAGE_QUESTION,
    offered,
    translation_report,
    with_language,
)
from guidelib.survey.results import workbook_results
from guidelib.survey.store import submit
from guidelib.ui.survey import survey_form

from .conftest import copy_example

USEFUL = "Was the meeting useful?"
AGE = "Your age?"
SPANISH = [
    (USEFUL, "¿Le sirvió la reunión?"),
    ("Yes", "Sí"),
    ("No", "No"),
    (AGE, "¿Su edad?"),
    ("Under 40", "Menos de 40"),
    ("40 or older", "40 o más"),
]


@pytest.fixture
def team(folder) -> guidelib.Workbook:
    wb = guidelib.create_workbook("Lang Team", folder)
    wb.set("survey", "consent", "We ask how the meeting went.")
    wb.set("survey", "questions", [{"question": USEFUL, "kind": "single", "options": "Yes; No"}])
    wb.set("survey", "demographics", [{"question": AGE, "options": "Under 40; 40 or older"}])
    wb.set("survey", "languages", [{"code": "es", "name": "Español", "consent": "Preguntamos."}])
    rows = [{"language": "es", "original": o, "translation": t} for o, t in SPANISH]
    wb.set("survey", "translations", rows)
    wb.save()
    return wb


def radio(form, question: str):
    return next(a for a in form.answers if a.question.text == question).widget


def test_a_spanish_and_an_english_answer_count_under_the_same_choice(team):
    spanish = survey_form("lang-team", lang="es")
    assert [label for label, _ in radio(spanish, USEFUL).options] == ["Sí", "No"]
    assert radio(spanish, USEFUL).description == "1. ¿Le sirvió la reunión?"
    assert "Prefiero no decirlo" in [label for label, _ in radio(spanish, AGE).options]
    assert spanish.send.description == "Enviar mis respuestas"
    radio(spanish, USEFUL).value = "Yes"  # the value behind "Sí"
    spanish.send.click()
    assert spanish.status.text.startswith("Gracias.")
    english = survey_form("lang-team")
    assert [label for label, _ in radio(english, USEFUL).options] == ["Yes", "No"]
    radio(english, USEFUL).value = "Yes"
    english.send.click()

    stored = responses(team)
    assert sorted((r.language, r.answers[USEFUL]) for r in stored) == [("en", "Yes"), ("es", "Yes")]
    definition, answers = with_language(
        survey_definition(team), [r.answers for r in stored], [r.language for r in stored]
    )
    results = survey_results(definition, answers, policy=1)  # show every count
    useful = next(d for d in results.distributions if d.question.text == USEFUL)
    assert useful.labels[:2] == ["Yes", "No"]
    assert [c.count for c in useful.cells[:2]] == [2, 0]  # one each, the same choice
    by_language = results.breakdown(USEFUL, LANGUAGE_QUESTION)
    assert by_language.groups[:2] == ["English", "Español"]
    assert [row[0].count for row in by_language.cells[:2]] == [1, 1]


def test_an_incomplete_translation_is_reported_and_not_offered(team, monkeypatch):
    rows = [r for r in team.get("survey", "translations") if r["original"] != "40 or older"]
    team.set("survey", "translations", rows)
    team.save()
    definition = survey_definition(team)
    assert [lang.code for lang in offered(definition)] == ["en"]
    (line,) = translation_report(definition)
    assert "Español (es): not offered yet" in line and '"40 or older"' in line
    assert "1 part still needs a translation" in line
    monkeypatch.setenv("QUERY_STRING", "workbook=lang-team&lang=es")
    form = survey_form()
    assert form.lang.code == "en" and radio(form, USEFUL).description.startswith("1. Was")
    assert not hasattr(form, "language")  # no chooser with one language


def test_the_address_preselects_a_language_and_switching_keeps_answers(team, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "workbook=lang-team&lang=es")
    form = survey_form()
    assert form.language.value == "es" and [o[0] for o in form.language.options] == [
        "English",
        "Español",
    ]
    radio(form, USEFUL).value = "No"
    form.language.value = "en"
    assert radio(form, USEFUL).description.startswith("1. Was")
    assert radio(form, USEFUL).value == "No"  # kept across the switch
    assert form.send.description == "Send my answers"
    form.send.click()
    assert responses(team)[-1].language == "en"


def test_results_by_language_hide_small_groups(team):
    for n in range(30):
        submit(team, {USEFUL: "Yes"}, f"en-{n:06d}", language="en")
    for n in range(3):
        submit(team, {USEFUL: "No"}, f"es-{n:06d}", language="es")
    results = workbook_results(team)  # the CMS rule: 1 to 10 hidden
    languages = next(d for d in results.distributions if d.question.text == LANGUAGE_QUESTION)
    shown = dict(zip(languages.labels, languages.cells, strict=True))
    assert shown["English"].hidden and shown["Español"].hidden  # 3 hidden; 30 = 33 - 3
    assert languages.total.count == 33
    row = results.breakdown(USEFUL, LANGUAGE_QUESTION).cells[1]  # Español
    assert all(c.hidden or c.count == 0 for c in row)


def test_old_responses_files_are_read_unchanged_and_gain_the_column_on_write(team):
    path = responses_path(team)
    with sqlite3.connect(path) as con:
        con.execute(
            "CREATE TABLE responses (response_id TEXT PRIMARY KEY, submitted_at TEXT NOT NULL,"
            " source TEXT NOT NULL CHECK (source IN ('form', 'import')), answers TEXT NOT NULL)"
        )
        con.execute(
            "INSERT INTO responses VALUES ('old-000001', '2026-01-01T00:00:00Z', 'form', ?)",
            ('{"Was the meeting useful?": "No"}',),
        )
    con.close()
    before = path.read_bytes()
    assert [(r.answers, r.language) for r in responses(team)] == [({USEFUL: "No"}, None)]
    assert path.read_bytes() == before  # reading changed nothing
    submit(team, {USEFUL: "Yes"}, "new-000001", language="es")
    assert [r.language for r in responses(team)] == [None, "es"]
    languages = next(
        d for d in workbook_results(team, 1).distributions if d.question.text == LANGUAGE_QUESTION
    )
    assert "Not recorded" in languages.labels
    with pytest.raises(guidelib.errors.GuidelibError, match="not a language code"):
        submit(team, {USEFUL: "Yes"}, "bad-000001", language="es'; DROP TABLE responses")


def test_an_import_takes_a_language_column(team):
    data = (
        "Was the meeting useful?,Language\nYes,es\nNo,Español\nYes,English\nNo,\nYes,Klingon\n"
    ).encode()
    report = import_csv(team, survey_definition(team), data, "paper.csv")
    assert report.imported == 4 and report.bad_rows[0][0] == 6
    assert "Klingon" in report.bad_rows[0][1] and "es (Español)" in report.bad_rows[0][1]
    languages = sorted((r.language or "") for r in responses(team))
    assert languages == ["", "en", "es", "es"]
    mapped = b"Useful,Idioma\nYes,es\n"
    definition = survey_definition(team)
    mapping = {"Useful": USEFUL, "Idioma": "language"}
    report = import_csv(team, definition, mapped, "mapped.csv", mapping)
    assert report.imported == 1
    assert sorted((r.language or "") for r in responses(team)).count("es") == 3


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_instrument_exports_in_spanish(team, tmp_path, fmt, capsys):
    target = tmp_path / f"survey-es.{fmt}"
    argv = ["export", str(team.path), "--doc", "survey", "--format", fmt, "--lang", "es"]
    assert main([*argv, "-o", str(target)]) == 0
    if fmt == "docx":
        document = docx.Document(io.BytesIO(target.read_bytes()))
        text = "\n".join(p.text for p in document.paragraphs)
        assert document.core_properties.language == "es"
    else:
        text = target.read_text(encoding="utf-8")
    for spanish in (
        "Encuesta",
        "¿Le sirvió la reunión?",
        "Sí",
        "Prefiero no decirlo",
        "Preguntamos.",
    ):
        assert spanish in text
    assert "Was the meeting useful?" not in text and "Prefer not to say" not in text
    if fmt == "html":
        assert '<html lang="es">' in text


def test_export_refusals_are_one_sentence(team, tmp_path, capsys):
    base = ["export", str(team.path), "--format", "md", "-o", str(tmp_path / "x.md")]
    for extra, words in (
        (["--doc", "survey", "--lang", "fr"], "has no language 'fr'; it has: en, es"),
        (["--doc", "charter", "--lang", "es"], "Only the survey can be written"),
    ):
        assert main([*base, *extra]) == 1
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1
    team.set("survey", "translations", team.get("survey", "translations")[:-1])
    team.save()
    assert main([*base, "--doc", "survey", "--lang", "es"]) == 1
    assert '"40 or older"' in capsys.readouterr().err


def test_the_worked_example_offers_a_complete_spanish_form(folder):
    wb = guidelib.open_workbook(copy_example(folder, responses=False))
    definition = survey_definition(wb)
    assert [lang.code for lang in offered(definition)] == ["en", "es"]
    spanish = definition.languages[0]
    assert spanish.missing == () and survey_es.NOTE in spanish.consent  # marked fictional
    assert spanish.text(PREFER_NOT) == PREFER_NOT  # the form's own words: from the catalog
    english = {q.text for q in definition.all}
    assert english <= set(survey_es.TEXTS)


def test_the_worksheet_check_names_each_missing_part(team):
    from guidelib.checks import run_checks

    assert [f for f in run_checks(team) if f.field == "translations"] == []
    rows = [r for r in team.get("survey", "translations") if r["original"] not in ("Yes", AGE)]
    team.set("survey", "translations", rows)
    (finding,) = [f for f in run_checks(team) if f.field == "translations"]
    assert finding.step == "survey" and finding.level == "warning"
    assert '2 parts still need a translation: "Yes"; "Your age?".' in finding.message
