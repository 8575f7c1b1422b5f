"""What a page shows when the kernel serves an audience the app is not written for
(`guidelib.audience`): one plain sentence, built before anything reads a workbook or
the workbook folder, so no team name, picker or download reaches the page."""

from __future__ import annotations

import ipywidgets as w

from ..audience import refusal
from ._html import esc
from ._style import style


class Refused(w.VBox):
    """The whole page for a visitor the app is not for."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        text = w.HTML(
            '<div class="gl-notice gl-refused" role="alert" style="font-size: 1.15em; '
            f'padding: 10px 16px; margin: 12px 0">{esc(sentence)}</div>'
        )
        super().__init__([style(), text])
        self.add_class("gl-app")
        self.add_class("gl-refused-page")

    def _repr_mimebundle_(self, **kwargs):  # noqa: ANN003, ANN202 - ipywidgets' signature
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.sentence
        return bundle


def refused(audience: str) -> Refused | None:
    """A `Refused` page when this kernel may not serve `audience`, else None."""
    sentence = refusal(audience)
    return Refused(sentence) if sentence else None
