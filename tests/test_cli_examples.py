"""`python -m guidelib.examples`: one parser for the example files, the older spellings
(a positional folder, `python -m guidelib.examples.survey_responses` and `.extracts`)
still working, and bad input as one sentence with exit status 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guidelib.examples.__main__ import main
from guidelib.survey import responses

from .conftest import EXAMPLE


def module(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", *map(str, argv)], capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in proc.stderr
    return proc


def test_the_worked_example_under_both_spellings(tmp_path, capsys):
    for argv, folder in [
        ([str(tmp_path / "old")], tmp_path / "old"),  # `python -m guidelib.examples DIR`
        (["--out", str(tmp_path / "new")], tmp_path / "new"),
        (["kinship-care", "--out", str(tmp_path / "named")], tmp_path / "named"),
    ]:
        assert main(argv) == 0
        written = folder / EXAMPLE.name
        assert capsys.readouterr().out.strip() == str(written)
        assert written.read_bytes() == EXAMPLE.read_bytes()


def test_survey_responses_old_module_and_new_action_write_the_same(tmp_path):
    old = module("guidelib.examples.survey_responses", tmp_path / "old", "--n", "12")
    new = module("guidelib.examples", "survey-responses", "--out", tmp_path / "new", "--n", "12")
    assert old.returncode == new.returncode == 0, old.stderr + new.stderr
    assert "RuntimeWarning" not in old.stderr + new.stderr
    paths = [Path(old.stdout.strip()), Path(new.stdout.strip())]
    assert [p.parent for p in paths] == [tmp_path / "old", tmp_path / "new"]
    rows = [[(r.response_id, r.answers) for r in responses(p.parent / EXAMPLE.name)]
            for p in paths]  # fmt: skip
    assert len(rows[0]) == 12 and rows[0] == rows[1]


def test_extracts_old_module_and_new_action_write_the_same(tmp_path):
    args = ("--rows", "40", "--seed", "5", "--format", "csv")
    old = module("guidelib.examples.extracts", tmp_path / "old", *args)
    new = module("guidelib.examples", "extracts", "--out", tmp_path / "new", *args)
    assert old.returncode == new.returncode == 0, old.stderr + new.stderr
    names = [Path(p).name for p in old.stdout.split()]
    assert names == [Path(p).name for p in new.stdout.split()] and len(names) == 3
    for name in names:
        assert (tmp_path / "old" / name).read_bytes() == (tmp_path / "new" / name).read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extracts"], "`python -m guidelib.examples extracts` needs --out"),
        (["extracts", "--out", "{tmp}/x", "--rows", "0"], "--rows must be a whole number of 1"),
        (["extracts", "--out", "{tmp}/x", "--format", "xlsx"], "--format cannot be 'xlsx'"),
        (["survey-responses", "--n", "lots"], '--n must be a whole number of 1 or more, not "l'),
        (["{tmp}/a", "--out", "{tmp}/b"], "Give --out once"),
        (["--out", "{tmp}/file.txt/sub"], "Could not make the folder"),
        (["kinship-care", "--colour"], "This command does not take --colour"),
    ],
)  # fmt: skip
def test_bad_input_is_one_sentence_and_exit_1(tmp_path, capsys, argv, message):
    (tmp_path / "file.txt").write_text("not a folder")
    code = main([a.format(tmp=tmp_path) for a in argv])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert err.startswith("guidelib.examples: ") and message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # nothing written


def test_help_names_every_action(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("kinship-care", "survey-responses", "extracts"))
