"""The worked example's fictional survey responses: the committed file holds exactly what
the seeded generator makes, the answers fit the survey, and small groups exist."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from guidelib.examples import survey_responses
from guidelib.examples.__main__ import main as examples_main
from guidelib.survey import check_answers, responses
from guidelib.survey.form import PREFER_NOT
from guidelib.survey.store import responses_path

from .conftest import EXAMPLE

COMMITTED = responses_path(EXAMPLE)
REGENERATE = "Run `python -m guidelib.examples survey-responses` to regenerate it."


@pytest.fixture(scope="module")
def generated():
    return survey_responses.generate()


def test_the_committed_file_holds_exactly_the_generated_responses(generated):
    assert COMMITTED.is_file(), f"{COMMITTED} is missing. {REGENERATE}"
    stored = [
        (r.response_id, r.submitted_at, r.source, r.answers, r.language)
        for r in responses(EXAMPLE)
    ]
    assert stored == sorted(generated, key=lambda r: (r[1], r[0])), REGENERATE
    assert not Path(f"{COMMITTED}-wal").exists()  # reading left nothing beside it


def test_the_committed_file_is_a_single_file_in_rollback_mode():
    header = COMMITTED.read_bytes()[:20]
    assert header.startswith(b"SQLite format 3\x00")
    assert header[18:20] == b"\x01\x01"  # not WAL: nothing to commit beside it


def test_the_generator_is_deterministic_and_writes_the_same_rows(generated, tmp_path):
    assert survey_responses.generate() == generated
    assert examples_main(["survey-responses", "--out", str(tmp_path)]) == 0
    rows = [
        (r.response_id, r.submitted_at, r.source, r.answers, r.language)
        for r in responses(tmp_path / EXAMPLE.name)
    ]
    assert rows == sorted(generated, key=lambda r: (r[1], r[0]))
    assert [p.name for p in tmp_path.iterdir()] == ["example-kinship-care.responses.sqlite"]


def test_the_answers_fit_the_survey_and_small_groups_exist(generated):
    definition = survey_responses.definition()
    assert len(generated) == survey_responses.N == 400
    assert all(check_answers(definition, answers) == answers for _, _, _, answers, _ in generated)
    language = Counter(a.get("Which language do you speak at home?") for *_, a, _ in generated)
    relation = Counter(a.get("What is your relationship to the child?") for *_, a, _ in generated)
    assert 0 < language["Haitian Creole"] < 11 and 0 < relation["Older sibling"] < 11
    assert language[PREFER_NOT] > 0 and language[None] > 0
    assert Counter(source for _, _, source, _, _ in generated)["import"] > 0
    forms = Counter(lang for *_, lang in generated)
    assert forms["es"] > 50 and forms["en"] > 200 and set(forms) == {"en", "es"}
    spanish = [a for *_, a, lang in generated if lang == "es"]
    assert all(a.get("Which language do you speak at home?") == "Spanish" for a in spanish)


def test_written_answers_name_no_one(generated):
    texts = {
        a.get("What should the collaborative start doing, stop doing or do better?")
        for *_, a, _ in generated
    } - {None}
    assert texts <= {*survey_responses.COMMENTS, *survey_responses.COMMENTS_ES}
    assert len(texts) > 10 and texts & set(survey_responses.COMMENTS_ES)
    for text in texts:
        assert "@" not in text and not any(ch.isdigit() for ch in text.replace("two", ""))
