"""The guidelib command: exit codes and plain messages, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import guidelib
from guidelib.cli import COMMANDS, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_help_lists_every_command():
    proc = subprocess.run(
        [sys.executable, "-m", "guidelib", "--help"], capture_output=True, text=True, check=True
    )
    for name in ("new", "status", "validate", "answer", "run"):
        assert name in proc.stdout
    assert set(COMMANDS) == {
        "new",
        "status",
        "validate",
        "answer",
        "export",
        "publish",
        "run",
        "serve-public",
        "check-data",
        "suppress",
        "equity",
        "survey",
        "checklist",
        "workshop",
        "report",
        "binder-links",
        "hub",
    }


def test_new_creates_and_prints_the_path(capsys, folder):
    code, out, _ = run(capsys, "new", "Riverbend Kinship Team", "--dir", str(folder))
    assert code == 0
    assert out.strip() == str(folder / "riverbend-kinship-team.json")
    code, _, err = run(capsys, "new", "Riverbend kinship team", "--dir", str(folder))
    assert code == 1 and err.startswith("guidelib: A workbook for") and "already exists" in err


def test_new_refuses_an_empty_name(capsys, folder):
    code, _, err = run(capsys, "new", "   ")
    assert code == 1 and "Give the team a name" in err


def test_status_text_and_json(capsys, example):
    code, out, _ = run(capsys, "status", "example-kinship-care")
    assert code == 0
    assert "Phase 1: Build the collective" in out and "[x] 1.1 Start with the policy problem" in out
    code, out, _ = run(capsys, "status", str(example), "--json")
    data = json.loads(out)
    assert data["team"]["slug"] == "example-kinship-care"
    assert [p["id"] for p in data["progress"]["phases"]] == [
        "build-the-collective",
        "define-the-operations",
        "drive-impact",
    ]
    assert data["progress"]["phases"][0]["steps"][0]["status"] == "complete"


def test_validate_exit_codes(capsys, example, wb):
    assert run(capsys, "validate", str(example))[0] == 0
    doc = json.loads(wb.path.read_text())
    doc["answers"] = {
        "stakeholders": {"register": [{"name": "A", "influence": 9}]},
        "policy-problem": {"gone": "x"},
    }
    wb.path.write_text(json.dumps(doc))
    code, out, _ = run(capsys, "validate", "test-team")
    assert code == 1
    assert 'error: "Influence" in row 1 of "Stakeholder register"' in out
    assert "warning: Step 1.1 (Start with the policy problem) has no field 'gone'" in out
    assert "1 problem found." in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["status", "no-such-team"], "There is no workbook no-such-team.json"),
        (["validate", "../../etc/passwd"], "neither a workbook name"),
        (["status", "notes.txt"], "neither a workbook name"),
    ],
)
def test_bad_workbook_arguments(capsys, folder, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 1 and message in err


def test_validate_reports_a_damaged_file_plainly(capsys, wb):
    wb.path.write_text("{")
    code, _, err = run(capsys, "validate", "test-team")
    assert code == 1 and "damaged and there is no good backup" in err


def test_answer_sets_and_prints(capsys, wb):
    assert (
        run(capsys, "answer", "test-team", "policy-problem", "problem", "Kids miss school")[0] == 0
    )
    assert run(capsys, "answer", "test-team", "charter", "term_months", "24")[0] == 0
    code, out, _ = run(
        capsys,
        "answer",
        "test-team",
        "stakeholders",
        "register",
        '[{"name": "Ana", "kind": "data-provider", "influence": 4}]',
    )
    assert code == 0 and "Saved 1.2 Stakeholder register" in out
    again = guidelib.open_workbook(wb.path)
    assert again.get("charter", "term_months") == 24
    assert again.get("stakeholders", "register")[0]["kind"] == "data-provider"
    code, out, _ = run(capsys, "answer", "test-team", "policy-problem", "problem")
    assert json.loads(out) == "Kids miss school"
    code, _, err = run(capsys, "answer", "test-team", "charter", "term_months", "forever")
    assert code == 1 and "must be a number" in err
    code, _, err = run(capsys, "answer", "test-team", "charter", "nope", "x")
    assert code == 1 and "has no field 'nope'" in err


def test_unexpected_errors_are_one_line(capsys, monkeypatch, wb):
    def boom(_wb):
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(COMMANDS, "status", (boom, COMMANDS["status"][1]))
    code, _, err = run(capsys, "status", "test-team")
    assert code == 2
    assert err.strip() == (
        "guidelib: unexpected error (RuntimeError: disk on fire). "
        "Set GUIDELIB_DEBUG=1 to see the details."
    )


def test_checklist_prints_and_writes_markdown(capsys, tmp_path):
    code, out, _ = run(capsys, "checklist")
    assert code == 0 and out.startswith("# Equity and ethics review")
    assert out.count("- [ ] ") == len(guidelib.GUIDEBOOK.review.items)
    code, out, _ = run(capsys, "checklist", "-o", str(tmp_path / "ETHICS.md"))
    assert code == 0 and (tmp_path / "ETHICS.md").read_text().count("- [ ] ") > 20
    code, _, err = run(capsys, "checklist", "-o", str(tmp_path / "nowhere" / "x.md"))
    assert code == 1 and "There is no folder" in err


def test_export_every_kind_of_document(capsys, example, tmp_path):
    from guidelib.documents import DOCUMENTS

    for kind in DOCUMENTS:
        target = tmp_path / f"{kind}.docx"
        code, out, _ = run(
            capsys, "export", str(example), "--doc", kind, "--format", "docx", "-o", str(target)
        )
        assert code == 0 and target.stat().st_size > 5000, (kind, out)


def test_every_command_has_help(capsys):
    for name in COMMANDS:
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0, name
        assert "usage: guidelib " + name in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no-such-command"], "COMMAND cannot be 'no-such-command': choose from 'new'"),
        (["suppress", "t.csv"], "`guidelib suppress` needs --count, -o/--output"),
        (["status"], "`guidelib status` needs workbook (see `guidelib status --help`)."),
        (["export", "x", "--doc", "charter", "--format", "pdf"], "--format cannot be 'pdf'"),
        (["status", "x", "--dir"], "--dir needs a value"),
        (["status", "x", "--colour"], "This command does not take --colour"),
        (["run", "--port", "http"], '--port must be a whole number from 1 to 65535, not "http".'),
        (["hub", "t.csv", "--out", "h", "--idle-timeout", "-5"], "--idle-timeout must be"),
        (["workshop", "t.csv", "--out", "w", "--jobs", "two"], "--jobs must be a whole number"),
        (["survey", "results", "x", "--min-cell", "1001"], "--min-cell must be a whole number"),
        (["survey", "import", "x", "f.csv", "--map", "nocolumn"], "--map takes COLUMN=QUESTION"),
        (["check-data", "f.csv", "--l", "0"], "l must be a whole number of 1 or more"),
        (["suppress", "t.csv", "--count", "n", "--policy", "\x1b[31mred", "-o", "o.csv"],
         "is not a suppression policy"),
    ],
)  # fmt: skip
def test_a_bad_command_line_is_one_sentence_and_exit_1(capsys, tmp_path, argv, message):
    """argparse's own errors and the typed options: one line, exit 1, before anything runs
    (exit 2 is kept for bugs), and no control character from the command line echoed."""
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert err.startswith("guidelib: ") and message in err and "\x1b" not in err
    assert "usage:" not in err and list(tmp_path.iterdir()) == []


def test_typed_options_reach_the_command_as_values():
    from guidelib.datacheck import Policy

    args = guidelib.cli.parser().parse_args(
        ["check-data", "f.csv", "--quasi", "age, zip,", "--k", "7"]
    )
    assert (args.quasi, args.sensitive, args.k, args.l) == (["age", "zip"], [], 7, 2)
    args = guidelib.cli.parser().parse_args(["suppress", "t.csv", "--count", "n", "-o", "o"])
    assert isinstance(args.policy, Policy) and args.policy.minimum == 11
    args = guidelib.cli.parser().parse_args(["survey", "import", "x", "f.csv", "--map", "a=2"])
    assert args.map == [("a", "2")]
    args = guidelib.cli.parser().parse_args(["hub", "t.csv", "--out", "h"])
    assert (args.port, args.idle_timeout) == (8000, 3600)


def test_argument_parsing_stays_in_the_entry_points():
    """The domain layers take typed parameters; only the entry points parse a command line."""
    from pathlib import Path

    src = Path(guidelib.__file__).parent
    parsing = sorted(
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if "argparse" in path.read_text(encoding="utf-8")
    )
    assert [p for p in parsing if not p.startswith("cli/")] == [
        "binder_pins.py",
        "cmdline.py",
        "examples/__main__.py",
        "notebooks.py",
    ]


def test_binder_pins_writes_to_o_output_and_the_old_out(tmp_path, capsys):
    """`-o/--output` is a file everywhere; binder_pins' old long name `--out` still works."""
    from guidelib.binder_pins import main as pins_main

    written = []
    for flag in ("-o", "--output", "--out"):
        target = tmp_path / flag.strip("-") / "requirements.txt"
        target.parent.mkdir()
        assert pins_main([flag, str(target)]) == 0
        assert f"pinned in {target}" in capsys.readouterr().out
        assert (target.parent / "runtime.txt").read_text().startswith("python-3.")
        written.append(target.read_text())
    assert written[0] == written[1] == written[2] and "==" in written[0]
    assert "--output" in _help(pins_main) and "--out " not in _help(pins_main)


def _help(entry) -> str:  # noqa: ANN001 - a main(argv) function
    import contextlib
    import io

    text = io.StringIO()
    with contextlib.redirect_stdout(text), pytest.raises(SystemExit):
        entry(["--help"])
    return text.getvalue()


def test_python_m_guidelib_cli_still_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "guidelib.cli", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("guidelib ")
