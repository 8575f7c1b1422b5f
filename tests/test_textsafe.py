"""The one CSV writer and the message cleaner: read back as a spreadsheet or terminal would."""

from __future__ import annotations

import csv
import io

import pytest

from guidelib.textsafe import csv_bytes, csv_cell, for_message, strip_bidi_overrides, write_csv


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("@SUM(1)", "'@SUM(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("yes", "yes"),
        ("no", "no"),
        (None, ""),
        (7, "7"),
    ],
)
def test_csv_cell(typed, shown):
    assert csv_cell(typed) == shown


def test_csv_bytes_read_back_keeps_every_cell_text(tmp_path):
    path = write_csv(tmp_path / "t.csv", ["label", "count"], [["=cmd|' /C calc'!A0", 3], ["no", 0]])
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["label", "count"], ["'=cmd|' /C calc'!A0", "3"], ["no", "0"]]
    assert csv_bytes([], []) == "\ufeff\r\n".encode()


def test_for_message_strips_escapes_controls_and_bidi():
    hostile = "a\x1b]0;pwned\x07b\x00c\u202ed\ud800e\nf"
    out = for_message(hostile)
    assert all(ord(ch) >= 32 for ch in out)
    assert "\x1b" not in out and "\u202e" not in out and "\ud800" not in out
    assert out == "a]0;pwnedbcde f"
    assert len(for_message("x" * 500, limit=50)) == 50


def test_strip_bidi_overrides_keeps_isolates():
    assert strip_bidi_overrides("a\u202eb\u2067c\u2069") == "ab\u2067c\u2069"
