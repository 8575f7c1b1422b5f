"""Read and validate the guidebook YAML files into `_model` classes.

Every problem raises `ContentError` naming the file and the key path, e.g.
``phase1.yaml: steps[2].fields[0].type: unknown field type 'txt' ...``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError
from ._model import (
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
from .fieldtypes import COLUMN_TYPES, FIELD_TYPES

_TYPE_NAMES = tuple(FIELD_TYPES)

try:  # libyaml is several times faster; pure Python is the fallback
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
PHASE_FILES = ("phase1.yaml", "phase2.yaml", "phase3.yaml")
CATALOG_FILE = "catalogs.yaml"
REVIEW_FILE = "equity_review.yaml"
GUIDANCE_PARTS = ("what", "why", "who", "tip")


class _Where:
    """A file name and key path, for error messages."""

    def __init__(self, file: str, path: str = "") -> None:
        self.file, self.path = file, path

    def __truediv__(self, key: str | int) -> _Where:
        part = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else key)
        return _Where(self.file, self.path + part)

    def fail(self, problem: str) -> ContentError:
        return ContentError(f"{self.file}: {self.path or '(top level)'}: {problem}")


def _read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise ContentError(f"{path.name}: the content file is missing ({path})") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: not valid YAML: {exc}") from None


def _get(
    obj: Any, key: str, kind: type | tuple[type, ...], where: _Where, default: Any = ...
) -> Any:
    if not isinstance(obj, dict):
        raise where.fail("expected a mapping of keys to values")
    if key not in obj:
        if default is ...:
            raise (where / key).fail("is required")
        return default
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise (where / key).fail(f"expected {names}, got {type(value).__name__}")
    if isinstance(value, str) and default is ... and not value.strip():
        raise (where / key).fail("must not be empty")
    return value


def _check_keys(obj: dict, allowed: set[str], where: _Where) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise (where / unknown[0]).fail(
            f"unknown key; expected one of: {', '.join(sorted(allowed))}"
        )


def _id(obj: dict, where: _Where) -> str:
    value = _get(obj, "id", str, where)
    if not ID_RE.match(value):
        raise (where / "id").fail(f"{value!r} is not an id (lowercase letters, digits, - or _)")
    return value


def _options(raw: Any, catalogs: dict[str, Any], where: _Where) -> tuple[Option, ...]:
    if isinstance(raw, str) and raw.startswith("@"):
        if raw[1:] not in catalogs:
            raise where.fail(f"no catalog named {raw[1:]!r} in {CATALOG_FILE}")
        raw, where = catalogs[raw[1:]], _Where(CATALOG_FILE, raw[1:])
    if not isinstance(raw, list) or not raw:
        raise where.fail("expected a non-empty list of options or '@catalog'")
    options: list[Option] = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            _check_keys(item, {"id", "label"}, where / i)
            options.append(Option(_id(item, where / i), _get(item, "label", str, where / i)))
        else:
            raise (where / i).fail("expected {id: ..., label: ...}")
    ids = [o.id for o in options]
    if len(set(ids)) != len(ids):
        raise where.fail(f"duplicate option id {next(i for i in ids if ids.count(i) > 1)!r}")
    return tuple(options)


_FIELD_KEYS = {
    "id",
    "type",
    "label",
    "help",
    "placeholder",
    "rule",
    "optional",
    "options",
    "options_from",
    "allow_other",
    "labels",
    "min",
    "max",
    "integer",
    "unit",
    "max_length",
    "columns",
    "max_rows",
    "rows",
}


def _field(raw: Any, catalogs: dict, where: _Where, types: tuple[str, ...]) -> Field:
    if not isinstance(raw, dict):
        raise where.fail("expected a mapping describing a field")
    _check_keys(raw, _FIELD_KEYS, where)
    kind = _get(raw, "type", str, where)
    if kind not in types:
        raise (where / "type").fail(
            f"unknown field type {kind!r}; expected one of: {', '.join(types)}"
        )
    extra: dict[str, Any] = {}
    if kind == "matrix":
        extra["rows"] = _options(raw.get("rows"), catalogs, where / "rows")
        extra["options"] = _options(raw.get("options"), catalogs, where / "options")
        extra["options_from"] = _get(raw, "options_from", str, where)
    elif kind in ("choice", "multichoice") and "options_from" in raw:
        # Options come from another table's column (e.g. names in the stakeholder
        # register); the reference is checked once every step is loaded.
        extra["options_from"] = _get(raw, "options_from", str, where)
        if "options" in raw:
            raise (where / "options").fail("give options or options_from, not both")
    elif kind in ("choice", "multichoice"):
        extra["options"] = _options(raw.get("options"), catalogs, where / "options")
    elif "options" in raw or "options_from" in raw:
        raise (where / "options").fail(
            f"only choice and multichoice fields have options, not {kind}"
        )
    if kind == "table":
        cols = _get(raw, "columns", list, where)
        if not cols:
            raise (where / "columns").fail("a table needs at least one column")
        extra["columns"] = tuple(
            _field(c, catalogs, where / "columns" / i, COLUMN_TYPES) for i, c in enumerate(cols)
        )
        _unique([c.id for c in extra["columns"]], where / "columns")
        extra["max_rows"] = _get(raw, "max_rows", int, where, 200)
    if kind == "scale":
        labels = _get(raw, "labels", dict, where, {})
        for key, text in labels.items():
            if not isinstance(key, int) or not 1 <= key <= 5 or not isinstance(text, str):
                raise (where / "labels" / str(key)).fail("scale labels map 1-5 to text")
        extra["labels"] = tuple(sorted(labels.items()))
    if "min" in raw:
        extra["minimum"] = float(_get(raw, "min", (int, float), where))
    if "max" in raw:
        extra["maximum"] = float(_get(raw, "max", (int, float), where))
    return Field(
        id=_id(raw, where),
        type=kind,
        label=_get(raw, "label", str, where),
        help=_get(raw, "help", str, where, ""),
        placeholder=_get(raw, "placeholder", str, where, ""),
        rule=_get(raw, "rule", str, where, ""),
        optional=_get(raw, "optional", bool, where, False),
        allow_other=_get(raw, "allow_other", bool, where, False),
        integer=_get(raw, "integer", bool, where, False),
        unit=_get(raw, "unit", str, where, ""),
        max_length=_get(raw, "max_length", int, where, 0),
        **extra,
    )


def _unique(ids: list[str], where: _Where) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise where.fail(f"duplicate id {i!r}")
        seen.add(i)


def _step(raw: Any, catalogs: dict, where: _Where, phase: tuple[str, int], pos: int) -> Step:
    if not isinstance(raw, dict):
        raise where.fail("expected a mapping describing a step")
    _check_keys(raw, {"id", "title", "guidance", "fields"}, where)
    g = _get(raw, "guidance", dict, where)
    _check_keys(g, set(GUIDANCE_PARTS), where / "guidance")
    guidance = Guidance(
        *(_get(g, part, str, where / "guidance").strip() for part in GUIDANCE_PARTS)
    )
    raw_fields = _get(raw, "fields", list, where)
    if not raw_fields:
        raise (where / "fields").fail("a step needs at least one field")
    fields = tuple(
        _field(f, catalogs, where / "fields" / i, _TYPE_NAMES) for i, f in enumerate(raw_fields)
    )
    _unique([f.id for f in fields], where / "fields")
    return Step(
        id=_id(raw, where),
        title=_get(raw, "title", str, where),
        guidance=guidance,
        fields=fields,
        phase_id=phase[0],
        number=f"{phase[1]}.{pos}",
    )


def _phase(raw: Any, catalogs: dict, where: _Where) -> Phase:
    _check_keys(
        raw if isinstance(raw, dict) else {},
        {"id", "number", "title", "motto", "summary", "steps"},
        where,
    )
    pid, number = _id(raw, where), _get(raw, "number", int, where)
    steps = _get(raw, "steps", list, where)
    if not steps:
        raise (where / "steps").fail("a phase needs at least one step")
    return Phase(
        id=pid,
        number=number,
        title=_get(raw, "title", str, where),
        motto=_get(raw, "motto", str, where),
        summary=_get(raw, "summary", str, where).strip(),
        steps=tuple(
            _step(s, catalogs, where / "steps" / i, (pid, number), i + 1)
            for i, s in enumerate(steps)
        ),
    )


def load_guidebook(directory: Path) -> Guidebook:
    """Load and validate every content file in `directory`; raise `ContentError` if any is off."""
    catalogs = _read(directory / CATALOG_FILE)
    if not isinstance(catalogs, dict):
        raise ContentError(f"{CATALOG_FILE}: (top level): expected a mapping of catalog names")
    phases = []
    for name in PHASE_FILES:
        phases.append(_phase(_read(directory / name), catalogs, _Where(name)))
    step_ids = [s.id for p in phases for s in p.steps]
    _unique(step_ids, _Where(", ".join(PHASE_FILES), "steps"))
    if [p.number for p in phases] != list(range(1, len(phases) + 1)):
        raise ContentError(f"{', '.join(PHASE_FILES)}: number: phases must be numbered 1, 2, 3")
    step_ids = set(step_ids)
    review = (
        _review(_read(directory / REVIEW_FILE), step_ids)
        if (directory / REVIEW_FILE).exists()
        else None
    )
    book = Guidebook(title="Sharing Data for Social Impact", phases=tuple(phases), review=review)
    _check_references(book)
    return book


_ITEM_KEYS = {"id", "summary", "question", "good", "warning_signs", "steps", "critical"}


def _review(raw: Any, step_ids: set[str]) -> Review:
    """The equity and ethics review: stages of items, each answered beside named steps."""
    where = _Where(REVIEW_FILE)
    _check_keys(raw if isinstance(raw, dict) else {}, {"title", "intro", "stages"}, where)
    stages = []
    for i, stage in enumerate(_get(raw, "stages", list, where)):
        at = where / "stages" / i
        _check_keys(stage, {"id", "title", "items"}, at)
        stage_id = _id(stage, at)
        items = tuple(
            _review_item(item, at / "items" / j, stage_id, step_ids)
            for j, item in enumerate(_get(stage, "items", list, at))
        )
        stages.append(ReviewStage(stage_id, _get(stage, "title", str, at), items))
    _unique([s.id for s in stages], where / "stages")
    _unique([i.id for s in stages for i in s.items], where / "items")
    return Review(
        _get(raw, "title", str, where), _get(raw, "intro", str, where).strip(), tuple(stages)
    )


def _review_item(raw: Any, where: _Where, stage: str, step_ids: set[str]) -> ReviewItem:
    _check_keys(raw if isinstance(raw, dict) else {}, _ITEM_KEYS, where)
    steps = _get(raw, "steps", list, where)
    for k, step in enumerate(steps):
        if step not in step_ids:
            raise (where / "steps" / k).fail(f"no step {step!r} in the guidebook")
    if not steps:
        raise (where / "steps").fail("name at least one step where the item is answered")
    return ReviewItem(
        id=_id(raw, where),
        stage=stage,
        summary=_get(raw, "summary", str, where).strip(),
        question=_get(raw, "question", str, where).strip(),
        good=_get(raw, "good", str, where).strip(),
        warning_signs=_get(raw, "warning_signs", str, where).strip(),
        steps=tuple(steps),
        critical=_get(raw, "critical", bool, where, False),
    )


def _check_references(book: Guidebook) -> None:
    """Every `options_from: step.field.column` names a text column of a table field."""
    for phase_no, phase in enumerate(book.phases):
        for i, step in enumerate(phase.steps):
            for j, field in enumerate(step.fields):
                for k, spec in [(None, field), *enumerate(field.columns)]:
                    if not spec.options_from:
                        continue
                    where = _Where(PHASE_FILES[phase_no], f"steps[{i}].fields[{j}]")
                    where = (where / "columns" / k if k is not None else where) / "options_from"
                    try:
                        book.source(spec.options_from)
                    except KeyError as exc:
                        raise where.fail(f"{spec.options_from!r}: {exc.args[0]}") from None
