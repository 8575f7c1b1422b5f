"""Findings and the registry of checks, looked up by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..workbook import Workbook

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


Check = Callable[[Workbook], list[Finding]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register a check under `name`; `guidelib validate` runs every registered check."""

    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


def run_checks(wb: Workbook, names: list[str] | None = None) -> list[Finding]:
    """Run the named checks (all by default) and return their findings in order."""
    return [f for name in (names or list(CHECKS)) for f in CHECKS[name](wb)]
