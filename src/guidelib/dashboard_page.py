"""The stakeholder dashboard as HTML, with no widgets: what each section shows, and the
whole page as one self-contained file (`page_html`).

The Voilà app (`ui/dashboard_app.py`) shows the same sections, with each `Chart` drawn as
a widget; `page_html` draws them as plotly divs with plotly.js inline, so the file opens
with no network. Both read the workbook only through the pure functions the checks,
charts and documents use, and survey figures only from the released, suppressed results
(`survey.releases`): no raw workbook, no change log, no written survey answer.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .content.registry import step_ids
from .documents._common import join_words, label, rows
from .errors import plain
from .workbook import Workbook
from .workbook.progress import COMPLETE
from .workbook.values import is_empty


def esc(text: object) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Chart:
    """A place for a chart from `guidelib.charts` (by function name) among a section's parts."""

    name: str

    def figure(self, wb: Workbook) -> Any:
        from . import charts  # lazy: plotly

        return getattr(charts, self.name)(wb)


TITLE = "Where the coalition stands"
HIDDEN = '<span class="gl-muted">hidden</span>'

DASHBOARD_CSS = """
.gl-dashboard .gl-lead { font-size: 1.1em; border-left: 4px solid #0b5394; padding: 4px 12px;
  margin: 6px 0 10px; background: #f3f7fb; border-radius: 4px; }
.gl-dashboard .gl-section { border-top: 1px solid #d0d7de; margin-top: 18px; padding-top: 2px; }
.gl-dashboard table.gl-facts { width: 100%; border-collapse: collapse; margin: 6px 0 10px; }
.gl-dashboard .gl-facts th { width: 10em; text-align: left; vertical-align: top;
  font-weight: 600; color: #424a53; padding: 3px 14px 3px 0; }
.gl-dashboard .gl-facts td { vertical-align: top; padding: 3px 0; }
.gl-dashboard .gl-facts ul { margin: 0; padding-left: 18px; }
.gl-dashboard .gl-survey { table-layout: fixed; }
.gl-dashboard .gl-survey td:nth-child(2), .gl-dashboard .gl-survey th:nth-child(2) { width: 16%; }
.gl-dashboard .gl-survey td:nth-child(3), .gl-dashboard .gl-survey th:nth-child(3) { width: 30%; }
.gl-dashboard .gl-grid { width: 100%; }
.gl-dashboard .gl-grid caption { text-align: left; font-weight: 600; padding: 6px 0 4px; }
.gl-dashboard .gl-phases { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.gl-dashboard .gl-phases .gl-phase { margin: 4px 0; }
.gl-dashboard .gl-phases h3 { font-size: 1em; }
.gl-dashboard .gl-share { display: inline-block; height: 8px; background: #0b5394;
  border-radius: 3px; vertical-align: middle; margin-left: 6px; }
.gl-dashboard .gl-tick { color: #1a7f37; font-weight: 700; }
.gl-dashboard .gl-open-item { color: #9a6700; font-weight: 700; }
.gl-dashboard ul { margin: 4px 0 8px; }
"""


def _p(text: str, cls: str = "") -> str:
    return f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"


def _date(value: Any) -> str:
    """'2027-04-15' -> '15 April 2027'; other text as typed, escaped later."""
    from .documents.model import long_date

    return long_date(value) if isinstance(value, str) else str(value or "")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.6g}"


def _plural(n: int, noun: str, many: str = "") -> str:
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


def _label(wb: Workbook, step: str, field: str, value: Any, column: str = "") -> str:
    """The label people see for a stored option id ('' for no answer)."""
    return label(wb, step, field, str(value), column) if value else ""


def _table(head: list[str], rows: list[list[str]], caption: str = "", cls: str = "") -> str:
    """A gl-grid table; `head` is plain text, `rows` and `caption` are escaped HTML."""
    cap = f"<caption>{caption}</caption>" if caption else ""
    top = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    head_row = f"<thead><tr>{top}</tr></thead>"
    return f'<table class="gl-grid {cls}">{cap}{head_row}<tbody>{body}</tbody></table>'


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _facts(pairs: list[tuple[str, str]]) -> str:
    """A two-column table of (label, escaped HTML) pairs that have a value."""
    items = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{v}</td></tr>' for k, v in pairs if v)
    return f'<table class="gl-facts">{items}</table>' if items else ""


