"""Every statement the data checks run, in one place: the checks' logic lives in this SQL.

Builders take column names already quoted by `engine.quote()` and return `(sql, params)`;
anything that came from a person (k, a group's value, an outcome value) is a `?`
parameter. Only numbers the code itself made (a sample size) are written into the text,
and then through `int()`.

Over a file the records are read once, into the table `classes` (one row per combination
of quasi-identifier values, with its size `n`); every risk figure and every
generalization is computed from that much smaller table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Query = tuple[str, list[Any]]

#: a value as its shape: digits become #, a word keeps its first letter if that is A-Z or
#: a-z ("J*** S***"), and a word starting with any other letter keeps none ("***"), since
#: the first character of a name in many scripts is the family name
MASK = (
    r"regexp_replace(regexp_replace(regexp_replace({v}, '\d', '#', 'g'), "
    r"'(^|[^\pL])[^\P{{L}}A-Za-z]\pL*', '\1***', 'g'), "
    r"'(^|[^\pL])([A-Za-z])\pL*', '\1\2***', 'g')"
)


def text(col: str) -> str:
    return f"trim(CAST({col} AS VARCHAR))"


# -- identifier scan --------------------------------------------------------------------
def sample(size: int) -> str:
    """A reproducible sample of the records, kept for the value checks."""
    return (
        "CREATE OR REPLACE TEMP TABLE sample AS SELECT * FROM data "
        f"USING SAMPLE reservoir({int(size)} ROWS) REPEATABLE (17)"
    )


def profile(cols: Sequence[tuple[str, Sequence[str | None]]]) -> Query:
    """Per column: non-empty values, distinct values, and matches of each pattern (a
    pattern of None is not tried on that column, and counts 0)."""
    parts, params = ["count(*)"], []
    for col, patterns in cols:
        v = text(col)
        parts += [f"count(NULLIF({v}, ''))", f"count(DISTINCT NULLIF({v}, ''))"]
        for pattern in patterns:
            if pattern is None:
                parts.append("0")
                continue
            parts.append(f"count(*) FILTER (WHERE regexp_full_match({v}, ?))")
            params.append(pattern)
    return f"SELECT {', '.join(parts)} FROM sample", params


def masked_example(col: str, pattern: str | None) -> Query:
    """One matching value, masked inside DuckDB: the raw value never reaches Python."""
    v = text(col)
    where = f"regexp_full_match({v}, ?)" if pattern else f"NULLIF({v}, '') IS NOT NULL"
    return f"SELECT min({MASK.format(v=v)}) FROM sample WHERE {where}", [pattern] if pattern else []


# -- re-identification risk ---------------------------------------------------------------
def classes(cols: Sequence[str]) -> str:
    """The equivalence classes: one row per combination of values, with its size."""
    select = ", ".join(f"{col} AS c{i}" for i, col in enumerate(cols))
    keys = ", ".join(str(i + 1) for i in range(len(cols)))
    return (
        f"CREATE OR REPLACE TEMP TABLE classes AS SELECT {select}, count(*) AS n "
        f"FROM data GROUP BY {keys}"
    )


def summary(k: int, table: str = "classes") -> Query:
    """Records, classes, the smallest class (k), and what sits in classes below k."""
    return (
        "SELECT coalesce(sum(n), 0), count(*), coalesce(min(n), 0), "
        "coalesce(sum(n) FILTER (WHERE n < ?), 0), count(*) FILTER (WHERE n < ?), "
        f"coalesce(sum(n) FILTER (WHERE n = 1), 0) FROM {table}",
        [k, k],
    )


def sizes(k: int) -> Query:
    """Records and classes by class size, sizes of k and above together."""
    return (
        "SELECT least(n, ?) AS size, sum(n), count(*) FROM classes GROUP BY 1 ORDER BY 1",
        [k],
    )


def combinations(sets: dict[int, tuple[Sequence[int], str]], k: int) -> Query:
    """For each numbered set of quasi-identifiers (by position), grouped from a table: its
    k and its records below k. One GROUP BY per set under UNION ALL, not GROUPING SETS:
    each of these can spill to disk, and on 1M records they ran faster too."""
    parts = [
        f"SELECT {n} AS s, min(m), coalesce(sum(m) FILTER (WHERE m < ?), 0) "
        f"FROM (SELECT sum(n) AS m FROM {table} GROUP BY {', '.join(f'c{i}' for i in cols)})"
        for n, (cols, table) in sets.items()
    ]
    return " UNION ALL ".join(parts), [k] * len(sets)


def distinct(m: int) -> str:
    """About how many values each column of the classes table has."""
    return f"SELECT {', '.join(f'approx_count_distinct(c{i})' for i in range(m))} FROM classes"


#: generalization steps: SQL over a column `{c}` of the classes table (with `?` params)
GENERALIZE = {
    "month": "date_trunc('month', TRY_CAST({c} AS DATE))",
    "year": "year(TRY_CAST({c} AS DATE))",
    "band": "floor(TRY_CAST({c} AS DOUBLE) / ?) * ?",
    "zip3": "left(trim(CAST({c} AS VARCHAR)), 3)",
    "other": "CASE WHEN sum(n) OVER (PARTITION BY {c}) < ? THEN 'Other' "
    "ELSE CAST({c} AS VARCHAR) END",
}


def generalized(steps: Sequence[tuple[str, str | None, list[Any]]], source: str) -> Query:
    """`source` with each column replaced by its step: (column, step or None, params).
    A column whose step is "drop" is left out."""
    parts, params = [], []
    for name, step, step_params in steps:
        if step == "drop":
            continue
        parts.append(f"{GENERALIZE[step].format(c=name) if step else name} AS {name}")
        params += step_params
    return f"SELECT {', '.join(parts + ['n'])} FROM {source}", params


def regroup(inner: Query, names: Sequence[str], k: int) -> Query:
    """k and records below k once `inner`'s columns are grouped again."""
    by = f" GROUP BY {', '.join(names)}" if names else ""
    sql, params = inner
    return (
        f"WITH g AS (SELECT sum(n) AS m FROM ({sql}){by}) "
        "SELECT coalesce(min(m), 0), coalesce(sum(m) FILTER (WHERE m < ?), 0) FROM g",
        [*params, k],
    )


