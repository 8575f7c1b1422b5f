"""FICTIONAL multi-agency extracts for the kinship-care example, seeded and reproducible.

Three files share a pseudonymous ID (`pid`), as a Riverbend County coalition would link
them: a school district's attendance extract (one row per student), a child-welfare
agency's kinship placements, and a juvenile-justice agency's referrals. Every name,
address, phone number and SSN is invented (SSNs start with 9, which is never issued;
phones use 555-01xx; e-mail domains are example.org). The skew is deliberate, so that
small cells and disparities appear: a few tiny groups, uneven ZIP codes, and rates of
placement, absence and referral that differ by group.

    python -m guidelib.examples extracts --out DIR [--rows N] [--seed S] [--format both]

(`python -m guidelib.examples.extracts OUT_DIR ...`, the older spelling, runs the same.)

Nothing is downloaded. numpy and pyarrow are imported when a file is written.
"""

from __future__ import annotations

import datetime as dt
import runpy
import sys
from pathlib import Path
from typing import Any

#: file stem -> the data set's name in the worked example's inventory (step 1.3)
EXTRACTS = {
    "school_attendance": "Student attendance and enrollment",
    "child_welfare_kinship": "Kinship placements",
    "juvenile_justice_referrals": "Juvenile referrals and diversion",
}
#: the columns a re-identification check would treat as quasi-identifiers
QUASI = ("date_of_birth", "sex", "race_ethnicity", "zip", "school", "grade")
CHUNK = 250_000
ROWS, SEED = 20_000, 2017  # students, and the random seed, unless asked otherwise
TODAY = dt.date(2026, 6, 1)

FIRST = "Ava Liam Mia Noah Zoe Eli Ivy Leo Ana Jose Kai Nia Omar Ruby Sam Tia Abel Cora Dev Esme"
LAST = "Rivera Okafor Nguyen Baptiste Kowalski Haddad Lindqvist Moreau Tanaka Osei Delgado Brandt"
STREETS = "Cypress Heron Magnolia Pelican Sawgrass Mangrove Coral Egret Palmetto Tamarind"
SUFFIX = ("St", "Ave", "Rd", "Ln", "Ct", "Way")
RACES = (  # skewed, with tiny groups on purpose
    ("White", 0.37),
    ("Black", 0.28),
    ("Hispanic or Latino", 0.28),
    ("Asian", 0.031),
    ("Two or more races", 0.03),
    ("American Indian or Alaska Native", 0.006),
    ("Native Hawaiian or Pacific Islander", 0.003),
)
SEXES = (("F", 0.488), ("M", 0.509), ("X", 0.003))
ZIPS = tuple(f"33{p}{n:02d}" for p in "567" for n in (1, 4, 7, 12, 19, 23, 30, 41))
LEVELS = ("Elementary", "Middle", "High")
PLACES = "Riverbend Cypress Heron Lake Bayside Pinewood Coral Springs"
RELATIONS = (
    ("Grandparent", 0.56),
    ("Aunt or uncle", 0.24),
    ("Adult sibling", 0.06),
    ("Other relative", 0.1),
    ("Family friend", 0.04),
)
OFFENSES = (("Misdemeanor", 0.62), ("Felony", 0.23), ("Violation", 0.15))
RACE_PLACEMENT = {"Black": 2.1, "American Indian or Alaska Native": 2.6, "Asian": 0.4}
RACE_REFERRAL = {"Black": 1.9, "Hispanic or Latino": 1.2, "Asian": 0.5}


def _pick(rng: Any, pairs: tuple, n: int) -> Any:
    import numpy as np

    names, weights = zip(*pairs, strict=True)
    p = np.array(weights) / sum(weights)
    return np.array(names, dtype=object)[rng.choice(len(names), n, p=p)]


def _words(rng: Any, text: str, n: int) -> Any:
    import numpy as np

    return np.array(text.split(), dtype=object)[rng.integers(0, len(text.split()), n)]