def _text(wb: Workbook, step: str, field: str) -> str:
    value = wb.get(step, field)
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _rows(wb: Workbook, step: str, field: str) -> list[dict[str, Any]]:
    """The table's rows that hold anything."""
    return rows(wb, step, field)


def _has(wb: Workbook, *steps: str) -> bool:
    """Whether any of `steps` holds an answer."""
    return any(not is_empty(v) for s in steps for v in wb.answers(s).values())


# -- sections: Workbook -> escaped HTML, or a widget list when there are charts ------------


def overview_html(wb: Workbook) -> str:
    """One card per phase: how many steps are complete, as a bar."""
    cards = []
    for phase in wb.progress().phases:
        pct = round(phase.fraction * 100)
        done = sum(s.status == COMPLETE for s in phase.steps)
        cards.append(
            f'<section class="gl-phase"><h3>Phase {phase.number}: {esc(phase.title)}</h3>'
            f'<div class="gl-muted">{done} of {len(phase.steps)} steps complete</div>'
            f'<div class="gl-bar" role="img" aria-label="{pct}% answered">'
            f'<div style="width:{pct}%"></div></div></section>'
        )
    return f'<div class="gl-phases">{"".join(cards)}</div>'


def coalition_html(wb: Workbook) -> str:
    """Phase 1: the problem, the members and partners, and the charter."""
    parts = ["<h2>The coalition and its charter</h2>"]
    problem = _text(wb, "policy-problem", "problem")
    if problem:
        parts.append('<h3>The problem it works on</h3><p class="gl-lead">' + esc(problem) + "</p>")
        parts.append(
            _facts(
                [
                    ("Who is affected", esc(_text(wb, "policy-problem", "affected"))),
                    ("What should change", esc(_text(wb, "policy-problem", "outcome"))),
                ]
            )
        )
    else:
        parts.append(
            "<h3>The problem it works on</h3>"
            + _p("The team has not written down the problem it works on yet.")
        )
    parts.append(_members_html(wb))
    parts.append(_charter_html(wb))
    return "".join(parts)


def _members_html(wb: Workbook) -> str:
    members = _rows(wb, "coalition", "members")
    if not members:
        return "<h3>Members and partners</h3>" + _p(
            "The team has not named its coalition members yet."
        )
    register = {str(r.get("name") or "").strip(): r for r in _rows(wb, "stakeholders", "register")}
    body, orgs = [], []
    for m in members:
        name = str(m.get("stakeholder") or "").strip()
        org = str(register.get(name, {}).get("organization") or "").strip()
        orgs.append(org)
        body.append([esc(name), esc(org), esc(m.get("role") or "")])
    partners = list(dict.fromkeys(o for o in orgs if o))
    lead = (
        f"<p>{_plural(len(members), 'member')} from {_plural(len(partners), 'organization')}: "
        f"{esc(', '.join(partners))}.</p>"
        if partners
        else ""
    )
    return "<h3>Members and partners</h3>" + lead + _table(["Member", "Organization", "Role"], body)


def _charter_html(wb: Workbook) -> str:
    if not _has(wb, "charter"):
        return "<h3>Charter</h3>" + _p("The team has not written its charter yet.")
    principles = [
        _label(wb, "charter", "principles", p) for p in wb.get("charter", "principles", [])
    ]
    signers = _rows(wb, "charter", "signatories")
    signed = [s for s in signers if s.get("signed_on")]
    term = _text(wb, "charter", "term_months")
    facts = [
        ("Vision", esc(_text(wb, "charter", "vision"))),
        ("Mission", esc(_text(wb, "charter", "mission"))),
        (
            "Guiding principles",
            "<ul>" + "".join(f"<li>{esc(p)}</li>" for p in principles if p) + "</ul>"
            if principles
            else "",
        ),
        ("In scope", esc(_text(wb, "charter", "scope_in"))),
        ("Out of scope", esc(_text(wb, "charter", "scope_out"))),
        (
            "Decisions",
            esc(_label(wb, "charter", "decision_rule", wb.get("charter", "decision_rule"))),
        ),
        (
            "Meets",
            esc(_label(wb, "charter", "meeting_cadence", wb.get("charter", "meeting_cadence"))),
        ),
        ("Term", esc(f"{term} months") if term else ""),
        ("Next review", esc(_date(wb.get("charter", "review_date")))),
        (
            "Signed",
            esc(f"{len(signed)} of {_plural(len(signers), 'signatory', 'signatories')} have signed")
            if signers
            else "",
        ),
    ]
    return "<h3>Charter</h3>" + _facts(facts)


