"""Which columns look like direct identifiers, and which like quasi-identifiers.

A column is flagged by its name (`student_name`, `DOB`, `SSN`) or by its values: the
share of sampled values that match a pattern (an SSN, an e-mail address, a phone number,
a street address, a name, a code unique to each record).

- SSNs, e-mail addresses and phone numbers have shapes that ordinary data rarely takes,
  so a few are enough: a column is flagged when at least 1% of its sampled non-empty
  values, or at least 5 of them, match (`FEW_SHARE`, `FEW_COUNT`). A column where one
  value in three is an SSN is flagged.
- Names, street addresses and record numbers look like other text and codes, so half of
  the values must match (`FLAG_SHARE`).
- Free text is searched inside, too: a text column in which SSNs, e-mail addresses or
  phone numbers appear within the values (by the same 1% or 5 rule) is flagged as
  holding embedded identifiers.

Reports carry column names, counts and shares, and at most one masked example per column
("J*** S***", "###-##-####"), masked inside DuckDB so that no raw value reaches Python,
with control characters removed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..textsafe import for_message
from . import sql
from .engine import Data, open_data, quote

SAMPLE = 10_000  # rows whose values are matched against the patterns
FLAG_SHARE = 0.5  # a column is flagged by its values when this share of them match ...
FEW_SHARE, FEW_COUNT = 0.01, 5  # ... or, for kinds with `few`, this share or this many
UNIQUE_SHARE = 0.95  # distinct values / values at which a column identifies records


@dataclass(frozen=True)
class Kind:
    """A kind of identifier: how its column names and its values look."""

    label: str
    names: str  # regex over the column name in snake_case
    values: str | None = None  # RE2 pattern a value must match in full
    by_values: bool = True  # may values alone flag a column?
    distinct: float = 0.0  # ... only if at least this share of values differ
    direct: bool = True  # a direct identifier (else only a quasi-identifier)
    few: bool = False  # a few matching values flag the column (a shape rare by chance)


SSN = r"\d{3}-\d{2}-\d{4}"
EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
PHONE = r"(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}"
#: the same shapes inside free text: group 1 is the identifier, bounded so that a longer
#: number is not taken for one
INSIDE = {
    "ssn": rf"(?:^|[^\d-])({SSN})(?:$|[^\d-])",
    "email": r"([^@\s]+@[^@\s]+\.[A-Za-z]{2,})",
    "phone": rf"(?:^|[^\d])({PHONE})(?:$|[^\d])",
}
NAME = r"\p{Lu}[\pL'’-]+(?: \p{Lu}\.?)?(?: \p{Lu}[\pL'’-]+){1,2}|\p{Lu}[\pL'’-]+, \p{Lu}[\pL'’-]+"
STREET = (
    r"(?i)\d+[a-z]?\s+(?:[\pL.'-]+\s+)+(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|"
    r"drive|ln|lane|way|ct|court|pl|place|ter|terrace|cir|circle|pkwy|parkway|hwy|highway|"
    r"trl|trail)\.?(?:[, ].*)?"
)
DATE = r"\d{4}-\d{2}-\d{2}(?:[ T][\d:.]+)?|\d{1,2}/\d{1,2}/\d{2,4}"
ORG_WORDS = frozenset(
    {"school", "program", "agency", "org", "organization", "provider", "facility", "district",
     "company", "file", "county", "city", "street", "site", "plan", "course", "service",
     "team", "dataset", "product", "vendor", "employer", "hospital", "court", "column",
     "table", "field", "host"}
)  # fmt: skip

#: checked in this order: the first kind whose name pattern fits a column wins
KINDS = {
    "ssn": Kind("social security number", r"(^|_)(ssn|social_security(_number|_no)?|ss_?num)(_|$)",
                SSN, few=True),
    "email": Kind("e-mail address", r"(^|_)e_?mail(_address)?(_|$)", EMAIL, few=True),
    "phone": Kind("phone number", r"(^|_)(phone|telephone|tel|mobile|cell|cellphone|fax)(_|$)",
                  PHONE, few=True),
    "birth_date": Kind("date of birth", r"(^|_)(dob|birth_?date|date_of_birth|birthday|bdate)(_|$)",
                       DATE, by_values=False),
    "address": Kind("street address", r"(^|_)(address|addr|street|residence)(_?\d)?(_|$)", STREET),
    "name": Kind("person's name",
                 r"(^|_)((first|last|middle|given|family|full|maiden|nick)_?name|surname|name)(_|$)",
                 NAME, distinct=0.2),
    "record_id": Kind("record number",
                      r"(^|_)(id|ids|pid|uid|uuid|guid|mrn)(_|$)|(^|_)(case|record|referral|"
                      r"account|medicaid|license|passport|student|client|patient|member)"
                      r"_?(no|num|number|nbr)(_|$)",
                      r"[A-Za-z]{0,5}[-_]?\d{4,}[A-Za-z0-9-]*", distinct=UNIQUE_SHARE),
    "zip": Kind("ZIP code", r"(^|_)(zip|zipcode|zip_code|postal|postcode|postal_code)(_|$)",
                r"\d{5}(?:-\d{4})?", direct=False),
    "date": Kind("date", r"(^|_)(date|dt)(_|$)", DATE, direct=False),
}  # fmt: skip
QUASI_NAMES = re.compile(
    r"(^|_)(age|sex|gender|race|ethnicity|zip|zipcode|postal|county|tract|grade|school|"
    r"language|disability|marital|occupation|dob|birth|birthdate)(_|$)"
)


@dataclass
class Finding:
    """One column that looks like a direct identifier, or holds some inside its text."""

    column: str
    kind: str
    label: str
    found_by: str  # "name", "values", "name and values" or "text inside values"
    share: float | None  # share of sampled non-empty values that match the kind
    example: str | None  # one value (or the matching part of one), masked


@dataclass
class ScanReport:
    source: str
    rows: int
    sampled: int
    columns: list[str]
    identifiers: list[Finding] = field(default_factory=list)
    quasi: list[str] = field(default_factory=list)  # likely quasi-identifiers
    unique: list[str] = field(default_factory=list)  # a different value in every record

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def snake(name: str) -> str:
    """`DateOfBirth`, `date of birth` -> `date_of_birth`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[^0-9a-z]+", "_", spaced.lower()).strip("_")


