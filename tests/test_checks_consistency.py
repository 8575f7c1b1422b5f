"""Checks across steps (`checks/consistency.py`) and the parties to the agreement
(`checks/parties.py`): each trips on a copy of the worked example with one answer made
inconsistent, names both places, and stays silent on the example itself."""

from __future__ import annotations

import copy

import pytest

from guidelib.checks import ERROR, WARNING, run_checks
from guidelib.cli import main
from guidelib.examples import build_document, kinship_care
from guidelib.workbook.model import Workbook

from .conftest import EXAMPLE

SCHOOL_DATA = "Student attendance and enrollment"
DJJ_DATA = "Juvenile referrals and diversion"
CONSISTENCY = [
    "inventory-rules",
    "named-elements",
    "matching-keys",
    "promised-groups",
    "raci-amendment",
    "scope-checks",
    "parties",
]


@pytest.fixture(scope="module")
def document() -> dict:
    return build_document()


@pytest.fixture
def example(document: dict) -> Workbook:
    """A fresh, in-memory copy of the worked example (nothing is written)."""
    return Workbook(copy.deepcopy(document))


def edit(wb: Workbook, step: str, field: str, change) -> None:
    """Replace a table's rows by `change(rows)`."""
    wb.set(step, field, change(copy.deepcopy(wb.get(step, field))))


@pytest.mark.parametrize("name", CONSISTENCY)
def test_the_example_passes_every_cross_step_check(example, name):
    assert run_checks(example, [name]) == []


