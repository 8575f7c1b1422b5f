"""The impact report's metrics by group: for each metric the team measured by group, the
latest reading of each group beside the reading for everyone, the ratio between them,
groups beyond the 0.8 to 1.25 band flagged in words, and a sentence on what is hidden.
The numbers and the rules come from `guidelib.impact.metric_groups`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Block, BulletList, Heading, Paragraph, Table, long_date

if TYPE_CHECKING:
    from ..impact import GroupReading, MetricGroups
    from ..workbook import Workbook

HIDDEN = "hidden (protects a small group)"
RATIO = (
    "The ratio is a group's reading divided by the reading for everyone on the same date. "
    "A ratio of 1 means the group matches everyone. A group is flagged when its ratio is "
    "below 0.8 or above 1.25: its reading is less than 0.8 times, or more than 1.25 times, "
    'the reading for everyone (the "80% rule" band).'
)
PERCENT = (
    " This metric is a percent, so the people each reading counts in, and those it leaves "
    "out, follow the same rule: a group's reading is hidden when either number is small."
)
BETTER = {"up": "higher is better", "down": "lower is better"}


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _row(g: GroupReading) -> tuple[str, ...]:
    count = "hidden" if g.count is None else str(g.count)
    if g.hidden:
        return (g.group, HIDDEN, count, "not compared")
    ratio = "" if g.ratio is None else f"{g.ratio:.2f}"
    return (g.group, _number(g.value), count, ratio)


def _flag(m: MetricGroups, g: GroupReading) -> str:
    """The flag in words: the two readings, the ratio, the side of the band and, when the
    metric says which way is better, whether the group is better or worse off."""
    assert g.ratio is not None  # only flagged groups come here
    side = "below" if g.ratio < 1 else "above"
    text = (
        f"{g.group}: {_number(g.value)}, against {_number(m.overall)} for everyone "
        f"(ratio {g.ratio:.2f}, {side} the 0.8 to 1.25 band)"
    )
    if m.direction in BETTER:
        off = "worse" if (g.ratio < 1) == (m.direction == "up") else "better"
        text += f". For this metric {BETTER[m.direction]}, so this group is {off} off"
    return text + "."


def hidden_sentence(m: MetricGroups) -> str:
    """What is hidden and why, without saying which hidden group is the small one."""
    if not m.hidden:
        more = " in and out of the percent" if m.percent else ""
        return f"No group is hidden: each has {m.minimum} people or more{more}, or none."
    if m.unchecked:
        from ..impact._groups import UNCHECKED

        return f"Every group is hidden: {UNCHECKED[m.unchecked]}."
    noun = "1 group is" if m.hidden == 1 else f"{m.hidden} groups are"
    return (
        f"{noun} hidden. A group of fewer than {m.minimum} people (the agreement's smallest "
        "count that may be published) is hidden, and so is any group whose size would let "
        "someone work out a small group's size from the count for everyone. A hidden "
        "group is not compared." + (PERCENT if m.percent else "")
    )


def _one(m: MetricGroups) -> list[Block]:
    when = long_date(m.date.isoformat())
    rows = [_row(g) for g in m.groups]
    count = "" if m.overall_count is None else str(m.overall_count)
    rows.append(("Everyone", _number(m.overall), count, "1.00" if m.overall else ""))
    blocks: list[Block] = [
        Heading(f"{m.metric}, by {m.group_by.lower() if m.group_by else 'group'}", 2),
        Table(("Group", f"Reading on {when}", "People counted", "Ratio to everyone"), tuple(rows)),
    ]
    if m.overall is None:
        none = f"There is no reading for everyone on {when}, so no group is compared."
        blocks.append(Paragraph(none))
    flags = [_flag(m, g) for g in m.groups if g.flagged]
    if flags:
        blocks += [Paragraph("Beyond the band:"), BulletList(tuple(flags))]
    elif m.overall is not None:
        blocks.append(Paragraph("No group shown here is beyond the 0.8 to 1.25 band."))
    return [*blocks, Paragraph(hidden_sentence(m))]


def metric_blocks(wb: Workbook) -> list[Block]:
    """The metrics part of the group section; [] when no reading names a group, so an
    older workbook's report is unchanged."""
    from ..impact import metric_groups

    found = metric_groups(wb)
    if not found:
        return []
    blocks: list[Block] = [
        Heading("Metrics by group", 2),
        Paragraph(
            "For each metric the team measured by group (step 3.1): the latest reading for "
            "each group, beside the reading for everyone on the same date. " + RATIO
        ),
    ]
    for m in found:
        blocks += _one(m)
    return blocks


def grouped_readings(readings: list[dict], metric: str) -> str:
    """For Methods: how many readings of `metric` are for groups, and by what; ''."""
    rows = [
        r for r in readings if r.get("metric") == metric and (r.get("group_by") or r.get("group"))
    ]
    if not rows:
        return ""
    ways = dict.fromkeys(" ".join(str(r.get("group_by") or "group").split()).lower() for r in rows)
    return (
        f" Also {len(rows)} readings for groups, by {', '.join(ways)}: the team recorded "
        "each group's reading and how many people it counts."
    )


def metric_limit(wb: Workbook) -> str:
    """The Limits item on metrics by group."""
    from ..impact import group_policy, metric_groups

    found = metric_groups(wb)
    if not found:
        return (
            "The metrics are not broken down by group in this workbook, so unequal effects "
            "in the metrics themselves cannot be seen here."
        )
    hidden, groups = sum(m.hidden for m in found), sum(len(m.groups) for m in found)
    minimum = group_policy(wb).minimum
    return (
        "Metrics are broken down only where the team recorded readings by group, and only "
        f"by the groups it chose ({len(found)} tables above). Groups of fewer than {minimum} "
        f"people are hidden, and so is any group that would reveal one: {hidden} of {groups} "
        "groups. A ratio compares a group with everyone on one date; it does not show why "
        "the group differs, or whether the gap is closing."
    )