def governance_html(wb: Workbook) -> str:
    """Phase 2: governing bodies, gaps in who decides what, and the agreement's elements."""
    return (
        "<h2>Governance</h2>"
        + _bodies_html(wb)
        + _raci_html(wb)
        + "<h3>Data-sharing agreement</h3>"
        + _agreement_html(wb)
    )


def _bodies_html(wb: Workbook) -> str:
    bodies = _rows(wb, "governance", "bodies")
    if not bodies:
        return "<h3>Governing bodies</h3>" + _p("The team has not set up its governing bodies yet.")
    items = "".join(
        f"<li><b>{esc(b.get('body') or '')}</b>"
        + (
            f" (meets {esc(_label(wb, 'governance', 'bodies', b['meets'], 'meets').lower())})"
            if b.get("meets")
            else ""
        )
        + (f": {esc(b.get('purpose'))}" if b.get("purpose") else "")
        + "</li>"
        for b in bodies
    )
    return f"<h3>Governing bodies</h3><ul>{items}</ul>"


def _raci_html(wb: Workbook) -> str:
    from .governance_rules import raci_problem

    head = "<h3>Who decides what</h3>"
    matrix = wb.get("governance", "raci")
    if not matrix:
        return head + _p("The team has not said who decides what yet.")
    decisions = wb.guidebook.step("governance").field("raci").rows
    gaps = [(d.label, p) for d in decisions if (p := raci_problem(matrix.get(d.id, {})))]
    if not gaps:
        return head + _p(
            f"Each of the {len(decisions)} key decisions has one person who makes the final "
            "call and someone who does the work.",
            "gl-ok",
        )
    items = "".join(f"<li>{esc(decision)} {esc(problem)}.</li>" for decision, problem in gaps)
    return head + (
        f'<p class="gl-warn">{len(decisions) - len(gaps)} of {len(decisions)} key decisions have '
        f"a clear owner. Still open:</p><ul>{items}</ul>"
    )


def _agreement_html(wb: Workbook) -> str:
    from .checks.agreement import agreement_elements, regimes_in_use
    from .content.legal import legal

    if not _has(wb, "agreement"):
        return _p("The team has not drafted its data-sharing agreement yet.")
    instrument = _label(wb, "agreement", "instrument", wb.get("agreement", "instrument"))
    start, end = wb.get("agreement", "term_start"), wb.get("agreement", "term_end")
    parties = [s.get("party") for s in _rows(wb, "agreement", "signatories") if s.get("party")]
    facts = _facts(
        [
            ("Kind", esc(instrument)),
            ("Runs", esc(f"{_date(start)} to {_date(end)}") if start and end else ""),
            ("Parties", esc(", ".join(dict.fromkeys(str(p) for p in parties)))),
            ("Data destroyed by", esc(_date(wb.get("agreement", "destruction_date")))),
        ]
    )
    if not regimes_in_use(wb):
        return facts + _p("The team has not yet named the law that governs each data set.")
    regimes = legal().regimes
    statuses = agreement_elements(wb)
    lines, missing = [], []
    for rid in dict.fromkeys(s.regime for s in statuses):
        mine = [s for s in statuses if s.regime == rid]
        met = sum(s.satisfied for s in mine)
        mark = "gl-tick" if met == len(mine) else "gl-open-item"
        sign = "✓" if met == len(mine) else "◐"
        lines.append(
            f'<li><span class="{mark}" aria-hidden="true">{sign}</span> '
            f"{esc(_upper_first(regimes[rid].name))}: "
            f"{met} of {len(mine)} required terms in place</li>"
        )
        missing += [
            f"{s.text[:1].upper()}{s.text[1:]} ({s.citation})." for s in mine if not s.satisfied
        ]
    gaps = (
        "<p>Still to add:</p><ul>" + "".join(f"<li>{esc(m)}</li>" for m in missing) + "</ul>"
        if missing
        else _p("Every term these rules require is in the draft.", "gl-ok")
    )
    return facts + f'<ul class="gl-steps">{"".join(lines)}</ul>' + gaps


