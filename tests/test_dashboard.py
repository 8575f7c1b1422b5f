"""The stakeholder dashboard, built in the kernel: what each section shows, that nothing is
editable, that typed text stays text, and that survey counts are only the suppressed ones."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re

import ipywidgets as w
import pytest

import guidelib
import guidelib.ui.dashboard_app as dash
from guidelib import ui
from guidelib.survey.store import responses, responses_path
from guidelib.ui.dashboard_app import Dashboard

HOSTILE = '<script>alert("x")</script> =HYPERLINK("http://evil.example","click")'
#: Widgets a visitor could type into, tick or press.
EDITABLE = (
    w.Text,
    w.Textarea,
    w.Checkbox,
    w.ToggleButton,
    w.ToggleButtons,
    w.Dropdown,
    w.RadioButtons,
    w.SelectMultiple,
    w.Select,
    w.Combobox,
    w.FileUpload,
    w.DatePicker,
    w.IntText,
    w.FloatText,
    w.Button,
)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def page_html(app: Dashboard) -> str:
    return "".join(x.value for x in walk(app.body) if isinstance(x, w.HTML))


def page_text(app: Dashboard) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page_html(app)))


def headings(app: Dashboard) -> list[str]:
    return [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", page_html(app))]


@pytest.fixture
def shown(example):
    return Dashboard(str(example))


def test_the_worked_example_shows_every_section(shown):
    assert shown.status.text == ""
    assert "Riverbend County Kinship Care Data Collaborative" in shown.title.value
    assert headings(shown) == [
        "The coalition and its charter",
        "Governance",
        "Launch",
        "Metrics against targets",
        "Is feedback settling down?",
        "What the community said",
    ]
    text = page_text(shown)
    assert "Children placed with relatives in Riverbend County miss more school" in text
    assert "9 members from 8 organizations" in text
    assert "Consensus, with a majority vote if it fails" in text  # an option's label, not its id
    assert "Each of the 7 key decisions has one person who makes the final call" in text
    assert "FERPA studies exception: 8 of 8 required terms in place" in text
    assert "6 of 8 milestones done." in text
    assert "4 of 5 metrics on track or met." in text
    assert "1 more round is needed" in text
    assert "400 people answered." in text
    assert "141 answers in their own words" in text
    assert "Prepare this page as a file" in [getattr(x, "description", "") for x in walk(shown)]


def test_charts_are_shown_as_plotly_outputs_like_the_worksheets(shown):
    outputs = [x for x in walk(shown.body) if isinstance(x, w.Output)]
    titles = [o.outputs[0]["data"]["text/plain"] for o in outputs]
    assert titles == ["[chart: Metrics against their targets]", "[chart: Feedback by round]"]
    assert all("application/vnd.plotly.v1+json" in o.outputs[0]["data"] for o in outputs)


def test_nothing_on_the_page_is_editable(shown):
    editable = [x for x in walk(shown) if isinstance(x, EDITABLE)]
    in_picker = set(map(id, walk(shown.picker)))
    assert editable, "the picker should be there to compare with"
    # besides the picker, only the button that makes the page a file, which changes nothing
    others = [x for x in editable if id(x) not in in_picker]
    assert [getattr(x, "description", "") for x in others] == ["Prepare this page as a file"]
    assert not any(isinstance(x, w.Text) for x in walk(shown.picker) if x.layout.display != "none")
    assert "Create workbook" not in [getattr(x, "description", "") for x in walk(shown)]


def test_showing_the_dashboard_writes_nothing(example):
    # nothing but a survey release (survey.releases), which keeps every response as it was
    def files():
        found = example.parent.iterdir()
        return {p.name: p.read_bytes() for p in found if "responses" not in p.name}

    before, stored = files(), responses(example)
    Dashboard(str(example))
    assert files() == before and responses(example) == stored


def test_survey_small_counts_are_hidden_never_shown(shown, example):
    wb = guidelib.open_workbook(example)
    question = (
        "I understand why the collaborative shares information about children in kinship care."
    )
    raw = [r.answers.get(question) for r in responses(wb)]
    small, beside = raw.count(1), raw.count(2)  # "Strongly disagree", "Disagree"
    assert 0 < small < 11 <= beside, "the example should hold a small count to protect"
    table = page_html(shown).split(html.escape(question, quote=True), 1)[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    hidden = [label for label, count, _ in rows if "hidden" in count]
    assert "Strongly disagree" in hidden  # primary suppression
    assert len(hidden) >= 2  # and at least one more, so the total does not give it away
    assert all("hidden" in c or int(c) == 0 or int(c) >= 11 for _, c, _ in rows)  # skips too
    assert f"<td>{small}</td>" not in table
    assert "<td>Agree</td><td>136</td>" in table
    # no written answer reaches the page: they may identify people
    written = [a for r in responses(wb) for a in r.answers.values() if isinstance(a, str)]
    long_texts = [t for t in written if len(t) > 40]
    assert long_texts and not any(
        html.escape(t, quote=True) in page_html(shown) for t in long_texts
    )


def test_a_new_workbook_says_plainly_what_is_not_there_yet(wb):
    app = Dashboard(wb.slug)
    assert app.status.text == ""
    assert headings(app) == ["The coalition and its charter"]
    text = page_text(app)
    assert "The team has not written down the problem it works on yet." in text
    assert "The team has not named its coalition members yet." in text
    assert "The team has not written its charter yet." in text
    assert "More will appear here as the team reaches it: governance, launch milestones" in text


def test_phase_three_appears_with_its_first_answers_and_no_survey_file_is_said_plainly(wb):
    wb.set("survey", "questions", [{"question": "Was it useful?", "kind": "agreement"}])
    wb.save()
    app = Dashboard(wb.slug)
    assert "What the community said" in headings(app)
    text = page_text(app)
    assert "No one has answered the survey here yet" in text
    assert "The team has not set its metrics yet." in text
    assert "The team has not logged any feedback yet." in text
    assert not responses_path(wb).exists()  # reading never creates the survey file


def test_typed_markup_and_formulas_stay_text(folder):
    wb = guidelib.create_workbook("<b>Bold</b> team", folder)
    wb.set("policy-problem", "problem", HOSTILE)
    wb.set("stakeholders", "register", [{"name": HOSTILE, "organization": HOSTILE}])
    wb.set("coalition", "members", [{"stakeholder": HOSTILE, "role": HOSTILE}])
    wb.set("charter", "vision", HOSTILE)
    wb.set("governance", "bodies", [{"body": HOSTILE, "purpose": HOSTILE}])
    wb.set("launch", "milestones", [{"milestone": HOSTILE, "owner": HOSTILE, "due": "2026-01-01"}])
    wb.set("agreement", "signatories", [{"party": HOSTILE, "name": HOSTILE}])
    wb.set("reevaluate", "metrics", [{"metric": HOSTILE, "baseline": 1, "target": 2}])
    wb.save()
    app = Dashboard(wb.slug)
    markup = page_html(app) + app.title.value
    assert "<script" not in markup and "<b>Bold" not in markup
    assert markup.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 8
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in markup
    assert "&lt;b&gt;Bold&lt;/b&gt; team" in app.title.value


def test_an_address_naming_the_workbook_hides_the_picker(example, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "workbook=example-kinship-care")
    app = Dashboard()
    assert app.picker.layout.display == "none"
    assert app.wb is not None and app.wb.slug == "example-kinship-care"
    assert "Governance" in headings(app)


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("workbook=no-such-team", 'There is no workbook "no-such-team" here; choose one below.'),
        ("workbook=../../etc/passwd", "The address names no valid workbook; choose one below."),
    ],
)
def test_a_missing_or_bad_workbook_gets_one_sentence(example, monkeypatch, query, sentence):
    monkeypatch.setenv("QUERY_STRING", query)
    app = Dashboard()
    assert sentence in app.status.text
    assert "Traceback" not in app.status.text and "\n" not in app.status.text
    assert str(example.parent) not in app.status.text  # no server path for a visitor
    assert "gl-error" in app.status.value
    assert app.body.children == ()
    assert app.picker.layout.display != "none"  # the visitor can still choose one


def test_an_empty_folder_says_so(folder):
    app = Dashboard()
    assert app.status.text == "There is no workbook here yet."
    assert app.picker.layout.display == "none"


def test_the_picker_opens_a_workbook(example):
    app = Dashboard()
    assert app.body.children == ()
    app.picker.choice.value = str(example)
    app.picker._open()
    assert app.wb is not None and "Governance" in headings(app)


def test_a_failing_section_becomes_a_sentence_and_the_others_still_show(shown, monkeypatch):
    def broken(_wb):
        raise ValueError("the chart library is missing")

    sections = tuple((t, s, broken if t == "governance" else b) for t, s, b in dash.SECTIONS)
    monkeypatch.setattr(dash, "SECTIONS", sections)
    shown.show(shown.wb)
    text = page_text(shown)
    assert "This part could not be shown" in text and "Traceback" not in text
    assert "Launch" in headings(shown) and "What the community said" in headings(shown)


def test_a_failure_while_showing_goes_to_the_status_line(shown, monkeypatch):
    def broken(_wb):
        raise OSError("disk gone")

    monkeypatch.setattr(dash, "overview_html", broken)
    shown.show(shown.wb)  # must not raise: ipywidgets would swallow it
    assert shown.status.text and "gl-error" in shown.status.value


def test_milestones_past_due_are_marked_overdue(shown):
    text = html.unescape(re.sub(r"<[^>]+>", " ", dash.launch_html(shown.wb, dt.date(2026, 11, 20))))
    assert re.search(r"Accounts for the second analyst.*13 November 2026\s+Overdue", text)
    assert re.search(r"Start a monthly review of access logs.*30 November 2026\s+Planned", text)


def test_in_a_kernel_the_title_paints_before_the_sections(example, monkeypatch, clock):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)  # JupyterLab
    monkeypatch.setattr(Dashboard, "clock", clock)
    app = Dashboard(str(example))
    assert (app.status.text, len(app.body.children)) == ("Loading…", 0)
    clock.advance(0)  # the kernel's next turn
    assert app.status.text == "" and "Governance" in headings(app)


def test_the_real_clock_builds_the_sections_on_the_kernels_next_turn(example, monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)  # JupyterLab

    async def build():
        app = Dashboard(str(example))
        first = (app.status.text, len(app.body.children))
        while app.status.text == "Loading…":  # each turn of the loop; no timer to race
            await asyncio.sleep(0)
        return first, app

    (status, children), app = asyncio.run(asyncio.wait_for(build(), 60))
    assert (status, children) == ("Loading…", 0)
    assert app.status.text == "" and "Governance" in headings(app)


def test_ui_dashboard_is_the_public_entry_point_however_often_it_is_called(example):
    for _ in range(2):  # a cell run again calls it again
        app = ui.dashboard(str(example))
        assert isinstance(app, Dashboard) and "gl-app" in app._dom_classes
    assert "Riverbend" in app._repr_mimebundle_()["text/plain"]


def test_in_voila_the_sections_are_there_when_the_cell_ends(example, monkeypatch):
    # The page loads the widgets' state once the cell has run: they must all exist by then.
    monkeypatch.setenv("VOILA_PREHEAT", "False")

    async def build():
        app = Dashboard(str(example))
        return app.status.text, headings(app)

    status, found = asyncio.run(build())
    assert status == "" and "Governance" in found
