"""Importing responses from another survey tool's CSV export: the column mapping, bad rows by
row number, the file's encoding, and importing the same file twice."""

from __future__ import annotations

import pytest

import guidelib
from guidelib.cli import main
from guidelib.survey import count, responses, survey_definition
from guidelib.survey.form import PREFER_NOT, SurveyError
from guidelib.survey.importer import check_csv, import_csv

QUESTIONS = [
    {"question": "I trust the program.", "kind": "agreement"},
    {
        "question": "How often did the school call?",
        "kind": "single",
        "options": "Never; Once; Often",
    },
    {
        "question": "Which help did you get?",
        "kind": "multiple",
        "options": "Food, or cash; Rides; Legal help",
    },
    {"question": "Anything else?", "kind": "open"},
]
DEMOGRAPHICS = [{"question": "Language at home?", "options": "English; Spanish"}]
HEADER = (
    "Timestamp,“I trust the program”,how often did the school  call?,"
    "Which help did you get?,Anything else?,Language at home?\n"
)
ROWS = [
    '2026/09/01 10:00,4,Never,"Food, or cash; Rides",Thanks,English',  # row 2: good
    "2026/09/01 10:05,7,Once,,,",  # row 3: agreement out of range
    "2026/09/01 10:06,Strongly agree,often,Legal help,,spanish",  # row 4: good (labels, case)
    "2026/09/01 10:07,3,Maybe,,,",  # row 5: not a choice
    "2026/09/01 10:08,,,Rides|Bus,,",  # row 6: unknown choice in a multiple
    ",,,,,",  # row 7: empty
    '2026/09/01 10:09,2,,,"=HYPERLINK(""http://x"",""y"")",Prefer not to say',  # row 8: good
    "2026/09/01 10:10,1,Never,,,English,extra,cells",  # row 9: too many cells
    "2026/09/01 10:11,5 - Strongly agree,,Rides,,",  # row 10: good
]
CSV = (HEADER + "\n".join(ROWS) + "\n").encode("utf-8")


@pytest.fixture
def team(folder) -> guidelib.Workbook:
    wb = guidelib.create_workbook("Import Team", folder)
    wb.set("survey", "questions", QUESTIONS)
    wb.set("survey", "demographics", DEMOGRAPHICS)
    wb.save()
    return wb


def test_import_reports_bad_rows_by_number_and_stores_the_good(team):
    report = import_csv(team, survey_definition(team), CSV, "paper-forms.csv")
    assert report.rows == 9 and report.imported == 4 and report.empty == 1
    assert [n for n, _ in report.bad_rows] == [3, 5, 6, 9]
    reasons = dict(report.bad_rows)
    assert '"7" is not a number from 1 to 5' in reasons[3]
    assert '"Maybe" is not one of the choices for "How often' in reasons[5]
    assert '"bus" is not one of the choices' in reasons[6]
    assert "has 8 cells but the header has 6" in reasons[9]
    assert report.unmatched_columns == ["Timestamp"]
    assert report.unanswered_questions == []
    answers = [r.answers for r in responses(team)]
    assert {
        "Which help did you get?": ["Food, or cash", "Rides"],
        "Anything else?": "Thanks",
        "I trust the program.": 4,
        "How often did the school call?": "Never",
        "Language at home?": "English",
    } in answers
    assert {
        "I trust the program.": 5,
        "How often did the school call?": "Often",
        "Which help did you get?": ["Legal help"],
        "Language at home?": "Spanish",
    } in answers
    # formula text is stored as typed; the export makes it safe (test_survey_results)
    assert {
        "I trust the program.": 2,
        "Anything else?": '=HYPERLINK("http://x","y")',
        "Language at home?": PREFER_NOT,
    } in answers
    assert all(r.source == "import" for r in responses(team))
    lines = report.lines()
    assert lines[0] == (
        "paper-forms.csv: 9 rows; 4 imported, 0 already imported before, 4 with problems, 1 empty."
    )
    assert "Row 5: " in "\n".join(lines)


def test_importing_the_same_file_twice_adds_nothing(team):
    import_csv(team, survey_definition(team), CSV, "paper-forms.csv")
    again = import_csv(team, survey_definition(team), CSV, "paper-forms.csv")
    assert (again.imported, again.already) == (0, 4)
    assert count(team) == 4
    more = CSV + b"2026/09/02 09:00,3,Once,,,\n"  # the tool's next export: one more row
    assert import_csv(team, survey_definition(team), more, "paper-forms.csv").imported == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (HEADER.encode("cp1252") + "2026,4,Never,,Très bien,English\n".encode("cp1252"), "UTF-8"),
        ((HEADER + ROWS[0]).encode("utf-16"), "UTF-8"),
        (b"", "is empty"),
    ],
)
def test_wrong_encoding_or_empty_file_gives_one_sentence(team, data, message):
    with pytest.raises(SurveyError, match=message) as info:
        import_csv(team, survey_definition(team), data, "export.csv")
    assert "\n" not in str(info.value) and "Traceback" not in str(info.value)
    assert count(team) == 0


