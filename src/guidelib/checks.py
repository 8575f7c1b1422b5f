"""Checks over a whole workbook, looked up by name; `guidelib validate` runs them all.

A check is a function `Workbook -> list[Finding]` registered with `@check("name")`. Later
layers (agreement elements, RACI rules, disclosure control) add their own here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .errors import AnswerError
from .workbook import Workbook
from .workbook.values import check_value

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR makes `guidelib validate` exit 1; WARNING is shown only
    message: str  # one plain sentence
    step: str = ""
    field: str = ""
    rule: str = ""  # the regulation or policy behind the finding, when there is one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


CHECKS: dict[str, Callable[[Workbook], list[Finding]]] = {}


def check(
    name: str,
) -> Callable[[Callable[[Workbook], list[Finding]]], Callable[[Workbook], list[Finding]]]:
    def register(fn: Callable[[Workbook], list[Finding]]) -> Callable[[Workbook], list[Finding]]:
        CHECKS[name] = fn
        return fn

    return register


@check("answers")
def check_answers(wb: Workbook) -> list[Finding]:
    """Every stored answer fits its field; answers to fields the guidebook no longer has
    are reported (and kept: nothing is deleted)."""
    findings = []
    for step_id, field_id, value in wb.items():
        try:
            step, spec = wb.spec(step_id, field_id)
        except AnswerError as exc:
            findings.append(
                Finding(
                    WARNING,
                    f"{exc} The answer is kept in the file but not shown.",
                    step_id,
                    field_id,
                )
            )
            continue
        try:
            check_value(step, spec, value)
        except AnswerError as exc:
            findings.append(Finding(ERROR, str(exc), step_id, field_id))
    return findings


def run_checks(wb: Workbook, names: list[str] | None = None) -> list[Finding]:
    """Run the named checks (all by default) and return their findings in order."""
    return [f for name in (names or list(CHECKS)) for f in CHECKS[name](wb)]
