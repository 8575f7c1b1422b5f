"""Checks that compare two places in the workbook, so that the agreement says what the rest
of the workbook says. Each finding is one sentence naming both places.

- the inventory's governing rules (step 1.3) against the rules the agreement files each data
  set under (step 2.3): FERPA, HIPAA or Part 2 data under "other rules" is an error;
- data items the purpose or methods name against "Data elements shared";
- the fields the methods match records on against each data set's elements;
- the groups results are promised by (race, language ...) against the elements shared;
- who has the final call on changing the agreement (RACI, step 2.1) against the amendment
  clause, which needs every party's signature;
- the records each data check counted (step 2.1) against the people in the charter's scope.

Words are found with the patterns in `TERMS`: a term is "named" in a text when its
`mention` pattern matches, and "shared" when a data element matches its `shared` pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..workbook import Workbook
from ._core import ERROR, WARNING, Finding, check
from .parties import party_of, signing_parties

STEP = "agreement"
MINIMUM_RULE = "UK ICO data sharing code: share the minimum data needed"
#: Records counted in a data check may exceed the people in scope by this factor (several
#: records per person, such as one per school year) before the check speaks up.
SCOPE_FACTOR = 3


@dataclass(frozen=True)
class Term:
    mention: re.Pattern[str]  # the term named in running text
    shared: re.Pattern[str]  # a data element that provides it


def _t(mention: str, shared: str = "") -> Term:
    return Term(re.compile(mention, re.I), re.compile(shared or mention, re.I))


#: Data items a purpose or method may name (used for items and for matching keys).
ITEMS: dict[str, Term] = {
    "name": _t(r"\bnames?\b"),
    "date of birth": _t(r"\bdates? of birth\b|\bbirth ?dates?\b|\bDOB\b"),
    "ID number": _t(r"\bIDs?\b"),
    "Social Security number": _t(r"\bsocial security\b|\bSSNs?\b"),
    "address": _t(r"(?<!e-mail )(?<!email )\baddress(?:es)?\b"),
    "ZIP code": _t(r"\bZIP\b"),
    "phone number": _t(r"\bphones?\b"),
}
#: Groups results may be broken down by, and the elements that let them be.
GROUPS: dict[str, Term] = {
    "race": _t(r"\brace\b|\bethnicity\b"),
    "language": _t(r"\blanguages?\b"),
    "gender": _t(r"\bgender\b|\bsex\b"),
    "disability": _t(r"\bdisabilit"),
    "age": _t(r"\bage\b|\bage groups?\b", r"\bage\b|\bdates? of birth\b|\bbirth ?dates?\b"),
    "area": _t(r"\bneighbou?rhoods?\b|\barea\b|\bZIP\b", r"\bZIP\b|\baddress|\bneighbou?rhood"),
}
#: Inventory rule (step 1.3) -> the agreement rules that can carry it, and the level of the
#: finding when none does.
ROUTES: dict[str, tuple[frozenset[str], str, str]] = {
    "ferpa": (
        frozenset({"ferpa-studies", "ferpa-audit", "ferpa-child-welfare",
                   "ferpa-juvenile-justice", "consent"}),
        ERROR, "20 U.S.C. 1232g; 34 CFR 99.31",
    ),  # fmt: skip
    "hipaa": (
        frozenset({"hipaa-lds", "hipaa-deidentified", "consent"}),
        ERROR, "45 CFR 164.502(a); 164.514",
    ),  # fmt: skip
    "cfr42-part2": (frozenset({"cfr42-part2", "consent"}), ERROR, "42 CFR 2.12, 2.52"),
    "child-welfare": (
        frozenset({"child-welfare", "consent"}), WARNING, "42 U.S.C. 671(a)(8)",
    ),  # fmt: skip
}
SENTENCE = re.compile(r"[^.;\n]+")
LINKING = re.compile(r"\b(match|link)", re.I)
BY = re.compile(r"\bby\b([^.;\n]*)", re.I)


def _rows(wb: Workbook, step: str, field: str) -> list[dict[str, Any]]:
    return [r for r in wb.get(step, field, []) or [] if isinstance(r, dict) and any(r.values())]


def _label(wb: Workbook, step: str, field: str) -> str:
    spec = wb.guidebook.step(step)
    return f'"{spec.field(field).label}" (step {spec.number})'


def _elements(wb: Workbook, dataset: str | None = None) -> list[str]:
    return [
        str(r.get("element") or "")
        for r in _rows(wb, STEP, "data_elements")
        if dataset is None or r.get("dataset") == dataset
    ]


def _shared(term: Term, elements: list[str]) -> bool:
    return any(term.shared.search(e) for e in elements)


@check("inventory-rules")
def check_inventory_rules(wb: Workbook) -> list[Finding]:
    """A data set the inventory marks FERPA, HIPAA or Part 2 is filed under one of that
    law's routes in the agreement, not under "other rules"."""
    filed: dict[str, set[str]] = {}
    for row in _rows(wb, STEP, "dataset_rules"):
        if row.get("dataset") and row.get("regime"):
            filed.setdefault(row["dataset"], set()).add(row["regime"])
    inventory = wb.guidebook.step("capacity").field("inventory").column("rules")
    regime = wb.guidebook.step(STEP).field("dataset_rules").column("regime")
    findings = []
    for row in _rows(wb, "capacity", "inventory"):
        regimes = filed.get(row.get("dataset") or "")
        for rule in row.get("rules") or []:
            if not regimes or rule not in ROUTES or regimes & ROUTES[rule][0]:
                continue
            routes, level, cite = ROUTES[rule]
            chosen = " and ".join(f'"{regime.option_label(r)}"' for r in sorted(regimes))
            text = (
                f'The data inventory (step 1.3) marks "{row["dataset"]}" as '
                f'"{inventory.option_label(rule)}", but {_label(wb, STEP, "dataset_rules")} '
                f"files it under {chosen}; choose the rule of that law that allows the sharing."
            )
            findings.append(Finding(level, text, STEP, "dataset_rules", cite))
    return findings


