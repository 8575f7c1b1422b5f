"""Charts everyone can read: a one-sentence summary and the numbers behind every chart.

A chart function describes its figure with `describe(fig, summary, headers, rows)`. The
summary says what the chart shows and its main finding; the rows are the numbers drawn.
Both ride in the figure's `layout.meta`, so they travel with the figure wherever it goes
(plotly keeps `meta` as data and draws nothing from it).

One renderer, `chart_block`, makes the HTML every page uses:

- the plot's container gets `role="img"` and the summary as its `aria-label`, so a
  screen reader announces one sentence instead of plotly's unnamed SVG;
- the numbers follow as a table under a *Show the numbers* disclosure
  (`<details><summary>`), outside the `role="img"` element, whose children a screen
  reader skips.

Callers pass plain text; the figure stores it escaped, like its labels, and the
renderer escapes it once more after reading it back. Figures no chart function
described (another module's) still get a name from their title and a table read
from their traces (`summary`, `table`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

#: plotly's config for every chart: no modebar (its buttons are unnamed links).
CONFIG = {"displayModeBar": False, "displaylogo": False}
SHOW = "Show the numbers"
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def plain(text: Any) -> str:
    """Plotly label text (escaped, with <br> and <b>) back to plain words: the inverse of
    `_style.text`, so labels already made for the plot can fill the table."""
    words = _TAG.sub("", _BREAK.sub(" ", str(text if text is not None else "")))
    return " ".join(html.unescape(words).split())


def cell(value: Any) -> str:
    """A table cell as words: whole numbers with thousands separators, others trimmed.
    Text is taken as typed (plain, not plotly's escaped labels: see `plain`)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}".removesuffix(".0")
    return " ".join(str(value).split())


def describe(fig: Any, summary: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """Attach the summary (one sentence) and the numbers (headers, rows) to `fig`. All
    text is plain (as typed): pass plotly's escaped labels through `plain` first."""
    table = {"headers": [_in(h) for h in headers], "rows": [[_in(v) for v in r] for r in rows]}
    said = html.escape(_sentence(summary), quote=False)
    fig.update_layout(meta={"summary": said, "table": table})
    return fig


def _in(value: Any) -> str:
    """A cell as stored in the figure: escaped like every label, so no user text reaches
    plotly raw (plotly renders some HTML wherever text can be templated)."""
    return html.escape(cell(value), quote=False)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _meta(fig: Any) -> dict[str, Any]:
    meta = fig.layout.meta
    return meta if isinstance(meta, dict) else {}


def title(fig: Any) -> str:
    """The figure's title as plain words ('Chart' if it has none)."""
    return plain(fig.layout.title.text) or "Chart"


def summary(fig: Any) -> str:
    """The figure's one-sentence summary; from its title if no chart function gave one."""
    stored = _meta(fig).get("summary")
    return html.unescape(stored) if stored else _sentence(f"Chart: {title(fig)}")


def table(fig: Any) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the figure's numbers; read from its traces if not described."""
    described = _meta(fig).get("table")
    if described:
        rows = [[html.unescape(v) for v in row] for row in described["rows"]]
        return [html.unescape(h) for h in described["headers"]], rows
    rows = []
    for trace in fig.data:
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if xs is None or ys is None or len(xs) != len(ys):
            continue
        name = plain(getattr(trace, "name", "") or "")
        rows += [[name, cell(x), cell(y)] for x, y in zip(xs, ys, strict=True) if x is not None]
    return (["Series", "x", "y"], rows) if rows else ([], [])


def numbers_html(fig: Any) -> str:
    """The figure's numbers as an escaped table under a *Show the numbers* disclosure;
    empty when the chart has no numbers (an empty state)."""
    headers, rows = table(fig)
    if not rows:
        return ""
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(_td(k, value) for k, value in enumerate(row)) + "</tr>" for row in rows
    )
    return (
        f'<details class="gl-numbers"><summary>{SHOW}</summary>'
        f'<table class="gl-table"><caption>{esc(title(fig))}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def _td(column: int, value: str) -> str:
    tag = 'th scope="row"' if column == 0 else "td"
    return f"<{tag}>{html.escape(value)}</{tag.split()[0]}>"


def label_attrs(fig: Any) -> str:
    """The attributes that name a chart's container: role="img" and its summary."""
    return f'role="img" aria-label="{html.escape(summary(fig), quote=True)}"'


def chart_block(fig: Any, plot: str) -> str:
    """The plot's HTML `plot` in a named container, then its numbers."""
    return f'<div class="gl-chart" {label_attrs(fig)}>{plot}</div>{numbers_html(fig)}'


def plural(count: int, noun: str, many: str = "") -> str:
    """'1 risk', '3 risks'; `many` for irregular plurals."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


__all__ = [
    "CONFIG",
    "cell",
    "chart_block",
    "describe",
    "label_attrs",
    "numbers_html",
    "plain",
    "plural",
    "summary",
    "table",
    "title",
]
