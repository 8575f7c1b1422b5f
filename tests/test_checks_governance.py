"""Phase 2 governance checks with known answers: the RACI rule, the tie between charter
principles and mechanisms, and a classification for every data set."""

from __future__ import annotations

import pytest

from guidelib.checks import run_checks
from guidelib.checks.governance import RACI_RULE, raci_problem


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"Ana": "a", "Ben": "r"}, ""),
        ({"Ana": "a", "Ben": "r", "Cy": "r", "Di": "c", "Ed": "i"}, ""),
        ({"Ana": "r"}, "has no one who makes the final call (A)"),
        ({"Ana": "a"}, "has no one who does the work (R)"),
        (
            {"Ana": "a", "Ben": "a", "Cy": "r"},
            "has 2 people who make the final call (A); it needs exactly one",
        ),
        ({}, "has no one who makes the final call (A) and has no one who does the work (R)"),
        (
            {"Ana": "c", "Ben": "i"},
            "has no one who makes the final call (A) and has no one who does the work (R)",
        ),
    ],
)
def test_raci_rule_known_answers(cells, problem):
    assert raci_problem(cells) == problem


def test_raci_findings_name_each_broken_decision_and_cite_the_rule(wb):
    assert run_checks(wb, ["raci"]) == []  # nothing entered: nothing to say
    matrix = {
        d: {"Ana": "a", "Ben": "r"}
        for d in (
            "approve-request",
            "admit-member",
            "change-agreement",
            "publish-results",
            "respond-breach",
            "retire-dataset",
            "change-governance",
        )
    }
    wb.set("governance", "raci", matrix)
    assert run_checks(wb, ["raci"]) == []
    matrix["publish-results"] = {"Ana": "a", "Ben": "a"}
    del matrix["retire-dataset"]
    wb.set("governance", "raci", matrix)
    findings = run_checks(wb, ["raci"])
    assert [f.message for f in findings] == [
        '"Publish results" has 2 people who make the final call (A); it needs exactly one and '
        "has no one who does the work (R).",
        '"Retire a data set" has no one who makes the final call (A) and has no one who does '
        "the work (R).",
    ]
    assert {f.level for f in findings} == {"error"} and {f.rule for f in findings} == {RACI_RULE}


def test_every_charter_principle_needs_a_mechanism(wb):
    wb.set("charter", "principles", ["purpose", "equity", "Nothing about us without us"])
    wb.set(
        "governance",
        "principle_mechanisms",
        [
            {
                "principle": "We share data only for the purpose we agreed",
                "mechanism": "Request review",
            },
            {"principle": "We check our work for unequal effects on groups"},  # no mechanism
        ],
    )
    messages = [f.message for f in run_checks(wb, ["principles"])]
    assert messages == [
        'The charter principle "We check our work for unequal effects on groups" has no rule, '
        "body or check that keeps it yet.",
        'The charter principle "Nothing about us without us" has no rule, body or check that '
        "keeps it yet.",
    ]


def test_every_data_set_needs_a_tier(wb):
    wb.set("capacity", "inventory", [{"dataset": "Attendance"}, {"dataset": "Placements"}])
    assert run_checks(wb, ["classification"]) == []  # not started: nothing to say
    wb.set("governance", "classification", [{"dataset": "Attendance", "tier": "limited"}])
    assert [f.message for f in run_checks(wb, ["classification"])] == [
        'The data set "Placements" has no access tier yet.'
    ]


def test_raci_columns_that_left_the_coalition_are_reported(wb):
    wb.set("stakeholders", "register", [{"name": "Ana"}])
    wb.set("coalition", "members", [{"stakeholder": "Ana"}])
    wb.set("governance", "raci", {"approve-request": {"Ana": "a", "Zoe": "r"}})
    assert [f.message for f in run_checks(wb, ["references"])] == [
        '"Zoe" in "Who does what for each decision" is not in "Coalition members" (step 1.5).'
    ]
