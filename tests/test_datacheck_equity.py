"""The equity audit: known rates, ratios, reliability flags and suppression."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from guidelib.datacheck import DataError, equity


def groups(spec: dict[str, tuple[int, int]], yes="1", no="0") -> pd.DataFrame:
    """spec: group -> (records, outcomes)."""
    rows = [(g, yes if i < k else no) for g, (n, k) in spec.items() for i in range(n)]
    return pd.DataFrame(rows, columns=["group", "referred"])


KNOWN = {"A": (100, 50), "B": (100, 30), "C": (40, 22), "D": (20, 5)}


def test_known_rates_ratios_and_flags():
    audit = equity(groups(KNOWN), "group", "referred")
    assert audit.reference == "A"  # the largest group (ties by name)
    by = {g.group: g for g in audit.rows}
    assert (by["A"].rate, by["A"].disparity, by["A"].flags) == (0.5, 1.0, [])
    assert (by["B"].rate, by["B"].disparity) == (0.3, 0.6)
    assert by["B"].flags == ["outside 0.8-1.25"]
    assert by["B"].rse == round(math.sqrt(0.7 / 30), 4)
    # D has 5 outcomes (CMS: 1-10 hidden) and only 20 records (NCHS: fewer than 30)
    assert by["D"].outcomes is None and by["D"].rate is None
    assert by["D"].flags == ["suppressed", "fewer than 30", "unreliable"]  # RSE 0.39


def test_complementary_suppression_hides_a_second_group():
    # D's hidden count could be worked out from the column total; C's counts hide it
    by = {g.group: g for g in equity(groups(KNOWN), "group", "referred").rows}
    assert (by["C"].records, by["C"].outcomes, by["C"].rate) == (40, None, None)
    assert by["C"].flags == ["suppressed"]


def test_chosen_reference_and_a_missing_one():
    audit = equity(groups(KNOWN), "group", "referred", reference="B")
    assert {g.group: g.disparity for g in audit.rows if g.disparity} == {"A": 1.6667, "B": 1.0}
    with pytest.raises(DataError, match='There is no group "E" in group. The groups are: A, B'):
        equity(groups(KNOWN), "group", "referred", reference="E")


def test_a_hidden_reference_hides_every_ratio():
    audit = equity(groups(KNOWN), "group", "referred", reference="D")
    assert all(g.disparity is None for g in audit.rows)


def test_unreliable_when_the_relative_standard_error_is_30_percent_or_more():
    # p = 0.1, n = 50: RSE = sqrt(0.9 / 5) = 0.42
    audit = equity(groups({"A": (200, 100), "B": (50, 5)}), "group", "referred", suppression=3)
    b = audit.rows[1]
    assert b.rate == 0.1 and b.flags == ["unreliable", "outside 0.8-1.25"]


@pytest.mark.parametrize(("yes", "no"), [("yes", "no"), ("TRUE", "false"), ("Y", "N")])
def test_yes_no_spellings(yes, no):
    audit = equity(groups({"A": (40, 20)}, yes, no), "group", "referred")
    assert audit.rows[0].rate == 0.5


def test_other_values_need_a_positive_value():
    frame = groups({"A": (40, 20)}, "diverted", "detained")
    with pytest.raises(DataError, match='"referred" must hold yes/no values.*2 other values'):
        equity(frame, "group", "referred")
    assert equity(frame, "group", "referred", positive="diverted").rows[0].rate == 0.5


def test_missing_outcomes_are_left_out_and_counted():
    frame = groups({"A": (40, 20)})
    frame.loc[0, "referred"] = None
    audit = equity(frame, "group", "referred")
    assert audit.missing == 1 and audit.rows[0].records == 39


def test_several_group_columns_and_too_many_groups():
    frame = groups(KNOWN)
    frame["sex"] = ["F", "M"] * (len(frame) // 2)
    audit = equity(frame, ["group", "sex"], "referred")
    assert audit.reference == "A / F" and len(audit.rows) == 8
    frame["id"] = range(len(frame))
    with pytest.raises(DataError, match="has 260 different values"):
        equity(frame, "id", "referred")
