"""`guidelib report`: run `notebooks/report.ipynb` on a workbook with papermill, convert it
with nbconvert (inputs hidden, nothing fetched from the network), and print it to PDF
with a Chromium found on this machine when asked.

nbconvert's lab template asks CDNs for require.js and MathJax; the template below drops
them. plotly.js comes inline from the report's cover (`report.plotly_js`).
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GuidelibError
from ..workbook.store import write_atomic

if TYPE_CHECKING:
    from ..workbook import Workbook

NOTEBOOK = Path("notebooks") / "report.ipynb"
ENV_CHROMIUM = "GUIDELIB_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEMPLATE_NAME = "guidelib_report.html.j2"
TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
# US Letter with 0.6 in margins leaves 7.3 in = 701 CSS pixels: charts are drawn at the
# width they will print at.
PAGE = {
    "format": "Letter",
    "margin": {"top": "0.6in", "bottom": "0.7in", "left": "0.6in", "right": "0.6in"},
}
PRINT_WIDTH = 701
CHARTS_DRAWN = """() => [...document.querySelectorAll('.plotly-graph-div')]
    .every(d => d.querySelector('.main-svg'))"""
FOOTER = (
    '<div style="font-family: system-ui, sans-serif; font-size: 8px; color: #57606a; '
    'width: 100%; margin: 0 0.6in; display: flex; justify-content: space-between;">'
    '<span>{title}</span><span>Page <span class="pageNumber"></span> of '
    '<span class="totalPages"></span></span></div>'
)


def execute(workbook: Path, root: Path) -> Any:
    """The report notebook, run on `workbook` (an absolute path)."""
    import papermill as pm  # lazy: papermill loads the kernel machinery

    from ..workshop.execute import PAPERMILL

    source = root / NOTEBOOK
    if not source.is_file():
        raise GuidelibError(f"There is no report notebook at {source}.")
    with tempfile.TemporaryDirectory(prefix="guidelib-report-") as cwd:
        try:
            return pm.execute_notebook(
                str(source),
                None,
                parameters={"WORKBOOK": str(workbook)},
                cwd=cwd,
                **PAPERMILL,
            )
        except pm.PapermillExecutionError as exc:
            raise GuidelibError(
                f"The report could not be built: {exc.ename}: {str(exc.evalue)[:200]}."
            ) from None


def to_html(nb: Any, title: str) -> str:
    """The executed notebook as one self-contained page: outputs only."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
        template_file=TEMPLATE_NAME,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,  # notes for whoever edits the notebook, not for readers
        embed_images=True,
    )
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def find_chromium() -> str:
    """$GUIDELIB_CHROMIUM, else a Chromium or Chrome on the PATH (Debian: /usr/bin/chromium)."""
    if os.environ.get(ENV_CHROMIUM):
        path = os.environ[ENV_CHROMIUM]
        if Path(path).is_file():
            return path
        raise GuidelibError(f"{ENV_CHROMIUM} names {path}, which does not exist.")
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    raise GuidelibError(
        "A PDF needs Chromium: install it (on Debian or Ubuntu: apt install chromium) or "
        f"set {ENV_CHROMIUM} to its path. The HTML report needs nothing more."
    )


def _offline(route: Any) -> None:
    """Let the page read itself, and nothing else."""
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()


def pdf_printer() -> str:
    """The Chromium that will print, checked before any work is done: a sentence if
    Playwright or Chromium is missing."""
    try:
        import playwright.sync_api  # noqa: F401 - only checking it is there
    except ImportError:
        raise GuidelibError(
            "A PDF needs Playwright: pip install playwright (it uses the Chromium on this "
            "machine; nothing is downloaded). The HTML report needs nothing more."
        ) from None
    return find_chromium()


def print_pdf(page_html: Path, target: Path, title: str, browser_path: str) -> None:
    """Print an HTML file to PDF in Chromium, once every chart has drawn."""
    from playwright.sync_api import Error, sync_playwright

    footer = FOOTER.format(title=html.escape(title))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": PRINT_WIDTH, "height": 1000})
                page.route("**/*", _offline)
                page.emulate_media(media="print")
                page.goto(page_html.as_uri(), wait_until="load")
                page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
                page.pdf(
                    path=str(target), print_background=True, display_header_footer=True,
                    header_template="<span></span>", footer_template=footer, **PAGE,
                )  # fmt: skip
            finally:
                browser.close()
    except Error as exc:
        first = (exc.message or str(exc)).strip().splitlines()[0][:200]
        raise GuidelibError(
            f"Chromium ({browser_path}) could not print the report: {first.rstrip('.')}. "
            "The HTML report (--format html) needs no browser."
        ) from None


def write_report(
    wb: Workbook, fmt: str, target: Path, root: str | os.PathLike[str] | None = None
) -> Path:
    """Write `wb`'s report as 'html' or 'pdf' to `target` (atomically)."""
    from ..launch import find_root

    folder = find_root(Path(root)) if root else find_root()
    if not target.parent.is_dir():
        raise GuidelibError(f"The folder {str(target.parent)!r} does not exist.")
    browser = pdf_printer() if fmt == "pdf" else ""
    title = f"{wb.name}: progress report"
    page = to_html(execute(Path(wb.path).resolve(), folder), title)
    if fmt == "html":
        write_atomic(target, page.encode("utf-8"))
        return target
    with tempfile.TemporaryDirectory(prefix="guidelib-report-") as tmp:
        source, pdf = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        source.write_text(page, encoding="utf-8")
        print_pdf(source, pdf, title, browser)
        write_atomic(target, pdf.read_bytes())
    return target
