"""The governance framework (step 2.1) and the feedback plan (step 2.2).

Like the charter, each document is a list of sections `(name, Workbook -> blocks)`; an
empty section, or one holding a `Placeholder`, is shown as "Not yet agreed." and named in
`Document.blanks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ._common import (
    GOV,
    access_tiers_table,
    classification_table,
    label,
    lower_first,
    principles_table,
    rows,
    text,
)
from .model import (
    Block,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Placeholder,
    Table,
    assemble,
    paragraphs,
)

if TYPE_CHECKING:
    from ..workbook import Workbook

Sections = tuple[tuple[str, Callable[["Workbook"], list[Block]]], ...]
LOOP = "feedback-loop"
GOV_INTRO = (
    "This framework says who runs the coalition's shared data work, who makes each "
    "decision, who may reach each kind of data and how it is kept safe. It puts the "
    "principles of the charter into practice."
)
LOOP_INTRO = (
    "This plan says how the coalition hears from the community and its partners, who "
    "reviews what they say, when it leads to a change, and how people hear back."
)
RACI_ORDER = ("a", "r", "c", "i")
RACI_HEADER = (
    "Decision",
    "Makes the final call (A)",
    "Does the work (R)",
    "Is asked first (C)",
    "Is told after (I)",
)
NO_OWNER = "No one is named for: {names}."
UNKEPT = "No rule, body or check keeps these principles yet: {names}."


def _label(wb: Workbook, step: str, field: str) -> str:
    value = wb.get(step, field)
    return label(wb, step, field, value) if value else ""


def _bodies(wb: Workbook) -> list[Block]:
    blocks: list[Block] = []
    for row in rows(wb, GOV, "bodies"):
        blocks += [Heading(text(row, "body") or "Unnamed body", 2), *paragraphs(row.get("purpose"))]
        if row.get("meets"):
            meets = label(wb, GOV, "bodies", row["meets"], "meets")
            blocks.append(Paragraph(f"It meets {lower_first(meets)}."))
        members = [*(row.get("members") or []), *filter(None, [text(row, "others")])]
        if members:
            blocks += [Paragraph("Its members:"), BulletList(tuple(members))]
        else:
            blocks.append(Placeholder("No members yet."))
    return blocks


def _decisions(wb: Workbook) -> list[Block]:
    method, quorum = _label(wb, GOV, "decision_method"), wb.get(GOV, "quorum")
    return [
        Paragraph(f"The steering body decides by this rule: {method}.")
        if method
        else Placeholder("How the steering body decides is not yet agreed."),
        Paragraph(
            f"A decision counts only when at least {quorum} percent of the voting members "
            "are present."
        )
        if quorum
        else Placeholder("The quorum is not yet agreed."),
    ]


def _raci(wb: Workbook) -> list[Block]:
    """One row per decision and one column per role, naming who holds it. (A column per
    member breaks names mid-word on a portrait page once a coalition has nine members.)"""
    matrix = wb.get(GOV, "raci") or {}
    field = wb.guidebook.step(GOV).field("raci")
    if not any(matrix.values()):
        return []
    order = {m: i for i, m in enumerate(wb.column_values(field.options_from))}
    body = []
    for decision in field.rows:
        cells = matrix.get(decision.id, {})
        names = sorted(cells, key=lambda m: (order.get(m, len(order)), m))
        held = ["; ".join(m for m in names if cells[m] == role) for role in RACI_ORDER]
        body.append((decision.label, *held))
    blocks: list[Block] = [Table(RACI_HEADER, tuple(body))]
    empty = [d.label for d in field.rows if not matrix.get(d.id)]
    if empty:
        blocks.append(Placeholder(NO_OWNER.format(names="; ".join(empty))))
    return blocks


def _security(wb: Workbook) -> list[Block]:
    spec = wb.guidebook.step(GOV).field("security")
    chosen = wb.get(GOV, "security") or []
    if not chosen:
        return []
    blocks: list[Block] = [
        Heading("In place", 2),
        BulletList(tuple(map(spec.option_label, chosen))),
    ]
    missing = tuple(o.label for o in spec.options if o.id not in chosen)
    if missing:
        blocks += [Heading("Not yet in place", 2), BulletList(missing)]
    return blocks


def _principles(wb: Workbook) -> list[Block]:
    table, unkept = principles_table(wb)
    if unkept:
        table.append(Placeholder(UNKEPT.format(names="; ".join(unkept))))
    return table


GOVERNANCE: Sections = (
    ("Governing bodies", _bodies),
    ("How decisions are made", _decisions),
    ("Who does what for each decision", _raci),
    ("Access tiers", access_tiers_table),
    ("Classification of each data set", classification_table),
    ("Security checklist", _security),
    ("Principles and how they are kept", _principles),
)


def _channels(wb: Workbook) -> list[Block]:
    spec = wb.guidebook.step(LOOP).field("channels")
    chosen = [spec.option_label(c) for c in wb.get(LOOP, "channels") or []]
    return [BulletList(tuple(chosen))] if chosen else []


def _sentence(template: str, field: str) -> Callable[[Workbook], list[Block]]:
    def build(wb: Workbook) -> list[Block]:
        value = _label(wb, LOOP, field)
        return [Paragraph(template.format(lower_first(value)))] if value else []

    return build


def _reviewing_body(wb: Workbook) -> list[Block]:
    body = wb.get(LOOP, "reviewed_by")
    if not body:
        return []
    blocks: list[Block] = [Paragraph(f"The {body} reviews the feedback.")]
    for row in rows(wb, GOV, "bodies"):
        if text(row, "body") == body and text(row, "purpose"):
            blocks.append(
                Paragraph(f"Its role in the governance framework: {text(row, 'purpose')}")
            )
    return blocks


def _text(field: str) -> Callable[[Workbook], list[Block]]:
    return lambda wb: list(paragraphs(wb.get(LOOP, field)))


FEEDBACK: Sections = (
    ("Channels", _channels),
    ("How often feedback is reviewed", _sentence("Feedback is reviewed {}.", "cadence")),
    ("Who runs the loop", _text("owner")),
    ("Reviewing body", _reviewing_body),
    ("When feedback changes the framework", _text("trigger")),
    ("Closing the loop", _text("close_the_loop")),
    ("How we know the loop works", _text("metrics")),
)


def build_governance(wb: Workbook) -> Document:
    """The governance framework: bodies, decisions and RACI, access, security, principles."""
    sections = [(name, build(wb)) for name, build in GOVERNANCE]
    return assemble("Governance Framework", wb.name, [Paragraph(GOV_INTRO)], sections)


def build_feedback_plan(wb: Workbook) -> Document:
    """The feedback plan: channels, cadence, owner, reviewing body, trigger, reply, metrics."""
    sections = [(name, build(wb)) for name, build in FEEDBACK]
    return assemble("Feedback Plan", wb.name, [Paragraph(LOOP_INTRO)], sections)
