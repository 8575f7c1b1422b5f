"""Charts of the data checks: functions `report -> plotly go.Figure` that display nothing.
They draw column names, counts and shares, never a value from the data. The look is the
one every guidelib chart shares (`guidelib.charts._style`)."""

from __future__ import annotations

import plotly.graph_objects as go

from ..datacheck.equity import EquityReport
from ..datacheck.identifiers import ScanReport
from ..datacheck.kanon import RiskReport
from . import _style as st
from .accessible import describe
from .accessible import plain as st_plain  # plotly labels back to words

BELOW, ENOUGH, NEUTRAL = "#D55E00", "#009E73", "#0072B2"  # Okabe-Ito: told apart by all


def identifier_shares(report: ScanReport) -> go.Figure:
    """Flagged columns, with the share of their sampled values that match the pattern."""
    title = "Columns that look like direct identifiers"
    if not report.identifiers:
        return st.empty_figure(title, "No column looks like a direct identifier.")
    found = list(reversed(report.identifiers))  # plotly draws the first bar at the bottom
    shares = [100 * (f.share or 0) for f in found]
    fig = go.Figure(
        go.Bar(
            x=shares,
            y=[st.text(f.column, 28) for f in found],
            orientation="h",
            marker_color=[NEUTRAL if "values" in f.found_by else "#57606a" for f in found],
            text=[f"{st.text(f.label)} (by {f.found_by})" for f in found],
            textposition="auto",
            hovertemplate="%{y}: %{x:.0f}% of sampled values match<extra></extra>",
        ),
        layout=st.layout(title, height=max(220, 60 + 42 * len(found))),
    )
    fig.update_xaxes(**st.axis("Share of sampled values that match (%)", range=[0, 100]))
    fig.update_yaxes(**st.axis("", automargin=True))
    st.add_note(fig, f"{report.sampled:,} of {report.rows:,} records sampled.")
    flagged = report.identifiers
    top = max(flagged, key=lambda f: f.share or 0)
    summary = (
        f"{title}: {len(flagged)} column{'s' * (len(flagged) != 1)}; the most is "
        f"{top.column} ({top.label}), where "
        f"{100 * (top.share or 0):.0f}% of {report.sampled:,} sampled values match"
    )
    rows = [
        (f.column, f.label, f.found_by, f"{100 * (f.share or 0):.0f}%") for f in flagged
    ]
    return describe(fig, summary, ["Column", "Looks like", "Found by", "Values that match"], rows)


def group_sizes(report: RiskReport) -> go.Figure:
    """Records by the size of the group that shares their quasi-identifier values."""
    title = "Records by the size of their group"
    labels = [
        f"{s['size']} or more" if s["size"] >= report.target else str(s["size"])
        for s in report.sizes
    ]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=[s["records"] for s in report.sizes],
            marker_color=[BELOW if s["size"] < report.target else ENOUGH for s in report.sizes],
            text=[
                f"{s['records']:,}" + (" below k" if s["size"] < report.target else "")
                for s in report.sizes
            ],  # the words say what the colour says
            textposition="outside",
            cliponaxis=False,
            hovertemplate="Groups of %{x}: %{y:,} records<extra></extra>",
        ),
        layout=st.layout(title),
    )
    fig.update_xaxes(**st.axis("Records sharing the same values", type="category"))
    top = max((s["records"] for s in report.sizes), default=0)
    fig.update_yaxes(**st.axis("Records", range=[0, 1.15 * top or 1]))
    st.add_note(
        fig,
        f"Orange, \"below k\": groups smaller than k = {report.target} "
        f"({report.at_risk:,} records).",
    )
    total = sum(s["records"] for s in report.sizes)
    summary = f"{title}: " + (
        f"{report.at_risk:,} of {total:,} records are in groups smaller than "
        f"k = {report.target}, so the values they share could point to them"
        if report.at_risk
        else f"every record is in a group of at least k = {report.target}"
    )
    rows = [
        (label, s["records"], "No" if s["size"] < report.target else "Yes")
        for label, s in zip(labels, report.sizes, strict=True)
    ]
    headers = ["Records sharing the same values", "Records", f"Meets k = {report.target}"]
    return describe(fig, summary, headers, rows)


