"""`guidelib report`: papermill runs notebooks/report.ipynb, nbconvert turns it into one
page that works with no network, and Chromium prints it to PDF. The HTML is opened in a
real Chromium with every request that is not file:// aborted."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import guidelib
from guidelib import report
from guidelib.cli import main
from guidelib.errors import GuidelibError
from guidelib.report.export import ENV_CHROMIUM, find_chromium

from .conftest import EXAMPLE, ROOT
from .servers import CHROMIUM_ARGS, require_chromium

PROBLEM = '<script>window.pwned=1</script> & <img src=x onerror="window.pwned=2"> kids'
KNOWN = "Line one <b>not bold</b>\n\n</div></section><script>window.pwned=3</script>"
MEMBER = '<iframe src="http://evil.example/"></iframe>'
SCRIPT_OR_LINK = re.compile(r"<(script|link|img|iframe)\b[^>]*>", re.IGNORECASE)
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The worked example, with markup typed into a few answers."""
    path = tmp_path_factory.mktemp("report") / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    wb = guidelib.open_workbook(path)
    wb.set("policy-problem", "problem", PROBLEM)
    wb.set("policy-problem", "known", KNOWN)
    register = wb.get("stakeholders", "register")
    wb.set("stakeholders", "register", [*register, {"name": MEMBER}])
    wb.save()
    return path


@pytest.fixture(scope="module")
def html_report(hostile) -> Path:
    target = hostile.with_name("report.html")
    assert main(["report", str(hostile), "--format", "html", "-o", str(target)]) == 0
    return target


@pytest.mark.slow
def test_the_html_report_is_self_contained(html_report):
    text = html_report.read_text(encoding="utf-8")
    assert 2_000_000 < len(text) < 12_000_000  # plotly.js (about 4.6 MB) and the answers
    assert text.count("plotly.js v") == 1  # inlined once, on the cover
    for tag in SCRIPT_OR_LINK.finditer(text):
        assert not re.search(r"\b(src|href)\s*=", tag[0]), tag[0]  # nothing fetched
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text)
    assert "require.min.js" not in text and "mathjax@" not in text.lower()
    # Inputs and prompts are hidden; only the outputs remain.
    assert "report.section(" not in text and "WORKBOOK =" not in text
    assert not re.search(r'class="jp-(InputArea|InputPrompt|OutputPrompt)\b', text)
    assert text.count('class="plotly-graph-div"') >= 5


@pytest.mark.slow
def test_hostile_answers_are_escaped_in_the_file(html_report):
    text = html_report.read_text(encoding="utf-8")
    assert "window.pwned" in text  # the answer is there...
    assert "<script>window.pwned" not in text and "<iframe" not in text  # ...as text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; &lt;img" in text


@pytest.mark.slow
@pytest.mark.browser
def test_the_report_draws_its_charts_in_chromium_with_no_network(html_report):
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    requested: list[str] = []

    def only_files(route):
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            requested.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.route("**/*", only_files)
            page.goto(html_report.as_uri(), wait_until="load")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.plotly-graph-div')]"
                ".every(d => d.querySelector('.main-svg'))",
                timeout=30_000,
            )
            charts = page.evaluate(
                """() => [...document.querySelectorAll('.js-plotly-plot')].map(d => ({
                    svg: d.querySelectorAll('.main-svg').length,
                    points: (d.data || []).map(t => ['x', 'y', 'values', 'r', 'z']
                        .map(k => (t[k] || []).length).reduce((a, b) => Math.max(a, b), 0)),
                }))"""
            )
            body = page.inner_text("body")
            pwned = page.evaluate("() => window.pwned === undefined")
            iframes = page.locator("iframe").count()
        finally:
            browser.close()
    assert requested == [] and errors == []
    assert len(charts) >= 5 and all(c["svg"] > 0 for c in charts)
    assert sum(1 for c in charts if any(n > 0 for n in c["points"])) >= 5  # traces with data
    assert pwned and iframes == 0
    for shown in (
        "Riverbend County Kinship Care Data Collaborative",
        "Phase 1: Build the collective",
        "Equity and ethics review",
        PROBLEM,
        MEMBER,
        "Line one <b>not bold</b>",
        "</div></section><script>window.pwned=3</script>",
        "Maya Thompson",
    ):
        assert shown in body, shown


