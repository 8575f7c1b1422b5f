"""DuckDB over a file or a frame, read out of core, with the file as the only thing it may touch.

`open_data(source)` gives a `Data`: the source as the view `data` in its own in-memory
DuckDB, with a memory limit and a private spill folder, external access switched off once
the file is attached (so no SQL can read another file or a URL), and every DuckDB error
turned into one plain sentence that never quotes a line of the file.

Column names come from files and are hostile until quoted: `quote()` is the only way a
name enters SQL. Values a person typed only ever travel as `?` parameters.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import GuidelibError
from ..textsafe import for_message

MEMORY_LIMIT = os.environ.get("GUIDELIB_DUCKDB_MEMORY", "512MB")
READERS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet"}
NOT_UTF8 = "is not utf-8 encoded"


class DataError(GuidelibError, ValueError):
    """A data file or table cannot be checked as asked (names the file or the column)."""


def quote(name: str) -> str:
    """A column name as a SQL identifier: `x"; DROP` becomes `"x""; DROP"`."""
    if "\x00" in name:
        raise DataError("A column name contains a NUL character; rename the column.")
    return '"' + name.replace('"', '""') + '"'


class Data:
    """A source opened in DuckDB as the view `data`. Use it in a `with` block."""

    def __init__(self, con: Any, label: str, spill: str | None) -> None:
        self.con, self.label, self._spill = con, for_message(label, 80), spill
        described = self.fetch("DESCRIBE data")
        self.columns: dict[str, str] = {str(row[0]): str(row[1]) for row in described}
        self._rows: int | None = None

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Rows of a query, with DuckDB's errors made plain."""
        import duckdb

        try:
            return self.con.execute(sql, list(params)).fetchall()
        except duckdb.Error as exc:
            raise DataError(_plain(exc, self.label)) from None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.fetch(sql, params)

    @property
    def rows(self) -> int:
        if self._rows is None:
            self._rows = int(self.fetch("SELECT count(*) FROM data")[0][0])
        return self._rows

    def column(self, name: str) -> str:
        """The quoted name of a column, or a sentence naming what is there instead."""
        if name not in self.columns:
            listed = for_message(", ".join(for_message(c, 40) for c in list(self.columns)[:20]),
                                 400)  # fmt: skip
            raise DataError(
                f'{self.label} has no column "{for_message(name, 60)}". '
                f"Its columns are: {listed}."
            )
        return quote(name)

    def require_rows(self) -> None:
        if self.rows == 0:
            raise DataError(f"{self.label} has no rows to check.")

    def close(self) -> None:
        self.con.close()
        if self._spill:
            shutil.rmtree(self._spill, ignore_errors=True)

    def __enter__(self) -> Data:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_data(source: Any, label: str | None = None) -> Data:
    """A CSV or Parquet path, or a pandas/pyarrow frame, as a `Data` (view `data`)."""
    import duckdb

    spill = tempfile.mkdtemp(prefix="guidelib-duckdb-")
    con = duckdb.connect(":memory:", config=_config(spill))
    try:
        if isinstance(source, str | os.PathLike):
            path = _check_file(Path(source))
            label = for_message(label or path.name, 80)
            _attach_file(con, path, label)
            con.execute("SET allowed_paths = ?", [[str(path)]])
        else:
            label = label or "The table"
            con.register("frame", source)
            con.execute("CREATE VIEW data AS SELECT * FROM frame")
        con.execute("SET allowed_directories = ?", [[spill]])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return Data(con, label, spill)
    except BaseException as exc:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
        if isinstance(exc, duckdb.Error):
            raise DataError(_plain(exc, label or "The table")) from None
        raise


def _config(spill: str) -> dict[str, Any]:
    return {
        "memory_limit": MEMORY_LIMIT,
        "temp_directory": spill,
        "preserve_insertion_order": False,  # lets aggregates stream instead of buffering
        "autoinstall_known_extensions": False,  # nothing is fetched from the network
        "autoload_known_extensions": False,
    }


def _check_file(path: Path) -> Path:
    name = for_message(path.name or str(path), 80)
    if not path.exists():
        raise DataError(f"There is no file {name} (looked for {for_message(path, 200)}).")
    if not path.is_file():
        raise DataError(f"{name} is a folder, not a data file.")
    if not os.access(path, os.R_OK):
        raise DataError(f"{name} cannot be read (permission denied).")
    if path.stat().st_size == 0:
        raise DataError(f"{name} is empty.")
    return path.resolve()


def _reader(path: Path) -> str:
    if path.suffix.lower() in READERS:
        return READERS[path.suffix.lower()]
    with open(path, "rb") as f:
        return "parquet" if f.read(4) == b"PAR1" else "csv"


def _attach_file(con: Any, path: Path, label: str) -> None:
    import duckdb

    kind = _reader(path)
    if kind == "csv":
        _refuse_utf16(path, label)
    try:
        rel = con.read_csv(str(path)) if kind == "csv" else con.read_parquet(str(path))
        rel.create_view("data")
    except duckdb.Error as exc:
        raise DataError(_plain(exc, label)) from None


def _refuse_utf16(path: Path, label: str) -> None:
    with open(path, "rb") as f:
        head = f.read(4096)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head.count(b"\x00") > len(head) // 4:
        raise DataError(
            f"{label} is UTF-16 text, not UTF-8. Save it as CSV UTF-8 and check it again."
        )


#: words in DuckDB's message -> our sentence (DuckDB's own text may quote a line of data)
MESSAGES = {
    NOT_UTF8: "{label} is not UTF-8 text (it may be Latin-1 or Windows-1252). "
    "Save it as CSV UTF-8 and check it again.",
    "too small to be a parquet file": "{label} is not a Parquet file, or it is damaged.",
    "no magic bytes": "{label} is not a Parquet file, or it is damaged.",
    "not a parquet file": "{label} is not a Parquet file, or it is damaged.",
    "sniffing file": "{label} does not look like a CSV file (no columns could be found).",
    "csv error": "{label} could not be read as CSV: a line does not fit the columns "
    "of the first lines.",
    "out of memory": "{label} is too large to check with the memory allowed "
    "(GUIDELIB_DUCKDB_MEMORY={limit}).",
    "conversion error": "{label} has a value that does not fit its column's type.",
    "permission error": "{label} could not be read (permission denied).",
    "no files found": "{label} could not be found.",
}


def _plain(exc: Exception, label: str) -> str:
    text = str(exc).lower()
    for words, sentence in MESSAGES.items():
        if words in text:
            return sentence.format(label=label, limit=MEMORY_LIMIT)
    detail = f": {exc}" if os.environ.get("GUIDELIB_DEBUG") else ""  # may quote the data
    return f"{label} could not be checked ({type(exc).__name__}{detail})."
