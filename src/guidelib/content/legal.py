"""The legal content: what each regime requires of an agreement (`regimes.yaml`) and the
clause library agreements are assembled from (`clauses.yaml`).

Both files are read and checked on first use, not at `import guidelib`:

>>> from guidelib.content.legal import legal
>>> legal().regimes["ferpa-studies"].elements[3].citation
'34 CFR 99.31(a)(6)(iii)(C)(4)'

Every problem raises `ContentError` naming the file and the key, as the guidebook's loader
does; every `step.field` named must exist in the guidebook.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._loader import _check_keys, _get, _id, _read, _unique, _Where
from ._model import Guidebook

REGIMES_FILE, CLAUSES_FILE = "regimes.yaml", "clauses.yaml"
LEVELS = ("error", "warning")
#: Filled by the agreement builder rather than from one answer.
BUILTINS = ("title", "coalition", "parties")
#: Named tests a need may use ("@name"): the field to fix, and what to do there.
PREDICATES = {
    "elements-listed": (
        "agreement.data_elements",
        "list at least one data element for every data set under this rule",
    ),
    "recipient-signs": (
        "agreement.parties",
        "name a party with the role of recipient or integrator, and have it sign",
    ),
    "citation-given": (
        "agreement.dataset_rules",
        "cite the statute for every data set under this rule",
    ),
    "no-identifying-elements": (
        "agreement.data_elements",
        "share no data element marked as able to identify a person from a data set under "
        "this rule",
    ),
}
#: Tables and lists a clause part may insert; `documents.agreement` builds each one.
INSERTS = (
    "definitions", "questions", "members", "principles", "bodies", "dataset_rules",
    "data_elements", "prohibited_uses", "security", "access_tiers", "classification",
    "parties", "users",
)  # fmt: skip
FORMAT_SPECS = ("", "lower")  # "{cadence:lower}": the label with a small first letter


@dataclass(frozen=True)
class Need:
    """One thing an element needs: an answer (step, field), an option chosen, or a test."""

    ref: str
    step: str = ""
    field: str = ""
    option: str = ""
    predicate: str = ""


@dataclass(frozen=True)
class Element:
    id: str
    text: str  # completes the regime's lead: "... requires the agreement to <text>"
    citation: str
    needs: tuple[Need, ...]
    clause: str = ""  # met only when the kind of agreement carries this standard clause
    level: str = ""  # overrides the regime's level (good practice inside a legal rule)


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    citation: str
    level: str  # "error": the law requires it; "warning": good practice
    lead: str
    note: str
    elements: tuple[Element, ...]
    team_citation: bool = False  # findings cite the statute the team names in step 2.3


@dataclass(frozen=True)
class Term:
    """A legal word in plain language, for the worksheets and the agreement's glossary."""

    term: str
    text: str  # one or two sentences, grade 10 or below


@dataclass(frozen=True)
class Part:
    """One numbered sub-clause (its text, with {slots}) and/or a table or list after it."""

    text: str = ""
    insert: str = ""
    applies_to: tuple[str, ...] = ()  # instruments; empty means all of the clause's
    regimes: tuple[str, ...] = ()  # shown only when one of these regimes applies


@dataclass(frozen=True)
class Clause:
    id: str
    titles: tuple[tuple[str, str], ...]  # (instrument, title) for each instrument
    applies_to: tuple[str, ...]
    parts: tuple[Part, ...]
    regimes: tuple[str, ...] = ()
    note: str = ""  # what the clause does, in plain words for readers who are not lawyers

    def title(self, instrument: str) -> str:
        return dict(self.titles).get(instrument, self.titles[0][1])


@dataclass(frozen=True)
class Definition:
    term: str
    text: str  # follows the term: "means ..."
    applies_to: tuple[str, ...]


