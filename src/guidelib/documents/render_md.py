"""Document -> Markdown (CommonMark, with GitHub's tables).

Everything a team typed is escaped, so it reads as text: no emphasis, links, headings,
lists or raw HTML can come from an answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .model import (
    BulletList,
    Clause,
    Definitions,
    Document,
    Gap,
    Heading,
    Paragraph,
    Placeholder,
    SignatureBlock,
    Table,
    Text,
    clean,
    plain,
)

# Backslash-escaping any ASCII punctuation is valid CommonMark; these are the ones that
# can start formatting mid-line (~ is strikethrough in GitHub's Markdown). & < > become
# entities instead: not every Markdown tool honours \<, and then raw HTML would get through.
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_INLINE = re.compile(r"([\\`*_\[\]#|~])")
# At the start of a line these make a list item or a setext heading underline.
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")
_SIGN_LINE = "_" * 30
_DATE_LINE = "_" * 14


def escape(text: str) -> str:
    """Typed text as literal Markdown. Leading spaces go, so no line becomes code."""
    lines = []
    for line in clean(text).split("\n"):
        line = _INLINE.sub(r"\\\1", line.strip()).translate(_ENTITIES)
        lines.append(_LINE_START.sub(_escape_start, line))
    return "\n".join(lines)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def _one_line(text: str) -> str:
    """For list items and table cells, where a newline would end the item or the row."""
    return escape(" ".join(clean(text).split()))


def _heading(block: Heading) -> str:
    return "#" * (block.level + 1) + " " + _one_line(block.text)


def _paragraph(block: Paragraph) -> str:
    return escape(block.text)


def _placeholder(block: Placeholder) -> str:
    return f"*{_one_line(block.text)}*"


def _bullets(block: BulletList) -> str:
    return "\n".join(f"- {_one_line(item)}" for item in block.items)


def _table(block: Table) -> str:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(_one_line(c) for c in cells) + " |"

    rule = "| " + " | ".join("---" for _ in block.header) + " |"
    return "\n".join([row(block.header), rule, *(row(r) for r in block.rows)])


def _signatures(block: SignatureBlock) -> str:
    parts = []
    for s in block.signers:
        who = ", ".join(_one_line(x) for x in (s.title, s.organization) if x.strip())
        parts.append(f"**{_one_line(s.name)}**" + (f", {who}" if who else ""))
        date = _one_line(s.date) if s.date.strip() else _DATE_LINE
        parts.append(f"Signature: {_SIGN_LINE} Date: {date}")
    return "\n\n".join(parts)


def _piece(text: str) -> str:
    """Part of a sentence, escaped, keeping the spaces that join it to the next part."""
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return (" " if lead else "") + escape(text) + (" " if trail and text.strip() else "")


def _inline(text: Text) -> str:
    """Clause text: typed words escaped, each gap in italics."""
    return "".join(f"*{_one_line(p.text)}*" if isinstance(p, Gap) else _piece(p) for p in text)


def _clause(block: Clause) -> str:
    # The numbers are the builder's ("4.", "4.1", "(a)"), never typed, so not escaped.
    if block.level == 1:
        return f"## {block.number} {_one_line(plain(block.text))}"
    first = f"**{block.number}** {_inline(block.text)}"
    return "\n\n".join([first, *(_inline(more) for more in block.more)])


def _definitions(block: Definitions) -> str:
    return "\n\n".join(f"**\u201c{_one_line(t)}\u201d** {escape(m)}" for t, m in block.items)


BLOCKS: dict[type, Callable[[Any], str]] = {
    Heading: _heading,
    Paragraph: _paragraph,
    Placeholder: _placeholder,
    BulletList: _bullets,
    Table: _table,
    SignatureBlock: _signatures,
    Clause: _clause,
    Definitions: _definitions,
}


def render_md(doc: Document) -> bytes:
    """The document as UTF-8 Markdown."""
    parts = [f"# {_one_line(doc.title)}"]
    if doc.subtitle.strip():
        parts.append(f"**{_one_line(doc.subtitle)}**")
    parts += [BLOCKS[type(block)](block) for block in doc.blocks]
    return ("\n\n".join(parts) + "\n").encode("utf-8")
