"""Pieces several documents share: option labels, word lists, and the tables of the
governance framework that the agreement and the governance document both show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Block, Table

if TYPE_CHECKING:
    from ..workbook import Workbook

GOV = "governance"
MEMBER_HEADER = ("Member", "Organization", "Kind", "Role in the coalition", "Commitment")
BODY_HEADER = ("Body", "Purpose", "Members", "Meets")
TIER_HEADER = ("Tier", "Who may reach it", "Who approves access")
CLASS_HEADER = ("Data set", "Highest tier shared", "Conditions")
PRINCIPLE_HEADER = ("Principle", "Rule, body or check that keeps it")


def label(wb: Workbook, step: str, field: str, value: str, column: str = "") -> str:
    """The label people see for a stored option id (typed entries show as typed)."""
    spec = wb.guidebook.step(step).field(field)
    return (spec.column(column) if column else spec).option_label(value)


def lower_first(text: str) -> str:
    """'Every month' -> 'every month' and 'A plan' -> 'a plan', to sit inside a
    sentence; 'FERPA rules' and 'DCF' stay as they are."""
    first = text.split(" ", 1)[0]
    if first == "A" or (len(first) > 1 and first[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def join_words(words: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    return " and ".join(filter(None, [", ".join(words[:-1]), *words[-1:]]))


def rows(wb: Workbook, step: str, field: str) -> list[dict[str, Any]]:
    """The table's rows that hold anything."""
    return [r for r in wb.get(step, field, []) if isinstance(r, dict) and any(r.values())]


def text(row: dict[str, Any], key: str) -> str:
    return str(row.get(key) or "").strip()


def _table(header: tuple[str, ...], body: list[tuple[str, ...]]) -> list[Block]:
    return [Table(header, tuple(body))] if body else []


def members_table(wb: Workbook) -> list[Block]:
    """Coalition members (step 1.5), with organization and kind from the register (1.2)."""
    register: dict[str, dict[str, Any]] = {}
    for row in reversed(wb.get("stakeholders", "register", [])):  # first entry wins
        register[text(row, "name")] = row
    body = []
    for member in rows(wb, "coalition", "members"):
        name = text(member, "stakeholder")
        entry = register.get(name, {})
        kind = entry.get("kind") or ""
        kind = label(wb, "stakeholders", "register", kind, "kind") if kind else ""
        body.append((name, text(entry, "organization"), kind, text(member, "role"),
                     text(member, "commitment")))  # fmt: skip
    return _table(MEMBER_HEADER, body)


def member_organizations(wb: Workbook) -> list[str]:
    """The organizations of the coalition's members, in order, once each."""
    register = {
        text(r, "name"): text(r, "organization") for r in rows(wb, "stakeholders", "register")
    }
    orgs = [register.get(text(m, "stakeholder"), "") for m in rows(wb, "coalition", "members")]
    return list(dict.fromkeys(o for o in orgs if o))


def bodies_table(wb: Workbook) -> list[Block]:
    body = []
    for row in rows(wb, GOV, "bodies"):
        members = [*(row.get("members") or []), *filter(None, [text(row, "others")])]
        meets = label(wb, GOV, "bodies", row["meets"], "meets") if row.get("meets") else ""
        body.append((text(row, "body"), text(row, "purpose"), "; ".join(members), meets))
    return _table(BODY_HEADER, body)


def tier_label(wb: Workbook, field: str, row: dict[str, Any]) -> str:
    return label(wb, GOV, field, text(row, "tier"), "tier") if row.get("tier") else ""


def access_tiers_table(wb: Workbook) -> list[Block]:
    body = [
        (tier_label(wb, "access_tiers", r), text(r, "who"), text(r, "approval"))
        for r in rows(wb, GOV, "access_tiers")
    ]
    return _table(TIER_HEADER, body)


def classification_table(wb: Workbook, datasets: list[str] | None = None) -> list[Block]:
    """Each data set's highest tier; only `datasets` when given (those in an agreement)."""
    body = [
        (text(r, "dataset"), tier_label(wb, "classification", r), text(r, "notes"))
        for r in rows(wb, GOV, "classification")
        if not datasets or r.get("dataset") in datasets
    ]
    return _table(CLASS_HEADER, body)


def principles_table(wb: Workbook) -> tuple[list[Block], list[str]]:
    """The table of principles and the mechanisms that keep them, and the charter's
    principles that no mechanism keeps yet."""
    kept = [
        (text(r, "principle"), text(r, "mechanism"))
        for r in rows(wb, GOV, "principle_mechanisms")
        if text(r, "mechanism")
    ]
    keeps = {p for p, _ in kept}
    unkept = [p for p in wb.column_values("charter.principles") if p not in keeps]
    return _table(PRINCIPLE_HEADER, kept), unkept
