"""The survey form a respondent sees (`notebooks/survey.ipynb` in Voilà): the team's
consent text and questions, and nothing else from the workbook.

The kernel reads the survey's definition once and keeps only it and the path of the
responses file; it never lists workbooks, shows other responses or offers files. A
filled form carries one response id, so pressing Send twice stores one response; after
a successful send the form is cleared for the next person and gets a new id. Every
failure shows one plain sentence; a respondent never sees a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..errors import GuidelibError
from ..survey.form import AGREEMENT, OPEN_MAX, Question, SurveyDefinition, check_answers
from ..survey.store import SAVE_FAILED, new_response_id, submit
from ..workbook.locate import requested_workbook
from ._html import esc
from ._style import style
from .worksheet import Status

MISSING = (
    "This survey link is missing the survey's name. Ask the team that sent it for the full link."
)
UNKNOWN = "This survey link does not lead to a survey. Ask the team that sent it for the full link."
NO_QUESTIONS = "This survey has no questions yet. Please try again later."
EMPTY = "Answer at least one question, then press Send."
THANKS = "Thank you. Your answers were saved. The form is empty again, ready for the next person."
OPTIONAL = (
    "These questions help us see whether the work reaches everyone. Each one is optional: "
    'choose "Prefer not to say" or leave it blank.'
)
CSS = """
.gl-survey { max-width: 720px; margin: 0 auto; font-size: 19px; line-height: 1.5; }
.gl-survey .widget-html-content { font-size: 19px; line-height: 1.5; }
.gl-survey h1 { font-size: 1.7em; margin: 0.3em 0; }
.gl-survey h2 { font-size: 1.3em; margin: 1em 0 0.3em; }
.gl-survey .gl-consent { background: #f3f7fb; border-left: 5px solid #0b5394;
  padding: 6px 16px; border-radius: 4px; }
