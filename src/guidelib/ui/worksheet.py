"""A step's worksheet: guidance, one input per field, and saving without a Save button.

Each change is checked and kept in the workbook at once; the file is written a moment
after the person stops typing (debounced). The status line says "Saved 14:02" or, in one
plain sentence, what went wrong. Callbacks never let an exception escape: ipywidgets would
swallow it and Voilà would hide it, and the person would think the work was saved.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..content import Step
from ..errors import AnswerError, plain
from ..workbook import SaveResult, Workbook
from ._html import esc
from ._style import style
from .clock import Clock, LoopOrThread
from .fields import FieldInput, make_input

SAVE_DELAY = 1.0  # seconds of quiet before writing the file


class Debouncer:
    """Call `fn` once, `delay` seconds after the last `trigger()`; at once when delay <= 0.

    The time comes from `clock` (guidelib.ui.clock): by default the kernel's event loop when
    there is one (callbacks then run between messages, never beside other widget code), a
    timer thread otherwise. Tests pass a clock they advance by hand.
    """

    def __init__(self, delay: float, fn: Callable[[], None], clock: Clock | None = None) -> None:
        self.delay, self.fn = delay, fn
        self.clock = clock or LoopOrThread()
        self._handle: Any = None

    def trigger(self) -> None:
        self.cancel()
        if self.delay <= 0:
            self.fn()
            return
        self._handle = self.clock.call_later(self.delay, self._run)

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def flush(self) -> None:
        if self.pending:
            self.cancel()
            self.fn()

    def _run(self) -> None:
        self._handle = None
        self.fn()


class Status(w.HTML):
    """One line saying what happened, announced politely to screen readers."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class("gl-status")

    def show(self, text: str, kind: str = "ok") -> None:
        self.value = f'<div role="status" aria-live="polite" class="gl-{kind}">{esc(text)}</div>'

    @property
    def text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self.value))


def guidance_html(step: Step) -> str:
    g = step.guidance
    parts = (
        ("What to do", g.what),
        ("Why it matters", g.why),
        ("Who should be in the room", g.who),
        ("A tip from practice", g.tip),
    )
    items = "".join(f"<h3>{esc(title)}</h3><p>{esc(text)}</p>" for title, text in parts)
    return f'<div class="gl-guidance">{items}</div>'


