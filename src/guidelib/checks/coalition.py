"""Phase 1 checks: who is missing from the stakeholder register and from the coalition,
and the smallest group from the register that would cover everything.

A minimum viable coalition needs, per the guidebook's step 1.5: a provider for every data
set the policy questions need (a data-provider stakeholder from the data set's owner
organization), a data user, a voice of the impacted community, legal counsel and an
executive sponsor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..workbook import Workbook
from ._core import WARNING, Finding, check

# The register must include these kinds (step 1.2): a voice for the people in the data,
# someone who can say what the law allows, and someone who holds the data.
REGISTER_NEEDS = {
    "impacted-community": "no voice of the community the data describes",
    "legal-privacy": "no legal or privacy counsel",
    "data-provider": "no one who holds the data",
}
# The coalition's roles, besides a provider for each data set the questions need.
COALITION_ROLES = {
    "data-user": "a data user",
    "impacted-community": "a voice of the impacted community",
    "legal-privacy": "legal counsel",
    "executive-sponsor": "an executive sponsor",
}


@dataclass(frozen=True)
class Need:
    """One thing the coalition must have: a stakeholder kind, or a data set's provider."""

    id: str  # "kind:legal-privacy" or "dataset:<name>"
    label: str  # plain words, e.g. "legal counsel"
    kind: str = ""  # the stakeholder kind that fills it
    owner: str = ""  # for a data set: the organization that must provide it


@dataclass(frozen=True)
class Coverage:
    needs: tuple[Need, ...]
    covered_by: dict[str, tuple[str, ...]] = field(default_factory=dict)  # need id -> names
    unknown_members: tuple[str, ...] = ()  # members not in the register
    unlinked: bool = False  # no data set is linked to a question yet

    @property
    def missing(self) -> tuple[Need, ...]:
        return tuple(n for n in self.needs if not self.covered_by.get(n.id))


@dataclass(frozen=True)
class Proposal:
    names: tuple[str, ...]  # the smallest group of register entries covering what can be
    uncoverable: tuple[Need, ...]  # needs no one in the register can meet


def _norm(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def register(wb: Workbook) -> list[dict[str, Any]]:
    """The stakeholder register rows that have a name."""
    return [r for r in wb.get("stakeholders", "register", []) if str(r.get("name", "")).strip()]


def needs(wb: Workbook) -> tuple[list[Need], bool]:
    """What the coalition needs, and whether any data set is linked to a question."""
    rows = [r for r in wb.get("capacity", "inventory", []) if r.get("dataset")]
    linked = [r for r in rows if r.get("serves")]
    found = [
        Need(
            f"dataset:{r['dataset']}",
            f'a provider of "{r["dataset"]}"' + (f" ({r['owner']})" if r.get("owner") else ""),
            "data-provider",
            r.get("owner", ""),
        )
        for r in linked
    ]
    found += [Need(f"kind:{k}", label, k) for k, label in COALITION_ROLES.items()]
    return found, bool(rows) and not linked


def covers(row: dict[str, Any], need: Need) -> bool:
    """Whether a register entry meets a need (providers must come from the owner)."""
    if row.get("kind") != need.kind:
        return False
    return not need.owner or _norm(row.get("organization")) == _norm(need.owner)


def coverage(wb: Workbook) -> Coverage:
    """What the coalition's members cover, and what they still lack."""
    by_name = {_norm(r["name"]): r for r in register(wb)}
    members = [m.get("stakeholder", "") for m in wb.get("coalition", "members", [])]
    members = [m for m in members if str(m).strip()]
    rows = [by_name[_norm(m)] for m in members if _norm(m) in by_name]
    found, unlinked = needs(wb)
    covered = {n.id: tuple(r["name"] for r in rows if covers(r, n)) for n in found}
    unknown = tuple(m for m in members if _norm(m) not in by_name)
    return Coverage(tuple(found), covered, unknown, unlinked)


def smallest_cover(wb: Workbook) -> Proposal:
    """The fewest register entries that together meet every need they can meet.

    Exact: a shortest-path search over the sets of needs met so far (at most 2**n states
    for n needs; a coalition has a handful), taking entries in register order on ties.
    """
    rows = register(wb)
    found, _ = needs(wb)
    masks = [sum(1 << i for i, n in enumerate(found) if covers(r, n)) for r in rows]
    goal = 0
    for mask in masks:
        goal |= mask
    picked = _exact(masks, goal) if len(found) <= EXACT_LIMIT else _greedy(masks, goal)
    names = tuple(rows[i]["name"] for i in picked)
    uncoverable = tuple(n for i, n in enumerate(found) if not goal >> i & 1)
    return Proposal(names, uncoverable)


# Past this many needs the exact search could take long; greedy is within ln(n) of best.
EXACT_LIMIT = 16


def _greedy(masks: list[int], goal: int) -> tuple[int, ...]:
    picked: list[int] = []
    state = 0
    while state != goal:
        i = max(range(len(masks)), key=lambda j: (bin(masks[j] & ~state).count("1"), -j))
        picked.append(i)
        state |= masks[i]
    return tuple(picked)


def _exact(masks: list[int], goal: int) -> tuple[int, ...]:
    best: dict[int, tuple[int, ...]] = {0: ()}
    frontier = [0]
    while goal not in best and frontier:
        nxt = []
        for state in frontier:
            for i, mask in enumerate(masks):
                new = state | mask
                if new not in best:
                    best[new] = (*best[state], i)
                    nxt.append(new)
        frontier = nxt
    return best[goal]


@check("stakeholders")
def check_register(wb: Workbook) -> list[Finding]:
    """Step 1.2: warn when the register lacks a kind every coalition needs."""
    rows = register(wb)
    if not rows:
        return []
    kinds = {r.get("kind") for r in rows}
    return [
        Finding(WARNING, f"The stakeholder register has {lack} yet.", "stakeholders", "register")
        for k, lack in REGISTER_NEEDS.items()
        if k not in kinds
    ]


@check("coalition")
def check_coalition(wb: Workbook) -> list[Finding]:
    """Step 1.5: name what the chosen coalition still lacks."""
    if not wb.get("coalition", "members"):
        return []
    result = coverage(wb)
    findings = [
        Finding(WARNING, f"The coalition still lacks {n.label}.", "coalition", "members")
        for n in result.missing
    ]
    if result.unlinked:
        findings.append(
            Finding(
                WARNING,
                'No data set is linked to a question yet (step 1.3, "Questions it helps '
                'answer"), so providers cannot be checked.',
                "capacity",
                "inventory",
            )
        )
    return findings
