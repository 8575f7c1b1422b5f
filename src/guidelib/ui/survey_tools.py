"""The survey step's tools beside its worksheet (step 3.2): the link respondents open,
how many have answered, the results with small groups suppressed (tables and charts),
a CSV import with its report, and downloads of the results and the instrument.

Results are computed when the panel is built (after each save of the worksheet), and
kept while neither the responses file nor the survey changes.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..errors import plain
from ..survey import html as sh
from ..survey.form import SurveyDefinition, survey_definition
from ..survey.store import count, responses_path
from ..workbook import Workbook
from ._html import esc
from .panels import figure_output, tool
from .tools import DocumentExport
from .worksheet import Status

_STYLE = {"description_width": "initial"}
_CACHE: dict[Any, Any] = {}


def survey_link(wb: Workbook) -> str:
    """Relative, so it opens in Voilà from a Voilà page and in JupyterLab from a notebook."""
    return f"survey.ipynb?workbook={wb.slug}"


def _stamp(path: Path) -> tuple:
    """Changes whenever a response is stored (the WAL file grows before a checkpoint)."""
    files = [path, path.with_name(path.name + "-wal")]
    return tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None for p in files)


def cached_results(wb: Workbook, definition: SurveyDefinition) -> Any:
    """The workbook's results, computed again only when responses or the survey change."""
    from ..survey.results import workbook_results

    key = (str(responses_path(wb)), _stamp(responses_path(wb)), repr(definition))
    if key not in _CACHE:
        _CACHE.clear()  # one workbook at a time: results can be large
        _CACHE[key] = workbook_results(wb)
    return _CACHE[key]


def csv_link(data: bytes, filename: str) -> str:
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<div class="gl-download"><a download="{esc(filename)}" href="{href}">Download the '
        f'results (CSV)</a> <span class="gl-muted">({len(data) / 1024:.0f} KB; suppressed '
        "cells are empty, and no cell can start a spreadsheet formula)</span></div>"
    )


