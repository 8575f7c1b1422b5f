"""Issue #18: random JSON in every field of the worked example never crashes a command.

Hypothesis writes random values (any JSON, and values shaped like the field's type with
wrong parts) straight into the file, as a hand edit or another tool would, then runs
`validate`, `status` and every document export in-process: each ends with exit 0 or 1 and
at most one sentence on stderr, never exit 2 ("unexpected error") or a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidelib.cli import main
from guidelib.content import GUIDEBOOK
from guidelib.documents import DOCUMENTS, RENDERERS

from .conftest import EXAMPLE

FIELDS = [(s.id, f) for s in GUIDEBOOK.steps for f in s.fields]
TEXT = st.text(max_size=12)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT
JSON = st.recursive(
    SCALARS.filter(lambda v: v != float("inf") and v != float("-inf")),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


def shaped(field) -> st.SearchStrategy:
    """Values that look like the field's type, with random parts: the likely mistakes."""
    keys = [c.id for c in field.columns] + [o.id for o in field.rows] + ["answer", "note"]
    part = st.sampled_from(keys) | TEXT if keys else TEXT
    row = st.dictionaries(part, JSON, max_size=3)
    return st.lists(row, max_size=3) | st.dictionaries(part, row | JSON, max_size=3)


@st.composite
def answers(draw) -> dict:
    chosen = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=12, unique_by=id))
    out: dict = {}
    for step_id, field in chosen:
        out.setdefault(step_id, {})[field.id] = draw(JSON | shaped(field))
    return out


# Every format, Word one time in five: building the document is where a mistyped answer
# would break (the same for each format); Word files take five times longer to write.
FORMATS = st.integers(0, 4).map(lambda n: "docx" if n == 0 else ("md", "html")[n % 2])
assert set(RENDERERS) == {"md", "html", "docx"}


def run(*argv: object) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, err.getvalue()


def check(code: int, err: str, argv: tuple) -> None:
    assert code in (0, 1), (argv, err)
    assert "Traceback" not in err and "unexpected error" not in err, (argv, err)
    problems = [line for line in err.splitlines() if not line.startswith("note: ")]
    if code == 1 and not (argv[0] == "validate" and not problems):  # validate: findings on stdout
        assert len(problems) == 1 and problems[0].startswith("guidelib: "), (argv, err)
    else:
        assert problems == [], (argv, err)


@pytest.mark.slow
def test_random_answers_in_every_field_never_crash_a_command(tmp_path: Path):
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    folder = tmp_path / "workbook"
    out = tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    path = folder / EXAMPLE.name

    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(answers(), FORMATS)
    def attempt(changes: dict, fmt: str) -> None:
        doc = json.loads(json.dumps(base))
        for step_id, fields in changes.items():
            doc["answers"].setdefault(step_id, {}).update(fields)
        path.write_text(json.dumps(doc), encoding="utf-8")
        commands = [("validate", path), ("status", path), ("status", path, "--json")]
        commands += [
            ("export", path, "--doc", kind, "--format", fmt, "-o", out) for kind in DOCUMENTS
        ]
        for argv in commands:
            check(*run(*argv), argv)
        # nothing random ever changes what is stored: the commands above only read
        assert json.loads(path.read_text(encoding="utf-8"))["answers"] == doc["answers"]

    attempt()
    leftovers = [p.name for p in folder.iterdir() if p.name != EXAMPLE.name]
    assert leftovers == [] or all(p.endswith(".lock") for p in leftovers)
    shutil.rmtree(out)
