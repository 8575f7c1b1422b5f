"""Check and normalize an answer against its field spec, by the field's type.

The checkers live with the field types (`content.fieldtypes`); `check_value` runs the
field's one and turns its few words into an `AnswerError` that names the step and the
field. `is_empty` and `clean_text` are re-exported from there for the layers above.
"""

from __future__ import annotations

from typing import Any

from ..content import Field, Step, field_type
from ..content.fieldtypes import BadValue, clean_text, is_empty  # noqa: F401 - re-exported
from ..errors import AnswerError
from ..textsafe import BIDI_OVERRIDES


def has_bidi_overrides(value: Any) -> bool:
    """Whether any text in a (checked, so shallow) answer holds a bidirectional override."""
    if isinstance(value, str):
        return any(ch in BIDI_OVERRIDES for ch in value)
    if isinstance(value, dict):
        return any(has_bidi_overrides(k) or has_bidi_overrides(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_bidi_overrides(v) for v in value)
    return False



def _where(step: Step, field: Field) -> str:
    return f'"{field.label}" (step {step.number}, {step.title})'


def check_value(step: Step, field: Field, value: Any, stored: bool = False) -> Any:
    """Return `value` in its stored form, or None for 'no answer'; raise `AnswerError`.

    `stored=True` checks a value read from a file: blank table rows are dropped there
    instead of refused.

    >>> from guidelib.content import GUIDEBOOK
    >>> step = GUIDEBOOK.step("charter")
    >>> check_value(step, step.field("term_months"), "24")
    24
    """
    if value is None:
        return None
    kind = field_type(field)
    if not kind.structured and is_empty(value):
        return None
    try:
        out = kind.check(field, value, stored)
    except BadValue as bad:
        raise AnswerError(bad.sentence(_where(step, field))) from None
    return None if kind.structured and out == kind.empty else out
