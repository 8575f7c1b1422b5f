"""Metric readings by group (step 3.1) in the impact report: an older workbook without the
group columns is unchanged, a hidden small group cannot be solved for from what the report
shows (an independent linear program over the published counts), and disparities beyond
the 0.8 to 1.25 band are flagged in words."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import guidelib
from guidelib.checks import run_checks
from guidelib.documents import render_document
from guidelib.documents.impact_groups import by_group
from guidelib.documents.metric_groups import (
    grouped_readings,
    hidden_sentence,
    metric_blocks,
    metric_limit,
)
from guidelib.impact import metric_groups, metric_status

EXAMPLE = Path(__file__).resolve().parents[1] / "workbook" / "example-kinship-care.json"
HIDDEN = "hidden (protects a small group)"
METRIC = "Support within 30 days"
BY = "Language spoken at home"
DAY = "2026-10-31"


def report_md(wb: guidelib.Workbook) -> str:
    return render_document(wb, "impact-report", "md")[0].decode()


def group_rows(md: str, metric: str = METRIC) -> dict[str, list[str]]:
    """The published table of a metric by group, read back from the Markdown report as
    a reader would: {group: [reading, people counted, ratio]}."""
    section = md[md.index(f"### {metric}, by") :]
    table = section[section.index("| Group") :]
    table = table[: table.index("\n\n")]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip().replace("\\", "") for c in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return rows


def team(folder: Path, groups: dict[str, tuple[int | None, float]], overall=(52, 150), **kw):
    """A workbook with one metric read for everyone and for `groups` on one date."""
    wb = guidelib.create_workbook("Group Readings Team", folder)
    wb.set("agreement", "min_cell_size", kw.get("minimum", 11))
    metric = {"metric": METRIC, "definition": "Percent supported", "owner": "Gloria"}
    if "unit" in kw:
        metric["unit"] = kw["unit"]
    wb.set("reevaluate", "metrics", [{**metric, "baseline": 22, "target": 60, "direction": "up"}])
    value, count = overall
    rows = [{"metric": METRIC, "date": DAY, "value": value}]
    if count is not None:
        rows[0]["count"] = count
    for name, (people, reading) in groups.items():
        row = {"metric": METRIC, "date": DAY, "value": reading, "group_by": BY, "group": name}
        rows.append(row if people is None else {**row, "count": people})
    wb.set("reevaluate", "readings", rows)
    wb.save()
    return wb


# (a) an older workbook, without the group columns, is unchanged ---------------------------
def old_example() -> dict:
    """The worked example as it was before readings could name a group."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    old = copy.deepcopy(doc)
    for metric in old["answers"]["reevaluate"]["metrics"]:
        metric.pop("unit", None)
    readings = old["answers"]["reevaluate"]["readings"]
    old["answers"]["reevaluate"]["readings"] = [
        {k: r[k] for k in ("metric", "date", "value")} for r in readings if "group" not in r
    ]
    return old


def test_an_older_workbook_without_group_columns_loads_and_validates_unchanged(folder):
    path = folder / "old-team.json"
    raw = json.dumps(old_example(), indent=1)
    path.write_text(raw, encoding="utf-8")
    wb = guidelib.open_workbook(path)
    assert not wb.notices and not wb.invalid
    assert run_checks(wb) == []
    assert wb.get("reevaluate", "readings") == old_example()["answers"]["reevaluate"]["readings"]
    # Its metrics read as before: the example's status is the same with or without groups.
    assert metric_status(wb) == metric_status(guidelib.open_workbook(EXAMPLE))
    assert metric_groups(wb) == []
    md = report_md(wb)
    assert "Metrics by group" not in md and "Survey results by group" not in md
    assert "The metrics are not broken down by group in this workbook" in md
    assert path.read_text(encoding="utf-8") == raw  # reading it wrote nothing


def test_group_readings_never_count_toward_the_metric_status(folder):
    wb = team(folder, {"English": (120, 99.0), "Spanish": (30, 1.0)})
    (status,) = metric_status(wb)
    assert (status.latest, status.readings) == (52, 1)


