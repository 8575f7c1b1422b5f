"""`guidelib publish`: the stakeholder dashboard as a static site.

Every visit to the Voilà dashboard starts a kernel; a link sent to a county's stakeholders
can exhaust a small server. `publish` writes the same page (`dashboard_page.page_html`, so
the sections and wording cannot drift) as `SITE/<slug>/index.html`, a self-contained file
any static host serves, with the workbook's *last updated* date and the day it was
published. It holds only what the dashboard shows: no change log, no written survey
answer (tests/test_publish.py greps).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .dashboard_page import esc, long_day, page_html
from .errors import OutputError
from .textsafe import for_message
from .workbook import Workbook


def _refuse_workbook_folder(site: Path, folders: list[Path]) -> None:
    """The site must not be, or sit inside, a workbook folder: a static host would then
    serve the workbooks themselves."""
    resolved = site.resolve()
    for folder in folders:
        folder = folder.resolve()
        if resolved == folder or folder in resolved.parents:
            raise OutputError(
                f"{for_message(site, 160)} is in the workbook folder, and a site there could "
                "serve the workbooks themselves; choose a folder outside it."
            )


def _stamped(page: str, day: dt.date) -> str:
    """The page with the day it was published at the top (the workbook's own *last updated*
    date is in the title block, from `title_html`)."""
    line = f'<p class="gl-updated"><strong>Published:</strong> {esc(long_day(day))}</p>'
    marker = '<main class="gl-app gl-dashboard">'
    return page.replace(marker, marker + line, 1)


def publish(
    wb: Workbook, site: str | os.PathLike[str], folders: list[Path], today: dt.date | None = None
) -> Path:
    """Write `SITE/<slug>/index.html` for `wb`; returns its path."""
    site = Path(site)
    if "\x00" in os.fspath(site):
        raise OutputError("The site folder name contains a NUL character.")
    _refuse_workbook_folder(site, folders)
    day = today or dt.date.today()
    folder = site / wb.slug
    if folder.is_symlink() or (site.is_symlink()):
        raise OutputError(f"{for_message(folder, 160)} is a symbolic link; nothing was written.")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "index.html"
    if target.is_symlink():
        raise OutputError(f"{for_message(target, 160)} is a symbolic link; nothing was written.")
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(_stamped(page_html(wb, day), day), encoding="utf-8")
    os.replace(tmp, target)
    return target


def publish_all(folder: Path, site: str | os.PathLike[str], today: dt.date | None = None) -> Path:
    """Publish every team's workbook in `folder`, and `SITE/index.html` listing them.
    `folder` may also be a hub's teams.json (`guidelib hub`): then every team that has
    logged in, from its home on the hub."""
    from .cohort import hub_workbooks
    from .workbook import list_workbooks
    from .workbook.store import open_workbook

    site = Path(site)
    folder = Path(folder).expanduser()
    if folder.is_file():
        paths = [p for p in hub_workbooks(folder) if p.exists()]
        folders = sorted({p.parent for p in paths}) or [folder.parent]
    else:
        paths, folders = list_workbooks(folder), [folder]
    _refuse_workbook_folder(site, folders)
    day = today or dt.date.today()
    items = []
    for path in paths:
        wb = open_workbook(path)
        publish(wb, site, folders, day)
        items.append(f'<li><a href="{esc(wb.slug)}/index.html">{esc(wb.name)}</a></li>')
    if not items:
        raise OutputError(f"{for_message(folder, 160)} holds no workbook to publish.")
    index = site / "index.html"
    if index.is_symlink():
        raise OutputError(f"{for_message(index, 160)} is a symbolic link; nothing was written.")
    index.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Team dashboards</title></head><body><main><h1>Team dashboards</h1>"
        f"<p>Published {esc(long_day(day))}.</p><ul>{''.join(items)}</ul></main></body></html>\n",
        encoding="utf-8",
    )
    return index