def kind_by_name(column: str) -> str | None:
    name = snake(column)
    for kind_id, kind in KINDS.items():
        if re.search(kind.names, name):
            if kind_id == "name" and ORG_WORDS & set(name.split("_")):
                continue  # school_name, program_name: not a person
            return kind_id
    return None


def scan(source: Any, sample: int = SAMPLE) -> ScanReport:
    """Flag the likely identifiers of a CSV or Parquet path, a frame or an open `Data`."""
    data = source if isinstance(source, Data) else open_data(source)
    try:
        data.require_rows()
        data.execute(sql.sample(sample))
        return _scan(data)
    finally:
        if data is not source:
            data.close()


def _scan(data: Data) -> ScanReport:
    names = list(data.columns)
    tried = [
        (quote(n), [_pattern(k, data.columns[n]) for k in KINDS],
         [_inside(k, data.columns[n]) for k in INSIDE])
        for n in names
    ]  # fmt: skip
    stats = data.fetch(*sql.profile(tried))[0]
    report = ScanReport(data.label, data.rows, int(stats[0]), names)
    width = 2 + len(KINDS) + len(INSIDE)
    for i, name in enumerate(names):
        filled, distinct, *counts = stats[1 + i * width : 1 + (i + 1) * width]
        matches = dict(zip(KINDS, counts[: len(KINDS)], strict=True))
        inside = dict(zip(INSIDE, counts[len(KINDS) :], strict=True))
        finding = _judge(name, filled, distinct, matches) or _embedded(name, filled, inside)
        if filled and distinct / filled >= UNIQUE_SHARE and filled > 1:
            report.unique.append(name)
        if finding and KINDS[finding.kind].direct:
            finding.example = _example(data, name, finding)
            report.identifiers.append(finding)
        if _is_quasi(name, finding):
            report.quasi.append(name)
    report.quasi = report.quasi[:6]
    return report


def _pattern(kind_id: str, duck_type: str) -> str | None:
    """The kind's pattern, if values of this type could match it (saves regex time)."""
    t = duck_type.upper()
    if t.startswith("VARCHAR"):
        return KINDS[kind_id].values
    if "INT" in t:
        return KINDS[kind_id].values if kind_id in ("record_id", "zip") else None
    if t.startswith(("DATE", "TIMESTAMP")):
        return KINDS[kind_id].values if kind_id in ("date", "birth_date") else None
    return None


def _inside(kind_id: str, duck_type: str) -> str | None:
    """The inside-text pattern, for text columns only."""
    return INSIDE[kind_id] if duck_type.upper().startswith("VARCHAR") else None


def enough(kind: Kind, matches: int, filled: int) -> bool:
    """Do `matches` of `filled` sampled values flag a column as this kind?"""
    share = matches / filled if filled else 0.0
    if kind.few:
        return matches > 0 and (share >= FEW_SHARE or matches >= FEW_COUNT)
    return share >= FLAG_SHARE


def _judge(name: str, filled: int, distinct: int, matches: dict[str, int]) -> Finding | None:
    by_name = kind_by_name(name)
    spread = distinct / filled if filled else 0.0
    share = {k: (m / filled if filled else 0.0) for k, m in matches.items()}
    by_values = [
        k for k, kind in KINDS.items()
        if kind.by_values and enough(kind, matches[k], filled) and spread >= kind.distinct
    ]  # fmt: skip
    if by_name is None and not by_values:
        return None
    kind_id = by_name or max(by_values, key=lambda k: share[k])
    how = (
        "name and values" if by_name and kind_id in by_values else ("name" if by_name else "values")
    )
    kind = KINDS[kind_id]
    return Finding(name, kind_id, kind.label, how, share[kind_id] if kind.values else None, None)


def _embedded(name: str, filled: int, inside: dict[str, int]) -> Finding | None:
    """A text column whose values hold SSNs, e-mail addresses or phone numbers inside."""
    found = [k for k, m in inside.items() if enough(KINDS[k], m, filled)]
    if not found:
        return None
    kind_id = max(found, key=lambda k: inside[k])
    share = inside[kind_id] / filled
    label = f"{KINDS[kind_id].label} inside text"
    return Finding(name, kind_id, label, "text inside values", share, None)


def _is_quasi(name: str, finding: Finding | None) -> bool:
    """Dates of birth, ZIP codes, and columns named like age, sex, race or school; not
    other direct identifiers, which should leave the extract instead."""
    if finding is not None and finding.kind in ("birth_date", "zip"):
        return True
    if finding is not None and KINDS[finding.kind].direct:
        return False
    return bool(QUASI_NAMES.search(snake(name)))


def _example(data: Data, column: str, finding: Finding) -> str | None:
    kind = KINDS[finding.kind]
    if finding.found_by == "text inside values":
        query = sql.masked_example(quote(column), INSIDE[finding.kind], inside=True)
        value = data.fetch(*query)[0][0]
    else:
        pattern = kind.values if kind.by_values else None
        value = data.fetch(*sql.masked_example(quote(column), pattern))[0][0]
        if value is None and pattern:
            value = data.fetch(*sql.masked_example(quote(column), None))[0][0]
    return None if value is None else for_message(value, 40) or None
