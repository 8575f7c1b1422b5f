"""One count published in several groupings, protected together.

Ages 10-12 / 13-17 and 10-13 / 14-17 published side by side give away the number aged
13: (10-13) - (10-12). Each grouping alone may pass suppression; together they do not.
Here the single values (ages) are the unknowns no grouping shows, every published group
is the sum of its values, and interval protection (`interval.py`) runs over all
groupings at once, so that no single value and no hidden group can be narrowed below
the policy's threshold. The shared total stays published.

    >>> ages = {"10": 20, "11": 20, "12": 20, "13": 3, "14": 20, "15": 20, "16": 20, "17": 20}
    >>> cuts = {"a": {"10-12": ["10", "11", "12"], "13-17": ["13", "14", "15", "16", "17"]},
    ...         "b": {"10-13": ["10", "11", "12", "13"], "14-17": ["14", "15", "16", "17"]}}
    >>> shown = suppress_groupings(ages, cuts, "cms")
    >>> sorted(k for k, v in shown.items() if v is None and k[0] != "value")
    [('b', '10-13'), ('b', '14-17')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..textsafe import for_message
from .engine import DataError
from .suppress import Policy, policy

TOTAL = ("total", "")


def equations(
    values: Sequence[str], groupings: Mapping[str, Mapping[str, Sequence[str]]]
) -> list[dict]:
    """Each group is the sum of its values; each grouping's groups add up to the total.
    Keys: ("value", v), (grouping, group) and TOTAL."""
    eqs = [{("value", v): 1 for v in values} | {TOTAL: -1}]
    for name, groups in groupings.items():
        covered = [v for members in groups.values() for v in members]
        if sorted(covered) != sorted(values):
            raise DataError(
                f'The grouping "{for_message(name)}" must place every value in exactly one '
                "group."
            )
        for label, members in groups.items():
            eqs.append({("value", v): 1 for v in members} | {(name, label): -1})
    return eqs


def suppress_groupings(
    counts: Mapping[str, int],
    groupings: Mapping[str, Mapping[str, Sequence[str]]],
    rule: str | int | Policy = "cms",
) -> dict[tuple[str, str], int | None]:
    """What may be published: {(grouping, group): count or None, TOTAL: total}; the
    single values are never published ({("value", v): None})."""
    import numpy as np
    from scipy.sparse import coo_matrix

    from .interval import System, protect

    chosen = policy(rule)
    values = list(counts)
    eqs = equations(values, groupings)
    keys = [("value", v) for v in values] + [
        (name, label) for name, groups in groupings.items() for label in groups
    ] + [TOTAL]  # fmt: skip
    index = {k: n for n, k in enumerate(keys)}
    true = {("value", v): int(counts[v]) for v in values}
    for name, groups in groupings.items():
        for label, members in groups.items():
            true[(name, label)] = sum(int(counts[v]) for v in members)
    true[TOTAL] = sum(int(c) for c in counts.values())
    x = np.array([true[k] for k in keys], dtype=np.int64)
    hidden = np.array([k[0] == "value" or chosen.hides(int(true[k])) for k in keys])
    pinned = np.array([k == TOTAL for k in keys]) & ~hidden
    r, c, v = zip(*[(m, index[k], coef) for m, eq in enumerate(eqs) for k, coef in eq.items()],
                  strict=True)  # fmt: skip
    e = coo_matrix((v, (r, c)), shape=(len(eqs), len(keys))).tocsr()
    system = System(x, hidden.copy(), pinned, e)
    protect(system, chosen.minimum)
    return {k: None if system.hidden[n] else int(x[n]) for n, k in enumerate(keys)}


def audit_input(
    shown: Mapping[tuple[str, str], int | None],
    groupings: Mapping[str, Mapping[str, Sequence[str]]],
) -> tuple[dict, list[dict]]:
    """The published groupings as the independent audit reads them."""
    values = [k[1] for k in shown if k[0] == "value"]
    return dict(shown), equations(values, groupings)


__all__ = ["TOTAL", "audit_input", "equations", "suppress_groupings"]
