"""The identifier scan, and the promise that no identifying value reaches any output."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from guidelib.cli import main
from guidelib.datacheck import equity, risk, scan
from guidelib.datacheck.identifiers import kind_by_name, snake

FIRST = ["Jordan", "Priya", "Mateo", "Keisha", "Hannah", "Tomasz"]
LAST = ["Whitfield", "Okonkwo", "Castellano", "Lindgren", "Abernathy", "Vasquez", "Nakamura",
        "Fairbanks", "Delacroix", "Montgomery"]  # fmt: skip


def known_people() -> pd.DataFrame:
    """60 fictional people whose every identifying value is known to the test."""
    names = [(f, s) for f in FIRST for s in LAST]
    n = len(names)
    return pd.DataFrame(
        {
            "mrn": [f"MRN{400_000 + 37 * i}" for i in range(n)],
            "full_name": [f"{f} {s}" for f, s in names],
            "ssn": [f"{100 + i:03d}-{10 + i:02d}-{2000 + 13 * i:04d}" for i in range(n)],
            "contact": [f"{f.lower()}.{s.lower()}@example.org" for f, s in names],
            "x1": [f"{700 + i:03d}-{20 + i:02d}-{5000 + 7 * i:04d}" for i in range(n)],
            "cell": [f"(954) 555-{1000 + i:04d}" for i in range(n)],
            "home": [f"{100 + 3 * i} Heron Street" for i in range(n)],
            "DateOfBirth": [f"2010-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)],
            "sex": ["F", "M"] * (n // 2),
            "zip": ["33501", "33502", "33601"] * (n // 3),
            "school_name": ["Heron Middle", "Coral High"] * (n // 2),
            "notes": ["moved in with grandmother; doing well"] * n,
            "referred": [1, 0, 0] * (n // 3),
        }
    )


def secrets(frame: pd.DataFrame) -> list[str]:
    """Every identifying value, and every name on its own."""
    cols = ["mrn", "full_name", "ssn", "contact", "x1", "cell", "home"]
    return [str(v) for c in cols for v in frame[c]] + FIRST + LAST


@pytest.fixture
def people_csv(tmp_path):
    path = tmp_path / "people.csv"
    known_people().to_csv(path, index=False)
    return path


def test_kinds_by_column_name():
    assert snake("DateOfBirth") == "date_of_birth" and snake(" Home Address ") == "home_address"
    cases = {
        "SSN": "ssn", "e-mail": "email", "Phone Number": "phone", "DOB": "birth_date",
        "street_address": "address", "last_name": "name", "child_name": "name", "name": "name",
        "student_id": "record_id", "case_number": "record_id", "pid": "record_id",
        "zip_code": "zip", "school_name": None, "program_name": None, "grade": None,
        "paid": None, "email_address": "email", "user_name": "name",
    }  # fmt: skip
    assert {c: kind_by_name(c) for c in cases} == cases


def test_scan_flags_by_name_and_by_values(people_csv):
    report = scan(people_csv)
    found = {f.column: (f.kind, f.found_by) for f in report.identifiers}
    assert found == {
        "mrn": ("record_id", "name and values"),
        "full_name": ("name", "name and values"),
        "ssn": ("ssn", "name and values"),
        "contact": ("email", "values"),
        "x1": ("ssn", "values"),
        "cell": ("phone", "name and values"),
        "home": ("address", "values"),
        "DateOfBirth": ("birth_date", "name"),
    }
    assert {f.column: f.share for f in report.identifiers}["contact"] == 1.0
    assert report.quasi == ["DateOfBirth", "sex", "zip", "school_name"]
    assert set(report.unique) >= {"mrn", "full_name", "ssn", "contact", "x1", "cell", "home"}
    assert (report.rows, report.sampled) == (60, 60)


def test_examples_are_masked(people_csv):
    examples = {f.column: f.example for f in scan(people_csv).identifiers}
    assert re.fullmatch(r"[A-Z]\*\*\* [A-Z]\*\*\*", examples["full_name"])
    assert examples["ssn"] == "###-##-####" and examples["cell"] == "(###) ###-####"
    assert re.fullmatch(r"[a-z]\*\*\*\.[a-z]\*\*\*@e\*\*\*\.o\*\*\*", examples["contact"])
    assert examples["home"] == "### H*** S***"


def test_a_name_in_another_script_keeps_no_letter():
    frame = pd.DataFrame({"name": ["王小明", "Ólafur Arnalds", "李华"] * 4})
    example = scan(frame).identifiers[0].example
    assert example in ("***", "*** A***") and "王" not in example and "Ó" not in example


def test_a_sample_is_reproducible(tmp_path):
    frame = pd.concat([known_people()] * 50, ignore_index=True)
    frame.to_parquet(tmp_path / "big.parquet")
    first, second = scan(tmp_path / "big.parquet", sample=500), scan(tmp_path / "big.parquet", 500)
    assert first.sampled == 500 and first.rows == 3000
    assert first.to_dict() == second.to_dict()


def test_no_identifying_value_reaches_any_output(people_csv, capsys, folder):
    outputs = [
        json.dumps(scan(people_csv).to_dict()),
        json.dumps(risk(people_csv, ["DateOfBirth", "sex", "zip"], k=5).to_dict()),
        json.dumps(equity(people_csv, "sex", "referred").to_dict()),
    ]
    for argv in (
        ["check-data", str(people_csv)],
        ["check-data", str(people_csv), "--json"],
        ["check-data", str(people_csv), "--quasi", "full_name,ssn", "--json"],
        ["equity", str(people_csv), "--group", "zip", "--outcome", "referred"],
        ["equity", str(people_csv), "--group", "sex", "--outcome", "referred", "--json"],
    ):
        assert main(argv) == 0
        outputs.append("".join(capsys.readouterr()))
    from guidelib.ui.datacheck import DataCheckApp

    app = DataCheckApp(data=people_csv, quasi=["DateOfBirth", "zip"], folder=folder)
    outputs += [app.scan_html.value, app.risk_html.value, app.status.value]
    outputs += [fig.to_json() for fig in app.figures]
    text = "\n".join(outputs)
    leaked = [value for value in secrets(known_people()) if value in text]
    assert leaked == []


# -- #18 item 9: identifiers that are not most of a column, or sit inside text ---------------
def test_a_column_where_one_value_in_three_is_an_ssn_is_flagged():
    """From the issue's reproduction: a "reference" column, one value in three an SSN."""
    n = 30
    frame = pd.DataFrame({
        "reference": [f"{500 + i:03d}-{10 + i:02d}-{3000 + i:04d}" if i % 3 == 0 else f"X{i}"
                     for i in range(n)],
        "grade": [i % 12 for i in range(n)],
    })  # fmt: skip
    (finding,) = scan(frame).identifiers
    assert (finding.column, finding.kind, finding.found_by) == ("reference", "ssn", "values")
    assert finding.share == pytest.approx(1 / 3) and finding.example == "###-##-####"