def _people(rng: Any, start: int, n: int) -> dict[str, Any]:
    """The children: who they are, where they live, and their hidden circumstances."""
    import numpy as np

    idx = np.arange(start, start + n, dtype=np.int64)
    age_days = rng.integers(5 * 365, 18 * 365, n)
    zip_weights = np.geomspace(1, 0.02, len(ZIPS))  # a few large ZIPs and many small ones
    zips = np.array(ZIPS, dtype=object)[rng.choice(len(ZIPS), n, p=zip_weights / zip_weights.sum())]
    race = _pick(rng, RACES, n)
    poor_zip = np.isin(zips, ZIPS[1::3])
    base = 0.025 * np.vectorize(lambda r: RACE_PLACEMENT.get(r, 1.0))(race) * (1 + 1.2 * poor_zip)
    return {
        "pid": np.char.add("RB", np.char.zfill(((idx * 2654435761 + 97) % 10**10).astype(str), 10)),
        "idx": idx,
        "age_days": age_days,
        "dob": np.datetime64(TODAY) - age_days.astype("timedelta64[D]"),
        "sex": _pick(rng, SEXES, n),
        "race": race,
        "zip": zips,
        "poor_zip": poor_zip,
        "kin": rng.random(n) < base,
        "first": _words(rng, FIRST, n),
        "last": _words(rng, LAST, n),
    }


