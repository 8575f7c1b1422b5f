"""The Phase 1 app as Python objects: one phase's worksheets, with checks, charts and tools
beside each form that follow the answers as they are saved."""

from __future__ import annotations

import base64
import io
import re
import zipfile

import guidelib
from guidelib.ui import WorkbookApp, phase_app
from guidelib.ui.panels import PLOTLY_MIME, StepPanel


def plotly_specs(panel):
    return [
        o["data"][PLOTLY_MIME]
        for c in panel.children
        if hasattr(c, "outputs")
        for o in c.outputs
        if PLOTLY_MIME in o["data"]
    ]


def points(spec):
    return sum(len(t.get("x") or []) for t in spec["data"] if t.get("type") == "scatter")


def test_a_phase_app_shows_only_that_phase(wb):
    app = phase_app("test-team", "build-the-collective")
    assert [v for _label, v in app.step.options] == [
        "policy-problem",
        "stakeholders",
        "capacity",
        "value",
        "coalition",
        "charter",
    ]
    assert "Phase 1: Build the collective" in app.progress.value
    assert "Phase 2" not in app.progress.value
    assert app.sheet.step.id == "policy-problem"


def test_the_next_step_is_found_within_the_phase(example):
    app = WorkbookApp("example-kinship-care", phase="define-the-operations", delay=0)
    assert app.step.value == "launch"  # all of phase 2 is complete: its last step


def test_the_stakeholder_grid_follows_the_register(wb):
    app = WorkbookApp("test-team", phase="build-the-collective", delay=0)
    app.step.value = "stakeholders"
    assert points(plotly_specs(app.panel)[0]) == 0  # nothing entered: no warnings either
    table = app.sheet.inputs["register"]
    table.add.click()
    row = table.rows[0]
    row.cells["name"].widget.value = "Rosa"
    row.cells["kind"].widget.value = "impacted-community"
    row.cells["influence"].widget.value = 2
    row.cells["interest"].widget.value = 5
    spec = plotly_specs(app.panel)[0]
    assert points(spec) == 1
    warnings = app.panel.children[0].value
    assert "no legal or privacy counsel" in warnings
    assert "no voice of the community" not in warnings
    table.add.click()
    second = table.rows[1]
    second.cells["name"].widget.value = "Sam"
    second.cells["influence"].widget.value = 5
    second.cells["interest"].widget.value = 1
    assert points(plotly_specs(app.panel)[0]) == 2


def test_capacity_and_value_steps_show_their_charts(example):
    wb = guidelib.open_workbook(example)
    assert len(plotly_specs(StepPanel(wb, "capacity"))) == 2
    assert len(plotly_specs(StepPanel(wb, "value"))) == 1
    assert plotly_specs(StepPanel(wb, "policy-problem")) == []


def test_the_coalition_tool_names_what_is_missing(wb):
    wb.set(
        "stakeholders",
        "register",
        [{"name": "Ana", "kind": "data-user"}, {"name": "Eli", "kind": "legal-privacy"}],
    )
    wb.set("coalition", "members", [{"stakeholder": "Ana"}])
    wb.save()
    html = StepPanel(wb, "coalition").children[-1].value
    assert "✓ Ana" in html and "legal counsel" in html and "✗ missing" in html
    assert "The smallest group from your register that covers all it can: <b>Ana, Eli</b>" in html
    assert "No one in the register can cover: a voice of the impacted community" in html


def test_the_charter_tool_prepares_three_files(example):
    wb = guidelib.open_workbook(example)
    export = StepPanel(wb, "charter").children[-1]
    assert "Every section is filled in." in export.children[0].value
    export.button.click()
    links = dict(
        re.findall(r'download="([^"]+)" href="data:[^"]*?;base64,([^"]+)"', export.links.value)
    )
    assert sorted(links) == [
        "example-kinship-care-charter.docx",
        "example-kinship-care-charter.html",
        "example-kinship-care-charter.md",
    ]
    docx = base64.b64decode(links["example-kinship-care-charter.docx"])
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx)).namelist()
    assert b"Vision" in base64.b64decode(links["example-kinship-care-charter.md"])


def test_the_charter_tool_lists_blank_sections(wb):
    export = StepPanel(wb, "charter").children[-1]
    assert "Still blank: Vision" in export.children[0].value
    export.button.click()
    assert "Left blank: Vision" in export.links.value


def test_a_failing_chart_shows_a_sentence_not_a_traceback(wb, monkeypatch):
    import guidelib.charts as charts

    def broken(_wb):
        raise ValueError("bad data")

    # STEP_CHARTS is a read-only Registry: the panel reads the module's name at each build
    monkeypatch.setattr(charts, "STEP_CHARTS", {**charts.STEP_CHARTS, "stakeholders": [broken]})
    panel = StepPanel(wb, "stakeholders")
    assert panel.children[0].value == (
        '<div class="gl-error">Something went wrong: ValueError: bad data.</div>'
    )


def test_phase2_tools(example):
    wb = guidelib.open_workbook(example)
    governance = StepPanel(wb, "governance")
    assert len(plotly_specs(governance)) == 1  # the RACI heat map
    assert "The governance framework" in governance.children[-1].children[0].value
    agreement = StepPanel(wb, "agreement").children
    checklist = agreement[-2].value
    assert "34 CFR 99.31(a)(6)(iii)(C)(4)" in checklist and "✗" not in checklist
    agreement[-1].button.click()
    assert "example-kinship-care-agreement.docx" in agreement[-1].links.value
    launch = StepPanel(wb, "launch")
    calendar = launch.children[-1].value
    assert "Reviews ahead" in calendar and "more in the next 12 months</summary>" in calendar
    assert len(plotly_specs(StepPanel(wb, "feedback-loop"))) == 1


def test_a_missing_agreement_element_shows_beside_the_worksheet(example):
    wb = guidelib.open_workbook(example)
    wb.set("agreement", "destruction_date", None)
    panel = StepPanel(wb, "agreement")
    assert "99.31(a)(6)(iii)(C)(4)" in panel.children[-2].value and "✗" in panel.children[-2].value
    assert "Still blank" in panel.children[-1].children[0].value


def test_the_inventory_and_governance_link_to_the_data_check(example):
    wb = guidelib.open_workbook(example)
    for step in ("capacity", "governance"):
        html = [c.value for c in StepPanel(wb, step).children if hasattr(c, "value")]
        assert any(
            'href="check_shared_data.ipynb?workbook=example-kinship-care"' in h for h in html
        )


def test_the_scale_up_step_offers_the_impact_report(example):
    wb = guidelib.open_workbook(example)
    export = StepPanel(wb, "scale-up").children[-1]
    assert "The impact report" in export.children[0].value
    export.button.click()
    assert "example-kinship-care-impact-report.docx" in export.links.value
