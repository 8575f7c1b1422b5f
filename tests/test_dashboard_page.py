"""The dashboard as a file (`dashboard_page.page_html`, offered by the app's "Prepare this
page as a file"): what the page shows and nothing else. Searched as an attacker would:
no workbook JSON, no change-log entry or name, no written survey answer."""

from __future__ import annotations

import base64
import html
import re

import guidelib
from guidelib.dashboard_page import page_html
from guidelib.survey.form import survey_definition
from guidelib.survey.store import responses
from guidelib.ui.dashboard_app import Dashboard

SECRET_EDITOR = "Zelda Quartermain"  # only ever in the change log


def written_answers(wb) -> list[str]:
    open_questions = [q.text for q in survey_definition(wb).questions if q.kind == "open"]
    texts = [r.answers.get(q) for r in responses(wb) for q in open_questions]
    return [t for t in texts if isinstance(t, str) and len(t.strip()) >= 12]


def edited_example(example, monkeypatch):
    monkeypatch.setenv("GUIDELIB_USER", SECRET_EDITOR)
    wb = guidelib.open_workbook(example)
    wb.set("charter", "term_months", 30)
    wb.save()
    assert any(h.get("who") == SECRET_EDITOR for h in wb.history)
    return wb


def check_no_workbook_in(page: str, wb) -> None:
    from plotly.offline import get_plotlyjs

    assert get_plotlyjs() in page
    page = page.replace(get_plotlyjs(), "")  # the library, the same in every copy
    assert SECRET_EDITOR not in page
    for marker in ('"schema_version"', '"history"', '"answers"', '"created_by"', '"who"'):
        assert marker not in page, marker
    assert "application/json" not in page
    # the change log's times: only the date of the last save shows, never a time of day
    for entry in wb.history[-20:]:
        assert entry["at"] not in page
    answers = written_answers(wb)
    assert len(answers) > 20, "the example should have written answers to look for"
    unescaped = html.unescape(page)
    assert [a for a in answers if a in unescaped] == []


def test_the_file_shows_what_the_page_shows_and_no_more(example, monkeypatch):
    wb = edited_example(example, monkeypatch)
    page = page_html(wb)
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page
    for heading in ("The coalition and its charter", "Governance", "Launch",
                    "Metrics against targets", "What the community said"):
        assert heading in page
    assert "400 people answered." in page and "hidden" in page
    assert page.count('class="plotly-graph-div"') == 2  # metrics, feedback
    assert not re.search(r"<script[^>]+src=", page)  # plotly.js is inside, no CDN
    check_no_workbook_in(page, wb)


def test_the_app_offers_the_file_never_the_workbook(example, monkeypatch):
    wb = edited_example(example, monkeypatch)
    app = Dashboard(str(example))
    everything = repr(app.get_state()) + "".join(
        str(getattr(x, "value", "")) for x in _walk(app)
    )
    assert "data:application/json" not in everything and "download=" not in everything
    app.copy_button.click()
    link = app.copy_link.value
    assert 'download="example-kinship-care-dashboard.html"' in link
    data = re.search(r'href="data:text/html;charset=utf-8;base64,([^"]+)"', link).group(1)
    page = base64.b64decode(data).decode("utf-8")
    assert "Where the coalition stands" in page or wb.name in page
    check_no_workbook_in(page, wb)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
