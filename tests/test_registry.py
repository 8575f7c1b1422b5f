"""The registries: every field type complete in one place, every step-keyed registry
naming only real steps, and an unknown id refused in one sentence."""

from __future__ import annotations

import dataclasses

import pytest

from guidelib.content import FIELD_TYPES, GUIDEBOOK, FieldType
from guidelib.content.fieldtypes import BadValue
from guidelib.ui.fields import WIDGETS, FieldInput


def incomplete(types: dict[str, FieldType], widgets: dict) -> list[str]:
    """What each type lacks, as 'name: part' (empty when every type is complete)."""
    gaps = []
    for name, kind in types.items():
        if kind.name != name:
            gaps.append(f"{name}: its name says {kind.name!r}")
        for part in ("check", "text"):
            if not callable(getattr(kind, part, None)):
                gaps.append(f"{name}: {part}")
        if not (isinstance(kind.stored_as, tuple) and kind.stored_as and kind.expected):
            gaps.append(f"{name}: stored_as and expected")
        widget = widgets.get(kind)
        if not (isinstance(widget, type) and issubclass(widget, FieldInput)):
            gaps.append(f"{name}: widget")
    return gaps


def test_every_field_type_has_a_checker_a_text_and_a_widget():
    assert incomplete(FIELD_TYPES, WIDGETS) == []
    assert set(WIDGETS) == set(FIELD_TYPES.values())  # no widget for a type not declared


def test_a_type_missing_a_part_is_named():
    extra = FieldType("rating", lambda f, v, s=False: v, None, "a rating", (int,))
    gaps = incomplete({**FIELD_TYPES, "rating": extra}, WIDGETS)
    assert gaps == ["rating: text", "rating: widget"]


def test_every_type_the_guidebook_uses_is_declared():
    used = {f.type for s in GUIDEBOOK.steps for f in s.fields}
    used |= {c.type for s in GUIDEBOOK.steps for f in s.fields for c in f.columns}
    used |= {f.type for f in GUIDEBOOK.review.step.fields}
    assert used == set(FIELD_TYPES)
    assert all(FIELD_TYPES[c.type].column for s in GUIDEBOOK.steps for f in s.fields
               for c in f.columns)


def _example(name: str):
    """A field of that type from the guidebook (or a table's column), with its own
    options where it can have them."""
    fields = [f for s in (*GUIDEBOOK.steps, GUIDEBOOK.review.step) for f in s.fields]
    fields += [c for f in fields for c in f.columns]
    fields = [f for f in fields if f.type == name]
    return next((f for f in fields if not f.options_from), fields[0])


VALUES = {
    "text": ("Kinship care", "Kinship care"),
    "longtext": ("Two lines\nof text", "Two lines\nof text"),
    "scale": ("4", "4 of 5"),
    "date": ("2027-03-01", "1 March 2027"),
    "bool": (True, "Yes"),
}


@pytest.mark.parametrize("name", sorted(VALUES))
def test_check_then_text(name):
    kind, field = FIELD_TYPES[name], _example(name)
    typed, shown = VALUES[name]
    assert kind.text(field, kind.check(field, typed, False)) == shown


def test_choice_types_show_labels():
    field = _example("choice")
    option = field.options[0]
    kind = FIELD_TYPES["choice"]
    assert kind.text(field, kind.check(field, option.label, False)) == option.label
    field = _example("multichoice")
    kind = FIELD_TYPES["multichoice"]
    ids = kind.check(field, [o.id for o in field.options[:2]], False)
    assert kind.text(field, ids) == "; ".join(o.label for o in field.options[:2])


def test_structured_types_check_shape_before_emptiness():
    for name, kind in FIELD_TYPES.items():
        assert kind.structured == (name in {"table", "matrix", "review"})
        assert kind.column == (not kind.structured)
    with pytest.raises(BadValue, match="unknown row"):
        FIELD_TYPES["matrix"].check(_example("matrix"), {"nosuch": {}}, False)


def test_a_table_keeps_its_messages_and_drops_stored_blank_rows():
    field = _example("table")
    kind = FIELD_TYPES["table"]
    with pytest.raises(BadValue) as caught:
        kind.check(field, [{}], False)
    assert caught.value.sentence('"T" (step 1.1)') == (
        'Row 1 of "T" (step 1.1) is empty; fill it in or leave it out.'
    )
    assert kind.check(field, [{}], True) == []


def test_field_types_are_one_object_each():
    for kind in FIELD_TYPES.values():
        assert kind == kind and kind != dataclasses.replace(kind)  # identity, not value
