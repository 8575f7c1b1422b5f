"""Plain-text reports for the command line, and JSON. Both carry column names, counts,
shares and masked examples only: the report objects hold nothing else."""

from __future__ import annotations

import json
from typing import Any

from ..textsafe import for_message
from .equity import EquityReport
from .identifiers import ScanReport
from .kanon import RiskReport
from .suppress import SuppressionResult


def show(name: str, width: int = 60) -> str:
    """A column name safe for a terminal: no control or bidirectional characters
    (`textsafe.for_message`), long names end '…'."""
    return for_message(name, width)


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def to_json(*reports: Any) -> str:
    """One JSON document: {"scan": ..., "risk": ...} from the reports given."""
    keys = {ScanReport: "scan", RiskReport: "risk", EquityReport: "equity"}
    out = {keys[type(r)]: r.to_dict() for r in reports if r is not None}
    return json.dumps(out, ensure_ascii=False, indent=2)


def scan_text(r: ScanReport) -> str:
    lines = [
        f"{show(r.source)}: {plural(r.rows, 'record')}, {plural(len(r.columns), 'column')} "
        f"(values checked on a sample of {r.sampled:,})."
    ]
    if not r.identifiers:
        lines.append("No column looks like a direct identifier.")
    else:
        lines.append(
            f"\nDirect identifiers ({plural(len(r.identifiers), 'column')}): remove them, "
            "or replace them with a pseudonymous ID, before the extract is shared."
        )
        width = min(28, max(len(show(f.column)) for f in r.identifiers))
        for f in r.identifiers:
            found = f"by {f.found_by}"
            if f.share is not None and "values" in f.found_by:
                found += f" ({f.share:.0%} of values match)"
            example = f", e.g. {f.example}" if f.example else ""
            lines.append(f"  {show(f.column):<{width}}  {f.label:<24} {found}{example}")
    if r.unique:
        lines.append(f"\nA different value in every record: {', '.join(map(show, r.unique))}.")
    if r.quasi:
        lines.append(f"Likely quasi-identifiers: {', '.join(map(show, r.quasi))}.")
    return "\n".join(lines)


def risk_text(r: RiskReport, guessed: bool = False) -> str:
    names = ", ".join(map(show, r.quasi))
    head = "guessed from the column names; choose with --quasi" if guessed else "as chosen"
    verdict = "meets" if r.meets_target else "does NOT meet"
    lines = [
        f"\nRe-identification risk over {names} ({head}).",
        f"  k = {r.k}: the smallest group of records sharing these values has "
        f"{plural(r.k, 'record')}; this {verdict} the target k = {r.target}.",
        f"  {plural(r.at_risk, 'record')} ({share(r.at_risk, r.rows)}) sit in "
        f"{plural(r.small_groups, 'group')} smaller than {r.target}; "
        f"{r.unique:,} are alone in their group.",
    ]
    if r.combinations:
        lines.append("  Riskiest combinations on their own:")
        lines += [
            f"    {' + '.join(map(show, c.columns))}: k = {c.k}, "
            f"{plural(c.at_risk, 'record')} in groups smaller than {r.target}"
            for c in r.combinations
        ]
    lines += diversity_lines(r)
    if r.suggestions:
        lines.append("  Generalizations, each on its own:")
        lines += [f"    {_step(s, r)}" for s in r.suggestions[:8]]
    if r.plan:
        goal = f"k = {r.target}" + (f" and l = {r.l_target}" if r.sensitive else "")
        lines.append(f"  A way to reach {goal}, one step after another:")
        lines += [f"    {i}. {_step(s, r)}" for i, s in enumerate(r.plan, 1)]
        last = r.plan[-1]
        if last.k < r.target or (r.sensitive and (last.l or 0) < (r.l_target or 1)):
            lines.append("  The steps above do not reach the targets: a sensitive column with "
                         "too few different values must itself be coarsened or left out.")
    return "\n".join(lines)


def diversity_lines(r: RiskReport) -> list[str]:
    """l per sensitive column: counts and column names only, never a sensitive value."""
    if not r.sensitive:
        return []
    lines = [
        f"  Attribute disclosure (l-diversity, target l = {r.l_target}): a group whose records "
        "all share one sensitive value tells that value for every person in it."
    ]
    for d in r.diversity:
        verdict = "meets" if d.l >= (r.l_target or 1) else "does NOT meet"
        lines.append(
            f"    {show(d.column)}: l = {d.l}, the fewest different values in a group; this "
            f"{verdict} the target. {plural(d.groups_below, 'group')} ("
            f"{plural(d.records_below, 'record')}) hold fewer than {r.l_target}."
        )
    return lines


