"""The survey form's own words in the respondent's language: gettext catalogs in the
package, `guidelib/locale/<lang>/LC_MESSAGES/guidelib.po`.

Messages are marked in the code with `N_("...")` (it returns its text unchanged) and
translated where they are shown, with `translator(lang)`. Babel extracts the marked
messages (`babel.cfg`) and compiles each catalog into gettext's binary form the first
time a language is used, in memory, so no compiled `.mo` file is kept in the repository
and none can go stale. A language without a catalog gets the English words.

>>> translator("es")("Prefer not to say")
'Prefiero no decirlo'
>>> translator("xx")("Prefer not to say")
'Prefer not to say'

Layer 1: no guidelib imports; Babel loads only when a catalog is first compiled.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from collections.abc import Callable
from pathlib import Path

DOMAIN = "guidelib"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark `message` for translation; it is translated where it is shown."""
    return message


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogs() -> list[str]:
    """The languages the package has a catalog for, such as ['en', 'es']."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog for `lang` ('es'), or no translation if there is none."""
    code = str(lang or "").replace("-", "_")
    if not _CODE.match(code) or not catalog_path(code).is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # lazy: only a translated form needs it
    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries left out, as msgfmt does
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translator(lang: str | None) -> Callable[[str], str]:
    """`gettext` for one language: English text in, that language's text out."""
    return translations(lang or "en").gettext


__all__ = ["DOMAIN", "LOCALE_DIR", "N_", "catalogs", "translations", "translator"]