def materialize(inner: Query, names: Sequence[str], table: str) -> Query:
    by = f" GROUP BY {', '.join(names)}" if names else ""
    select = ", ".join([*names, "sum(n) AS n"])
    sql, params = inner
    return f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select} FROM ({sql}){by}", params


def smallest_kept(k: int, table: str) -> Query:
    """k once the groups smaller than the target are left out (local suppression)."""
    return f"SELECT coalesce(min(n), 0) FROM {table} WHERE n >= ?", [k]


def column_range(name: str, table: str = "classes") -> str:
    return f"SELECT min(TRY_CAST({name} AS DOUBLE)), max(TRY_CAST({name} AS DOUBLE)) FROM {table}"


# -- small-cell suppression -----------------------------------------------------------------
def counts_check(count: str) -> str:
    """Counts that are not numbers, negative, or not whole; and empty counts."""
    x = f"TRY_CAST({count} AS DOUBLE)"
    return (
        f"SELECT count(*) FILTER (WHERE {count} IS NOT NULL AND {x} IS NULL), "
        f"count(*) FILTER (WHERE {x} < 0 OR {x} <> floor({x})), "
        f"count(*) FILTER (WHERE {count} IS NULL) FROM data"
    )


def cells(count: str, labels: Sequence[str]) -> str:
    """The table's cells: one row per combination of labels, counts summed."""
    keys = [f"coalesce(CAST({lab} AS VARCHAR), '(missing)')" for lab in labels]
    by = ", ".join(str(i + 1) for i in range(len(keys)))
    return (
        f"SELECT {', '.join(keys)}, CAST(sum(TRY_CAST({count} AS DOUBLE)) AS BIGINT) "
        f"FROM data GROUP BY {by}"
    )


# -- equity audit ------------------------------------------------------------------------------
def outcome_flag(col: str, positive: str | None, yes: Sequence[str], no: Sequence[str]) -> Query:
    """1 for the outcome, 0 for its absence, NULL when the value is neither or missing."""
    if positive is not None:
        return f"CASE WHEN {col} IS NULL THEN NULL WHEN {text(col)} = ? THEN 1 ELSE 0 END", [
            positive
        ]
    v = f"lower({text(col)})"
    return (
        f"CASE WHEN list_contains(?, {v}) THEN 1 WHEN list_contains(?, {v}) THEN 0 END",
        [list(yes), list(no)],
    )


def outcome_values(flag: Query, col: str) -> Query:
    """Records whose outcome is missing, and distinct values that are neither yes nor no."""
    sql, params = flag
    return (
        f"SELECT count(*) FILTER (WHERE {col} IS NULL), "
        f"count(DISTINCT {text(col)}) FILTER (WHERE {col} IS NOT NULL AND ({sql}) IS NULL) "
        "FROM data",
        params,
    )


def rates(groups: Sequence[str], flag: Query) -> Query:
    """Per group: records with a known outcome, records with the outcome (as `groups`)."""
    label = " || ' / ' || ".join(f"coalesce(CAST({g} AS VARCHAR), '(missing)')" for g in groups)
    sql, params = flag
    return (
        f"CREATE OR REPLACE TEMP TABLE groups AS WITH f AS (SELECT {label} AS grp, ({sql}) AS y "
        "FROM data) SELECT grp, count(y) AS n, coalesce(sum(y), 0) AS k FROM f GROUP BY grp",
        params,
    )


def disparities(reference: str, fair: tuple[float, float], few: int, rse: float) -> Query:
    """Rates, relative standard errors, ratios to the reference group and their flags,
    over `groups(grp, n, k)`: Aequitas's fair band; NCHS's n < 30 and RSE >= 30 %."""
    return (
        "WITH r AS (SELECT grp, n, k, k / nullif(n, 0) AS rate FROM groups), "
        "ref AS (SELECT rate AS ref_rate FROM r WHERE grp = ?) "
        "SELECT grp, n, k, rate, "
        "CASE WHEN rate > 0 THEN sqrt((1 - rate) / (n * rate)) END AS rse, "
        "rate / nullif(ref_rate, 0) AS ratio, "
        "coalesce(rate / nullif(ref_rate, 0) NOT BETWEEN ? AND ?, false) AS unfair, "
        "n < ? AS too_few, "
        "CASE WHEN rate > 0 THEN sqrt((1 - rate) / (n * rate)) >= ? ELSE true END AS unreliable "
        "FROM r, ref ORDER BY n DESC, grp",
        [reference, fair[0], fair[1], few, rse],
    )