class SurveyPanel(w.VBox):
    """Everything the team needs to run the survey, below the survey worksheet."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.status = Status()
        self.head = w.HTML()
        self.results = w.VBox()
        self.upload = w.FileUpload(
            accept=".csv,text/csv",
            multiple=False,
            description="Import responses from a CSV file",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.upload.observe(self._uploaded, names="value")
        self.report = w.HTML()
        super().__init__([self.head, self.results, self._import_box(), self.status])
        self.add_class("gl-survey-panel")
        self.refresh()

    def _import_box(self) -> w.VBox:
        note = (
            "<h3>Import responses</h3><p>Collected with another tool, or typed in from paper? "
            "Export a CSV file (UTF-8) with one row per response and one column per "
            "question, headed with the question's wording. Importing the same file again "
            "adds nothing twice.</p>"
        )
        return w.VBox([w.HTML(note), self.upload, self.report])

    def refresh(self) -> None:
        try:
            self._show()
        except Exception as exc:  # noqa: BLE001 - the worksheet must keep working
            self.status.show(plain(exc), "error")

    def _show(self) -> None:
        d = survey_definition(self.wb)
        self.head.value = self._head_html(d)
        if not d.all or not count(self.wb):
            self.results.children = []
            return
        results = cached_results(self.wb, d)
        self.results.children = self._results(results)

    def _head_html(self, d: SurveyDefinition) -> str:
        notes = "".join(f"<li>{esc(n)}</li>" for n in d.notes)
        notes = f'<div class="gl-notice"><ul>{notes}</ul></div>' if notes else ""
        if not d.all:
            return f"<h3>Your survey</h3><p>Add questions above to get a survey link.</p>{notes}"
        n, imported = count(self.wb), count(self.wb, "import")
        source = f" ({n - imported:,} from the form, {imported:,} imported)" if imported else ""
        return (
            f'<h3>Your survey</h3><p>Send respondents <a href="{esc(survey_link(self.wb))}" '
            'target="_blank">this link to the survey form</a> (copy its address). The form '
            "shows your consent text and questions, and nothing else from this workbook.</p>"
            f"<p><b>{n:,} response{'s' * (n != 1)}</b> so far{source}.</p>{notes}"
        )

    def _results(self, results: Any) -> list[w.Widget]:
        from ..charts.survey import distribution_charts  # lazy: plotly
        from ..survey.export import results_csv

        parts: list[w.Widget] = [w.HTML("<h3>Results</h3>" + sh.intro_html(results))]
        parts += self._release_widgets()
        parts += [figure_output(fig) for fig in distribution_charts(results)]
        tables = sh.distributions_html(results)
        parts.append(
            w.HTML(f"<details><summary>Every answer in numbers</summary>{tables}</details>")
        )
        parts += self._breakdown_widgets(results)
        parts.append(w.HTML(sh.open_answers_html(results)))
        parts.append(w.HTML(csv_link(results_csv(results), f"{self.wb.slug}-survey-results.csv")))
        return parts

    def _release_widgets(self) -> list[w.Widget]:
        """Live results are the team's; everyone else sees the latest release."""
        from ..survey.releases import status

        now = status(self.wb)
        self.release_note = w.HTML(release_note_html(now))
        self.release_button = w.Button(
            description="Release the results now",
            disabled=now.waiting == 0,
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.release_button.on_click(lambda _b: self.release())
        return [self.release_note, self.release_button]

    def release(self) -> None:
        """Release every response not yet released (the team's choice)."""
        from ..survey.releases import BY_HAND, release

        try:
            made = release(self.wb, BY_HAND)
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self.status.show(plain(exc), "error")
            return
        self.refresh()
        if made:
            self.status.show(f"Released: the dashboard now shows {made.responses:,} responses.")

    def _breakdown_widgets(self, results: Any) -> list[w.Widget]:
        d = results.definition
        closed = [q.text for q in d.questions if q.closed]
        if not d.demographics or not closed:
            return []
        by = w.Dropdown(
            options=[q.text for q in d.demographics],
            description="Break them down by",
            style=_STYLE,
            layout=w.Layout(width="100%"),
        )
        question = w.Dropdown(
            options=closed,
            description="Show the answers to",
            style=_STYLE,
            layout=w.Layout(width="100%"),
        )
        for dropdown in (by, question):
            dropdown.add_class("gl-field")
        out = w.VBox()

        def show(_change: Any = None) -> None:
            try:
                out.children = self._breakdown(results, question.value, by.value)
            except Exception as exc:  # noqa: BLE001 - ipywidgets would swallow it
                out.children = [w.HTML(f'<p class="gl-error">{esc(plain(exc))}</p>')]

        by.observe(show, names="value")
        question.observe(show, names="value")
        show()
        return [w.HTML("<h4>Results by group</h4>"), question, by, out]

    def _breakdown(self, results: Any, question: str, by: str) -> list[w.Widget]:
        from ..charts.survey import breakdown_chart

        b = results.breakdown(question, by)
        return [figure_output(breakdown_chart(results, b)), w.HTML(sh.breakdown_html(b))]

    def _uploaded(self, change: dict) -> None:
        from ..survey.importer import import_csv

        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            definition = survey_definition(self.wb)
            report = import_csv(self.wb, definition, bytes(item["content"]), item["name"])
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, never swallowed
            self.report.value = f'<p class="gl-error" role="alert">{esc(plain(exc))}</p>'
            return
        finally:
            self.upload.value = ()  # ready for the next file
        self.report.value = sh.import_html(report)
        self.refresh()


def release_note_html(now: Any) -> str:
    """Which results the team sees here and which ones everyone else sees."""
    waiting = f"{now.waiting:,} response{'s' * (now.waiting != 1)}"
    if now.latest is None:
        shown = "The dashboard and the impact report show no results yet."
    else:
        from ..documents.model import long_date

        day = long_date(now.latest.made_at[:10])
        shown = (
            f"The dashboard and the impact report show the release of {esc(day)} "
            f"({now.latest.responses:,} responses)."
        )
    risk = (
        f" Releasing fewer than {now.threshold} new responses by hand lets someone who "
        "compares two releases learn about those few people."
        if 0 < now.waiting < now.threshold
        else ""
    )
    return (
        f'<div class="gl-notice"><p><b>Live results, for the team.</b> {waiting} here '
        f"{'are' if now.waiting != 1 else 'is'} <b>not yet released</b>. {shown} The next "
        f"release comes by itself once {now.threshold} new responses have arrived.{risk}</p>"
        "</div>"
    )


@tool("survey")
def survey_tool(wb: Workbook) -> list[w.Widget]:
    return [SurveyPanel(wb), DocumentExport(wb, "survey", "survey instrument")]
