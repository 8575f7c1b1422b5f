"""The check reports as HTML fragments for the notebook app (escaped; the app's CSS
classes). Like the text reports, they carry column names, counts and masked examples."""

from __future__ import annotations

import html

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
    if r.combinations:
        rows = [[esc(" + ".join(c.columns)), str(c.k), f"{c.at_risk:,}"] for c in r.combinations]
        parts.append("<h4>Riskiest combinations on their own</h4>")
        parts.append(table(["Columns", "k", f"Records in groups below {r.target}"], rows))
    if r.suggestions:
        rows = [[esc(s.change), str(s.k), f"{s.at_risk:,}"] for s in r.suggestions[:8]]
        parts.append("<h4>Generalizations, each on its own</h4>")
        parts.append(table(["Change", "k", f"Records below {r.target}"], rows))
    if r.plan:
        items = "".join(
            f"<li>{esc(s.change)}: k = {s.k}, {s.at_risk:,} records below {r.target}</li>"
            for s in r.plan
        )
        parts.append(
            f"<h4>A way to reach k = {r.target}, one step after another</h4><ol>{items}</ol>"
        )
    return "".join(parts)


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
