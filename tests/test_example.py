"""The worked example: the committed file matches its source, opens, validates, is complete
where it should be, is marked fictional, and says what the guidebook's example should say."""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from pathlib import Path

import pytest

import guidelib
from guidelib.checks import run_checks
from guidelib.errors import AnswerError
from guidelib.examples import build_document, kinship_care
from guidelib.examples.__main__ import main as examples_main
from guidelib.workbook.progress import COMPLETE
from guidelib.workbook.store import encode

from .conftest import EXAMPLE

REGENERATE = "Run `python -m guidelib.examples` to regenerate it."


@pytest.fixture(scope="module")
def doc() -> dict:
    return build_document()


def rows(wb: guidelib.Workbook, step: str, field: str) -> list[dict]:
    value = wb.get(step, field)
    assert isinstance(value, list) and value, f"{step}.{field} has no rows"
    return value


# (a) the committed file and the Python source agree --------------------------------------
def test_committed_file_equals_build_document(doc: dict) -> None:
    assert EXAMPLE.is_file(), f"{EXAMPLE} is missing. {REGENERATE}"
    assert json.loads(EXAMPLE.read_text(encoding="utf-8")) == doc, REGENERATE
    assert EXAMPLE.read_bytes() == encode(doc), f"The file's formatting drifted. {REGENERATE}"


def test_build_document_is_deterministic(doc: dict) -> None:
    assert build_document() == doc
    assert encode(build_document()) == encode(doc)


def test_main_writes_the_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert examples_main([str(out)]) == 0
    written = out / "example-kinship-care.json"
    assert capsys.readouterr().out.strip() == str(written)
    assert written.read_bytes() == EXAMPLE.read_bytes()


def test_invalid_answer_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = copy.deepcopy(kinship_care.ANSWERS)
    answers["stakeholders"]["register"][0]["influence"] = 7
    monkeypatch.setattr(kinship_care, "ANSWERS", answers)
    with pytest.raises(AnswerError, match="Influence"):
        build_document()


def test_history_is_a_plausible_log(doc: dict) -> None:
    history = doc["history"]
    assert history[0]["action"] == "create" and history[0]["revision"] == 0
    assert 20 <= len(history) <= 150
    revisions = [e["revision"] for e in history]
    assert revisions == sorted(revisions)
    assert sorted(set(revisions)) == list(range(revisions[-1] + 1))  # up by one per save
    assert doc["revision"] == revisions[-1]
    times = [e["at"] for e in history]
    assert times == sorted(times)
    assert all(t.startswith("2026-") and "2026-01" <= t[:7] <= "2026-10" for t in times)
    sets = [e for e in history if e["action"] == "set"]
    assert {(e["step"], e["field"]) for e in sets} == {
        (s, f) for s, fields in doc["answers"].items() for f in fields
    }
    assert all(isinstance(e["who"], str) and e["who"] for e in history)


# (b) it opens and validates --------------------------------------------------------------
def test_opens_and_has_no_errors_or_warnings(kinship: guidelib.Workbook) -> None:
    assert kinship.slug == "example-kinship-care"
    assert not kinship.notices
    assert run_checks(kinship) == []  # every check, including the cross-step ones


def test_the_parties_sign_and_have_roles(kinship: guidelib.Workbook) -> None:
    """The county (through its data office) receives and links the data and signs; every
    provider signs through someone with recorded authority to bind it."""
    parties = {r["party"]: r for r in rows(kinship, "agreement", "parties")}
    county = parties[kinship_care.COUNTY]
    assert {"recipient", "integrator"} <= set(county["roles"])
    assert all(r["contact"] for r in parties.values())
    signers = {r["party"]: r for r in rows(kinship, "agreement", "signatories")}
    assert set(signers) == set(parties)
    assert all(r["authority"] for r in signers.values())
    assert "Commissioner" not in " ".join(r["title"] for r in signers.values())
    assert {r["organization"] for r in rows(kinship, "agreement", "users")} <= set(parties)


def test_each_data_set_is_under_its_own_law(kinship: guidelib.Workbook) -> None:
    rules = {(r["dataset"], r["regime"]) for r in rows(kinship, "agreement", "dataset_rules")}
    assert rules == {
        ("Student attendance and enrollment", "ferpa-studies"),
        ("Kinship placements", "child-welfare"),
        ("Kinship placements", "state-statute"),
        ("Juvenile referrals and diversion", "state-statute"),
        ("Caregiver intake and services", "consent"),
    }
    cited = [r.get("citation", "") for r in rows(kinship, "agreement", "dataset_rules")]
    assert any("Fla. Stat. 39.202" in c for c in cited)
    assert any("Fla. Stat. 985.04" in c for c in cited)
    assert not any(r == "state-other" for _, r in rules)


