"""Every citation in the legal content resolves to a row of docs/LEGAL_SOURCES.md, and
every legal term the worksheets use is defined, in plain words, where it appears.

A citation is found by its form: "<title> CFR <part>.<section>", "<title> CFR Part <n>" or
"<title> U.S.C. <section>"; a bare section after a cited one ("34 CFR 99.32(a), 99.33(d)")
takes the same title, and a bare FERPA, HIPAA or Part 2 section ("164.514(b)(1)") the title
of its part. A regime's or element's citation that has no such form must start with a named
source of the table (e.g. "AISP, data use licenses").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from guidelib.checks import consistency, parties
from guidelib.content import CONTENT_DIR, GUIDEBOOK
from guidelib.content.legal import legal

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "docs" / "LEGAL_SOURCES.md"
TITLE = re.compile(r"(\d+)\s+(CFR|U\.S\.C\.)\s+((?:Part\s+)?\d+[a-z]*(?:\.\d+)?)")
#: Where a cited title stops applying to the bare sections after it.
STOP = re.compile(r"\n|\.\s|\b\d+\s+(?:CFR|U\.S\.C\.)")
#: The title of a bare "part.section" the content cites without its title.
PARTS = {"99": "34 CFR", "164": "45 CFR", "2": "42 CFR", "1355": "45 CFR", "205": "45 CFR"}
BARE = re.compile(r"(?<!step )(?<![\d.])\b(99|164|2|1355|205)\.(\d+)\b")


def table_keys() -> set[str]:
    """The `Key` column of every table in docs/LEGAL_SOURCES.md."""
    text = SOURCES.read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", text, re.M))


def citations(text: str) -> set[str]:
    """Every regulation or statute a text cites, as a table key."""
    found = set()
    for match in TITLE.finditer(text):
        title, kind, first = match.groups()
        found.add(f"{title} {kind} {first}")
        rest = text[match.end() :]
        stop = STOP.search(rest)
        rest = rest[: stop.start()] if stop else rest
        found |= {f"{title} {kind} {sec}" for sec in re.findall(r"\b(\d+\.\d+)", rest)}
    found |= {f"{PARTS[part]} {part}.{sec}" for part, sec in BARE.findall(text)}
    return found


def content_texts() -> list[tuple[str, str]]:
    """(where, text) for every content file, and the checks' own citations."""
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CONTENT_DIR.glob("*.yaml"))]
    texts += [(f"ROUTES[{k}]", v[2]) for k, v in consistency.ROUTES.items()]
    texts.append(("parties.RULE", parties.RULE))
    return texts


def test_the_table_exists_and_has_the_regimes_sources():
    keys = table_keys()
    assert {"34 CFR 99.31", "45 CFR 164.514", "42 CFR 2.52", "20 U.S.C. 1232g"} <= keys
    assert {"42 U.S.C. 5106a", "42 U.S.C. 671", "Fla. Stat. 39.202", "Fla. Stat. 985.04"} <= keys


@pytest.mark.parametrize(("where", "text"), content_texts(), ids=lambda x: str(x)[:30])
def test_every_cited_section_has_a_row(where, text):
    missing = citations(text) - table_keys()
    assert not missing, f"{where} cites {sorted(missing)}; add them to docs/LEGAL_SOURCES.md"


def test_the_parser_finds_what_it_should():
    """The citation finder, on known strings (so that the test above can fail)."""
    assert citations("34 CFR 99.32(a), 99.33(a), 99.33(d)") == {
        "34 CFR 99.32", "34 CFR 99.33"
    }  # fmt: skip
    assert citations("42 U.S.C. 671(a)(8); 45 CFR 1355.21(a), 205.50(a)(1)(i)") == {
        "42 U.S.C. 671", "45 CFR 1355.21", "45 CFR 205.50"
    }  # fmt: skip
    assert citations("the Safe Harbor (164.514(b)(2)), see step 2.3") == {"45 CFR 164.514"}
    assert citations("42 CFR Part 2") == {"42 CFR Part 2"}
    assert citations("FERPA 34 CFR 99.31(a)(6) and HIPAA 45 CFR 164.514(e)") == {
        "34 CFR 99.31", "45 CFR 164.514"
    }  # fmt: skip
    assert "34 CFR 99.99" not in table_keys() and citations("34 CFR 99.99") == {"34 CFR 99.99"}


