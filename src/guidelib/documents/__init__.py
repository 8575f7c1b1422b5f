"""Documents a team takes away from its workbook: one structured document per kind,
rendered to Markdown, HTML or Word.

>>> import guidelib
>>> wb = guidelib.open_workbook("workbook/example-kinship-care.json")  # doctest: +SKIP
>>> data, blanks = render_document(wb, "charter", "html")  # doctest: +SKIP
>>> export(wb, "charter", "docx", "charter.docx").blanks  # doctest: +SKIP
[]

To add a kind, write `build_x(wb) -> Document` and add it to `DOCUMENTS`. To add a format,
write `render_x(Document) -> bytes` and add it to `RENDERERS` and `MEDIA_TYPES`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GuidelibError
from .agreement import build_agreement, build_license
from .charter import build_charter, charter_missing
from .governance import build_feedback_plan, build_governance
from .impact import build_impact_report
from .model import Document
from .render_docx import render_docx
from .render_html import render_html
from .render_md import render_md
from .review import build_equity_review
from .survey import build_survey

if TYPE_CHECKING:
    from ..workbook import Workbook

#: Each kind of document by the name `guidelib export --doc` takes, in the guidebook's order.
DOCUMENTS: dict[str, Callable[[Workbook], Document]] = {
    "charter": build_charter,
    "governance": build_governance,
    "feedback-plan": build_feedback_plan,
    "agreement": build_agreement,
    "license": build_license,
    "survey": build_survey,
    "impact-report": build_impact_report,
    "equity-review": build_equity_review,
}
RENDERERS: dict[str, Callable[[Document], bytes]] = {
    "md": render_md,
    "html": render_html,
    "docx": render_docx,
}
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class ExportResult:
    """A written document: where it went and which sections it left blank."""

    path: Path
    kind: str
    fmt: str
    blanks: list[str] = field(default_factory=list)


def _lookup(registry: dict, name: str, what: str) -> Callable:
    try:
        return registry[name]
    except KeyError:
        known = ", ".join(sorted(registry))
        raise GuidelibError(f"There is no {what} {name!r}; choose one of: {known}.") from None


#: The kinds that can be written in another language (`--lang`): the survey, for paper.
IN_LANGUAGES: dict[str, Callable[..., Document]] = {"survey": build_survey}


def build_document(wb: Workbook, kind: str, lang: str | None = None) -> Document:
    """The structured document of one kind ("charter", "agreement", ...) for a workbook;
    in language `lang` ("es") for a kind in `IN_LANGUAGES`."""
    if lang is None:
        return _lookup(DOCUMENTS, kind, "document")(wb)
    if kind not in IN_LANGUAGES:
        raise GuidelibError("Only the survey can be written in another language (--doc survey).")
    return IN_LANGUAGES[kind](wb, lang)


def missing_sections(wb: Workbook, kind: str) -> list[str]:
    """The sections the document would leave blank, by name: the check before export."""
    return list(build_document(wb, kind).blanks)


def render_document(
    wb: Workbook, kind: str, fmt: str, lang: str | None = None
) -> tuple[bytes, list[str]]:
    """The document's bytes in a format ("md", "html", "docx") and the sections left
    blank, without writing a file (for a download link)."""
    render = _lookup(RENDERERS, fmt, "format")
    doc = build_document(wb, kind, lang)
    return render(doc), list(doc.blanks)


def default_filename(wb: Workbook, kind: str, fmt: str, lang: str | None = None) -> str:
    """'example-kinship-care-charter.docx'; 'example-kinship-care-survey-es.md'."""
    return f"{wb.slug}-{kind}{f'-{lang}' if lang else ''}.{fmt}"


def export(
    wb: Workbook, kind: str, fmt: str, path: str | os.PathLike[str], lang: str | None = None
) -> ExportResult:
    """Write the document to `path` (atomically: readers see the old file or the new)."""
    from ..workbook.store import write_atomic

    data, blanks = render_document(wb, kind, fmt, lang)
    target = Path(path)
    if not target.parent.is_dir():
        raise GuidelibError(f"The folder {str(target.parent)!r} does not exist.")
    if target.is_dir():
        raise GuidelibError(f"{str(target)!r} is a folder; give a file name to write to.")
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise GuidelibError(f"Could not write {str(target)!r}: {exc.strerror or exc}.") from None
    return ExportResult(target, kind, fmt, blanks)


__all__ = [
    "DOCUMENTS",
    "MEDIA_TYPES",
    "RENDERERS",
    "Document",
    "ExportResult",
    "build_agreement",
    "build_license",
    "build_charter",
    "build_document",
    "build_feedback_plan",
    "build_governance",
    "charter_missing",
    "default_filename",
    "export",
    "missing_sections",
    "render_document",
]
