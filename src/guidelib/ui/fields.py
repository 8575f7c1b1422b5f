"""One input per field type, looked up by the `FieldType` in `WIDGETS`.

The field types are declared in `guidelib.content.fieldtypes`; each input class registers
itself for its type with `@widget("name")`. Tables, grids and review items register from
`table.py`, `matrix.py` and `review.py` (the package imports them).

An input adapts an ipywidget to a field: `get()` returns what the person entered (checked
later by the workbook), `put(value)` shows a stored value without firing callbacks, and
`on_change(fn)` calls `fn()` when the person changes something.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from ..content import FIELD_TYPES, Field, FieldType, field_type
from ..errors import ContentError
from ._html import esc

_STYLE = {"description_width": "initial"}
Choices = Callable[[str], list[str]]  # "step.field.column" -> that column's entries


def label_text(field: Field) -> str:
    unit = f" ({field.unit})" if field.unit else ""
    return f"{field.label}{unit}{' (optional)' if field.optional else ''}"


class FieldInput:
    """Base adapter; subclasses set `self.widget` and implement `get`/`put`."""

    widget: w.Widget

    @classmethod
    def make(
        cls, field: Field, compact: bool, names: Sequence[str], choices: Choices | None
    ) -> FieldInput:
        """The input for `field` (`make_input` calls this; a table overrides it)."""
        return cls(field, compact, names)

    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        self.field, self.compact = field, compact
        # for `options_from` fields: the entries of the table column they choose from
        self.names = list(names)
        self._callbacks: list[Callable[[], None]] = []
        self._error_callbacks: list[Callable[[BaseException], None]] = []
        self._quiet = False

    def get(self) -> Any:
        raise NotImplementedError

    def put(self, value: Any) -> None:
        self._quiet = True
        try:
            self._put(value)
        finally:
            self._quiet = False

    def _put(self, value: Any) -> None:
        raise NotImplementedError

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def on_error(self, callback: Callable[[BaseException], None]) -> None:
        """`callback(exc)` hears of failures in this input's own buttons."""
        self._error_callbacks.append(callback)

    def _guard(self, fn: Callable[..., None]) -> Callable[..., None]:
        """Wrap a button callback: ipywidgets would swallow its exceptions unseen."""

        def guarded(*args: Any) -> None:
            try:
                fn(*args)
            except Exception as exc:  # noqa: BLE001 - reported to the person instead
                for callback in self._error_callbacks:
                    callback(exc)

        return guarded

    def _fire(self, _change: Any = None) -> None:
        if not self._quiet:
            for callback in self._callbacks:
                callback()

    def _watch(self, *widgets: w.Widget) -> None:
        for widget in widgets:
            widget.observe(self._fire, names="value")

    def _dress(self, widget: w.Widget) -> w.Widget:
        widget.add_class("gl-field")
        if self.compact:
            widget.add_class("gl-compact")
        return widget


#: The input class of each field type; `tests/test_registry.py` checks every type has one.
WIDGETS: dict[FieldType, type[FieldInput]] = {}


def widget(name: str) -> Callable[[type[FieldInput]], type[FieldInput]]:
    """A class decorator: `@widget("date")` makes the class the input of that field type."""
    if name not in FIELD_TYPES:  # at import, so a typo never reaches a worksheet
        raise ContentError(f"No field type {name!r} is declared in content/fieldtypes.py.")
    kind = FIELD_TYPES[name]

    def register(cls: type[FieldInput]) -> type[FieldInput]:
        WIDGETS[kind] = cls
        return cls

    return register


@widget("text")
class TextInput(FieldInput):
    rows = 0

    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        kwargs = dict(
            description=label_text(field),
            placeholder=field.placeholder,
            continuous_update=True,
            style=_STYLE,
            layout=w.Layout(width="100%"),
        )
        if self.rows and not compact:
            self.widget = self._dress(w.Textarea(rows=self.rows, **kwargs))
        else:
            self.widget = self._dress(w.Text(**kwargs))
        self._watch(self.widget)

    def get(self) -> Any:
        return self.widget.value

    def _put(self, value: Any) -> None:
        self.widget.value = "" if value is None else str(value)


@widget("longtext")
class LongTextInput(TextInput):
    rows = 4


@widget("number")
class NumberInput(TextInput):
    """Free text, so that 'no answer' stays blank; the workbook parses and range-checks it."""

    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        if not field.placeholder:
            self.widget.placeholder = "a whole number" if field.integer else "a number"


@widget("choice")
class ChoiceInput(FieldInput):
    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        self.pairs = [(o.label, o.id) for o in field.options] or [(n, n) for n in self.names]
        self.widget = self._dress(
            w.Dropdown(
                # "" rather than None: a drop-down shows a None option as blank
                options=[("Choose…", ""), *self.pairs],
                value="",
                description=label_text(field),
                style=_STYLE,
                layout=w.Layout(width="100%"),
            )
        )
        self._watch(self.widget)

    def get(self) -> Any:
        return self.widget.value

    def _put(self, value: Any) -> None:
        known = {v for _label, v in self.pairs}
        if self.field.options_from and isinstance(value, str) and value and value not in known:
            # a name since removed from its table: still shown, so nothing is lost unseen
            self.pairs.append((f"{value} (no longer listed)", value))
            self.widget.options = [("Choose…", ""), *self.pairs]
            known.add(value)
        self.widget.value = value if value in known else ""


