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
from dataclasses import dataclass
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


def profile(cols: Sequence[tuple[str, Sequence[str | None], Sequence[str | None]]]) -> Query:
    """Per column: non-empty values, distinct values, values that match each pattern in
    full, and values that hold each inside-text pattern somewhere (a pattern of None is
    not tried on that column, and counts 0)."""
    parts, params = ["count(*)"], []
    for col, patterns, inside in cols:
        v = text(col)
        parts += [f"count(NULLIF({v}, ''))", f"count(DISTINCT NULLIF({v}, ''))"]
        for pattern, test in [*((p, "regexp_full_match") for p in patterns),
                              *((p, "regexp_matches") for p in inside)]:  # fmt: skip
            if pattern is None:
                parts.append("0")
                continue
            parts.append(f"count(*) FILTER (WHERE {test}({v}, ?))")
            params.append(pattern)
    return f"SELECT {', '.join(parts)} FROM sample", params


def masked_example(col: str, pattern: str | None, inside: bool = False) -> Query:
    """One matching value (or, `inside` text, the part that matches the pattern's first
    group), masked inside DuckDB: the raw value never reaches Python."""
    v = text(col)
    if inside and pattern:
        part = f"regexp_extract({v}, ?, 1)"
        sql = f"SELECT min({MASK.format(v=part)}) FROM sample WHERE regexp_matches({v}, ?)"
        return sql, [pattern, pattern]
    where = f"regexp_full_match({v}, ?)" if pattern else f"NULLIF({v}, '') IS NOT NULL"
    return f"SELECT min({MASK.format(v=v)}) FROM sample WHERE {where}", [pattern] if pattern else []


# -- re-identification risk ---------------------------------------------------------------
def classes(cols: Sequence[str], types: dict[int, str] | None = None) -> str:
    """The equivalence classes: one row per combination of values, with its size. Columns
    numbered in `types` are read as those ENUM types (grouping small integers is faster
    than grouping text, and every regroup of the plan groups by them again)."""
    select = ", ".join(f"{_typed(col, i, types)} AS c{i}" for i, col in enumerate(cols))
    keys = ", ".join(str(i + 1) for i in range(len(cols)))
    return (
        f"CREATE OR REPLACE TEMP TABLE classes AS SELECT {select}, count(*) AS n "
        f"FROM data GROUP BY {keys}"
    )


def _typed(col: str, i: int, types: dict[int, str] | None) -> str:
    return f"CAST({col} AS {types[i]})" if types and i in types else col


def text_values(cols: Sequence[str]) -> str:
    """One pass over the records: the distinct non-empty values of each text column, as
    lists `d0, d1, ...` in the table `text_values` (the ENUM types are made from them)."""
    lists = ", ".join(
        f"list(DISTINCT {col}) FILTER (WHERE {col} IS NOT NULL) AS d{i}"
        for i, col in enumerate(cols)
    )
    return f"CREATE OR REPLACE TEMP TABLE text_values AS SELECT {lists} FROM data"


def enum_from_values(name: str, i: int) -> str:
    """An ENUM type of the values listed in `text_values.d{i}` (`name` is made by the code)."""
    return f"CREATE TYPE {name} AS ENUM (SELECT unnest(d{int(i)}) FROM text_values)"


# -- l-diversity: the sensitive values each class holds, kept as a set that merges ----------
@dataclass(frozen=True)
class SetKind:
    """How a class keeps the set of its sensitive values (by code): a 64-bit mask when the
    column has at most 64 values, else a list. `build` makes it from the cells of a class,
    `merge` joins the sets of classes that a generalization puts together, `size` counts."""

    build: str
    merge: str
    size: str


SETS = {
    "bits": SetKind("bit_or(1::UBIGINT << {x})", "bit_or({x})", "bit_count({x})"),
    "list": SetKind("list_distinct(list({x}))", "list_distinct(flatten(list({x})))", "len({x})"),
}
BITS_UP_TO = 64


def class_cells(
    cols: Sequence[str], sensitive: Sequence[str], types: dict[int, str] | None = None
) -> str:
    """One pass over the records: a row per combination of quasi-identifier and sensitive
    values, with its count. The classes and their sets of sensitive values come from it.
    Quasi-identifiers numbered in `types` are read as those ENUM types."""
    select = [f"{_typed(col, i, types)} AS c{i}" for i, col in enumerate(cols)]
    select += [f"{col} AS v{j}" for j, col in enumerate(sensitive)]
    keys = ", ".join(str(i + 1) for i in range(len(select)))
    return (
        f"CREATE OR REPLACE TEMP TABLE cells AS SELECT {', '.join(select)}, count(*) AS n "
        f"FROM data GROUP BY {keys}"
    )


