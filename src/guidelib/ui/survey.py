"""The survey form a respondent sees (`notebooks/survey.ipynb` in Voilà): the team's
consent text and questions, and nothing else from the workbook.

The kernel reads the survey's definition once and keeps only it and the path of the
responses file; it never lists workbooks, shows other responses or offers files. A
filled form carries one response id, so pressing Send twice stores one response; after
a successful send the form is cleared for the next person and gets a new id. Every
failure shows one plain sentence; a respondent never sees a traceback.

The survey's complete languages are offered at the top (`?lang=es` picks one). The
team's wording comes from the workbook's translations (`survey.languages`), the form's
own words from the package's gettext catalogs (`guidelib.i18n`); answers are stored in
English, with the language of the form.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as w

from ..errors import GuidelibError
from ..i18n import N_, translator
from ..survey.form import (
    AGREEMENT,
    OPEN_MAX,
    PREFER_NOT,
    Question,
    SurveyDefinition,
    SurveyError,
    check_answers,
    clean_text,
)
from ..survey.languages import ENGLISH, Language, offered, pick
from ..survey.store import SAVE_FAILED, new_response_id, submit
from ..workbook.locate import requested_workbook
from ._html import esc
from ._style import style
from .worksheet import Status

# The form's own words, in English; `N_` marks them for the gettext catalogs
# (guidelib/locale), and the form shows them in the respondent's language.
MISSING = N_(
    "This survey link is missing the survey's name. Ask the team that sent it for the full link."
)
UNKNOWN = N_(
    "This survey link does not lead to a survey. Ask the team that sent it for the full link."
)
NO_QUESTIONS = N_("This survey has no questions yet. Please try again later.")
EMPTY = N_("Answer at least one question, then press Send.")
THANKS = N_(
    "Thank you. Your answers were saved. The form is empty again, ready for the next person."
)
OPTIONAL = N_(
    "These questions help us see whether the work reaches everyone. Each one is optional: "
    'choose "Prefer not to say" or leave it blank.'
)
TITLE = N_("Survey")
EVERY_OPTIONAL = N_("Every question is optional. Answer as many as you like.")
ABOUT_YOU = N_("About you (optional)")
ALL_THAT_APPLY = N_("Choose all that apply.")
CLEAR = N_("Clear answer")
CLEAR_TIP = N_("Clear your answer to: {question}")
SEND = N_("Send my answers")
OPTIONAL_MARK = N_("(optional)")
UP_TO = N_("Up to {limit} characters")
LANGUAGE = N_("Language")
TOO_LONG = N_(
    "Your answer to question {number} is {length} characters long. Please keep it under "
    "{limit} characters."
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
.gl-survey .gl-languages { border-bottom: 1px solid #d0d7de; padding-bottom: 6px; }
.gl-survey .gl-languages .widget-radio-box { flex-direction: row; flex-wrap: wrap; gap: 4px 24px; }
"""


BLANK = {w.Checkbox: False, w.Textarea: "", w.RadioButtons: None}  # a cleared input
Gettext = Callable[[str], str]


class Answer:
    """One question's input: `get()` the answer (None when blank), `set()` or `clear()`
    it. Labels are in the form's language; values stay the survey's English wording, so
    every language's answers count together."""

    def __init__(self, number: int, q: Question, lang: Language = ENGLISH, _: Gettext = str):
        self.question, self.lang, self._ = q, lang, _
        self.parts: list[w.Widget] = []
        self.widget = self._build(self._label(number))
        self.box = w.VBox([self.widget, *self.parts])
        self.box.add_class("gl-question")

    def _label(self, number: int) -> str:
        text = f"{number}. {self.lang.text(self.question.text)}"
        return f"{text} {self._(OPTIONAL_MARK)}" if self.question.demographic else text

    def _option(self, option: str) -> str:
        """A choice as shown: the form's own words from the catalog, the team's from the
        workbook's translations."""
        own = option in AGREEMENT or option == PREFER_NOT
        return self._(option) if own else self.lang.text(option)

    def _build(self, label: str) -> w.Widget:
        if self.question.kind == "open":
            area = w.Textarea(
                description=label,
                rows=5,
                placeholder=self._(UP_TO).format(limit=f"{OPEN_MAX:,}"),
                layout=w.Layout(width="100%"),
            )
            area.add_class("gl-field")
            return area
        if self.question.kind == "multiple":
            self.boxes = [
                w.Checkbox(description=self._option(o), indent=False, value=False)
                for o in self.question.options
            ]
            head = w.HTML(
                f'<div class="gl-label">{esc(label)}</div>'
                f'<div class="gl-muted">{esc(self._(ALL_THAT_APPLY))}</div>'
            )
            return w.VBox([head, *self.boxes])
        return self._radio(label)

    def _radio(self, label: str) -> w.RadioButtons:
        """Agreement (values 1-5, labelled in words) or single choice, and a way to undo."""
        agreement = self.question.kind == "agreement"
        names = AGREEMENT if agreement else self.question.options
        pairs = [(self._option(name), n if agreement else name) for n, name in enumerate(names, 1)]
        radio = w.RadioButtons(
            options=pairs, value=None, description=label, layout=w.Layout(width="100%")
        )
        radio.add_class("gl-field")
        clear = w.Button(
            description=self._(CLEAR), tooltip=self._(CLEAR_TIP).format(question=label)
        )
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

    def set(self, value: Any) -> None:
        """Put back an answer `get()` gave (when the respondent changes language)."""
        if value is None:
            return
        if self.question.kind == "multiple":
            for option, box in zip(self.question.options, self.boxes, strict=True):
                box.value = option in value
        else:
            self.widget.value = value

    def clear(self) -> None:
        for widget in self.inputs():
            widget.value = BLANK[type(widget)]


