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
    assert "1 cell hidden by the policy, 3 more" in out
    assert "Audit: every hidden cell could be anywhere from 0 to at least 11" in out
    published = pd.read_csv(out_csv, encoding="utf-8-sig")
    assert published["n"].isna().sum() == 4 and published["n"].max() == 99
    assert "primary" not in out_csv.read_text()  # the file does not say why a cell is hidden


def attack(path, two_way):
    """The reader's view of a written file: hidden cells as unknowns, every total as an
    equation, each hidden cell's range by linear programming (`datacheck.audit`)."""
    from guidelib.datacheck import audit

    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    if two_way:
        wide = frame.pivot(index=frame.columns[0], columns=frame.columns[1], values="n")
        rows = [r for r in wide.index if r != "Total"] + ["Total"]
        cols = [c for c in wide.columns if c != "Total"] + ["Total"]
        grid = [[None if wide.loc[r, c] == "" else int(wide.loc[r, c]) for c in cols]
                for r in rows]  # fmt: skip
    else:
        grid = [[None if v == "" else int(v)] for v in frame["n"]]
    return audit.ranges(*audit.table("t", grid))


def test_the_leaking_one_way_table_from_the_issue(capsys, tmp_path):
    """A=3, B=4, C=100: hiding A and B alone publishes 'each at most 7'."""
    pd.DataFrame({"g": ["A", "B", "C"], "n": [3, 4, 100]}).to_csv(tmp_path / "t.csv", index=False)
    code, out, _ = run(capsys, "suppress", tmp_path / "t.csv", "--count", "n", "--rows", "g",
                       "-o", tmp_path / "o.csv", "--json")  # fmt: skip
    doc = json.loads(out)
    assert code == 0 and doc["audit"]["passed"]
    bounds = {c["g"]: (c["min"], c["max"]) for c in doc["audit"]["hidden"]}
    assert bounds["A"][1] >= 11 and bounds["B"][1] >= 11
    found = attack(tmp_path / "o.csv", two_way=False)  # the file itself, attacked
    assert len(found) == 3 and all(r.high >= 11 for r in found.values())


def test_the_leaking_two_way_table_from_the_issue(capsys, tmp_path):
    """[[5,0],[0,5],[50,60]]: the column totals bounded each hidden pair to 5."""
    cells = [("a", "x", 5), ("a", "y", 0), ("b", "x", 0), ("b", "y", 5), ("c", "x", 50),
             ("c", "y", 60)]  # fmt: skip
    pd.DataFrame(cells, columns=["r", "c", "n"]).to_csv(tmp_path / "t.csv", index=False)
    code, out, _ = run(capsys, "suppress", tmp_path / "t.csv", "--count", "n", "--rows", "r",
                       "--cols", "c", "-o", tmp_path / "o.csv")  # fmt: skip
    assert code == 0 and "at least 11" in out
    found = attack(tmp_path / "o.csv", two_way=True)
    assert found and all(r.high >= 11 for r in found.values())


def test_labels_stay_text_and_formulas_are_escaped(capsys, tmp_path):
    (tmp_path / "t.csv").write_text(
        'answer,n\nyes,40\nno,3\n"=HYPERLINK(""http://x"")",30\n@SUM(1),25\n007,20\n'
    )
    code, out, _ = run(capsys, "suppress", tmp_path / "t.csv", "--count", "n", "--rows",
                       "answer", "-o", tmp_path / "o.csv")  # fmt: skip
    text = (tmp_path / "o.csv").read_bytes().decode("utf-8-sig")
    labels = [line.split(",")[0] for line in text.splitlines()[1:]]
    assert code == 0 and {"yes", "no", "007"} <= set(labels)
    assert "true" not in labels and "false" not in labels
    assert '"\'=HYPERLINK(""http://x"")"' in labels and "'@SUM(1)" in labels


def test_an_unprotectable_table_is_refused_and_nothing_is_written(capsys, tmp_path):
    """Row a has one non-zero cell; with every total published it is 5 exactly."""
    cells = [("a", "x", 5), ("a", "y", 0), ("b", "x", 50), ("b", "y", 60)]
    pd.DataFrame(cells, columns=["r", "c", "n"]).to_csv(tmp_path / "t.csv", index=False)
    code, out, err = run(capsys, "suppress", tmp_path / "t.csv", "--count", "n", "--rows", "r",
                         "--cols", "c", "--totals", "all", "-o", tmp_path / "o.csv")  # fmt: skip
    assert code == 1 and not (tmp_path / "o.csv").exists() and out == ""
    assert err.count("\n") == 1 and "cannot be protected" in err and "drop the total of" in err


def test_rows_and_cols_the_same_column(capsys, tmp_path):
    pd.DataFrame({"county": ["a", "b"], "n": [40, 50]}).to_csv(tmp_path / "t.csv", index=False)
    code, out, err = run(capsys, "suppress", tmp_path / "t.csv", "--count", "n", "--rows",
                         "county", "--cols", "county", "-o", tmp_path / "o.csv")  # fmt: skip
    assert code == 1 and not (tmp_path / "o.csv").exists()
    assert err.strip() == (
        'guidelib: The rows and the columns are both "county"; name two different columns, '
        "or only --rows for a one-way table."
    )


def test_control_characters_in_a_header_are_not_echoed(capsys, tmp_path):
    (tmp_path / "t.csv").write_text("g\x1b[31m,n\na,40\n")
    code, _, err = run(capsys, "suppress", tmp_path / "t.csv", "--count", "n", "--rows",
                       "g\x1b[31m", "--cols", "g\x1b[31m", "-o", tmp_path / "o.csv")  # fmt: skip
    assert code == 1 and "\x1b" not in err
    code, _, err = run(capsys, "suppress", tmp_path / "t.csv", "--count", "n\x1b[2J", "--rows",
                       "g", "-o", tmp_path / "o.csv")  # fmt: skip
    assert code == 1 and "no column" in err and "\x1b" not in err


def test_equity_text_and_json(capsys, extract):
    code, out, _ = run(capsys, "equity", extract, "--group", "group", "--outcome", "referred")
    assert code == 0 and "reference group A" in out and "effective sample size under 30" in out
    assert "NCHS Data Presentation Standards for Proportions (2017)" in out and "Katz" in out
    code, out, _ = run(
        capsys, "equity", extract, "--group", "group", "--outcome", "referred", "--json"
    )
    doc = json.loads(out)["equity"]
    a = doc["rows"][0]  # 20 of 40: interval 0.34-0.66 is 0.30 wide or more, not shown
    assert doc["reference"] == "A" and a["rate"] is None
    assert "not shown: confidence interval 0.30 wide or more (NCHS)" in a["flags"]
    assert "Korn-Graubard" in doc["reliability_rule"]


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
