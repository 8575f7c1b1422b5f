"""Equity audit: an outcome's rate in each group, compared with a reference group.

For a yes/no outcome (or selection) column and one or more group columns: each group's
rate with its 95% confidence interval, its disparity ratio to the reference group's rate
with a 95% confidence interval (Katz log method), and flags. Aequitas calls a ratio fair
from 0.8 to 1.25. Whether a rate is reliable enough to show follows the NCHS Data
Presentation Standards for Proportions, 2017 (`reliability.py`: effective sample size of
30 or more and limits on the Korn-Graubard interval's width), not the older "n < 30 or
RSE >= 30%" rule; the records are counted as they are (unweighted), so the effective
sample size is the number of records. What is published also passes small-cell
suppression with interval protection (`suppress.py`): a group's rate is hidden whenever
its count of outcomes or of records is hidden.

    >>> audit = equity("juvenile_justice_referrals.csv", ["race_ethnicity"], "diverted")
    ... # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from . import sql
from .engine import Data, DataError, open_data
from .reliability import RULE, katz, nchs
from .suppress import Policy, policy, suppress_matrix

FAIR = (0.8, 1.25)  # Aequitas: disparity within [0.8, 1.25] is fair
FEW = 30  # NCHS 2017: effective sample size under 30 is not shown
RSE_LIMIT = 0.3  # kept for the query's old flag; the verdict is `reliability.nchs`
MAX_GROUPS = 60
YES = ("1", "true", "t", "yes", "y")
NO = ("0", "false", "f", "no", "n")


@dataclass
class GroupRate:
    group: str
    records: int | None  # None when suppressed
    outcomes: int | None
    rate: float | None  # None when not shown: suppressed or not reliable (NCHS 2017)
    rse: float | None  # relative standard error, for information only
    disparity: float | None
    flags: list[str] = field(default_factory=list)
    ci: list[float] | None = None  # 95% Korn-Graubard interval of the rate
    disparity_ci: list[float] | None = None  # 95% interval of the ratio (Katz)


@dataclass
class EquityReport:
    source: str
    groups_by: list[str]
    outcome: str
    reference: str
    policy: str
    missing: int  # records whose outcome is missing (left out)
    rows: list[GroupRate] = field(default_factory=list)
    hidden: dict[str, int] = field(default_factory=dict)  # suppressed cells, by kind

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "fair_band": list(FAIR),
            "too_few": FEW,
            "reliability_rule": RULE,
            "ratio_interval": "95% confidence interval, Katz log method",
        }


def equity(
    source: Any,
    groups: str | Sequence[str],
    outcome: str,
    reference: str | None = None,
    positive: str | None = None,
    suppression: str | int | Policy = "cms",
) -> EquityReport:
    """Rates, disparity ratios and flags per group, with suppression applied."""
    groups = [groups] if isinstance(groups, str) else list(groups)
    chosen = policy(suppression)
    if not groups:
        raise DataError("Name at least one group column.")
    data = source if isinstance(source, Data) else open_data(source)
    try:
        gcols = [data.column(g) for g in groups]
        ycol = data.column(outcome)
        data.require_rows()
        flag = sql.outcome_flag(ycol, positive, YES, NO)
        missing = _check_outcome(data, flag, ycol, outcome)
        data.execute(*sql.rates(gcols, flag))
        ref = _reference(data, reference, groups)
        found = data.fetch(*sql.disparities(ref, FAIR, FEW, RSE_LIMIT))
    finally:
        if data is not source:
            data.close()
    report = EquityReport(data.label, groups, outcome, ref, chosen.name, missing)
    report.rows, report.hidden = _publish(found, chosen, ref)
    return report


def _check_outcome(data: Data, flag: sql.Query, ycol: str, outcome: str) -> int:
    missing, others = data.fetch(*sql.outcome_values(flag, ycol))[0]
    if others:
        raise DataError(
            f'The outcome column "{outcome}" must hold yes/no values (1/0, true/false, yes/no); '
            f"{others} other value{'s' * (others != 1)} found. Name the value that counts "
            "as the outcome (positive)."
        )
    return int(missing)


def _reference(data: Data, reference: str | None, groups: list[str]) -> str:
    """The reference group: the one asked for, else the largest (Aequitas's default)."""
    names = [row[0] for row in data.fetch("SELECT grp FROM groups ORDER BY n DESC, grp")]
    if len(names) > MAX_GROUPS:
        raise DataError(
            f"{' / '.join(groups)} has {len(names)} different values; a group column "
            f"needs at most {MAX_GROUPS} (such as race, sex or age band)."
        )
    if reference is None:
        return names[0]
    if reference not in names:
        raise DataError(
            f'There is no group "{reference}" in {" / ".join(groups)}. '
            f"The groups are: {', '.join(names[:20])}."
        )
    return reference


def _publish(
    found: list[tuple], chosen: Policy, reference: str
) -> tuple[list[GroupRate], dict[str, int]]:
    """Suppress the groups x (outcome, no outcome) table; hide what it would reveal: a
    rate whose counts are hidden, and every ratio if the reference rate is hidden. A
    rate the NCHS standard finds unreliable is not shown either."""
    counts = [[int(k), int(n) - int(k)] for _, n, k, *_ in found]
    table = suppress_matrix(counts, [row[0] for row in found], ["outcome", "no outcome"], chosen)
    hidden = table.hidden()
    verdicts = [nchs(int(row[2]), int(row[1])) for row in found]
    shown = [
        not (hidden[i, 0] or hidden[i, 2]) and verdicts[i].shown for i in range(len(found))
    ]
    ref = [row[0] for row in found].index(reference)
    ratios = shown[ref]
    rows = []
    for i, (grp, n, k, rate, rse, ratio, unfair, *_) in enumerate(found):
        v = verdicts[i]
        flags = [name for name, on in (
            ("suppressed", hidden[i, 0] or hidden[i, 2]),
            *((f"not shown: {reason} (NCHS)", True) for reason in v.reasons),
            *((f"review: {note} (NCHS)", shown[i]) for note in v.review),
            ("outside 0.8-1.25", unfair and shown[i] and ratios),
        ) if on]  # fmt: skip
        interval = katz(int(k), int(n), int(found[ref][2]), int(found[ref][1]))
        rows.append(
            GroupRate(
                grp,
                None if hidden[i, 2] else int(n),
                None if hidden[i, 0] else int(k),
                _round(rate) if shown[i] else None,
                _round(rse) if shown[i] else None,
                _round(ratio) if shown[i] and ratios else None,
                flags,
                [_round(x) for x in v.ci] if shown[i] else None,
                [_round(x) for x in interval] if shown[i] and ratios and interval else None,
            )
        )
    return rows, table.counts()


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)
