"""Survey results shown to anyone but the team change only in releases
(`survey.releases`). Tested as an attacker: record what the dashboard and the impact
report say, add one response, look again: nothing changed. Only after the small-cell
number (11 under CMS) of new responses does a new release appear."""

from __future__ import annotations

import sqlite3
import threading

import pytest

import guidelib
from guidelib.cli import main
from guidelib.dashboard_page import survey_html
from guidelib.documents import build_document
from guidelib.survey.form import SurveyError, check_answers, survey_definition
from guidelib.survey.releases import BY_HAND, published_results, release, status
from guidelib.survey.store import count, new_response_id, responses_path, submit


def respond(wb, n: int) -> None:
    """`n` new responses, each with one checked answer that moves a published count."""
    q = next(q for q in survey_definition(wb).questions if q.closed)
    value = 1 if q.kind == "agreement" else q.options[-1]
    answers = check_answers(survey_definition(wb), {q.text: value})
    for _ in range(n):
        submit(wb, answers, new_response_id())


def impact_text(wb) -> str:
    return "\n".join(str(block) for block in build_document(wb, "impact-report").blocks)


@pytest.fixture
def ex(example):
    return guidelib.open_workbook(example)


@pytest.mark.slow
def test_one_new_response_changes_nothing_anyone_else_sees(ex):
    first = survey_html(ex)  # the first look makes release 1: 400 responses
    report = impact_text(ex)
    assert status(ex).latest.responses == 400 and "400 people answered." in first
    respond(ex, 1)
    assert count(ex) == 401
    assert survey_html(ex) == first and impact_text(ex) == report
    respond(ex, 9)  # 10 new: still one short of the CMS small-cell number
    assert survey_html(ex) == first and impact_text(ex) == report
    assert status(ex).waiting == 10 and status(ex).threshold == 11
    respond(ex, 1)  # the 11th
    after = survey_html(ex)
    assert after != first and "411 people answered." in after
    latest = status(ex).latest
    assert (latest.number, latest.responses, latest.reason) == (2, 411, "automatic")
    assert impact_text(ex) != report


@pytest.mark.slow
def test_two_releases_always_differ_by_at_least_the_small_cell_number(ex):
    sizes = []
    for step in (3, 5, 4, 12, 1, 10, 11):
        respond(ex, step)
        latest, _results = published_results(ex)
        sizes.append(latest.responses)
    releases = sorted(set(sizes))
    assert all(b - a >= 11 for a, b in zip(releases, releases[1:], strict=False))


@pytest.mark.slow
def test_the_team_sees_live_results_marked_not_yet_released(ex):
    from guidelib.ui.survey_tools import SurveyPanel

    survey_html(ex)
    respond(ex, 2)
    panel = SurveyPanel(ex)
    note = panel.release_note.value
    assert "not yet released" in note and "2 responses here are" in note
    assert "fewer than 11" in note  # releasing these by hand would single them out
    assert "402 responses" in panel.head.value  # live count
    panel.release_button.click()  # the team releases them by hand
    assert status(ex).waiting == 0 and status(ex).latest.reason == BY_HAND
    assert "402 people answered." in survey_html(ex)


def test_before_the_first_release_nothing_is_shown(wb):
    wb.set("survey", "questions", [{"question": "Was it useful?", "kind": "single",
                                    "options": "Yes; No"}])  # fmt: skip
    wb.save()
    respond(wb, 10)
    text = survey_html(wb)
    assert "first results will appear here once 11 people" in text and "Yes" not in text
    respond(wb, 1)
    assert "11 people answered." in survey_html(wb)


@pytest.mark.slow
def test_a_release_by_hand_from_the_command_line(ex, capsys):
    assert main(["survey", "release", str(ex.path)]) == 0  # the example ships released
    assert "Nothing to release" in capsys.readouterr().out
    respond(ex, 1)
    assert main(["survey", "release", str(ex.path)]) == 0
    out = capsys.readouterr().out
    assert "Release 2" in out and "401 responses (1 new)" in out and "fewer than 11" in out


def test_the_example_ships_released_so_looking_at_it_writes_nothing(ex):
    before = responses_path(ex).read_bytes()
    latest, results = published_results(ex)
    assert (latest.number, latest.responses, results.respondents) == (1, 400, 400)
    assert responses_path(ex).read_bytes() == before


@pytest.mark.slow
def test_releasing_at_the_same_moment_makes_one_release(ex):
    respond(ex, 3)
    made = []
    threads = [threading.Thread(target=lambda: made.append(release(ex))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len([m for m in made if m is not None]) == 1 and status(ex).latest.number == 2


def test_no_release_and_no_file_without_responses(wb):
    assert release(wb) is None and not responses_path(wb).exists()
    assert published_results(wb) == (None, None)


# A file with the responses file's name but another program's `responses` table.


@pytest.fixture
def foreign(wb):
    con = sqlite3.connect(responses_path(wb))
    con.execute("CREATE TABLE responses (id INTEGER, text TEXT)")
    con.execute("INSERT INTO responses VALUES (1, 'x')")
    con.commit()
    con.close()
    return wb


NOT_OURS = "is not a guidelib survey responses file"


def test_a_responses_table_with_other_columns_is_named_not_busy(foreign, capsys):
    for call in (lambda: count(foreign), lambda: submit(foreign, {}, new_response_id()),
                 lambda: status(foreign), lambda: release(foreign)):  # fmt: skip
        with pytest.raises(SurveyError, match=NOT_OURS) as caught:
            call()
        assert "busy" not in str(caught.value)
    assert main(["survey", "results", str(foreign.path)]) == 1
    err = capsys.readouterr().err
    assert NOT_OURS in err and "busy" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_the_same_release_is_protected_once_and_a_change_is_seen(ex):
    """Protecting the linked tables takes seconds, and one page asks several times: the
    results of one release are computed once. A new release, or a changed survey (here its
    small-cell rule), gives new results, never the cached ones."""
    first = published_results(ex)[1]
    assert published_results(ex)[1] is first
    respond(ex, 11)  # a new release
    second = published_results(ex)[1]
    assert second is not first and second.respondents == first.respondents + 11
    ex.set("survey", "min_cell_policy", "cdc")
    changed = published_results(ex)[1]
    assert changed is not second and changed.policy != second.policy
