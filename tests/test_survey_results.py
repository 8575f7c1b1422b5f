"""Survey results: known answers for primary and complementary suppression, within a table
and across the tables that share figures; percentages only from published figures; the
written answers; and a CSV export that no spreadsheet reads as a formula."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

import guidelib
from guidelib.cli import main
from guidelib.datacheck import audit
from guidelib.datacheck.complement import derivable
from guidelib.datacheck.suppress import PRIMARY, SHOWN, suppress_matrix
from guidelib.survey import submit
from guidelib.survey.export import FORMULA_START, HEADER, results_csv, safe_cell, summary
from guidelib.survey.form import PREFER_NOT, Question, SurveyDefinition
from guidelib.survey.linked import joint_leaks, keyed, published
from guidelib.survey.results import survey_results
from guidelib.survey.tally import NO_ANSWER, encode, one_way, two_way, variables

HELP = Question("Was the help useful?", "single", ("Yes", "No"))
LANG = Question("Language at home?", "single", ("English", "Spanish", "Creole", PREFER_NOT), True)


def people(*groups: tuple[str, str, int], q: Question = HELP, d: Question = LANG) -> list[dict]:
    return [{q.text: answer, d.text: group} for group, answer, n in groups for _ in range(n)]


def hidden(table) -> set[tuple[int, int]]:
    return {
        (int(i), int(j)) for i, j in zip(*(table.result.status != SHOWN).nonzero(), strict=True)
    }


# -- within one table ----------------------------------------------------------------------
ANSWERS = people(
    ("English", "Yes", 40),
    ("English", "No", 20),
    ("Spanish", "Yes", 30),
    ("Spanish", "No", 15),
    ("Creole", "Yes", 3),
    ("Creole", "No", 12),
)


def test_primary_only_would_be_recovered_from_the_row_total():
    """3 Creole speakers said Yes. Hiding only that cell leaves 15 - 12 = 3 in plain sight."""
    naive = suppress_matrix(
        [[40, 20], [30, 15], [3, 12]], ["English", "Spanish", "Creole"], ["Yes", "No"], "cms"
    )
    only_primary = naive.status == PRIMARY
    assert {(int(i), int(j)) for i, j in zip(*only_primary.nonzero(), strict=True)} == {(2, 0)}
    assert derivable(naive.values, only_primary, naive.lines) == [(2, 0)]


def test_a_breakdown_hides_the_small_cell_and_its_complements():
    definition = SurveyDefinition("", (HELP,), (LANG,), "cms")
    results = survey_results(definition, ANSWERS)
    table = results.tables[(HELP.text, LANG.text)]
    # rows: English, Spanish, Creole, Prefer not to say, No answer, Total
    # columns: Yes, No, No answer, Total
    assert table.result.values.tolist()[2] == [3, 12, 0, 15]
    assert table.result.status[2, 0] == PRIMARY
    assert hidden(table) == {(2, 0), (2, 1), (1, 0), (1, 1)}  # Creole and Spanish answers
    assert table.result.check() == []
    b = results.breakdown(HELP.text, LANG.text)
    by_group = {
        g: [(c.count, c.percent) for c in row] for g, row in zip(b.groups, b.cells, strict=True)
    }
    assert by_group["English"] == [(40, 66.7), (20, 33.3), (0, 0.0), (60, 100.0)]
    assert by_group["Spanish"] == [(None, None), (None, None), (0, 0.0), (45, 100.0)]
    assert by_group["Creole"] == [(None, None), (None, None), (0, 0.0), (15, 100.0)]
    assert by_group["Total"] == [(73, 60.8), (47, 39.2), (0, 0.0), (120, 100.0)]
    assert by_group["Prefer not to say"][-1] == (0, None)  # no percentage of an empty group
    assert [c.status for c in b.cells[2][:2]] == ["primary", "complementary"]


def test_no_percentage_where_the_row_total_is_hidden():
    answers = people(
        ("English", "Yes", 30), ("English", "No", 30), ("Creole", "Yes", 4), ("Creole", "No", 3)
    )
    results = survey_results(SurveyDefinition("", (HELP,), (LANG,)), answers)
    creole = results.breakdown(HELP.text, LANG.text).cells[2]
    assert creole[-1].hidden  # 7 Creole speakers: the group itself is too small
    assert all(c.percent is None for c in creole)
    for b in results.breakdowns:
        for row in b.cells:
            total = row[-1]
            for cell in row:
                if cell.percent is not None:
                    assert not cell.hidden and not total.hidden
                    assert cell.percent == round(100 * cell.count / total.count, 1)


# -- across tables ---------------------------------------------------------------------------
MAYBE = Question("Q", "single", ("Yes", "No", "Maybe"))
GROUP = Question("D", "single", ("A", "B", PREFER_NOT), True)
SHARED = people(
    ("A", "Yes", 8), ("A", "No", 20), ("B", "Yes", 20), ("B", "Maybe", 5), q=MAYBE, d=GROUP
)


def joint_failures(tables, minimum=11):
    """The attacker's view: every table's published cells and totals solved together."""
    return audit.failures(audit.ranges(*published(tables), enough=minimum), minimum)


AGE = Question("Age", "single", ("Young", "Old"), True)
HOME = Question("Home language", "single", ("En", "Es"), True)
YES_NO = Question("Q", "single", ("Yes", "No"))
CROSSED = [  # (age, language, answer, n): one question broken down two ways
    ("Young", "En", "Yes", 24), ("Young", "Es", "Yes", 24), ("Old", "En", "Yes", 3),
    ("Old", "En", "No", 1), ("Old", "Es", "Yes", 5), ("Old", "Es", "No", 21),
]  # fmt: skip
CROSSED_ANSWERS = [
    {"Q": q, "Age": a, "Home language": lang} for a, lang, q, n in CROSSED for _ in range(n)
]


def tables_one_by_one(definition, answers):
    """Each table suppressed on its own (each passes its own audit), keyed for the audit."""
    (v,), groups = variables(definition)
    codes = encode([v, *groups], answers)
    cols = [(v.key, x) for x in v.values] + [(v.parent, NO_ANSWER)]
    tables = [keyed(suppress_matrix(one_way(codes, v), list(v.labels), (), "cms"), None, cols)]
    for g in groups:
        rows = [(g.key, x) for x in g.labels]
        tables.append(keyed(suppress_matrix(one_way(codes, g), list(g.labels)), rows, None))
        grid = two_way(codes, v, g)
        tables.append(keyed(suppress_matrix(grid, list(g.labels), list(v.labels)), rows, cols))
    assert all(t.result.check() == [] for t in tables)
    return tables


def test_two_breakdowns_of_one_question_difference_to_a_small_count():
    """By age and by language, each table safe alone: together they bound the 8 older
    people who said Yes below 11. Published together by `survey_results`, they do not."""
    definition = SurveyDefinition("", (YES_NO,), (AGE, HOME))
    alone = tables_one_by_one(definition, CROSSED_ANSWERS)
    assert joint_failures(alone) == [(("Age", "Old"), ("Q", "Yes"))]
    results = survey_results(definition, CROSSED_ANSWERS)
    tables = list(results.tables.values())
    assert results.breakdown("Q", "Age").cells[1][0].hidden  # Old, Yes: 8
    assert joint_failures(tables) == []


def test_tables_suppressed_one_by_one_leak_exactly_under_the_old_rule():
    """Alone, the overall table shows Yes (28) and hides No and Maybe; the breakdown's total
    row shows No (20) and hides Yes and Maybe. Together: Maybe = 53 - 28 - 20 = 5."""
    definition = SurveyDefinition("", (MAYBE,), (GROUP,))
    (v,), (g,) = variables(definition)
    codes = encode([v, g], SHARED)
    cols = [(v.key, x) for x in v.values] + [(v.parent, NO_ANSWER)]
    rows = [(g.key, x) for x in g.labels]
    exact = {"method": "exact"}
    overall = keyed(suppress_matrix(one_way(codes, v), list(v.labels), (), **exact), None, cols)
    grid = two_way(codes, v, g)
    breakdown = keyed(
        suppress_matrix(grid, list(g.labels), list(v.labels), **exact), rows, cols
    )
    assert [s for s in overall.result.status[:3, 0]] == [SHOWN, "complementary", PRIMARY]
    assert [s for s in breakdown.result.status[-1, :3]] == ["complementary", SHOWN, PRIMARY]
    assert joint_leaks([overall, breakdown]) == [(("*", "*"), ("Q", "Maybe"))]
    assert (("*", "*"), ("Q", "Maybe")) in joint_failures([overall, breakdown])


def test_linked_tables_hide_the_same_figures_everywhere():
    results = survey_results(SurveyDefinition("", (MAYBE,), (GROUP,)), SHARED)
    tables = list(results.tables.values())
    assert joint_leaks(tables) == [] and joint_failures(tables) == []
    assert all(t.result.check() == [] for t in tables)
    status: dict = {}
    for t in tables:
        for i, row in enumerate(t.keys):
            for j, key in enumerate(row):
                status.setdefault(key, set()).add(t.result.status[i, j] == SHOWN)
    assert all(len(seen) == 1 for seen in status.values())
    overall = results.distributions[0]
    assert [c.count for c in overall.cells] == [None, 20, None, 0]  # Maybe could be 0 to 33
    assert overall.total.count == 53  # the number of respondents stays published


@pytest.mark.parametrize(("policy", "minimum"), [("cms", 11), ("cdc", 10), (5, 5), ("7", 7)])
def test_policies(policy, minimum):
    answers = people(
        ("English", "Yes", minimum - 1),
        ("English", "No", minimum),
        ("Spanish", "Yes", 40),
        ("Spanish", "No", 40),
    )
    results = survey_results(SurveyDefinition("", (HELP,), (LANG,), policy), answers)
    assert results.policy.minimum == minimum
    english = results.breakdown(HELP.text, LANG.text).cells[0]
    assert english[0].status == PRIMARY and english[1].hidden
    zero = results.breakdown(HELP.text, LANG.text).cells[2][0]  # no Creole speakers
    assert zero.hidden == (policy == "cdc")  # CDC hides zeros too
    assert survey_results(results.definition, answers, 3).policy.minimum == 3


def test_skip_counts_follow_the_same_rule_as_every_count():
    answers = ANSWERS + [{LANG.text: "English"}] * 2 + [{HELP.text: "Yes"}] * 4
    results = survey_results(SurveyDefinition("", (HELP,), (LANG,)), answers)
    overall = results.distributions[0]
    assert overall.labels == ["Yes", "No", NO_ANSWER] and overall.total.count == 126
    assert overall.cells[2].hidden and overall.cells[2].status == PRIMARY  # 2 skipped
    language = next(d for d in results.distributions if d.question is LANG)
    assert language.cells[-1].hidden  # 4 skipped the question about language
    assert "follow the same rule" in results.rule_text()
    assert joint_failures(list(results.tables.values())) == []


def test_show_skips_is_a_named_exception_that_every_output_states():
    answers = ANSWERS + [{LANG.text: "English"}] * 2 + [{HELP.text: "Yes"}] * 4
    results = survey_results(SurveyDefinition("", (HELP,), (LANG,)), answers, show_skips=True)
    assert results.distributions[0].cells[2].count == 2  # shown, by the team's choice
    assert "by the team's choice (show skips)" in results.rule_text()
    assert "by the team's choice (show skips)" in summary(results)[0]


def test_multiple_choice_is_counted_per_choice():
    help_q = Question("Help?", "multiple", ("Food", "Rides", "None"))
    answers = [{"Help?": ["Food", "Rides"]}] * 30 + [{"Help?": ["Food"]}] * 15 + [{}] * 5
    results = survey_results(SurveyDefinition("", (help_q,), ()), answers)
    d = results.distributions[0]
    assert d.labels == ["Food", "Rides", "None", NO_ANSWER]
    # 5 skipped: hidden, and so is Food (45), since 45 + 0 + skips = 50 would give it away
    assert [(c.count, c.percent) for c in d.cells] == [
        (None, None), (30, 60.0), (0, 0.0), (None, None)
    ]  # fmt: skip
    assert joint_failures(list(results.tables.values())) == []


def test_written_answers_are_listed_apart_and_never_counted():
    open_q = Question("Anything else?", "open")
    answers = [{"Anything else?": "More rides."}, {"Anything else?": "Call me back."}, {}]
    results = survey_results(SurveyDefinition("", (HELP, open_q), ()), answers)
    assert results.open_answers == [(open_q, ["More rides.", "Call me back."])]
    assert [d.question for d in results.distributions] == [HELP]
    assert "may name or describe someone" in " ".join(summary(results))


def test_answers_to_a_choice_no_longer_offered_are_reported():
    answers = [{HELP.text: "Yes"}] * 12 + [{HELP.text: "Maybe"}] * 3
    results = survey_results(SurveyDefinition("", (HELP,), ()), answers)
    assert results.notes == [
        '3 answers to "Was the help useful?" use a choice the survey no longer offers; they '
        "count as no answer."
    ]


# -- the CSV export --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1", "'＝1"),
        ("a=1", "a=1"),
        ("", ""),
        (12, "12"),
    ],
)
def test_safe_cell(typed, shown):
    assert safe_cell(typed) == shown


def test_the_export_is_safe_in_a_spreadsheet():
    q = Question('=HYPERLINK("http://x","Was it useful?")', "single", ("+Yes", "-No", "@Maybe"))
    open_q = Question("@Anything else?", "open")
    d = Question("\tGroup", "single", ("=A", "B", PREFER_NOT), True)
    answers = [{q.text: "+Yes", d.text: "=A", open_q.text: "=cmd|' /C calc'!A0"}] * 20
    answers += [{q.text: "-No", d.text: "B", open_q.text: "\r\n- second line"}] * 20
    results = survey_results(SurveyDefinition("", (q, open_q), (d,)), answers)
    data = results_csv(results, open_text=True)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == HEADER
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert '\'=HYPERLINK("http://x","Was it useful?")' in cells
    assert {"'+Yes", "'-No", "'=A", "'\tGroup", "'@Anything else?", "'=cmd|' /C calc'!A0"} <= set(
        cells
    )
    assert "'\r\n- second line" in cells
    assert "written answer" in cells
    assert "=cmd" not in results_csv(results).decode()  # written answers only when asked


def test_the_export_carries_only_published_figures():
    results = survey_results(SurveyDefinition("", (HELP,), (LANG,)), ANSWERS)
    rows = list(csv.DictReader(io.StringIO(results_csv(results).decode("utf-8-sig"))))
    creole_yes = next(r for r in rows if r["group"] == "Creole" and r["answer"] == "Yes")
    assert creole_yes == {
        "question": HELP.text,
        "answer": "Yes",
        "breakdown": LANG.text,
        "group": "Creole",
        "count": "",
        "percent": "",
        "note": "suppressed",
    }
    english_no = next(r for r in rows if r["group"] == "English" and r["answer"] == "No")
    assert (english_no["count"], english_no["percent"]) == ("20", "33.3")
    assert "3" not in {r["count"] for r in rows}


# -- the command line ------------------------------------------------------------------------
@pytest.fixture
def surveyed(folder) -> guidelib.Workbook:
    wb = guidelib.create_workbook("Results Team", folder)
    wb.set("survey", "questions", [{"question": HELP.text, "kind": "single", "options": "Yes; No"}])
    wb.set(
        "survey", "demographics", [{"question": LANG.text, "options": "English; Spanish; Creole"}]
    )
    wb.save()
    for n, answers in enumerate(ANSWERS):
        submit(wb, answers, f"resp-{n:06d}")
    return wb


def test_cli_results_summary_and_csv(capsys, surveyed, tmp_path):
    assert main(["survey", "results", "results-team"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("120 responses. Groups smaller than 11 are hidden (CMS cell size")
    assert "1. Was the help useful?" in out and "Yes" in out and "60.8%" in out
    assert "2. Language at home? (about the respondent, optional)" in out
    target = tmp_path / "results.csv"
    assert main(["survey", "results", "results-team", "--min-cell", "3", "-o", str(target)]) == 0
    assert "Counts from 1 to 2 are suppressed" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    creole_yes = next(r for r in rows if r["group"] == "Creole" and r["answer"] == "Yes")
    assert creole_yes["count"] == "3"  # 3 is allowed when the smallest shown is 3
    assert main(["survey", "results", "results-team", "--min-cell", "0"]) == 1
    assert "--min-cell must be a whole number" in capsys.readouterr().err


def test_results_of_the_worked_example_show_suppression(example):
    from guidelib.examples.survey_responses import write
    from guidelib.survey import workbook_results

    write(example.parent)
    results = workbook_results(guidelib.open_workbook(example))
    assert results.respondents == 400
    hidden_count, total = results.suppressed()
    assert 0 < hidden_count < total
    language = next(d for d in results.distributions if d.question.text.startswith("Which lang"))
    creole = language.cells[language.labels.index("Haitian Creole")]
    assert creole.hidden and creole.status == PRIMARY
    assert all(t.result.check() == [] for t in results.tables.values())
    assert joint_leaks(list(results.tables.values())) == []
    assert joint_failures(list(results.tables.values())) == []
    assert np.all([t.result.values[-1, -1] == 400 for t in results.tables.values()])
