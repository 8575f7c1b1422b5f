"""`guidelib check-data`, `suppress` and `equity`: text, JSON, and one plain sentence with
exit status 1 for bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from guidelib.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def extract(tmp_path):
    frame = pd.DataFrame(
        {
            "child_name": [f"Child {chr(65 + i % 26)}{i}" for i in range(60)],
            "age": [8 + i % 6 for i in range(60)],
            "zip": ["33501", "33502", "33601"] * 20,
            "group": ["A"] * 40 + ["B"] * 15 + ["C"] * 5,
            "referred": [1, 0] * 30,
        }
    )
    frame.to_csv(tmp_path / "extract.csv", index=False)
    return tmp_path / "extract.csv"


def test_check_data_text_and_json(capsys, extract):
    code, out, _ = run(capsys, "check-data", extract)
    assert code == 0
    assert "extract.csv: 60 records, 5 columns" in out
    assert "child_name" in out and "person's name" in out
    assert "guessed from the column names" in out and "k = " in out
    code, out, _ = run(capsys, "check-data", extract, "--quasi", "age,zip", "--k", "3", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["quasi_guessed"] is False
    assert doc["scan"]["identifiers"][0]["column"] == "child_name"
    assert (doc["risk"]["quasi"], doc["risk"]["target"], doc["risk"]["k"]) == (
        ["age", "zip"],
        3,
        10,
    )
    assert doc["risk"]["meets_target"] and doc["risk"]["plan"] == []


def test_suppress_writes_the_published_table(capsys, tmp_path):
    table = pd.DataFrame(
        {"school": ["a", "a", "b", "b"], "grade": ["x", "y", "x", "y"], "n": [4, 30, 25, 40]}
    )
    table.to_csv(tmp_path / "t.csv", index=False)
    out_csv = tmp_path / "out.csv"
    code, out, _ = run(
        capsys, "suppress", tmp_path / "t.csv", "--count", "n", "--rows", "school",
        "--cols", "grade", "--policy", "cms", "-o", out_csv,
    )  # fmt: skip
    assert code == 0
    assert "1 cell hidden by the policy, 3 more" in out and "Check: no hidden cell" in out
    published = pd.read_csv(out_csv)
    assert published["n"].isna().sum() == 4 and published["n"].max() == 99
    assert "primary" not in out_csv.read_text()  # the file does not say why a cell is hidden


def test_equity_text_and_json(capsys, extract):
    code, out, _ = run(capsys, "equity", extract, "--group", "group", "--outcome", "referred")
    assert code == 0 and "reference group A" in out and "fewer than 30" in out
    code, out, _ = run(
        capsys, "equity", extract, "--group", "group", "--outcome", "referred", "--json"
    )
    doc = json.loads(out)["equity"]
    assert doc["reference"] == "A" and doc["rows"][0]["rate"] == 0.5


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check-data", "{dir}/nope.csv"], "There is no file nope.csv"),
        (["check-data", "{dir}/bad.csv"], "is not UTF-8"),
        (["check-data", "{dir}/utf16.csv"], "is UTF-16"),
        (["check-data", "{dir}/empty.csv"], "is empty"),
        (["check-data", "{extract}", "--quasi", "agee"], 'has no column "agee"'),
        (["check-data", "{extract}", "--k", "many"], "k must be a whole number"),
        (["suppress", "{extract}", "--count", "age", "-o", "{dir}/o.csv"], "Name the column"),
        (["suppress", "{extract}", "--count", "zz", "--rows", "zip", "-o", "{dir}/o.csv"],
         'no column "zz"'),
        (["suppress", "{extract}", "--count", "age", "--rows", "zip", "--policy", "x",
          "-o", "{dir}/o.csv"], "is not a suppression policy"),
        (["suppress", "{extract}", "--count", "age", "--rows", "zip", "-o", "{dir}/no/o.csv"],
         "Could not write"),
        (["equity", "{extract}", "--group", "group", "--outcome", "age"], "must hold yes/no"),
        (["equity", "{extract}", "--group", "group", "--outcome", "referred",
          "--reference", "Z"], 'There is no group "Z"'),
    ],
)  # fmt: skip
def test_bad_input_is_one_plain_sentence(capsys, extract, argv, message):
    folder = extract.parent
    (folder / "bad.csv").write_bytes("name\nRenée\n".encode("latin-1"))
    (folder / "utf16.csv").write_bytes("name\nRenée\n".encode("utf-16"))
    (folder / "empty.csv").write_bytes(b"")
    argv = [a.format(dir=folder, extract=extract) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith("guidelib: ") and message in err and err.count("\n") == 1
    assert "Renée" not in err
