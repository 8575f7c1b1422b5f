"""A structured document: a title and a flat run of blocks, with no formatting of its own.

Builders (`charter.py`, later the agreements and reports) make a `Document` from a
workbook; renderers (`render_md`, `render_html`, `render_docx`) turn it into bytes. Each
renderer looks up a function per block type in a dict, so a new block type means one
dataclass here and one function per renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.text import long_date  # noqa: F401 - re-exported for the builders

#: Shown, in italics, where a section has no answer yet.
NOT_AGREED = "Not yet agreed."

# Characters XML 1.0 forbids (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/F).
# python-docx refuses them and they make HTML and Markdown invalid, so all three strip them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def clean(text: str) -> str:
    """`text` with Windows line ends unified and XML-forbidden characters removed."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Heading:
    """A section (level 1) or part of one (level 2). The document title is not a heading."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Running text; a single newline inside it is a line break."""

    text: str


@dataclass(frozen=True)
class Placeholder:
    """Italic text standing in for an answer the team has not given yet."""

    text: str = NOT_AGREED


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table whose first row, `header`, repeats on every printed page."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Signer:
    name: str
    title: str = ""
    organization: str = ""
    date: str = ""  # already written out for people ("21 April 2026"), or ""


@dataclass(frozen=True)
class SignatureBlock:
    """A line to sign on, and one for the date, for each signer."""

    signers: tuple[Signer, ...]


@dataclass(frozen=True)
class Gap:
    """An answer missing from inside a sentence: shown in brackets, in italics (highlighted
    in Word), so a reader sees the hole and counsel can fill it in."""

    what: str  # e.g. "date by which shared data is destroyed"

    @property
    def text(self) -> str:
        return f"[{NOT_AGREED[:-1]}: {self.what}]"


#: Text with gaps: typed or template words, and `Gap`s where an answer is missing.
Text = tuple[str | Gap, ...]


def plain(text: Text) -> str:
    """Text with gaps as one string, each gap in its brackets."""
    return "".join(p.text if isinstance(p, Gap) else p for p in text)


@dataclass(frozen=True)
class Clause:
    """A numbered clause, numbered as shown in `number`. Level 1 is a clause's title
    ("4." Security), level 2 a numbered paragraph ("4.1"), level 3 a lettered item ("(a)").
    `more` holds paragraphs that continue a clause without a number of their own. Word
    numbers the clauses itself, so counsel can insert one and the rest renumber."""

    number: str
    text: Text
    level: int = 2
    more: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Definitions:
    """Defined terms: each term in bold and quotes, then its meaning ("means ...")."""

    items: tuple[tuple[str, str], ...]


Block = (
    Heading | Paragraph | Placeholder | BulletList | Table | SignatureBlock | Clause | Definitions
)


@dataclass(frozen=True)
class Document:
    """What every renderer takes. `blanks` names the sections shown with a placeholder."""

    title: str
    subtitle: str = ""
    author: str = ""
    blocks: tuple[Block, ...] = ()
    blanks: list[str] = field(default_factory=list)
    lang: str = "en"  # the language it is written in (the survey can be another)


def paragraphs(text: str | None) -> list[Paragraph]:
    """Typed text as paragraphs, split at blank lines; none for empty text."""
    parts = _BLANK_LINES.split(clean(text or "").strip())
    return [Paragraph(part.strip()) for part in parts if part.strip()]


def assemble(
    title: str,
    subtitle: str,
    intro: list[Block],
    sections: list[tuple[str, list[Block]]],
) -> Document:
    """A document of titled sections. An empty section gets a placeholder; any section
    holding a placeholder (in whole or in part) is named in `blanks`."""
    blocks: list[Block] = list(intro)
    blanks: list[str] = []
    for name, body in sections:
        body = body or [Placeholder()]
        if any(isinstance(b, Placeholder) for b in body):
            blanks.append(name)
        blocks += [Heading(name), *body]
    return Document(title, subtitle, subtitle, tuple(blocks), blanks)
