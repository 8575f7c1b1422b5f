"""Stored answers checked against their fields when a workbook is read.

A file edited by hand, written by another version or shared by someone else may hold an
answer of the wrong type (`charter.vision` a number, a register that is text). Such an
answer is kept in the file, never lost, but `Workbook.get` gives the field's default for it
and `invalid` names the problem in a sentence, which `guidelib validate` reports. Every
document, chart and check therefore only ever sees answers of the right shape.
"""

from __future__ import annotations

import pickle
from typing import Any

from ..content import Field, Guidebook, Step, field_type
from ..errors import AnswerError
from .values import check_value

Key = tuple[str, str]

def json_kind(value: Any) -> str:
    """'a number', 'text', 'a list', ... for a value read from JSON."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _fits_shape(field: Field, value: Any) -> bool:
    shapes = field_type(field).stored_as
    if isinstance(value, bool) and bool not in shapes:
        return False
    return isinstance(value, shapes)


def problem(step: Step, field: Field, value: Any, error: Exception) -> str:
    """The sentence `validate` shows for a stored answer that does not fit its field."""
    kept = " The value is kept in the file but not used until it is corrected."
    if not _fits_shape(field, value):
        return (
            f'{step.id}.{field.id} ("{field.label}", step {step.number}) should be '
            f"{field_type(field).expected}; it is {json_kind(value)}.{kept}"
        )
    if isinstance(error, AnswerError):
        return f"{error}{kept}"  # it names the field and the step
    return f'{step.id}.{field.id} ("{field.label}", step {step.number}) cannot be read.{kept}'


# The last check of each field: {(step, field): (guidebook, value's fingerprint, stored
# form, problem)}. Entries check themselves (same guidebook object, same fingerprint), so
# any workbook may use any entry; a save re-reads the whole file, and the facilitator
# view opens every team's, but most answers are the same as last time.
_LAST: dict[Key, tuple[Guidebook, bytes, Any, str | None]] = {}


def check_stored(
    guidebook: Guidebook, answers: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], dict[Key, str]]:
    """(the usable answers in their stored form, {(step, field): problem sentence}).
    Answers to fields the guidebook does not have are left out of both (`checks.answers`
    reports them; `Workbook.items()` still has them)."""
    usable: dict[str, dict[str, Any]] = {}
    invalid: dict[Key, str] = {}
    for step_id, fields in answers.items():
        try:
            step = guidebook.step(step_id)
        except KeyError:
            continue
        for field_id, value in fields.items():
            key = (step_id, field_id)
            raw = _fingerprint(value)
            seen = _LAST.get(key)
            if seen is not None and seen[0] is guidebook and seen[1] == raw and raw:
                stored, problem_text = seen[2], seen[3]
            else:
                stored, problem_text = _check_one(step, field_id, value)
                _LAST[key] = (guidebook, raw, stored, problem_text)
            if problem_text is not None:
                invalid[key] = problem_text
            elif stored is not None:
                usable.setdefault(step_id, {})[field_id] = stored
    return usable, invalid


def _fingerprint(value: Any) -> bytes:
    """Equal only for the same JSON value with the same types (True == 1 == 1.0 in Python,
    but not in a field's type); pickle is C-fast."""
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError, TypeError):
        return b""  # never equal to a real fingerprint: checked again


def _check_one(step: Step, field_id: str, value: Any) -> tuple[Any, str | None]:
    try:
        field = step.field(field_id)
    except KeyError:
        return None, None  # unknown field: neither usable nor a type problem
    try:
        return check_value(step, field, value, stored=True), None
    except (AnswerError, TypeError, ValueError, RecursionError) as exc:
        return None, problem(step, field, value, exc)
