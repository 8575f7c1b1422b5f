"""The guidebook as data: phases, steps, guidance and worksheet fields.

The YAML files beside this module are the only copy of the guidebook's text. They are
loaded and validated once, at import; a malformed file raises `ContentError` naming the
file and the key.

>>> from guidelib.content import GUIDEBOOK
>>> [p.title for p in GUIDEBOOK.phases]
['Build the collective', 'Define the operations', 'Drive impact']
"""

from __future__ import annotations

from pathlib import Path

from ._loader import load_guidebook
from ._model import (
    REVIEW_ANSWERS,
    REVIEW_STEP,
    Field,
    Guidance,
    Guidebook,
    Option,
    Phase,
    Review,
    ReviewItem,
    ReviewStage,
    Step,
)
from .fieldtypes import COLUMN_TYPES, FIELD_TYPES, FieldType, field_type

__all__ = [
    "GUIDEBOOK",
    "COLUMN_TYPES",
    "FIELD_TYPES",
    "Field",
    "FieldType",
    "Guidance",
    "Guidebook",
    "Option",
    "Phase",
    "REVIEW_ANSWERS",
    "REVIEW_STEP",
    "Review",
    "ReviewItem",
    "ReviewStage",
    "Step",
    "field_type",
    "load_guidebook",
]

CONTENT_DIR = Path(__file__).parent
GUIDEBOOK: Guidebook = load_guidebook(CONTENT_DIR)
