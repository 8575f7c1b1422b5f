"""Phase 1 checks on small fixtures with known answers: register gaps, coalition coverage,
and the smallest covering set from the register."""

from __future__ import annotations

import itertools

import pytest

from guidelib.checks import run_checks
from guidelib.checks.coalition import EXACT_LIMIT, _exact, _greedy, coverage, smallest_cover

SCHOOLS, DCF = "County Schools", "Children and Families"
Q1, Q2 = "Do kids in kinship care attend school?", "How fast do caregivers get help?"


def person(name, kind, org="", influence=3, interest=3):
    return {
        "name": name,
        "kind": kind,
        "organization": org,
        "influence": influence,
        "interest": interest,
    }


REGISTER = [
    person("Ana", "data-provider", SCHOOLS),
    person("Ben", "data-provider", DCF),
    person("Cleo", "data-user", "County analytics"),
    person("Dee", "impacted-community", "Caregiver council"),
    person("Eli", "legal-privacy", "County attorney"),
    person("Fay", "executive-sponsor", "Commission"),
    person("Gus", "data-provider", "county schools "),  # same organization, other spelling
    person("Hal", "advocate", "Kids first"),
]
INVENTORY = [
    {"dataset": "Attendance", "owner": SCHOOLS, "serves": [Q1]},
    {"dataset": "Placements", "owner": DCF, "serves": [Q1, Q2]},
    {"dataset": "Public counts", "owner": DCF},  # serves no question: no provider needed
]


@pytest.fixture
def filled(wb):
    wb.set("policy-problem", "questions", [{"question": Q1}, {"question": Q2}])
    wb.set("stakeholders", "register", REGISTER)
    wb.set("capacity", "inventory", INVENTORY)
    return wb


def members(wb, *names):
    wb.set("coalition", "members", [{"stakeholder": n} for n in names])


def messages(wb, name):
    return [f.message for f in run_checks(wb, [name])]


def test_register_warns_about_each_missing_kind(wb):
    assert messages(wb, "stakeholders") == []  # nothing entered yet: nothing to say
    wb.set("stakeholders", "register", [person("Cleo", "data-user")])
    assert messages(wb, "stakeholders") == [
        "The stakeholder register has no voice of the community the data describes yet.",
        "The stakeholder register has no legal or privacy counsel yet.",
        "The stakeholder register has no one who holds the data yet.",
    ]
    wb.set("stakeholders", "register", REGISTER)
    assert messages(wb, "stakeholders") == []


def test_coverage_lists_exactly_what_is_missing(filled):
    members(filled, "Ana", "Cleo", "Eli")
    result = coverage(filled)
    assert [n.label for n in result.missing] == [
        f'a provider of "Placements" ({DCF})',
        "a voice of the impacted community",
        "an executive sponsor",
    ]
    assert result.covered_by["dataset:Attendance"] == ("Ana",)
    assert messages(filled, "coalition")[0] == (
        f'The coalition still lacks a provider of "Placements" ({DCF}).'
    )


def test_a_provider_must_come_from_the_owner_organization(filled):
    members(filled, "Gus", "Ben", "Cleo", "Dee", "Eli", "Fay")  # Gus: "county schools "
    assert coverage(filled).missing == ()
    members(filled, "Ben", "Cleo", "Dee", "Eli", "Fay", "Hal")
    assert [n.id for n in coverage(filled).missing] == ["dataset:Attendance"]


def test_members_not_in_the_register_are_reported(filled):
    members(filled, "Ana", "Zed")
    assert coverage(filled).unknown_members == ("Zed",)
    refs = messages(filled, "references")
    assert refs == ['"Zed" in "Member" is not in "Stakeholder register" (step 1.2).']


def test_unlinked_inventory_is_pointed_out(filled):
    filled.set("capacity", "inventory", [{"dataset": "Attendance", "owner": SCHOOLS}])
    members(filled, "Ana")
    assert coverage(filled).unlinked
    assert any("No data set is linked to a question" in m for m in messages(filled, "coalition"))


def test_smallest_cover_known_answer(filled):
    # Six needs (two data sets, four roles); no entry covers two of them, so six people.
    proposal = smallest_cover(filled)
    assert proposal.names == ("Ana", "Ben", "Cleo", "Dee", "Eli", "Fay")
    assert proposal.uncoverable == ()


def test_smallest_cover_prefers_people_who_cover_more(wb):
    wb.set("policy-problem", "questions", [{"question": Q1}])
    wb.set(
        "capacity",
        "inventory",
        [
            {"dataset": "A", "owner": "Org", "serves": [Q1]},
            {"dataset": "B", "owner": "Org", "serves": [Q1]},
        ],
    )
    wb.set(
        "stakeholders",
        "register",
        [
            person("Solo A", "data-provider", "Other org"),
            person("Both", "data-provider", "Org"),  # provides A and B
            person("User", "data-user"),
        ],
    )
    proposal = smallest_cover(wb)
    assert proposal.names == ("Both", "User")
    assert [n.label for n in proposal.uncoverable] == [
        "a voice of the impacted community",
        "legal counsel",
        "an executive sponsor",
    ]


def test_exact_search_matches_brute_force():
    masks = [0b000011, 0b001100, 0b110000, 0b000110, 0b011000, 0b100001, 0b101010]
    goal = 0b111111
    best = min(
        (
            c
            for r in range(1, len(masks) + 1)
            for c in itertools.combinations(range(len(masks)), r)
            if _or(masks, c) == goal
        ),
        key=len,
    )
    assert len(_exact(masks, goal)) == len(best) == 3
    assert _or(masks, _greedy(masks, goal)) == goal


def test_large_problems_fall_back_to_greedy(wb):
    questions = [{"question": f"Q{i}?"} for i in range(EXACT_LIMIT)]
    wb.set("policy-problem", "questions", questions)
    wb.set(
        "capacity",
        "inventory",
        [
            {"dataset": f"D{i}", "owner": f"Org {i}", "serves": [f"Q{i}?"]}
            for i in range(EXACT_LIMIT)
        ],
    )
    wb.set(
        "stakeholders",
        "register",
        [person(f"P{i}", "data-provider", f"Org {i}") for i in range(EXACT_LIMIT)],
    )
    proposal = smallest_cover(wb)
    assert len(proposal.names) == EXACT_LIMIT and len(proposal.uncoverable) == 4


def test_the_worked_example_coalition_is_complete(example):
    import guidelib

    wb = guidelib.open_workbook(example)
    assert coverage(wb).missing == ()
    assert run_checks(wb, ["stakeholders", "coalition", "references"]) == []


def _or(masks, picked):
    out = 0
    for i in picked:
        out |= masks[i]
    return out