# (b) a hidden small group cannot be recovered --------------------------------------------
def attacker_bounds(shown: dict[str, int], hidden: list[str], total: int) -> dict:
    """The smallest and largest count each hidden group can have, given what the report
    shows, assuming (the strongest reader) that the groups cover everyone: written as a
    linear program over the hidden counts, independently of guidelib's suppression."""
    if not hidden:
        return {}
    rest = total - sum(shown.values())
    bounds = {}
    for i, name in enumerate(hidden):
        c = [0.0] * len(hidden)
        c[i] = 1.0
        low = linprog(c, A_eq=[[1] * len(hidden)], b_eq=[rest], bounds=(0, None), method="highs")
        high = linprog([-x for x in c], A_eq=[[1] * len(hidden)], b_eq=[rest], method="highs")
        bounds[name] = (round(low.fun), round(-high.fun))
    return bounds


def published(md: str) -> tuple[dict[str, int], list[str], int | None]:
    rows = group_rows(md)
    everyone = rows.pop("Everyone")
    shown = {g: int(r[1]) for g, r in rows.items() if r[1] != "hidden"}
    hidden = [g for g, r in rows.items() if r[1] == "hidden"]
    assert all(rows[g] == [HIDDEN, "hidden", "not compared"] for g in hidden)
    return shown, hidden, int(everyone[1]) if everyone[1] else None


def test_the_small_group_in_a_table_that_adds_up_is_hidden_with_another(folder):
    groups = {"English": (96, 60.4), "Spanish": (38, 39.5), "Haitian Creole": (12, 41.7),
              "Another language": (4, 50.0)}  # fmt: skip
    md = report_md(team(folder, groups))
    shown, hidden, total = published(md)
    assert "Another language" in hidden and len(hidden) == 2  # one more, so no subtraction
    assert total == 150
    for name, (low, high) in attacker_bounds(shown, hidden, total).items():
        assert high >= 11, f"{name} can be placed at {low} to {high}, below 11"
    row = group_rows(md)["Another language"]
    assert "4" not in row and "50" not in " ".join(row)
    assert "2 groups are hidden." in md and "fewer than 11 people" in md


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sizes=st.lists(st.integers(0, 40), min_size=2, max_size=5),
    outside=st.integers(0, 15),
)
def test_no_hidden_group_can_be_placed_below_the_minimum(tmp_path_factory, sizes, outside):
    """Random group sizes, some small, with people in no named group (`outside`) or none:
    every hidden group could still be 11 or more, whatever a reader solves for."""
    folder = tmp_path_factory.mktemp("wb")
    groups = {f"Group {i}": (n, 50.0) for i, n in enumerate(sizes)}
    total = sum(sizes) + outside
    md = report_md(team(folder, groups, overall=(50.0, total)))
    shown, hidden, shown_total = published(md)
    for name, n in shown.items():
        assert not 0 < n < 11, f"{name} shows {n} people"
    if shown_total is None:  # everyone is fewer than 11: every group is hidden but zeros
        assert total < 11 and set(hidden) >= {g for g, (n, _) in groups.items() if n}
        return
    small = [g for g, n in zip(groups, sizes, strict=True) if 0 < n < 11]
    assert set(small) <= set(hidden)
    hidden_plus_rest = [*hidden, "people in no named group"]
    for name, (_, high) in attacker_bounds(shown, hidden_plus_rest, shown_total).items():
        if name in small:
            assert high >= 11, f"{name} ({groups[name][0]}) is at most {high}: {md}"


