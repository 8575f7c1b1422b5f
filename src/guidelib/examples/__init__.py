"""Worked examples: complete, fictional workbooks that show what good answers look like.

`kinship_care` is a county coalition for children who live with grandparents or other
relatives. Regenerate its file with `python -m guidelib.examples [--out DIR]`.
"""

from .kinship_care import build_document, write

__all__ = ["build_document", "write"]
