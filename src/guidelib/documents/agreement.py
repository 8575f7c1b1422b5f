"""The data-sharing agreement (step 2.3), assembled from the clause library in
`content/clauses.yaml` and the answers of phases 1 and 2.

The kind of agreement chosen (MOU, DSA or DUL) picks the title and the clauses; the rules
that govern the data sets add the clauses marked for them. Clauses are numbered 1., 1.1
and (a). A missing answer shows as a visible gap in its sentence, and the clause is named
in `Document.blanks`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.legal import Clause as ClauseSpec
from ..content.legal import Library, Part, legal
from ._agreement_parts import INSERTS, Context
from ._common import join_words, lower_first, member_organizations, rows, text
from ._template import fill
from .model import (
    Block,
    Clause,
    Document,
    Gap,
    Heading,
    Paragraph,
    Placeholder,
    SignatureBlock,
    Signer,
    Table,
    Text,
    long_date,
    paragraphs,
    plain,
)

if TYPE_CHECKING:
    from ..workbook import Workbook

STEP = "agreement"
DEFAULT = "dsa"
NO_KIND = "The kind of agreement is not yet chosen; this draft is laid out as a {title}."
NO_SIGNERS = "Who signs for each Party is not yet agreed."
NO_PARTIES = "The Parties are not yet named."
BLANK_LINE = "_" * 24
EXHIBIT = "Exhibit A: Confidentiality pledge"
PLEDGE_LEAD = "Each Authorized User signs this pledge before seeing any Shared Data."
PLEDGE_HEADER = ("Authorized User", "Works for", "Signature", "Date")
ANNEX = "Annex: Plain-language glossary"
ANNEX_LEAD = (
    "These short definitions help readers who are not lawyers. They do not change the "
    "meaning of any clause."
)
GLOSSARY_HEADER = ("Term", "What it means")
GUIDE = "Annex: What each clause does, in plain words"
GUIDE_HEADER = ("Clause", "What it does")
GUIDE_LEAD = (
    "These notes say what each clause does, for readers who are not lawyers. They do not "
    "change the meaning of any clause."
)


def _answer(wb: Workbook, ref: str) -> str | Gap:
    """A slot's answer as words for a sentence, or a gap naming the question."""
    step, field = ref.split(".")
    spec = wb.guidebook.step(step).field(field)
    value = wb.get(step, field)
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        return Gap(lower_first(spec.label))
    if spec.type == "date":
        return long_date(value)
    if spec.type == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    if spec.type == "multichoice":
        return join_words([spec.option_label(v) for v in value])
    if spec.type == "choice":
        return spec.option_label(value)
    if spec.type == "bool":
        return "yes" if value else "no"
    return "\n\n".join(p.text for p in paragraphs(str(value)))


def _parties(wb: Workbook) -> list[str]:
    """From who signs for each party (step 2.3), else the coalition's organizations."""
    named = [text(r, "party") for r in rows(wb, STEP, "signatories")]
    return list(dict.fromkeys(p for p in named if p)) or member_organizations(wb)


def _values(wb: Workbook, library: Library, instrument: str) -> dict[str, str | Gap]:
    values: dict[str, str | Gap] = {n: _answer(wb, ref) for n, ref in library.slots.items()}
    parties = _parties(wb)
    values["title"] = library.titles[instrument]
    values["coalition"] = wb.name
    values["parties"] = join_words(parties) if parties else Gap("the Parties")
    return values


@dataclass
class _Builder:
    """Collects blocks and the names of the sections left blank."""

    ctx: Context
    blocks: list[Block]
    blanks: list[str]

    def add(self, section: str, blocks: list[Block]) -> None:
        self.blocks += blocks
        blank = any(
            isinstance(b, Placeholder) or (isinstance(b, Clause) and _has_gap(b)) for b in blocks
        )
        if blank and section not in self.blanks:
            self.blanks.append(section)


def _has_gap(block: Clause) -> bool:
    return any(isinstance(p, Gap) for t in (block.text, *block.more) for p in t)


def _shown(part: Part | ClauseSpec, ctx: Context) -> bool:
    kinds = part.applies_to
    return (not kinds or ctx.instrument in kinds) and (
        not part.regimes or bool(ctx.regimes & set(part.regimes))
    )


def _clause(spec: ClauseSpec, number: int, ctx: Context) -> list[Block]:
    title = spec.title(ctx.instrument)
    blocks: list[Block] = [Clause(f"{number}.", (title,), level=1)]
    sub = 0
    for part in (p for p in spec.parts if _shown(p, ctx)):
        if part.text:
            sub += 1
            first, *more = fill(part.text, ctx.values) or [(Gap(lower_first(title)),)]
            blocks.append(Clause(f"{number}.{sub}", first, more=tuple(more)))
        if part.insert:
            blocks += INSERTS[part.insert](ctx)
    return blocks


