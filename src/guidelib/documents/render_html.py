"""Document -> one self-contained HTML page (inline CSS, no scripts, no outside address).

Every string goes through `html.escape`. Text elements carry `dir="auto"`, so a paragraph
typed in Arabic or Hebrew runs right to left while the page stays left to right.
"""

from __future__ import annotations

import html
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

# System fonts only: a web font would need an outside address, and this page must open
# offline and print the same anywhere. Cells use overflow-wrap "break-word", not
# "anywhere", which would let columns shrink until words break mid-word.
CSS = """\
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  line-height: 1.5; color: #1a1a1a; margin: 0; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 2rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.25rem; }
p, li { overflow-wrap: anywhere; }
td, th { overflow-wrap: break-word; }
.subtitle { font-size: 1.2rem; color: #444; margin-top: 0; }
.blank { font-style: italic; color: #555; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #999; padding: 0.35rem 0.5rem; text-align: start;
  vertical-align: top; }
th { background: #eee; }
.signature { margin: 1.5rem 0; break-inside: avoid; }
.signature p { margin: 0.2rem 0; }
.line { display: inline-block; min-width: 16rem; border-bottom: 1px solid #000; }
.line.date { min-width: 8rem; }
.clause { margin: 0.5rem 0 0.5rem 2.75rem; text-indent: -2.75rem; }
.clause .num { display: inline-block; min-width: 2.75rem; text-indent: 0; }
.item { margin-left: 5.5rem; }
.more, .definition { margin: 0.5rem 0 0.5rem 2.75rem; }
h2 .num { margin-right: 0.5rem; }
.gap { font-style: italic; background: #fff3b0; }
@page { margin: 2cm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""


def _text(text: str) -> str:
    """Typed text, escaped, with its line breaks kept."""
    return html.escape(clean(text)).replace("\n", "<br>\n")


def _heading(block: Heading) -> str:
    tag = f"h{block.level + 1}"
    return f'<{tag} dir="auto">{_text(block.text)}</{tag}>'


def _paragraph(block: Paragraph) -> str:
    return f'<p dir="auto">{_text(block.text)}</p>'


def _placeholder(block: Placeholder) -> str:
    return f'<p class="blank" dir="auto"><em>{_text(block.text)}</em></p>'


def _bullets(block: BulletList) -> str:
    items = "".join(f'<li dir="auto">{_text(i)}</li>\n' for i in block.items)
    return f"<ul>\n{items}</ul>"


def _table(block: Table) -> str:
    head = "".join(f'<th scope="col" dir="auto">{_text(h)}</th>' for h in block.header)
    rows = "".join(
        "<tr>" + "".join(f'<td dir="auto">{_text(c)}</td>' for c in row) + "</tr>\n"
        for row in block.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>"


def _signatures(block: SignatureBlock) -> str:
    out = []
    for s in block.signers:
        who = ", ".join(_text(x) for x in (s.title, s.organization) if x.strip())
        date = _text(s.date) if s.date.strip() else '<span class="line date"></span>'
        out.append(
            '<div class="signature">\n'
            f'<p dir="auto"><strong>{_text(s.name)}</strong>{", " + who if who else ""}</p>\n'
            '<p>Signature: <span class="line"></span> Date: ' + date + "</p>\n</div>"
        )
    return "\n".join(out)


def _inline(text: Text) -> str:
    return "".join(
        f'<em class="gap">{_text(p.text)}</em>' if isinstance(p, Gap) else _text(p) for p in text
    )


def _clause(block: Clause) -> str:
    num = f'<span class="num">{_text(block.number)}</span>'
    if block.level == 1:
        return f'<h2 dir="auto">{num} {_text(plain(block.text))}</h2>'
    kind = "clause item" if block.level > 2 else "clause"
    out = [f'<p class="{kind}" dir="auto">{num}{_inline(block.text)}</p>']
    out += [f'<p class="more" dir="auto">{_inline(more)}</p>' for more in block.more]
    return "\n".join(out)


def _definitions(block: Definitions) -> str:
    return "\n".join(
        f'<p class="definition" dir="auto"><strong>\u201c{_text(t)}\u201d</strong> {_text(m)}</p>'
        for t, m in block.items
    )


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


def render_html(doc: Document) -> bytes:
    """The document as a complete UTF-8 HTML page."""
    title = doc.title + (f": {doc.subtitle}" if doc.subtitle.strip() else "")
    title = html.escape(" ".join(clean(title).split()))  # one line: no <br> in <title>
    head = f'<h1 dir="auto">{_text(doc.title)}</h1>\n'
    if doc.subtitle.strip():
        head += f'<p class="subtitle" dir="auto">{_text(doc.subtitle)}</p>\n'
    body = "\n".join(BLOCKS[type(block)](block) for block in doc.blocks)
    page = (
        f'<!doctype html>\n<html lang="{html.escape(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{head}{body}\n</main>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
