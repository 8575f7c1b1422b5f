"""The team's workbook in memory: answers, team metadata and history. No widgets, no IO.

`Workbook` keeps two copies of the answers: `_base`, as last read from or written to disk,
and `_answers`, with this session's edits on top. `save()` hands both to the store, which
merges them with whatever is on disk now (see `merge.py`).
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import GUIDEBOOK, Field, Guidebook, Step
from ..errors import AnswerError
from . import schema
from .merge import Conflict, changed
from .paths import safe_slug
from .progress import Progress, progress
from .stored import check_stored
from .values import check_value, has_bidi_overrides

BIDI_NOTE = (
    "Bidirectional override characters (U+202A to U+202E), which can make text read "
    "differently from how it is stored, were removed from this answer."
)


def clone(value: Any) -> Any:
    """A deep copy of JSON-shaped data; pickle is ~3x faster than copy.deepcopy here."""
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_document(name: str, slug: str, **team: Any) -> dict[str, Any]:
    """A fresh, empty workbook document for a team."""
    at = now_iso()
    return {
        "schema_version": schema.SCHEMA_VERSION,
        "revision": 0,
        "team": {"name": name, "slug": slug, "created": at, **team},
        "answers": {},
        "history": [{"at": at, "who": team.get("created_by"), "action": "create", "revision": 0}],
    }


@dataclass(frozen=True)
class SaveResult:
    """What a save did, for a status line: revision written, fields saved and seen."""

    revision: int
    written: bool
    saved: tuple[tuple[str, str], ...] = ()
    updated: tuple[tuple[str, str], ...] = ()  # changed by someone else, now loaded
    conflicts: tuple[Conflict, ...] = ()
    at: str = field(default_factory=now_iso)


# The file IO behind `Workbook.save`/`reload`: `workbook.store` registers its functions here
# when it is imported (the package imports it), so the model never imports the store.
_STORE: dict[str, Callable[[Workbook], SaveResult]] = {}


def use_store(
    save: Callable[[Workbook], SaveResult], refresh: Callable[[Workbook], SaveResult]
) -> None:
    """Set the functions that save and reload a workbook's file."""
    _STORE.update(save=save, refresh=refresh)


