"""A stored answer of the wrong type (a number where text belongs, text where a table
belongs) is a finding, never a crash: the workbook keeps it in the file and hands the
field's default to everything that reads it (see `guidelib.workbook.stored`)."""

from __future__ import annotations

from ..workbook import Workbook
from ._core import ERROR, Finding, check


@check("stored-types")
def check_stored_types(wb: Workbook) -> list[Finding]:
    """Each stored answer that does not fit its field, named by step and field."""
    return [
        Finding(ERROR, message, step_id, field_id)
        for (step_id, field_id), message in sorted(wb.invalid.items())
    ]
