"""The shapes shared by `kanon` (the measure) and `generalize` (the plan): what a plan must
reach, one suggested generalization, and a measured row. Kept apart so neither of those
two modules imports the other at the top (no import cycle)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Suggestion:
    """A generalization of one column and what it gives: k and records below the target;
    with sensitive columns, l and records in groups below the l target."""

    column: str
    change: str
    k: int
    at_risk: int
    l: int | None = None  # noqa: E741 - l is the measure's name
    l_at_risk: int = 0


@dataclass
class Targets:
    """What the plan must reach, and how each sensitive column keeps its values' sets."""

    k: int
    l: int = 1  # noqa: E741 - l is the measure's name
    kinds: list[str] = field(default_factory=list)  # per sensitive column: "bits" or "list"
    coded: set[int] = field(default_factory=set)  # quasi-identifiers held as ENUMs


def measure_of(row: Sequence[Any]) -> tuple[int, int, int | None, int, int]:
    """(k, records below k, l or None, records below l, records failing either)."""
    k, at_risk, least, l_at_risk, failing = row
    return int(k), int(at_risk), None if least is None else int(least), int(l_at_risk), int(failing)
