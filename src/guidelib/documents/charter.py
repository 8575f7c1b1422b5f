"""The coalition charter (step 1.6), with its members from steps 1.2 and 1.5.

Each section is a function `Workbook -> list of blocks`, listed in `SECTIONS` in the order
the charter shows them. An empty list, or a list holding a `Placeholder`, makes the
section blank: it is still shown, with "Not yet agreed.", and named in `Document.blanks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ._common import label, lower_first, members_table
from .model import (
    Block,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Placeholder,
    SignatureBlock,
    Signer,
    Table,
    assemble,
    long_date,
    paragraphs,
)

if TYPE_CHECKING:
    from ..workbook import Workbook

STEP = "charter"
INTRO = (
    "This charter says why our coalition exists and how it works. "
    "Each member signs it to show they agree to it."
)
DECIDE = "Our decision rule: {label}."
MEET = "The coalition meets {lower}."
SIGNER_HEADER = ("Name", "Title", "Organization", "Date signed")


def _text(wb: Workbook, field: str) -> list[Block]:
    return list(paragraphs(wb.get(STEP, field)))


def _principles(wb: Workbook) -> list[Block]:
    chosen = wb.get(STEP, "principles", [])
    items = tuple(label(wb, STEP, "principles", p) for p in chosen)
    return [BulletList(items)] if items else []


def _scope(wb: Workbook) -> list[Block]:
    blocks: list[Block] = []
    for field, title in (("scope_in", "In scope"), ("scope_out", "Out of scope")):
        blocks += [Heading(title, 2), *(_text(wb, field) or [Placeholder()])]
    return blocks


def _sentence(wb: Workbook, field: str, template: str) -> list[Block]:
    """The chosen option set in a fixed sentence ({label}, or {lower} mid-sentence)."""
    value = wb.get(STEP, field)
    if not value:
        return []
    shown = label(wb, STEP, field, value)
    return [Paragraph(template.format(label=shown, lower=lower_first(shown)))]


def _term(wb: Workbook) -> list[Block]:
    months, review = wb.get(STEP, "term_months"), wb.get(STEP, "review_date")
    schedule = wb.get(STEP, "review_schedule")
    blocks: list[Block] = []
    if months:
        blocks.append(Paragraph(f"This charter lasts {months} month{'s' * (months != 1)}."))
    else:
        blocks.append(Placeholder("How long this charter lasts is not yet agreed."))
    if review:
        blocks.append(Paragraph(f"We will review it by {long_date(review)}."))
    else:
        blocks.append(Placeholder("The date of the next review is not yet set."))
    if schedule:
        often = lower_first(label(wb, STEP, "review_schedule", schedule))
        blocks.append(Paragraph(f"After that, we review it {often}."))
    else:
        blocks.append(Placeholder("How often we review it is not yet agreed."))
    return blocks


def _signatories(wb: Workbook) -> list[Block]:
    signers = [
        Signer(
            r.get("name") or "",
            r.get("title") or "",
            r.get("organization") or "",
            long_date(r.get("signed_on") or ""),
        )
        for r in wb.get(STEP, "signatories", [])
        if r
    ]
    if not signers:
        return []
    rows = tuple((s.name, s.title, s.organization, s.date) for s in signers)
    agree = Paragraph("By signing below, each of us agrees to this charter for our organization.")
    return [Table(SIGNER_HEADER, rows), agree, SignatureBlock(tuple(signers))]


#: The charter's sections, in order: (name shown and reported as blank, builder).
SECTIONS: tuple[tuple[str, Callable[[Workbook], list[Block]]], ...] = (
    ("Vision", lambda wb: _text(wb, "vision")),
    ("Mission", lambda wb: _text(wb, "mission")),
    ("Guiding principles", _principles),
    ("Scope", _scope),
    ("Members and their roles", members_table),
    ("How decisions are made", lambda wb: _sentence(wb, "decision_rule", DECIDE)),
    ("Meetings", lambda wb: _sentence(wb, "meeting_cadence", MEET)),
    ("Term and review", _term),
    ("Changing the charter", lambda wb: _text(wb, "amendment")),
    ("Settling disagreements", lambda wb: _text(wb, "disputes")),
    ("Leaving the coalition", lambda wb: _text(wb, "member_exit")),
    ("Signatories", _signatories),
)


def build_charter(wb: Workbook) -> Document:
    """The charter as a structured document; sections with no answer say "Not yet agreed."."""
    sections = [(name, build(wb)) for name, build in SECTIONS]
    return assemble("Charter", wb.name, [Paragraph(INTRO)], sections)


def charter_missing(wb: Workbook) -> list[str]:
    """The sections the charter would leave blank, by name ("Vision", "Scope", ...)."""
    return build_charter(wb).blanks