def _school_table(rng: Any, p: dict[str, Any]) -> Any:
    import numpy as np
    import pyarrow as pa

    n = len(p["idx"])
    grade = np.clip(p["age_days"] // 365 - 5, 0, 12)
    level = np.array(LEVELS, dtype=object)[np.select([grade < 6, grade < 9], [0, 1], 2)]
    place = _words(rng, PLACES, n)
    enrolled = rng.integers(150, 181, n)
    mean_absent = 8 * (1 + 1.1 * p["kin"] + 0.5 * p["poor_zip"])
    absent = np.minimum(rng.negative_binomial(2, 2 / (2 + mean_absent)), enrolled)
    return pa.table(
        {
            "pid": p["pid"],
            "student_id": np.char.add("S", np.char.zfill((p["idx"] + 4_100_000).astype(str), 8)),
            "student_name": p["first"] + " " + p["last"],
            "date_of_birth": pa.array(p["dob"].astype("datetime64[D]"), pa.date32()),
            "sex": p["sex"],
            "race_ethnicity": p["race"],
            "zip": p["zip"],
            "school": place + " " + level,
            "grade": grade,
            "home_address": (
                rng.integers(100, 9999, n).astype(str).astype(object)
                + " "
                + _words(rng, STREETS, n)
                + " "
                + _pick(rng, tuple((s, 1) for s in SUFFIX), n)
            ),
            "guardian_email": (
                np.char.lower(p["last"].astype(str)).astype(object)
                + "."
                + rng.integers(10, 99, n).astype(str).astype(object)
                + "@example.org"
            ),
            "days_enrolled": enrolled,
            "days_absent": absent,
            "chronically_absent": absent * 10 >= enrolled,
        }
    )


def _ssn(idx: Any) -> Any:
    """Invented SSNs: 9xx-xx-xxxx, an area number never issued."""
    import numpy as np

    digits = np.char.zfill(((idx * 7919) % 10**8).astype(str), 8)
    return np.char.add(
        np.char.add(np.char.add("9", [d[:2] for d in digits]), "-"),
        np.char.add(np.char.add([d[2:4] for d in digits], "-"), [d[4:] for d in digits]),
    )


def _welfare_table(rng: Any, p: dict[str, Any]) -> Any:
    import numpy as np
    import pyarrow as pa

    keep = p["kin"]
    n = int(keep.sum())
    start = np.datetime64("2024-01-01") + rng.integers(0, 880, n).astype("timedelta64[D]")
    return pa.table(
        {
            "pid": p["pid"][keep],
            "case_number": np.char.add("DCF-", (p["idx"][keep] + 20_000_000).astype(str)),
            "child_name": (p["first"] + " " + p["last"])[keep],
            "ssn": _ssn(p["idx"][keep]),
            "date_of_birth": pa.array(p["dob"][keep].astype("datetime64[D]"), pa.date32()),
            "sex": p["sex"][keep],
            "race_ethnicity": p["race"][keep],
            "zip": p["zip"][keep],
            "placement_start": pa.array(start.astype("datetime64[D]"), pa.date32()),
            "relationship": _pick(rng, RELATIONS, n),
            "caregiver_phone": np.char.add(
                "(954) 555-01", np.char.zfill(rng.integers(0, 100, n).astype(str), 2)
            ),
            "case_status": np.where(rng.random(n) < 0.7, "Open", "Closed"),
        }
    )


def _justice_table(rng: Any, p: dict[str, Any]) -> Any:
    import numpy as np
    import pyarrow as pa

    rate = (
        0.04 * np.vectorize(lambda r: RACE_REFERRAL.get(r, 1.0))(p["race"]) * (1 + 1.5 * p["kin"])
    )
    keep = (p["age_days"] >= 10 * 365) & (rng.random(len(rate)) < rate)
    n = int(keep.sum())
    race = p["race"][keep]
    diverted = rng.random(n) < np.where(race == "White", 0.55, 0.38)  # a disparity to find
    when = np.datetime64("2025-01-01") + rng.integers(0, 500, n).astype("timedelta64[D]")
    return pa.table(
        {
            "pid": p["pid"][keep],
            "referral_id": np.char.add("JJ", (p["idx"][keep] * 3 + 500_000).astype(str)),
            "youth_name": (p["first"] + " " + p["last"])[keep],
            "date_of_birth": pa.array(p["dob"][keep].astype("datetime64[D]"), pa.date32()),
            "sex": p["sex"][keep],
            "race_ethnicity": race,
            "zip": p["zip"][keep],
            "referral_date": pa.array(when.astype("datetime64[D]"), pa.date32()),
            "offense_level": _pick(rng, OFFENSES, n),
            "diverted": diverted,
        }
    )


BUILDERS = {
    "school_attendance": _school_table,
    "child_welfare_kinship": _welfare_table,
    "juvenile_justice_referrals": _justice_table,
}


def write_extracts(
    folder: str | Path,
    rows: int = ROWS,
    seed: int = SEED,
    formats: tuple[str, ...] = ("csv", "parquet"),
) -> list[Path]:
    """Write the three extracts (`rows` students) to `folder`; returns the paths written."""
    import numpy as np

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    writers = _Writers(folder, formats)
    try:
        seeds = np.random.SeedSequence(seed).spawn(max(1, -(-rows // CHUNK)))
        for number, start in enumerate(range(0, rows, CHUNK)):
            rng = np.random.default_rng(seeds[number])
            people = _people(rng, start, min(CHUNK, rows - start))
            for stem, build in BUILDERS.items():
                writers.write(stem, build(rng, people))
    finally:
        writers.close()
    return writers.paths


class _Writers:
    """One CSV and one Parquet writer per extract, opened on the first chunk."""

    def __init__(self, folder: Path, formats: tuple[str, ...]) -> None:
        self.folder, self.formats, self.open, self.paths = folder, formats, {}, []

    def write(self, stem: str, table: Any) -> None:
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        for fmt in self.formats:
            key = (stem, fmt)
            if key not in self.open:
                path = self.folder / f"{stem}.{fmt}"
                self.paths.append(path)
                self.open[key] = (
                    pcsv.CSVWriter(path, table.schema)
                    if fmt == "csv"
                    else pq.ParquetWriter(path, table.schema, compression="zstd")
                )
            self.open[key].write_table(table)

    def close(self) -> None:
        for writer in self.open.values():
            writer.close()


if __name__ == "__main__":  # the older entry point: `python -m guidelib.examples extracts`
    sys.argv[1:1] = ["extracts"]
    runpy.run_module("guidelib.examples", run_name="__main__", alter_sys=True)
