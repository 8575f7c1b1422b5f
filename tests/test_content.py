"""The guidebook as data: structure, every field type, loud failures, plain language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import textstat

from guidelib.content import CONTENT_DIR, FIELD_TYPES, GUIDEBOOK, load_guidebook
from guidelib.errors import ContentError

SEED_STEPS = {  # REFERENCE.md: 6 + 4 + 5 steps, in the seed's order
    "build-the-collective": [
        "policy-problem",
        "stakeholders",
        "capacity",
        "value",
        "coalition",
        "charter",
    ],
    "define-the-operations": ["governance", "feedback-loop", "agreement", "launch"],
    "drive-impact": ["reevaluate", "survey", "iterate", "until-minimal", "scale-up"],
}


def test_three_phases_with_the_seed_steps_in_order():
    assert [p.title for p in GUIDEBOOK.phases] == [
        "Build the collective",
        "Define the operations",
        "Drive impact",
    ]
    assert [p.motto for p in GUIDEBOOK.phases] == [
        "Get everyone on board",
        "Get everyone in line",
        "Get everyone to improve and share",
    ]
    assert {p.id: [s.id for s in p.steps] for p in GUIDEBOOK.phases} == SEED_STEPS
    assert [s.number for s in GUIDEBOOK.steps][:3] == ["1.1", "1.2", "1.3"]


def test_every_step_has_guidance_and_core_questions():
    for step in GUIDEBOOK.steps:
        g = step.guidance
        assert all(len(part.split()) >= 8 for part in (g.what, g.why, g.who, g.tip)), step.id
        assert step.fields, step.id
        assert step.required_fields, f"{step.id} has no required question"


def test_every_field_type_is_used():
    used = {f.type for s in GUIDEBOOK.steps for f in s.fields}
    used |= {c.type for s in GUIDEBOOK.steps for f in s.fields for c in f.columns}
    used |= {f.type for f in GUIDEBOOK.review.step.fields}  # the equity review's answers
    assert used == set(FIELD_TYPES)


def test_catalog_references_resolve_to_options():
    kind = GUIDEBOOK.step("stakeholders").field("register").column("kind")
    assert [o.id for o in kind.options][:3] == ["data-provider", "data-user", "impacted-community"]
    assert kind.option_label("legal-privacy") == "Legal or privacy"


def test_rules_are_cited_where_applied():
    agreement = GUIDEBOOK.step("agreement")
    assert "99.31(a)(6)(iii)(C)" in agreement.field("retention").rule
    assert "CMS" in agreement.field("min_cell_size").rule
    assert "CMS" in GUIDEBOOK.step("survey").field("min_cell_size").rule


@pytest.mark.parametrize("step", GUIDEBOOK.steps, ids=lambda s: s.id)
def test_guidance_reads_at_grade_ten_or_below(step):
    grade = textstat.flesch_kincaid_grade(step.guidance.text())
    assert grade <= 10, f"{step.id}: Flesch-Kincaid grade {grade}"
    for part in ("what", "why", "who", "tip"):
        text = getattr(step.guidance, part)
        assert textstat.flesch_kincaid_grade(text) <= 10, f"{step.id}.{part}: {text}"


@pytest.mark.parametrize("phase", GUIDEBOOK.phases, ids=lambda p: p.id)
def test_phase_summary_reads_at_grade_ten_or_below(phase):
    assert textstat.flesch_kincaid_grade(phase.summary) <= 10


def test_options_from_names_a_text_column():
    member = GUIDEBOOK.step("coalition").field("members").column("stakeholder")
    assert member.options_from == "stakeholders.register.name"
    assert GUIDEBOOK.source(member.options_from).label == "Name"
    assert GUIDEBOOK.source("charter.principles").type == "multichoice"


def _broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    text = (target / file).read_text()
    assert old in text
    (target / file).write_text(text.replace(old, new, 1))
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "phase1.yaml",
            "type: longtext",
            "type: essay",
            "phase1.yaml: steps[0].fields[1].type: unknown field type 'essay'",
        ),
        (
            "phase2.yaml",
            'options: "@instruments"',
            'options: "@nope"',
            "phase2.yaml: steps[2].fields[0].options: no catalog named 'nope'",
        ),
        (
            "phase3.yaml",
            "  - id: survey\n",
            "  - id: Survey Step\n",
            "phase3.yaml: steps[1].id: 'Survey Step' is not an id",
        ),
        (
            "phase1.yaml",
            "    title: Identify stakeholders\n",
            "",
            "phase1.yaml: steps[1].title: is required",
        ),
        ("phase2.yaml", "id: launch\n", "id: governance\n", "steps: duplicate id 'governance'"),
        (
            "catalogs.yaml",
            "{id: yearly, label: Once a year}",
            "{id: yearly, lable: Once a year}",
            "catalogs.yaml: cadences[5].lable: unknown key",
        ),
        (
            "phase1.yaml",
            "guidance:\n      what: >",
            "guidance:\n      wat: >",
            "phase1.yaml: steps[0].guidance.wat: unknown key",
        ),
        ("phase3.yaml", "summary: >", "summary: [", "phase3.yaml: not valid YAML"),
        (
            "phase1.yaml",
            "options_from: stakeholders.register.name}",
            "options_from: stakeholders.register.nom}",
            "phase1.yaml: steps[3].fields[0].columns[0].options_from: 'stakeholders.register.nom'"
            ": no field or table column 'stakeholders.register.nom'",
        ),
        (
            "phase1.yaml",
            "options_from: policy-problem.questions.question",
            "options_from: stakeholders.register.influence",
            "stakeholders.register.influence is a scale column",
        ),
    ],
)
def test_malformed_content_fails_loudly_with_file_and_key(tmp_path, file, old, new, message):
    with pytest.raises(ContentError) as info:
        load_guidebook(_broken_copy(tmp_path, file, old, new))
    assert message in str(info.value)


def test_importing_guidelib_with_broken_content_fails_at_import(tmp_path):
    """The module-level load runs at import: a broken install cannot start half-working."""
    import subprocess
    import sys

    pkg = tmp_path / "guidelib"
    shutil.copytree(CONTENT_DIR.parent, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    yaml_file = pkg / "content" / "phase2.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("type: matrix", "type: checklist", 1))
    proc = subprocess.run(
        [sys.executable, "-c", "import guidelib"], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "ContentError: phase2.yaml: steps[0].fields[1].type: unknown field type" in proc.stderr
