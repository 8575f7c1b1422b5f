"""The survey's other languages (step 3.2): each incomplete translation, item by item.

A language with any part missing is not offered to respondents, so the team sees here
what to translate before it is.
"""

from __future__ import annotations

from ..workbook import Workbook
from ._core import WARNING, Finding, check


@check("survey-languages")
def survey_languages(wb: Workbook) -> list[Finding]:
    if not wb.get("survey", "languages"):
        return []
    from ..survey.form import survey_definition
    from ..survey.languages import translation_report

    definition = survey_definition(wb)
    lines = zip(definition.languages, translation_report(definition), strict=True)
    return [
        Finding(WARNING, line, "survey", "translations")
        for lang, line in lines
        if not lang.complete
    ]