def generalization_effects(report: RiskReport) -> go.Figure:
    """Records left in groups below k, as it is and after each step of the plan."""
    title = f"Records in groups smaller than {report.target}, step by step"
    if not report.plan:
        return st.empty_figure(title, f"Every group already has {report.target} or more records.")
    rows = [("As it is", report.at_risk, report.k)]
    rows += [(f"{i}. {s.change}", s.at_risk, s.k) for i, s in enumerate(report.plan, 1)]
    fig = go.Figure(
        go.Bar(
            x=[r[1] for r in rows],
            y=[st.text(r[0], 40) for r in rows],
            orientation="h",
            marker_color=[ENOUGH if r[2] >= report.target else BELOW for r in rows],
            text=[f"{r[1]:,} (k = {r[2]:,})" for r in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x:,} records below the target<extra></extra>",
        ),
        layout=st.layout(title, height=120 + 52 * len(rows), showlegend=False),
    )
    fig.update_xaxes(**st.axis("Records", range=[0, 1.25 * max(r[1] for r in rows) or 1]))
    fig.update_yaxes(**st.axis("", automargin=True, autorange="reversed"))
    st.add_note(fig, f"Each step adds to the ones above it. Green: k reaches {report.target}.")
    last = rows[-1]
    summary = (
        f"{title}: {len(report.plan)} step{'s' * (len(report.plan) != 1)} take the records "
        f"in groups smaller than {report.target} from {report.at_risk:,} to {last[1]:,} "
        f"(k from {report.k:,} to {last[2]:,})"
    )
    table = [(r[0], r[1], r[2], "Yes" if r[2] >= report.target else "No") for r in rows]
    headers = ["Step", "Records below the target", "k", f"Meets k = {report.target}"]
    return describe(fig, summary, headers, table)


def sensitive_diversity(report: RiskReport) -> go.Figure:
    """Records by how many different values of each sensitive column their group holds:
    groups below the l target tell those values for everyone in them."""
    title = "Records by how many different sensitive values their group holds"
    if not report.diversity:
        return st.empty_figure(title, "Choose a sensitive column to check l-diversity.")
    target = report.l_target or 1
    rows = [
        (f"{st.text(d.column, 24)}: {_values(v, target)}", records, v < target)
        for d in report.diversity
        for v, records in _filled(d.counts, target)
    ]  # fmt: skip
    fig = go.Figure(
        go.Bar(
            x=[r[1] for r in rows],
            y=[r[0] for r in rows],
            orientation="h",
            marker_color=[BELOW if r[2] else ENOUGH for r in rows],
            text=[f"{r[1]:,}" for r in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,} records<extra></extra>",
        ),
        layout=st.layout(title, height=120 + 40 * len(rows), showlegend=False),
    )
    fig.update_xaxes(**st.axis("Records", range=[0, 1.2 * max(r[1] for r in rows) or 1]))
    fig.update_yaxes(**st.axis("", automargin=True, autorange="reversed"))
    st.add_note(fig, f"Orange: groups with fewer than l = {target} different values, which "
                     "tell those values for everyone in the group.")  # fmt: skip
    exposed = sum(r[1] for r in rows if r[2])
    summary = f"{title}: " + (
        f"{exposed:,} record{'s' * (exposed != 1)} (counted once per sensitive column) are in "
        f"groups with fewer than l = {target} different values"
        if exposed
        else f"every group holds at least l = {target} different values of each column"
    )
    table = [(st_plain(r[0]), r[1], "No" if r[2] else "Yes") for r in rows]
    headers = ["Column: values in the group", "Records", f"Meets l = {target}"]
    return describe(fig, summary, headers, table)


def _filled(counts: list[dict[str, int]], target: int) -> list[tuple[int, int]]:
    """(values, records) for 1 to the target, with 0 where no group has that many, so the
    groups that meet l always show beside those that do not."""
    found = {c["values"]: c["records"] for c in counts}
    return [(v, found.get(v, 0)) for v in sorted({*range(1, target + 1), *found})]


def _values(n: int, target: int) -> str:
    word = "value" if n == 1 else "values"
    return f"{n} {word} or more" if n >= target and n > 1 else f"{n} {word}"


def equity_rates(report: EquityReport) -> go.Figure:
    """Each group's rate, those outside the fair band marked; hidden rates left out."""
    title = f"Rate of {report.outcome} by {' / '.join(report.groups_by)}"
    shown = [g for g in report.rows if g.rate is not None]
    if not shown:
        return st.empty_figure(title, "Every group is too small to show a rate.")
    fig = go.Figure(
        go.Bar(
            x=[100 * (g.rate or 0) for g in shown],
            y=[st.text(g.group, 30) for g in shown],
            orientation="h",
            marker_color=[BELOW if "outside 0.8-1.25" in g.flags else NEUTRAL for g in shown],
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        ),
        layout=st.layout(title, height=max(260, 80 + 34 * len(shown))),
    )
    fig.update_xaxes(**st.axis("Rate (%)"))
    fig.update_yaxes(**st.axis("", automargin=True, autorange="reversed"))
    left = len(report.rows) - len(shown)
    if left:
        st.add_note(fig, f"{left} small group{'s' * (left != 1)} not shown (suppressed).")
    outside = [g for g in shown if "outside 0.8-1.25" in g.flags]
    summary = f"{title}: " + (
        f"{len(outside)} of {len(shown)} groups shown are outside the fair band (0.8 to 1.25 "
        "times the reference group's rate)"
        if outside
        else "every group shown is within the fair band (0.8 to 1.25 times the reference "
        "group's rate)"
    )
    if left:
        summary += f"; {left} small group{'s' * (left != 1)} hidden"
    rows = [
        (g.group, f"{100 * (g.rate or 0):.1f}%", "Outside" if g in outside else "Within")
        for g in shown
    ]
    return describe(fig, summary, ["Group", "Rate", "Fair band"], rows)
