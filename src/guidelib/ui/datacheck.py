"""The check-shared-data app: upload a file, point at one, or try a fictional extract; see
its likely identifiers, its re-identification risk (k-anonymity, and l-diversity for the
sensitive columns chosen) and how to lower it, with charts; and record the result against
a data set of the workbook (step 2.1, "Checks of shared data"). k starts at the
agreement's smallest publishable count when the workbook has one.

Every callback reports failures in a status line, in one plain sentence. Nothing shown
is a raw value from the data: column names, counts, shares and masked examples only.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..datacheck import open_data, risk, scan
from ..datacheck.html import risk_html, scan_html
from ..datacheck.kanon import DEFAULT_L
from ..datacheck.record import agreement_k, record_check
from ..errors import GuidelibError, plain
from ..examples.extracts import EXTRACTS, write_extracts
from ..workbook import list_workbooks, open_workbook, workbook_dir
from ..workbook.locate import requested_workbook
from ._html import esc
from ._style import style
from .app import team_label
from .panels import figure_output
from .worksheet import Status

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq")
EXAMPLE_ROWS = 20_000
_STYLE = {"description_width": "initial"}


def _field(widget: w.Widget) -> w.Widget:
    widget.add_class("gl-field")
    return widget


def _button(text: str, primary: bool = False) -> w.Button:
    return w.Button(
        description=text,
        button_style="primary" if primary else "",
        layout=w.Layout(width="auto", align_self="flex-start"),
    )


def allowed_roots() -> list[Path]:
    """Where the path box may open files: $GUIDELIB_DATA_DIR, else the project folder
    (a Voilà visitor must not browse the server)."""
    if os.environ.get("GUIDELIB_DATA_DIR"):
        return [Path(os.environ["GUIDELIB_DATA_DIR"]).resolve()]
    here = Path.cwd().resolve()
    return [here.parent if here.name == "notebooks" else here]


def checked_path(text: str, folder: Path) -> Path:
    """A typed path, if it is a data file inside an allowed folder and not a workbook's."""
    path = Path(text.strip().strip('"')).expanduser()
    roots = allowed_roots()
    path = (path if path.is_absolute() else roots[0] / path).resolve()
    if path.suffix.lower() not in DATA_SUFFIXES:
        raise GuidelibError("Choose a .csv or .parquet file.")
    inside = any(path.is_relative_to(root) for root in roots)
    if not inside or path.is_relative_to(folder.resolve()):
        where = ", ".join(str(r) for r in roots)
        raise GuidelibError(f"This app opens files inside {where} only; upload the file instead.")
    return path