def launch_html(wb: Workbook, today: dt.date | None = None) -> str:
    """Phase 2, step 2.4: the launch checklist and the milestones with their owners."""
    from .reviews import parse_date

    today = today or dt.date.today()
    parts = ["<h2>Launch</h2>"]
    spec = wb.guidebook.step("launch").field("checklist")
    ticked = set(wb.get("launch", "checklist", []))
    if ticked:
        items = "".join(
            f'<li><span class="{"gl-tick" if o.id in ticked else "gl-muted"}" aria-hidden="true">'
            f"{'✓' if o.id in ticked else '○'}</span> {esc(o.label)}"
            f"{'' if o.id in ticked else ' <span class=gl-muted>(not yet)</span>'}</li>"
            for o in spec.options
        )
        parts.append(f'<ul class="gl-steps">{items}</ul>')
    milestones = _rows(wb, "launch", "milestones")
    if not milestones:
        parts.append(_p("The team has not set its launch milestones yet."))
        return "".join(parts)
    done = sum(bool(m.get("done")) for m in milestones)
    body = []
    for m in milestones:
        due = parse_date(m.get("due"))
        if m.get("done"):
            state = '<span class="gl-ok">Done</span>'
        elif due and due < today:
            state = '<span class="gl-warn">Overdue</span>'
        else:
            state = "Planned"
        body.append(
            [
                esc(m.get("milestone") or ""),
                esc(m.get("owner") or ""),
                esc(_date(m.get("due"))),
                state,
            ]
        )
    parts.append(f"<p>{done} of {_plural(len(milestones), 'milestone')} done.</p>")
    parts.append(_table(["Milestone", "Owner", "Due", "Status"], body))
    return "".join(parts)


def metrics_parts(wb: Workbook) -> list[str | Chart]:
    """Phase 3, step 3.1: each metric against its target, as a sentence, a chart and a table."""
    from .impact import metric_status

    statuses = metric_status(wb)
    head = "<h2>Metrics against targets</h2>"
    if not statuses:
        return [head + _p("The team has not set its metrics yet.")]
    good = sum(bool(m.on_track) for m in statuses)
    body = [
        [
            esc(m.metric),
            esc(_number(m.baseline)),
            esc(_number(m.latest))
            + (
                f" <span class=gl-muted>({esc(_date(m.latest_date.isoformat()))})</span>"
                if m.latest_date
                else ""
            ),
            esc(_number(m.target)),
            esc(m.state.capitalize()),
        ]
        for m in statuses
    ]
    lead = f"<p>{good} of {_plural(len(statuses), 'metric')} on track or met.</p>"
    table = _table(["Metric", "Baseline", "Latest", "Target", "Where it stands"], body)
    return [head + lead, Chart("metrics_chart"), table]


def feedback_parts(wb: Workbook) -> list[str | Chart]:
    """Phase 3, steps 3.3-3.4: whether feedback is settling, by the team's own rule."""
    from .impact import minimal_status, rounds

    head = "<h2>Is feedback settling down?</h2>"
    found = rounds(wb)
    if not found:
        return [head + _p("The team has not logged any feedback yet.")]
    status = minimal_status(wb)
    kind = "gl-ok" if status.reached else ""
    lead = _p(status.definition) + (_p(status.summary, kind) if status.summary else "")
    return [head + lead, Chart("convergence_chart")]


