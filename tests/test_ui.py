"""Widgets as Python objects: setting a widget's value changes the workbook and the file."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import ipywidgets as w
import pytest

import guidelib
from guidelib.content import GUIDEBOOK
from guidelib.ui import WorkbookApp, Worksheet, progress_html
from guidelib.ui.fields import WIDGETS, make_input
from guidelib.ui.worksheet import SAVE_DELAY, Debouncer

from .conftest import threads_finished


def on_disk(wb, step, field):
    return guidelib.open_workbook(wb.path).get(step, field)


@pytest.fixture
def sheet(wb):
    return lambda step: Worksheet(wb, step, delay=0)


def test_every_field_of_every_step_gets_an_input(wb):
    for step in GUIDEBOOK.steps:
        ws = Worksheet(wb, step.id, delay=0)
        assert list(ws.inputs) == [f.id for f in step.fields]
    assert {t.name for t in WIDGETS} - {"review"} == {
        f.type for s in GUIDEBOOK.steps for f in s.fields
    } | {c.type for s in GUIDEBOOK.steps for f in s.fields for c in f.columns}


def test_typing_saves_to_the_file(sheet, wb):
    ws = sheet("policy-problem")
    ws.inputs["problem"].widget.value = "Kids in kinship care miss school"
    assert on_disk(wb, "policy-problem", "problem") == "Kids in kinship care miss school"
    assert re.fullmatch(r"Saved \d\d:\d\d", ws.status.text)


@pytest.mark.parametrize(
    ("step", "field", "set_widget", "stored"),
    [
        ("charter", "decision_rule", lambda i: setattr(i.widget, "value", "majority"), "majority"),
        ("charter", "term_months", lambda i: setattr(i.widget, "value", "36"), 36),
        (
            "charter",
            "review_date",
            lambda i: setattr(i.widget, "value", dt.date(2027, 5, 1)),
            "2027-05-01",
        ),
        (
            "charter",
            "principles",
            lambda i: (
                setattr(i.boxes["equity"], "value", True),
                setattr(i.other, "value", "Nothing about us without us"),
            ),
            ["equity", "Nothing about us without us"],
        ),
        (
            "feedback-loop",
            "channels",
            lambda i: setattr(i.boxes["complaints"], "value", True),
            ["complaints"],
        ),
        (
            "feedback-loop",
            "cadence",
            lambda i: setattr(i.widget, "value", "quarterly"),
            "quarterly",
        ),
    ],
)
def test_each_input_type_stores_its_value(sheet, wb, step, field, set_widget, stored):
    ws = sheet(step)
    set_widget(ws.inputs[field])
    assert on_disk(wb, step, field) == stored


def test_scale_buttons_outside_tables(wb):
    field = GUIDEBOOK.step("stakeholders").field("register").column("influence")
    full, compact = make_input(field), make_input(field, compact=True)
    assert isinstance(full.widget, w.ToggleButtons) and isinstance(compact.widget, w.Dropdown)
    full.widget.value = 4
    assert full.get() == 4


def test_table_rows_add_fill_and_remove(sheet, wb):
    ws = sheet("stakeholders")
    table = ws.inputs["register"]
    table.add.click()
    table.add.click()
    first, second = table.rows
    first.cells["name"].widget.value = "Ana Ruiz"
    first.cells["kind"].widget.value = "impacted-community"
    first.cells["influence"].widget.value = 2
    second.cells["name"].widget.value = "Ben Okafor"
    assert on_disk(wb, "stakeholders", "register") == [
        {"name": "Ana Ruiz", "kind": "impacted-community", "influence": 2},
        {"name": "Ben Okafor"},
    ]
    first.remove.click()
    assert on_disk(wb, "stakeholders", "register") == [{"name": "Ben Okafor"}]
    assert table.rows[0].title.value.count("Row 1") == 1


def test_a_new_blank_row_is_no_error_and_is_not_stored(sheet, wb):
    """The workbook refuses blank rows (#18); the table leaves out the one just added."""
    ws = sheet("stakeholders")
    table = ws.inputs["register"]
    table.add.click()
    table.rows[0].cells["name"].widget.value = "Ana Ruiz"
    table.add.click()  # a second row, not filled in yet
    assert ws.errors["register"].value == "" and len(table.rows) == 2
    assert on_disk(wb, "stakeholders", "register") == [{"name": "Ana Ruiz"}]


def test_tables_stop_at_their_row_limit(wb):
    field = GUIDEBOOK.step("value").field("risks")
    table = make_input(field)
    table.put([{"risk": str(i)} for i in range(field.max_rows)])
    assert table.add.disabled
    table.add.click()
    assert len(table.rows) == field.max_rows


def test_a_bad_value_shows_a_plain_error_and_keeps_the_saved_answer(sheet, wb):
    ws = sheet("charter")
    ws.inputs["term_months"].widget.value = "24"
    ws.inputs["term_months"].widget.value = "two years"
    assert "must be a number" in ws.errors["term_months"].value
    assert on_disk(wb, "charter", "term_months") == 24
    ws.inputs["term_months"].widget.value = "12"
    assert ws.errors["term_months"].value == ""
    assert on_disk(wb, "charter", "term_months") == 12


def test_hostile_text_is_escaped_in_every_view(sheet, wb):
    ws = sheet("policy-problem")
    evil = '<img src=x onerror="alert(1)">'
    ws.inputs["problem"].widget.value = evil
    assert on_disk(wb, "policy-problem", "problem") == evil
    html = progress_html(wb.progress(), GUIDEBOOK)
    assert "<img" not in html
    ws.inputs["affected"].widget.value = "x" * 20_001
    assert "<img" not in ws.errors["affected"].value and "too long" in ws.errors["affected"].value


def test_a_save_failure_is_shown_and_the_answer_kept(sheet, wb, monkeypatch):
    ws = sheet("policy-problem")

    def full_disk(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("guidelib.workbook.store.write_atomic", full_disk)
    ws.inputs["problem"].widget.value = "typed while the disk was full"
    assert ws.status.text.startswith("The disk is full, so the workbook could not be saved.")
    assert "Your answers are still in this window" in ws.status.text
    assert ws.retry.layout.display is None  # the "Try saving again" button shows
    ws.retry.click()
    assert ws.status.text.startswith("The disk is full")
    monkeypatch.undo()
    ws.retry.click()
    assert on_disk(wb, "policy-problem", "problem") == "typed while the disk was full"
    assert ws.retry.layout.display == "none" and ws.status.text.startswith("Saved")


def test_a_conflict_is_shown_with_a_way_to_keep_mine(sheet, wb):
    ws = sheet("policy-problem")
    other = guidelib.open_workbook(wb.path, who="Ben")
    other.set("policy-problem", "problem", "Ben's version")
    other.save()
    ws.inputs["problem"].widget.value = "My version"
    assert ws.inputs["problem"].widget.value == "Ben's version"  # theirs shown
    assert "Someone else changed" in ws.conflict_box.children[0].children[0].value
    assert "My version" in ws.conflict_box.children[0].children[0].value
    ws.conflict_box.children[0].children[1].click()  # "Use my version"
    assert on_disk(wb, "policy-problem", "problem") == "My version"
    assert ws.inputs["problem"].widget.value == "My version"
    assert ws.conflict_box.children == ()


def test_others_changes_appear_in_an_open_worksheet(sheet, wb):
    ws = sheet("charter")
    other = guidelib.open_workbook(wb.path)
    other.set("charter", "mission", "theirs")
    other.save()
    ws.inputs["vision"].widget.value = "mine"
    assert ws.inputs["mission"].widget.value == "theirs"


def test_debouncer_saves_once_after_quiet():
    calls = []
    d = Debouncer(60, lambda: calls.append(1))
    for _ in range(5):
        d.trigger()
    assert calls == [] and d.pending
    d.flush()
    assert calls == [1] and not d.pending
    d.flush()
    assert calls == [1]


def test_debouncer_calls_once_a_delay_after_the_last_trigger(clock):
    calls = []
    d = Debouncer(1.0, lambda: calls.append(clock.now), clock)
    d.trigger()
    clock.advance(0.9)
    d.trigger()  # typing again starts the wait again
    clock.advance(0.9)
    assert calls == [] and d.pending
    clock.advance(0.2)
    assert calls == [pytest.approx(1.9)] and not d.pending
    clock.advance(60)
    assert len(calls) == 1 and clock.waiting == 0


def test_worksheet_writes_the_file_when_typing_stops(wb, clock):
    ws = Worksheet(wb, "charter", clock=clock)  # the apps' delay, SAVE_DELAY
    ws.inputs["vision"].widget.value = "Every child"
    clock.advance(SAVE_DELAY * 0.5)
    ws.inputs["vision"].widget.value = "Every child in school"
    clock.advance(SAVE_DELAY * 0.9)
    assert on_disk(wb, "charter", "vision") is None and ws.status.text == "Saving…"
    clock.advance(SAVE_DELAY * 0.2)
    assert on_disk(wb, "charter", "vision") == "Every child in school"
    assert re.fullmatch(r"Saved \d\d:\d\d", ws.status.text)


def test_the_real_debounce_clock_runs_on_a_loop_or_a_thread():
    # The default clock: the kernel's loop when one runs, else a timer thread. Nothing
    # sleeps: each check waits for the call, and fails after 10 s if it never comes.
    import asyncio
    import threading

    from guidelib.ui.clock import LoopOrThread

    called = threading.Event()
    Debouncer(0.01, called.set).trigger()  # no loop here: a thread
    assert called.wait(10)

    async def in_a_loop():
        ran = asyncio.Event()
        handle = LoopOrThread().call_later(0.01, ran.set)
        assert isinstance(handle, asyncio.TimerHandle)
        await asyncio.wait_for(ran.wait(), 10)

    asyncio.run(in_a_loop())


def test_start_here_opens_the_first_unfinished_step(wb, folder):
    wb.set("policy-problem", "problem", "p")
    for f in ("affected", "outcome", "decisions", "known"):
        wb.set("policy-problem", f, "x")
    wb.set("policy-problem", "questions", [{"question": "q"}])
    wb.save()
    app = WorkbookApp("test-team", delay=0)
    assert app.wb.slug == "test-team"
    assert app.step.value == "stakeholders" and app.sheet.step.id == "stakeholders"
    assert "1 of 6 steps complete" in app.progress.value
    app.step.value = "charter"
    app.sheet.inputs["vision"].widget.value = "A county where..."
    assert on_disk(wb, "charter", "vision") == "A county where..."
    assert "Test Team" in app._repr_mimebundle_()["text/plain"]


def test_start_here_workbook_comes_from_env_then_address(wb, folder, monkeypatch):
    guidelib.create_workbook("Other Team", folder)
    monkeypatch.setenv("QUERY_STRING", "workbook=other-team")
    app = WorkbookApp(delay=0)
    assert app.wb.slug == "other-team" and app.picker.layout.display == "none"
    monkeypatch.setenv("GUIDELIB_WORKBOOK", "test-team")
    assert WorkbookApp(delay=0).wb.slug == "test-team"
    assert WorkbookApp("other-team", delay=0).wb.slug == "other-team"


@pytest.mark.parametrize(
    "query", ["workbook=../../etc/passwd", "workbook=%2Fetc%2Fpasswd", "workbook=<b>x</b>"]
)
def test_a_hostile_address_opens_nothing(wb, monkeypatch, query):
    monkeypatch.setenv("QUERY_STRING", query)
    app = WorkbookApp(delay=0)
    assert app.wb is None and "names no valid workbook" in app.status.text


def test_unknown_address_says_so(wb, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "workbook=nobody")
    app = WorkbookApp(delay=0)
    assert app.wb is None and "There is no workbook nobody.json" in app.status.text


def test_picker_lists_opens_and_creates(wb, folder):
    app = WorkbookApp(delay=0)
    assert app.wb is None and app.body.layout.display == "none"
    assert app.picker.choice.options[0][0] == "Test Team (test-team)"
    app.picker.name.value = "<b>New</b> Team"
    app.picker.children[4].click()  # Create workbook
    assert app.wb.slug == "b-new-b-team" and (folder / "b-new-b-team.json").exists()
    app.picker.name.value = ""
    app.picker.children[4].click()
    assert "Give the team a name" in app.picker.status.text
    app.picker.choice.value = str(wb.path)
    app.picker.children[2].click()  # Open
    assert app.wb.slug == "test-team"


def test_download_link_carries_the_current_workbook(wb, folder):
    app = WorkbookApp("test-team", delay=0)
    app.sheet.inputs["problem"].widget.value = "in the download"
    href = re.search(r'href="data:application/json;base64,([^"]+)"', app.files.link.value)
    doc = json.loads(base64.b64decode(href.group(1)))
    assert doc["answers"]["policy-problem"]["problem"] == "in the download"
    assert 'download="test-team.json"' in app.files.link.value


def test_restore_from_an_uploaded_file(wb, folder, tmp_path):
    wb.set("charter", "vision", "restored vision")
    wb.save()
    data = wb.path.read_bytes()
    wb.path.unlink()
    app = WorkbookApp(delay=0)
    app.files.upload.value = (
        {
            "name": "test-team.json",
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )
    assert app.wb is not None and app.wb.get("charter", "vision") == "restored vision"
    assert "Restored the workbook of Test Team" in app.files.status.text
    app.files.upload.value = (
        {
            "name": "evil.json",
            "type": "",
            "size": 5,
            "content": memoryview(b"<html"),
            "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )
    assert "evil.json was not restored" in app.files.status.text
    assert "does not contain valid JSON" in app.files.status.text


def test_choices_from_another_table_follow_its_entries(sheet, wb):
    wb.set("stakeholders", "register", [{"name": "Ana Ruiz"}, {"name": "Ben Okafor"}])
    wb.set("coalition", "members", [{"stakeholder": "Cleo (left the register)"}])
    wb.save()
    ws = sheet("coalition")
    cell = ws.inputs["members"].rows[0].cells["stakeholder"]
    labels = [label for label, _value in cell.widget.options]
    assert labels == [
        "Choose…",
        "Ana Ruiz",
        "Ben Okafor",
        "Cleo (left the register) (no longer listed)",
    ]
    assert cell.widget.value == "Cleo (left the register)"
    cell.widget.value = "Ben Okafor"
    assert on_disk(wb, "coalition", "members") == [{"stakeholder": "Ben Okafor"}]


def test_multichoice_from_another_table(sheet, wb):
    wb.set("policy-problem", "questions", [{"question": "Q1?"}, {"question": "Q2?"}])
    wb.set("capacity", "inventory", [{"dataset": "Attendance", "serves": ["Gone?"]}])
    wb.save()
    ws = sheet("capacity")
    serves = ws.inputs["inventory"].rows[0].cells["serves"]
    assert list(serves.boxes) == ["Q1?", "Q2?", "Gone?"]
    assert serves.boxes["Gone?"].value and serves.boxes["Gone?"].description.endswith(
        "(no longer listed)"
    )
    serves.boxes["Q2?"].value = True
    assert on_disk(wb, "capacity", "inventory")[0]["serves"] == ["Q2?", "Gone?"]


def test_scale_labels_show_in_table_drop_downs(wb):
    field = GUIDEBOOK.step("capacity").field("self_assessment").column("governance")
    labels = [label for label, _v in make_input(field, compact=True).widget.options]
    assert labels[1] == "1 · No agreed rules for data" and labels[2] == "2"


def test_app_builders_can_be_called_twice(example):
    # A notebook cell run again calls its builder again. A builder that imports a submodule
    # of the same name would have been replaced by that module on the first call.
    from guidelib import ui

    for build in ("start_here", "review_app", "dashboard", "facilitator"):
        for _ in range(2):
            assert callable(getattr(ui, build)), build
            with threads_finished():  # the facilitator's view reads in the background
                getattr(ui, build)("example-kinship-care" if build != "facilitator" else None)


def _bar():
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout={"title": "Bars"})


def _held(out) -> bool:
    return "Drawing the chart: Bars" in out.outputs[0]["data"].get("text/html", "")


def test_outside_voila_a_chart_is_in_its_output_at_once(monkeypatch):
    from guidelib.ui.panels import PLOTLY_MIME, figure_output

    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert PLOTLY_MIME in figure_output(_bar()).outputs[0]["data"]


@pytest.fixture
def voila_kernel(monkeypatch, clock):
    """A kernel as Voilà starts one (VOILA_PREHEAT set), no page connected yet, no chart
    waiting from an earlier test, and the charts' timers on `clock`, advanced by hand."""
    import ipywidgets as w

    from guidelib.ui import panels

    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setattr(panels._Deferred, "page_seen", False)
    monkeypatch.setattr(panels._Deferred, "pending", [])
    monkeypatch.setattr(panels._Deferred, "clock", clock)
    monkeypatch.setattr(w.Widget, "_control_comm", None)
    return panels


def test_in_voila_charts_wait_for_the_page_then_come(voila_kernel, clock):
    # Voilà kernels have VOILA_PREHEAT; the page asks for the widgets' state over the
    # control comm ("request_states"); the charts follow DELAY seconds later.
    import gc

    import ipywidgets as w
    from comm import create_comm

    panels = voila_kernel
    deferred = panels._Deferred
    first = panels.figure_output(_bar())  # the notebook runs before any page connects
    assert _held(first)
    clock.advance(deferred.FALLBACK * 0.9)
    assert _held(first)  # no page yet: it waits
    # the page connects: it opens the control comm, then asks for the widgets' state
    w.Widget._control_comm = create_comm(target_name="jupyter.widget.control")
    later = panels.figure_output(_bar())  # made after the page connected: at once
    assert panels.PLOTLY_MIME in later.outputs[0]["data"]
    # ipywidgets iterates every live widget here; a garbage collection in the middle
    # (widgets left by earlier tests close in __del__) would change that dict.
    gc.collect()
    w.Widget._handle_control_comm_msg({"content": {"data": {"method": "request_states"}}})
    assert _held(first)  # the form is drawn first
    clock.advance(deferred.DELAY * 0.5)
    assert _held(first)
    clock.advance(deferred.DELAY * 0.6)  # still before the fallback: the page brought it
    assert clock.now < deferred.FALLBACK
    assert panels.PLOTLY_MIME in first.outputs[0]["data"]


def test_in_voila_with_no_page_the_chart_comes_anyway(voila_kernel, clock, monkeypatch):
    from guidelib.ui.clock import KernelLoop

    panels = voila_kernel
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    out = panels.figure_output(_bar())
    clock.advance(panels._Deferred.FALLBACK * 0.9)
    assert _held(out)
    clock.advance(panels._Deferred.FALLBACK * 0.2)
    assert panels.PLOTLY_MIME in out.outputs[0]["data"]
    # and with the real clock but no event loop at all (a script), at once
    monkeypatch.setattr(panels._Deferred, "clock", KernelLoop())
    assert panels.PLOTLY_MIME in panels.figure_output(_bar()).outputs[0]["data"]


def test_in_voila_a_chart_made_in_a_worker_thread_also_waits(voila_kernel, clock):
    # An app may build in a worker thread so that its title paints first (the facilitator
    # view does, outside Voilà); the chart still waits for its timer (which the real clock
    # sets on the kernel's loop: next test).
    import threading

    panels = voila_kernel
    made = []
    worker = threading.Thread(target=lambda: made.append(panels.figure_output(_bar())))
    worker.start()
    worker.join()
    assert _held(made[0]) and clock.waiting == 1
    clock.advance(panels._Deferred.FALLBACK * 1.1)
    assert panels.PLOTLY_MIME in made[0].outputs[0]["data"]


def test_the_kernel_clock_runs_work_from_a_worker_thread_on_the_kernels_loop(monkeypatch):
    # Widgets must change on the kernel's thread, between messages. Nothing here sleeps:
    # the test waits for the call to happen, and fails after 10 s if it never does.
    import asyncio
    import threading

    from guidelib.ui import clock as clock_module

    async def scenario():
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(clock_module, "_LOOP", [loop])
        ran, where, handles = asyncio.Event(), [], []

        def work():
            where.append(threading.get_ident())
            ran.set()

        def from_worker():
            handles.append(clock_module.KernelLoop().call_later(0, work))

        worker = threading.Thread(target=from_worker)
        worker.start()
        worker.join()
        assert handles[0] is not None and where == []  # later, not in the worker
        await asyncio.wait_for(ran.wait(), 10)
        return where

    assert asyncio.run(scenario()) == [threading.get_ident()]
    # the loop has stopped: there is nothing to run the work later, and the clock says so
    assert clock_module.KernelLoop().call_later(0, lambda: None) is None