@check("named-elements")
def check_named_elements(wb: Workbook) -> list[Finding]:
    """Every data item the purpose or the methods name is in "Data elements shared"."""
    elements = _elements(wb)
    if not elements:
        return []
    findings = []
    for field in ("purpose", "methods"):
        text = str(wb.get(STEP, field) or "")
        for item, term in ITEMS.items():
            if term.mention.search(text) and not _shared(term, elements):
                message = (
                    f"{_label(wb, STEP, field)} names {item}, but no row of "
                    f"{_label(wb, STEP, 'data_elements')} shares it; add the element or "
                    f"take {item} out of the {field}."
                )
                findings.append(Finding(WARNING, message, STEP, "data_elements", MINIMUM_RULE))
    return findings


def matching_keys(wb: Workbook) -> list[str]:
    """The items the methods (or the linkage) say records are matched or linked on."""
    text = f"{wb.get(STEP, 'methods') or ''}\n{wb.get(STEP, 'linkage') or ''}"
    sentences = [s for s in SENTENCE.findall(text) if LINKING.search(s)]
    return [i for i, t in ITEMS.items() if any(t.mention.search(s) for s in sentences)]


@check("matching-keys")
def check_matching_keys(wb: Workbook) -> list[Finding]:
    """Each data set with personal data shares the fields its records are matched on."""
    keys = matching_keys(wb)
    personal = {
        r.get("dataset") for r in _rows(wb, "capacity", "inventory") if r.get("personal_data")
    }
    datasets = dict.fromkeys(
        r["dataset"] for r in _rows(wb, STEP, "dataset_rules") if r.get("dataset") in personal
    )
    findings = []
    for dataset in datasets:
        elements = _elements(wb, dataset)
        missing = [k for k in keys if not _shared(ITEMS[k], elements)]
        if missing:
            text = (
                f"{_label(wb, STEP, 'methods')} says records are matched on "
                f"{' and '.join(keys)}, but "
                f'{_label(wb, STEP, "data_elements")} has no {" or ".join(missing)} from '
                f'"{dataset}"; share it, or say how that data set is matched.'
            )
            findings.append(Finding(WARNING, text, STEP, "data_elements"))
    return findings


