"""Phase 2 checks on the agreement (step 2.3): the elements each governing rule requires
(`content/regimes.yaml`), and purpose limitation (every data element serves a question).

>>> [s.citation for s in agreement_elements(wb) if not s.satisfied]  # doctest: +SKIP
['34 CFR 99.31(a)(6)(iii)(C)(4)']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..content.legal import PREDICATES, Element, Need, Regime, legal
from ..workbook import Workbook
from ._core import ERROR, WARNING, Finding, check
from .parties import receiving_party_signs

STEP = "agreement"
MINIMUM_RULE = "UK ICO data sharing code: share the minimum data needed"
SPECIFY_RULE = "FERPA 34 CFR 99.31(a)(6)(iii)(C)(1), 99.35(a)(3)(ii): specify the data shared"


@dataclass(frozen=True)
class ElementStatus:
    """One required element of one regime, and whether the workbook meets it."""

    regime: str  # regime id, e.g. "ferpa-studies"
    element: str  # element id, e.g. "destruction"
    citation: str
    satisfied: bool
    text: str = ""  # what the agreement must do, in plain words
    level: str = ERROR
    datasets: tuple[str, ...] = ()  # the data sets in the agreement under this regime
    missing: tuple[str, ...] = ()  # what to do, one phrase per unmet need
    step: str = STEP  # where to fix the first unmet need
    field: str = ""


def _filled(value: Any) -> bool:
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def _rows(wb: Workbook, field: str) -> list[dict[str, Any]]:
    return [r for r in wb.get(STEP, field, []) if isinstance(r, dict) and _filled(r)]


def regimes_in_use(wb: Workbook) -> dict[str, tuple[str, ...]]:
    """Regime id -> the data sets under it in `agreement.dataset_rules`, in catalog order."""
    found: dict[str, list[str]] = {rid: [] for rid in legal().regimes}
    for row in _rows(wb, "dataset_rules"):
        if row.get("regime") in found:
            found[row["regime"]].append(str(row.get("dataset") or ""))
    return {rid: tuple(d for d in sets if d) for rid, sets in found.items() if sets}


def _elements_listed(wb: Workbook, regime: str, datasets: tuple[str, ...]) -> bool:
    listed = {r.get("dataset") for r in _rows(wb, "data_elements") if _filled(r.get("element"))}
    return all(d in listed for d in datasets)


def citations(wb: Workbook, regime: str) -> list[str]:
    """The statutes the team cites for the data sets under a regime, one per row ('' if
    a row has none)."""
    return [
        str(r.get("citation") or "").strip()
        for r in _rows(wb, "dataset_rules")
        if r.get("regime") == regime and r.get("dataset")
    ]


def _no_identifying(wb: Workbook, regime: str, datasets: tuple[str, ...]) -> bool:
    return not any(
        r.get("identifying") is True and r.get("dataset") in datasets
        for r in _rows(wb, "data_elements")
    )


#: The named tests of regimes.yaml ("@name"): (workbook, regime, its data sets) -> met.
TESTS: dict[str, Callable[[Workbook, str, tuple[str, ...]], bool]] = {
    "elements-listed": _elements_listed,
    "recipient-signs": lambda wb, _regime, _sets: receiving_party_signs(wb),
    "citation-given": lambda wb, regime, _sets: all(citations(wb, regime)),
    "no-identifying-elements": _no_identifying,
}
assert set(TESTS) == set(PREDICATES), "every predicate in content.legal needs a test here"


def _where(wb: Workbook, ref: str) -> tuple[str, str, str]:
    """(step, field, '"Label" (step 2.3)') for a "step.field" reference."""
    step_id, field_id = ref.split(".")
    step = wb.guidebook.step(step_id)
    return step_id, field_id, f'"{step.field(field_id).label}" (step {step.number})'


def _unmet(
    wb: Workbook, need: Need, regime: str, datasets: tuple[str, ...]
) -> tuple[str, str, str] | None:
    """(step, field, what to do) when the need is not met; None when it is."""
    if need.predicate:
        ref, what = PREDICATES[need.predicate]
        step, field, place = _where(wb, ref)
        met = TESTS[need.predicate](wb, regime, datasets)
        return None if met else (step, field, f"{what} in {place}")
    step, field, place = _where(wb, f"{need.step}.{need.field}")
    value = wb.get(need.step, need.field)
    if not need.option:
        return None if _filled(value) else (step, field, f"fill in {place}")
    if need.option == value or (isinstance(value, list) and need.option in value):
        return None
    label = wb.guidebook.step(step).field(field).option_label(need.option)
    return step, field, f'choose "{label}" in {place}'


def _clause_unmet(wb: Workbook, clause_id: str) -> tuple[str, str, str] | None:
    clause = next(c for c in legal().library.clauses if c.id == clause_id)
    spec = wb.guidebook.step(STEP).field("instrument")
    chosen = wb.get(STEP, "instrument")
    if chosen in clause.applies_to:
        return None
    kinds = " or ".join(f'"{spec.option_label(i)}"' for i in clause.applies_to)
    _, _, place = _where(wb, f"{STEP}.instrument")
    todo = f'choose {kinds} in {place}; only these carry the clause "{clause.titles[0][1]}"'
    return STEP, "instrument", todo


def _status(
    wb: Workbook, regime: Regime, element: Element, datasets: tuple[str, ...]
) -> ElementStatus:
    unmet = [u for n in element.needs if (u := _unmet(wb, n, regime.id, datasets))]
    if element.clause and (u := _clause_unmet(wb, element.clause)):
        unmet.append(u)
    cited = citations(wb, regime.id) if regime.team_citation else []
    return ElementStatus(
        regime.id,
        element.id,
        "; ".join(dict.fromkeys(cited)) if cited and all(cited) else element.citation,
        not unmet,
        element.text,
        element.level or regime.level,
        datasets,
        tuple(u[2] for u in unmet),
        *(unmet[0][:2] if unmet else (STEP, "")),
    )


def agreement_elements(wb: Workbook) -> list[ElementStatus]:
    """Every element required by the rules that govern the agreement's data sets, met or
    not, regime by regime: a checklist for the agreement step."""
    regimes = legal().regimes
    return [
        _status(wb, regimes[rid], element, datasets)
        for rid, datasets in regimes_in_use(wb).items()
        for element in regimes[rid].elements
    ]


def _message(status: ElementStatus) -> str:
    regime = legal().regimes[status.regime]
    todo = " and ".join(status.missing)
    return f"{regime.lead} {status.text} ({status.citation}); {todo}."


@check("agreement")
def check_agreement(wb: Workbook) -> list[Finding]:
    """Each element the governing rules require of the agreement, when it is missing."""
    if not wb.answers(STEP):
        return []
    if not regimes_in_use(wb):
        _, _, place = _where(wb, f"{STEP}.dataset_rules")
        text = (
            f"Name the rule that governs each data set shared in {place}, so that the "
            "agreement can be checked against it."
        )
        return [Finding(WARNING, text, STEP, "dataset_rules")]
    return [
        Finding(s.level, _message(s), s.step, s.field, s.citation)
        for s in agreement_elements(wb)
        if not s.satisfied
    ]


def _element_findings(row: dict[str, Any], n: int, questions: set, ruled: list) -> list[Finding]:
    """An element that serves no listed question, or whose data set has no rule."""
    name = f'"{row.get("element") or f"row {n}"}"'
    name += f' from "{row["dataset"]}"' if row.get("dataset") else ""
    findings = []
    if not set(row.get("serves") or []) & questions:
        text = (
            f"The data element {name} helps answer no question from the policy problem "
            "(step 1.1), so it is more than the minimum needed; link it to a question "
            "or stop sharing it."
        )
        findings.append(Finding(WARNING, text, STEP, "data_elements", MINIMUM_RULE))
    if row.get("dataset") and row["dataset"] not in ruled:
        text = (
            f"The data element {name} comes from a data set with no governing rule in "
            '"The law that governs each data set shared" (step 2.3).'
        )
        findings.append(Finding(WARNING, text, STEP, "dataset_rules"))
    return findings


@check("purpose-limitation")
def check_purpose_limitation(wb: Workbook) -> list[Finding]:
    """Every data element serves a question from the policy problem (step 1.1), and every
    data set in the agreement has both a governing rule and data elements."""
    elements, rules = _rows(wb, "data_elements"), _rows(wb, "dataset_rules")
    questions = set(wb.column_values("policy-problem.questions.question"))
    ruled = [r.get("dataset") for r in rules if r.get("dataset")]
    findings = []
    for n, row in enumerate(elements, 1):
        findings += _element_findings(row, n, questions, ruled)
    listed = {r.get("dataset") for r in elements if _filled(r.get("element"))}
    for dataset in dict.fromkeys(ruled):
        if dataset not in listed:
            text = (
                f'The data set "{dataset}" is in the agreement, but no data element from it '
                'is listed in "Data elements shared" (step 2.3).'
            )
            findings.append(Finding(WARNING, text, STEP, "data_elements", SPECIFY_RULE))
    return findings