def _preamble(out: _Builder, library: Library) -> None:
    ctx = out.ctx
    parties = _parties(ctx.wb)
    lead = fill(library.parties, ctx.values)
    listed = [Paragraph(f"({i}) {p}") for i, p in enumerate(parties, 1)]
    out.add(
        "Parties", [Heading("Parties"), *map(_para, lead), *(listed or [Placeholder(NO_PARTIES)])]
    )
    recitals: list[Block] = [Heading("Background")]
    shown = [p for p in library.background if _shown(p, ctx)]
    for letter, part in zip(string.ascii_uppercase, shown, strict=False):
        first, *more = fill(part.text, ctx.values)
        recitals += [_para((f"{letter}. ", *first)), *map(_para, more)]
    recitals += map(_para, fill(library.agree, ctx.values))
    out.add("Background", recitals)


def _para(text: Text) -> Block:
    """Running text outside the numbered clauses; a gap shows in brackets."""
    return (
        Placeholder(plain(text))
        if any(isinstance(p, Gap) for p in text)
        else Paragraph(plain(text))
    )


def _signatures(out: _Builder, library: Library) -> None:
    wb = out.ctx.wb
    signers = [
        Signer(text(r, "name"), text(r, "title"), text(r, "party"))
        for r in rows(wb, STEP, "signatories")
    ]
    blocks: list[Block] = [
        Heading("Signatures"),
        *map(_para, fill(library.signatures, out.ctx.values)),
    ]
    if not signers or not all(s.name for s in signers):
        blocks.append(Placeholder(NO_SIGNERS))
        signers = [s if s.name else Signer(BLANK_LINE, s.title, s.organization) for s in signers]
        signers = signers or [Signer(BLANK_LINE, "", p) for p in _parties(wb)]
    out.add("Signatures", [*blocks, SignatureBlock(tuple(signers))])


def _exhibit(out: _Builder, library: Library) -> None:
    """What every Authorized User signs (DSA and DUL): the pledge, and a line per user."""
    wb = out.ctx.wb
    users = [(text(r, "who"), text(r, "organization")) for r in rows(wb, STEP, "users")]
    lines = tuple((who, org, BLANK_LINE, "") for who, org in users) or (("", "", BLANK_LINE, ""),)
    pledge = [_para(t) for t in fill(library.pledge, out.ctx.values)]
    out.add(EXHIBIT, [Heading(EXHIBIT), Paragraph(PLEDGE_LEAD), *pledge,
                      Table(PLEDGE_HEADER, lines)])  # fmt: skip


def _annex(out: _Builder, library: Library, clauses: list[ClauseSpec]) -> None:
    """The reader's guide (each clause's note) and the glossary, for readers who are not
    lawyers."""
    instrument = out.ctx.instrument
    guide = tuple((f"{n}. {c.title(instrument)}", c.note) for n, c in enumerate(clauses, 1))
    body = tuple((t.term, t.text) for t in library.glossary)
    out.blocks += [Heading(GUIDE), Paragraph(GUIDE_LEAD), Table(GUIDE_HEADER, guide)]
    out.blocks += [Heading(ANNEX), Paragraph(ANNEX_LEAD), Table(GLOSSARY_HEADER, body)]


def build_agreement(wb: Workbook, instrument: str | None = None) -> Document:
    """The agreement for the kind chosen in step 2.3 (or `instrument`), as a structured
    document: a draft for counsel, with the glossary as an annex."""
    library = legal().library
    instrument = instrument or wb.get(STEP, "instrument") or DEFAULT
    title = library.titles[instrument]
    values = _values(wb, library, instrument)
    regimes = {text(r, "regime") for r in rows(wb, STEP, "dataset_rules")} - {""}
    ctx = Context(wb, instrument, regimes, values, library)
    out = _Builder(ctx, [Paragraph(plain(fill(library.note, values)[0]))], [])
    if not wb.get(STEP, "instrument") and instrument == DEFAULT:
        kind = wb.guidebook.step(STEP).field("instrument").label
        out.add(kind, [Placeholder(NO_KIND.format(title=title))])
    _preamble(out, library)
    clauses = [c for c in library.clauses if _shown(c, ctx)]
    for number, spec in enumerate(clauses, 1):
        out.add(spec.title(instrument), _clause(spec, number, ctx))
    _signatures(out, library)
    if instrument in ("dsa", "dul"):
        _exhibit(out, library)
    _annex(out, library, clauses)
    return Document(title, wb.name, wb.name, tuple(out.blocks), out.blanks)


def build_license(wb: Workbook) -> Document:
    """A data use license for one project, whatever kind of agreement step 2.3 chose: the
    licensee, principal investigator, research approval and deliverables, on top of the
    data sharing terms."""
    return build_agreement(wb, "dul")


__all__ = ["build_agreement", "build_license", "fill"]
