"""The registries: every field type complete in one place, every step-keyed registry
naming only real steps, and an unknown id refused in one sentence."""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
from pathlib import Path

import pytest

import guidelib
import guidelib.dashboard_page
import guidelib.report  # noqa: F401 - importing it makes its registries
from guidelib.charts import STEP_CHARTS
from guidelib.content import FIELD_TYPES, GUIDEBOOK, FieldType
from guidelib.content.fieldtypes import BadValue
from guidelib.content.registry import REGISTRIES, Registry, RegistryError, step_ids
from guidelib.errors import GuidelibError
from guidelib.ui.fields import WIDGETS, FieldInput, make_input, widget
from guidelib.ui.matrix import ROW_CHECKS
from guidelib.ui.panels import TOOLS


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


def test_a_widget_for_an_undeclared_type_is_refused():
    with pytest.raises(GuidelibError, match=r"^No field type 'rating' is declared"):
        widget("rating")


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


# -- step-keyed registries ------------------------------------------------------------

SRC = Path(guidelib.dashboard_page.__file__).parent
STEPS = {s.id for s in GUIDEBOOK.steps} | {GUIDEBOOK.review.step.id}
PHASES = {p.id for p in GUIDEBOOK.phases}
FIELDS = {f"{s.id}.{f.id}" for s in (*GUIDEBOOK.steps, GUIDEBOOK.review.step) for f in s.fields}


def test_every_registry_key_names_a_real_step():
    """Read independently of `Registry.check`: the ids straight from the guidebook."""
    named = {"STEP_CHARTS", "TOOLS", "ROW_CHECKS", "PHASE_DOCUMENTS"}
    assert named <= {r.name for r in REGISTRIES}
    real = {"step": STEPS, "phase": PHASES, "field": FIELDS}
    for registry in REGISTRIES:
        assert set(registry) <= real[registry.kind], registry.name
    assert {"capacity", "scale-up"} <= set(STEP_CHARTS)
    assert {"coalition", "charter", "survey"} <= set(TOOLS)
    assert list(ROW_CHECKS) == ["governance.raci"]
    assert guidelib.dashboard_page.PHASE3[-1] == "scale-up"


def test_the_raci_grid_finds_its_row_check():
    raci = GUIDEBOOK.step("governance").field("raci")
    assert ROW_CHECKS.for_field(raci) is ROW_CHECKS["governance.raci"]
    assert ROW_CHECKS.for_field(GUIDEBOOK.step("charter").field("vision")) is None
    grid = make_input(raci, choices=lambda ref: ["Ana", "Ben"])
    assert grid.row_check is ROW_CHECKS["governance.raci"]


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (
            lambda: Registry("STEP_CHARTS", {"capcity": []}),
            "STEP_CHARTS names the step 'capcity', which is not in the guidebook.",
        ),
        (
            lambda: Registry("PHASE_DOCUMENTS", {"drive_impact": ()}, kind="phase"),
            "PHASE_DOCUMENTS names the phase 'drive_impact', which is not in the guidebook.",
        ),
        (
            lambda: Registry("ROW_CHECKS", {"raci": None}, kind="field"),
            "ROW_CHECKS names the field (step.field) 'raci', which is not in the guidebook.",
        ),
        (
            lambda: Registry("TOOLS").register("charter ")(print),
            "TOOLS names the step 'charter ', which is not in the guidebook.",
        ),
        (
            lambda: step_ids("governance", "lanuch", name="PHASE2"),
            "PHASE2 names the step 'lanuch', which is not in the guidebook.",
        ),
    ],
)
def test_an_unknown_id_is_refused_in_one_sentence(make, sentence):
    before = len(REGISTRIES)
    with pytest.raises(RegistryError) as caught:
        make()
    assert str(caught.value) == sentence
    assert isinstance(caught.value, GuidelibError)
    assert "\n" not in sentence and sentence.endswith(".")
    del REGISTRIES[before:]  # a refused registry is never listed; tidy any made


def test_a_registry_is_read_only_and_refuses_a_second_entry():
    tools = Registry("TOOLS")
    tools.register("charter")(print)
    with pytest.raises(RegistryError, match="already has an entry for 'charter'"):
        tools.add("charter", print)
    with pytest.raises(TypeError):
        tools["capacity"] = print  # type: ignore[index]
    REGISTRIES.remove(tools)


def test_an_unknown_step_in_a_module_fails_its_import(tmp_path):
    """The refusal happens at import: a module with a typo cannot be imported."""
    module = tmp_path / "charts_typo.py"
    module.write_text(
        "from guidelib.content.registry import Registry\n"
        'CHARTS = Registry("CHARTS", {"scale_up": []})\n'
    )
    spec = importlib.util.spec_from_file_location("charts_typo", module)
    with pytest.raises(RegistryError, match="'scale_up'"):
        spec.loader.exec_module(importlib.util.module_from_spec(spec))


def _bare_step_dicts(source: str) -> list[int]:
    """Lines of dict literals whose keys are all step ids (two or more), outside a
    `Registry(...)` call: a step-keyed registry that checks nothing."""
    tree = ast.parse(source)
    inside = {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Registry"
        for arg in node.args
    }
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and id(node) not in inside:
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            if len(keys) >= 2 and len(keys) == len(node.keys) and set(keys) <= STEPS:
                lines.append(node.lineno)
    return lines


def test_no_bare_dict_is_keyed_by_step_ids():
    assert _bare_step_dicts('X = {"charter": 1, "capacity": 2}') == [1]  # the scan can fail
    assert _bare_step_dicts('X = Registry("X", {"charter": 1, "capacity": 2})') == []
    found = {
        str(path.relative_to(SRC)): _bare_step_dicts(path.read_text(encoding="utf-8"))
        for path in SRC.rglob("*.py")
        if "examples" not in path.parts  # example answers, checked by Workbook.set
    }
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_workbook_get_refuses_unknown_ids_like_set(tmp_path):
    wb = guidelib.create_workbook("Registry team", tmp_path)
    for step, field in (("capcity", "x"), ("charter", "nosuch")):
        with pytest.raises(GuidelibError) as by_get:
            wb.get(step, field)
        with pytest.raises(GuidelibError) as by_set:
            wb.set(step, field, "x")
        assert str(by_get.value) == str(by_set.value)
        assert str(by_get.value).endswith(".") and "\n" not in str(by_get.value)