def value_codes(j: int) -> str:
    """Sensitive column j's distinct values (an empty value counts as one), numbered."""
    return (
        f"CREATE OR REPLACE TEMP TABLE codes{j} AS SELECT v{j} AS v, "
        f"CAST(row_number() OVER (ORDER BY v{j}) - 1 AS INTEGER) AS code "
        f"FROM (SELECT DISTINCT v{j} FROM cells)"
    )


def classes_from_cells(m: int, kinds: Sequence[str]) -> str:
    """The classes with, per sensitive column j, the set `s{j}` of its values' codes."""
    sets = [SETS[kind].build.format(x=f"codes{j}.code") for j, kind in enumerate(kinds)]
    joins = " ".join(
        f"JOIN codes{j} ON cells.v{j} IS NOT DISTINCT FROM codes{j}.v" for j in range(len(kinds))
    )
    select = ", ".join([*(f"cells.c{i} AS c{i}" for i in range(m)), "sum(n) AS n"]
                       + [f"{s} AS s{j}" for j, s in enumerate(sets)])  # fmt: skip
    by = ", ".join(str(i + 1) for i in range(m))
    return (
        f"CREATE OR REPLACE TEMP TABLE classes AS SELECT {select} FROM cells {joins} "
        f"GROUP BY {by}"
    )


def diversity(j: int, kind: str, l_target: int) -> Query:
    """Sensitive column j: its smallest number of values in a class, and classes and
    records by that number, numbers of l and above together."""
    size = SETS[kind].size.format(x=f"s{j}")
    return (
        f"WITH d AS (SELECT n, {size} AS d FROM classes) "
        "SELECT least(d, ?) AS d, count(*), sum(n), min(min(d)) OVER () FROM d "
        "GROUP BY 1 ORDER BY 1",
        [l_target],
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
    # HIPAA Safe Harbor: the first three digits, or 000 where the area they cover holds
    # 20,000 people or fewer (the list is a parameter, from `zip3.restricted()`)
    "zip3": "CASE WHEN list_contains(?, left(trim(CAST({c} AS VARCHAR)), 3)) THEN '000' "
    "ELSE left(trim(CAST({c} AS VARCHAR)), 3) END",
    # a ZIP code stored as a number has lost its leading zeros (3601 is 03601)
    "zip3_number": "CASE WHEN list_contains(?, left(lpad(CAST({c} AS VARCHAR), "
    "CASE WHEN {c} > 99999 THEN 9 ELSE 5 END, '0'), 3)) THEN '000' "
    "ELSE left(lpad(CAST({c} AS VARCHAR), CASE WHEN {c} > 99999 THEN 9 ELSE 5 END, '0'), 3) END",
    "other": "CASE WHEN sum(n) OVER (PARTITION BY {c}) < ? THEN 'Other' "
    "ELSE CAST({c} AS VARCHAR) END",
    # the same over an ENUM: its number, -1 for Other (missing stays NULL, a group apart),
    # so the regroup keeps grouping by integers
    "other_enum": "CASE WHEN sum(n) OVER (PARTITION BY {c}) < ? THEN -1 "
    "ELSE CAST(enum_code({c}) AS INTEGER) END",
    # the same with the rare values found beforehand (`rare_codes`): their numbers, and
    # whether missing is rare; no window over the whole table at every regroup
    "other_codes": "CASE WHEN list_contains(?, CAST(enum_code({c}) AS INTEGER)) "
    "OR ({c} IS NULL AND ?) THEN -1 ELSE CAST(enum_code({c}) AS INTEGER) END",
    # an ENUM column through a table of what each of its values becomes (worked out once
    # per value by `lookup`), as a number per result; missing stays missing
    "lookup": "list_extract(?, CAST(enum_code({c}) AS INTEGER) + 1)",
    # a step known beforehand to change nothing (no value is rare): never regrouped
    "same": "{c}",
}


def rare_codes(name: str, k: int, table: str = "classes") -> Query:
    """How many values of column `name` are held by fewer than k records, the ENUM numbers
    of those that are not missing (NULL for a column that is no ENUM), and whether
    missing is one of them."""
    return (
        "SELECT count(*), list(CAST(enum_code(c) AS INTEGER)) FILTER (WHERE c IS NOT NULL), "
        f"coalesce(bool_or(c IS NULL), false) FROM (SELECT {name} AS c FROM {table} "
        f"GROUP BY 1 HAVING sum(n) < ?)",
        [k],
    )


