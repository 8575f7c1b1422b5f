"""`DIR/index.html` for a hub: the links of every team and a printable sign-in sheet, one
card per login. One self-contained page, every value escaped. It shows passwords, so it is
written mode 0600, for the facilitator only."""

from __future__ import annotations

import html
from typing import Any

from ..workshop.page import CSS
from ..workshop.teams import RowProblem

SHEET_CSS = """\
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
  gap: 0.8rem; }
.card { border: 2px dashed #57606a; padding: 0.6rem 0.9rem; break-inside: avoid; }
.screen > .card { margin: 1rem 0; }
.card h3 { margin: 0 0 0.3rem; font-size: 1.1rem; }
.card dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0.1rem 0.6rem; }
.card dt { font-weight: 600; }
.card dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace;
  overflow-wrap: anywhere; }
@media print {
  .screen { display: none; }
  main { margin: 0; max-width: none; }
  #sheet { break-before: page; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _a(href: str, label: str, context: str) -> str:
    return f'<a href="{_e(href)}" aria-label="{_e(f"{label}, {context}")}">{_e(label)}</a>'


def _team_row(url: str, team: dict[str, Any]) -> str:
    users = ", ".join(
        f"<code>{_e(u['user'])}</code>" + (f" ({_e(u['member'])})" if u["member"] else "")
        for u in team["users"]
    )
    first = team["users"][0]["user"]
    links = " ".join(
        [
            _a(f"{url}hub/login?next=/hub/user-redirect/", "Start here", team["name"]),
            _a(team["dashboard"], "Dashboard", team["name"]),
            _a(f"{url}user/{first}/lab", "JupyterLab", team["name"]),
        ]
    )
    return (
        f'<tr><th scope="row">{_e(team["name"])}<br><code>{_e(team["slug"])}</code></th>'
        f"<td>{users}</td><td>{_e(team['login'])}</td><td>{links}</td>"
        f"<td><code>{_e(team['workbook'])}</code></td></tr>"
    )


def _card(url: str, title: str, user: str, password: str, note: str = "") -> str:
    extra = f"<p>{_e(note)}</p>" if note else ""
    return (
        f'<section class="card"><h3>{_e(title)}</h3><dl>'
        f"<dt>Address</dt><dd>{_e(url)}</dd>"
        f"<dt>User name</dt><dd>{_e(user)}</dd>"
        f"<dt>Password</dt><dd>{_e(password)}</dd></dl>{extra}</section>"
    )


def sign_in_sheet(manifest: dict[str, Any], passwords: dict[str, str]) -> str:
    """One card per team login (cut them apart and hand them out)."""
    url = manifest["hub"]["url"]
    cards = []
    for team in manifest["teams"]:
        for u in team["users"]:
            title = f"{team['name']}: {u['member']}" if u["member"] else team["name"]
            cards.append(_card(url, title, u["user"], passwords.get(u["user"], "")))
    return (
        '<section id="sheet"><h2>Sign-in sheet</h2><p>One card per login. Keep the '
        "password on the card: it opens only this team's folder.</p>"
        f'<div class="cards">{"".join(cards)}</div></section>'
    )


def hub_page(
    manifest: dict[str, Any], passwords: dict[str, str], problems: list[RowProblem]
) -> str:
    url = manifest["hub"]["url"]
    fac = manifest["facilitator"]
    rows = "\n".join(_team_row(url, t) for t in manifest["teams"])
    skipped = "".join(f"<li>{_e(p)}</li>" for p in problems)
    config = _e(manifest["hub"]["seed"].rsplit("/", 1)[0] + "/jupyterhub_config.py")
    facilitator = _card(
        url, "Facilitator (hub admin)", fac["user"], passwords.get(fac["user"], ""),
        "Opens the facilitator view of every team; the admin page is at /hub/admin.",
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workshop hub</title><style>
{CSS}{SHEET_CSS}</style></head><body><main>
<div class="screen">
<h1>Workshop hub</h1>
<section class="how"><h2>How to start the hub</h2><ol>
<li>On this machine, as root: <code>jupyterhub -f {config}</code></li>
<li>Open <a href="{_e(url)}">{_e(url)}</a>. Each team logs in with its card below; its
first page is the guidebook's Start here.</li>
<li>Log in as the facilitator to see every team: {_a(url + "hub/login", "Log in", "facilitator")}
(the admin page: {_a(url + "hub/admin", "Admin", "facilitator")}).</li></ol>
<p>A team's server runs as its own Unix user, in its own folder: no team can open another
team's workbook. The facilitator can read every team's folder but not change it.</p></section>
{facilitator}
<table><thead><tr><th scope="col">Team</th><th scope="col">Hub user names</th>
<th scope="col">Login</th><th scope="col">Links</th><th scope="col">Workbook on the hub</th>
</tr></thead><tbody>
{rows}
</tbody></table>
{f"<h2>Rows not used</h2><ul>{skipped}</ul>" if skipped else ""}
</div>
{sign_in_sheet(manifest, passwords)}
</main></body></html>
"""