@pytest.mark.slow
@pytest.mark.browser
def test_the_pdf_report(hostile, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV_CHROMIUM, require_chromium())
    target = tmp_path / "out"
    target.mkdir()
    assert main(["report", str(hostile), "--format", "pdf", "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    pdf = target / "example-kinship-care-report.pdf"  # a folder gets the default name
    assert out.strip() == f"Wrote {pdf}" and "Traceback" not in err
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert 100_000 < len(data) < 5_000_000
    assert len(PAGE_OBJECT.findall(data)) >= 20


def test_no_chromium_is_one_sentence_before_any_work(example, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV_CHROMIUM, str(tmp_path / "no-such-browser"))
    with pytest.raises(GuidelibError, match="GUIDELIB_CHROMIUM names .* which does not exist"):
        find_chromium()
    target = tmp_path / "r.pdf"
    code = main(["report", "example-kinship-care", "--format", "pdf", "-o", str(target)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert not target.exists()
    monkeypatch.setenv(ENV_CHROMIUM, "")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GuidelibError, match="A PDF needs Chromium: install it"):
        find_chromium()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report", "no-such-team"], "no-such-team"),
        (["report", "example-kinship-care", "-o", "/no/such/folder/r.html"], "does not exist"),
        (["report", "example-kinship-care", "--root", "/"], "No guidebook here"),
    ],
)
def test_report_refusals_are_sentences(example, capsys, argv, words):
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("guidelib: ") and words in err
    assert err.count("\n") == 1


def test_the_report_parts_escape_answers_and_say_when_no_workbook(hostile, monkeypatch):
    monkeypatch.delenv("GUIDELIB_WORKBOOK", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    empty = report.cover(None)
    assert "No workbook was chosen" in empty._repr_html_() and "plotly" not in empty.markup
    assert report.section(None, "build-the-collective").markup == ""
    wb = guidelib.open_workbook(hostile)
    cover = report.cover(wb)._repr_html_()
    assert cover.count("plotly.js v") == 1 and "<script>window.pwned" not in cover
    phase1 = report.section(wb, "build-the-collective").markup
    assert "&lt;iframe src=&quot;http://evil.example/&quot;&gt;" in phase1
    assert "<iframe" not in phase1 and phase1.count('id="step-') == 6
    assert "include_plotlyjs" not in phase1 and phase1.count("plotly.js v") == 0
    # A Voilà address picks the workbook when no parameter is given.
    monkeypatch.setenv("GUIDELIB_WORKBOOK_DIR", str(hostile.parent))
    monkeypatch.setenv("QUERY_STRING", "workbook=example-kinship-care")
    assert "Riverbend County Kinship Care" in report.cover(None).markup
    monkeypatch.setenv("QUERY_STRING", "workbook=../../etc/passwd")
    assert "No workbook was chosen" in report.cover(None).markup


def test_the_report_notebook_is_thin():
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "report.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata["tags"] == ["parameters"] and "WORKBOOK = None" in code[0].source
    for cell in code[1:]:
        calls = [ln for ln in cell.source.splitlines() if ln.strip() and "import" not in ln]
        assert len(calls) == 1 and calls[0].startswith("report.")
        assert cell.outputs == [] and cell.execution_count is None


def test_every_report_chart_is_named_with_its_numbers(hostile):
    """Each plotly div sits in a role="img" container named by its summary, with a *Show
    the numbers* table after it."""
    wb = guidelib.open_workbook(hostile)
    parts = [report.section(wb, p.id).markup for p in wb.guidebook.phases]
    markup = "".join(parts) + report.review(wb).markup
    plots = markup.count('class="plotly-graph-div"')
    named = re.findall(r'<div class="gl-chart" role="img" aria-label="([^"]+)">', markup)
    assert plots >= 10 and len(named) == plots
    assert all(label.endswith(".") for label in named)
    assert markup.count("<summary>Show the numbers</summary>") == plots
    assert '"displayModeBar": false' in markup
    assert "<iframe" not in markup
