"""Who is a party to the agreement (step 2.3), in which role, and who signs for it.

A party is a row of "Parties and their roles"; it signs when "Who signs for each party"
names a person for it. An organization from elsewhere in the workbook (an inventory owner,
a stakeholder's organization) belongs to a party when it is the party's name or one of the
offices listed as acting for it ("Offices that act for it"): a county department is not a
legal person of its own, so the county signs for it.

>>> signing_parties(wb)  # doctest: +SKIP
{'riverbend county public schools': 'Riverbend County Public Schools', ...}
"""

from __future__ import annotations

from typing import Any

from ..workbook import Workbook
from ._core import ERROR, WARNING, Finding, check

STEP = "agreement"
RULE = "AISP, data sharing agreements"
#: Roles that receive data: the FERPA and HIPAA agreements are made with them.
RECEIVING = ("recipient", "integrator")


def _key(name: Any) -> str:
    return " ".join(str(name or "").split()).casefold()


def _rows(wb: Workbook, step: str, field: str) -> list[dict[str, Any]]:
    return [r for r in wb.get(step, field, []) or [] if isinstance(r, dict) and any(r.values())]


def parties(wb: Workbook) -> dict[str, dict[str, Any]]:
    """Party key -> its row in "Parties and their roles"."""
    return {_key(r.get("party")): r for r in _rows(wb, STEP, "parties") if _key(r.get("party"))}


def signing_parties(wb: Workbook) -> dict[str, str]:
    """Party key -> name as typed, for every party that a named person signs for."""
    signed = {}
    for row in _rows(wb, STEP, "signatories"):
        if _key(row.get("party")) and str(row.get("name") or "").strip():
            signed[_key(row["party"])] = str(row["party"]).strip()
    return signed


def party_of(wb: Workbook, organization: Any) -> str:
    """The key of the party an organization is, or acts for; '' when none."""
    org = _key(organization)
    if not org:
        return ""
    for key, row in parties(wb).items():
        units = {_key(u) for u in str(row.get("units") or "").split(";")}
        if org == key or org in units:
            return key
    return org if org in signing_parties(wb) else ""


def receiving_party_signs(wb: Workbook) -> bool:
    """A party with the role of recipient or integrator signs the agreement."""
    signed = signing_parties(wb)
    return any(
        key in signed and set(row.get("roles") or []) & set(RECEIVING)
        for key, row in parties(wb).items()
    )


def _where(wb: Workbook, field: str) -> str:
    return f'"{wb.guidebook.step(STEP).field(field).label}" (step 2.3)'


def _user_findings(wb: Workbook, signed: dict[str, str]) -> list[Finding]:
    findings = []
    for row in _rows(wb, STEP, "users"):
        org = str(row.get("organization") or "").strip()
        if org and party_of(wb, org) not in signed:
            text = (
                f'The authorized user "{row.get("who") or "?"}" works for "{org}" in '
                f'{_where(wb, "users")}, but "{org}" does not sign the agreement in '
                f'{_where(wb, "signatories")}; add a signatory for it or remove the user.'
            )
            findings.append(Finding(ERROR, text, STEP, "users", RULE))
    return findings


def _provider_findings(wb: Workbook, signed: dict[str, str]) -> list[Finding]:
    owners = {
        str(r.get("dataset")): str(r.get("owner") or "").strip()
        for r in _rows(wb, "capacity", "inventory")
    }
    findings, seen = [], set()
    for row in _rows(wb, STEP, "dataset_rules"):
        dataset = str(row.get("dataset") or "")
        owner = owners.get(dataset, "")
        if not owner or dataset in seen or party_of(wb, owner) in signed:
            continue
        seen.add(dataset)
        text = (
            f'The data set "{dataset}" comes from "{owner}" (the data inventory, step 1.3), '
            f'but "{owner}" does not sign the agreement in {_where(wb, "signatories")}; '
            "every provider of a data set must sign."
        )
        findings.append(Finding(ERROR, text, STEP, "signatories", RULE))
    for key, row in parties(wb).items():
        if "provider" in (row.get("roles") or []) and key not in signed:
            text = (
                f'"{row["party"]}" is a data provider in {_where(wb, "parties")}, but no one '
                f'signs for it in {_where(wb, "signatories")}.'
            )
            findings.append(Finding(ERROR, text, STEP, "signatories", RULE))
    return findings


def _party_table_findings(wb: Workbook, signed: dict[str, str]) -> list[Finding]:
    table = parties(wb)
    findings = []
    for row in table.values():
        fields = (("role", "roles"), ("named contact", "contact"))
        missing = [what for what, field in fields if not row.get(field)]
        if missing:
            text = f'"{row["party"]}" has no {" and no ".join(missing)} in {_where(wb, "parties")}.'
            findings.append(Finding(WARNING, text, STEP, "parties", RULE))
    for key, name in signed.items():
        if table and key not in table:
            text = (
                f'"{name}" signs the agreement, but it is not listed in {_where(wb, "parties")} '
                "with its role and contact."
            )
            findings.append(Finding(WARNING, text, STEP, "parties", RULE))
    for row in _rows(wb, STEP, "signatories"):
        if str(row.get("name") or "").strip() and not str(row.get("authority") or "").strip():
            text = (
                f'{row["name"]} signs for "{row.get("party") or "?"}", but nothing records '
                f'the authority to bind it in {_where(wb, "signatories")}.'
            )
            findings.append(Finding(WARNING, text, STEP, "signatories", RULE))
    return findings


@check("parties")
def check_parties(wb: Workbook) -> list[Finding]:
    """Every authorized user works for a signing party, every provider signs, and each
    party has a role and a named contact."""
    if not wb.answers(STEP):
        return []
    signed = signing_parties(wb)
    findings = _user_findings(wb, signed) + _provider_findings(wb, signed)
    if _rows(wb, STEP, "parties"):
        findings += _party_table_findings(wb, signed)
    return findings


__all__ = ["parties", "party_of", "receiving_party_signs", "signing_parties"]