def test_utf8_with_a_byte_order_mark_and_semicolons(team):
    text = HEADER.replace(",", ";").replace("“I trust the program”", "I trust the program.")
    data = ("\ufeff" + text + "2026;4;Once;Rides;Très bien;Spanish\n").encode("utf-8")
    report = import_csv(team, survey_definition(team), data, "excel.csv")
    assert report.imported == 1 and not report.bad_rows
    assert responses(team)[0].answers["Anything else?"] == "Très bien"


def test_a_wrong_mapping_imports_nothing(team):
    data = b"Q1,Q2,Q3\n4,Never,Rides\n"
    with pytest.raises(SurveyError, match="No column matches a question of this survey"):
        import_csv(team, survey_definition(team), data, "export.csv")
    dup = b"I trust the program.,i trust the program\n4,5\n"
    with pytest.raises(SurveyError, match="Two columns answer the same question"):
        import_csv(team, survey_definition(team), dup, "export.csv")
    assert count(team) == 0


def test_an_explicit_mapping(team):
    data = b"Q1,Q2,Extra\n4,Never,x\n"
    report = check_csv(
        survey_definition(team),
        data,
        "export.csv",
        {"Q1": "1", "q2": "How often did the school call?"},
    )
    assert report.mapping == {"Q1": "I trust the program.", "Q2": "How often did the school call?"}
    assert report.unmatched_columns == ["Extra"]
    assert len(report.unanswered_questions) == 3
    assert report.good[0][1] == {
        "I trust the program.": 4,
        "How often did the school call?": "Never",
    }
    with pytest.raises(SurveyError, match='"9" is not a question'):
        check_csv(survey_definition(team), data, "export.csv", {"Q1": "9"})
    with pytest.raises(SurveyError, match='There is no column "Q7"'):
        check_csv(survey_definition(team), data, "export.csv", {"Q7": "1"})


def test_cli_import(capsys, team, tmp_path):
    good = tmp_path / "forms.csv"
    good.write_bytes(CSV)
    assert main(["survey", "import", str(team.path), str(good)]) == 0
    out = capsys.readouterr().out
    assert "4 imported" in out and "Row 3: " in out and "Row 9: " in out
    wrong = tmp_path / "wrong.csv"
    wrong.write_bytes(b"Q1,Q2\n1,2\n")
    assert main(["survey", "import", str(team.path), str(wrong)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("guidelib: wrong.csv was not imported: No column matches")
    assert main(["survey", "import", str(team.path), str(wrong), "--map", "Q1=1"]) == 0
    assert "1 imported" in capsys.readouterr().out
    assert main(["survey", "import", str(team.path), str(tmp_path / "missing.csv")]) == 1
    assert "There is no file" in capsys.readouterr().err


ESC = "\x1b"
HOSTILE = f"{ESC}]0;owned{ESC}\\{ESC}[2J{ESC}[31mRed\u202e\x07"  # title, clear, colour, RLO, bell


def _printed(capsys) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_escape_sequences_in_a_csv_never_reach_the_terminal(capsys, team, tmp_path):
    # a heading, a cell of every kind, a mapping and the file's own name carry escapes
    header = f"I trust the program.,Which help did you get?,{HOSTILE} column\n"
    rows = f"4{HOSTILE},Rides,x\n{HOSTILE},{HOSTILE},y\n3,Rides,z\n"
    hostile_file = tmp_path / f"export{ESC}[31m.csv"
    hostile_file.write_bytes((header + rows).encode("utf-8"))
    assert main(["survey", "import", str(team.path), str(hostile_file)]) == 0
    shown = _printed(capsys)
    assert "1 imported" in shown and "Row 2: " in shown and "Row 3: " in shown
    assert "column" in shown  # the unmatched heading is named, without its escapes
    unmatched = tmp_path / "no-match.csv"
    unmatched.write_bytes(f"{HOSTILE}a,{HOSTILE}b\n1,2\n".encode())
    assert main(["survey", "import", str(team.path), str(unmatched)]) == 1
    shown += _printed(capsys)
    assert main(["survey", "import", str(team.path), str(hostile_file), "--map",
                 f"{HOSTILE}=9"]) == 1  # fmt: skip
    shown += _printed(capsys)
    assert main(["survey", "import", str(team.path), str(tmp_path / f"{HOSTILE}.csv")]) == 1
    shown += _printed(capsys)
    assert "There is no file" in shown and "There is no column" in shown
    for control in (ESC, "\x07", "\u202e"):
        assert control not in shown
    assert "Traceback" not in shown


def test_the_report_on_the_page_carries_no_escape_either(team):
    from guidelib.survey.html import import_html

    data = f"I trust the program.,{HOSTILE}\n{HOSTILE},x\n".encode()
    page = import_html(import_csv(team, survey_definition(team), data, f"{HOSTILE}.csv"))
    assert ESC not in page and "\u202e" not in page and "\x07" not in page