@dataclass(frozen=True)
class Library:
    note: str
    titles: dict[str, str]  # instrument -> document title
    slots: dict[str, str]  # placeholder name -> "step.field" that fills it
    parties: str
    background: tuple[Part, ...]
    agree: str
    signatures: str
    definitions: tuple[Definition, ...]
    clauses: tuple[Clause, ...]
    glossary: tuple[Term, ...] = ()
    pledge: str = ""  # Exhibit A of a DSA or DUL: what each Authorized User signs


@dataclass(frozen=True)
class Legal:
    regimes: dict[str, Regime]
    library: Library


def _strings(raw: Any, where: _Where, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise where.fail("expected a list of ids")
    for item in raw:
        if item not in allowed:
            raise where.fail(f"unknown id {item!r}; expected one of: {', '.join(allowed)}")
    return tuple(raw)


def _need(ref: Any, book: Guidebook, where: _Where) -> Need:
    if not isinstance(ref, str):
        raise where.fail("expected step.field, step.field=option or @name")
    if ref.startswith("@"):
        if ref[1:] not in PREDICATES:
            raise where.fail(f"unknown test {ref!r}; expected one of: {', '.join(PREDICATES)}")
        return Need(ref, predicate=ref[1:])
    path, _, option = ref.partition("=")
    step, field = _field(path, book, where)
    if option:
        spec = book.step(step).field(field)
        if spec.type not in ("choice", "multichoice") or option not in {o.id for o in spec.options}:
            raise where.fail(f"{option!r} is not an option of {path}")
    return Need(ref, step, field, option)


def _field(ref: str, book: Guidebook, where: _Where) -> tuple[str, str]:
    step, _, field = ref.partition(".")
    try:
        book.step(step).field(field)
    except KeyError:
        raise where.fail(f"{ref!r} is not a step.field in the guidebook") from None
    return step, field


def _element(raw: Any, book: Guidebook, where: _Where) -> Element:
    _check_keys(raw, {"id", "text", "citation", "needs", "clause", "level"}, where)
    needs = _get(raw, "needs", list, where)
    clause = _get(raw, "clause", str, where, "")
    if not needs and not clause:
        raise (where / "needs").fail("an element needs at least one answer or a clause")
    level = _get(raw, "level", str, where, "")
    if level and level not in LEVELS:
        raise (where / "level").fail(f"expected one of: {', '.join(LEVELS)}")
    return Element(
        _id(raw, where),
        " ".join(_get(raw, "text", str, where).split()),
        _get(raw, "citation", str, where),
        tuple(_need(n, book, where / "needs" / i) for i, n in enumerate(needs)),
        clause,
        level,
    )


def _regime(rid: str, raw: Any, book: Guidebook, where: _Where) -> Regime:
    keys = {"name", "citation", "level", "lead", "note", "elements", "team_citation"}
    _check_keys(raw, keys, where)
    level = _get(raw, "level", str, where)
    if level not in LEVELS:
        raise (where / "level").fail(f"expected one of: {', '.join(LEVELS)}")
    elements = _get(raw, "elements", list, where)
    if not elements:
        raise (where / "elements").fail("a regime needs at least one element")
    _unique([e.get("id") for e in elements if isinstance(e, dict)], where / "elements")
    return Regime(
        rid,
        _get(raw, "name", str, where),
        _get(raw, "citation", str, where),
        level,
        " ".join(_get(raw, "lead", str, where).split()),
        " ".join(_get(raw, "note", str, where).split()),
        tuple(_element(e, book, where / "elements" / i) for i, e in enumerate(elements)),
        bool(_get(raw, "team_citation", bool, where, False)),
    )


def _slots_in(text: str, slots: dict[str, str], where: _Where) -> None:
    """Every {name} in `text` is a declared slot or a builtin, with a known format."""
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name]
    except ValueError as exc:
        raise where.fail(f"bad {{placeholder}}: {exc}") from None
    for name, spec in fields:
        if name not in slots and name not in BUILTINS:
            known = ", ".join([*slots, *BUILTINS])
            raise where.fail(f"unknown placeholder {{{name}}}; expected one of: {known}")
        if spec not in FORMAT_SPECS:
            raise where.fail(f"{{{name}:{spec}}}: the only format is ':lower'")


