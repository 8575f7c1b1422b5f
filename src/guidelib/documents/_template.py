"""Clause templates filled with answers: `{slot}` becomes the answer, or a `Gap`."""

from __future__ import annotations

import string

from ._common import lower_first
from .model import Gap, Text, plain

_PARAGRAPH_BREAK = "\n\n"


def fill(template: str, values: dict[str, str | Gap]) -> list[Text]:
    """A template with its {slots} filled, as paragraphs (split at blank lines).

    >>> fill("Kept until {date}.\\n\\n{how}", {"date": "1 May 2028", "how": Gap("how")})
    [('Kept until ', '1 May 2028', '.'), (Gap(what='how'),)]
    """
    pieces: list[str | Gap] = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        pieces.append(literal)
        if name is not None:
            value = values[name]
            pieces.append(
                lower_first(value) if spec == "lower" and isinstance(value, str) else value
            )
    paragraphs: list[list[str | Gap]] = [[]]
    for piece in pieces:
        if isinstance(piece, Gap):
            paragraphs[-1].append(piece)
            continue
        for i, chunk in enumerate(piece.split(_PARAGRAPH_BREAK)):
            if i:
                paragraphs.append([])
            paragraphs[-1].append(chunk)
    return [_trim(p) for p in paragraphs if plain(tuple(p)).strip()]


def _trim(pieces: list[str | Gap]) -> Text:
    """Drop spaces at the ends of a paragraph and the empty strings inside it."""
    if isinstance(pieces[0], str):
        pieces[0] = pieces[0].lstrip()
    if isinstance(pieces[-1], str):
        pieces[-1] = pieces[-1].rstrip()
    return tuple(p for p in pieces if p)
