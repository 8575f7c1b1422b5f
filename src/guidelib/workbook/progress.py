"""How far a team has got: per step, per phase and overall, computed from the answers.

A step counts its required fields (all fields if every one is optional); a step is
complete when each of them has an answer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..content import Guidebook, Step
from .values import is_empty

NOT_STARTED, IN_PROGRESS, COMPLETE = "not started", "in progress", "complete"


@dataclass(frozen=True)
class StepProgress:
    id: str
    number: str
    title: str
    answered: int
    total: int

    @property
    def status(self) -> str:
        if self.answered == 0:
            return NOT_STARTED
        return COMPLETE if self.answered >= self.total else IN_PROGRESS

    @property
    def fraction(self) -> float:
        return self.answered / self.total if self.total else 1.0


@dataclass(frozen=True)
class PhaseProgress:
    id: str
    number: int
    title: str
    steps: tuple[StepProgress, ...]

    @property
    def complete(self) -> int:
        return sum(s.status == COMPLETE for s in self.steps)

    @property
    def fraction(self) -> float:
        return sum(s.fraction for s in self.steps) / len(self.steps)


@dataclass(frozen=True)
class Progress:
    phases: tuple[PhaseProgress, ...]

    @property
    def steps(self) -> tuple[StepProgress, ...]:
        return tuple(s for p in self.phases for s in p.steps)

    @property
    def complete(self) -> int:
        return sum(p.complete for p in self.phases)

    @property
    def fraction(self) -> float:
        steps = self.steps
        return sum(s.fraction for s in steps) / len(steps)

    def step(self, step_id: str) -> StepProgress:
        return next(s for s in self.steps if s.id == step_id)

    def next_step(self, phase_id: str | None = None) -> StepProgress:
        """The first step (of a phase, if given) that is not complete; the last when all are."""
        steps = [s for p in self.phases if phase_id in (None, p.id) for s in p.steps]
        return next((s for s in steps if s.status != COMPLETE), steps[-1])

    def to_dict(self) -> dict[str, Any]:
        return {
            "complete_steps": self.complete,
            "total_steps": len(self.steps),
            "fraction": round(self.fraction, 4),
            "phases": [
                {
                    "id": p.id,
                    "number": p.number,
                    "title": p.title,
                    "complete_steps": p.complete,
                    "fraction": round(p.fraction, 4),
                    "steps": [{**asdict(s), "status": s.status} for s in p.steps],
                }
                for p in self.phases
            ],
        }


def step_progress(step: Step, answers: dict[str, Any]) -> StepProgress:
    counted = step.required_fields or step.fields
    answered = sum(not is_empty(answers.get(f.id)) for f in counted)
    return StepProgress(step.id, step.number, step.title, answered, len(counted))


def progress(guidebook: Guidebook, answers: dict[str, dict[str, Any]]) -> Progress:
    return Progress(
        tuple(
            PhaseProgress(
                p.id,
                p.number,
                p.title,
                tuple(step_progress(s, answers.get(s.id, {})) for s in p.steps),
            )
            for p in guidebook.phases
        )
    )
