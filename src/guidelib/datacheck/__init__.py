"""Check shared data before it leaves: direct identifiers, re-identification risk
(k-anonymity with generalizations that reach it), small-cell suppression of count tables
and an equity audit, on DuckDB over CSV, Parquet or frames, out of core.

>>> from guidelib import datacheck                                     # doctest: +SKIP
>>> datacheck.scan("school_attendance.csv").identifiers                # doctest: +SKIP
>>> datacheck.risk("school_attendance.csv", ["date_of_birth", "zip"], k=5).k  # doctest: +SKIP
>>> datacheck.suppress_table(frame, "count", rows="school", cols="grade", policy="cms")
... # doctest: +SKIP

Reports name columns and give counts; they never carry a raw value (one masked example
per flagged column at most, masked inside DuckDB). `import guidelib` does not load this
package, and this package loads DuckDB only when a check runs.
"""

from .engine import Data, DataError, open_data
from .equity import EquityReport, GroupRate, equity
from .identifiers import Finding, ScanReport, scan
from .kanon import Combination, RiskReport, Suggestion, risk
from .suppress import (
    POLICIES,
    Policy,
    SuppressionResult,
    derivable,
    policy,
    suppress_matrix,
    suppress_table,
)

__all__ = [
    "POLICIES",
    "Combination",
    "Data",
    "DataError",
    "EquityReport",
    "Finding",
    "GroupRate",
    "Policy",
    "RiskReport",
    "ScanReport",
    "Suggestion",
    "SuppressionResult",
    "derivable",
    "equity",
    "open_data",
    "policy",
    "risk",
    "scan",
    "suppress_matrix",
    "suppress_table",
]