def _step(s: Any, r: RiskReport) -> str:
    text = f"{show(s.change, 110)}: k = {s.k}, {plural(s.at_risk, 'record')} below {r.target}"
    if r.sensitive and s.l is not None:
        text += f"; l = {s.l}, {plural(s.l_at_risk, 'record')} below {r.l_target}"
    return text


def equity_text(r: EquityReport) -> str:
    lines = [
        f"{show(r.source)}: rate of {show(r.outcome)} by {' / '.join(map(show, r.groups_by))}; "
        f"reference group {show(r.reference)}, suppression policy {r.policy}.",
        f"{'group':<32} {'records':>8} {'outcomes':>8} {'rate':>7} {'95% CI':>13} "
        f"{'ratio':>6} {'95% CI':>11}  flags",
    ]
    for g in r.rows:
        lines.append(
            f"{show(g.group, 32):<32} {_n(g.records):>8} {_n(g.outcomes):>8} "
            f"{_pct(g.rate):>7} {_span(g.ci, _pct):>13} {_ratio(g.disparity):>6} "
            f"{_span(g.disparity_ci, _ratio):>11}  {', '.join(g.flags)}"
        )
    lines.append(
        "Ratios outside 0.8-1.25 are flagged (Aequitas); their 95% confidence interval uses "
        "the Katz log method. Rates follow the NCHS Data Presentation Standards for "
        "Proportions (2017): a rate is not shown if fewer than 30 records stand behind it, "
        "or if its 95% Korn-Graubard confidence interval is 0.30 wide or more, or wider "
        "than 0.05 and wider than 130% of the rate. Records count as an unweighted sample. "
        "'*' is a suppressed count."
    )
    if r.missing:
        lines.append(f"{plural(r.missing, 'record')} with no outcome were left out.")
    return "\n".join(lines)


def _n(x: int | None) -> str:
    return "*" if x is None else f"{x:,}"


def _span(pair: list[float] | None, fmt: Any) -> str:
    return "-" if pair is None else f"{fmt(pair[0])}-{fmt(pair[1])}"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def suppression_text(result: SuppressionResult, bounds: dict, target: str) -> str:
    counts = result.counts()
    shape = f"{len(result.rows)} x {len(result.cols)}" if result.cols else f"{len(result.rows)}"
    lines = [
        f"Policy {result.policy.name}: {result.policy.rule}.",
        f"{shape} table with totals: {plural(counts['primary'], 'cell')} hidden by the "
        f"policy, {counts['complementary']:,} more so that no hidden count can be narrowed "
        f"below {result.policy.minimum} from the totals.",
        audit_verdict(result, bounds),
        f"Wrote {show(target, 200)}",
    ]
    if result.status[-1, -1] == "dropped":
        lines.insert(2, "The grand total is left out (--totals none).")
    return "\n".join(lines)


def audit_verdict(result: SuppressionResult, bounds: dict) -> str:
    """The independent audit's verdict in one sentence."""
    from .audit import failures

    t = result.policy.minimum
    if not bounds:
        return "Audit: no cell is hidden."
    bad = failures(bounds, t, result.policy.zero_shown)
    if not bad:
        return (
            f"Audit: every hidden cell could be anywhere from 0 to at least {t}, as far as "
            "anyone can work out from the published cells and totals (linear programming)."
        )
    names = ", ".join("/".join(show(x, 30) for x in key) for key in bad[:5])
    return f"Audit FAILED: {plural(len(bad), 'hidden cell')} can be narrowed below {t}: {names}."


def suppression_json(result: SuppressionResult, bounds: dict, target: str) -> dict[str, Any]:
    """The published cells, the counts, the audit's verdict and each hidden cell's range."""
    from .audit import failures

    row_name, col_name, _ = result.names
    cells = []
    for key, found in bounds.items():
        i, j = result.cell(*key)
        where = {row_name: key[0], **({col_name: key[1]} if col_name else {})}
        cells.append({**where, "status": str(result.status[i, j]), **found.to_dict()})
    bad = failures(bounds, result.policy.minimum, result.policy.zero_shown)
    return {
        **result.to_dict(),
        "audit": {
            "method": "linear programming (HiGHS) over the published cells and totals",
            "threshold": result.policy.minimum,
            "passed": not bad,
            "verdict": audit_verdict(result, bounds),
            "hidden": cells,
        },
        "wrote": target,
    }
