"""The workbook file format: its version, a structural check, and the upgrade chain.

A file records `schema_version`. Files from older versions are upgraded one step at a time
through `UPGRADES` (as nbformat does); files from a newer guidelib are refused, since
writing them back would drop what this version does not understand.

Version 1 (current)::

    {"schema_version": 1, "revision": 3,
     "team": {"name": "...", "slug": "...", "created": "2026-11-28T14:02:11Z", ...},
     "answers": {"<step id>": {"<field id>": <value>}},
     "history": [{"at": "...", "who": "Ana" | null, "step": "...", "field": "...",
                  "action": "set" | "clear" | "conflict" | "create" | "restore",
                  "revision": 3}]}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..errors import WorkbookError, WorkbookVersionError
from .fileio import MAX_FILE_BYTES

SCHEMA_VERSION = 1
MAX_DEPTH = 32  # a workbook nests about 7 deep; far more is a damaged or hostile file

#: UPGRADES[n] turns a version-n document into a version-(n+1) document.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

HISTORY_ACTIONS = ("set", "clear", "conflict", "create", "restore")


def _check(ok: bool, problem: str) -> None:
    if not ok:
        raise WorkbookError(f"The workbook file is not valid: {problem}.")


def check_document(doc: Any) -> None:
    """Raise `WorkbookError` if `doc` does not have the shape of a current workbook."""
    _check(isinstance(doc, dict), "it does not hold a workbook object")
    _check(doc.get("schema_version") == SCHEMA_VERSION, "its schema_version is wrong")
    _check(
        isinstance(doc.get("revision"), int) and doc["revision"] >= 0,
        "its revision is not a whole number",
    )
    team = doc.get("team")
    _check(isinstance(team, dict), "it has no team section")
    for key in ("name", "slug"):
        _check(isinstance(team.get(key), str) and team[key], f"the team has no {key}")
    answers = doc.get("answers")
    _check(isinstance(answers, dict), "it has no answers section")
    for step_id, fields in answers.items():
        _check(isinstance(fields, dict), f"the answers for step {step_id!r} are not a mapping")
    history = doc.get("history")
    _check(isinstance(history, list), "it has no history list")
    for entry in history:
        _check(
            isinstance(entry, dict) and isinstance(entry.get("at"), str),
            "a history entry has no time",
        )


def upgrade(
    doc: Any, chain: dict[int, Callable[[dict], dict]] | None = None, target: int | None = None
) -> dict[str, Any]:
    """Bring `doc` to version `target` (default: current) one step at a time; refuse newer
    versions."""
    chain = UPGRADES if chain is None else chain
    target = SCHEMA_VERSION if target is None else target
    _check(isinstance(doc, dict), "it does not hold a workbook object")
    version = doc.get("schema_version")
    _check(
        isinstance(version, int) and not isinstance(version, bool) and version >= 1,
        "it has no schema_version",
    )
    if version > target:
        raise WorkbookVersionError(
            f"This workbook was saved by a newer version of guidelib (file format {version}; "
            f"this version reads up to {target}). Update guidelib to open it; the file was "
            "left untouched."
        )
    while version < target:
        if version not in chain:
            raise WorkbookError(f"No upgrade exists from file format {version}.")
        doc = chain[version](doc)
        version += 1
        doc["schema_version"] = version
    return doc


def encode(doc: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate read from a file cannot be UTF-8; as a \\u escape it is kept.
        return (json.dumps(doc, ensure_ascii=True, indent=1) + "\n").encode("ascii")


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether `value` nests lists and mappings more than `limit` deep (no recursion)."""
    stack = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


def parse(raw: bytes) -> dict[str, Any]:
    """Bytes of a workbook file -> a checked, current-version document. A UTF-8 byte-order
    mark (as Notepad writes) is accepted."""
    if len(raw) > MAX_FILE_BYTES:
        raise WorkbookError(f"The file is {len(raw) / 2**20:.0f} MB, too large to be a workbook.")
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise WorkbookError("The file is not a workbook: it does not contain valid JSON.") from None
    except RecursionError:
        raise WorkbookError("The file is not a workbook: its data is nested too deeply.") from None
    if _too_deep(doc):  # the checks, documents and the JSON writer recurse
        raise WorkbookError(
            f"The file is not a workbook: its data is nested more than {MAX_DEPTH} levels deep."
        )
    doc = upgrade(doc)
    check_document(doc)
    return doc
