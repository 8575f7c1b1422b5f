"""The equity and ethics review: content, answers stored like any other, the summary, the
critical-item warning as answers change, and the widgets."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import textstat

import guidelib
from guidelib.checks import run_checks
from guidelib.checks.review import critical_warning, review_summary
from guidelib.content import CONTENT_DIR, GUIDEBOOK, REVIEW_STEP, load_guidebook
from guidelib.errors import ContentError
from guidelib.ui.review import ReviewView, review_sheet

REVIEW = GUIDEBOOK.review
STAGES = ["planning", "data-collection", "data-access", "algorithms", "analysis", "reporting"]


def test_the_review_follows_the_data_life_cycle():
    assert [s.id for s in REVIEW.stages] == STAGES
    ids = [i.id for i in REVIEW.items]
    assert len(ids) == len(set(ids)) >= 20
    covered = {step for i in REVIEW.items for step in i.steps}
    assert covered == {s.id for s in GUIDEBOOK.steps}  # every step has its questions
    assert 5 <= sum(i.critical for i in REVIEW.items) <= 8
    assert "governance" in REVIEW.item("governing-group-represents").steps
    assert REVIEW.item("governing-group-represents").critical


@pytest.mark.parametrize("item", REVIEW.items, ids=lambda i: i.id)
def test_review_text_is_plain(item):
    for text in (item.question, item.good, item.warning_signs):
        assert textstat.flesch_kincaid_grade(text) <= 10, text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "steps: [coalition, governance]",
            "steps: [coalition, governments]",
            "equity_review.yaml: stages[0].items[0].steps[1]: no step 'governments'",
        ),
        (
            "    items:\n      - id: governing-group-represents",
            "    items:\n      - id: governing-group-represents\n        colour: red",
            "equity_review.yaml: stages[0].items[0].colour: unknown key",
        ),
    ],
)
def test_a_malformed_review_fails_loudly(tmp_path, old, new, message):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    text = (target / "equity_review.yaml").read_text()
    assert old in text
    (target / "equity_review.yaml").write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_guidebook(target)


def test_answers_are_stored_with_history_and_checked(wb):
    wb.who = "Ana"
    wb.set(
        REVIEW_STEP, "access-tiers", {"answer": "Partly", "note": "Logs next month", "owner": "Raj"}
    )
    wb.save()
    again = guidelib.open_workbook(wb.path)
    assert again.get(REVIEW_STEP, "access-tiers") == {
        "answer": "partly",
        "note": "Logs next month",
        "owner": "Raj",
    }
    assert again.history[-1]["field"] == "access-tiers" and again.history[-1]["who"] == "Ana"
    with pytest.raises(guidelib.AnswerError, match="must be one of"):
        wb.set(REVIEW_STEP, "access-tiers", {"answer": "maybe"})
    assert wb.progress().complete == 0  # the review is not a step of the phases


def test_the_critical_warning_comes_and_goes(wb):
    critical = [i.id for i in REVIEW.items if i.critical]
    assert critical_warning(wb).startswith(f"{len(critical)} critical equity and ethics")
    assert len(run_checks(wb, ["equity"])) == len(critical)
    for item in critical[:-1]:
        wb.set(REVIEW_STEP, item, {"answer": "yes"})
    last = REVIEW.item(critical[-1])
    assert critical_warning(wb) == (
        f"1 critical equity and ethics question is still open: {last.summary}."
    )
    wb.set(REVIEW_STEP, last.id, {"answer": "no"})
    assert [f.message for f in run_checks(wb, ["equity"])] == [
        f'Critical equity and ethics question answered "no": "{last.question}"'
    ]
    wb.set(REVIEW_STEP, last.id, {"answer": "partly"})  # partly: no longer a critical "no"
    assert critical_warning(wb) == "" and run_checks(wb, ["equity"]) == []


def test_summary_counts_by_stage_and_phase(example):
    wb = guidelib.open_workbook(example)
    summary = review_summary(wb)
    assert summary.answered == len(REVIEW.items)
    assert summary.by_stage["data-collection"]["partly"] == 2
    assert summary.by_phase["build-the-collective"] == 0
    assert summary.by_phase["define-the-operations"] == 2  # consent, surveys reach everyone
    assert critical_warning(wb) == ""


def test_questions_appear_beside_each_step_and_save(wb):
    sheet = review_sheet(wb, "governance", delay=0)
    assert list(sheet.inputs) == [i.id for i in REVIEW.for_step("governance")]
    item = sheet.inputs["access-tiers"]
    item.answer.value = "no"
    item.owner.value = "Raj Mehta"
    assert guidelib.open_workbook(wb.path).get(REVIEW_STEP, "access-tiers") == {
        "answer": "no",
        "owner": "Raj Mehta",
    }
    assert "Critical" in item.widget.children[1].value


def test_the_phase_app_shows_the_review_under_the_worksheet(wb):
    from guidelib.ui import phase_app

    app = phase_app("test-team", "define-the-operations")
    app.step.value = "agreement"
    assert app.review is not None and app.sheet_box.children[-1] is app.review
    assert "access-tiers" not in app.review.inputs  # that one belongs to governance
    assert "minimum-necessary" in app.review.inputs


def test_review_view_summarises_and_draws(example):
    view = ReviewView(guidelib.open_workbook(example), delay=0)
    assert "27 of 27 questions answered" in view.summary.value
    assert "No critical question is open." in view.summary.value
    assert len(view.sheets) == len(STAGES)
    spec = view.chart_box.children[0].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert [t["name"] for t in spec["data"]] == [
        "Yes",
        "Not applicable",
        "Partly",
        "No",
        "Not answered yet",
    ]
    view.sheets[1].inputs["consent-and-notice"].answer.value = "yes"
    view.sheets[1].flush()
    assert "27 of 27" in view.summary.value


def test_agreement_and_launch_warn_while_a_critical_question_is_open(example):
    from guidelib.ui.panels import StepPanel

    wb = guidelib.open_workbook(example)
    for step in ("agreement", "launch"):
        assert not any(
            "critical equity" in getattr(c, "value", "") for c in StepPanel(wb, step).children
        )
    wb.set(REVIEW_STEP, "minimum-necessary", {"answer": "no"})
    for step in ("agreement", "launch"):
        notices = [
            c.value
            for c in StepPanel(wb, step).children
            if "critical equity" in getattr(c, "value", "")
        ]
        assert len(notices) == 1 and "Share only the personal data" in notices[0]
        assert 'href="equity_review.ipynb?workbook=example-kinship-care"' in notices[0]
    export = StepPanel(wb, "agreement").children[-1]
    export.button.click()  # the warning does not block the export
    assert "example-kinship-care-agreement.docx" in export.links.value


def test_the_checklist_exports_as_markdown():
    from guidelib.documents.review import checklist_markdown

    text = checklist_markdown(REVIEW)
    lines = [ln for ln in text.splitlines() if ln.startswith("- [ ] ")]
    assert len(lines) == len(REVIEW.items)
    assert "- [ ] **governing-group-represents** **(critical)**: Does the governing group" in text
    assert [ln[3:] for ln in text.splitlines() if ln.startswith("## ")] == [
        s.title for s in REVIEW.stages
    ]


def test_the_review_document_shows_answers_and_blanks(wb, example):
    from guidelib.documents.review import build_equity_review

    assert [b for b in build_equity_review(wb).blanks] == [s.title for s in REVIEW.stages]
    full = build_equity_review(guidelib.open_workbook(example))
    assert full.blanks == []
    tables = [b for b in full.blocks if getattr(b, "header", None)]
    assert sum(len(t.rows) for t in tables) == len(REVIEW.items)


def test_the_review_view_offers_the_document_and_the_checklist(example):
    view = ReviewView(guidelib.open_workbook(example), delay=0)
    export, link = view.export.children
    assert 'download="equity-checklist.md"' in link.value
    export.button.click()
    assert "example-kinship-care-equity-review.docx" in export.links.value


GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GUIDELIB_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_review_document_golden(wb):
    from guidelib.documents import RENDERERS
    from guidelib.documents.review import build_equity_review

    wb.set(
        REVIEW_STEP,
        "governing-group-represents",
        {"answer": "partly", "note": "Two <caregivers> join in May", "owner": "Ana | Ruiz"},
    )
    wb.set(REVIEW_STEP, "small-cell-suppression", {"answer": "yes"})
    _golden("equity-review.md", RENDERERS["md"](build_equity_review(wb)).decode())


def test_checklist_golden():
    from guidelib.documents.review import checklist_markdown

    _golden("equity-checklist.md", checklist_markdown(REVIEW))


def test_the_review_app_keeps_the_download_link_current_and_restores(example, folder):
    import base64
    import datetime as dt

    from guidelib.ui.equity_app import ReviewApp

    app = ReviewApp(str(example), delay=0)
    assert app.files.layout.display is None
    before = app.files.link.value
    assert "Download my workbook" in before
    view = app.body.children[0]
    view.sheets[1].inputs["consent-and-notice"].answer.value = "no"
    view.sheets[1].flush()
    after = app.files.link.value
    assert after != before  # the link carries the workbook as saved now
    data = base64.b64decode(after.split("base64,")[1].split('"')[0])
    assert b'"answer": "no"' in data
    # restoring a file opens it in the app
    upload = {
        "name": "copy.json",
        "type": "application/json",
        "size": len(data),
        "last_modified": dt.datetime.now(dt.UTC),
    }
    app.files.upload.value = ({**upload, "content": memoryview(data)},)
    assert "Restored the workbook" in app.files.status.text
    assert app.wb.get("equity-review", "consent-and-notice")["answer"] == "no"


def test_the_review_app_hides_the_files_panel_until_a_workbook_is_open(folder):
    from guidelib.ui.equity_app import ReviewApp

    app = ReviewApp(None, delay=0)
    assert app.files.layout.display == "none"