def _part(raw: Any, ctx: dict[str, Any], where: _Where) -> Part:
    if isinstance(raw, str):
        raw = {"text": raw}
    _check_keys(raw, {"text", "insert", "applies_to", "regimes"}, where)
    text = _get(raw, "text", str, where, "").strip()
    insert = _get(raw, "insert", str, where, "")
    if not text and not insert:
        raise where.fail("a part needs text, an insert, or both")
    if insert and insert not in INSERTS:
        raise (where / "insert").fail(f"unknown insert; expected one of: {', '.join(INSERTS)}")
    _slots_in(text, ctx["slots"], where / "text")
    return Part(
        text,
        insert,
        _strings(raw.get("applies_to", []), where / "applies_to", ctx["instruments"]),
        _strings(raw.get("regimes", []), where / "regimes", ctx["regimes"]),
    )


def _clause(raw: Any, ctx: dict[str, Any], where: _Where) -> Clause:
    _check_keys(raw, {"id", "title", "note", "applies_to", "regimes", "parts"}, where)
    applies = _strings(
        _get(raw, "applies_to", list, where), where / "applies_to", ctx["instruments"]
    )
    title = _get(raw, "title", (str, dict), where)
    titles = {i: title for i in applies} if isinstance(title, str) else title
    if set(titles) != set(applies) or not all(isinstance(t, str) for t in titles.values()):
        raise (where / "title").fail("give one title, or a title for each instrument in applies_to")
    parts = _get(raw, "parts", list, where)
    if not parts:
        raise (where / "parts").fail("a clause needs at least one part")
    return Clause(
        _id(raw, where),
        tuple((i, titles[i]) for i in applies),
        applies,
        tuple(_part(p, ctx, where / "parts" / i) for i, p in enumerate(parts)),
        _strings(raw.get("regimes", []), where / "regimes", ctx["regimes"]),
        " ".join(_get(raw, "note", str, where).split()),
    )


def _slots(raw: Any, book: Guidebook, where: _Where) -> dict[str, str]:
    """Placeholder name -> the "step.field" whose answer fills it (never a table)."""
    slots = _get(raw, "slots", dict, where)
    for name, ref in slots.items():
        step, field = _field(str(ref), book, where / "slots" / str(name))
        if book.step(step).field(field).type in ("table", "matrix"):
            raise (where / "slots" / str(name)).fail("a placeholder cannot show a table")
    return {str(k): str(v) for k, v in slots.items()}


def _preamble(raw: Any, ctx: dict[str, Any], where: _Where) -> dict[str, Any]:
    """The parties' lead-in, the background recitals, "agree as follows" and the signing line."""
    pre = _get(raw, "preamble", dict, where)
    where = where / "preamble"
    _check_keys(pre, {"parties", "background", "agree", "signatures"}, where)
    out: dict[str, Any] = {}
    for key in ("parties", "agree", "signatures"):
        out[key] = " ".join(_get(pre, key, str, where).split())
        _slots_in(out[key], ctx["slots"], where / key)
    background = _get(pre, "background", list, where)
    out["background"] = tuple(
        _part(p, ctx, where / "background" / i) for i, p in enumerate(background)
    )
    return out