def test_a_free_text_column_with_an_ssn_in_every_value_is_flagged():
    notes = [f"Caseworker called; SSN {900 + i:03d}-{10 + i:02d}-{1000 + i:04d} on file, "
             "follow up next week." for i in range(40)]  # fmt: skip
    (finding,) = scan(pd.DataFrame({"notes": notes})).identifiers
    assert (finding.kind, finding.found_by) == ("ssn", "text inside values")
    assert "inside text" in finding.label and finding.share == 1.0
    assert finding.example == "###-##-####"  # the matching part only, masked


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to jordan.whitfield@example.org about the visit", "email"),
        ("mother's cell is (954) 555-0142, evenings only", "phone"),
    ],
)
def test_e_mails_and_phones_inside_text_are_flagged(text, kind):
    frame = pd.DataFrame({"comments": [text] * 3 + ["nothing to add"] * 197})
    (finding,) = scan(frame).identifiers
    assert (finding.kind, finding.found_by) == (kind, "text inside values")
    assert finding.share == pytest.approx(0.015)  # 3 of 200: over the 1% line
    assert "jordan" not in finding.example and "0142" not in finding.example


def test_the_threshold_one_percent_or_five_values():
    """At least 1% of the sampled values, or at least 5 of them; one stray value in a big
    sample is not enough."""
    def column(ssns: int, total: int) -> pd.DataFrame:
        return pd.DataFrame({"ref": ["123-45-6789"] * ssns + ["A-17"] * (total - ssns)})

    assert scan(column(5, 10_000)).identifiers  # 5 values, 0.05%
    assert scan(column(2, 150)).identifiers  # 2 values, 1.3%
    assert not scan(column(1, 1_000)).identifiers  # 1 value, 0.1%
    assert not scan(column(4, 1_000)).identifiers  # 4 values, 0.4%


def test_a_longer_number_is_not_an_ssn_inside_text():
    frame = pd.DataFrame({"notes": ["order 1234-56-78901 shipped", "ref 12-345-6789"] * 20})
    assert scan(frame).identifiers == []


def test_escape_sequences_in_a_header_are_never_echoed_raw(tmp_path, capsys):
    """#18 item 6 for check-data: a header carrying terminal escapes (and a bidi override)
    in messages, text, JSON and masked examples."""
    evil = "ssn\x1b]0;owned\x07\x1b[31m\u202e"
    path = tmp_path / "evil.csv"
    pd.DataFrame({evil: ["123-45-6789", "\x1b[2J987-65-4321"] * 5, "age": [3] * 10}).to_csv(
        path, index=False
    )
    for argv in (
        ["check-data", str(path), "--quasi", "nosuch\x1b[31m"],
        ["check-data", str(path), "--quasi", "age", "--sensitive", "x\x1b[2J"],
        ["check-data", str(path), "--quasi", "age"],
    ):
        main(argv)
        out, err = capsys.readouterr()
        assert "\x1b" not in out + err and "\x07" not in out + err and "\u202e" not in out + err
        assert "ssn" in out + err
    finding = scan(path).identifiers[0]
    assert "\x1b" not in finding.example and finding.example.startswith("###-##-####"[:3])