@widget("scale")
class ScaleInput(FieldInput):
    """Buttons 1-5 in a worksheet; a drop-down inside tables, where room is short."""

    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        names = dict(field.labels)
        self._blank: Any = "" if compact else None
        if compact:
            self.widget = self._dress(
                w.Dropdown(
                    options=[
                        ("–", ""),
                        *((f"{i} · {names[i]}" if i in names else str(i), i) for i in range(1, 6)),
                    ],
                    value="",
                    description=label_text(field),
                    style=_STYLE,
                    layout=w.Layout(width="100%"),
                )
            )
        else:
            self.widget = self._dress(
                w.ToggleButtons(
                    options=[(str(i), i) for i in range(1, 6)],
                    value=None,
                    description=label_text(field),
                    tooltips=[names.get(i, str(i)) for i in range(1, 6)],
                    style={**_STYLE, "button_width": "3.2em"},
                )
            )
        self._watch(self.widget)

    def get(self) -> Any:
        return self.widget.value

    def _put(self, value: Any) -> None:
        self.widget.value = value if value in (1, 2, 3, 4, 5) else self._blank


@widget("date")
class DateInput(FieldInput):
    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        self.widget = self._dress(
            w.DatePicker(description=label_text(field), style=_STYLE, layout=w.Layout(width="100%"))
        )
        self._watch(self.widget)

    def get(self) -> Any:
        return self.widget.value

    def _put(self, value: Any) -> None:
        try:
            self.widget.value = dt.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            self.widget.value = None


@widget("bool")
class BoolInput(FieldInput):
    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        self.widget = w.Checkbox(
            description=label_text(field),
            indent=False,
            value=False,
            style=_STYLE,
            layout=w.Layout(width="auto"),
        )
        self._watch(self.widget)

    def get(self) -> Any:
        return self.widget.value

    def _put(self, value: Any) -> None:
        self.widget.value = bool(value)


@widget("multichoice")
class MultiChoiceInput(FieldInput):
    """A checkbox per option, plus an 'Other' box when the field allows free entries."""

    def __init__(self, field: Field, compact: bool = False, names: Sequence[str] = ()) -> None:
        super().__init__(field, compact, names)
        pairs = [(o.id, o.label) for o in field.options] or [(n, n) for n in self.names]
        self.boxes = {key: self._box(label) for key, label in pairs}
        self.other = (
            w.Text(
                description="Add your own (separate several with ;)",
                style=_STYLE,
                continuous_update=True,
                layout=w.Layout(width="100%"),
            )
            if field.allow_other
            else None
        )
        head = w.HTML(f'<div class="gl-label">{esc(label_text(field))}</div>')
        flow = w.Layout(flex_flow="row wrap" if compact else "column", width="100%")
        self.flow = w.Box(list(self.boxes.values()), layout=flow)
        if not self.boxes:
            self.flow.children = [w.HTML('<div class="gl-muted">Nothing to choose from yet.</div>')]
        parts: list[w.Widget] = [head, self.flow]
        if self.other is not None:
            parts.append(self._dress(self.other))
        self.widget = w.VBox(parts, layout=w.Layout(width="100%"))
        self.widget.add_class("gl-multichoice")
        self._watch(*self.boxes.values(), *([self.other] if self.other else []))

    def _box(self, label: str) -> w.Checkbox:
        return w.Checkbox(
            description=label,
            indent=False,
            value=False,
            layout=w.Layout(width="auto", margin="0 14px 0 0"),
        )

    def get(self) -> Any:
        chosen: list[str] = [oid for oid, box in self.boxes.items() if box.value]
        if self.other is not None:
            chosen += [part.strip() for part in self.other.value.split(";") if part.strip()]
        return chosen

    def _put(self, value: Any) -> None:
        value = value if isinstance(value, list) else []
        if self.field.options_from:  # names since removed from their table stay visible
            for name in [v for v in value if isinstance(v, str) and v not in self.boxes]:
                self.boxes[name] = self._box(f"{name} (no longer listed)")
                self._watch(self.boxes[name])
            self.flow.children = list(self.boxes.values()) or self.flow.children
        for oid, box in self.boxes.items():
            box.value = oid in value
        if self.other is not None:
            self.other.value = "; ".join(str(v) for v in value if v not in self.boxes)


def make_input(field: Field, compact: bool = False, choices: Choices | None = None) -> FieldInput:
    """The input for `field`, found by its type in `WIDGETS`.

    `choices` supplies the options of fields with `options_from` (usually
    `Workbook.column_values`); without it they offer nothing to choose.
    """
    names = choices(field.options_from) if field.options_from and choices else []
    return WIDGETS[field_type(field)].make(field, compact, names, choices)