def _library(raw: Any, book: Guidebook, regimes: tuple[str, ...]) -> Library:
    where = _Where(CLAUSES_FILE)
    keys = {"note", "titles", "slots", "preamble", "definitions", "clauses", "glossary", "pledge"}
    _check_keys(raw if isinstance(raw, dict) else {}, keys, where)
    instruments = tuple(o.id for o in book.step("agreement").field("instrument").options)
    titles = _get(raw, "titles", dict, where)
    if set(titles) != set(instruments):
        raise (where / "titles").fail(f"give a title for each of: {', '.join(instruments)}")
    ctx = {"slots": _slots(raw, book, where), "instruments": instruments, "regimes": regimes}
    note = " ".join(_get(raw, "note", str, where).split())
    _slots_in(note, ctx["slots"], where / "note")
    defs = _get(raw, "definitions", list, where)
    clauses = _get(raw, "clauses", list, where)
    _unique([d.get("term") for d in defs if isinstance(d, dict)], where / "definitions")
    _unique([c.get("id") for c in clauses if isinstance(c, dict)], where / "clauses")
    return Library(
        note=note,
        titles={i: titles[i] for i in instruments},
        slots=ctx["slots"],
        **_preamble(raw, ctx, where),
        definitions=tuple(
            _definition(d, ctx, where / "definitions" / i) for i, d in enumerate(defs)
        ),
        clauses=tuple(_clause(c, ctx, where / "clauses" / i) for i, c in enumerate(clauses)),
        glossary=_glossary(raw, where),
        pledge=_pledge(raw, ctx, where),
    )


def _pledge(raw: Any, ctx: dict[str, Any], where: _Where) -> str:
    text = " ".join(_get(raw, "pledge", str, where, "").split())
    _slots_in(text, ctx["slots"], where / "pledge")
    return text


def _glossary(raw: Any, where: _Where) -> tuple[Term, ...]:
    """The plain-language glossary: [{term, text}], each term once."""
    entries = _get(raw, "glossary", list, where, [])
    _unique([e.get("term") for e in entries if isinstance(e, dict)], where / "glossary")
    terms = []
    for i, entry in enumerate(entries):
        _check_keys(entry, {"term", "text"}, where / "glossary" / i)
        terms.append(
            Term(
                _get(entry, "term", str, where / "glossary" / i),
                " ".join(_get(entry, "text", str, where / "glossary" / i).split()),
            )
        )
    return tuple(terms)


def _definition(raw: Any, ctx: dict[str, Any], where: _Where) -> Definition:
    _check_keys(raw, {"term", "text", "applies_to"}, where)
    text = " ".join(_get(raw, "text", str, where).split())
    _slots_in(text, ctx["slots"], where / "text")
    applies = raw.get("applies_to", list(ctx["instruments"]))
    return Definition(
        _get(raw, "term", str, where),
        text,
        _strings(applies, where / "applies_to", ctx["instruments"]),
    )


def _check_clause_refs(regimes: dict[str, Regime], library: Library) -> None:
    """An element met by a standard clause names a clause that is shown for its regime."""
    clauses = {c.id: c for c in library.clauses}
    for regime in regimes.values():
        for i, element in enumerate(regime.elements):
            where = _Where(REGIMES_FILE, f"{regime.id}.elements[{i}].clause")
            clause = clauses.get(element.clause)
            if element.clause and clause is None:
                raise where.fail(f"no clause {element.clause!r} in {CLAUSES_FILE}")
            if clause and clause.regimes and regime.id not in clause.regimes:
                raise where.fail(f"the clause {clause.id!r} is not shown for {regime.id}")


def load_legal(directory: Path, book: Guidebook) -> Legal:
    """Read and check both files; raise `ContentError` naming the file and key if one is off."""
    raw = _read(directory / REGIMES_FILE)
    where = _Where(REGIMES_FILE)
    ids = tuple(
        o.id for o in book.step("agreement").field("dataset_rules").column("regime").options
    )
    if not isinstance(raw, dict) or set(raw) != set(ids):
        raise where.fail(f"give the required elements of each regime: {', '.join(ids)}")
    regimes = {rid: _regime(rid, raw[rid], book, where / rid) for rid in ids}
    library = _library(_read(directory / CLAUSES_FILE), book, ids)
    _check_clause_refs(regimes, library)
    return Legal(regimes, library)


@functools.cache
def legal() -> Legal:
    """The legal content, loaded and checked once, on first use."""
    from . import CONTENT_DIR, GUIDEBOOK

    return load_legal(CONTENT_DIR, GUIDEBOOK)


__all__ = ["Clause", "Definition", "Element", "Legal", "Library", "Need", "Part", "Regime", "Term"]
__all__ += ["legal", "load_legal"]