# (c) progress ----------------------------------------------------------------------------
def test_progress(kinship: guidelib.Workbook) -> None:
    phases = {p.number: p for p in kinship.progress().phases}
    for number in (1, 2):
        incomplete = [s.id for s in phases[number].steps if s.status != COMPLETE]
        assert incomplete == [], f"Phase {number} has incomplete steps"
    assert phases[3].complete >= 3
    assert kinship.progress().step("scale-up").status != COMPLETE  # part-way: no growth plan yet


#: Fields that belong to rules the example does not use (FERPA audit, HIPAA de-identified).
NOT_ITS_RULES = {("agreement", "evaluated_program"), ("agreement", "deid_method")}


def test_phase_one_and_two_fill_every_field(kinship: guidelib.Workbook) -> None:
    for phase in kinship.guidebook.phases[:2]:
        for step in phase.steps:
            missing = [
                f.id
                for f in step.fields
                if kinship.get(step.id, f.id) is None and (step.id, f.id) not in NOT_ITS_RULES
            ]
            assert missing == [], f"{step.id} leaves {missing} empty"


# (d) fictional ---------------------------------------------------------------------------
def test_team_is_marked_fictional(kinship: guidelib.Workbook) -> None:
    assert kinship.team["fictional"] is True
    assert "fictional" in kinship.name.lower()
    assert "invented" in kinship.team["note"] and "Broward" in kinship.team["note"]


# (e) content -----------------------------------------------------------------------------
def test_stakeholder_kinds(kinship: guidelib.Workbook) -> None:
    register = rows(kinship, "stakeholders", "register")
    kinds = {r["kind"] for r in register}
    assert {"data-provider", "impacted-community", "legal-privacy", "executive-sponsor"} <= kinds
    quadrants = {(r["influence"] >= 3, r["interest"] >= 3) for r in register}
    assert len(quadrants) == 4, "stakeholders should fill all four influence/interest quadrants"


def test_inventory_has_the_agencies_and_ferpa_on_school_data(kinship: guidelib.Workbook) -> None:
    inventory = rows(kinship, "capacity", "inventory")
    by_owner: dict[str, list[dict]] = defaultdict(list)
    for row in inventory:
        by_owner[row["owner"].lower()].append(row)
    school = [r for o, rs in by_owner.items() if "school" in o for r in rs]
    welfare = [r for o, rs in by_owner.items() if "children and families" in o for r in rs]
    justice = [r for o, rs in by_owner.items() if "juvenile justice" in o for r in rs]
    assert school and welfare and justice
    assert all("ferpa" in r["rules"] for r in school)


def test_agreement_terms(kinship: guidelib.Workbook) -> None:
    agreement = kinship.answers("agreement")
    rules = {row["dataset"]: row["regime"] for row in agreement["dataset_rules"]}
    assert rules["Student attendance and enrollment"] == "ferpa-studies"
    assert agreement["instrument"] == "dsa"
    assert agreement["min_cell_size"] == 11
    assert agreement["destruction_date"]
    assert agreement["term_start"] < agreement["destruction_date"] <= agreement["term_end"]
    assert "months" in agreement["retention"]  # FERPA: state the time period
    assert kinship.get("survey", "min_cell_policy") == "cms"  # CMS: smallest count shown is 11


def test_feedback_severity_declines(kinship: guidelib.Workbook) -> None:
    totals: dict[int, int] = defaultdict(int)
    for item in rows(kinship, "iterate", "feedback_items"):
        totals[item["round"]] += item["severity"]
    assert sorted(totals) == [1, 2, 3]
    assert totals[1] > totals[2] > totals[3]
    assert totals[3] <= kinship.get("until-minimal", "threshold") < totals[1]
    assert kinship.get("until-minimal", "rounds_in_a_row") == 2


def test_assumption_statuses_and_no_placeholders(doc: dict) -> None:
    statuses = {r["status"] for r in doc["answers"]["reevaluate"]["assumptions"]}
    assert statuses == {"untested", "holding", "invalidated"}
    text = json.dumps(doc["answers"]).lower()
    assert "todo" not in text and "lorem" not in text
