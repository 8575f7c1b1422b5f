"""Small-cell suppression: known primary and complementary cells, and the proof, by the
independent LP audit (`datacheck.audit`, an attacker's linear programs over what is
published), that no hidden cell can be narrowed below the policy's threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidelib.datacheck import DataError, audit, derivable, policy, suppress_matrix, suppress_table
from guidelib.datacheck.groupings import audit_input, suppress_groupings
from guidelib.datacheck.suppress import PRIMARY, SHOWN


def attacker(result, enough=None):
    """Each hidden cell's range from the published table alone (hidden = unknown); with
    `enough`, a largest value is only pushed that far (see `audit.ranges`)."""
    grid = [
        [None if result.status[i, j] != SHOWN else int(result.values[i, j])
         for j in range(result.values.shape[1])]
        for i in range(result.values.shape[0])
    ]  # fmt: skip
    return audit.ranges(*audit.table("t", grid), enough=enough)


def protected(result) -> bool:
    """Every hidden cell's largest possible value reaches the threshold (or it is a zero
    the rule may show, known to be zero)."""
    found = attacker(result, enough=result.policy.minimum)
    return not audit.failures(found, result.policy.minimum, result.policy.zero_shown)

ROWS, COLS = ["a", "b", "c"], ["x", "y", "z"]
GRID = [[3, 20, 30], [25, 40, 35], [22, 18, 50]]


def primary_only(result):
    """The hidden pattern a careless publisher would use: primary cells only."""
    return result.status == PRIMARY


def test_primary_only_is_recoverable_from_totals():
    result = suppress_matrix(GRID, ROWS, COLS, "cms")
    assert result.keys(PRIMARY) == [("a", "x")]
    # row a: 53 - 20 - 30 = 3, so hiding the 3 alone protects nothing
    assert derivable(result.values, primary_only(result), result.lines) == [(0, 0)]


def test_complementary_cells_close_the_gap():
    result = suppress_matrix(GRID, ROWS, COLS, "cms")
    assert result.keys("complementary") == [("a", "y"), ("c", "x"), ("c", "y")]
    assert result.check() == []
    assert result.counts() == {"primary": 1, "complementary": 3}


def test_a_bridge_between_two_rectangles_is_caught():
    # every row and column has two hidden cells or none, yet (b, c) is fixed: it is the
    # only link between two closed cycles, so the totals on either side give it away
    hidden = np.zeros((5, 5), dtype=bool)
    for cell in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)]:
        hidden[cell] = True
    values = np.arange(25).reshape(5, 5) + 20
    lines = suppress_matrix(np.ones((4, 4)), list("abcd"), list("wxyz")).lines
    assert derivable(values, hidden, lines) == [(1, 2)]


def test_the_issue_s_one_way_table_no_longer_bounds_its_hidden_cells():
    """A=3, B=4, C=100 with its total. Hiding A and B alone: each at most 7."""
    naive = suppress_matrix([[3], [4], [100]], ["A", "B", "C"], method="primary")
    assert naive.hidden()[:2, 0].all() and not protected(naive)
    assert attacker(naive)[("t", 0, 0)] == audit.Range(0.0, 7.0)
    old = suppress_matrix([[3], [4], [100]], ["A", "B", "C"], method="exact")
    assert old.derivable() == []  # the old check passed it...
    assert not protected(old)  # ...though A + B = 7 is published
    result = suppress_matrix([[3], [4], [100]], ["A", "B", "C"])
    assert result.keys("complementary") == [("C",)]  # the smallest cell that protects both
    found = attacker(result)
    assert all(r.high >= 11 for r in found.values()) and result.check() == []
    assert result.published()["count"].tolist()[-1] == 107  # the total stays


def test_the_issue_s_two_way_table_no_longer_bounds_its_hidden_cells():
    """[[5,0],[0,5],[50,60]] with totals: each hidden pair summed to 5 in its column."""
    grid, rows, cols = [[5, 0], [0, 5], [50, 60]], ["a", "b", "c"], ["x", "y"]
    old = suppress_matrix(grid, rows, cols, method="exact")
    assert old.derivable() == [] and not protected(old)
    result = suppress_matrix(grid, rows, cols)
    found = attacker(result)
    assert found and all(r.high >= 11 for r in found.values())
    assert set(result.keys(PRIMARY)) == {("a", "x"), ("a", "Total"), ("b", "y"), ("b", "Total")}


def test_every_total_kept_refuses_a_table_it_cannot_protect():
    with pytest.raises(DataError, match=r'"a" / "x" cannot be protected.*drop the total of'):
        suppress_matrix([[5, 0], [50, 60]], ["a", "b"], ["x", "y"], totals="all")
    result = suppress_matrix([[5, 0], [50, 60]], ["a", "b"], ["x", "y"])  # totals may hide
    assert protected(result)
    dropped = suppress_matrix([[5], [0], [20]], ["a", "b", "c"], totals="none")
    assert dropped.status[-1, 0] == "dropped" and protected(dropped)


def small_tables():
    """Small tables with zeros and several small cells per line."""
    cell = st.one_of(st.integers(0, 0), st.integers(1, 10), st.integers(11, 80))
    return st.integers(1, 5).flatmap(
        lambda r: st.integers(1, 5).flatmap(
            lambda c: st.lists(st.lists(cell, min_size=c, max_size=c), min_size=r, max_size=r)
        )
    )


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=small_tables(), rule=st.sampled_from(["cms", "cdc", 5]))
def test_random_small_tables_pass_the_attacker_s_audit(grid, rule):
    rows = [f"r{i}" for i in range(len(grid))]
    cols = [f"c{j}" for j in range(len(grid[0]))] if len(grid[0]) > 1 else []
    result = suppress_matrix(grid, rows, cols, rule)
    chosen = result.policy
    assert not any(  # every cell the rule forbids is hidden
        chosen.hides(int(v)) and s == SHOWN
        for v, s in zip(result.values.ravel(), result.status.ravel(), strict=True)
    )
    found = attacker(result, enough=chosen.minimum)
    for (_, i, j), r in found.items():
        if chosen.hides(int(result.values[i, j])):  # every hidden small cell could be T+
            assert r.high >= chosen.minimum - 1e-6, (grid, rule, (i, j), r)
    assert protected(result)


def test_two_groupings_of_one_variable_published_together():
    """Ages 10-12/13-17 and 10-13/14-17: each alone is safe, together they give the
    number aged 13 (3). Protected together, no single age is narrowed below 11."""
    ages = {str(a): 20 for a in range(10, 18)} | {"13": 3}
    cuts = {
        "a": {"10-12": ["10", "11", "12"], "13-17": ["13", "14", "15", "16", "17"]},
        "b": {"10-13": ["10", "11", "12", "13"], "14-17": ["14", "15", "16", "17"]},
    }
    naive = {("value", v): None for v in ages} | {("total", ""): 143}
    naive |= {("a", "10-12"): 60, ("a", "13-17"): 83, ("b", "10-13"): 63, ("b", "14-17"): 80}
    found = audit.ranges(*audit_input(naive, cuts))
    assert found[("value", "13")] == audit.Range(3.0, 3.0)  # differenced exactly
    shown = suppress_groupings(ages, cuts, "cms")
    assert shown[("total", "")] == 143
    found = audit.ranges(*audit_input(shown, cuts))
    assert audit.failures(found, 11) == [] and found[("value", "13")].high >= 11
    assert sum(v is not None for k, v in shown.items() if k[0] != "value") >= 2  # not all hidden


def test_the_audit_knows_nothing_but_what_is_published():
    # the same published table, whatever is behind it, gets the same ranges
    a = suppress_matrix([[3], [4], [100]], ["A", "B", "C"])
    b = suppress_matrix([[1], [6], [100]], ["A", "B", "C"])
    assert a.status.tolist() == b.status.tolist() and attacker(a) == attacker(b)


def test_an_inconsistent_table_is_reported():
    with pytest.raises(audit.Inconsistent):
        audit.ranges(*audit.table("t", [[None], [5], [3]]))


def test_one_way_table_with_its_total():
    result = suppress_matrix([[4], [50], [60], [70]], ["A", "B", "C", "D"], (), "cms")
    assert result.keys(PRIMARY) == [("A",)]
    assert result.keys("complementary") == [("B",)]  # the smallest other cell, not the total
    assert result.check() == []
    frame = result.published()
    assert list(frame.columns) == ["row", "count"]
    assert frame["count"].isna().tolist() == [True, True, False, False, False]
    assert frame.iloc[-1].tolist() == ["Total", 184]


def test_a_small_total_is_hidden_too():
    result = suppress_matrix([[4], [5]], ["A", "B"], (), "cdc")
    assert set(result.keys(PRIMARY)) == {("A",), ("B",), ("Total",)}
    assert result.check() == []


@pytest.mark.parametrize(
    ("spec", "hidden", "shown"),
    [("cms", [1, 10], [0, 11]), ("cdc", [0, 1, 9], [10]), (5, [1, 4], [0, 5]), ("3", [2], [3])],
)
def test_policies(spec, hidden, shown):
    chosen = policy(spec)
    assert all(chosen.hides(v) for v in hidden) and not any(chosen.hides(v) for v in shown)


@pytest.mark.parametrize("spec", ["nchs", "-2", "2.5", ""])
def test_bad_policy_is_a_plain_sentence(spec):
    with pytest.raises(DataError, match="is not a suppression policy"):
        policy(spec)


def test_zeros_hidden_under_cdc_get_a_non_zero_partner():
    result = suppress_matrix([[0, 40], [30, 50]], ["a", "b"], ["x", "y"], "cdc")
    hidden = result.hidden()
    assert hidden[0, 0] and result.check() == []
    line = result.values[0, :2][hidden[0, :2]]
    assert line.sum() > 0  # the zero is not given away by a line that sums to zero


def test_random_tables_leave_nothing_derivable():
    rng = np.random.default_rng(7)
    for trial in range(20):
        shape = rng.integers(2, 9, 2)
        grid = rng.negative_binomial(1, 0.08, shape)
        rows, cols = [f"r{i}" for i in range(shape[0])], [f"c{j}" for j in range(shape[1])]
        for spec in ("cms", "cdc", 20):
            result = suppress_matrix(grid, rows, cols, spec)
            assert result.check() == [] and result.derivable() == [], (trial, spec, grid)
            assert not any(
                result.policy.hides(int(v)) and s == SHOWN
                for v, s in zip(result.values.ravel(), result.status.ravel(), strict=True)
            )


def test_suppress_table_from_a_long_file(tmp_path):
    frame = pd.DataFrame(
        [
            (r, c, v)
            for r, row in zip(ROWS, GRID, strict=True)
            for c, v in zip(COLS, row, strict=True)
        ],
        columns=["school", "grade", "n"],
    )
    frame.to_csv(tmp_path / "t.csv", index=False)
    result = suppress_table(tmp_path / "t.csv", "n", rows="school", cols="grade", policy="cms")
    assert result.keys("complementary") == [("a", "y"), ("c", "x"), ("c", "y")]
    published = result.published()
    assert list(published.columns) == ["school", "grade", "n"]
    assert published["n"].isna().sum() == 4 and len(published) == 16
    cells = result.to_dict()["cells"]
    assert {"school": "a", "grade": "x", "n": None} in cells
    assert [c["n"] for c in cells if c["school"] == "a"] == [None, None, 30, 53]


def test_records_from_python_lists_and_numeric_labels():
    records = [{"age": a, "n": n} for a, n in [(10, 40), (9, 3), (11, 60)]]
    result = suppress_table(records, "n", rows="age")
    assert result.rows == ["9", "10", "11"]  # numbers in numeric order
    assert result.keys(PRIMARY) == [("9",)]
    assert suppress_table(records, "n", cols="age").keys(PRIMARY) == [("9",)]  # one-way too


@pytest.mark.parametrize(
    ("counts", "message"),
    [(["4", "x"], "must hold whole numbers"), ([-1, 5], "whole numbers"), ([1.5, 2], "whole")],
)
def test_bad_counts(counts, message):
    with pytest.raises(DataError, match=message):
        suppress_table(pd.DataFrame({"g": ["a", "b"], "n": counts}), "n", rows="g")


def test_a_category_called_total_and_no_rows_named():
    frame = pd.DataFrame({"g": ["Total", "b"], "n": [4, 5]})
    with pytest.raises(DataError, match='named "Total"'):
        suppress_table(frame, "n", rows="g")
    with pytest.raises(DataError, match="Name the column that labels the table's rows"):
        suppress_table(frame, "n")


def test_a_100_by_100_table_is_safe():
    """Speed is measured in bench/datacheck_suppress.py, not here."""
    rng = np.random.default_rng(3)
    grid = rng.negative_binomial(2, 0.04, (100, 100))
    labels = [str(i) for i in range(100)]
    result = suppress_matrix(grid, labels, labels, "cms")
    assert result.counts()["primary"] > 0 and result.check() == []
