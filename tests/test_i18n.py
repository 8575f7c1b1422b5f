"""The form's own words: every message marked in the files `babel.cfg` names is in every
catalog, translated, with the same {placeholders}; Babel compiles the catalogs."""

from __future__ import annotations

import re
import string

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from guidelib import i18n

from .conftest import ROOT

FIELD = re.compile(r"\{(\w*)\}")


def extracted() -> dict[str, set[str]]:
    """msgid -> its placeholders, extracted from the source as `pybabel extract` does."""
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / "babel.cfg")
    files = [section.split(":", 1)[1].strip() for section in config.sections()]
    assert len(files) >= 4 and all((ROOT / f).is_file() for f in files)
    found = [
        message
        for f in files
        for _, message, _, _ in extract_from_file("python", ROOT / f, keywords={"N_": None})
    ]
    return {msg: set(FIELD.findall(msg)) for msg in found}


def catalog(lang: str):
    with i18n.catalog_path(lang).open("rb") as po:
        return read_po(po, locale=lang)


def test_the_source_marks_the_form_words():
    messages = extracted()
    for needed in ("Prefer not to say", "Clear answer", "Send my answers", "Strongly agree"):
        assert needed in messages
    assert any(m.startswith("Thank you. Your answers were saved") for m in messages)
    assert len(messages) >= 35


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_catalog_has_every_message_translated(lang):
    assert lang in i18n.catalogs()
    entries = {m.id: m for m in catalog(lang) if m.id}
    for msgid, fields in extracted().items():
        assert msgid in entries, f"{lang} catalog misses: {msgid!r} (run pybabel update)"
        entry = entries[msgid]
        assert entry.string and not entry.fuzzy, f"{lang}: {msgid!r} is not translated"
        assert set(FIELD.findall(entry.string)) == fields, f"{lang}: placeholders of {msgid!r}"
        list(string.Formatter().parse(entry.string))  # a well-formed format string


def test_a_missing_message_is_caught(tmp_path, monkeypatch):
    """The check above fails for a catalog without one message: proven on a copy."""
    copy = tmp_path / "es" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    text = i18n.catalog_path("es").read_text(encoding="utf-8")
    text = text.replace('msgid "Clear answer"\nmsgstr "Borrar respuesta"\n', "")
    (copy / "guidelib.po").write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with pytest.raises(AssertionError, match="misses: 'Clear answer'"):
        test_every_catalog_has_every_message_translated("es")


def test_compiled_catalogs_translate_and_unknown_languages_fall_back():
    i18n.translations.cache_clear()
    spanish = i18n.translator("es")
    assert spanish("Prefer not to say") == "Prefiero no decirlo"
    assert spanish("Send my answers") == "Enviar mis respuestas"
    assert i18n.translator("en")("Clear answer") == "Clear answer"
    for odd in ("xx", "../es", "es/../../etc", "", None):
        assert i18n.translator(odd)("Clear answer") == "Clear answer"
