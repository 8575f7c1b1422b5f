"""Governance rules other packages use (the checks, impact's readiness, the charts, the
matrix widget, the dashboard): kept below all of them, so that `checks/` holds only the
`@check` adapters and no package imports `checks` for a rule."""

from __future__ import annotations


def raci_problem(cells: dict[str, str]) -> str:
    """What is wrong with one decision's row of the RACI matrix ('' when nothing).

    >>> raci_problem({"Ana": "a", "Ben": "r"})
    ''
    >>> raci_problem({"Ana": "a", "Ben": "a"})
    'has 2 people who make the final call (A); it needs exactly one'
    """
    accountable = sum(v == "a" for v in cells.values())
    responsible = sum(v == "r" for v in cells.values())
    problems = []
    if accountable != 1:
        problems.append(
            "has no one who makes the final call (A)"
            if accountable == 0
            else f"has {accountable} people who make the final call (A); it needs exactly one"
        )
    if responsible == 0:
        problems.append("has no one who does the work (R)")
    return " and ".join(problems)
