"""Small-cell suppression: known primary and complementary cells, and the proof that no
hidden cell can be worked out from the totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from guidelib.datacheck import DataError, derivable, policy, suppress_matrix, suppress_table
from guidelib.datacheck.suppress import PRIMARY, SHOWN

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
            assert result.check() == [], (trial, spec, grid)
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


def test_a_100_by_100_table_is_quick_and_safe():
    import time

    rng = np.random.default_rng(3)
    grid = rng.negative_binomial(2, 0.04, (100, 100))
    labels = [str(i) for i in range(100)]
    start = time.perf_counter()
    result = suppress_matrix(grid, labels, labels, "cms")
    assert time.perf_counter() - start < 5  # the benchmark's target is 1 s; CI is noisy
    assert result.counts()["primary"] > 0 and result.check() == []
