"""The agreement (step 2.3): each regime's required elements, purpose limitation, the clause
library's loader, and the agreement document in its three formats.

The known answers below are written out by hand from the regulations (34 CFR 99.31(a)(6),
99.32, 99.33, 99.35, 99.38, 20 U.S.C. 1232g(b)(1)(L), 45 CFR 164.514(b) and (e), 42 CFR
2.52, 42 U.S.C. 5106a and 671(a)(8), the consent rules), not read back from regimes.yaml. The
golden files hold the agreement of a small fixture (not the worked example). After an
intended change, rewrite them and read the diff:

    GUIDELIB_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_agreement.py
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

import guidelib
from guidelib.checks import ERROR, WARNING, run_checks
from guidelib.checks.agreement import agreement_elements
from guidelib.cli import main
from guidelib.content import CONTENT_DIR, GUIDEBOOK
from guidelib.content.legal import legal, load_legal
from guidelib.documents import DOCUMENTS, build_agreement, missing_sections, render_document
from guidelib.errors import ContentError

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures"
Q1 = "Do students who use the school clinic miss fewer days?"
Q2 = "Which schools have the most students missing 10 or more days?"
AGREEMENT = {
    "instrument": "dsa",
    "purpose": "To study whether the school clinic helps students attend school.\n\n"
    "Scope: students at the four Millbrook high schools, 2026 to 2028.",
    "authority": "Millbrook Schools shares under the FERPA studies exception.",
    "authorized_users": "Two named analysts at the Millbrook County data office.",
    "methods": "Match records on student ID, then count days absent by clinic use.",
    "prohibited_uses": ["reidentify", "contact", "other-purpose", "redisclose", "prosecution"],
    "min_cell_size": 11,
    "retention": "Files are kept while the study needs them, and no longer.",
    "destruction_date": "2028-06-30",
    "breach_notice_days": 5,
    "term_start": "2026-07-01",
    "term_end": "2028-06-30",
    "audit": "Each provider may audit the data office once a year.",
    "termination": "A party may leave with 30 days' written notice.",
    "signatories": [
        {"party": "Millbrook Schools", "name": "Ana Lima", "title": "Director",
         "authority": "Board resolution 12"},
        {"party": "Millbrook Health", "name": "Cara Diaz", "title": "Privacy Officer",
         "authority": "Delegation from the director"},
        {"party": "Millbrook County", "name": "Dan Roy", "title": "County Manager",
         "authority": "County code 2-4"},
    ],
    "parties": [
        {"party": "Millbrook Schools", "roles": ["provider"], "contact": "Ana Lima"},
        {"party": "Millbrook Health", "roles": ["provider"], "contact": "Cara Diaz"},
        {"party": "Millbrook County", "roles": ["recipient", "integrator"],
         "contact": "Eva Park, data office", "units": "Millbrook County data office"},
    ],
    "users": [
        {"who": "Two named analysts", "organization": "Millbrook County",
         "access": "The coded study file", "pledge": True},
    ],
    "studies_purpose": "instruction",
    "evaluated_program": "The district's attendance support program",
    "deid_method": "expert",
    "consent_form": "Parents sign a form naming the records, the purpose and the county.",
    "transfer": "Secure file transfer, once a month.",
    "linkage": "The county data office links records on student ID.",
    "review_days": 10,
    "request_notice_days": 2,
    "liability": "Each party answers for its own acts, as far as the law allows.",
    "governing_law": "the laws of the State of Millbrook",
    "disputes": "The contacts meet first; then the Steering Group decides.",
    "research": True,
    "irb": "Millbrook University IRB, protocol 26-1, 1 May 2026",
    "licensee": "Millbrook County",
    "investigator": "Eva Park, data office",
    "deliverables": "A yearly report and a dashboard of counts.",
}  # fmt: skip
STATUTE = "Mb. Stat. 12.34"
CITED = ("state-statute", "ferpa-juvenile-justice")  # the rules whose statute the team cites
ELEMENTS = [
    {"dataset": "Attendance", "element": "Student ID", "identifying": True, "serves": [Q1, Q2]},
    {"dataset": "Attendance", "element": "Days absent", "identifying": False, "serves": [Q1]},
    {"dataset": "Clinic visits", "element": "Visit dates", "identifying": False, "serves": [Q1]},
]
REGISTER = [
    {"name": "Ana Lima", "organization": "Millbrook Schools", "kind": "data-provider"},
    {"name": "Cara Diaz", "organization": "Millbrook Health", "kind": "data-provider"},
]
MEMBERS = [
    {"stakeholder": "Ana Lima", "role": "Data steward", "commitment": "A monthly extract"},
    {"stakeholder": "Cara Diaz", "role": "Data steward"},
]
GOVERNANCE = {
    "bodies": [
        {
            "body": "Steering Group",
            "purpose": "Approves requests",
            "meets": "monthly",
            "members": ["Ana Lima", "Cara Diaz"],
        }
    ],
    "decision_method": "consensus",
    "quorum": 50,
    "principle_mechanisms": [
        {
            "principle": "We share data only for the purpose we agreed",
            "mechanism": "The Steering Group checks each request against the purpose",
        },
        {
            "principle": "We share the least data that answers the question",
            "mechanism": "The agreement links each data element to a question",
        },
    ],
    "access_tiers": [{"tier": "de-identified", "who": "Two analysts", "approval": "Stewards"}],
    "classification": [
        {"dataset": "Attendance", "tier": "de-identified"},
        {"dataset": "Clinic visits", "tier": "de-identified", "notes": "No names"},
    ],
    "security": ["encryption-rest", "encryption-transit", "breach-plan"],
}
FEEDBACK = {
    "reviewed_by": "Steering Group",
    "cadence": "quarterly",
    "trigger": "Three complaints on one topic.",
    "close_the_loop": "A one-page summary each quarter.",
}


def fill(wb: guidelib.Workbook, rules: dict[str, str], instrument: str = "dsa") -> None:
    """A small workbook whose agreement meets every rule, with `rules`: data set -> regime."""
    wb.set("policy-problem", "problem", "Students who miss school fall behind.")
    wb.set("policy-problem", "outcome", "Every student attends at least 90% of days.")
    wb.set("policy-problem", "questions", [{"question": Q1}, {"question": Q2}])
    wb.set("stakeholders", "register", REGISTER)
    wb.set("coalition", "members", MEMBERS)
    wb.set("charter", "principles", ["purpose", "minimum"])
    wb.set("capacity", "inventory", [
        {"dataset": "Attendance", "owner": "Millbrook Schools"},
        {"dataset": "Clinic visits", "owner": "Millbrook Health"},
    ])  # fmt: skip
    for step, answers in (("governance", GOVERNANCE), ("feedback-loop", FEEDBACK)):
        for field, value in answers.items():
            wb.set(step, field, value)
    for field, value in {**AGREEMENT, "instrument": instrument}.items():
        wb.set("agreement", field, value)
    wb.set("agreement", "dataset_rules", [
        {"dataset": d, "regime": r, **({"citation": STATUTE} if r in CITED else {})}
        for d, r in rules.items()
    ])  # fmt: skip
    wb.set("agreement", "data_elements", [e for e in ELEMENTS if e["dataset"] in rules])


@pytest.fixture
def filled(wb: guidelib.Workbook) -> guidelib.Workbook:
    fill(wb, {"Attendance": "ferpa-studies", "Clinic visits": "hipaa-lds"})
    wb.save()
    return wb


def cited(wb: guidelib.Workbook, name: str = "agreement") -> list[str]:
    return [f.rule for f in run_checks(wb, [name])]


# -- known answers: each regime's required elements --------------------------------------------
FS = "34 CFR 99.31(a)(6)(iii)(C)"
FA = "34 CFR 99.35(a)(3)"
HI = "45 CFR 164.514(e)(4)(ii)"
USA = "20 U.S.C. 1232g(b)(1)(L)"
ICO = "UK ICO data sharing code: "
AISP_DSA, AISP_DUL = "AISP, data sharing agreements", "AISP, data use licenses"
FERPA_NOTICES = "34 CFR 99.32(a), 99.33(a), 99.33(d)"
P2 = "42 CFR 2.52(b)"
CW_PURPOSE = "42 U.S.C. 671(a)(8); 45 CFR 1355.21(a), 205.50(a)(1)(i)"
CAPTA = "42 U.S.C. 5106a(b)(2)(B)(viii)"
C_FORM = "34 CFR 99.30(a); 45 CFR 164.508(b), (c); 42 CFR 2.31(a)"
C_RECORDS = "34 CFR 99.30(b)(1); 45 CFR 164.508(c)(1)(i); 42 CFR 2.31(a)(3)"
C_PURPOSE = "34 CFR 99.30(b)(2); 45 CFR 164.508(c)(1)(iv); 42 CFR 2.31(a)(5)"
C_TO = "34 CFR 99.30(b)(3); 45 CFR 164.508(c)(1)(iii); 42 CFR 2.31(a)(4)"
C_END = "45 CFR 164.508(b)(5), (c)(1)(v); 42 CFR 2.31(a)(6)-(7)"
#: regime -> {answer cleared: the citations that must be reported, and no others}.
#: "@citation" clears the statute cited for the data set; "@identifying" marks its data
#: elements as able to identify a person.
KNOWN: dict[str, dict[str, list[str]]] = {
    "ferpa-studies": {
        "agreement.studies_purpose": ["34 CFR 99.31(a)(6)(i)(A)-(C)"],
        "agreement.parties": [FS],
        "agreement.signatories": [FS],
        "agreement.purpose": [f"{FS}(1)"],
        "agreement.term_start": [f"{FS}(1)"],
        "agreement.term_end": [f"{FS}(1)"],
        "agreement.data_elements": [f"{FS}(1)"],
        "agreement.prohibited_uses=other-purpose": [f"{FS}(2)"],
        "agreement.authorized_users": [f"{FS}(3)"],
        "agreement.prohibited_uses=reidentify": [f"{FS}(3)"],
        "agreement.min_cell_size": [f"{FS}(3)"],
        "agreement.retention": [f"{FS}(4)"],
        "agreement.destruction_date": [f"{FS}(4)"],
        "agreement.prohibited_uses=redisclose": [FERPA_NOTICES],
        "agreement.instrument": [FERPA_NOTICES, "34 CFR 99.31(a)(6)(iv)"],
    },
    "ferpa-audit": {
        "agreement.authorized_users": [f"{FA}(i)"],
        "agreement.parties": [f"{FA}(i)"],
        "agreement.signatories": [f"{FA}(i)"],
        "agreement.data_elements": [f"{FA}(ii)(A)"],
        "agreement.purpose": [f"{FA}(ii)(B)"],
        "agreement.evaluated_program": [f"{FA}(ii)(B)"],
        "agreement.methods": [f"{FA}(ii)(C)"],
        "agreement.retention": [f"{FA}(iii)"],
        "agreement.destruction_date": [f"{FA}(iv)"],
        "agreement.prohibited_uses=redisclose": [f"{FA}(v)"],
        "governance.access_tiers": [f"{FA}(v)"],
        "agreement.instrument": ["34 CFR 99.32(a)", "34 CFR 99.35(d)"],
    },
    "ferpa-child-welfare": {
        "agreement.purpose": [USA],
        "agreement.data_elements": [USA],
        "agreement.users": [USA],
        "agreement.prohibited_uses=other-purpose": [USA],
        "agreement.prohibited_uses=redisclose": [USA],
    },
    "ferpa-juvenile-justice": {
        "@citation": ["34 CFR 99.31(a)(5)(i)(B), 99.38(a)"],
        "agreement.purpose": ["34 CFR 99.38(a)"],
        "agreement.prohibited_uses=redisclose": ["34 CFR 99.38(b)"],
        "agreement.parties": ["34 CFR 99.38(b)"],
        "agreement.signatories": ["34 CFR 99.38(b)"],
    },
    "hipaa-lds": {
        "@identifying": ["45 CFR 164.514(e)(2)"],
        "agreement.parties": ["45 CFR 164.514(e)(4)(i)"],
        "agreement.signatories": ["45 CFR 164.514(e)(4)(i)"],
        "agreement.purpose": [f"{HI}(A)"],
        "agreement.methods": [f"{HI}(A)"],
        "agreement.authorized_users": [f"{HI}(B)"],
        "agreement.prohibited_uses=other-purpose": [f"{HI}(C)(1)"],
        "agreement.prohibited_uses=redisclose": [f"{HI}(C)(1)"],
        "governance.security": [f"{HI}(C)(2)"],
        "agreement.breach_notice_days": [f"{HI}(C)(3)"],
        "agreement.instrument": [f"{HI}(C)(4)"],
        "agreement.prohibited_uses=reidentify": [f"{HI}(C)(5)"],
        "agreement.prohibited_uses=contact": [f"{HI}(C)(5)"],
    },
    "hipaa-deidentified": {
        "agreement.deid_method": ["45 CFR 164.514(b)"],
        "@identifying": ["45 CFR 164.514(b)(2)(i)"],
        "agreement.prohibited_uses=reidentify": [AISP_DUL],
    },
    "cfr42-part2": {
        "agreement.irb": ["42 CFR 2.52(a)"],
        "agreement.request_notice_days": [f"{P2}(1)"],
        "agreement.instrument": [f"{P2}(1)", f"{P2}(5)"],
        "agreement.prohibited_uses=redisclose": [f"{P2}(2)"],
        "agreement.prohibited_uses=reidentify": [f"{P2}(3)"],
        "agreement.min_cell_size": [f"{P2}(3)"],
        "governance.security": ["42 CFR 2.16, 2.52(b)(4)"],
        "agreement.destruction_date": ["42 CFR 2.16, 2.52(b)(4)"],
        "agreement.retention": ["42 CFR 2.16, 2.52(b)(4)", f"{P2}(5)"],
        "agreement.prohibited_uses=prosecution": ["42 CFR 2.12(d), 2.62"],
    },
    "child-welfare": {
        "agreement.purpose": [CW_PURPOSE],
        "agreement.prohibited_uses=other-purpose": [CW_PURPOSE],
        "agreement.authority": [f"{CAPTA}-(ix)"],
        "agreement.parties": [f"{CAPTA}-(ix)"],
        "agreement.signatories": [f"{CAPTA}-(ix)"],
        "agreement.prohibited_uses=redisclose": [CAPTA],
        "governance.security": [CAPTA],
        "agreement.prohibited_uses=prosecution": [AISP_DSA],
    },
    "consent": {
        "agreement.consent_form": [C_FORM, C_END],
        "agreement.data_elements": [C_RECORDS],
        "agreement.purpose": [C_PURPOSE],
        "agreement.prohibited_uses=other-purpose": [C_PURPOSE],
        "agreement.parties": [C_TO],
        "agreement.term_end": [C_END],
    },
    "state-statute": {  # findings carry the statute the team cites
        "@citation": ["State statute cited in step 2.3"],
        "agreement.authority": [STATUTE],
        "agreement.purpose": [STATUTE],
        "agreement.prohibited_uses=other-purpose": [STATUTE],
        "agreement.users": [STATUTE],
        "agreement.prohibited_uses=redisclose": [STATUTE],
        "governance.security": [STATUTE],
        "agreement.retention": [STATUTE],
        "agreement.destruction_date": [STATUTE],
    },
    "state-other": {
        "agreement.purpose": [f"{ICO}data sharing agreements"],
        "agreement.authority": [f"{ICO}lawful basis"],
        "agreement.data_elements": [f"{ICO}data minimisation"],
        "agreement.authorized_users": [AISP_DSA],
        "governance.security": [f"{ICO}security"],
        "agreement.prohibited_uses=reidentify": [AISP_DUL],
        "agreement.min_cell_size": [AISP_DUL],
        "agreement.retention": [f"{ICO}retention and deletion"],
        "agreement.destruction_date": [f"{ICO}retention and deletion"],
        "agreement.breach_notice_days": [AISP_DSA],
        "agreement.audit": [f"{ICO}regular reviews"],
        "agreement.term_start": [AISP_DSA],
        "agreement.term_end": [AISP_DSA],
        "agreement.termination": [AISP_DSA],
    },
}
#: Every answer an element could rest on; clearing one no element needs reports nothing.
ANSWERS = sorted(
    {ref for cases in KNOWN.values() for ref in cases} | {"agreement.governing_law"}
)
#: HIPAA data must not identify anyone, so its regimes are tried on the clinic's data.
DATASET = {"hipaa-lds": "Clinic visits", "hipaa-deidentified": "Clinic visits"}
#: Citations of good practice, reported as warnings even inside a legal rule.
GOOD_PRACTICE = ("AISP", "UK ICO")


def clear(wb: guidelib.Workbook, ref: str) -> None:
    """Clear an answer, or (for step.field=option) take that option out of the list."""
    tweaks = {"@citation": ("dataset_rules", "citation", ""),
              "@identifying": ("data_elements", "identifying", True)}  # fmt: skip
    if ref in tweaks:
        field, column, value = tweaks[ref]
        rows = [{**r, column: value} for r in wb.get("agreement", field)]
        wb.set("agreement", field, rows)
        return
    path, _, option = ref.partition("=")
    step, field = path.split(".")
    value = [v for v in wb.get(step, field) if v != option] if option else None
    wb.set(step, field, value)


def test_the_regimes_are_the_catalog_options():
    options = GUIDEBOOK.step("agreement").field("dataset_rules").column("regime").options
    assert set(KNOWN) == {o.id for o in options}


@pytest.mark.parametrize("regime", sorted(KNOWN))
def test_a_full_agreement_meets_every_element(wb, regime):
    fill(wb, {DATASET.get(regime, "Attendance"): regime})
    assert run_checks(wb, ["agreement", "purpose-limitation"]) == []
    statuses = agreement_elements(wb)
    assert statuses and all(s.satisfied and s.regime == regime for s in statuses)


@pytest.mark.parametrize(
    ("regime", "ref"), [(r, a) for r in sorted(KNOWN) for a in ANSWERS], ids=lambda x: x
)
def test_clearing_each_answer_reports_exactly_its_elements(wb, regime, ref):
    fill(wb, {DATASET.get(regime, "Attendance"): regime})
    clear(wb, ref)
    findings = run_checks(wb, ["agreement"])
    assert [f.rule for f in findings] == KNOWN[regime].get(ref, [])
    for finding in findings:
        good_practice = regime == "state-other" or finding.rule.startswith(GOOD_PRACTICE)
        assert finding.level == (WARNING if good_practice else ERROR)
        assert f"({finding.rule})" in finding.message  # cited in the sentence too
        assert finding.step == ("agreement" if ref.startswith("@") else ref.split(".")[0])


def test_the_message_names_the_element_the_rule_and_the_answer(wb):
    fill(wb, {"Attendance": "ferpa-studies"})
    wb.set("agreement", "destruction_date", None)
    (finding,) = run_checks(wb, ["agreement"])
    assert finding.message == (
        "The FERPA studies exception requires the agreement to say that the information "
        "must be destroyed when it is no longer needed, and state the time period for "
        f'destroying it ({FS}(4)); fill in "Date by which shared data is destroyed" '
        "(step 2.3)."
    )
    assert (finding.field, finding.rule) == ("destruction_date", f"{FS}(4)")


def test_an_option_and_a_clause_say_what_to_choose(wb):
    fill(wb, {"Clinic visits": "hipaa-lds"}, instrument="mou")
    wb.set("agreement", "prohibited_uses", ["reidentify", "other-purpose", "redisclose"])
    messages = [f.message for f in run_checks(wb, ["agreement"])]
    assert len(messages) == 2
    assert 'choose "Contacting the people in the data" in "What the data may never' in messages[1]
    assert '"Data sharing agreement (DSA)" or "Data use license (DUL)"' in messages[0]


def test_elements_must_be_listed_for_the_data_set_under_the_rule(wb):
    fill(wb, {"Attendance": "ferpa-studies", "Clinic visits": "state-other"})
    wb.set("agreement", "data_elements", [e for e in ELEMENTS if e["dataset"] != "Attendance"])
    assert cited(wb) == [f"{FS}(1)"]
    assert (
        "list at least one data element for every data set"
        in run_checks(wb, ["agreement"])[0].message
    )


def test_each_regime_is_checked_once_for_all_its_data_sets(filled):
    assert {s.regime for s in agreement_elements(filled)} == {"ferpa-studies", "hipaa-lds"}
    filled.set("agreement", "destruction_date", None)
    assert cited(filled) == [f"{FS}(4)"]  # HIPAA asks for no destruction date


def test_nothing_is_checked_before_the_agreement_is_started(wb):
    assert run_checks(wb, ["agreement", "purpose-limitation"]) == []
    wb.set("agreement", "purpose", "To study attendance.")
    (finding,) = run_checks(wb, ["agreement"])
    assert (
        finding.level == WARNING and "Name the rule that governs each data set" in finding.message
    )


# -- purpose limitation ------------------------------------------------------------------------
def test_an_element_that_serves_no_question_is_more_than_the_minimum(filled):
    rows = [*ELEMENTS, {"dataset": "Attendance", "element": "Home address", "identifying": True}]
    filled.set("agreement", "data_elements", rows)
    (finding,) = run_checks(filled, ["purpose-limitation"])
    assert finding.level == WARNING and finding.field == "data_elements"
    assert '"Home address" from "Attendance"' in finding.message
    assert "more than the minimum" in finding.message and "UK ICO" in finding.rule


def test_a_question_dropped_from_the_problem_no_longer_counts(filled):
    filled.set("policy-problem", "questions", [{"question": Q2}])
    findings = run_checks(filled, ["purpose-limitation"])
    assert [f.message.split('"')[1] for f in findings] == ["Days absent", "Visit dates"]


def test_data_sets_and_elements_must_match_the_governing_rules(filled):
    rules = [{"dataset": d, "regime": "ferpa-studies"} for d in ("Attendance", "Grades")]
    filled.set("agreement", "dataset_rules", rules)
    messages = [f.message for f in run_checks(filled, ["purpose-limitation"])]
    assert messages == [
        'The data element "Visit dates" from "Clinic visits" comes from a data set with no '
        'governing rule in "The law that governs each data set shared" (step 2.3).',
        'The data set "Grades" is in the agreement, but no data element from it is listed '
        'in "Data elements shared" (step 2.3).',
    ]


# -- the content files -------------------------------------------------------------------------
@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("clauses.yaml", "{destruction_date}.", "{destroyed_on}.", "clauses.yaml: clauses[20]"
         ".parts[1].text: unknown placeholder {destroyed_on}"),
        ("clauses.yaml", "purpose: agreement.purpose", "purpose: agreement.aim",
         "clauses.yaml: slots.purpose: 'agreement.aim' is not a step.field"),
        ("clauses.yaml", "insert: security", "insert: safety", "clauses.yaml: clauses[14]"
         ".parts[0].insert: unknown insert"),
        ("clauses.yaml", "applies_to: [mou, dsa, dul]", "applies_to: [mou, dsx]",
         "clauses.yaml: clauses[0].applies_to: unknown id 'dsx'"),
        ("clauses.yaml", "{feedback_cadence:lower}", "{feedback_cadence:upper}",
         "the only format is ':lower'"),
        ("regimes.yaml", "- agreement.destruction_date\n    - id: record-and-redisclosure",
         "- agreement.destroy\n    - id: record-and-redisclosure",
         "regimes.yaml: ferpa-studies.elements[5].needs[1]: 'agreement.destroy'"),
        ("regimes.yaml", "=reidentify", "=unmask", "'unmask' is not an option of agreement"),
        ("regimes.yaml", "clause: agents", "clause: helpers", "no clause 'helpers'"),
        ("regimes.yaml", "level: warning", "level: advice",
         "hipaa-deidentified.elements[2].level: expected one of"),
        ("regimes.yaml", "  team_citation: true\n", "  team_citation: yes please\n",
         "state-statute.team_citation: expected bool"),
        ("clauses.yaml", "pledge: >\n  I will", "pledge: >\n  {oath} I will",
         "clauses.yaml: pledge: unknown placeholder {oath}"),
        ("regimes.yaml", "\ncfr42-part2:", "\ncfr42:", "give the required elements of each"),
    ],
)  # fmt: skip
def test_the_loader_names_the_file_and_key(content, file, old, new, message):
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(message)):
        load_legal(content, GUIDEBOOK)


def test_the_legal_content_loads_on_first_use_not_at_import():
    code = (
        "import guidelib, guidelib.checks, guidelib.documents\n"
        "from guidelib.content.legal import legal\n"
        "print(legal.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


# -- the document --------------------------------------------------------------------------------
def read_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def numbered(document: docx.document.Document) -> list[tuple[int, str]]:
    """(level, text) of each paragraph that Word numbers."""
    out = []
    for p in document.paragraphs:
        ilvl = p._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
        if ilvl and p.style.name != "List Bullet":
            out.append((int(ilvl[0]), p.text))
    return out


@pytest.mark.parametrize(("instrument", "fmt"), [("dsa", "md"), ("dsa", "html"), ("mou", "md"),
                                                 ("mou", "html"), ("dul", "md"),
                                                 ("dul", "html")])  # fmt: skip
def test_golden(wb, instrument, fmt):
    fill(wb, {"Attendance": "ferpa-studies", "Clinic visits": "hipaa-lds"}, instrument)
    data, blanks = render_document(wb, "agreement", fmt)
    path = GOLDEN / ("agreement." + ("" if instrument == "dsa" else f"{instrument}.") + fmt)
    if os.environ.get("GUIDELIB_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert blanks == []
    assert data.decode("utf-8") == path.read_text(encoding="utf-8")


def test_the_kind_of_agreement_sets_title_and_clauses(filled):
    titles = {}
    for kind in ("mou", "dsa", "dul"):
        filled.set("agreement", "instrument", kind)
        doc = build_agreement(filled)
        titles[doc.title] = [
            b.text if isinstance(b.text, str) else b.text[0]
            for b in doc.blocks
            if getattr(b, "level", 0) == 1
        ]
    mou, dsa, dul = titles.values()
    assert list(titles) == [
        "Memorandum of Understanding",
        "Data Sharing Agreement",
        "Data Use License",
    ]
    assert len(mou) < len(dsa) < len(dul)
    assert "Operating structure" in mou and "Agents and subcontractors" not in mou
    assert {"Project objectives", "Data fields", "Security plan", "Dissemination plan"} <= set(dul)
    assert {"Licensee and project lead", "Deliverables", "Research approval"} <= set(dul)
    assert "Licensee and project lead" not in dsa and "Deliverables" not in dsa
    for kind in (mou, dsa, dul):  # the glossary closes every kind; the pledge only DSA/DUL
        assert kind[-1] == "Annex: Plain-language glossary"
    assert "Exhibit A: Confidentiality pledge" in dsa and "Exhibit A: Confidentiality pledge" in dul
    assert "Exhibit A: Confidentiality pledge" not in mou


def test_rules_add_their_own_clauses(filled):
    md = render_document(filled, "agreement", "md")[0].decode()
    assert "HIPAA limited data set may be used only for research" in md
    filled.set("agreement", "dataset_rules", [{"dataset": "Attendance", "regime": "state-other"}])
    assert "HIPAA limited data set" not in render_document(filled, "agreement", "md")[0].decode()


def test_docx_reads_as_an_agreement(filled):
    document = read_docx(render_document(filled, "agreement", "docx")[0])
    clauses = numbered(document)
    headings = [t for level, t in clauses if level == 0]
    assert headings[:4] == [
        "Definitions", "Purpose", "Parties, roles and contacts", "Legal authority"
    ]  # fmt: skip
    assert all(p.style.name == "Heading 1" for p in document.paragraphs if p.text in headings)
    assert (1, "In this Data Sharing Agreement, the words below have these meanings.") in clauses
    assert (2, "trying to find out who a person is;") in clauses  # a lettered item
    levels = [level for level, _ in clauses]
    assert levels[0] == 0 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    terms = [p for p in document.paragraphs if p.text.startswith("\u201cAgreement\u201d")]
    assert terms and terms[0].runs[0].bold and terms[0].runs[0].text == "\u201cAgreement\u201d"
    signed = [p.text for p in document.paragraphs if p.runs and p.runs[0].bold]
    assert "Ana Lima, Director, Millbrook Schools" in signed
    assert len([p for p in document.paragraphs if p.text.startswith("Signature: ")]) == 3
    assert document.core_properties.title == f"Data Sharing Agreement: {filled.name}"


def test_a_missing_answer_is_a_visible_gap_in_every_format(filled):
    filled.set("agreement", "destruction_date", None)
    gap = "[Not yet agreed: date by which shared data is destroyed]"
    assert missing_sections(filled, "agreement") == ["Retention and destruction"]
    md = render_document(filled, "agreement", "md")[0].decode()
    assert f"no later than *\\[{gap[1:-1]}\\]*." in md
    page = render_document(filled, "agreement", "html")[0].decode()
    assert f'<em class="gap">{gap}</em>' in page
    document = read_docx(render_document(filled, "agreement", "docx")[0])
    run = next(r for p in document.paragraphs for r in p.runs if r.text == gap)
    assert run.italic and run.font.highlight_color is not None


def test_an_empty_workbook_gives_a_draft_full_of_gaps(wb):
    wb.set("agreement", "purpose", "To study attendance.")
    doc = build_agreement(wb)
    assert doc.title == "Data Sharing Agreement"
    assert doc.blanks[:4] == ["Kind of agreement", "Parties", "Background", "Purpose"]
    assert doc.blanks[-1] == "Signatures" and "Remedies for a breach" not in doc.blanks
    for fmt in ("md", "html", "docx"):
        assert render_document(wb, "agreement", fmt)[1] == doc.blanks


SCRIPT = "<script>alert(1)</script>"
ARABIC = "مريم الحسن"
PIPE = "**bold** | pipe"
LONG = "Word " * 3999 + "ends."
LIST = "- [x] # 1. not a list"


def test_hostile_text_in_every_format(filled):
    filled.set("agreement", "purpose", SCRIPT)
    filled.set("agreement", "methods", LONG)
    filled.set("agreement", "authorized_users", LIST)
    rows = [{**ELEMENTS[0], "element": PIPE}, *ELEMENTS[1:]]
    filled.set("agreement", "data_elements", rows)
    signers = [{**AGREEMENT["signatories"][0], "name": ARABIC}, AGREEMENT["signatories"][1]]
    filled.set("agreement", "signatories", signers)
    page = render_document(filled, "agreement", "html")[0].decode()
    assert "<script" not in page.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert LONG in page and ARABIC in page
    md = render_document(filled, "agreement", "md")[0].decode()
    assert "<script" not in md and "\\- \\[x\\] \\# 1. not a list" in md
    assert "| Attendance | \\*\\*bold\\*\\* \\| pipe | Yes | Q1, Q2 |" in md
    document = read_docx(render_document(filled, "agreement", "docx")[0])
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert SCRIPT in text and LONG in text and LIST in text and PIPE in cells
    name = next(p for p in document.paragraphs if p.text.startswith(ARABIC))
    assert name._p.xpath("./w:pPr/w:bidi")


# -- the worked example and the command ---------------------------------------------------------
def test_the_worked_example_is_complete_and_valid(kinship, tmp_path):
    wb = kinship
    assert [f for f in run_checks(wb) if f.level == ERROR] == []
    assert all(s.satisfied for s in agreement_elements(wb))
    for kind in ("agreement", "governance", "feedback-plan"):
        assert kind in DOCUMENTS and missing_sections(wb, kind) == []
        for fmt in ("md", "html", "docx"):
            assert render_document(wb, kind, fmt)[1] == []


def test_validate_names_the_missing_element_of_the_fixture(capsys, folder):
    path = folder / "agreement-missing-element.json"
    shutil.copy(FIXTURES / "agreement_missing_element.json", path)
    assert json.loads(path.read_text())["answers"]["agreement"].get("destruction_date") is None
    code = main(["validate", str(path)])
    out, _ = capsys.readouterr()
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    assert code == 1 and len(errors) == 1 and "1 problem found." in out
    assert '"Date by which shared data is destroyed"' in errors[0]
    assert errors[0].endswith(f"[{FS}(4)]")


def test_validate_fails_on_ferpa_data_filed_under_other_rules(capsys, folder):
    path = folder / "ferpa-under-other-rules.json"
    shutil.copy(FIXTURES / "ferpa_under_other_rules.json", path)
    code = main(["validate", str(path)])
    out, _ = capsys.readouterr()
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    assert code == 1 and len(errors) == 1
    assert '"Attendance" as "FERPA (student records)"' in errors[0]
    assert '"Other rules, no statute named' in errors[0]
    assert errors[0].endswith("[20 U.S.C. 1232g; 34 CFR 99.31]")


def test_the_license_is_a_dul_whatever_the_kind_chosen(filled):
    assert filled.get("agreement", "instrument") == "dsa"
    md = render_document(filled, "license", "md")[0].decode()
    assert md.startswith("# Data Use License")
    assert "The Licensee is Millbrook County." in md
    assert "The principal investigator is Eva Park, data office." in md
    assert "Millbrook University IRB, protocol 26-1" in md
    assert "A yearly report and a dashboard of counts." in md
    assert render_document(filled, "agreement", "md")[0].decode().startswith("# Data Sharing")


def test_a_cited_statute_shows_in_the_rules_table(wb):
    fill(wb, {"Attendance": "ferpa-studies", "Clinic visits": "state-statute"})
    md = render_document(wb, "agreement", "md")[0].decode()
    row = "| Clinic visits | Millbrook Health | A state confidentiality statute: Mb. Stat. 12.34 |"
    assert row in md
    assert "(cite it)" not in md


def test_the_license_reads_back_from_word(filled):
    document = read_docx(render_document(filled, "license", "docx")[0])
    clauses = numbered(document)
    headings = [t for level, t in clauses if level == 0]
    assert {"Licensee and project lead", "Deliverables", "Research approval"} <= set(headings)
    grant = (
        "The Licensee is Millbrook County. The Providers grant the Licensee a license to use "
        "the Shared Data for the project in this License, and for nothing else."
    )
    assert (1, grant) in clauses
    assert any(t.startswith("The principal investigator is Eva Park") for _, t in clauses)
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Exhibit A: Confidentiality pledge"] == "Heading 1"
    assert styles["Annex: Plain-language glossary"] == "Heading 1"
    assert document.core_properties.title == f"Data Use License: {filled.name}"


def test_every_agreement_opens_with_the_draft_notice_and_ends_with_the_glossary(filled):
    glossary = [t.term for t in legal().library.glossary]
    for kind in ("mou", "dsa", "dul"):
        filled.set("agreement", "instrument", kind)
        for fmt in ("md", "html"):
            text = render_document(filled, "agreement", fmt)[0].decode()
            first = text.index("DRAFT FOR COUNSEL&#x27;S REVIEW" if fmt == "html" else
                               "DRAFT FOR COUNSEL'S REVIEW")  # fmt: skip
            assert "NOT LEGAL ADVICE" in text[first : first + 80]
            assert first < text.index("Parties") < text.index("Annex: Plain-language glossary")
            annex = text[text.index("Annex: Plain-language glossary") :]
            assert all(term in annex for term in glossary)
            guide = text[text.index("Annex: What each clause does") :]
            assert "Says who pays for harm" in guide or kind == "mou"
            assert "Says when the agreement starts and ends" in guide
    document = read_docx(render_document(filled, "agreement", "docx")[0])
    body = [p.text for p in document.paragraphs if p.text.strip()]
    assert body[2].startswith("DRAFT FOR COUNSEL'S REVIEW. NOT LEGAL ADVICE.")  # after the title
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Limited data set" in cells and "Subpoena" in cells


def test_clauses_put_duties_on_roles_and_list_parties_and_users(filled):
    document = read_docx(render_document(filled, "agreement", "docx")[0])
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The Recipient must make sure that its Authorized Users" in text
    assert "The Recipient and the Integrator must keep at least the following controls" in text
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    county = ["Millbrook County", "Recipient, Integrator or linking agent", "Eva Park, data office"]
    assert county in rows
    assert ["Two named analysts", "Millbrook County", "The coded study file", "Yes"] in rows
    assert ["Two named analysts", "Millbrook County", "_" * 24, ""] in rows  # the pledge
    for clause in ("Public-records requests and subpoenas", "Liability and indemnity",
                   "Remedies for a breach", "Disputes", "Transfer and linkage"):  # fmt: skip
        assert clause in text
    assert "This Data Sharing Agreement is governed by the laws of the State of Millbrook." in text


@pytest.mark.parametrize("kind", ["agreement", "governance", "feedback-plan"])
def test_cli_exports_each_new_kind(capsys, filled, tmp_path, kind):
    code = main(["export", filled.slug, "--doc", kind, "--format", "docx", "-o", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0 and err == "" and out.startswith("Wrote ")
    assert (tmp_path / f"{filled.slug}-{kind}.docx").read_bytes()[:2] == b"PK"
