"""Stored answers checked against their fields when a workbook is read.

A file edited by hand, written by another version or shared by someone else may hold an
answer of the wrong type (`charter.vision` a number, a register that is text). Such an
answer is kept in the file, never lost, but `Workbook.get` gives the field's default for it
and `invalid` names the problem in a sentence, which `guidelib validate` reports. Every
document, chart and check therefore only ever sees answers of the right shape.
"""

from __future__ import annotations

from typing import Any

from ..content import Field, Guidebook, Step
from ..errors import AnswerError
from .values import check_value

Key = tuple[str, str]

#: What each field type holds, as said to a person.
EXPECTED = {
    "text": "text",
    "longtext": "text",
    "choice": "text (one of its choices)",
    "multichoice": "a list of choices",
    "scale": "a whole number from 1 to 5",
    "date": "a date written as YYYY-MM-DD",
    "number": "a number",
    "bool": "yes or no (true or false)",
    "matrix": "a grid of choices (an object of rows)",
    "review": "an answer with an optional note (an object)",
    "table": "a table (a list of rows)",
}
#: The JSON types each field type may be stored as.
_SHAPES: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "longtext": (str,),
    "choice": (str,),
    "multichoice": (list,),
    "scale": (int, float, str),
    "date": (str,),
    "number": (int, float, str),
    "bool": (bool,),
    "matrix": (dict,),
    "review": (dict,),
    "table": (list,),
}


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
    shapes = _SHAPES.get(field.type, (object,))
    if isinstance(value, bool) and bool not in shapes:
        return False
    return isinstance(value, shapes)


def problem(step: Step, field: Field, value: Any, error: Exception) -> str:
    """The sentence `validate` shows for a stored answer that does not fit its field."""
    kept = " The value is kept in the file but not used until it is corrected."
    if not _fits_shape(field, value):
        return (
            f'{step.id}.{field.id} ("{field.label}", step {step.number}) should be '
            f"{EXPECTED.get(field.type, field.type)}; it is {json_kind(value)}.{kept}"
        )
    if isinstance(error, AnswerError):
        return f"{error}{kept}"  # it names the field and the step
    return f'{step.id}.{field.id} ("{field.label}", step {step.number}) cannot be read.{kept}'


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
            try:
                field = step.field(field_id)
            except KeyError:
                continue
            try:
                stored = check_value(step, field, value, stored=True)
            except (AnswerError, TypeError, ValueError, RecursionError) as exc:
                invalid[(step_id, field_id)] = problem(step, field, value, exc)
                continue
            if stored is not None:
                usable.setdefault(step_id, {})[field_id] = stored
    return usable, invalid
