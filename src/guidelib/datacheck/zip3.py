"""The HIPAA Safe Harbor rule for three-digit ZIP codes (45 CFR 164.514(b)(2)(i)(B)): the
first three digits of a ZIP code may be kept only where the area they cover holds more
than 20,000 people; elsewhere they become 000.

The restricted prefixes ship as data (`data/safe_harbor_zip3.json`), each list with its
census year and its source. The rule applies the union of the lists, so a prefix that is
small in either census becomes 000.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

RESOURCE = "safe_harbor_zip3.json"


@cache
def source() -> dict[str, Any]:
    """The data file as shipped: the rule, the lists, their sources and dates."""
    text = resources.files("guidelib.datacheck").joinpath("data", RESOURCE).read_text("utf-8")
    return json.loads(text)


@cache
def restricted() -> tuple[str, ...]:
    """Every three-digit prefix that becomes 000, sorted."""
    return tuple(sorted({p for lst in source()["lists"] for p in lst["prefixes"]}))


def zip3(value: object) -> str | None:
    """A ZIP code (text or number) as Safe Harbor lets it stay: its first three digits,
    or 000 for a restricted area. None for an empty value.

    >>> zip3("03601"), zip3(3601), zip3("10001-1234"), zip3(None)
    ('000', '000', '100', None)
    """
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if isinstance(value, int) and not isinstance(value, bool):
        text = text.zfill(9 if value > 99_999 else 5)
    return "000" if text[:3] in restricted() else text[:3]
