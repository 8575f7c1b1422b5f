"""The community survey (step 3.2): its definition in the workbook, responses in SQLite
beside the workbook, CSV imports, and results with small groups hidden.

>>> import guidelib
>>> from guidelib import survey
>>> wb = guidelib.open_workbook("workbook/example-kinship-care.json")   # doctest: +SKIP
>>> survey.count(wb)                                                   # doctest: +SKIP
400
>>> survey.workbook_results(wb).breakdowns[0].cells[0][0]              # doctest: +SKIP
Cell(count=None, percent=None, status='primary')

`import guidelib` does not load this package; numpy and pandas load when results are
computed, never for a respondent's form.
"""

from .form import (
    AGREEMENT,
    PREFER_NOT,
    Question,
    SurveyDefinition,
    SurveyError,
    check_answers,
    survey_definition,
)
from .importer import ImportReport, check_csv, import_csv
from .results import Breakdown, Cell, Distribution, SurveyResults, survey_results, workbook_results
from .store import Response, count, new_response_id, responses, responses_path, submit

__all__ = [
    "AGREEMENT",
    "PREFER_NOT",
    "Breakdown",
    "Cell",
    "Distribution",
    "ImportReport",
    "Question",
    "Response",
    "SurveyDefinition",
    "SurveyError",
    "SurveyResults",
    "check_answers",
    "check_csv",
    "count",
    "import_csv",
    "new_response_id",
    "responses",
    "responses_path",
    "submit",
    "survey_definition",
    "survey_results",
    "workbook_results",
]
