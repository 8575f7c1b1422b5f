"""When a rate is reliable enough to show, and how sure a ratio of two rates is.

**Rates (proportions).** NCHS Data Presentation Standards for Proportions (Parker et al.,
Vital Health Stat 2(175), 2017), which replaced the older "fewer than 30 records, or a
relative standard error of 30% or more" rule. In order:

1. effective sample size under 30: not shown;
2. a 95% Korn-Graubard confidence interval (CI) 0.05 wide or less: shown;
3. a CI 0.30 wide or more: not shown;
4. a CI more than 130% of the rate wide (relative width): not shown; else shown.

A shown rate is flagged for review when the CI is more than 130% of the complement
(1 - rate) wide, or when the rate is 0% or 100% (whose interval width the standard's
implementation takes as 0). The same order is coded in CDC's own
surveytable package (`.lpe_percents`).

The Korn-Graubard CI is the Clopper-Pearson ("exact") interval computed with the
effective sample size. For records that are a plain count of people, not a weighted
survey sample, the effective sample size is the number of records, and the interval is
Clopper-Pearson itself (`scipy.stats.beta`).

**Ratios.** A disparity ratio (a group's rate over the reference group's) gets a 95% CI
by the Katz log method: ln(ratio) +/- 1.96 * sqrt(1/a - 1/n1 + 1/b - 1/n0).

    >>> nchs(5, 20).reasons
    ['effective sample size under 30']
    >>> [round(x, 3) for x in korn_graubard(30, 100)]
    [0.212, 0.4]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MIN_N_EFF = 30
NARROW, WIDE, RELATIVE = 0.05, 0.30, 1.30
Z95 = 1.959963984540054
RULE = (
    "NCHS Data Presentation Standards for Proportions (2017): a rate is shown only with an "
    "effective sample size of 30 or more and a 95% Korn-Graubard confidence interval "
    "narrower than 0.30 and, unless it is 0.05 wide or less, no wider than 130% of the rate"
)


@dataclass(frozen=True)
class Verdict:
    """Whether a rate may be shown, why not, and what to review."""

    shown: bool
    ci: tuple[float, float]
    reasons: list[str] = field(default_factory=list)  # why it is not shown
    review: list[str] = field(default_factory=list)  # shown, but worth a second look


def korn_graubard(k: int, n: int, n_eff: float | None = None, level: float = 0.95):
    """The Korn-Graubard CI of k / n: Clopper-Pearson with the effective sample size
    (n_eff = n for unweighted records)."""
    from scipy.stats import beta

    n_eff = float(n if n_eff is None else n_eff)
    x = n_eff * k / n if n else 0.0
    alpha = 1 - level
    low = 0.0 if x <= 0 else float(beta.ppf(alpha / 2, x, n_eff - x + 1))
    high = 1.0 if x >= n_eff else float(beta.ppf(1 - alpha / 2, x + 1, n_eff - x))
    return low, high


def nchs(k: int, n: int, n_eff: float | None = None) -> Verdict:
    """The NCHS 2017 verdict on the rate k / n."""
    n_eff = float(n if n_eff is None else n_eff)
    if n == 0 or n_eff < MIN_N_EFF:
        return Verdict(False, (0.0, 1.0), ["effective sample size under 30"])
    low, high = korn_graubard(k, n, n_eff)
    width, p = high - low, k / n
    if k in (0, n):  # as CDC's surveytable does: shown, and marked for review
        return Verdict(True, (low, high), [], ["0% or 100%"])
    review = []
    if width <= NARROW:
        return Verdict(True, (low, high), [], review)
    if width >= WIDE:
        return Verdict(False, (low, high), ["confidence interval 0.30 wide or more"])
    if p == 0 or width / p > RELATIVE:
        return Verdict(False, (low, high), ["confidence interval over 130% of the rate"])
    if p < 1 and width / (1 - p) > RELATIVE:
        review.append("wide interval for the complement")
    return Verdict(True, (low, high), [], review)


def katz(a: int, n1: int, b: int, n0: int) -> tuple[float, float] | None:
    """95% CI of (a / n1) / (b / n0), Katz log method; None when a count is 0."""
    if min(a, b, n1, n0) <= 0:
        return None
    ratio = (a / n1) / (b / n0)
    se = math.sqrt(max(0.0, 1 / a - 1 / n1 + 1 / b - 1 / n0))
    return ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se)
