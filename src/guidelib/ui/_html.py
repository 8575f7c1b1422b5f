"""Small helpers for building HTML strings safely: everything a person typed is escaped."""

from __future__ import annotations

import html


def esc(text: object) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def paragraphs(text: str) -> str:
    """Plain text -> escaped <p> blocks (blank lines separate paragraphs)."""
    blocks = [b.strip() for b in str(text).split("\n\n") if b.strip()]
    return "".join(f"<p>{esc(b)}</p>" for b in blocks)
