"""The fictional multi-agency extracts: seeded, linked by a pseudonymous ID, and skewed."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from guidelib.examples.extracts import EXTRACTS, QUASI, write_extracts


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extracts")
    write_extracts(folder, rows=6000, seed=11)
    return folder


def q(sql: str, *params):
    return duckdb.sql(sql, params=list(params) or None).fetchall()


def test_three_files_in_two_formats(extracts):
    names = sorted(p.name for p in extracts.iterdir())
    assert names == sorted(f"{stem}.{fmt}" for stem in EXTRACTS for fmt in ("csv", "parquet"))
    for stem in EXTRACTS:
        csv_rows = q(f"SELECT count(*) FROM '{extracts / stem}.csv'")
        assert csv_rows == q(f"SELECT count(*) FROM '{extracts / stem}.parquet'")
    school = extracts / "school_attendance.parquet"
    assert q(f"SELECT count(*), count(DISTINCT pid) FROM '{school}'") == [(6000, 6000)]
    columns = [row[0] for row in q(f"DESCRIBE SELECT * FROM '{school}'")]
    assert set(QUASI) <= set(columns)


def test_the_same_seed_gives_the_same_files(extracts, tmp_path):
    write_extracts(tmp_path, rows=6000, seed=11, formats=("csv",))
    for stem in EXTRACTS:
        assert (tmp_path / f"{stem}.csv").read_bytes() == (extracts / f"{stem}.csv").read_bytes()
    write_extracts(tmp_path / "other", rows=6000, seed=12, formats=("csv",))
    assert (tmp_path / "other" / "school_attendance.csv").read_bytes() != (
        extracts / "school_attendance.csv"
    ).read_bytes()


def test_agencies_share_the_pseudonymous_id(extracts):
    school = extracts / "school_attendance.parquet"
    for stem in ("child_welfare_kinship", "juvenile_justice_referrals"):
        other = extracts / f"{stem}.parquet"
        unmatched = q(
            f"SELECT count(*) FROM '{other}' WHERE pid NOT IN (SELECT pid FROM '{school}')"
        )
        assert unmatched == [(0,)] and q(f"SELECT count(*) FROM '{other}'")[0][0] > 30


def test_values_are_recognisably_fictional(extracts):
    welfare = extracts / "child_welfare_kinship.csv"
    assert q(f"SELECT bool_and(ssn LIKE '9__-__-____') FROM '{welfare}'") == [(True,)]
    assert q(f"SELECT bool_and(caregiver_phone LIKE '(954) 555-01__') FROM '{welfare}'") == [
        (True,)
    ]
    school = extracts / "school_attendance.csv"
    assert q(f"SELECT bool_and(guardian_email LIKE '%@example.org') FROM '{school}'") == [(True,)]


def test_skew_makes_small_cells_and_disparities(extracts):
    school, welfare = (
        extracts / "school_attendance.parquet",
        extracts / "child_welfare_kinship.parquet",
    )
    smallest = q(f"SELECT min(n) FROM (SELECT count(*) n FROM '{school}' GROUP BY race_ethnicity)")
    assert smallest[0][0] < 30  # a group too small to publish
    placed = dict(q(
        f"SELECT s.race_ethnicity, avg((w.pid IS NOT NULL)::INT) FROM '{school}' s "
        f"LEFT JOIN '{welfare}' w USING (pid) GROUP BY 1"
    ))  # fmt: skip
    assert placed["Black"] > 1.5 * placed["White"]
    justice = extracts / "juvenile_justice_referrals.parquet"
    diverted = dict(q(f"SELECT race_ethnicity, avg(diverted::INT) FROM '{justice}' GROUP BY 1"))
    assert diverted["Black"] / diverted["White"] < 0.8  # outside the fair band


def test_module_command(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "guidelib.examples.extracts", str(tmp_path), "--rows", "300",
         "--seed", "3", "--format", "parquet"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.split() == [str(tmp_path / f"{stem}.parquet") for stem in EXTRACTS]
    bad = subprocess.run(
        [sys.executable, "-m", "guidelib.examples.extracts", str(tmp_path), "--rows", "0"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 1 and "--rows must be a whole number of 1 or more" in bad.stderr