class Workbook:
    """A team's answers. Get one with `guidelib.open_workbook(path)`.

    >>> wb = Workbook(new_document("Demo team", "demo-team"))
    >>> wb.set("charter", "term_months", "24")
    24
    >>> wb.progress().step("charter").answered
    1
    """

    def __init__(
        self,
        document: dict[str, Any],
        path: Path | None = None,
        who: str | None = None,
        guidebook: Guidebook = GUIDEBOOK,
    ) -> None:
        self.path = path
        self.who = who
        self.guidebook = guidebook
        self.notices: list[str] = []  # plain sentences for the user (e.g. a restored backup)
        self.conflicts: list[Conflict] = []  # unresolved, from the last saves
        #: Stored answers that do not fit their field: {(step, field): problem sentence}.
        #: They stay in the file; `get` gives the default for them (see `stored.py`).
        self.invalid: dict[tuple[str, str], str] = {}
        self._notes: dict[tuple[str, str], str] = {}  # for the history entry of the next save
        self._sync(document)

    # -- reading ---------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.team["name"])

    @property
    def slug(self) -> str:
        """The workbook's slug, checked: every file name guidelib makes starts from this,
        so a slug like '../../x' written inside a shared file never becomes a path."""
        return safe_slug(self.team.get("slug"), self.path, self.team.get("name"))

    def spec(self, step_id: str, field_id: str) -> tuple[Step, Field]:
        """The step and field specs for ids; `AnswerError` names an unknown one."""
        try:
            step = self.guidebook.step(step_id)
        except KeyError:
            raise AnswerError(f"There is no step {step_id!r} in the guidebook.") from None
        try:
            return step, step.field(field_id)
        except KeyError:
            raise AnswerError(
                f"Step {step.number} ({step.title}) has no field {field_id!r}."
            ) from None

    def get(self, step_id: str, field_id: str, default: Any = None) -> Any:
        """The stored answer (a copy), or `default` when there is none or the stored value
        does not fit the field (see `invalid`). Unknown ids raise `AnswerError`, as in
        `set`; `items()` reads stored fields the guidebook does not have."""
        self.spec(step_id, field_id)
        value = self._usable.get(step_id, {}).get(field_id)
        return default if value is None else clone(value)

    def answers(self, step_id: str) -> dict[str, Any]:
        """The usable answers of one step (known fields, right type), as a new dict."""
        return clone(self._usable.get(step_id, {}))

    def items(self) -> list[tuple[str, str, Any]]:
        """Every stored answer as (step id, field id, value), including unknown fields and
        values of the wrong type: the raw access."""
        return [(s, f, clone(v)) for s, fields in self._answers.items() for f, v in fields.items()]

    def column_values(self, ref: str) -> list[str]:
        """The entries at `ref`, in order, once each: the choices of a field with
        `options_from`. "step.field.column" reads a table column; "step.field" reads a
        multichoice field's entries as people see them (option labels)."""
        parts = ref.split(".")
        answer = self._usable.get(parts[0], {}).get(parts[1])
        if len(parts) == 2:
            spec = self.guidebook.step(parts[0]).field(parts[1])
            values = [spec.option_label(v) for v in answer or [] if isinstance(v, str)]
        else:
            values = [row.get(parts[2]) for row in answer or [] if isinstance(row, dict)]
        seen: dict[str, None] = {}
        for value in values:
            if isinstance(value, str) and value.strip():
                seen.setdefault(value.strip(), None)
        return list(seen)

    def progress(self) -> Progress:
        return progress(self.guidebook, self._usable)

    # -- changing --------------------------------------------------------------
    def set(self, step_id: str, field_id: str, value: Any) -> Any:
        """Check `value` against the field spec, keep it in memory, return the stored form.

        An empty value (None, blank text, empty list) clears the answer. Nothing is
        written until `save()`.
        """
        step, spec = self.spec(step_id, field_id)
        stored = check_value(step, spec, value)
        key = (step_id, field_id)
        if stored is not None and has_bidi_overrides(value):
            self._notes[key] = BIDI_NOTE  # check_value removed them; the history says so
        self.invalid.pop(key, None)
        for answers in (self._answers, self._usable):
            fields = answers.setdefault(step_id, {})
            if stored is None:
                fields.pop(field_id, None)
                if not fields:
                    del answers[step_id]
            else:
                fields[field_id] = clone(stored)
        return clone(stored)

    def pending(self) -> list[tuple[str, str]]:
        """Fields changed in memory since the last save or load."""
        return changed(self._base, self._answers)

    def save(self) -> SaveResult:
        """Merge this session's changes into the file on disk (see `guidelib.workbook.store`)."""
        return _STORE["save"](self)  # the model does no IO itself

    def reload(self) -> SaveResult:
        """Pick up changes saved by others; this session's unsaved edits are kept."""
        return _STORE["refresh"](self)

    def note(self, step_id: str, field_id: str) -> str:
        """What `set` changed in the value typed (e.g. removed override characters), for
        the history entry of the next save; '' when nothing."""
        return self._notes.get((step_id, field_id), "")

    def _notes_for(self, step_id: str, field_id: str) -> dict[str, str]:
        """Extra keys for the history entry of a saved field (store use only)."""
        note = self.note(step_id, field_id)
        return {"note": note} if note else {}

    def _saved_notes(self, saved: tuple[tuple[str, str], ...]) -> None:
        for key in saved:
            self._notes.pop(key, None)

    # -- the document ----------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """The workbook as a JSON-ready document, including unsaved answers."""
        return {
            "schema_version": schema.SCHEMA_VERSION,
            "revision": self.revision,
            "team": clone(self.team),
            "answers": clone(self._answers),
            "history": clone(self.history),
        }

    def _sync(self, document: dict[str, Any], keep_edits: bool = False) -> None:
        """Adopt `document` as the state on disk (store use only)."""
        self.revision = int(document["revision"])
        self.team = dict(document["team"])
        self.history = list(document["history"])
        self._base = clone(document["answers"])
        if not keep_edits:
            self._answers = clone(document["answers"])
        self._recheck()

    def _recheck(self) -> None:
        """Check every stored answer against its field (see `stored.py`)."""
        self._usable, self.invalid = check_stored(self.guidebook, self._answers)