def survey_html(wb: Workbook) -> str:
    """Phase 3, step 3.2: the survey's answers in their latest release (`survey.releases`),
    with small counts hidden (suppressed)."""
    from .survey.form import survey_definition
    from .survey.store import count, responses_path

    head = "<h2>What the community said</h2>"
    definition = survey_definition(wb)
    if not definition.all:
        return head + _p("The team has not written its survey yet.")
    if not responses_path(wb).exists() or not count(wb):
        return head + _p(
            "No one has answered the survey here yet, so there are no results to show."
        )
    from .survey.releases import published_results, status

    latest, results = published_results(wb)
    if latest is None or results is None:
        return head + _p(
            f"The first results will appear here once {status(wb).threshold} people have "
            "answered. Results come out in batches, so that no one's answers can be worked "
            "out by comparing the page from one day to the next."
        )
    policy = results.policy
    parts = [
        head,
        f"<p><b>{_plural(results.respondents, 'person', 'people')} answered.</b> To protect "
        f"privacy, any group smaller than {policy.minimum} is hidden, and so is any number that "
        "would let someone work one out.</p>",
        _p(
            f"Released on {_date(latest.made_at[:10])}. New answers are added in batches of at "
            f"least {policy.minimum} people, so no one's answers can be worked out by comparing "
            "the page from one day to the next.",
            "gl-muted",
        ),
    ]
    for d in results.distributions:
        if d.question.demographic:
            continue
        body = []
        for answer, cell in zip(d.labels, d.cells, strict=True):
            if cell.hidden:
                body.append([esc(answer), HIDDEN, ""])
                continue
            share = (
                f'{cell.percent:.0f}% <span class="gl-share" '
                f'style="width:{cell.percent * 1.5:.0f}px"></span>'
                if cell.percent is not None
                else ""
            )
            body.append([esc(answer), f"{cell.count:,}", share])
        caption = esc(d.question.text) + (
            ' <span class="gl-muted">(people could choose more than one)</span>'
            if d.question.kind == "multiple"
            else ""
        )
        parts.append(_table(["Answer", "People", "Share"], body, caption, "gl-survey"))
    written = sum(len(texts) for _q, texts in results.open_answers)
    if written:
        parts.append(
            _p(
                f"People also wrote {_plural(written, 'answer')} in their own words. They are not "
                "shown here, because they may name or describe someone.",
                "gl-muted",
            )
        )
    return "".join(parts)


Parts = list["str | Chart"]
Section = Callable[[Workbook], "str | Parts"]

#: The sections in page order: (title, steps whose answers make it appear, builder).
PHASE2 = step_ids("governance", "feedback-loop", "agreement", "launch", name="PHASE2")
PHASE3 = step_ids("reevaluate", "survey", "iterate", "until-minimal", "scale-up", name="PHASE3")
SECTIONS: tuple[tuple[str, tuple[str, ...], Section], ...] = (
    ("the coalition and its charter", (), coalition_html),
    ("governance", PHASE2, governance_html),
    ("launch milestones", PHASE2, launch_html),
    ("metrics against targets", PHASE3, metrics_parts),
    ("feedback rounds", PHASE3, feedback_parts),
    ("the community survey", PHASE3, survey_html),
)


def section_parts(title: str, build: Section, wb: Workbook) -> Parts:
    """A section's parts; one failing becomes a sentence, and the others still show."""
    try:
        made = build(wb)
        return [made] if isinstance(made, str) else list(made)
    except Exception as exc:  # noqa: BLE001 - one section failing must not hide the others
        return [
            f"<h2>{esc(_upper_first(title))}</h2>"
            + _p(f"This part could not be shown: {plain(exc)}", "gl-error")
        ]


def title_html(wb: Workbook) -> str:
    """The team's name and the date of its last save (the date only: the change log's
    names and fields stay out of every view)."""
    history = wb.history
    when = history[-1].get("at", "")[:10] if history else wb.team.get("created", "")[:10]
    note = str(wb.team.get("note") or "").strip()
    return (
        f"<h1>{esc(wb.name)}</h1>"
        '<p class="gl-muted">From the team&#x27;s own workbook, last updated '
        f"{esc(_date(when))}.</p>" + (f'<div class="gl-notice">{esc(note)}</div>' if note else "")
    )


def later_html(wb: Workbook, sections=None) -> str:  # noqa: ANN001 - SECTIONS' shape
    """The sentence naming the sections still to come ('' when all are shown)."""
    later = [t for t, steps, _b in sections or SECTIONS if steps and not _has(wb, *steps)]
    if not later:
        return ""
    return _p(f"More will appear here as the team reaches it: {join_words(later)}.", "gl-muted")


