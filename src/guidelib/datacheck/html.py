"""The check reports as HTML fragments for the notebook app (escaped; the app's CSS
classes). Like the text reports, they carry column names, counts and masked examples."""

from __future__ import annotations

import html
from typing import Any

from .equity import EquityReport
from .identifiers import ScanReport
from .kanon import RiskReport


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def table(head: list[str], rows: list[list[str]]) -> str:
    """A gl-grid table; cells are already escaped HTML."""
    top = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="gl-grid"><tr>{top}</tr>{body}</table>'


def scan_html(r: ScanReport) -> str:
    parts = [
        f"<p><b>{esc(r.source)}</b>: {r.rows:,} records and {len(r.columns)} columns. "
        f"Values were checked on a sample of {r.sampled:,} records.</p>"
    ]
    if not r.identifiers:
        parts.append('<p class="gl-ok">No column looks like a direct identifier.</p>')
    else:
        parts.append(
            f'<p class="gl-warn">{len(r.identifiers)} column'
            f"{'s look' if len(r.identifiers) != 1 else ' looks'} like direct identifiers. "
            "Remove them, or replace them with a pseudonymous ID, before you share.</p>"
        )
        rows = [
            [
                esc(f.column),
                esc(f.label),
                esc(f.found_by),
                "" if f.share is None else f"{f.share:.0%}",
                f"<code>{esc(f.example)}</code>" if f.example else "",
            ]
            for f in r.identifiers
        ]
        head = ["Column", "Looks like", "Found by", "Values that match", "Example (masked)"]
        parts.append(table(head, rows))
    if r.unique:
        parts.append(f"<p>A different value in every record: {esc(', '.join(r.unique))}.</p>")
    return "".join(parts)


def risk_html(r: RiskReport) -> str:
    verdict = (
        f'<span class="gl-ok">meets the target of {r.target}</span>'
        if r.meets_target
        else f'<span class="gl-error">does not meet the target of {r.target}</span>'
    )
    share = f"{100 * r.at_risk / r.rows:.1f}%" if r.rows else "0%"
    parts = [
        f"<p><b>k = {r.k}</b>: the smallest group of records that share the same "
        f"{esc(', '.join(r.quasi))} has {r.k:,} record{'s' * (r.k != 1)}. This {verdict}.</p>",
        f"<p>{r.at_risk:,} records ({share}) sit in groups smaller than {r.target}; "
        f"{r.unique:,} are alone in their group.</p>",
    ]
    parts += diversity_parts(r)
    if r.combinations:
        rows = [[esc(" + ".join(c.columns)), str(c.k), f"{c.at_risk:,}"] for c in r.combinations]
        parts.append("<h4>Riskiest combinations on their own</h4>")
        parts.append(table(["Columns", "k", f"Records in groups below {r.target}"], rows))
    with_l = bool(r.sensitive)
    if r.suggestions:
        rows = [[esc(s.change), str(s.k), f"{s.at_risk:,}"]
                + ([str(s.l), f"{s.l_at_risk:,}"] if with_l else [])
                for s in r.suggestions[:8]]  # fmt: skip
        head = ["Change", "k", f"Records below {r.target}"]
        head += ["l", f"Records below l = {r.l_target}"] if with_l else []
        parts.append("<h4>Generalizations, each on its own</h4>")
        parts.append(table(head, rows))
    if r.plan:
        items = "".join(f"<li>{esc(s.change)}: {_measure(s, r)}</li>" for s in r.plan)
        goal = f"k = {r.target}" + (f" and l = {r.l_target}" if with_l else "")
        parts.append(f"<h4>A way to reach {goal}, one step after another</h4><ol>{items}</ol>")
    return "".join(parts)


def _measure(s: Any, r: RiskReport) -> str:
    text = f"k = {s.k}, {s.at_risk:,} records below {r.target}"
    if r.sensitive and s.l is not None:
        text += f"; l = {s.l}, {s.l_at_risk:,} records below {r.l_target}"
    return text


def diversity_parts(r: RiskReport) -> list[str]:
    """l per sensitive column, as counts and column names; never a sensitive value."""
    if not r.sensitive:
        return []
    rows = [
        [esc(d.column), str(d.l), f"{d.groups_below:,}", f"{d.records_below:,}",
         '<span class="gl-ok">meets it</span>' if d.l >= (r.l_target or 1)
         else '<span class="gl-error">does not meet it</span>']
        for d in r.diversity
    ]  # fmt: skip
    head = ["Sensitive column", "l", f"Groups below l = {r.l_target}", "Their records",
            f"Target l = {r.l_target}"]  # fmt: skip
    return [
        "<h4>Attribute disclosure (l-diversity)</h4>",
        "<p>l is the fewest different values of a sensitive column in any group. A group "
        "whose records all share one value (l = 1) tells that value for every person in "
        "it, however large the group.</p>",
        table(head, rows),
    ]


def equity_html(r: EquityReport) -> str:
    def n(x: int | None) -> str:
        return "*" if x is None else f"{x:,}"

    rows = [
        [
            esc(g.group),
            n(g.records),
            n(g.outcomes),
            "-" if g.rate is None else f"{100 * g.rate:.1f}%",
            "-" if g.disparity is None else f"{g.disparity:.2f}",
            esc(", ".join(g.flags)),
        ]
        for g in r.rows
    ]
    head = ["Group", "Records", "Outcomes", "Rate", "Ratio", "Flags"]
    return f"<p>Reference group: <b>{esc(r.reference)}</b>. * is a suppressed count.</p>" + table(
        head, rows
    )
