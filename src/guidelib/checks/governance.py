"""Phase 2 checks on the governance framework (step 2.1): the RACI rules, the tie to the
charter's principles, and a classification for every data set in the inventory."""

from __future__ import annotations

from ..governance_rules import raci_problem  # noqa: F401 - also imported from here
from ..workbook import Workbook
from ._core import ERROR, WARNING, Finding, check

RACI_RULE = "RACI: each decision has exactly one Accountable and at least one Responsible"


@check("raci")
def check_raci(wb: Workbook) -> list[Finding]:
    """Every decision in the RACI matrix has exactly one A and at least one R."""
    matrix = wb.get("governance", "raci")
    if not matrix:
        return []
    field = wb.guidebook.step("governance").field("raci")
    findings = []
    for decision in field.rows:
        problem = raci_problem(matrix.get(decision.id, {}))
        if problem:
            findings.append(
                Finding(ERROR, f'"{decision.label}" {problem}.', "governance", "raci", RACI_RULE)
            )
    return findings


@check("principles")
def check_principles(wb: Workbook) -> list[Finding]:
    """Every guiding principle of the charter is kept by at least one named mechanism."""
    principles = wb.column_values("charter.principles")
    if not principles:
        return []
    kept = {
        row.get("principle")
        for row in wb.get("governance", "principle_mechanisms", [])
        if str(row.get("mechanism", "")).strip()
    }
    return [
        Finding(
            WARNING,
            f'The charter principle "{p}" has no rule, body or check that keeps it yet.',
            "governance",
            "principle_mechanisms",
        )
        for p in principles
        if p not in kept
    ]


@check("classification")
def check_classification(wb: Workbook) -> list[Finding]:
    """Every data set in the inventory has an access tier."""
    datasets = wb.column_values("capacity.inventory.dataset")
    classified = {
        row.get("dataset") for row in wb.get("governance", "classification", []) if row.get("tier")
    }
    if not datasets or not wb.get("governance", "classification"):
        return []
    return [
        Finding(
            WARNING, f'The data set "{d}" has no access tier yet.', "governance", "classification"
        )
        for d in datasets
        if d not in classified
    ]