#: How the numbers under a chart (`charts.accessible.numbers_html`) look, on this page and
#: in the apps (`ui._style` adds it to their stylesheet).
NUMBERS_CSS = """
.gl-numbers { margin: 0 0 14px; font-size: 13px; }
.gl-numbers > summary { cursor: pointer; font-weight: 600; color: #0550ae; padding: 2px 0; }
.gl-numbers > summary:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
.gl-numbers table { border-collapse: collapse; margin: 4px 0; }
.gl-numbers caption { text-align: left; font-weight: 600; padding: 2px 0; }
.gl-numbers th, .gl-numbers td, .jp-OutputArea .gl-numbers th, .jp-OutputArea .gl-numbers td {
  border: 1px solid #d0d7de; padding: 3px 8px;
  text-align: left; vertical-align: top; }
.gl-numbers thead th { background: #f6f8fa; }
"""
PAGE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  margin: 24px auto; padding: 0 16px; }
.gl-app { max-width: 880px; font-size: 15px; line-height: 1.45; color: #1f2328; }
.gl-app h1 { font-size: 1.6em; margin: 0.2em 0 0.1em; }
.gl-app h2 { font-size: 1.3em; margin: 0.8em 0 0.3em; }
.gl-app h3 { font-size: 1.1em; margin: 0.6em 0 0.2em; }
.gl-app p { margin: 4px 0; }
.gl-muted { color: #57606a; }
.gl-ok { color: #1a7f37; }
.gl-warn { color: #9a6700; }
.gl-error { color: #b42318; font-weight: 600; }
.gl-phase { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 14px; margin: 8px 0; }
.gl-bar { background: #e6e9ed; border-radius: 4px; height: 10px; width: 100%; }
.gl-bar > div { background: #1a7f37; height: 10px; border-radius: 4px; }
.gl-steps { list-style: none; padding-left: 0; margin: 6px 0 0; }
.gl-notice { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px;
  padding: 6px 12px; margin: 6px 0; }
.gl-grid { border-collapse: collapse; margin: 4px 0 8px; }
.gl-grid th, .gl-grid td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left;
  vertical-align: top; }
.gl-grid th { background: #f6f8fa; }
.gl-copy { border-top: 1px solid #d0d7de; margin-top: 24px; padding-top: 6px; }
@media print { .js-plotly-plot { break-inside: avoid; } }
"""
CHART_CONFIG = {"displayModeBar": False, "responsive": True}


def _chart_html(wb: Workbook, chart: Chart, n: int) -> str:
    try:
        fig = chart.figure(wb)
    except Exception as exc:  # noqa: BLE001 - one broken chart must not sink the page
        return _p(f"This chart could not be drawn: {plain(exc)}", "gl-error")
    from .charts.accessible import chart_block  # lazy, like the figure itself

    plot = fig.to_html(
        full_html=False, include_plotlyjs=False, div_id=f"gl-chart-{n}", config=CHART_CONFIG
    )
    return chart_block(fig, plot)  # named for screen readers, with its numbers after


def page_html(wb: Workbook, today: dt.date | None = None) -> str:
    """The dashboard as one self-contained HTML file: exactly the sections the page shows,
    with its charts (plotly.js inline, so it opens with no network), read-only."""
    body = [title_html(wb), overview_html(wb)]
    charts = 0
    for title, steps, build in SECTIONS:
        if steps and not _has(wb, *steps):
            continue
        parts = []
        for part in section_parts(title, build, wb):
            if isinstance(part, Chart):
                charts += 1
                parts.append(_chart_html(wb, part, charts))
            else:
                parts.append(part)
        body.append(f'<section class="gl-section">{"".join(parts)}</section>')
    body.append(later_html(wb))
    stamp = long_day(today or dt.date.today())
    body.append(
        '<p class="gl-copy gl-muted">A copy of the stakeholder dashboard as it stood on '
        f"{esc(stamp)}. It is read-only and shows only what the dashboard shows.</p>"
    )
    script = plotly_js() if charts else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(wb.name)}: {esc(TITLE.lower())}</title>"
        f"<style>{PAGE_CSS}{NUMBERS_CSS}{DASHBOARD_CSS}</style>{script}</head>"
        f'<body><main class="gl-app gl-dashboard">{"".join(body)}</main></body></html>\n'
    )


def long_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def plotly_js() -> str:
    """plotly.js itself, inline: the file must draw its charts with no network."""
    from .charts.embed import plotly_script  # lazy: plotly is slow to import

    return plotly_script()