def test_validate_passes_the_example_with_no_warnings(capsys):
    assert main(["validate", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert "valid (0 warnings)" in out and "warning" not in out.replace("0 warnings", "")
    assert err == ""


# -- the inventory's rules against the agreement's ----------------------------------------------
@pytest.mark.parametrize("regime", ["state-other", "state-statute"])
def test_ferpa_data_under_state_law_is_an_error(example, regime):
    def refile(rows):
        for row in rows:
            if row["dataset"] == SCHOOL_DATA:
                row.update(regime=regime, citation="Fla. Stat. 1002.22")
        return rows

    edit(example, "agreement", "dataset_rules", refile)
    (finding,) = run_checks(example, ["inventory-rules"])
    assert finding.level == ERROR and finding.rule == "20 U.S.C. 1232g; 34 CFR 99.31"
    assert finding.message.startswith(f'The data inventory (step 1.3) marks "{SCHOOL_DATA}" as ')
    assert '"FERPA (student records)"' in finding.message
    assert '"The law that governs each data set shared" (step 2.3)' in finding.message
    assert (finding.step, finding.field) == ("agreement", "dataset_rules")


@pytest.mark.parametrize(
    ("rule", "cite"),
    [("hipaa", "45 CFR 164.502(a); 164.514"), ("cfr42-part2", "42 CFR 2.12, 2.52")],
)
def test_health_and_part2_data_need_their_own_route(example, rule, cite):
    caregiver = "Caregiver intake and services"

    def mark(rows):
        for row in rows:
            if row["dataset"] == caregiver:
                row["rules"] = [rule]
        return rows

    edit(example, "capacity", "inventory", mark)
    assert run_checks(example, ["inventory-rules"]) == []  # consent is a route for both

    def refile(rows):
        return [{**r, "regime": "state-other"} if r["dataset"] == caregiver else r for r in rows]

    edit(example, "agreement", "dataset_rules", refile)
    (finding,) = run_checks(example, ["inventory-rules"])
    assert finding.level == ERROR and finding.rule == cite and caregiver in finding.message


def test_child_welfare_data_under_other_rules_is_a_warning(example):
    edit(example, "agreement", "dataset_rules",
         lambda rows: [r for r in rows if r["regime"] != "child-welfare"])  # fmt: skip
    (finding,) = run_checks(example, ["inventory-rules"])
    assert finding.level == WARNING and finding.rule == "42 U.S.C. 671(a)(8)"


# -- data items named in the purpose or methods -------------------------------------------------
def test_an_item_the_purpose_names_must_be_shared(example):
    purpose = example.get("agreement", "purpose") + " Schools also send home addresses."
    example.set("agreement", "purpose", purpose)
    (finding,) = run_checks(example, ["named-elements"])
    assert finding.message == (
        '"Purpose of the sharing" (step 2.3) names address, but no row of "Data elements '
        'shared" (step 2.3) shares it; add the element or take address out of the purpose.'
    )


# -- matching keys -------------------------------------------------------------------------------
def test_every_data_set_shares_the_fields_records_are_matched_on(example):
    """The issue's contradiction: DJJ "sends no names", yet records are matched on names."""
    edit(example, "agreement", "data_elements",
         lambda rows: [r for r in rows if not (r["dataset"] == DJJ_DATA and r["identifying"])])
    (finding,) = run_checks(example, ["matching-keys"])  # fmt: skip
    assert finding.level == WARNING and f'from "{DJJ_DATA}"' in finding.message
    assert finding.message.startswith(
        '"What will be done with the data" (step 2.3) says records are matched on name and '
        'date of birth, but "Data elements shared" (step 2.3) has no name or date of birth'
    )


# -- promised breakdowns ---------------------------------------------------------------------------
def test_results_promised_by_race_and_language_need_those_elements(example):
    edit(example, "agreement", "data_elements",
         lambda rows: [r for r in rows if "race" not in r["element"].lower()])  # fmt: skip
    findings = run_checks(example, ["promised-groups"])
    groups = sorted({f.message.split(" promises results by ")[1].split(",")[0] for f in findings})
    assert groups == ["language", "race"]
    places = {f.message.split(" promises")[0] for f in findings}
    assert '"How each charter principle is put into practice" (step 2.1)' in places
    assert '"What will be done with the data" (step 2.3)' in places
    assert any(p.startswith("The equity review (") for p in places)
    assert all("withdraw the promise" in f.message for f in findings)


# -- the RACI against the amendment clause --------------------------------------------------------
def test_the_final_say_on_changes_must_fit_the_amendment_clause(example):
    """The issue's contradiction: the county attorney alone decides changes that need every
    party's signature."""
    edit(example, "agreement", "parties", lambda rows: [
        {**r, "units": r["units"].replace("Riverbend County Attorney's Office; ", "")}
        if r.get("units") else r for r in rows
    ])  # fmt: skip
    cells = {"Tom Whitaker": "a", "Maya Thompson": "r", "Dr. Angela Ruiz": "c"}
    example.set("governance", "raci", {**example.get("governance", "raci"),
                                       "change-agreement": cells})  # fmt: skip
    messages = [f.message for f in run_checks(example, ["raci-amendment"])]
    assert messages[0].startswith(
        '"Who does what for each decision" (step 2.1) gives Tom Whitaker the final call on '
        '"Change the agreement", but Tom Whitaker\'s organization does not sign'
    )
    silent = [m.split('no one from "')[1].split('"')[0] for m in messages[1:]]
    assert silent == [kinship_care.DCF, kinship_care.DJJ, kinship_care.NONPROFIT]
    assert all("Review and amendment" in m for m in messages)


# -- the charter's scope against the data checks -----------------------------------------------
def test_a_data_check_far_beyond_the_scope_is_reported(example):
    """The issue's contradiction: 41,250 student rows for about 1,900 children in scope."""
    edit(example, "governance", "data_checks", lambda rows: [{**rows[0], "rows": 41250}])
    (finding,) = run_checks(example, ["scope-checks"])
    assert "records 41,250 records" in finding.message
    assert '"About how many people are in scope" (step 1.6)' in finding.message
    assert '"Checks of shared data" (step 2.1)' in finding.message
    example.set("governance", "data_checks", [{**example.get("governance", "data_checks")[0],
                                               "rows": 5700}])  # fmt: skip
    assert run_checks(example, ["scope-checks"]) == []  # three records a child is in scope


# -- parties ------------------------------------------------------------------------------------
def test_an_authorized_user_must_work_for_a_signing_party(example):
    edit(example, "agreement", "parties", lambda rows: [*rows, {
        "party": "Riverbend University", "roles": ["recipient"], "contact": "Dr. Lee"}])
    edit(example, "agreement", "users", lambda rows: [*rows, {
        "who": "A graduate student", "organization": "Riverbend University"}])  # fmt: skip
    findings = run_checks(example, ["parties"])
    errors = [f for f in findings if f.level == ERROR]
    assert len(errors) == 1 and errors[0].field == "users"
    assert errors[0].message.startswith(
        'The authorized user "A graduate student" works for "Riverbend University"'
    )
    assert '"Who signs for each party" (step 2.3)' in errors[0].message


def test_every_provider_must_sign(example):
    edit(example, "agreement", "signatories",
         lambda rows: [r for r in rows if r["party"] != kinship_care.NONPROFIT])  # fmt: skip
    errors = [f.message for f in run_checks(example, ["parties"]) if f.level == ERROR]
    assert errors[0].startswith(
        'The data set "Caregiver intake and services" comes from "Grandfamilies of Riverbend" '
        "(the data inventory, step 1.3)"
    )
    assert errors[1] == (
        '"Grandfamilies of Riverbend" is a data provider in "Parties and their roles" (step '
        '2.3), but no one signs for it in "Who signs for each party" (step 2.3).'
    )
    # The recipient's signature is what FERPA and HIPAA agreements are made with.
    edit(example, "agreement", "signatories",
         lambda rows: [r for r in rows if r["party"] != kinship_care.COUNTY])  # fmt: skip
    assert "34 CFR 99.31(a)(6)(iii)(C)" in [f.rule for f in run_checks(example, ["agreement"])]


def test_parties_need_contacts_and_signers_need_authority(example):
    edit(example, "agreement", "parties", lambda rows: [{**rows[0], "contact": ""}, *rows[1:]])
    edit(example, "agreement", "signatories",
         lambda rows: [{**rows[0], "authority": ""}, *rows[1:]])  # fmt: skip
    messages = [f.message for f in run_checks(example, ["parties"]) if f.level == WARNING]
    assert messages == [
        f'"{kinship_care.SCHOOLS}" has no named contact in "Parties and their roles" (step 2.3).',
        f'Dr. Helen Park signs for "{kinship_care.SCHOOLS}", but nothing records the authority '
        'to bind it in "Who signs for each party" (step 2.3).',
    ]