def rare_count(name: str, k: int, table: str = "classes") -> Query:
    """How many values of column `name` (missing counts as one) are held by fewer than k
    records."""
    return (
        f"SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {name} HAVING sum(n) < ?)",
        [k],
    )


def lookup(step: str, name: str, params: list[Any], table: str = "classes") -> Query:
    """Each value of the ENUM column `name`: its number, and what `step` makes of it."""
    return (
        f"SELECT CAST(enum_code({name}) AS INTEGER), {GENERALIZE[step].format(c=name)} "
        f"FROM (SELECT DISTINCT {name} FROM {table} WHERE {name} IS NOT NULL)",
        params,
    )


def generalized(
    steps: Sequence[tuple[str, str | None, list[Any]]], source: str, sets: int = 0
) -> Query:
    """`source` with each column replaced by its step: (column, step or None, params).
    A column whose step is "drop" is left out; the `sets` sensitive-value sets pass through."""
    parts, params = [], []
    for name, step, step_params in steps:
        if step == "drop":
            continue
        parts.append(f"{GENERALIZE[step].format(c=name) if step else name} AS {name}")
        params += step_params
    parts += ["n", *(f"s{j}" for j in range(sets))]
    return f"SELECT {', '.join(parts)} FROM {source}", params


def _least(kinds: Sequence[str], table: str = "") -> str:
    """The smallest number of sensitive values over the columns, per row (or NULL)."""
    sizes = [SETS[kind].size.format(x=f"{table}s{j}") for j, kind in enumerate(kinds)]
    return "NULL" if not sizes else sizes[0] if len(sizes) == 1 else f"least({', '.join(sizes)})"


def regroup(inner: Query, names: Sequence[str], k: int, l_target: int = 1,
            kinds: Sequence[str] = ()) -> Query:  # fmt: skip
    """Once `inner`'s columns are grouped again: k, records below k, the smallest number of
    sensitive values in a group (l, or NULL), records in groups below l, and records in
    groups that fail either."""
    by = f" GROUP BY {', '.join(names)}" if names else ""
    merged = [f"{SETS[kind].merge.format(x=f's{j}')} AS s{j}" for j, kind in enumerate(kinds)]
    sql, params = inner
    d = _least(kinds)
    return (
        f"WITH g AS (SELECT {', '.join(['sum(n) AS m', *merged])} FROM ({sql}){by}), "
        f"h AS (SELECT m, {d} AS d FROM g) "
        "SELECT coalesce(min(m), 0), coalesce(sum(m) FILTER (WHERE m < ?), 0), min(d), "
        "coalesce(sum(m) FILTER (WHERE d < ?), 0), "
        "coalesce(sum(m) FILTER (WHERE m < ? OR coalesce(d < ?, false)), 0) FROM h",
        [*params, k, l_target, k, l_target],
    )


def materialize(inner: Query, names: Sequence[str], table: str,
                kinds: Sequence[str] = ()) -> Query:  # fmt: skip
    by = f" GROUP BY {', '.join(names)}" if names else ""
    merged = [f"{SETS[kind].merge.format(x=f's{j}')} AS s{j}" for j, kind in enumerate(kinds)]
    select = ", ".join([*names, "sum(n) AS n", *merged])
    sql, params = inner
    return f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select} FROM ({sql}){by}", params


def standing(k: int, l_target: int, table: str, kinds: Sequence[str] = ()) -> Query:
    """k, records below k, l, records below l and records failing either, in `table`."""
    d = _least(kinds)
    return (
        f"WITH h AS (SELECT n AS m, {d} AS d FROM {table}) "
        "SELECT coalesce(min(m), 0), coalesce(sum(m) FILTER (WHERE m < ?), 0), min(d), "
        "coalesce(sum(m) FILTER (WHERE d < ?), 0), "
        "coalesce(sum(m) FILTER (WHERE m < ? OR coalesce(d < ?, false)), 0) FROM h",
        [k, l_target, k, l_target],
    )


def smallest_kept(k: int, table: str, l_target: int = 1, kinds: Sequence[str] = ()) -> Query:
    """k and l once the groups that fail either are left out (local suppression)."""
    d = _least(kinds)
    return (
        f"SELECT coalesce(min(n), 0), min({d}) FROM {table} "
        f"WHERE n >= ? AND coalesce({d} >= ?, true)",
        [k, l_target],
    )


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
