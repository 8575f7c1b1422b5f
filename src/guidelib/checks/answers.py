"""Checks that every stored answer fits the guidebook as it is now."""

from __future__ import annotations

from ..content import Field, Step
from ..errors import AnswerError
from ..workbook import Workbook
from ..workbook.values import check_value
from ._core import ERROR, WARNING, Finding, check


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
        if (step_id, field_id) in wb.invalid:  # reported by the "stored-types" check
            continue
        try:
            check_value(step, spec, value, stored=True)
        except AnswerError as exc:
            findings.append(Finding(ERROR, str(exc), step_id, field_id))
    return findings


@check("references")
def check_references(wb: Workbook) -> list[Finding]:
    """Choices drawn from another table (`options_from`) still name one of its entries,
    e.g. a coalition member who was renamed or removed from the stakeholder register."""
    findings = []
    for step in wb.guidebook.steps:
        for field in step.fields:
            answer = wb.get(step.id, field.id)
            if field.type == "matrix":  # its columns are the names
                names = [list(cells) for cells in (answer or {}).values()]
                findings += _stale(wb, step, field, field, names)
            elif field.options_from:
                findings += _stale(wb, step, field, field, [answer])
            for column in field.columns:
                if column.options_from:
                    chosen = [row.get(column.id) for row in answer or []]
                    findings += _stale(wb, step, field, column, chosen)
    return findings


def _stale(wb: Workbook, step: Step, field: Field, spec: Field, chosen: list) -> list[Finding]:
    listed = set(wb.column_values(spec.options_from))
    names: list[str] = []
    for value in chosen:
        for name in value if isinstance(value, list) else [value]:
            if isinstance(name, str) and name and name not in listed and name not in names:
                names.append(name)
    source_step_id, source_field_id = spec.options_from.split(".")[:2]
    source = wb.guidebook.step(source_step_id)
    where = f'"{source.field(source_field_id).label}" (step {source.number})'
    return [
        Finding(WARNING, f'"{name}" in "{spec.label}" is not in {where}.', step.id, field.id)
        for name in names
    ]
