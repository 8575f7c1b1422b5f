"""k-anonymity: known k, group sizes, riskiest combinations and generalizations."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from guidelib.datacheck import DataError, risk
from guidelib.datacheck.generalize import ZIP3_LABEL as ZIP3


def people() -> pd.DataFrame:
    """Ten people, each alone. Ages in bands of 5 join the first five; ZIP codes to three
    digits then join the other five."""
    return pd.DataFrame(
        {
            "age": [30, 31, 32, 33, 34, 40, 41, 42, 43, 44],
            "sex": ["F"] * 5 + ["M"] * 5,
            "zip": ["33501"] * 5 + ["33502", "33503", "33504", "33505", "33506"],
        }
    )


def test_known_k_and_records_at_risk():
    frame = pd.DataFrame(
        {
            "age": [30, 30, 31, 31, 31, 45, 45, 45, 45, 60],
            "sex": list("FFMMMFFFFM"),
        }
    )
    report = risk(frame, ["age", "sex"], k=3, suggest=False)
    assert (report.rows, report.k, report.groups) == (10, 1, 4)
    assert (report.at_risk, report.small_groups, report.unique) == (3, 2, 1)
    assert report.sizes == [
        {"size": 1, "records": 1, "groups": 1},
        {"size": 2, "records": 2, "groups": 1},
        {"size": 3, "records": 7, "groups": 2},  # 3 or more
    ]
    assert not report.meets_target
    assert risk(frame, ["sex"], k=3).k == 4 and risk(frame, ["sex"], k=3).meets_target


def test_missing_values_form_their_own_group():
    frame = pd.DataFrame({"zip": ["1", "1", None, None, None]})
    assert risk(frame, ["zip"], k=2).k == 2


def test_riskiest_pairs_first():
    report = risk(people(), ["age", "sex", "zip"], k=5, suggest=False)
    assert [(c.columns, c.k, c.at_risk) for c in report.combinations] == [
        (["age", "sex"], 1, 10),
        (["age", "zip"], 1, 10),
        (["sex", "zip"], 1, 5),
    ]


def test_generalizations_on_their_own_and_a_plan_that_reaches_k():
    report = risk(people(), ["age", "sex", "zip"], k=5)
    found = {s.change: (s.k, s.at_risk) for s in report.suggestions}
    assert found["age in bands of 5"] == (1, 5)
    assert found["age in bands of 10"] == (1, 5)
    assert f"zip {ZIP3}" not in found  # alone, it changes nothing
    assert found["age left out"] == (1, 5)
    assert [(s.change, s.k, s.at_risk) for s in report.plan] == [
        ("age in bands of 5", 1, 5),
        (f"zip {ZIP3}", 5, 0),
    ]


def test_dates_to_month_or_year():
    march = [dt.date(2015, 3, d) for d in range(1, 6)]
    spread = [dt.date(2016, m, 1) for m in range(1, 6)]
    frame = pd.DataFrame({"date_of_birth": march + spread})
    report = risk(frame, ["date_of_birth"], k=5)
    found = {s.change: (s.k, s.at_risk) for s in report.suggestions}
    assert found == {
        "date_of_birth to month": (1, 5),
        "date_of_birth to year": (5, 0),
        "date_of_birth left out": (10, 0),
    }
    assert [s.change for s in report.plan] == ["date_of_birth to month", "date_of_birth to year"]


def test_rare_categories_become_other():
    languages = ["English"] * 300 + ["Spanish"] * 200 + ["Tagalog"] * 2 + ["Tongan"] * 3
    report = risk(pd.DataFrame({"language": languages}), ["language"], k=5)
    other = "language with values shared by fewer than 5 records as Other"
    assert {s.change: (s.k, s.at_risk) for s in report.suggestions}[other] == (5, 0)
    assert [(s.change, s.k) for s in report.plan] == [(other, 5)]


def test_a_few_records_left_are_removed_rather_than_a_column():
    frame = pd.DataFrame({"language": ["English"] * 300 + ["Spanish"] * 200 + ["Tagalog"]})
    report = risk(frame, ["language"], k=5)
    assert [(s.change, s.k) for s in report.plan] == [
        ("leave out the 1 record still in groups smaller than 5", 200)
    ]


def test_a_met_target_needs_no_suggestions():
    report = risk(people(), ["sex"], k=5)
    assert report.meets_target and report.suggestions == [] and report.plan == []


@pytest.mark.parametrize("k", [1, 0, "x", "2.5", True])
def test_bad_k(k):
    with pytest.raises(DataError, match="k must be a whole number of 2 or more"):
        risk(people(), ["age"], k=k)


def test_no_quasi_identifiers():
    with pytest.raises(DataError, match="Choose at least one quasi-identifier"):
        risk(people(), [])


def test_the_report_never_carries_values():
    text = str(risk(people(), ["age", "sex", "zip"], k=5).to_dict())
    assert "33501" not in text and "'F'" not in text
