"""k-anonymity and l-diversity checked as an attacker would: on random extracts, group the
records themselves by the quasi-identifiers as each suggestion and each step of the plan
would publish them (pandas, no SQL, no code shared with `guidelib.datacheck`), count the
groups, and compare with what `risk()` reports: k, records at risk, group sizes, l, the
riskiest pairs, every suggestion and every cumulative step of the plan."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidelib.datacheck import risk, zip3
from guidelib.datacheck.generalize import ZIP3_LABEL

ZIPS = ["03601", "03602", "10001", "10002", "59001", "69001", "82001", " 10003"]
OTHER = object()  # the attacker's own "Other" bucket, equal to no value in the data


@st.composite
def extracts(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str], list[str], int, int]:
    n = draw(st.integers(3, 120))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def gaps(values: pd.Series) -> pd.Series:
        return values.mask(rng.random(n) < draw(st.sampled_from([0.0, 0.05, 0.3])))

    days = rng.integers(0, draw(st.sampled_from([40, 400, 2000])), n)
    frame = pd.DataFrame({
        "date_of_birth": gaps(pd.Series(pd.Timestamp("2004-01-01") + pd.to_timedelta(days, "D"))),
        "sex": gaps(pd.Series(rng.choice(["F", "M", "X", "Other", ""], n,
                                         p=[.45, .45, .04, .03, .03]), dtype=object)),
        "zip": gaps(pd.Series(rng.choice(ZIPS, n), dtype=object)),
        "age": rng.integers(0, draw(st.sampled_from([3, 30, 90])), n),
        "score": pd.array(rng.integers(-50, 700, n), dtype="Int64"),
        "flag": rng.random(n) < 0.2,
        "diagnosis": gaps(pd.Series(rng.choice(list("abc"), n), dtype=object)),
        "code": pd.Series(rng.integers(0, 90, n)).astype(str),
    })  # fmt: skip
    quasi = draw(st.lists(st.sampled_from(list(frame.columns[:6])), min_size=1, max_size=4,
                          unique=True))  # fmt: skip
    sensitive = draw(st.lists(st.sampled_from(["diagnosis", "code"]), max_size=2, unique=True))
    return frame, quasi, sensitive, draw(st.integers(2, 6)), draw(st.integers(1, 3))


def measure(frame: pd.DataFrame, quasi: list[str], sensitive: list[str], k: int, l: int):  # noqa: E741
    """(k, records below k, l or None, records below l, records failing either, group
    sizes) of the records as published: grouped by what is left of the quasi-identifiers."""
    if quasi:
        groups = frame.groupby(quasi, dropna=False, sort=False)
        size = groups.size().to_numpy()
        values = [groups[s].nunique(dropna=False).to_numpy() for s in sensitive]
    else:  # every quasi-identifier left out: one group
        size = np.array([len(frame)])
        values = [np.array([frame[s].nunique(dropna=False)]) for s in sensitive]
    least = np.min(values, axis=0) if values else None
    low_l = least < l if values else np.zeros(len(size), bool)
    return (
        int(size.min()), int(size[size < k].sum()), None if least is None else int(least.min()),
        int(size[low_l].sum()), int(size[(size < k) | low_l].sum()), size, least,
    )  # fmt: skip


def other(values: pd.Series, k: int) -> pd.Series:
    """Values held by fewer than k records (missing counts as a value) become Other."""
    counts = values.map(values.value_counts(dropna=False))
    counts[values.isna()] = int(values.isna().sum())
    return values.astype(object).where(counts >= k, OTHER)


def safe_harbor(values: pd.Series) -> pd.Series:
    def one(v: object) -> object:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        head = str(v).strip()[:3]
        return "000" if head in zip3.restricted() else head

    return values.map(one)


def generalize(frame: pd.DataFrame, column: str, change: str, k: int) -> pd.DataFrame:
    """The extract as the change would publish it (None: the column is left out)."""
    out, col = frame.copy(), frame[column]
    if change == "to month":
        out[column] = col.dt.to_period("M")
    elif change == "to year":
        out[column] = col.dt.year
    elif change.startswith("in bands of "):
        width = float(change.removeprefix("in bands of "))
        out[column] = np.floor(col.astype("float64") / width) * width
    elif change == ZIP3_LABEL:
        out[column] = safe_harbor(col)
    elif change.startswith("with values shared by fewer than"):
        out[column] = other(col.astype(object).where(col.notna(), None), k)
    else:
        assert change == "left out", change
        out = out.drop(columns=[column])
    return out


def figures(m: tuple) -> tuple:
    return m[:4]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extracts())
def test_every_figure_matches_the_records_grouped_by_hand(case):
    frame, quasi, sensitive, k, l = case  # noqa: E741
    report = risk(frame, quasi, k, sensitive=sensitive, l=l)
    base = measure(frame, quasi, sensitive, k, l)
    size = base[5]
    assert (report.rows, report.k, report.groups) == (len(frame), base[0], len(size))
    assert (report.at_risk, report.small_groups) == (base[1], int((size < k).sum()))
    assert report.unique == int(size[size == 1].sum())
    sizes = [{"size": int(s), "records": int(size[np.minimum(size, k) == s].sum()),
              "groups": int((np.minimum(size, k) == s).sum())}
             for s in sorted(set(np.minimum(size, k)))]  # fmt: skip
    assert report.sizes == sizes
    for d in report.diversity:
        _, _, least, below, *_ = measure(frame, quasi, [d.column], k, l)
        assert (d.l, d.records_below) == (least, below)
    if sensitive:
        assert (report.l, report.l_at_risk) == (base[2], base[3])

    if len(quasi) > 2:
        sets = itertools.combinations(quasi, 2)
    else:
        sets = [[q] for q in quasi] if len(quasi) == 2 else []
    pairs = sorted(
        ([list(s), *measure(frame, list(s), [], k, l)[:2]] for s in sets),
        key=lambda c: (-c[2], c[1], c[0]),
    )[:5]
    assert [[c.columns, c.k, c.at_risk] for c in report.combinations] == pairs

    for s in report.suggestions:
        change = s.change.removeprefix(f"{s.column} ")
        shown = generalize(frame, s.column, change, k)
        kept = [q for q in quasi if q in shown.columns]
        m = measure(shown, kept, sensitive, k, l)
        assert (s.k, s.at_risk, s.l, s.l_at_risk) == figures(m), s.change
        assert figures(m) != figures(base)  # a step that changes nothing is no suggestion

    shown, kept = frame, list(quasi)
    for step in report.plan:
        if not step.column:  # the last resort: leave out the records still failing
            m = measure(shown, kept, sensitive, k, l)
            assert f"leave out the {m[4]:,} record" in step.change
            fails = (m[5] < k) | ((m[6] < l) if m[6] is not None else False)
            assert (step.k, step.l) == (int(m[5][~fails].min()),
                                        None if m[6] is None else int(m[6][~fails].min()))
            break
        shown = generalize(shown, step.column, step.change.removeprefix(f"{step.column} "), k)
        kept = [q for q in kept if q in shown.columns]
        m = measure(shown, kept, sensitive, k, l)
        assert (step.k, step.at_risk, step.l, step.l_at_risk) == figures(m), step.change
    if report.plan and report.plan[-1].column and kept:  # a plan that ends reaches its targets
        assert report.plan[-1].k >= k and (report.plan[-1].l or l) >= l


@pytest.mark.parametrize("seed", range(3))
def test_larger_extracts_match_too(seed):
    """A few thousand records, where the plan climbs several steps."""
    rng = np.random.default_rng(seed)
    n = 3000
    frame = pd.DataFrame({
        "date_of_birth": pd.Timestamp("2004-01-01")
        + pd.to_timedelta(rng.integers(0, 3000, n), "D"),
        "sex": rng.choice(["F", "M"], n), "zip": rng.choice(ZIPS, n),
        "age": rng.integers(5, 19, n), "diagnosis": rng.choice(list("abcd"), n),
    })  # fmt: skip
    quasi = ["date_of_birth", "sex", "zip", "age"]
    report = risk(frame, quasi, 5, sensitive=["diagnosis"], l=2)
    assert len(report.plan) >= 2
    shown, kept = frame, list(quasi)
    for step in report.plan:
        if not step.column:
            break
        shown = generalize(shown, step.column, step.change.removeprefix(f"{step.column} "), 5)
        kept = [q for q in kept if q in shown.columns]
        m = measure(shown, kept, ["diagnosis"], 5, 2)
        assert (step.k, step.at_risk, step.l, step.l_at_risk) == figures(m), step.change
