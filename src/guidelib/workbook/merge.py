"""Three-way, field-by-field merge of answers: what two savers did to the same base.

Pure functions over {step id: {field id: value}} mappings, so the rule is testable on its
own: a field only one side changed takes that side's value; a field both sides changed to
different values is a conflict, and the value already on disk is kept (the other value is
recorded in the history by the store, so nothing is lost).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Answers = dict[str, dict[str, Any]]
Key = tuple[str, str]


@dataclass(frozen=True)
class Conflict:
    """Both this session and someone else changed the same field since it was opened."""

    step: str
    field: str
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class MergeResult:
    answers: Answers
    mine: tuple[Key, ...]  # our changes that landed
    theirs: tuple[Key, ...]  # fields someone else changed that we now see
    conflicts: tuple[Conflict, ...]


def flatten(answers: Answers) -> dict[Key, Any]:
    return {(s, f): v for s, fields in answers.items() for f, v in fields.items()}


def nest(flat: dict[Key, Any]) -> Answers:
    out: Answers = {}
    for (s, f), v in sorted(flat.items()):
        out.setdefault(s, {})[f] = v
    return out


def changed(base: Answers, current: Answers) -> list[Key]:
    """The fields whose value differs between `base` and `current` (added, changed, cleared)."""
    b, c = flatten(base), flatten(current)
    return sorted(k for k in b.keys() | c.keys() if b.get(k) != c.get(k))


def merge(base: Answers, mine: Answers, theirs: Answers) -> MergeResult:
    """Merge `mine` and `theirs`, both descended from `base`.

    >>> r = merge({"s": {"a": 1}}, {"s": {"a": 2}}, {"s": {"a": 1, "b": 5}})
    >>> r.answers, r.mine, r.theirs
    ({'s': {'a': 2, 'b': 5}}, (('s', 'a'),), (('s', 'b'),))
    """
    b, m, t = flatten(base), flatten(mine), flatten(theirs)
    merged: dict[Key, Any] = {}
    landed: list[Key] = []
    seen: list[Key] = []
    conflicts: list[Conflict] = []
    for key in sorted(b.keys() | m.keys() | t.keys()):
        bv, mv, tv = b.get(key), m.get(key), t.get(key)
        if mv == bv:
            value = tv
            if tv != bv:
                seen.append(key)
        elif tv in (bv, mv):
            value = mv
            landed.append(key)
        else:
            value = tv
            conflicts.append(Conflict(key[0], key[1], mv, tv))
        if value is not None:
            merged[key] = value
    return MergeResult(nest(merged), tuple(landed), tuple(seen), tuple(conflicts))
