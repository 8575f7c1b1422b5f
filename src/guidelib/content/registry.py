"""`Registry`: a mapping keyed by guidebook ids that refuses an id the guidebook lacks.

Charts, tools, documents and live checks are looked up by step id (or phase id, or
"step.field"). A bare dict would accept "capcity" and show nothing; a `Registry` raises
`RegistryError` when the entry is made, at import, in one sentence naming the registry
and the id. `REGISTRIES` lists every registry made, so `tests/test_registry.py` can
check them all.

>>> CHARTS = Registry("CHARTS", {"capacity": "radar"})
>>> CHARTS["capacity"]
'radar'
>>> try:
...     Registry("CHARTS", {"capcity": "radar"})
... except RegistryError as exc:
...     print(exc)
CHARTS names the step 'capcity', which is not in the guidebook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar

from ..errors import ContentError
from . import GUIDEBOOK, Field, Guidebook

V = TypeVar("V")


class RegistryError(ContentError):
    """A registry names a step, phase or field the guidebook does not have."""


def _is_step(book: Guidebook, key: str) -> bool:
    try:
        book.step(key)  # the phase steps and the review's answer sheet
    except KeyError:
        return False
    return True


def _is_phase(book: Guidebook, key: str) -> bool:
    return any(p.id == key for p in book.phases)


def _is_field(book: Guidebook, key: str) -> bool:
    step, _, field = key.partition(".")
    if not (field and _is_step(book, step)):
        return False
    return any(f.id == field for f in book.step(step).fields)


#: What a registry's keys name: (the test, the words for the error).
KINDS: dict[str, tuple[Callable[[Guidebook, str], bool], str]] = {
    "step": (_is_step, "the step"),
    "phase": (_is_phase, "the phase"),
    "field": (_is_field, "the field (step.field)"),
}


class Registry(Mapping[str, V], Generic[V]):
    """A read-only mapping from guidebook ids; entries come in through the constructor or
    `register` (a decorator), and each key is checked against the guidebook then."""

    def __init__(
        self,
        name: str,
        entries: Mapping[str, V] | None = None,
        kind: str = "step",
        guidebook: Guidebook = GUIDEBOOK,
    ) -> None:
        self.name, self.kind, self.guidebook = name, kind, guidebook
        self._test, self._words = KINDS[kind]
        self._entries: dict[str, V] = {}
        for key, value in (entries or {}).items():
            self.add(key, value)
        REGISTRIES.append(self)

    def check(self, key: str) -> str:
        """`key`, or `RegistryError` when the guidebook has no such id."""
        if not isinstance(key, str) or not self._test(self.guidebook, key):
            raise RegistryError(
                f"{self.name} names {self._words} {key!r}, which is not in the guidebook."
            )
        return key

    def add(self, key: str, value: V) -> V:
        """Enter `value` under `key` (checked); a second entry for a key is refused."""
        if self.check(key) in self._entries:
            raise RegistryError(f"{self.name} already has an entry for {key!r}.")
        self._entries[key] = value
        return value

    def register(self, key: str) -> Callable[[V], V]:
        """A decorator: `@REG.register("charter")` enters the function under "charter"."""
        self.check(key)
        return lambda value: self.add(key, value)

    def for_field(self, spec: Field) -> V | None:
        """In a registry of fields: the entry whose "step.field" names `spec` (a widget
        knows its field spec, not its step), or None."""
        for key, value in self._entries.items():
            step, _, field = key.partition(".")
            if self.guidebook.step(step).field(field) == spec:
                return value
        return None

    def __getitem__(self, key: str) -> V:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry({self.name!r}, {self._entries!r}, kind={self.kind!r})"


def step_ids(
    *ids: str, name: str = "a list of steps", guidebook: Guidebook = GUIDEBOOK
) -> tuple[str, ...]:
    """`ids` as a tuple, each checked to be a step id (for step lists that are not keys)."""
    test, words = KINDS["step"]
    for key in ids:
        if not test(guidebook, key):
            raise RegistryError(f"{name} names {words} {key!r}, which is not in the guidebook.")
    return ids


#: Every registry made, in order (for tests/test_registry.py).
REGISTRIES: list[Registry] = []
