"""Keyboard only: complete a worksheet and send a survey response in the real Voilà server
and Chromium with Tab, Shift+Tab, Space, Enter, arrow keys and typing. No mouse click,
no `fill`, no `check`: the page is only read (where the focus is, what is stored)."""

from __future__ import annotations

import json
import sqlite3

import pytest

import guidelib

from .servers import watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
START = "/voila/render/00_start_here.ipynb"
SURVEY = "/voila/render/survey.ipynb"
FOCUSED_ID = "() => document.activeElement && document.activeElement.id"


def target_id(page, locator) -> str:
    """The id of the element a label names (read from the page, not clicked)."""
    locator.wait_for(state="attached")
    return locator.evaluate("e => e.id || (e.id = 'kb-' + Math.random().toString(36).slice(2))")


def tab_to(page, locator, limit: int = 250, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `locator`'s element has the focus."""
    wanted = target_id(page, locator)
    for _ in range(limit):
        if page.evaluate(FOCUSED_ID) == wanted:
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {locator}")


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def test_complete_a_worksheet_with_the_keyboard_only(page, voila, workbooks):
    wb = guidelib.create_workbook("Keyboard Team", workbooks)
    page.goto(f"{voila}{START}?workbook={wb.slug}")
    heading = page.locator(".gl-worksheet h2", has_text="1.1 Start with the policy problem")
    heading.wait_for(timeout=120_000)  # a fresh kernel runs the whole app first
    sheet = page.locator(".gl-worksheet").first
    type_into(page, sheet.get_by_label("The problem in one sentence"), "Kids miss school")
    type_into(page, sheet.get_by_label("Who is affected, and how"), "Children with relatives")
    type_into(page, sheet.get_by_label("The outcome you want"), "Fewer days missed")
    type_into(page, sheet.get_by_label("Decisions the data would inform"), "Where to send help")
    tab_to(page, sheet.get_by_role("button", name="Add row"))
    page.keyboard.press("Enter")
    row = sheet.locator(".gl-row").last
    type_into(page, row.get_by_label("Question"), "Who misses most?")
    type_into(page, row.get_by_label("Data needed to answer it"), "Attendance by placement")
    type_into(page, sheet.get_by_label("What is already known"), "Absences rose in 2017")
    # Back up one field with Shift+Tab and add to it: the focus order runs both ways.
    tab_to(page, sheet.get_by_label("Data needed to answer it"), back=True)
    page.keyboard.press("End")
    page.keyboard.type(" records")
    page.keyboard.press("Tab")
    page.locator(".gl-worksheet > .gl-status", has_text="Saved").wait_for()
    answers = {}
    for _ in range(40):  # the save is debounced: wait until every field has landed
        answers = json.loads(wb.path.read_text())["answers"].get("policy-problem", {})
        if answers.get("known") and "records" in str(answers.get("questions")):
            break
        page.wait_for_timeout(250)
    assert answers["problem"] == "Kids miss school"
    assert answers["questions"] == [
        {"question": "Who misses most?", "data_needed": "Attendance by placement records"}
    ]
    progress = guidelib.open_workbook(wb.path).progress()
    assert progress.step("policy-problem").status == "complete"
    assert page.problems == []


def stored(workbooks) -> list[dict]:
    path = workbooks / "example-kinship-care.responses.sqlite"
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT answers FROM responses").fetchall()
    con.close()
    return [json.loads(r[0]) for r in rows]


def test_send_a_survey_response_with_the_keyboard_only(browser, voila, workbooks):
    context = browser.new_context(viewport={"width": 900, "height": 900})
    try:
        page = context.new_page()
        watch(page, voila)
        page.goto(f"{voila}{SURVEY}?workbook=example-kinship-care")
        page.locator(".gl-survey .gl-send").wait_for()
        before = len(stored(workbooks))
        questions = page.locator(".gl-question")
        # A radio group: Tab lands on it, the arrow keys move the choice.
        tab_to(page, questions.nth(0).get_by_role("radio").first)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")  # Strongly disagree, Disagree, Neither, Agree
        # A choice from a list of check boxes: Space ticks it.
        tab_to(page, questions.nth(3).get_by_role("checkbox", name="School supplies"))
        page.keyboard.press("Space")
        type_into(page, questions.nth(5).locator("textarea"), "Evening meetings")
        tab_to(page, page.get_by_role("button", name="Send my answers"))
        page.keyboard.press("Enter")
        page.locator(".gl-survey .gl-status", has_text="Thank you").wait_for()
        after = stored(workbooks)
        assert len(after) == before + 1
        sent = after[-1]
        agree = [v for v in sent.values() if v == 4]  # Agree is 4 on the 1-5 scale
        assert agree and "Evening meetings" in sent.values()
        assert any(isinstance(v, list) and "School supplies" in v for v in sent.values())
        assert page.problems == []
    finally:
        context.close()
