"""The DuckDB engine: files and frames, bad files, hostile column names, the sandbox."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from guidelib.datacheck import DataError, equity, open_data, risk, scan, suppress_table
from guidelib.datacheck.engine import quote

HOSTILE = ['x"; DROP TABLE t; --', "name with space", "quote'd", 'say "hi"', "ünï"]


def test_import_guidelib_loads_no_data_libraries():
    code = (
        "import sys, guidelib, guidelib.cli, guidelib.datacheck\n"
        "print(sorted(m for m in ('duckdb', 'pandas', 'pyarrow', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_quote_doubles_quotes_and_refuses_nul():
    assert quote('x"; DROP TABLE t; --') == '"x""; DROP TABLE t; --"'
    with pytest.raises(DataError, match="NUL"):
        quote("a\x00b")


def test_csv_parquet_and_frames_open_alike(tmp_path):
    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    frame.to_csv(tmp_path / "t.csv", index=False)
    frame.to_parquet(tmp_path / "t.parquet")
    (tmp_path / "t.data").write_bytes((tmp_path / "t.parquet").read_bytes())  # sniffed
    for source in (tmp_path / "t.csv", tmp_path / "t.parquet", tmp_path / "t.data", frame):
        with open_data(source) as data:
            assert data.rows == 3 and list(data.columns) == ["a", "b"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "is empty"),
        ("header.csv", b"a,b\n", "has no rows"),
        ("utf16.csv", "name,age\nJosé,3\n".encode("utf-16"), "UTF-16"),
        ("latin1.csv", "name,age\nJosé,3\nAnn,4\n".encode("latin-1"), "not UTF-8"),
        ("broken.parquet", b"\x00\x01garbage", "not a Parquet file"),
        ("noise.csv", bytes(range(256)) * 20, "does not look like a CSV"),
    ],
)
def test_bad_files_give_one_plain_sentence(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError, match=message) as info:
        scan(path)
    assert "\n" not in str(info.value) and "José" not in str(info.value)


def test_missing_folder_and_missing_column(tmp_path):
    with pytest.raises(DataError, match="There is no file nope.csv"):
        scan(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="is a folder"):
        scan(tmp_path)
    pd.DataFrame({"a": [1], "b": [2]}).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(DataError, match='t.csv has no column "zip". Its columns are: a, b.'):
        risk(tmp_path / "t.csv", ["zip"])


def test_latin1_late_in_a_file_is_caught_when_read(tmp_path):
    good = "".join(f"name{i},{i}\n" for i in range(30_000))
    (tmp_path / "late.csv").write_bytes(("name,n\n" + good + "Zoë,1\n").encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        scan(tmp_path / "late.csv")


def test_hostile_column_names_are_data_not_sql(tmp_path):
    frame = pd.DataFrame({name: [i % 3 for i in range(30)] for name in HOSTILE})
    frame["count"] = 12
    path = tmp_path / "hostile.csv"
    frame.to_csv(path, index=False)
    assert scan(path).columns == [*HOSTILE, "count"]
    assert risk(path, HOSTILE[:3], k=2).k == 10
    result = suppress_table(path, "count", rows=HOSTILE[0], cols=HOSTILE[1])
    assert result.names == (HOSTILE[0], HOSTILE[1], "count") and result.check() == []
    audit = equity(path, [HOSTILE[2]], HOSTILE[3], positive="1")
    assert [g.group for g in audit.rows] == ["0", "1", "2"]
    with open_data(path) as data:  # the table is still there: nothing was dropped
        assert data.rows == 30


def test_sql_cannot_reach_other_files(tmp_path):
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "mine.csv", index=False)
    (tmp_path / "secret.csv").write_text("pin\n1234\n")
    with open_data(tmp_path / "mine.csv") as data:
        with pytest.raises(DataError):
            data.fetch(f"SELECT * FROM read_csv('{tmp_path / 'secret.csv'}')")
        with pytest.raises(DataError):
            data.execute("SET enable_external_access = true")


def test_user_values_travel_as_parameters(tmp_path):
    pd.DataFrame({"g": ["a'; DROP TABLE data; --", "b"] * 40, "y": [1, 0] * 40}).to_csv(
        tmp_path / "t.csv", index=False
    )
    audit = equity(tmp_path / "t.csv", "g", "y", reference="a'; DROP TABLE data; --")
    assert audit.reference == "a'; DROP TABLE data; --"
    assert {g.group: g.rate for g in audit.rows} == {"a'; DROP TABLE data; --": 1.0, "b": 0.0}
