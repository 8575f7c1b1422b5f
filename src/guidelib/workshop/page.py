"""`DIR/index.html`: every team of a workshop with its links, as one self-contained page
(inline style and script, every value escaped, nothing fetched from elsewhere).

Links assume DIR is served by `guidelib run --root DIR` at http://127.0.0.1:8888. The
page has two boxes to change the server's address and, when a server shows a folder
above DIR (such as `make run` in the repository), DIR's path inside it.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from pathlib import Path

from ..binder import BinderRepo, lab_path, voila_path
from .execute import FAILED, PHASE_NOTEBOOKS, Outcome
from .teams import RowProblem

SERVER = "http://127.0.0.1:8888"
PHASE_LABELS = dict(
    zip(PHASE_NOTEBOOKS, ("Start here", "Phase 1", "Phase 2", "Phase 3"), strict=True)
)
#: Apps that open one team's workbook from the address (`?workbook=<slug>`), if present.
TEAM_APPS = {"dashboard": "Dashboard", "survey": "Survey", "equity_review": "Equity review"}
COHORT_APPS = {"facilitator": "Facilitator view of every team"}

CSS = """\
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  line-height: 1.5; color: #1f2328; margin: 0; }
main { max-width: 72rem; margin: 2rem auto; padding: 0 1.25rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #8c959f; padding: 0.4rem 0.5rem; text-align: start;
  vertical-align: top; }