def two_way_bounds(md: str, everyone_in: int) -> dict[tuple[str, str], int]:
    """The largest value a reader can give each hidden cell of a percent metric's table
    (people in the percent, out of it, and the group's count), from the report alone: the
    shown readings and counts give the shown groups' people in and out; the reading and
    count for everyone give the totals; the people in no named group are unknown."""
    rows = group_rows(md)
    total = int(rows.pop("Everyone")[1])
    shown_in = shown_out = 0
    hidden: list[tuple[str, int | None]] = []
    for name, (reading, count, _) in rows.items():
        if reading == HIDDEN:
            hidden.append((name, None if count == "hidden" else int(count)))
        else:
            k = round(float(reading) * int(count) / 100)
            shown_in, shown_out = shown_in + k, shown_out + int(count) - k
    n = 2 * len(hidden) + 2  # (in, out) per hidden group, then the people in no group
    a_eq = [[1.0 if i % 2 == 0 else 0.0 for i in range(n)], [float(i % 2) for i in range(n)]]
    b_eq = [everyone_in - shown_in, total - everyone_in - shown_out]
    for g, (_, count) in enumerate(hidden):
        if count is not None:
            a_eq.append([1.0 if i in (2 * g, 2 * g + 1) else 0.0 for i in range(n)])
            b_eq.append(count)
    out = {}
    for g, (name, _) in enumerate(hidden):
        for part, cells in (("in", [2 * g]), ("out", [2 * g + 1]), ("count", [2 * g, 2 * g + 1])):
            c = [-1.0 if i in cells else 0.0 for i in range(n)]
            best = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            out[(name, part)] = round(-best.fun)
    return out


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=2, max_size=4),
    outside=st.tuples(st.integers(0, 12), st.integers(0, 12)),
)
def test_a_percent_hides_small_numbers_in_and_out_of_it(tmp_path_factory, cells, outside):
    """A percent and its count give the people in it: those numbers, and the people out of
    it, follow the rule too. Random tables; the reader solves a linear program."""
    folder = tmp_path_factory.mktemp("wb")
    groups = {f"Group {i}": (k + o, 100 * k / (k + o) if k + o else 0.0)
              for i, (k, o) in enumerate(cells)}  # fmt: skip
    everyone_in = sum(k for k, _ in cells) + outside[0]
    total = everyone_in + sum(o for _, o in cells) + outside[1]
    if total < 11:
        return
    md = report_md(team(folder, groups, overall=(100 * everyone_in / total, total), unit="percent"))
    rows = group_rows(md)
    for (k, o), (name, (reading, count, _)) in zip(cells, rows.items(), strict=False):
        if reading != HIDDEN:
            assert not (0 < k < 11 or 0 < o < 11), f"{name}: {k} in, {o} out shown"
        assert count == "hidden" or not 0 < int(count) < 11, f"{name} shows {count} people"
    if rows["Everyone"][1] == "":  # its count would show a small number in or out
        assert 0 < everyone_in < 11 or 0 < total - everyone_in < 11
        return
    truth = {f"Group {i}": {"in": k, "out": o, "count": k + o} for i, (k, o) in enumerate(cells)}
    for (name, part), high in two_way_bounds(md, everyone_in).items():
        if 0 < truth[name][part] < 11:
            assert high >= 11, f"{name} {part} ({truth[name][part]}) is at most {high}: {md}"


def test_everyone_below_the_minimum_hides_every_group_and_the_count(folder):
    md = report_md(team(folder, {"A": (6, 50.0), "B": (3, 33.3)}, overall=(44.4, 9)))
    rows = group_rows(md)
    assert rows["A"][:2] == rows["B"][:2] == [HIDDEN, "hidden"] and rows["Everyone"][1] == ""


@pytest.mark.parametrize(
    ("groups", "overall", "reason"),
    [
        ({"English": (120, 60.0), "Spanish": (None, 40.0)}, (52, 150), "no count of people"),
        ({"English": (120, 60.0), "Spanish": (40, 40.0)}, (52, 150), "more people than"),
    ],
)
def test_a_table_that_cannot_be_checked_hides_every_group(folder, groups, overall, reason):
    wb = team(folder, groups, overall=overall)
    (found,) = metric_groups(wb)
    assert all(g.hidden for g in found.groups)
    assert reason in hidden_sentence(found)
    md = report_md(wb)
    assert "120" not in md.split("### ")[-1].split("## Feedback")[0]


