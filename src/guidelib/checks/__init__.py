"""Checks over a whole workbook, looked up by name; `guidelib validate` runs them all.

A check is a function `Workbook -> list[Finding]` registered with `@check("name")` in a
module of this package (imported below so that it registers). Later layers (agreement
elements, RACI rules, disclosure control) add their own modules here.
"""

# imported so that their checks register
from . import (  # noqa: F401
    agreement,
    answers,
    coalition,
    consistency,
    governance,
    impact,
    parties,
    review,
    stored,
    survey_languages,
)
from ._core import CHECKS, ERROR, WARNING, Check, Finding, check, run_checks

__all__ = ["CHECKS", "ERROR", "WARNING", "Check", "Finding", "check", "run_checks"]
