"""The tables and lists a clause inserts (`insert:` in `content/clauses.yaml`), each a
function `Context -> blocks`. A missing answer gives a `Placeholder` in its place."""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.legal import INSERTS as INSERT_NAMES
from ..content.legal import Library
from ._common import (
    access_tiers_table,
    bodies_table,
    classification_table,
    label,
    lower_first,
    members_table,
    principles_table,
    rows,
    text,
)
from ._template import fill
from .model import Block, Clause, Definitions, Gap, Placeholder, Table, plain

if TYPE_CHECKING:
    from ..workbook import Workbook

STEP = "agreement"
QUESTION_HEADER = ("No.", "Study Question")
RULE_HEADER = ("Data set", "Provided by", "Rule that governs it")
ELEMENT_HEADER = ("Data set", "Data element", "Identifies a person", "Study Questions")
PARTY_HEADER = ("Party", "Roles", "Contact for notices")
USER_HEADER = ("Authorized User", "Works for", "May see", "Pledge signed")
UNKEPT = "No rule, body or check keeps these principles yet: {names}."


@dataclass(frozen=True)
class Context:
    """What every part of the agreement is built from."""

    wb: Workbook
    instrument: str  # "mou", "dsa" or "dul"
    regimes: set[str]  # the rules that govern the data sets shared
    values: dict[str, str | Gap]  # slot name -> words for a sentence
    library: Library


def _missing(wb: Workbook, step: str, field: str) -> list[Block]:
    """A placeholder naming the answer that would fill this table or list."""
    return [Placeholder(Gap(lower_first(wb.guidebook.step(step).field(field).label)).text)]


def letter(i: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa': how Word letters a long list."""
    return string.ascii_lowercase[i % 26] * (i // 26 + 1)


def items(entries: list[str]) -> list[Block]:
    """Lettered items: (a) ...; (b) ...; (c) ... ."""
    last = len(entries) - 1
    return [
        Clause(f"({letter(i)})", (entry.rstrip(" .;") + ("." if i == last else ";"),), level=3)
        for i, entry in enumerate(entries)
    ]


def _labels(wb: Workbook, step: str, field: str) -> list[str]:
    spec = wb.guidebook.step(step).field(field)
    return [lower_first(spec.option_label(v)) for v in wb.get(step, field, []) if str(v).strip()]


def _definitions(ctx: Context) -> list[Block]:
    terms = [d for d in ctx.library.definitions if ctx.instrument in d.applies_to]
    return [Definitions(tuple((d.term, plain(fill(d.text, ctx.values)[0])) for d in terms))]


def questions(wb: Workbook) -> dict[str, str]:
    """The policy problem's questions (step 1.1) by number: {'Q1': 'How often ...?'}."""
    asked = [text(r, "question") for r in rows(wb, "policy-problem", "questions")]
    return {f"Q{i}": q for i, q in enumerate(filter(None, asked), 1)}


def _questions(ctx: Context) -> list[Block]:
    numbered = questions(ctx.wb)
    if not numbered:
        return _missing(ctx.wb, "policy-problem", "questions")
    return [Table(QUESTION_HEADER, tuple(numbered.items()))]


def _or_missing(blocks: list[Block], wb: Workbook, step: str, field: str) -> list[Block]:
    return blocks or _missing(wb, step, field)


def _principles(ctx: Context) -> list[Block]:
    table, unkept = principles_table(ctx.wb)
    blocks = _or_missing(table, ctx.wb, "governance", "principle_mechanisms")
    if unkept and table:
        blocks.append(Placeholder(UNKEPT.format(names="; ".join(unkept))))
    return blocks


def _dataset_rules(ctx: Context) -> list[Block]:
    wb = ctx.wb
    owners = {text(r, "dataset"): text(r, "owner") for r in rows(wb, "capacity", "inventory")}
    body = tuple(
        (
            text(r, "dataset"),
            owners.get(text(r, "dataset"), ""),
            _rule(wb, r),
        )
        for r in rows(wb, STEP, "dataset_rules")
    )
    return [Table(RULE_HEADER, body)] if body else _missing(wb, STEP, "dataset_rules")


def _rule(wb: Workbook, row: dict) -> str:
    """The rule's label, with the statute the team cites after it."""
    rule = label(wb, STEP, "dataset_rules", row["regime"], "regime") if row.get("regime") else ""
    cited = text(row, "citation")
    # "A state confidentiality statute (cite it)": the citation replaces the hint
    return f"{rule.split(' (')[0]}: {cited}" if rule and cited else rule or cited


def _parties(ctx: Context) -> list[Block]:
    wb = ctx.wb
    body = []
    for r in rows(wb, STEP, "parties"):
        chosen = r.get("roles") or []
        roles = [label(wb, STEP, "parties", v, "roles").split(" (")[0] for v in chosen]
        body.append((text(r, "party"), ", ".join(roles), text(r, "contact")))
    return [Table(PARTY_HEADER, tuple(body))] if body else _missing(wb, STEP, "parties")


def _users(ctx: Context) -> list[Block]:
    wb = ctx.wb
    body = [
        (
            text(r, "who"),
            text(r, "organization"),
            text(r, "access"),
            {True: "Yes", False: "Not yet"}.get(r.get("pledge"), ""),
        )
        for r in rows(wb, STEP, "users")
    ]
    return [Table(USER_HEADER, tuple(body))] if body else _missing(wb, STEP, "users")


def _data_elements(ctx: Context) -> list[Block]:
    wb = ctx.wb
    number = {q: n for n, q in questions(wb).items()}
    body = []
    for r in rows(wb, STEP, "data_elements"):
        served = ", ".join(number.get(q, q) for q in r.get("serves") or []) or "None"
        identifying = {True: "Yes", False: "No"}.get(r.get("identifying"), "")
        body.append((text(r, "dataset"), text(r, "element"), identifying, served))
    return [Table(ELEMENT_HEADER, tuple(body))] if body else _missing(wb, STEP, "data_elements")


def _agreement_datasets(wb: Workbook) -> list[str]:
    return [text(r, "dataset") for r in rows(wb, STEP, "dataset_rules") if text(r, "dataset")]


INSERTS: dict[str, Callable[[Context], list[Block]]] = {
    "definitions": _definitions,
    "parties": _parties,
    "users": _users,
    "questions": _questions,
    "members": lambda c: _or_missing(members_table(c.wb), c.wb, "coalition", "members"),
    "principles": _principles,
    "bodies": lambda c: _or_missing(bodies_table(c.wb), c.wb, "governance", "bodies"),
    "dataset_rules": _dataset_rules,
    "data_elements": _data_elements,
    "prohibited_uses": lambda c: _or_missing(
        items(_labels(c.wb, STEP, "prohibited_uses")), c.wb, STEP, "prohibited_uses"
    ),
    "security": lambda c: _or_missing(
        items(_labels(c.wb, "governance", "security")), c.wb, "governance", "security"
    ),
    "access_tiers": lambda c: _or_missing(
        access_tiers_table(c.wb), c.wb, "governance", "access_tiers"
    ),
    "classification": lambda c: _or_missing(
        classification_table(c.wb, _agreement_datasets(c.wb)), c.wb, "governance", "classification"
    ),
}
assert set(INSERTS) == set(INSERT_NAMES), "every insert named in content.legal is built here"
