"""Who may see each app, and who this kernel is serving. One place for both.

Audiences, narrowest first: `public` (anyone with the link: the survey form),
`stakeholders` (the read-only dashboard), `team` (the worksheets, the equity review, the
data check, the report) and `facilitator` (every team's workbook at once).

The serving context is the widest audience a page served by this kernel may reach:

- outside Voilà (a JupyterLab notebook, papermill, a script) the person already runs code
  next to the files, so nothing is held back: `facilitator`;
- `GUIDELIB_AUDIENCE=public` (set by `guidelib serve-public`) always means public, even
  if other variables say otherwise: it serves people with no login;
- in Voilà, `GUIDELIB_AUDIENCE=team|facilitator` says the server sits behind a login:
  `guidelib run` sets `facilitator` (the person who started the server owns it; a
  workshop facilitator serves the workshop folder this way), a JupyterHub spawner may set
  either for its users;
- in Voilà under JupyterHub (`JUPYTERHUB_USER`, which the hub sets for every single-user
  server it spawns behind its login, Binder's included): `team`;
- in Voilà served by a Jupyter server (the Voilà preview or `/voila/render/` of a plain
  `jupyter lab`, whose token or password login the visitor passed): `facilitator`, as
  under `guidelib run`. The kernel tells it from the process that started it
  (`JPY_PARENT_PID`, set by jupyter_client for every kernel): a `jupyter-lab`,
  `jupyter-server` or `jupyter-notebook` process, never the `voila` command. A Jupyter
  server started with its login switched off is then trusted like any other: do not
  start one where others can reach it;
- any other Voilà (a bare `voila notebooks`, which has no login): `public`.

Voilà starts each kernel with the server's environment, so a variable the server was
started with reaches every page's kernel. Unknown means public: the check fails closed.
"""

from __future__ import annotations

import os
from pathlib import PurePath

from .workbook.locate import in_voila

PUBLIC, STAKEHOLDERS, TEAM, FACILITATOR = "public", "stakeholders", "team", "facilitator"
RANK = {PUBLIC: 0, STAKEHOLDERS: 1, TEAM: 2, FACILITATOR: 3}

ENV = "GUIDELIB_AUDIENCE"
ENV_DASHBOARDS = "GUIDELIB_PUBLIC_DASHBOARDS"  # slugs whose dashboard serve-public shows

#: Each notebook in notebooks/ and the audience it is written for.
NOTEBOOKS: dict[str, str] = {
    "survey.ipynb": PUBLIC,
    "dashboard.ipynb": STAKEHOLDERS,
    "00_start_here.ipynb": TEAM,
    "01_build_the_collective.ipynb": TEAM,
    "02_define_the_operations.ipynb": TEAM,
    "03_drive_impact.ipynb": TEAM,
    "equity_review.ipynb": TEAM,
    "check_shared_data.ipynb": TEAM,
    "report.ipynb": TEAM,
    "facilitator.ipynb": FACILITATOR,
}

#: What a page says, and all it shows, when its audience is wider than the context allows.
REFUSALS = {
    TEAM: "This page is for the team; open it from JupyterLab or the workshop hub.",
    FACILITATOR: (
        "This page is for the workshop facilitator; open it from JupyterLab or the workshop hub."
    ),
    STAKEHOLDERS: "This team has not published its dashboard here.",
}


def audience_of(notebook: str | os.PathLike[str]) -> str:
    """The audience of a notebook by its file name; an unknown notebook is for the team."""
    return NOTEBOOKS.get(PurePath(notebook).name, TEAM)


def context() -> str:
    """The widest audience this kernel may serve (see the module's docstring)."""
    declared = os.environ.get(ENV, "").strip().lower()
    if declared == PUBLIC:
        return PUBLIC
    if not in_voila():
        return FACILITATOR
    if declared in (TEAM, FACILITATOR):
        return declared
    if os.environ.get("JUPYTERHUB_USER"):
        return TEAM
    if _started_by_jupyter_server():
        return FACILITATOR
    return PUBLIC


#: Program names (a script's or a `python -m` module's) of servers that have a login.
SERVERS_WITH_LOGIN = frozenset(
    {"jupyter-lab", "jupyter-server", "jupyter-notebook", "jupyterlab", "jupyter_server"}
)


def _started_by_jupyter_server() -> bool:
    """Whether this kernel's parent process is a Jupyter server (see the docstring).
    Anything unknown (no parent id, a process that is gone or unreadable) is False."""
    try:
        import psutil  # lazy: ipykernel's dependency, needed only in a Voilà kernel

        argv = psutil.Process(int(os.environ["JPY_PARENT_PID"])).cmdline()
    except Exception:  # no id, a bad id, a process gone or unreadable: no login known
        return False
    names = [PurePath(arg).name for arg in argv[:3]]  # python, script or -m, module
    if any(name == "voila" or name.startswith("voila-") for name in names):
        return False
    return any(name in SERVERS_WITH_LOGIN for name in names)


def allows(audience: str, ctx: str | None = None) -> bool:
    """Whether an app for `audience` may run in context `ctx` (default: this kernel's).
    A public context serves stakeholders only through `public_dashboard`."""
    return RANK[audience] <= RANK[ctx or context()]


def refusal(audience: str, ctx: str | None = None) -> str | None:
    """None when an app for `audience` may run here, else the one sentence it shows."""
    return None if allows(audience, ctx) else REFUSALS[audience]


def public_dashboards() -> frozenset[str]:
    """The workbook slugs whose dashboard a public server shows (`serve-public --dashboard`)."""
    raw = os.environ.get(ENV_DASHBOARDS, "")
    return frozenset(s.strip().lower() for s in raw.split(",") if s.strip())
