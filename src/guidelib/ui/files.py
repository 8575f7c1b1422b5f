"""Keep a workbook beyond a Binder session: a download link that carries the file, and an
upload that restores one. (JavaScript-triggered downloads fail in Voilà; a data: link
with a `download` attribute works in JupyterLab and Voilà alike.)"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from ..errors import plain
from ..workbook import Workbook, restore_workbook
from ..workbook.store import encode
from ._html import esc
from .worksheet import Status

KEEP_IT = " Keep it safe: online sessions are deleted when you close them."


def download_html(wb: Workbook, label: str = "Download my workbook", note: str = KEEP_IT) -> str:
    """A link that carries the workbook as saved now (a `data:` URL)."""
    data = encode(wb.document())
    href = "data:application/json;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<div class="gl-download"><a download="{esc(wb.slug)}.json" href="{href}">'
        f"{esc(label)}</a> "
        f'<span class="gl-muted">({esc(wb.slug)}.json, {len(data) / 1024:.0f} KB).'
        f"{esc(note)}</span></div>"
    )


class FilesPanel(w.VBox):
    """Download the open workbook; restore one from a file (which then opens)."""

    def __init__(self, folder: Path, on_restored: Callable[[Workbook], None]) -> None:
        self.folder, self.on_restored = folder, on_restored
        self.link = w.HTML()
        self.upload = w.FileUpload(
            accept=".json,application/json",
            multiple=False,
            description="Restore from a file",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.upload.observe(self._uploaded, names="value")
        self.status = Status()
        super().__init__(
            [
                w.HTML("<h3>Keep your work</h3>"),
                self.link,
                w.HTML(
                    '<div class="gl-help">Restore a workbook you downloaded '
                    "earlier. The copy here, if any, is kept as a backup.</div>"
                ),
                self.upload,
                self.status,
            ]
        )
        self.add_class("gl-panel")

    def set_workbook(self, wb: Workbook) -> None:
        self.link.value = download_html(wb)

    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            wb = restore_workbook(bytes(item["content"]), self.folder)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, never swallowed
            name = item.get("name", "The file")
            self.status.show(f"{name} was not restored: {plain(exc)}", "error")
            return
        finally:
            self.upload.value = ()  # ready for the next file
        self.status.show(
            f"Restored the workbook of {wb.name} (revision {wb.revision}). " + " ".join(wb.notices),
            "ok",
        )
        self.on_restored(wb)
