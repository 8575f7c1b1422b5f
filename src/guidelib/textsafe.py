"""Text that leaves guidelib safely: into a spreadsheet, a terminal, or a document.

Layer 1 (no imports from the rest of guidelib), so every layer can use it.

- **Spreadsheets.** A cell a spreadsheet would read as a formula (text starting with =, +,
  -, @, a tab or a line break, or their full-width forms) gets a leading apostrophe, so it
  shows as typed and never runs (OWASP, "CSV injection"). `write_csv` is the one CSV writer
  for every CSV guidelib writes: UTF-8 with a byte-order mark (so spreadsheets read the
  letters right), CRLF line ends, every cell text.
- **Terminals and status lines.** `for_message` removes control characters (escape
  sequences could recolour or rewrite a terminal) and bidirectional controls, and
  shortens the text, before a message echoes something a person or a file supplied.
- **Documents.** `strip_bidi_overrides` removes the embedding and override characters
  (U+202A-U+202E) that can make text read differently from how it is stored ("Trojan
  Source"); the isolates (U+2066-U+2069) are the safe way to mix directions and are kept.

>>> csv_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> for_message("col\\x1b[31mred")
'col[31mred'
>>> strip_bidi_overrides("abc\\u202edef")
'abcdef'
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e")
BIDI_CONTROLS = BIDI_OVERRIDES | frozenset("\u200e\u200f\u061c\u2066\u2067\u2068\u2069")


def csv_cell(value: object) -> str:
    """Text a spreadsheet shows as text: formula starters get a leading apostrophe.

    Every value becomes text as written ("yes" stays "yes", never true)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file's bytes: UTF-8 with a byte-order mark, CRLF, every cell `csv_cell`-safe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_csv(
    path: str | os.PathLike[str], header: Sequence[object], rows: Iterable[Sequence[object]]
) -> Path:
    """Write a spreadsheet-safe CSV to `path` (see `csv_bytes`) and return the path."""
    target = Path(path)
    target.write_bytes(csv_bytes(header, rows))
    return target


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in BIDI_CONTROLS


def for_message(value: object, limit: int = 120) -> str:
    """`value` as text that is safe to echo in a message: no control characters (escape
    sequences, NUL, line breaks), no bidirectional controls, at most `limit` characters."""
    text = "".join(" " if ch in "\t\r\n" else ch for ch in str(value))
    text = "".join(ch for ch in text if not _is_control(ch))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def strip_bidi_overrides(text: str) -> str:
    """`text` without the bidirectional embedding and override characters."""
    return "".join(ch for ch in text if ch not in BIDI_OVERRIDES)


__all__ = [
    "FORMULA_START",
    "BIDI_OVERRIDES",
    "csv_cell",
    "csv_bytes",
    "write_csv",
    "for_message",
    "strip_bidi_overrides",
]
