"""l-diversity (attribute disclosure), the HIPAA Safe Harbor ZIP rule, and k from the
workbook's agreement: known answers, bad input, and an attacker's grep of every output
for the sensitive values of groups below k."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from guidelib.cli import main
from guidelib.datacheck import DataError, risk, zip3

SECRET = {"a": "Diagnosis-Alpha", "b": "Diagnosis-Bravo", "c": "Diagnosis-Charlie"}


def clinic() -> pd.DataFrame:
    """Three groups by (age band, sex). Group F/30 has exactly 5 records sharing one
    diagnosis (5-anonymous, l = 1); group M/40 has 5 records with two diagnoses (l = 2);
    group F/50 has 2 records, one value each (below k = 5, l = 2)."""
    return pd.DataFrame(
        {
            "age": [30] * 5 + [40] * 5 + [50] * 2,
            "sex": ["F"] * 5 + ["M"] * 5 + ["F"] * 2,
            "diagnosis": [SECRET["a"]] * 5 + [SECRET["a"]] * 3 + [SECRET["b"]] * 2
            + [SECRET["b"], SECRET["c"]],
            "placement": ["kin"] * 12,
        }
    )


def test_a_group_of_exactly_k_sharing_one_value_holds_k_and_reports_l_1():
    report = risk(clinic(), ["age", "sex"], k=5, sensitive=["diagnosis"], l=2, suggest=False)
    assert (report.k, report.at_risk, report.small_groups) == (2, 2, 1)
    five = risk(clinic().iloc[:10], ["age", "sex"], k=5, sensitive=["diagnosis"], l=2)
    assert five.k == 5 and five.meets_target  # k holds ...
    assert five.l == 1 and not five.meets_l  # ... and the one shared diagnosis shows: l = 1
    (d,) = five.diversity
    assert (d.column, d.l, d.groups_below, d.records_below) == ("diagnosis", 1, 1, 5)
    assert d.counts == [{"values": 1, "groups": 1, "records": 5},
                        {"values": 2, "groups": 1, "records": 5}]  # fmt: skip
    assert five.l_at_risk == 5


def test_l_counts_distinct_values_per_group_and_an_empty_value_counts_as_one():
    frame = pd.DataFrame({"g": ["x"] * 4 + ["y"] * 4,
                          "s": ["p", "q", "r", "p", "p", None, None, "p"]})  # fmt: skip
    report = risk(frame, ["g"], k=2, sensitive=["s"], l=3)
    assert report.l == 2 and [c["values"] for c in report.diversity[0].counts] == [2, 3]
    assert report.diversity[0].records_below == 4


def test_several_sensitive_columns_and_many_values():
    many = [f"code-{i}" for i in range(100)]  # more than 64 values: kept as a list
    frame = pd.DataFrame({"g": ["x"] * 100 + ["y"] * 100, "wide": many + ["same"] * 100,
                          "narrow": ["a", "b"] * 100})  # fmt: skip
    report = risk(frame, ["g"], k=2, sensitive=["wide", "narrow"], l=2)
    assert {d.column: d.l for d in report.diversity} == {"wide": 1, "narrow": 2}
    assert report.l == 1 and report.l_at_risk == 100


def test_the_plan_reaches_both_k_and_l():
    """Without sex the groups stay as they are (30, 40, 50): no suggestion. Without age,
    F holds 7 records with 3 diagnoses and M 5 records with 2: k = 5 and l = 2."""
    report = risk(clinic(), ["age", "sex"], k=5, sensitive=["diagnosis"], l=2)
    assert not report.meets_l
    assert [(s.change, s.k, s.at_risk, s.l, s.l_at_risk) for s in report.suggestions] == [
        ("age left out", 5, 0, 2, 0)
    ]
    assert [(s.change, s.k, s.l) for s in report.plan] == [("age left out", 5, 2)]


def test_when_few_records_fail_the_plan_leaves_out_their_groups():
    frame = pd.DataFrame({"g": ["x"] * 300 + ["y"] * 3, "s": ["a", "b"] * 150 + ["c"] * 3})
    report = risk(frame, ["g"], k=3, sensitive=["s"], l=2)
    assert [(s.change, s.k, s.l) for s in report.plan] == [
        ("leave out the 3 records still in groups smaller than 3 or with fewer than 2 "
         "different sensitive values", 300, 2)
    ]


def test_a_met_l_needs_no_plan():
    frame = pd.DataFrame({"g": ["x"] * 6, "s": ["a", "b"] * 3})
    report = risk(frame, ["g"], k=5, sensitive=["s"], l=2)
    assert report.meets_target and report.meets_l and report.plan == []


@pytest.mark.parametrize("bad", [0, -1, "x", "1.5", True, "²"])
def test_bad_l(bad):
    with pytest.raises(DataError, match="l must be a whole number of 1 or more"):
        risk(clinic(), ["age"], k=2, sensitive=["diagnosis"], l=bad)


def test_a_column_cannot_be_both_quasi_and_sensitive():
    with pytest.raises(DataError, match="both as a quasi-identifier and as a sensitive column"):
        risk(clinic(), ["age", "diagnosis"], k=2, sensitive=["diagnosis"])


# -- HIPAA Safe Harbor ZIP codes ------------------------------------------------------------
def test_the_shipped_list_and_its_sources():
    data = zip3.source()
    assert "164.514(b)(2)(i)(B)" in data["rule"] and "20,000" in data["rule"]
    hhs = next(lst for lst in data["lists"] if lst["census"] == 2000)
    assert hhs["prefixes"] == ["036", "059", "063", "102", "203", "556", "692", "790", "821",
                               "823", "830", "831", "878", "879", "884", "890", "893"]  # fmt: skip
    assert all(lst["source"] and lst["url"] and lst["checked"] for lst in data["lists"])
    assert set(hhs["prefixes"]) <= set(zip3.restricted())
    assert (zip3.zip3("03601"), zip3.zip3("10001"), zip3.zip3(3601)) == ("000", "100", "000")


def test_safe_harbor_zeroes_small_areas_in_the_plan():
    """036xx and 059xx become 000 and join each other (5 records); 100xx stays 100 (5
    records). Without the rule the 036 group (3) and the 059 group (2) stay below k = 5;
    if 100 were zeroed too, the one group would hold 10."""
    zips = ["03601", "03602", "03603", "05901", "05902"] + [f"1000{i}" for i in range(1, 6)]
    for column in (zips, [int(z) for z in zips]):  # as text, and as numbers that lost the 0
        report = risk(pd.DataFrame({"zip": column}), ["zip"], k=5)
        step = next(s for s in report.suggestions if "first 3 digits" in s.change)
        assert (step.k, step.at_risk) == (5, 0), column
        assert report.plan[0].change == step.change


def test_safe_harbor_data_file_is_package_data():
    import tomllib

    from .conftest import ROOT as root

    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["guidelib"]  # fmt: skip
    shipped = root / "src/guidelib/datacheck/data/safe_harbor_zip3.json"
    assert any(shipped.match(f"*/guidelib/{g}") for g in globs)


# -- the command ------------------------------------------------------------------------------
def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def clinic_csv(tmp_path):
    clinic().to_csv(tmp_path / "clinic.csv", index=False)
    return tmp_path / "clinic.csv"


def test_check_data_reports_l_in_text_and_json(capsys, clinic_csv):
    code, out, _ = run(capsys, "check-data", clinic_csv, "--quasi", "age,sex",
                       "--sensitive", "diagnosis", "--k", "2")  # fmt: skip
    assert code == 0 and "diagnosis: l = 1" in out and "target l = 2" in out
    code, out, _ = run(capsys, "check-data", clinic_csv, "--quasi", "age,sex",
                       "--sensitive", "diagnosis,placement", "--l", "2", "--json")  # fmt: skip
    doc = json.loads(out)["risk"]
    assert code == 0 and (doc["k"], doc["target"], doc["l"], doc["l_target"]) == (2, 5, 1, 2)
    assert [(d["column"], d["l"]) for d in doc["diversity"]] == [("diagnosis", 1), ("placement", 1)]
    assert doc["meets_l"] is False and doc["plan"][-1]["l"] == 1  # one placement for all
    code, out, _ = run(capsys, "check-data", clinic_csv, "--quasi", "age,sex",
                       "--sensitive", "placement")  # fmt: skip
    assert "The steps above do not reach" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--sensitive", "diagnosiss"], 'has no column "diagnosiss"'),
        (["--sensitive", "diagnosis", "--l", "0"], "l must be a whole number of 1 or more"),
        (["--sensitive", "diagnosis", "--l", "two"], "l must be a whole number of 1 or more"),
        (["--quasi", "age,diagnosis", "--sensitive", "diagnosis"], "both as a quasi-identifier"),
        (["--k", "1"], "k must be a whole number of 2 or more"),
        (["--workbook", "no-such-team"], "no-such-team"),
    ],
)
def test_bad_input_is_one_sentence_and_nothing_else(capsys, clinic_csv, extra, message):
    before = sorted(p.name for p in clinic_csv.parent.iterdir())
    code, out, err = run(capsys, "check-data", clinic_csv, *extra)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err
    assert sorted(p.name for p in clinic_csv.parent.iterdir()) == before  # nothing written


def test_k_comes_from_the_workbooks_agreement(capsys, clinic_csv, example):
    import guidelib

    code, out, _ = run(capsys, "check-data", clinic_csv, "--quasi", "age,sex",
                       "--workbook", example, "--json")  # fmt: skip
    doc = json.loads(out)
    size = guidelib.open_workbook(example).get("agreement", "min_cell_size")
    assert code == 0 and doc["risk"]["target"] == size == 11
    assert "agreement" in doc["k_from"]
    code, out, _ = run(capsys, "check-data", clinic_csv, "--quasi", "age,sex",
                       "--workbook", example, "--k", "3", "--json")  # fmt: skip
    assert json.loads(out)["risk"]["target"] == 3  # --k wins
    code, out, _ = run(capsys, "check-data", clinic_csv, "--quasi", "age,sex", "--json")
    assert json.loads(out)["risk"]["target"] == 5 and json.loads(out)["k_from"] == "default 5"


def test_k_without_an_agreement_answer_is_the_default(capsys, clinic_csv, folder):
    import guidelib

    wb = guidelib.create_workbook("No agreement yet", folder)
    code, out, _ = run(capsys, "check-data", clinic_csv, "--quasi", "age", "--workbook",
                       wb.path)  # fmt: skip
    assert code == 0 and "sets no smallest publishable count, so the default 5" in out


def test_no_sensitive_value_reaches_any_output(capsys, clinic_csv, folder):
    """The attacker's view: every sensitive value of the extract, greped in the text, the
    JSON and the HTML of the check (the two records of group F/50 sit below k)."""
    from guidelib.datacheck import open_data
    from guidelib.datacheck.html import risk_html

    outputs = []
    for extra in ([], ["--json"], ["--k", "2"], ["--l", "3", "--json"]):
        code, out, err = run(capsys, "check-data", clinic_csv, "--quasi", "age,sex",
                             "--sensitive", "diagnosis", *extra)  # fmt: skip
        assert code == 0
        outputs += [out, err]
    with open_data(clinic_csv) as data:
        report = risk(data, ["age", "sex"], k=5, sensitive=["diagnosis"], l=2)
    outputs += [risk_html(report), json.dumps(report.to_dict())]
    from guidelib.ui.datacheck import DataCheckApp

    app = DataCheckApp(data=clinic_csv, quasi=["age", "sex"], sensitive=["diagnosis"],
                       folder=folder)  # fmt: skip
    outputs += [app.scan_html.value, app.risk_html.value, app.risk_status.value]
    outputs += [fig.to_json() for fig in app.figures]
    text = "\n".join(outputs)
    assert "l = 1" in text  # the check ran
    leaked = [v for v in SECRET.values() if v in text or v.split("-")[1] in text]
    assert leaked == []