.gl-survey .gl-question { border: 1px solid #d0d7de; border-radius: 10px;
  padding: 12px 16px 14px; margin: 10px 0; background: #fff; }
.gl-survey .gl-field .widget-label, .gl-survey .gl-label { font-size: 19px;
  font-weight: 700; line-height: 1.4; margin-bottom: 8px; height: auto; overflow: visible;
  white-space: normal; }
.gl-survey .widget-radio-box { gap: 4px; margin-bottom: 4px !important; }
.gl-survey .widget-radio-box label, .gl-survey .widget-checkbox label { font-size: 18px;
  line-height: 1.4; padding: 6px 0; white-space: normal; height: auto; }
.gl-survey .widget-checkbox { height: auto; min-height: 40px; width: 100%; }
.gl-survey input[type="radio"], .gl-survey input[type="checkbox"] { width: 24px;
  height: 24px; margin-right: 10px; vertical-align: middle; flex: none; }
.gl-survey textarea { font-size: 18px; min-height: 7em; }
.gl-survey .jupyter-button { font-size: 16px; height: auto; width: auto; max-width: 100%;
  padding: 6px 14px; align-self: flex-start; }
.gl-survey .jupyter-button.gl-send { font-size: 21px; font-weight: 700; padding: 14px 36px;
  border-radius: 8px; margin: 12px 0 6px; }
.gl-survey .gl-clear { color: #0b5394; background: transparent; border: 1px solid #0b5394; }
.gl-survey .gl-status { font-size: 19px; min-height: 2em; }
.gl-survey .gl-status .gl-ok { background: #dafbe1; border: 1px solid #1a7f37;
  border-radius: 8px; padding: 10px 14px; }
"""


BLANK = {w.Checkbox: False, w.Textarea: "", w.RadioButtons: None}  # a cleared input


def _label(number: int, q: Question) -> str:
    return f"{number}. {q.text}" + (" (optional)" if q.demographic else "")


class Answer:
    """One question's input: `get()` the answer (None when blank), `clear()` it."""

    def __init__(self, number: int, q: Question) -> None:
        self.question = q
        self.parts: list[w.Widget] = []
        self.widget = self._build(_label(number, q))
        self.box = w.VBox([self.widget, *self.parts])
        self.box.add_class("gl-question")

    def _build(self, label: str) -> w.Widget:
        if self.question.kind == "open":
            area = w.Textarea(
                description=label,
                rows=5,
                placeholder=f"Up to {OPEN_MAX:,} characters",
                layout=w.Layout(width="100%"),
            )
            area.add_class("gl-field")
            return area
        if self.question.kind == "multiple":
            self.boxes = [
                w.Checkbox(description=o, indent=False, value=False) for o in self.question.options
            ]
            head = w.HTML(
                f'<div class="gl-label">{esc(label)}</div>'
                '<div class="gl-muted">Choose all that apply.</div>'
            )
            return w.VBox([head, *self.boxes])
        return self._radio(label)

    def _radio(self, label: str) -> w.RadioButtons:
        """Agreement (values 1-5, labelled in words) or single choice, and a way to undo."""
        agreement = self.question.kind == "agreement"
        names = AGREEMENT if agreement else self.question.options
        pairs = [(name, n if agreement else name) for n, name in enumerate(names, 1)]
        radio = w.RadioButtons(
            options=pairs, value=None, description=label, layout=w.Layout(width="100%")
        )
        radio.add_class("gl-field")
        clear = w.Button(description="Clear answer", tooltip=f"Clear your answer to: {label}")
        clear.add_class("gl-clear")
        clear.on_click(lambda _b: self.clear())
        self.parts.append(clear)
        return radio

    def inputs(self) -> list[w.Widget]:
        return self.boxes if self.question.kind == "multiple" else [self.widget]

    def get(self) -> Any:
        if self.question.kind == "multiple":
            chosen = [
                o for o, box in zip(self.question.options, self.boxes, strict=True) if box.value
            ]
            return chosen or None
        value = self.widget.value
        return (value.strip() or None) if isinstance(value, str) else value

    def clear(self) -> None:
        for widget in self.inputs():
            widget.value = BLANK[type(widget)]


class SurveyForm(w.VBox):
    """`SurveyForm(WORKBOOK)`: WORKBOOK is a slug or path, or None (then
    $GUIDELIB_WORKBOOK, then `?workbook=<slug>` in the page address)."""

    def __init__(
        self,
        workbook: str | os.PathLike[str] | None = None,
        folder: str | os.PathLike[str] | None = None,
    ) -> None:
        self.status = Status()
        self.answers: list[Answer] = []
        self.response_id = new_response_id()
        self.sent = False  # just sent, and nothing typed since
        self.book: Path | None = None
        self.definition: SurveyDefinition | None = None
        super().__init__(
            [style(), w.HTML(f"<style>{CSS}</style>", layout=w.Layout(display="none"))]
        )
        self.add_class("gl-app")
        self.add_class("gl-survey")
        problem = self._load(workbook, folder)
        if problem:
            self.status.show(problem, "error")
            self.children = [*self.children, self.status]
        else:
            self.children = [*self.children, *self._form()]

    def _load(self, workbook: Any, folder: Any) -> str | None:
        """Read the survey; a sentence for the respondent if there is none."""
        from ..survey.form import survey_definition
        from ..workbook import open_workbook

        ref, source = requested_workbook(workbook)
        if ref is None:
            return UNKNOWN if source == "address" else MISSING
        try:
            wb = open_workbook(ref, folder)
            self.definition, self.book = survey_definition(wb), wb.path
        except Exception:  # noqa: BLE001 - no path or detail for a respondent to see
            return UNKNOWN
        return None if self.definition.all else NO_QUESTIONS

    def _form(self) -> list[w.Widget]:
        d = self.definition
        assert d is not None
        self.answers = [Answer(n, q) for n, q in enumerate(d.all, 1)]
        for answer in self.answers:
            for widget in answer.inputs():
                widget.observe(self._touched, names="value")
        consent = "".join(f"<p>{esc(p)}</p>" for p in d.consent.split("\n") if p.strip())
        head = ["<h1>Survey</h1>"]
        if consent:
            head.append(f'<div class="gl-consent">{consent}</div>')
        head.append("<p>Every question is optional. Answer as many as you like.</p>")
        parts: list[w.Widget] = [w.HTML("".join(head))]
        parts += [a.box for a in self.answers if not a.question.demographic]
        if d.demographics:
            parts.append(w.HTML(f"<h2>About you (optional)</h2><p>{esc(OPTIONAL)}</p>"))
            parts += [a.box for a in self.answers if a.question.demographic]
        self.send = w.Button(description="Send my answers", button_style="primary")
        self.send.add_class("gl-send")
        self.send.on_click(self._on_send)
        return [*parts, self.send, self.status]

    def _touched(self, _change: Any = None) -> None:
        if self.sent:
            self.sent = False
            self.status.show("")

    def collected(self) -> dict[str, Any]:
        """What the person has entered, keyed by question text (blanks left out)."""
        return {a.question.text: v for a in self.answers if (v := a.get()) is not None}

    def _on_send(self, _button: Any = None) -> None:
        try:
            self.submit()
        except GuidelibError as exc:
            self.status.show(str(exc), "error")
        except Exception:  # noqa: BLE001 - busy, disk full, ...: one plain sentence
            self.status.show(SAVE_FAILED, "error")

    def submit(self) -> bool:
        """Store the filled form once; True if a response was stored now."""
        answers = self.collected()
        if not answers:
            if not self.sent:  # a second click after a send keeps the thank-you
                self.status.show(EMPTY, "warn")
            return False
        assert self.definition is not None and self.book is not None
        stored = submit(self.book, check_answers(self.definition, answers), self.response_id)
        for answer in self.answers:  # ready for the next person
            answer.clear()
        self.response_id, self.sent = new_response_id(), True
        self.status.show(THANKS, "ok")
        return stored


def survey_form(
    workbook: str | os.PathLike[str] | None = None,
    folder: str | os.PathLike[str] | None = None,
) -> SurveyForm:
    """The respondent's form for a workbook's survey (see `SurveyForm`)."""
    return SurveyForm(workbook, folder)