class Worksheet(w.VBox):
    """The form for one step. `Worksheet(wb, "stakeholders")`; changes save themselves.

    `fields` limits the form to some of the step's fields and `heading` replaces the
    step's title and guidance (the equity review shows a few items beside each step).
    `clock` times the save after typing stops (see `Debouncer`); only tests pass one.
    """

    def __init__(
        self,
        wb: Workbook,
        step_id: str,
        delay: float = SAVE_DELAY,
        on_saved: Callable[[SaveResult], None] | None = None,
        fields: list[str] | None = None,
        heading: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.wb, self.step = wb, wb.guidebook.step(step_id)
        self.on_saved = on_saved
        self.inputs: dict[str, FieldInput] = {}
        self.errors: dict[str, w.HTML] = {}
        self.status = Status()
        self.retry = w.Button(
            description="Try saving again",
            button_style="warning",
            layout=w.Layout(width="auto", display="none"),
        )
        self.retry.on_click(lambda _b: self._save())  # _save reports its own failures
        self.conflict_box = w.VBox()
        self._saver = Debouncer(delay, self._save, clock)
        shown = [f for f in self.step.fields if fields is None or f.id in fields]
        blocks = [self._block(f) for f in shown]
        header = w.HTML(
            heading
            if heading is not None
            else f"<h2>{esc(self.step.number)} {esc(self.step.title)}</h2>"
            f"{guidance_html(self.step)}"
        )
        super().__init__([style(), header, *blocks, self.status, self.retry, self.conflict_box])
        self.add_class("gl-app")
        self.add_class("gl-worksheet" if fields is None else "gl-subsheet")

    def _block(self, field: Any) -> w.Widget:
        inp = make_input(field, choices=self.wb.column_values)
        inp.put(self.wb.get(self.step.id, field.id))
        inp.on_change(lambda fid=field.id: self._changed(fid))
        inp.on_error(lambda exc, fid=field.id: self._error(fid, plain(exc)))
        self.inputs[field.id] = inp
        self.errors[field.id] = w.HTML()
        notes = "".join(
            f'<div class="gl-{kind}">{esc(prefix)}{esc(text)}</div>'
            for kind, prefix, text in (("help", "", field.help), ("rule", "Rule: ", field.rule))
            if text
        )
        box = w.VBox([inp.widget, *([w.HTML(notes)] if notes else []), self.errors[field.id]])
        box.add_class("gl-block")
        return box

    # -- callbacks: short adapters over the workbook ---------------------------
    def _changed(self, field_id: str) -> None:
        try:
            self.wb.set(self.step.id, field_id, self.inputs[field_id].get())
        except AnswerError as exc:
            self._error(field_id, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a visitor must see something, not nothing
            self._error(field_id, plain(exc))
            return
        self._error(field_id, "")
        self.status.show("Saving…", "muted")
        self._saver.trigger()

    def _error(self, field_id: str, message: str) -> None:
        self.errors[field_id].value = (
            f'<div class="gl-error" role="alert">{esc(message)}</div>' if message else ""
        )

    def flush(self) -> None:
        """Write any change still waiting for its debounce delay."""
        self._saver.flush()

    def _save(self) -> None:
        try:
            result = self.wb.save()
        except Exception as exc:  # noqa: BLE001 - busy, disk full, permissions, ...
            self.status.show(f"{plain(exc)} Your answers are still in this window.", "error")
            self.retry.layout.display = None
            return
        self.retry.layout.display = "none"
        self._show(result)
        if self.on_saved is not None:
            try:
                self.on_saved(result)
            except Exception as exc:  # noqa: BLE001
                self.status.show(plain(exc), "error")

    def _show(self, result: SaveResult) -> None:
        touched = {f for s, f in result.updated if s == self.step.id}
        touched |= {c.field for c in result.conflicts if c.step == self.step.id}
        for field_id in touched & set(self.inputs):
            self.inputs[field_id].put(self.wb.get(self.step.id, field_id))
        if self.wb.notices:
            self.status.show(" ".join(self.wb.notices), "warn")
            self.wb.notices.clear()
        elif not result.conflicts:
            self.status.show(f"Saved {dt.datetime.now():%H:%M}", "ok")
        self._show_conflicts()

    def _show_conflicts(self) -> None:
        rows = []
        for c in [c for c in self.wb.conflicts if c.step == self.step.id]:
            label = self.step.field(c.field).label if c.field in self.inputs else c.field
            text = w.HTML(
                f'<div class="gl-notice">Someone else changed <b>{esc(label)}</b> '
                "while you were editing. Their version is shown and kept; yours "
                f"was: <i>{esc(_short(c.mine))}</i> (also saved in the change log)."
                "</div>"
            )
            button = w.Button(
                description=f"Use my version of {label}"[:60], layout=w.Layout(width="auto")
            )
            button.on_click(lambda _b, c=c: self._use_mine(c))
            rows.append(w.VBox([text, button]))
        self.conflict_box.children = rows
        if rows:
            self.status.show("Saved, with a conflict to check below.", "warn")

    def _use_mine(self, conflict: Any) -> None:
        self.wb.conflicts = [c for c in self.wb.conflicts if c is not conflict]
        if conflict.field in self.inputs:
            self.inputs[conflict.field].put(conflict.mine)
        self._changed(conflict.field)
        self.flush()


def _short(value: Any, limit: int = 200) -> str:
    text = value if isinstance(value, str) else ("(cleared)" if value is None else str(value))
    return text if len(text) <= limit else text[:limit] + "…"