def test_the_check_names_what_keeps_the_report_from_showing_groups(folder):
    wb = team(folder, {"English": (120, 60.0), "Spanish": (None, 40.0)})
    (finding,) = run_checks(wb, ["metric-groups"])
    assert finding.step == "reevaluate" and "no number of people counted" in finding.message
    assert f'"{METRIC}" by language spoken at home on 31 October 2026' in finding.message
    groups_only = [{**r, "count": 20} for r in wb.get("reevaluate", "readings") if r.get("group")]
    wb.set("reevaluate", "readings", groups_only)
    wb.save()
    (finding,) = run_checks(wb, ["metric-groups"])
    assert "no reading for everyone on that date" in finding.message


# (c) disparities flagged in words ---------------------------------------------------------
def text(blocks) -> str:
    from guidelib.documents.model import BulletList, Table

    out = []
    for block in blocks:
        if isinstance(block, Table):
            out += [" | ".join(row) for row in block.rows]
        elif isinstance(block, BulletList):
            out += block.items
        else:
            out.append(getattr(block, "text", ""))
    return "\n".join(out)


def test_disparities_beyond_the_band_are_flagged_in_words(folder):
    groups = {"English": (80, 61.3), "Spanish": (40, 39.5), "Haitian Creole": (30, 45.0)}
    said = text(by_group(team(folder, groups)))
    assert (
        "Spanish: 39.5, against 52 for everyone (ratio 0.76, below the 0.8 to 1.25 band). "
        "For this metric higher is better, so this group is worse off."
    ) in said
    assert "English:" not in said and "Haitian Creole:" not in said  # 1.18 and 0.87: inside
    assert "divided by the reading for everyone on the same date" in said
    assert "less than 0.8 times, or more than 1.25 times" in said
    assert "Spanish | 39.5 | 40 | 0.76" in said and "Everyone | 52 | 150 | 1.00" in said


def test_a_metric_where_lower_is_better_says_which_side_is_worse(folder):
    wb = team(folder, {"High school": (58, 70.0), "Elementary": (92, 40.0)})
    metrics = wb.get("reevaluate", "metrics")
    wb.set("reevaluate", "metrics", [{**metrics[0], "direction": "down"}])
    wb.save()
    said = text(by_group(wb))
    assert "High school: 70, against 52 for everyone (ratio 1.35, above the 0.8 to 1.25 " \
        "band). For this metric lower is better, so this group is worse off." in said
    assert "Elementary: 40, against 52 for everyone (ratio 0.77, below" in said
    assert "so this group is better off" in said


def test_without_a_reading_for_everyone_that_day_no_group_is_compared(folder):
    wb = team(folder, {"A": (40, 10.0), "B": (40, 90.0)})
    rows = wb.get("reevaluate", "readings")
    wb.set("reevaluate", "readings", [{**rows[0], "date": "2026-09-30"}, *rows[1:]])
    wb.save()
    said = text(by_group(wb))
    assert "There is no reading for everyone on 31 October 2026, so no group is compared." in said
    assert "Beyond the band" not in said


# (d) the worked example --------------------------------------------------------------------
def test_the_worked_examples_report_shows_its_groups():
    wb = guidelib.open_workbook(EXAMPLE)
    said = text(metric_blocks(wb))
    assert f"Another language | {HIDDEN} | hidden | not compared" in said
    assert "Haitian Creole | 50 | 22 | 0.96" in said
    assert "Spanish: 37.5, against 52 for everyone (ratio 0.72" in said
    assert "High school: 32.8, against 25 for everyone (ratio 1.31" in said
    assert "1 group is hidden." in said and "No group is hidden" in said
    readings = wb.get("reevaluate", "readings")
    support = grouped_readings(readings, "Caregivers connected to support")
    assert "4 readings for groups, by language spoken at home" in support
    assert "1 of 7 groups" in metric_limit(wb)