th { background: #eaeef2; }
td a { display: inline-block; margin: 0 0.6rem 0.2rem 0; }
a { color: #0550ae; }
.failed { color: #a40e26; font-weight: 600; }
.how { background: #f6f8fa; border: 1px solid #d0d7de; padding: 0.5rem 1rem; }
label { font-weight: 600; }
input { font: inherit; padding: 0.2rem 0.4rem; min-width: 18rem; }
code { background: #eaeef2; padding: 0 0.2rem; }
"""

# Rewrites the server links from the two boxes; the links work without it too.
SCRIPT = """\
function relink() {
  var server = document.getElementById("server").value.trim().replace(/\\/+$/, "");
  var folder = document.getElementById("folder").value.trim().replace(/^\\/+|\\/+$/g, "");
  document.querySelectorAll("a[data-path]").forEach(function (a) {
    var path = a.getAttribute("data-path"), at = path.indexOf("/") + 1;
    var kind = path.slice(0, path.indexOf("/", at) + 1);
    var rest = path.slice(kind.length);
    a.href = server + "/" + kind + (folder ? encodeURI(folder) + "/" : "") + rest;
  });
}
document.getElementById("server").addEventListener("input", relink);
document.getElementById("folder").addEventListener("input", relink);
if (location.protocol.indexOf("http") === 0 && location.pathname.indexOf("/files/") >= 0) {
  document.getElementById("server").value = location.origin;
  relink();
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(path: str, label: str, team: str) -> str:
    """A link to the local server; `path` starts 'lab/tree/' or 'voila/render/'."""
    return (
        f'<a data-path="{_e(path)}" href="{_e(SERVER + "/" + path)}" '
        f'aria-label="{_e(f"{label}, {team}")}">{_e(label)}</a>'
    )


def _apps(out: Path, names: dict[str, str]) -> dict[str, str]:
    return {n: label for n, label in names.items() if (out / "notebooks" / f"{n}.ipynb").exists()}


def _server_links(out: Path, o: Outcome) -> tuple[str, str]:
    phases = [
        _link(voila_path(f"notebooks/{o.slug}/{n}.ipynb"), label, o.name)
        for n, label in PHASE_LABELS.items()
    ]
    apps = [
        _link(voila_path(f"notebooks/{n}.ipynb", o.slug), label, o.name)
        for n, label in _apps(out, TEAM_APPS).items()
    ]
    lab = _link(lab_path(f"notebooks/{o.slug}/00_start_here.ipynb"), "JupyterLab", o.name)
    return " ".join(phases + apps), lab


def _binder_links(out: Path, o: Outcome, repo: BinderRepo) -> str:
    def a(path: str, label: str) -> str:
        name = _e(f"{label} on Binder, {o.name}")
        return f'<a href="{_e(repo.url(path))}" aria-label="{name}">{_e(label)}</a>'

    links = [a(lab_path("notebooks/00_start_here.ipynb"), "JupyterLab")]
    links.append(a(voila_path("notebooks/00_start_here.ipynb", o.slug), "Start here"))
    apps = _apps(out, TEAM_APPS)
    links += [a(voila_path(f"notebooks/{n}.ipynb", o.slug), label) for n, label in apps.items()]
    return " ".join(links)


def _row(out: Path, o: Outcome, facilitator: str, repo: BinderRepo | None) -> str:
    status = (
        f'<span class="failed">Failed.</span> {_e(o.reason)}'
        if o.status == FAILED
        else _e(o.status.capitalize())
    )
    apps, lab = _server_links(out, o) if o.status != FAILED else ("", "")
    cells = [
        f'<th scope="row">{_e(o.name)}<br><code>{_e(o.slug)}</code></th>',
        _e(facilitator),
        status,
        apps,
        lab,
    ]
    if repo:
        cells.append(_binder_links(out, o, repo))
    return "<tr>" + "".join(c if c.startswith("<th") else f"<td>{c}</td>" for c in cells) + "</tr>"


def _how(out: Path, repo: BinderRepo | None) -> str:
    cohort = "".join(
        f"<p>{_link(voila_path(f'notebooks/{n}.ipynb'), label, 'all teams')}</p>"
        for n, label in _apps(out, COHORT_APPS).items()
    )
    binder = (
        "<p>Binder links start a fresh copy of the repository "
        f"<code>{_e(repo.owner)}/{_e(repo.name)}</code> ({_e(repo.ref)}) on mybinder.org. A "
        "team's workbook is there only if you commit <code>workbook/&lt;name&gt;.json</code> "
        "from this folder into the repository's <code>workbook/</code> folder; otherwise the "
        "team restores it from a downloaded file. Binder sessions end after a while of "
        "inactivity: teams should download their workbook before they leave.</p>"
        if repo
        else ""
    )
    return f"""<section class="how"><h2>How to open these links</h2><ol>
<li>In a terminal, run <code>guidelib run --root {_e(out)}</code>.</li>
<li>Open the JupyterLab address it prints (it carries the access token) once in this browser.</li>
<li>The links below then work in the same browser. <label for="server">Server address</label>
<input id="server" value="{SERVER}"> (change it if the command printed another port).</li>
<li>If the server shows a folder above this one (for example <code>make run</code> serves the
whole repository), give this folder's path inside it:
<label for="folder">Folder</label> <input id="folder" value=""></li></ol>
<p>Voilà links open a team's notebooks as apps, with no code showing. The JupyterLab link
opens the same notebooks, already run, for editing. Answers are kept in
<code>workbook/&lt;name&gt;.json</code> in this folder.</p>{binder}</section>{cohort}"""


def index_html(
    out: Path,
    outcomes: Iterable[tuple[Outcome, str]],
    problems: list[RowProblem],
    repo: BinderRepo | None = None,
) -> str:
    """The page, from each team's outcome with its facilitator, and the rows not used."""
    rows = "\n".join(_row(out, o, facilitator, repo) for o, facilitator in outcomes)
    head = ["Team", "Facilitator", "Status", "Apps (Voilà)", "JupyterLab"] + (
        ["Binder"] if repo else []
    )
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    skipped = "".join(f"<li>{_e(p)}</li>" for p in problems)
    when = dt.datetime.now().strftime("%d %B %Y, %H:%M")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workshop teams: {_e(out.name)}</title><style>
{CSS}</style></head><body><main>
<h1>Workshop teams</h1><p>Prepared {_e(when)} in <code>{_e(out)}</code>.</p>
{_how(out, repo)}
<table><thead><tr>{ths}</tr></thead><tbody>
{rows}
</tbody></table>
{f"<h2>Rows not used</h2><ul>{skipped}</ul>" if skipped else ""}
</main><script>
{SCRIPT}</script></body></html>
"""
