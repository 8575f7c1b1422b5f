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
    # Clopper-Pearson (= Korn-Graubard for unweighted records) of 30/100: 0.2124-0.3998
    assert by["B"].ci == [0.2124, 0.3998]
    # Katz: ln(0.6) +/- 1.96 * sqrt(1/30 - 1/100 + 1/50 - 1/100)
    half = 1.959964 * math.sqrt(1 / 30 - 1 / 100 + 1 / 50 - 1 / 100)
    assert by["B"].disparity_ci == [round(0.6 * math.exp(-half), 4), round(0.6 * math.exp(half), 4)]
    # D has 5 outcomes (CMS: 1-10 hidden) and only 20 records (NCHS: effective n < 30)
    assert by["D"].outcomes is None and by["D"].rate is None
    assert by["D"].flags == ["suppressed", "not shown: effective sample size under 30 (NCHS)"]


def test_complementary_suppression_hides_a_second_group():
    # D's hidden count could be worked out from the column total; C's counts hide it
    by = {g.group: g for g in equity(groups(KNOWN), "group", "referred").rows}
    assert (by["C"].records, by["C"].outcomes, by["C"].rate) == (40, None, None)
    assert by["C"].flags[0] == "suppressed"


def test_chosen_reference_and_a_missing_one():
    audit = equity(groups(KNOWN), "group", "referred", reference="B")
    assert {g.group: g.disparity for g in audit.rows if g.disparity} == {"A": 1.6667, "B": 1.0}
    with pytest.raises(DataError, match='There is no group "E" in group. The groups are: A, B'):
        equity(groups(KNOWN), "group", "referred", reference="E")


def test_a_hidden_reference_hides_every_ratio():
    audit = equity(groups(KNOWN), "group", "referred", reference="D")
    assert all(g.disparity is None for g in audit.rows)


def test_nchs_2017_not_shown_when_the_interval_is_too_wide_for_the_rate():
    # p = 0.1, n = 50: the old rule (RSE 0.42 >= 30%) only flagged it. Korn-Graubard
    # 0.033-0.218 is 0.185 wide, 185% of the rate (> 130%): NCHS 2017 does not show it.
    audit = equity(groups({"A": (200, 100), "B": (50, 5)}), "group", "referred", suppression=3)
    b = audit.rows[1]
    assert b.rate is None and b.ci is None
    assert b.flags == ["not shown: confidence interval over 130% of the rate (NCHS)"]


@pytest.mark.parametrize(
    ("k", "n", "shown", "why"),
    [
        (5, 29, False, ["effective sample size under 30"]),
        (15, 30, False, ["confidence interval 0.30 wide or more"]),  # 0.31-0.69
        (3, 1000, True, []),  # 0.0006-0.0087: 0.05 wide or less, shown
        (10, 100, True, []),  # 0.049-0.176: 127% of the rate, just under 130%
        (5, 50, False, ["confidence interval over 130% of the rate"]),  # 0.033-0.218
        (20, 100, True, []),  # 0.127-0.292: 0.165 wide, 83% of the rate
        (0, 40, True, []),  # shown, marked for review
    ],
)
def test_nchs_2017_known_answers(k, n, shown, why):
    from guidelib.datacheck.reliability import korn_graubard, nchs

    verdict = nchs(k, n)
    assert (verdict.shown, verdict.reasons) == (shown, why)
    low, high = korn_graubard(k, n)
    assert 0 <= low <= k / n <= high <= 1
    if k == 0:
        assert verdict.review == ["0% or 100%"]


def test_a_ratio_interval_needs_outcomes_on_both_sides():
    from guidelib.datacheck.reliability import katz

    assert katz(0, 50, 10, 50) is None
    low, high = katz(20, 100, 40, 100)
    assert low < 0.5 < high


@pytest.mark.parametrize(("yes", "no"), [("yes", "no"), ("TRUE", "false"), ("Y", "N")])
def test_yes_no_spellings(yes, no):
    audit = equity(groups({"A": (100, 50)}, yes, no), "group", "referred")
    assert audit.rows[0].rate == 0.5


def test_other_values_need_a_positive_value():
    frame = groups({"A": (100, 50)}, "diverted", "detained")
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


def test_the_published_counts_pass_the_attacker_s_audit():
    """Even a reader who knows the overall totals cannot narrow a hidden count below 11."""
    from guidelib.datacheck import audit

    spec = {"A": (100, 50), "B": (100, 30), "C": (40, 22), "D": (20, 5), "E": (30, 3)}
    report = equity(groups(spec), "group", "referred")
    grid = []
    for g in report.rows:
        rest = None if None in (g.records, g.outcomes) else g.records - g.outcomes
        grid.append([g.outcomes, rest, g.records])
    n, k = sum(n for n, _ in spec.values()), sum(k for _, k in spec.values())
    grid.append([k, n - k, n])
    found = audit.ranges(*audit.table("equity", grid))
    assert found and audit.failures(found, 11) == []
    truth = {g: spec[g] for g in spec}
    for (_, i, j), r in found.items():  # every hidden small count could be 11 or more
        n_i, k_i = truth[report.rows[i].group] if i < len(report.rows) else (n, k)
        value = [k_i, n_i - k_i, n_i][j]
        assert r.low <= value <= r.high