def _promises(wb: Workbook) -> list[tuple[str, str]]:
    """(place, text) of every answer that promises results broken down by group."""
    places = [
        (_label(wb, "governance", "principle_mechanisms"), str(r.get("mechanism") or ""))
        for r in _rows(wb, "governance", "principle_mechanisms")
    ]
    places += [(_label(wb, STEP, f), str(wb.get(STEP, f) or "")) for f in ("purpose", "methods")]
    review = wb.guidebook.review
    for item, answer in (wb.answers("equity-review") or {}).items():
        if isinstance(answer, dict) and answer.get("note") and review is not None:
            try:
                label = review.step.field(item).label
            except KeyError:
                continue
            places.append((f'the equity review ("{label}")', str(answer["note"])))
    return places


@check("promised-groups")
def check_promised_groups(wb: Workbook) -> list[Finding]:
    """Results promised by race, language or another group need an element that records
    the group."""
    elements = _elements(wb)
    if not elements:
        return []
    findings, seen = [], set()
    for place, text in _promises(wb):
        segments = " ".join(BY.findall(text))
        for group, term in GROUPS.items():
            if (place, group) in seen or not term.mention.search(segments):
                continue
            if not _shared(term, elements):
                seen.add((place, group))
                message = (
                    f"{place[0].upper()}{place[1:]} promises results by {group}, but no row of "
                    f"{_label(wb, STEP, 'data_elements')} records {group}; share it or "
                    "withdraw the promise."
                )
                findings.append(Finding(WARNING, message, STEP, "data_elements"))
    return findings


@check("raci-amendment")
def check_raci_amendment(wb: Workbook) -> list[Finding]:
    """Changing the agreement needs every party's signature, so each signing party has a
    say (A, R or C) on "Change the agreement" in the RACI, and the A works for a party."""
    cells = (wb.get("governance", "raci") or {}).get("change-agreement") or {}
    signed = signing_parties(wb)
    if not cells or len(signed) < 2:
        return []
    org = {
        str(r.get("name") or ""): r.get("organization")
        for r in _rows(wb, "stakeholders", "register")
    }
    place = _label(wb, "governance", "raci")
    clause = 'the agreement\'s "Review and amendment" clause (step 2.3)'
    findings = []
    for person, role in cells.items():
        if role == "a" and party_of(wb, org.get(person)) not in signed:
            text = (
                f'{place} gives {person} the final call on "Change the agreement", but '
                f"{person}'s organization does not sign the agreement, and {clause} needs "
                "every party's signature."
            )
            findings.append(Finding(WARNING, text, "governance", "raci"))
    voiced = {party_of(wb, org.get(p)) for p, role in cells.items() if role in ("a", "r", "c")}
    for key, name in signed.items():
        if key not in voiced:
            text = (
                f'{place} gives no one from "{name}" a say (A, R or C) on "Change the '
                f'agreement", but {clause} needs its signature for any change.'
            )
            findings.append(Finding(WARNING, text, "governance", "raci"))
    return findings


@check("scope-checks")
def check_scope_against_data_checks(wb: Workbook) -> list[Finding]:
    """A data check that counted far more records than the people in the charter's scope
    suggests records outside the scope are being shared."""
    size = wb.get("charter", "scope_size")
    if not size:
        return []
    findings = []
    for row in _rows(wb, "governance", "data_checks"):
        rows = row.get("rows")
        if isinstance(rows, (int, float)) and rows > SCOPE_FACTOR * size:
            text = (
                f'{_label(wb, "governance", "data_checks")} records {rows:,} records of '
                f'"{row.get("dataset")}", far more than the about {size:,} people in '
                f'{_label(wb, "charter", "scope_size")}; share only the records in scope, '
                "or widen the scope."
            )
            findings.append(Finding(WARNING, text, "governance", "data_checks", MINIMUM_RULE))
    return findings