def requested_language(lang: str | None = None) -> str | None:
    """The language asked for: the argument, else `?lang=` in the page's address."""
    if lang:
        return lang
    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    return (query.get("lang") or [None])[0]


class SurveyForm(w.VBox):
    """`SurveyForm(WORKBOOK)`: WORKBOOK is a slug or path, or None (then
    $GUIDELIB_WORKBOOK, then `?workbook=<slug>` in the page address). `lang` (or
    `?lang=es`) picks one of the survey's complete languages; English otherwise."""

    def __init__(
        self,
        workbook: str | os.PathLike[str] | None = None,
        folder: str | os.PathLike[str] | None = None,
        lang: str | None = None,
    ) -> None:
        self.status = Status()
        self.answers: list[Answer] = []
        self.response_id = new_response_id()
        self.sent = False  # just sent, and nothing typed since
        self.book: Path | None = None
        self.definition: SurveyDefinition | None = None
        self.lang = ENGLISH
        self._ = translator(requested_language(lang))  # for a message before the survey loads
        self.head = [style(), w.HTML(f"<style>{CSS}</style>", layout=w.Layout(display="none"))]
        super().__init__(self.head)
        self.add_class("gl-app")
        self.add_class("gl-survey")
        problem = self._load(workbook, folder)
        if problem:
            self.status.show(self._(problem), "error")
            self.children = [*self.children, self.status]
            return
        assert self.definition is not None
        self._use(pick(self.definition, requested_language(lang)))
        self.chooser = self._chooser()
        self.children = [*self.head, *self.chooser, *self._form()]

    def _use(self, lang: Language) -> None:
        self.lang, self._ = lang, translator(lang.code)

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

    def _chooser(self) -> list[w.Widget]:
        """The complete languages, each by its own name, at the top; none if only one."""
        assert self.definition is not None
        choices = offered(self.definition)
        if len(choices) < 2:
            return []
        self.language = w.RadioButtons(
            options=[(lang.name, lang.code) for lang in choices],
            value=self.lang.code,
            description=self._(LANGUAGE),
            layout=w.Layout(width="100%"),
        )
        self.language.add_class("gl-field")
        self.language.observe(self._switch, names="value")
        box = w.VBox([self.language])
        box.add_class("gl-languages")
        return [box]

    def _switch(self, change: dict) -> None:
        """Show the form in another language, keeping what the person has entered."""
        assert self.definition is not None
        kept = self.collected()
        self._use(pick(self.definition, change["new"]))
        self.language.description = self._(LANGUAGE)
        self.children = [*self.head, *self.chooser, *self._form()]
        for answer in self.answers:
            answer.set(kept.get(answer.question.text))
        self.sent = False

    def _form(self) -> list[w.Widget]:
        d, _ = self.definition, self._
        assert d is not None
        self.answers = [Answer(n, q, self.lang, _) for n, q in enumerate(d.all, 1)]
        for answer in self.answers:
            for widget in answer.inputs():
                widget.observe(self._touched, names="value")
        text = self.lang.consent or d.consent
        consent = "".join(f"<p>{esc(p)}</p>" for p in text.split("\n") if p.strip())
        head = [f"<h1>{esc(_(TITLE))}</h1>"]
        if consent:
            head.append(f'<div class="gl-consent">{consent}</div>')
        head.append(f"<p>{esc(_(EVERY_OPTIONAL))}</p>")
        parts: list[w.Widget] = [w.HTML(f'<div lang="{esc(self.lang.code)}">{"".join(head)}</div>')]
        parts += [a.box for a in self.answers if not a.question.demographic]
        if d.demographics:
            about = f"<h2>{esc(_(ABOUT_YOU))}</h2><p>{esc(_(OPTIONAL))}</p>"
            parts.append(w.HTML(f'<div lang="{esc(self.lang.code)}">{about}</div>'))
            parts += [a.box for a in self.answers if a.question.demographic]
        self.send = w.Button(description=_(SEND), button_style="primary")
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
            self.status.show(self._(SAVE_FAILED), "error")

    def _too_long(self, answers: dict[str, Any]) -> None:
        """The one check a respondent can fail on this form, in their language."""
        for number, answer in enumerate(self.answers, 1):
            value = answers.get(answer.question.text)
            if answer.question.kind == "open" and len(clean_text(value or "")) > OPEN_MAX:
                length, limit = f"{len(clean_text(value)):,}", f"{OPEN_MAX:,}"
                message = self._(TOO_LONG).format(number=number, length=length, limit=limit)
                raise SurveyError(message)

    def submit(self) -> bool:
        """Store the filled form once, with its language; True if stored now."""
        answers = self.collected()
        if not answers:
            if not self.sent:  # a second click after a send keeps the thank-you
                self.status.show(self._(EMPTY), "warn")
            return False
        assert self.definition is not None and self.book is not None
        self._too_long(answers)
        checked = check_answers(self.definition, answers)
        stored = submit(self.book, checked, self.response_id, language=self.lang.code)
        for answer in self.answers:  # ready for the next person
            answer.clear()
        self.response_id, self.sent = new_response_id(), True
        self.status.show(self._(THANKS), "ok")
        return stored


def survey_form(
    workbook: str | os.PathLike[str] | None = None,
    folder: str | os.PathLike[str] | None = None,
    lang: str | None = None,
) -> SurveyForm:
    """The respondent's form for a workbook's survey (see `SurveyForm`)."""
    return SurveyForm(workbook, folder, lang)
