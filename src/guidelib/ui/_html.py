"""Small helpers for building HTML strings safely: everything a person typed is escaped."""

from __future__ import annotations

import html


def esc(text: object) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape(str(text), quote=True)