def test_every_citation_without_a_section_names_a_listed_source():
    named = {k for k in table_keys() if not re.search(r"CFR|U\.S\.C\.|Stat\.", k)}
    for regime in legal().regimes.values():
        for citation in (regime.citation, *(e.citation for e in regime.elements)):
            for part in citation.split(";"):
                part = part.strip()
                if not citations(part):
                    assert part.startswith(tuple(named)), f"{regime.id}: {part!r} is not listed"


# -- plain language for legal terms ---------------------------------------------------------
def _glossary() -> dict[str, str]:
    return {t.term: t.text for t in legal().library.glossary}


#: The words that show a glossary term is used (a term may appear in another form).
FORMS = {
    "De-identified data": r"\bde-identified\b",
    "Limited data set": r"\blimited data set\b",
    "Authorized representative": r"\bauthorized representative\b",
    "Covered entity": r"\bcovered entit",
    "Education records": r"\beducation records\b",
    "IRB": r"\bIRB\b",
    "Indemnify": r"\bindemni",
    "Subpoena": r"\bsubpoena",
    "Public-records request": r"\bpublic-records request",
    "Governing law": r"\bgoverning law\b",
}


def _defined(definition: str, text: str) -> bool:
    """The glossary's sentence is restated, word for word, in `text`."""
    return " ".join(definition.split()) in " ".join(text.split())


def test_every_clause_has_a_plain_note_at_grade_ten_or_below():
    for clause in legal().library.clauses:
        assert clause.note, f"clause {clause.id} has no note for readers who are not lawyers"
        assert textstat.flesch_kincaid_grade(clause.note) <= 10, f"{clause.id}: {clause.note}"


def test_the_glossary_reads_at_grade_ten_or_below():
    for term, text in _glossary().items():
        assert textstat.flesch_kincaid_grade(text) <= 10, f"{term}: {text}"


def _worksheet_places():
    """(where, words shown, help) for each field and column of the legal steps."""
    for step_id in ("capacity", "governance", "agreement", "charter"):
        for field in GUIDEBOOK.step(step_id).fields:
            for spec in (field, *field.columns):
                shown = " ".join([spec.label, spec.rule, *(o.label for o in spec.options)])
                yield f"{step_id}.{spec.id}", shown, field.help + " " + spec.help


def test_every_legal_term_is_defined_where_a_worksheet_uses_it():
    glossary = _glossary()
    for where, shown, help_text in _worksheet_places():
        for term, form in FORMS.items():
            if re.search(form, shown, re.I):
                assert _defined(glossary[term], help_text), (
                    f"{where} uses {term!r} but its help does not define it: {glossary[term]}"
                )


def test_every_regime_note_defines_its_legal_terms():
    glossary = _glossary()
    for regime in legal().regimes.values():
        for term in ("Limited data set", "Covered entity", "Authorized representative",
                     "De-identified data", "Education records"):  # fmt: skip
            if re.search(FORMS[term], regime.note, re.I):
                assert _defined(glossary[term], regime.note), (regime.id, term)


@pytest.mark.parametrize("regime", sorted(legal().regimes))
def test_regime_notes_read_at_grade_ten_or_below(regime):
    """The note shown above each rule's checklist. HIPAA's list of the 16 identifiers is a
    list, not prose, so that one sentence is left out of the measure."""
    note = re.sub(r"The 16 identifiers .*? images\.", "", legal().regimes[regime].note)
    assert textstat.flesch_kincaid_grade(note) <= 10, note


def test_new_field_help_reads_at_grade_ten_or_below():
    for step_id in ("agreement", "charter"):
        for field in GUIDEBOOK.step(step_id).fields:
            if field.help:
                grade = textstat.flesch_kincaid_grade(field.help)
                assert grade <= 10, f"{step_id}.{field.id}: grade {grade}: {field.help}"