class DataCheckApp(w.VBox):
    """`DataCheckApp(WORKBOOK, DATA, QUASI, K, SENSITIVE, L)`: all optional; DATA is
    checked at once. K of None is the workbook agreement's smallest publishable count, or 5."""

    def __init__(
        self,
        workbook: str | os.PathLike[str] | None = None,
        data: str | os.PathLike[str] | None = None,
        quasi: list[str] | None = None,
        k: int | None = None,
        folder: str | os.PathLike[str] | None = None,
        sensitive: list[str] | None = None,
        l: int = DEFAULT_L,  # noqa: E741 - l is the measure's name
    ) -> None:
        self.folder = workbook_dir(folder)
        self._tmp: Path | None = None
        self.path: Path | None = None
        self.label, self.scan, self.risk, self.figures = "", None, None, []
        self.status = Status()
        self.k_note: str | None = None
        self._sensitive = list(sensitive or [])
        self._source_widgets()
        self._risk_widgets(self._k(workbook, k), l)
        self._record_widgets(workbook)
        self.results = w.VBox(
            [self.scan_html, self.scan_chart, self.risk_box, self.record_box],
            layout=w.Layout(display="none"),
        )
        super().__init__([style(), self.source_box, self.status, self.results])
        self.add_class("gl-app")
        self.add_class("gl-datacheck")
        if data:
            self._check(lambda: Path(data), Path(data).name, quasi)

    def _k(self, workbook: Any, k: int | None) -> int:
        """k as given, else the agreement's smallest publishable count, else 5."""
        if k is not None:
            return int(k)
        ref, _ = requested_workbook(workbook)
        try:
            value, note = agreement_k(ref)
        except Exception as exc:  # noqa: BLE001 - shown, never swallowed
            self.status.show(plain(exc), "error")
            return agreement_k(None)[0]
        self.k_note = note
        return value

    def tmp(self) -> Path:
        """A private folder for uploads, made on first use and removed with the app (an
        upload holds personal data)."""
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="guidelib-check-"))
            weakref.finalize(self, shutil.rmtree, self._tmp, True)
        return self._tmp

    # -- building -----------------------------------------------------------------------
    def _source_widgets(self) -> None:
        self.upload = w.FileUpload(
            accept=",".join(DATA_SUFFIXES), multiple=False, description="Upload a file",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )  # fmt: skip
        self.upload.observe(self._uploaded, names="value")
        self.path_box = _field(w.Text(
            description="Or the path to a file in the project folder",
            placeholder="e.g. data/school_attendance.csv", style=_STYLE,
            layout=w.Layout(width="100%"),
        ))  # fmt: skip
        self.open_button = _button("Check this file", primary=True)
        self.open_button.on_click(lambda _b: self._open_path())
        self.example = _field(w.Dropdown(
            options=[(f"{name} (fictional, {EXAMPLE_ROWS:,} students)", stem)
                     for stem, name in EXTRACTS.items()],
            description="Or try a fictional extract", style=_STYLE, layout=w.Layout(width="100%"),
        ))  # fmt: skip
        self.example_button = _button("Check the fictional extract")
        self.example_button.on_click(lambda _b: self._open_example())
        help_text = (
            "A CSV (UTF-8) or Parquet file, one row per person. For large files, use the "
            "path: an upload travels through the browser."
        )
        self.source_box = w.VBox([
            w.HTML("<h2>The extract</h2>"), self.upload,
            w.HTML(f'<div class="gl-help">{esc(help_text)}</div>'),
            self.path_box, self.open_button, self.example, self.example_button,
        ])  # fmt: skip
        self.source_box.add_class("gl-panel")
        self.scan_html, self.scan_chart = w.HTML(), w.VBox()

    def _risk_widgets(self, k: int, l_target: int) -> None:
        self.quasi_flow = w.Box(layout=w.Layout(flex_flow="row wrap", width="100%"))
        self.quasi_boxes: dict[str, w.Checkbox] = {}
        self.sensitive_flow = w.Box(layout=w.Layout(flex_flow="row wrap", width="100%"))
        self.sensitive_boxes: dict[str, w.Checkbox] = {}
        self.k_box = _field(w.BoundedIntText(
            value=max(2, k), min=2, max=10_000, description="Smallest group to reach (k)",
            style=_STYLE, layout=w.Layout(width="260px"),
        ))  # fmt: skip
        self.l_box = _field(w.BoundedIntText(
            value=max(1, l_target), min=1, max=1_000,
            description="Different values each group must hold (l)",
            style=_STYLE, layout=w.Layout(width="420px"),
        ))  # fmt: skip
        self.risk_button = _button("Check re-identification risk", primary=True)
        self.risk_button.on_click(lambda _b: self._run_risk())
        self.risk_status, self.risk_html, self.risk_charts = Status(), w.HTML(), w.VBox()
        quasi = w.VBox([w.HTML('<div class="gl-label">Quasi-identifiers: columns that '
                               "others could know or look up</div>"), self.quasi_flow])  # fmt: skip
        quasi.add_class("gl-multichoice")
        label = ('<div class="gl-label">Sensitive columns (optional): values no one should '
                 "learn about a person, such as a diagnosis or an offence</div>")
        sensitive = w.VBox([w.HTML(label), self.sensitive_flow])
        sensitive.add_class("gl-multichoice")
        sensitive.add_class("gl-sensitive")
        k_help = w.HTML(f'<div class="gl-help">k = {k}: {esc(self.k_note)}.</div>'
                        if self.k_note else "")  # fmt: skip
        self.risk_box = w.VBox([
            w.HTML("<h2>Re-identification risk</h2>"), quasi, self.k_box, k_help, sensitive,
            self.l_box, self.risk_button, self.risk_status, self.risk_html, self.risk_charts,
        ])  # fmt: skip
        self.risk_box.add_class("gl-panel")

    def _record_widgets(self, workbook: Any) -> None:
        ref, _ = requested_workbook(workbook)
        paths = list_workbooks(self.folder)
        options = [(team_label(p), str(p)) for p in paths]
        if ref and not any(str(p) == str(ref) or p.stem == ref for p in paths):
            options.insert(0, (str(ref), str(ref)))
        chosen = next(
            (v for _, v in options if ref and (v == str(ref) or Path(v).stem == ref)), None
        )
        self.workbook = _field(w.Dropdown(
            options=options or [("(no workbook yet)", None)], description="Workbook",
            style=_STYLE, layout=w.Layout(width="100%"),
        ))  # fmt: skip
        if chosen:
            self.workbook.value = chosen
        self.dataset = _field(w.Dropdown(description="Data set (from the data inventory, step 1.3)",
                                         style=_STYLE, layout=w.Layout(width="100%")))  # fmt: skip
        self.notes = _field(w.Text(description="Notes (optional)", style=_STYLE,
                                   layout=w.Layout(width="100%")))  # fmt: skip
        self.record_button = _button("Record this check in the workbook", primary=True)
        self.record_button.on_click(lambda _b: self._record())
        self.record_status = Status()
        self.workbook.observe(lambda _c: self._load_datasets(), names="value")
        self.record_box = w.VBox([
            w.HTML("<h2>Record the result</h2><p>Adds a row to <i>Checks of shared data</i> "
                   "(step 2.1, the governance framework).</p>"),
            self.workbook, self.dataset, self.notes, self.record_button, self.record_status,
        ])  # fmt: skip
        self.record_box.add_class("gl-panel")
        self._load_datasets()

    # -- callbacks: short adapters over guidelib.datacheck ------------------------------
    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        name = str(item.get("name") or "upload")
        suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in DATA_SUFFIXES else ""
        target = self.tmp() / f"upload{suffix}"
        try:
            target.write_bytes(bytes(item["content"]))
        except Exception as exc:  # noqa: BLE001 - shown, never swallowed
            self.status.show(f"{name} was not received: {plain(exc)}", "error")
            return
        finally:
            self.upload.value = ()
        self._check(lambda: target, name)

    def _open_path(self) -> None:
        self._check(lambda: checked_path(self.path_box.value, self.folder), self.path_box.value)

    def _open_example(self) -> None:
        stem = self.example.value

        def make() -> Path:
            folder = self.tmp() / "fictional"
            if not (folder / f"{stem}.csv").exists():
                write_extracts(folder, rows=EXAMPLE_ROWS, formats=("csv",))
            return folder / f"{stem}.csv"

        self._check(make, f"{stem}.csv", preselect=stem)

    def _check(self, locate: Any, label: str, quasi: list[str] | None = None,
               preselect: str | None = None) -> None:  # fmt: skip
        self.status.show(f"Checking {label}…", "muted")
        try:
            path = locate()
            with open_data(path, label=Path(label).name or "The file") as data:
                result = scan(data)
            figure = _figure("identifier_shares", result)
        except Exception as exc:  # noqa: BLE001 - one sentence, never a traceback
            self.status.show(plain(exc), "error")
            return
        self.path, self.label, self.scan, self.risk = path, Path(label).name, result, None
        self.figures = [figure]
        self.scan_html.value = "<h2>Direct identifiers</h2>" + scan_html(result)
        self.scan_chart.children = [figure_output(figure)]
        self._show_columns(result, quasi)
        self.risk_html.value, self.risk_charts.children = "", []
        self.risk_status.show("")
        self._suggest_dataset(preselect or Path(label).stem)
        self.results.layout.display = None
        self.status.show(f"Checked {self.label}: {result.rows:,} records.", "ok")
        if quasi:
            self._run_risk()

    def _show_columns(self, result: Any, quasi: list[str] | None) -> None:
        chosen = set(quasi or result.quasi)
        self.quasi_boxes = {
            name: w.Checkbox(value=name in chosen, description=name, indent=False,
                             layout=w.Layout(width="auto", margin="0 14px 0 0"))
            for name in result.columns
        }  # fmt: skip
        self.quasi_flow.children = list(self.quasi_boxes.values())
        self.sensitive_boxes = {
            name: w.Checkbox(value=name in self._sensitive, description=name, indent=False,
                             layout=w.Layout(width="auto", margin="0 14px 0 0"))
            for name in result.columns
        }  # fmt: skip
        self.sensitive_flow.children = list(self.sensitive_boxes.values())

    def _run_risk(self) -> None:
        quasi = [name for name, box in self.quasi_boxes.items() if box.value]
        sensitive = [name for name, box in self.sensitive_boxes.items() if box.value]
        self.risk_status.show("Checking the risk…", "muted")
        try:
            if self.path is None:
                raise GuidelibError("Choose a file first.")
            with open_data(self.path, label=self.label) as data:
                report = risk(data, quasi, self.k_box.value, sensitive=sensitive,
                              l=self.l_box.value)  # fmt: skip
            figures = [_figure("group_sizes", report), _figure("generalization_effects", report)]
            if report.sensitive:
                figures.insert(1, _figure("sensitive_diversity", report))
        except Exception as exc:  # noqa: BLE001
            self.risk_status.show(plain(exc), "error")
            return
        self.risk, self.figures = report, self.figures[:1] + figures
        self.risk_html.value = risk_html(report)
        self.risk_charts.children = [figure_output(f) for f in figures]
        text = f"k = {report.k} (target {report.target})"
        if report.sensitive:
            text += f", l = {report.l} (target {report.l_target})"
        self.risk_status.show(f"{text}.", "ok" if report.meets_target and report.meets_l
                              else "warn")  # fmt: skip

    def _load_datasets(self) -> None:
        try:
            names = (open_workbook(self.workbook.value).column_values("capacity.inventory.dataset")
                     if self.workbook.value else [])  # fmt: skip
        except Exception as exc:  # noqa: BLE001
            self.record_status.show(plain(exc), "error")
            names = []
        empty = "(no data sets in the inventory yet)" if not names else "Choose a data set"
        self.dataset.options = [(empty, None), *((n, n) for n in names)]
        self.dataset.value = None

    def _suggest_dataset(self, stem: str) -> None:
        name = EXTRACTS.get(stem)
        if name and name in [value for _, value in self.dataset.options]:
            self.dataset.value = name

    def _record(self) -> None:
        try:
            text = record_check(self.workbook.value, self.dataset.value, self.scan, self.risk,
                                self.notes.value)  # fmt: skip
        except Exception as exc:  # noqa: BLE001
            self.record_status.show(plain(exc), "error")
            return
        self.record_status.show(text, "ok")


def _figure(name: str, report: Any) -> Any:
    from ..charts import datacheck as charts  # lazy: plotly is slow to import

    return getattr(charts, name)(report)


def data_check(
    workbook: Any = None, data: Any = None, quasi: Any = None, k: int | None = None,
    sensitive: Any = None, l: int = DEFAULT_L,  # noqa: E741 - l is the measure's name
) -> DataCheckApp:
    """The app for the notebook `check_shared_data.ipynb` (for the team: `guidelib.audience`).
    K of None: from the workbook's agreement (its smallest publishable count), else 5."""
    from ..audience import TEAM
    from ._refusal import refused

    return refused(TEAM) or DataCheckApp(
        workbook, data, list(quasi) if quasi else None, k,
        sensitive=list(sensitive) if sensitive else None, l=l,
    )
