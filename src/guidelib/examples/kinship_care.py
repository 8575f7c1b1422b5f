"""The worked example: a FICTIONAL county coalition for children in kinship care.

Riverbend County does not exist. The coalition is inspired by Broward County, Florida,
which in 2017 combined data from its public schools, the Department of Children and
Families and the Department of Juvenile Justice to improve services for kinship families,
and built community feedback loops on the shared data. Every person, organization and
number below is invented.

`ANSWERS` holds the answers as plain data (field ids and option ids, as stored in the file);
`build_document()` checks each one against the guidebook and returns the whole workbook
document, with fixed timestamps so that the committed file can be compared byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import AnswerError
from ..workbook.model import Workbook, new_document
from ..workbook.schema import SCHEMA_VERSION
from ..workbook.store import encode, write_atomic
from .survey_es import SPANISH, SPANISH_FIELDS

SLUG = "example-kinship-care"
FILENAME = f"{SLUG}.json"
CREATED = "2026-01-12T15:04:00Z"

TEAM: dict[str, Any] = {
    "name": "Riverbend County Kinship Care Data Collaborative (fictional example)",
    "slug": SLUG,
    "created": CREATED,
    "created_by": "Maya",
    "fictional": True,
    "note": "A fictional coalition, inspired by Broward County, Florida (2017). All names, "
    "people and numbers are invented.",
}

# Names used in more than one place, so that the register, the coalition and the
# inventory agree with one another.
SCHOOLS = "Riverbend County Public Schools"
DCF = "Department of Children and Families (Riverbend region)"
DJJ = "Department of Juvenile Justice (Riverbend circuit)"
NONPROFIT = "Grandfamilies of Riverbend"
HUMAN_SERVICES = "Riverbend County Human Services"
DATA_OFFICE = "Riverbend County Office of Data and Analytics"

# ---------------------------------------------------------------------------------------
# Phase 1: Build the collective
# ---------------------------------------------------------------------------------------
Q_ATTENDANCE = (
    "How often do children in kinship care attend school, compared with their classmates?"
)
Q_MOVES = "How many children change schools in the 90 days after moving in with a relative?"
Q_SUPPORT = "How soon do new kinship caregivers get support, and what kind?"
Q_REFERRALS = (
    "Are young people in kinship care referred to juvenile justice more often than classmates "
    "of the same age?"
)

POLICY_PROBLEM = {
    "problem": "Children placed with relatives in Riverbend County miss more school than their "
    "classmates, and their caregivers struggle to get the support they need.",
    "affected": (
        "About 1,900 children in Riverbend County live with grandparents, aunts, uncles or "
        "other relatives through the state kinship care program. In 2023 there were about "
        "1,200. Most caregivers are grandparents over 55, and many live on a fixed income.\n\n"
        "The children miss more school and change schools more often than their classmates. "
        "Caregivers say they tell the same story to the school, to DCF and to other agencies, "
        "and still miss help they qualify for."
    ),
    "outcome": (
        "Children in kinship care go to school as often as their classmates. They stay in the "
        "same school when they move in with a relative, unless a move is best for them. Every "
        "new kinship caregiver hears from a support worker within 30 days. Caregivers and young "
        "people help decide how their information is used, and they can see what changed "
        "because they spoke up."
    ),
    "decisions": (
        "School counselors decide which students to check in with first each month.\n"
        "DCF supervisors decide when to call a school stability meeting after a placement.\n"
        "Grandfamilies of Riverbend decides where to hold support groups and which families "
        "to call first.\n"
        "The County Commission decides how to spend its kinship support budget each year.\n"
        "The juvenile justice office decides which diversion programs to offer, and where."
    ),
    "questions": [
        {
            "question": Q_ATTENDANCE,
            "data_needed": "School attendance and enrollment, matched to DCF kinship placements",
        },
        {
            "question": Q_MOVES,
            "data_needed": "School enrollment history and DCF placement start dates",
        },
        {
            "question": Q_SUPPORT,
            "data_needed": "Grandfamilies service records and DCF placement start dates",
        },
        {
            "question": Q_REFERRALS,
            "data_needed": "Juvenile justice referral and diversion records, counted by age group",
        },
    ],
    "known": (
        "State reports show that children placed with relatives change schools less often "
        "than children in foster homes, but no one has checked this for our county. Intake "
        "notes at Grandfamilies show that most caregivers hear about support by word of mouth. "
        "School staff say attendance often drops in the first two months after a child moves."
    ),
    "missing": (
        "No one can count the children in kinship care at each school. We do not know how "
        "many caregivers never reach any support program, or whether early support helps "
        "children stay in school. We also do not know what caregivers and young people think "
        "about how their information is used."
    ),
}

STAKEHOLDERS = {
    "register": [
        {
            "name": "Maya Thompson",
            "organization": HUMAN_SERVICES,
            "kind": "data-user",
            "influence": 4,
            "interest": 5,
            "needs": "A clear picture of kinship families to plan services",
            "brings": "Convenes the group; runs the county kinship program",
        },
        {
            "name": "Darnell Brooks",
            "organization": DATA_OFFICE,
            "kind": "data-user",
            "influence": 3,
            "interest": 5,
            "needs": "Clean, matched records and clear rules for their use",
            "brings": "Record linking, analysis and the public dashboard",
        },
        {
            "name": "Dr. Angela Ruiz",
            "organization": SCHOOLS,
            "kind": "data-provider",
            "influence": 5,
            "interest": 4,
            "needs": "Proof that sharing follows FERPA and helps students",
            "brings": "Attendance and enrollment data; school counselors",
        },
        {
            "name": "Marcus Bell",
            "organization": DCF,
            "kind": "data-provider",
            "influence": 4,
            "interest": 4,
            "needs": "School stability numbers the state asks DCF to report",
            "brings": "Kinship placement records and caseworker insight",
        },
        {
            "name": "Priya Natarajan",
            "organization": DJJ,
            "kind": "data-provider",
            "influence": 4,
            "interest": 2,
            "needs": "Little staff time; no new reporting burden",
            "brings": "Referral and diversion counts",
        },
        {
            "name": "Gloria Hensley",
            "organization": NONPROFIT,
            "kind": "data-provider",
            "influence": 3,
            "interest": 5,
            "needs": "Evidence for grants; a real voice for caregivers",
            "brings": "Service records and trusted ties to caregivers",
        },
        {
            "name": "Kinship Caregiver Council",
            "organization": NONPROFIT,
            "kind": "impacted-community",
            "influence": 2,
            "interest": 5,
            "needs": "To know their information cannot be used against their family",
            "brings": "Lived experience; checks on every survey and report",
        },
        {
            "name": "Riverbend Youth Voices",
            "organization": "Youth group of young people raised by relatives",
            "kind": "impacted-community",
            "influence": 1,
            "interest": 4,
            "needs": "Reports that do not label them as trouble",
            "brings": "A young person's view of school and placement",
        },
        {
            "name": "Commissioner Denise Okafor",
            "organization": "Riverbend County Commission",
            "kind": "executive-sponsor",
            "influence": 5,
            "interest": 3,
            "needs": "Results she can show voters and the budget office",
            "brings": "Political support and the kinship budget line",
        },
        {
            "name": "Tom Whitaker",
            "organization": "Riverbend County Attorney's Office",
            "kind": "legal-privacy",
            "influence": 4,
            "interest": 2,
            "needs": "Agreements that meet FERPA and state law",
            "brings": "Legal review of the agreement and data requests",
        },
        {
            "name": "Raj Mehta",
            "organization": "Riverbend County Information Technology",
            "kind": "technology-security",
            "influence": 2,
            "interest": 2,
            "needs": "Early notice of new systems and accounts",
            "brings": "Secure file transfer, storage and account setup",
        },
        {
            "name": "Sandra Cole",
            "organization": "Riverbend Community Foundation",
            "kind": "funder",
            "influence": 2,
            "interest": 2,
            "needs": "A short yearly report on results",
            "brings": "A small grant for caregiver stipends and translation",
        },
    ],
}

CAPACITY = {
    "self_assessment": [
        {
            "organization": SCHOOLS,
            "governance": 4,
            "legal": 4,
            "technology": 4,
            "capacity": 3,
            "impact": 2,
            "motivations": ["better-services", "evidence"],
            "barriers": ["legal-uncertainty", "reputation"],
        },
        {
            "organization": DCF,
            "governance": 3,
            "legal": 4,
            "technology": 2,
            "capacity": 2,
            "impact": 3,
            "motivations": ["better-services", "coordination", "mandate"],
            "barriers": ["old-systems", "data-quality", "no-staff"],
        },
        {
            "organization": DJJ,
            "governance": 3,
            "legal": 3,
            "technology": 3,
            "capacity": 1,
            "impact": 2,
            "motivations": ["equity", "evidence"],
            "barriers": ["no-staff", "legal-uncertainty", "community-trust"],
        },
        {
            "organization": NONPROFIT,
            "governance": 2,
            "legal": 1,
            "technology": 1,
            "capacity": 2,
            "impact": 5,
            "motivations": [
                "trust",
                "better-services",
                "Stop asking caregivers for the same facts again and again",
            ],
            "barriers": [
                "no-funding",
                "old-systems",
                "community-trust",
                "No shared ID to link records across agencies",
            ],
        },
    ],
    "inventory": [
        {
            "dataset": "Student attendance and enrollment",
            "owner": SCHOOLS,
            "describes": "Each K-12 student's school, grade, days enrolled, days absent and "
            "school changes",
            "key_fields": "Student ID, name, date of birth, school, entry and exit dates, "
            "days absent, race and ethnicity, home language",
            "personal_data": True,
            "sensitivity": "restricted",
            "rules": ["ferpa", "state-law"],
            "frequency": "monthly",
            "format": "database",
            "serves": [Q_ATTENDANCE, Q_MOVES, Q_REFERRALS],
        },
        {
            "dataset": "Kinship placements",
            "owner": DCF,
            "describes": "Children placed with relatives: placement dates, type of relative and "
            "case status",
            "key_fields": "Child ID, name, date of birth, placement start and end, caregiver "
            "relationship, ZIP code",
            "personal_data": True,
            "sensitivity": "restricted",
            "rules": ["child-welfare", "state-law"],
            "frequency": "monthly",
            "format": "database",
            "serves": [Q_ATTENDANCE, Q_MOVES, Q_SUPPORT, Q_REFERRALS],
        },
        {
            "dataset": "Juvenile referrals and diversion",
            "owner": DJJ,
            "describes": "Referrals of young people aged 10 to 17, offense level, diversion and "
            "outcome",
            "key_fields": "Youth ID, name, date of birth, referral date, offense level, "
            "diversion program",
            "personal_data": True,
            "sensitivity": "restricted",
            "rules": ["juvenile-justice", "state-law"],
            "frequency": "monthly",
            "format": "csv",
            "serves": [Q_REFERRALS],
        },
        {
            "dataset": "Caregiver intake and services",
            "owner": NONPROFIT,
            "describes": "Caregivers who ask for help: household, needs, services given and dates",
            "key_fields": "Caregiver ID, name, phone, children's names and birth dates, services",
            "personal_data": True,
            "sensitivity": "confidential",
            "rules": ["none"],
            "frequency": "weekly",
            "format": "csv",
            "serves": [Q_SUPPORT],
        },
        {
            "dataset": "Public kinship placement counts",
            "owner": DCF,
            "describes": "Number of children in kinship care by county and age group",
            "key_fields": "County, month, age group, count",
            "personal_data": False,
            "sensitivity": "public",
            "rules": ["none"],
            "frequency": "monthly",
            "format": "api",
        },
    ],
}

VALUE = {
    "benefits": [
        {
            "stakeholder": "Kinship Caregiver Council",
            "benefit": "One intake instead of three; faster help with school enrollment and "
            "support groups",
        },
        {
            "stakeholder": "Dr. Angela Ruiz",
            "benefit": "Counselors know how many students in kinship care each school has and "
            "can reach out early",
        },
        {
            "stakeholder": "Marcus Bell",
            "benefit": "School stability numbers for its state report without calling each school",
        },
        {
            "stakeholder": "Priya Natarajan",
            "benefit": "Learns whether diversion works as well for young people in kinship care",
        },
        {
            "stakeholder": "Gloria Hensley",
            "benefit": "Evidence for grant applications; knows which new caregivers to call first",
        },
        {
            "stakeholder": "Commissioner Denise Okafor",
            "benefit": "Can see where the kinship support budget makes a difference",
        },
    ],
    "costs": (
        "About half of one county analyst's time (Darnell Brooks), paid by the county. Around "
        "60 hours of legal review across four agencies in the first year. About $18,000 for "
        "secure file transfer and storage in year one. Stipends of $25 an hour for caregivers "
        "and young people on the advisory board, and translation into Spanish, paid by a "
        "Community Foundation grant. Data stewards at each agency spend 2 to 4 hours a month "
        "on extracts and quality checks."
    ),
    "cost_of_not_sharing": (
        "DCF caseworkers spend about two hours per new case calling schools for attendance. "
        "Caregivers fill in the same forms for three or four agencies, and some give up. "
        "Counselors do not know which students live with relatives, so help starts only after "
        "a child is already failing. The county cannot say how many children in kinship care "
        "it has at each school, so it cannot plan support groups or tutoring where they are "
        "needed."
    ),
    "quick_wins": (
        "Within three months: a one-time count of children in kinship care at each school, "
        "showing only counts of 11 or more, so counselors can plan. A shared contact sheet so "
        "DCF caseworkers know whom to call at each school. A one-page explainer, in English "
        "and Spanish, that tells caregivers what the coalition does and does not do with "
        "their information."
    ),
    "risks": [
        {
            "risk": "A small published count points to a single child or family",
            "likelihood": 3,
            "impact": 5,
            "mitigation": "Hide counts under 11; a second person checks every table before release",
            "owner": "Darnell Brooks",
        },
        {
            "risk": "Caregivers fear the data will be used to investigate them or move a child",
            "likelihood": 4,
            "impact": 4,
            "mitigation": "Agreement bans case decisions from shared data; explainer and advisory "
            "board",
            "owner": "Gloria Hensley",
        },
        {
            "risk": "Records do not match across agencies, so counts are wrong",
            "likelihood": 4,
            "impact": 2,
            "mitigation": "Test the match with fake records, then check a sample by hand",
            "owner": "Darnell Brooks",
        },
        {
            "risk": "Data is exposed during transfer or storage",
            "likelihood": 2,
            "impact": 5,
            "mitigation": "Encrypted transfer and storage; named accounts only; breach plan",
            "owner": "Raj Mehta",
        },
        {
            "risk": "Reports make young people in kinship care look like trouble",
            "likelihood": 3,
            "impact": 3,
            "mitigation": "Youth Voices reviews wording; results always shown beside classmates",
            "owner": "Maya Thompson",
        },
        {
            "risk": "Legal review takes longer than planned and delays the launch",
            "likelihood": 2,
            "impact": 2,
            "mitigation": "Start from the state's model agreement; one shared review meeting",
            "owner": "Tom Whitaker",
        },
    ],
}

COALITION = {
    "members": [
        {
            "stakeholder": "Maya Thompson",
            "role": "Convener",
            "commitment": "Convenes meetings and keeps the charter and workbook; 8 hours a week",
        },
        {
            "stakeholder": "Dr. Angela Ruiz",
            "role": "Data steward lead",
            "commitment": "Monthly attendance and enrollment extract and a school data steward",
        },
        {
            "stakeholder": "Marcus Bell",
            "role": "Data steward lead",
            "commitment": "Monthly kinship placement extract and its quality checks",
        },
        {
            "stakeholder": "Priya Natarajan",
            "role": "Data steward lead",
            "commitment": "Monthly referral and diversion extract; 2 hours a month",
        },
        {
            "stakeholder": "Gloria Hensley",
            "role": "Community voice",
            "commitment": "Runs the Caregiver Council and the feedback loop; shares service data "
            "for caregivers who agree",
        },
        {
            "stakeholder": "Kinship Caregiver Council",
            "role": "Community voice",
            "commitment": "Two caregivers attend every meeting and report back to the Council",
        },
        {
            "stakeholder": "Darnell Brooks",
            "role": "Analyst",
            "commitment": "Links and analyzes the data and builds the dashboard; half his time",
        },
        {
            "stakeholder": "Tom Whitaker",
            "role": "Legal counsel",
            "commitment": "Reviews the agreement and each new data request",
        },
        {
            "stakeholder": "Commissioner Denise Okafor",
            "role": "Executive sponsor",
            "commitment": "Champions the work at the Commission and protects its budget line",
        },
    ],
}

CHARTER = {
    "vision": (
        "Every child who lives with a grandparent or other relative in Riverbend County is in "
        "school, supported, and known by the adults around them. Every kinship caregiver can "
        "find help without having to ask twice."
    ),
    "mission": (
        "We bring together school, child welfare, juvenile justice and caregiver support data, "
        "with the voice of the families it describes. We use it to find where children in "
        "kinship care fall behind and to fix the services that fail them. We share the least "
        "data we need, publish what we learn, and change our rules when the community tells "
        "us to."
    ),
    "principles": [
        "purpose",
        "minimum",
        "community",
        "equity",
        "transparency",
        "security",
        "accountability",
        "improvement",
        "Caregivers and young people see results before they are made public",
    ],
    "scope_in": (
        "Children aged 5 to 17 whom DCF has placed with relatives in Riverbend County, and "
        "their caregivers. School attendance, school moves, caregiver support and juvenile "
        "justice referrals. Counts and rates used to plan services and check our programs. "
        "Comparisons with classmates use published rates, not classmates' records. "
        "Feedback from caregivers, young people and partner staff."
    ),
    "scope_out": (
        "Decisions about a single child or family, such as abuse investigations, custody "
        "cases, school discipline or court cases. Risk scores that predict what a child or "
        "family will do. Sharing data with anyone outside the coalition, or selling it. "
        "Children in foster homes with non-relatives, for now. Health and medical records."
    ),
    "decision_rule": "consensus-then-vote",
    "meeting_cadence": "monthly",
    "term_months": 24,
    "review_date": "2027-04-15",
    "scope_size": 1900,
    "amendment": (
        "Any member may propose a change at a Steering Committee meeting. The change is "
        "decided by our decision rule, after the Community Advisory Board has commented, and "
        "every member gets the new text within two weeks."
    ),
    "disputes": (
        "Members first talk it through with the convener. If that fails, the Steering "
        "Committee hears both sides and decides by its rule. Disputes about the data sharing "
        "agreement follow the agreement's own steps."
    ),
    "member_exit": (
        "A member may leave with 60 days' written notice to the convener. Data it shared is "
        "handled as the data sharing agreement says, and its name comes off the charter."
    ),
    "review_schedule": "yearly",
    "signatories": [
        {
            "name": "Maya Thompson",
            "title": "Kinship Care Program Manager",
            "organization": HUMAN_SERVICES,
            "signed_on": "2026-04-21",
        },
        {
            "name": "Gloria Hensley",
            "title": "Executive Director",
            "organization": NONPROFIT,
            "signed_on": "2026-04-21",
        },
        {
            "name": "Dr. Angela Ruiz",
            "title": "Chief of Student Services",
            "organization": SCHOOLS,
            "signed_on": "2026-04-22",
        },
        {
            "name": "Yvonne Carter",
            "title": "Regional Managing Director",
            "organization": DCF,
            "signed_on": "2026-04-23",
        },
        {
            "name": "Luis Romero",
            "title": "Chief Probation Officer",
            "organization": DJJ,
            "signed_on": "2026-04-24",
        },
        {
            "name": "Denise Okafor",
            "title": "County Commissioner, District 3",
            "organization": "Riverbend County Commission",
            "signed_on": "2026-04-24",
        },
    ],
}

# ---------------------------------------------------------------------------------------
# Phase 2: Define the operations
# ---------------------------------------------------------------------------------------
GOVERNANCE = {
    "bodies": [
        {
            "body": "Steering Committee",
            "purpose": "Sets priorities, approves data requests and public reports, owns the "
            "charter",
            "members": [
                "Maya Thompson",
                "Dr. Angela Ruiz",
                "Marcus Bell",
                "Priya Natarajan",
                "Gloria Hensley",
                "Kinship Caregiver Council",
                "Commissioner Denise Okafor",
            ],
            "others": "Two caregivers chosen by the Community Advisory Board",
            "meets": "monthly",
        },
        {
            "body": "Data Stewards Group",
            "purpose": "Runs transfers, record matching, quality checks and access reviews",
            "members": [
                "Dr. Angela Ruiz",
                "Marcus Bell",
                "Priya Natarajan",
                "Gloria Hensley",
                "Darnell Brooks",
            ],
            "others": "A data steward named by each agency, and Raj Mehta of county IT",
            "meets": "biweekly",
        },
        {
            "body": "Community Advisory Board",
            "purpose": "Reviews feedback, survey questions and every report before release",
            "members": ["Kinship Caregiver Council", "Gloria Hensley"],
            "others": "Eight kinship caregivers and three members of Riverbend Youth Voices, "
            "paid for their time",
            "meets": "monthly",
        },
    ],
    "raci": {
        "approve-request": {
            "Maya Thompson": "a",
            "Darnell Brooks": "r",
            "Dr. Angela Ruiz": "c",
            "Marcus Bell": "c",
            "Priya Natarajan": "c",
            "Tom Whitaker": "c",
            "Kinship Caregiver Council": "i",
        },
        "admit-member": {
            "Commissioner Denise Okafor": "a",
            "Maya Thompson": "r",
            "Kinship Caregiver Council": "c",
            "Tom Whitaker": "c",
        },
        "change-agreement": {
            "Maya Thompson": "a",
            "Tom Whitaker": "r",
            "Dr. Angela Ruiz": "c",
            "Marcus Bell": "c",
            "Priya Natarajan": "c",
            "Gloria Hensley": "c",
            "Darnell Brooks": "c",
        },
        "publish-results": {
            "Maya Thompson": "a",
            "Darnell Brooks": "r",
            "Kinship Caregiver Council": "c",
            "Gloria Hensley": "c",
            "Commissioner Denise Okafor": "i",
        },
        "respond-breach": {
            "Tom Whitaker": "a",
            "Darnell Brooks": "r",
            "Dr. Angela Ruiz": "r",
            "Marcus Bell": "r",
            "Priya Natarajan": "r",
            "Maya Thompson": "i",
            "Kinship Caregiver Council": "i",
        },
        "retire-dataset": {
            "Maya Thompson": "a",
            "Darnell Brooks": "r",
            "Tom Whitaker": "c",
            "Gloria Hensley": "i",
        },
        "change-governance": {
            "Commissioner Denise Okafor": "a",
            "Maya Thompson": "r",
            "Kinship Caregiver Council": "c",
            "Gloria Hensley": "c",
            "Tom Whitaker": "c",
        },
    },
    "decision_method": "consensus-then-vote",
    "quorum": 60,
    "access_tiers": [
        {
            "tier": "public-aggregates",
            "who": "Anyone, through the public dashboard and reports",
            "approval": "Steering Committee, after the small-count check (no count under 11)",
        },
        {
            "tier": "de-identified",
            "who": "Named analysts at the county data office and research staff at the four "
            "partners",
            "approval": "Data Stewards Group, for each project",
        },
        {
            "tier": "limited",
            "who": "The county analyst team, to check matches (birth dates and ZIP codes, no "
            "names)",
            "approval": "Data Stewards Group, with the county attorney",
        },
        {
            "tier": "identified",
            "who": "Two named staff on the county linking team, only to match records",
            "approval": "The data steward of every agency whose records are matched, in writing",
        },
    ],
    "classification": [
        {
            "dataset": "Student attendance and enrollment",
            "tier": "identified",
            "notes": "Names only for matching, by the two named linking staff",
        },
        {
            "dataset": "Kinship placements",
            "tier": "identified",
            "notes": "Names only for matching, by the two named linking staff",
        },
        {
            "dataset": "Juvenile referrals and diversion",
            "tier": "identified",
            "notes": "Names only for matching, by the two named linking staff",
        },
        {
            "dataset": "Caregiver intake and services",
            "tier": "identified",
            "notes": "Only for caregivers who signed the Grandfamilies consent form; names "
            "only for matching",
        },
        {"dataset": "Public kinship placement counts", "tier": "public-aggregates"},
    ],
    "security": [
        "encryption-rest",
        "encryption-transit",
        "least-privilege",
        "training",
        "breach-plan",
        "secure-deletion",
    ],
    "principle_mechanisms": [
        {
            "principle": "We share data only for the purpose we agreed",
            "mechanism": "Every data request is checked against the study purpose by the "
            "Steering Committee (RACI: approve a data request)",
        },
        {
            "principle": "We share the least data that answers the question",
            "mechanism": "The agreement lists each data element and the question it serves; "
            "names are removed within 30 days of matching",
        },
        {
            "principle": "The people in the data have a voice in how it is used",
            "mechanism": "The Community Advisory Board reviews every report before release and "
            "sits on the Steering Committee",
        },
        {
            "principle": "We check our work for unequal effects on groups",
            "mechanism": "Each report shows results by race, language and neighborhood where "
            "counts allow, reviewed by the advisory board",
        },
        {
            "principle": "We publish what we share, why, and what we learn",
            "mechanism": "A public page lists the data sets shared and links every report",
        },
        {
            "principle": "We protect data at every step",
            "mechanism": "Access tiers, the security checklist and a yearly access review by "
            "the Data Stewards Group",
        },
        {
            "principle": "Every decision has a named owner",
            "mechanism": "The RACI matrix names one person who makes the final call for each "
            "decision",
        },
        {
            "principle": "We review and improve on a fixed schedule",
            "mechanism": "The feedback loop runs monthly and the charter is reviewed each year",
        },
        {
            "principle": "Caregivers and young people see results before they are made public",
            "mechanism": "The advisory board's review is a required step before publication",
        },
    ],
    "data_checks": [
        {
            "dataset": "Student attendance and enrollment",
            "checked_on": "2026-06-10",
            "rows": 1850,
            "identifiers": 3,
            "smallest_group": 1,
            "notes": "Records of the children in the study only. Name, student ID and date "
            "of birth flagged; removed after matching. Study file grouped by grade band and "
            "month of birth.",
        },
    ],
}

FEEDBACK_LOOP = {
    "channels": [
        "advisory-board",
        "community-meetings",
        "surveys",
        "complaints",
        "partner-reviews",
        "Text line for caregivers, in English and Spanish",
    ],
    "cadence": "monthly",
    "owner": "Gloria Hensley (Grandfamilies of Riverbend), with Darnell Brooks",
    "reviewed_by": "Community Advisory Board",
    "trigger": (
        "Any item rated 4 or 5 for severity goes to the next Steering Committee meeting. The "
        "committee must agree on a change or explain in writing why it will not make one. "
        "Three or more items on the same topic in one round also start a review. The Data "
        "Stewards Group handles items rated 1 to 3 and lists them in the monthly summary."
    ),
    "close_the_loop": (
        'Within 30 days of each round we publish a one-page "You said, we did" sheet in '
        "English and Spanish. Grandfamilies hands it out at support groups, texts it to "
        "caregivers who left a number, and posts it on its website. Anyone who made a "
        "complaint gets a direct reply from a named person."
    ),
    "metrics": (
        "The number of items in each round and their total severity. The share of items "
        "reported back within 30 days (target: all of them). The share of survey answers from "
        "caregivers who speak Spanish at home, compared with their share of kinship families. "
        "The number of days from a complaint to a reply."
    ),
}

COUNTY = "Riverbend County (Office of Data and Analytics)"
COUNTY_UNITS = (
    f"{DATA_OFFICE}; {HUMAN_SERVICES}; Riverbend County Attorney's Office; "
    "Riverbend County Information Technology; Riverbend County Commission"
)
ILLUSTRATION = "illustration: Riverbend's state is fictional"

AGREEMENT = {
    "instrument": "dsa",
    "parties": [
        {
            "party": SCHOOLS,
            "roles": ["provider"],
            "contact": "Dr. Angela Ruiz, Chief of Student Services, "
            "student.services@riverbend-schools.example",
        },
        {
            "party": DCF,
            "roles": ["provider"],
            "contact": "Marcus Bell, Data Steward, data.steward@dcf-riverbend.example",
        },
        {
            "party": DJJ,
            "roles": ["provider"],
            "contact": "Priya Natarajan, Research Coordinator, research@djj-riverbend.example",
        },
        {
            "party": NONPROFIT,
            "roles": ["provider"],
            "contact": "Gloria Hensley, Executive Director, gloria@grandfamilies.example",
        },
        {
            "party": COUNTY,
            "roles": ["recipient", "integrator"],
            "contact": "Darnell Brooks, Lead Analyst, data.office@riverbend-county.example",
            "units": COUNTY_UNITS,
        },
    ],
    "dataset_rules": [
        {"dataset": "Student attendance and enrollment", "regime": "ferpa-studies"},
        {"dataset": "Kinship placements", "regime": "child-welfare"},
        {
            "dataset": "Kinship placements",
            "regime": "state-statute",
            "citation": f"Fla. Stat. 39.202 ({ILLUSTRATION})",
        },
        {
            "dataset": "Juvenile referrals and diversion",
            "regime": "state-statute",
            "citation": f"Fla. Stat. 985.04 ({ILLUSTRATION})",
        },
        {"dataset": "Caregiver intake and services", "regime": "consent"},
    ],
    "data_elements": [
        {
            "dataset": "Student attendance and enrollment",
            "element": "Student ID, name and date of birth",
            "identifying": True,
            "serves": [Q_ATTENDANCE, Q_MOVES, Q_REFERRALS],
        },
        {
            "dataset": "Student attendance and enrollment",
            "element": "School and grade",
            "identifying": False,
            "serves": [Q_ATTENDANCE, Q_MOVES],
        },
        {
            "dataset": "Student attendance and enrollment",
            "element": "Entry and exit dates",
            "identifying": False,
            "serves": [Q_MOVES],
        },
        {
            "dataset": "Student attendance and enrollment",
            "element": "Days enrolled and absent",
            "identifying": False,
            "serves": [Q_ATTENDANCE],
        },
        {
            "dataset": "Student attendance and enrollment",
            "element": "Race and ethnicity, and home language, as families report them",
            "identifying": False,
            "serves": [Q_ATTENDANCE, Q_MOVES],
        },
        {
            "dataset": "Kinship placements",
            "element": "Child ID, name and date of birth",
            "identifying": True,
            "serves": [Q_ATTENDANCE, Q_MOVES, Q_SUPPORT, Q_REFERRALS],
        },
        {
            "dataset": "Kinship placements",
            "element": "Placement start and end dates",
            "identifying": False,
            "serves": [Q_MOVES, Q_SUPPORT],
        },
        {
            "dataset": "Kinship placements",
            "element": "Caregiver relationship and ZIP code",
            "identifying": False,
            "serves": [Q_SUPPORT],
        },
        {
            "dataset": "Juvenile referrals and diversion",
            "element": "Youth ID, name and date of birth",
            "identifying": True,
            "serves": [Q_REFERRALS],
        },
        {
            "dataset": "Juvenile referrals and diversion",
            "element": "Referral date, offense level and diversion program",
            "identifying": False,
            "serves": [Q_REFERRALS],
        },
        {
            "dataset": "Caregiver intake and services",
            "element": "Child's name and date of birth (caregivers who signed consent only)",
            "identifying": True,
            "serves": [Q_SUPPORT],
        },
        {
            "dataset": "Caregiver intake and services",
            "element": "Services given and dates",
            "identifying": False,
            "serves": [Q_SUPPORT],
        },
    ],
    "purpose": (
        "Purpose: to study school attendance, school moves, caregiver support and juvenile "
        "justice referrals for children in kinship care in Riverbend County, so that the "
        "school district, DCF, DJJ and Grandfamilies of Riverbend can improve their services "
        "and the district can improve instruction. Riverbend County, through its Office of "
        "Data and Analytics, does the study for the school district under the FERPA studies "
        "exception, 34 CFR 99.31(a)(6)(i)(C). DCF and DJJ share under the state laws that "
        "protect child welfare and juvenile records. Grandfamilies shares only the records of "
        "caregivers who signed its consent form.\n\n"
        "Scope: children aged 5 to 17 placed with relatives by DCF between 1 July 2023 and 31 "
        "May 2028, and the caregivers who agree to take part. No records of other students or "
        "young people are shared. Comparisons with classmates use the rates the district and "
        "DJJ already publish.\n\n"
        "Duration: 1 June 2026 to 31 May 2028.\n\n"
        "Information shared: from the schools, for the children in the study only, student "
        "ID, name, date of birth, school, grade, entry and exit dates, days absent, race and "
        "ethnicity, and home language; from DCF, child ID, name, date of birth, placement "
        "dates and the caregiver's relationship and ZIP code; from DJJ, for the children in "
        "the study only, youth ID, name, date of birth, referral date, offense level and "
        "diversion program; from Grandfamilies, the child's name and date of birth and the "
        "services given, for caregivers who signed its consent form.\n\n"
        "Use: the data may be used only for this study. No one may use it to make a decision "
        "about a single child or family. Only the two named staff of the county linking team "
        "may see names, and they remove them after matching. No report may identify a "
        "student, parent or caregiver, and no one may try to find out who is in the data."
    ),
    "authority": (
        "Riverbend County Public Schools shares student records under the FERPA studies "
        "exception, 34 CFR 99.31(a)(6), for a study to improve instruction and student "
        "support, done for the district by Riverbend County through its Office of Data and "
        "Analytics. DCF shares under the state statute that keeps child welfare records "
        "confidential and lets the agency head approve their use for research (illustrated "
        "here by Fla. Stat. 39.202), within the federal limits of CAPTA and Title IV-B and "
        "IV-E. DJJ shares under the state juvenile records statute and the county's "
        "interagency agreement (illustrated here by Fla. Stat. 985.04). Grandfamilies shares "
        "only the records of caregivers who signed its written consent form."
    ),
    "authorized_users": (
        "Two named staff on the county linking team may see names and ID numbers, only to "
        "match records. Darnell Brooks and two named analysts at the Riverbend County Office "
        "of Data and Analytics, and one named DJJ research analyst, may use the coded study "
        "file. Each person signs the confidentiality pledge in Exhibit A and completes "
        "privacy training every year. Riverbend County, through its Office of Data and "
        "Analytics, is the organization that does the study for the school district."
    ),
    "users": [
        {
            "who": "Two named staff of the county linking team",
            "organization": COUNTY,
            "access": "Names and ID numbers, only to match records",
            "pledge": True,
        },
        {
            "who": "Darnell Brooks, Lead Analyst",
            "organization": COUNTY,
            "access": "The coded study file, with no names",
            "pledge": True,
        },
        {
            "who": "Two named analysts of the Office of Data and Analytics",
            "organization": COUNTY,
            "access": "The coded study file, with no names",
            "pledge": True,
        },
        {
            "who": "One named DJJ research analyst",
            "organization": DJJ,
            "access": "The coded study file, with no names",
            "pledge": True,
        },
    ],
    "methods": (
        "The county linking team matches records across the four sources on name and date "
        "of birth. It gives each child a study number, and removes names and ID numbers "
        "within 30 days. Analysts then count attendance, school moves, time to first "
        "caregiver service and juvenile referrals for children in kinship care, by age "
        "group, school, race, language and month. They compare attendance with the rates "
        "the district publishes for each school and grade, and referrals with the county "
        "rates DJJ publishes by age, so no classmate's records are shared. Published tables "
        "show only counts of 11 or more."
    ),
    "prohibited_uses": [
        "reidentify",
        "contact",
        "other-purpose",
        "redisclose",
        "sell",
        "individual-decisions",
        "prosecution",
    ],
    "min_cell_size": 11,
    "retention": (
        "The county data office keeps each file only while the study needs it, and never "
        "more than 24 months after it arrives. Names and ID numbers are removed from the "
        "study file within 30 days of each match. All shared data, including copies and "
        "backups, is destroyed by 31 May 2028, when this agreement ends. County IT wipes the "
        "files with a method that meets NIST SP 800-88, and the data office sends each "
        "partner a signed certificate of destruction within 10 business days."
    ),
    "destruction_date": "2028-05-31",
    "breach_notice_days": 3,
    "term_start": "2026-06-01",
    "term_end": "2028-05-31",
    "audit": (
        "Each data provider may audit the county data office once a year with 30 days' "
        "notice, and at any time after a breach. The data office keeps a log of every "
        "access to the study file for the life of the agreement and gives each provider a "
        "yearly summary of who used its data and for what."
    ),
    "termination": (
        "Any party may leave with 60 days' written notice. Its data is destroyed within 30 "
        "days of leaving, with a certificate of destruction. The agreement ends at once for "
        "a party that breaks its terms, after the Steering Committee hears from it."
    ),
    "studies_purpose": "instruction",
    "consent_form": (
        "Grandfamilies' one-page form, in English and Spanish, names the records shared (the "
        "child's name, date of birth and the services given), the purpose (this study), "
        "who receives them (Riverbend County's Office of Data and Analytics), and that "
        "consent ends on 31 May 2028. The caregiver signs and dates it, and may withdraw at "
        "any time by telling any Grandfamilies staff member; withdrawn records are deleted "
        "from the study file within 30 days. Grandfamilies keeps the signed forms."
    ),
    "transfer": (
        "Each provider uploads a monthly extract to the county's secure file transfer "
        "server, encrypted in transit and at rest. Only the linking team can open the upload "
        "folders. The linking team sends the school district and DJJ a list of the children "
        "in the study, through the same server, and they return records for those children "
        "only. Nothing is sent by email."
    ),
    "linkage": (
        "Riverbend County's linking team, as Integrator, links records on name and date of "
        "birth within 5 business days of each upload. It then replaces names and ID numbers "
        "with a study number and deletes them within 30 days. No provider receives another "
        "provider's records."
    ),
    "review_days": 14,
    "request_notice_days": 2,
    "liability": (
        "Each Party is responsible for its own acts and those of its staff, as far as state "
        "law allows. Riverbend County, as Recipient and Integrator, pays the reasonable cost "
        "of telling people affected by a Breach that it causes."
    ),
    "governing_law": "the laws of the state where Riverbend County is",
    "disputes": (
        "The named contacts try to settle a disagreement within 15 business days. If they "
        "cannot, it goes to the Steering Committee at its next meeting. If that fails, the "
        "heads of the Parties involved meet within 30 days. Each Party keeps its other "
        "rights under the law."
    ),
    "research": True,
    "irb": (
        "Riverbend University IRB (fictional), protocol 2026-118, approved on 12 May 2026 "
        "as minimal-risk research"
    ),
    "licensee": COUNTY,
    "investigator": "Darnell Brooks, Lead Analyst, Riverbend County Office of Data and Analytics",
    "deliverables": (
        "A public dashboard of counts of 11 or more, updated each quarter from September "
        "2026. A yearly report to the Steering Committee and the County Commission each "
        "June. A short summary for caregivers and young people, in English and Spanish, "
        "with each yearly report."
    ),
    "signatories": [
        {
            "party": SCHOOLS,
            "name": "Dr. Helen Park",
            "title": "Superintendent of Schools",
            "authority": "School Board resolution 26-044, 12 May 2026 (fictional)",
        },
        {
            "party": DCF,
            "name": "Yvonne Carter",
            "title": "Regional Managing Director",
            "authority": "Written delegation from the DCF Secretary, 2025 (fictional)",
        },
        {
            "party": DJJ,
            "name": "Luis Romero",
            "title": "Chief Probation Officer",
            "authority": "Written delegation from the DJJ Secretary for research "
            "agreements (fictional)",
        },
        {
            "party": NONPROFIT,
            "name": "Gloria Hensley",
            "title": "Executive Director",
            "authority": "Board of Directors resolution, 3 May 2026 (fictional)",
        },
        {
            "party": COUNTY,
            "name": "Samuel Ortega",
            "title": "County Administrator",
            "authority": "County Commission resolution 2026-41, which lets the County "
            "Administrator sign data agreements (fictional)",
        },
    ],
}

LAUNCH = {
    "checklist": ["agreement-signed", "test-transfer", "first-meeting", "feedback-open"],
    "milestones": [
        {
            "milestone": "Agreement signed by all five parties",
            "owner": "Tom Whitaker",
            "due": "2026-05-29",
            "done": True,
        },
        {
            "milestone": "Test transfer with fake records",
            "owner": "Darnell Brooks",
            "due": "2026-06-05",
            "done": True,
        },
        {
            "milestone": "First Steering Committee meeting under the agreement",
            "owner": "Maya Thompson",
            "due": "2026-06-10",
            "done": True,
        },
        {
            "milestone": "Caregiver text line and complaint form open",
            "owner": "Gloria Hensley",
            "due": "2026-06-15",
            "done": True,
        },
        {
            "milestone": "First real transfer and record match",
            "owner": "Darnell Brooks",
            "due": "2026-06-19",
            "done": True,
        },
        {
            "milestone": "First public dashboard of counts (11 or more only)",
            "owner": "Darnell Brooks",
            "due": "2026-09-30",
            "done": True,
        },
        {
            "milestone": "Accounts for the second analyst and the DJJ researcher",
            "owner": "Raj Mehta",
            "due": "2026-11-13",
            "done": False,
        },
        {
            "milestone": "Start a monthly review of access logs",
            "owner": "Raj Mehta",
            "due": "2026-11-30",
            "done": False,
        },
    ],
}

# ---------------------------------------------------------------------------------------
# Phase 3: Drive impact
# ---------------------------------------------------------------------------------------
M_ATTENDANCE = "School attendance rate, children in kinship care"
M_CHRONIC = "Chronic absence, children in kinship care"
M_SUPPORT = "Caregivers connected to support"
M_MOVES = "School moves after placement"
M_DIVERSION = "Diversion instead of court"

# Readings by group (fictional): (how people were grouped, [(group, people, value)]).
# Chronic absence on 31 October: 53 of 212 children (25%), by school level.
SCHOOL_LEVEL = (
    "School level",
    [("Elementary school", 96, 19.8), ("Middle school", 58, 25.9), ("High school", 58, 32.8)],
)
# Support within 30 days on 31 October: 78 of 150 caregivers (52%). The language of 18
# caregivers (9 supported) was not recorded, and "Another language" (2 of 5) is small, so
# the report hides it. Every other group has 11 or more people in and out of the percent.
HOME_LANGUAGE = (
    "Language spoken at home",
    [
        ("English", 73, 60.3),
        ("Spanish", 32, 37.5),
        ("Haitian Creole", 22, 50),
        ("Another language", 5, 40),
    ],
)


def _by_group(metric: str, date: str, grouping: tuple) -> list[dict[str, Any]]:
    by, groups = grouping
    return [
        {"metric": metric, "date": date, "value": value, "group_by": by, "group": name,
         "count": people}
        for name, people, value in groups
    ]  # fmt: skip


REEVALUATE = {
    "assumptions": [
        {
            "assumption": "Most children placed with relatives stay in their school",
            "source_step": "1.1 Policy problem",
            "evidence": "Linked data show 27% change schools within 90 days of placement",
            "status": "invalidated",
            "reviewed": "2026-07-30",
        },
        {
            "assumption": "Caregivers will agree to share data if we explain the purpose plainly",
            "source_step": "1.4 Value",
            "evidence": "71% of caregivers at the June meetings signed the consent form",
            "status": "holding",
            "reviewed": "2026-07-30",
        },
        {
            "assumption": "Records can be matched by name and date of birth",
            "source_step": "1.3 Capacity",
            "evidence": "94% matched in June; most misses were names with two surnames",
            "status": "holding",
            "reviewed": "2026-10-14",
        },
        {
            "assumption": "Young people in kinship care are referred to DJJ more often than "
            "classmates",
            "source_step": "1.1 Policy problem",
            "evidence": "Rates were about the same once we compared young people of the same age",
            "status": "invalidated",
            "reviewed": "2026-10-14",
        },
        {
            "assumption": "Caregivers who get support early keep children in school more",
            "source_step": "1.1 Policy problem",
            "evidence": "Needs a full school year of linked data (June 2027)",
            "status": "untested",
        },
    ],
    "metrics": [
        {
            "metric": M_ATTENDANCE,
            "definition": "Days attended divided by days enrolled, school year to date, percent",
            "owner": "Darnell Brooks",
            "baseline": 88.4,
            "target": 93,
            "direction": "up",
            "unit": "other",
        },
        {
            "metric": M_CHRONIC,
            "definition": "Percent of these children who miss 10% or more of school days",
            "owner": "Dr. Angela Ruiz",
            "baseline": 31,
            "target": 20,
            "direction": "down",
            "unit": "percent",
        },
        {
            "metric": M_SUPPORT,
            "definition": "Percent of new kinship caregivers who get a support call or visit "
            "within 30 days",
            "owner": "Gloria Hensley",
            "baseline": 22,
            "target": 60,
            "direction": "up",
            "unit": "percent",
        },
        {
            "metric": M_MOVES,
            "definition": "Percent of children who change schools within 90 days of a kinship "
            "placement",
            "owner": "Marcus Bell",
            "baseline": 27,
            "target": 15,
            "direction": "down",
            "unit": "percent",
        },
        {
            "metric": M_DIVERSION,
            "definition": "Percent of DJJ referrals of young people in kinship care sent to "
            "diversion",
            "owner": "Priya Natarajan",
            "baseline": 48,
            "target": 60,
            "direction": "up",
            "unit": "percent",
        },
    ],
    "readings": [
        {"metric": M_ATTENDANCE, "date": "2026-06-30", "value": 88.4},
        {"metric": M_ATTENDANCE, "date": "2026-08-31", "value": 89.6},
        {"metric": M_ATTENDANCE, "date": "2026-09-30", "value": 90.9},
        {"metric": M_ATTENDANCE, "date": "2026-10-31", "value": 91.5},
        {"metric": M_CHRONIC, "date": "2026-06-30", "value": 31},
        {"metric": M_CHRONIC, "date": "2026-09-30", "value": 27},
        {"metric": M_CHRONIC, "date": "2026-10-31", "value": 25, "count": 212},
        *_by_group(M_CHRONIC, "2026-10-31", SCHOOL_LEVEL),
        {"metric": M_SUPPORT, "date": "2026-06-30", "value": 22},
        {"metric": M_SUPPORT, "date": "2026-08-31", "value": 38},
        {"metric": M_SUPPORT, "date": "2026-10-31", "value": 52, "count": 150},
        *_by_group(M_SUPPORT, "2026-10-31", HOME_LANGUAGE),
        {"metric": M_MOVES, "date": "2026-06-30", "value": 27},
        {"metric": M_MOVES, "date": "2026-10-31", "value": 24},
        {"metric": M_DIVERSION, "date": "2026-06-30", "value": 48},
        {"metric": M_DIVERSION, "date": "2026-10-31", "value": 47},
    ],
    "approach_worked": (
        "Starting with one clear problem kept every partner focused, and paying caregivers "
        "for their time on the advisory board brought voices we had never heard. Publishing "
        "the first counts within three months showed the partners that sharing pays off."
    ),
    "metrics_still_right": (
        "Mostly. Caregivers told us attendance alone misses how children feel at school, so "
        "we will add a question on school belonging to next year's survey. The diversion "
        "metric is too small to read by neighborhood; we report it county-wide only."
    ),
    "approach_review": (
        "We would invite Riverbend Youth Voices from the start, not two months in. We would "
        "test record matching with fake records before we set our metrics, because matching "
        "errors changed our first baseline. We would also write the small-count rule for "
        "maps and school charts into the agreement, not only for tables."
    ),
}

SURVEY = {
    "consent": (
        "Grandfamilies of Riverbend runs this survey for the Riverbend County Kinship Care "
        "Data Collaborative. It asks how the collaborative uses information about families "
        "like yours, and how it could do better. It takes about 10 minutes.\n\n"
        "Every question is optional, and you can stop at any time. Your answers will not "
        "change any help you or your children get. We do not ask for your name. We report "
        "results only for groups of 11 people or more, so no one can tell who said what. "
        "Questions? Ask any Grandfamilies staff member or call the office."
    ),
    "questions": [
        {
            "question": "I understand why the collaborative shares information about children "
            "in kinship care.",
            "kind": "agreement",
        },
        {
            "question": "I trust the collaborative to keep my family's information private.",
            "kind": "agreement",
        },
        {
            "question": "In the past three months, how often did your child's school contact you?",
            "kind": "single",
            "options": "Never; Once; Two or three times; More than three times",
        },
        {
            "question": "Which kinds of help did you get in the past three months?",
            "kind": "multiple",
            "options": "Help enrolling in school; School supplies; Legal help with custody; "
            "Support group; Money or food help; None",
        },
        {
            "question": 'The "You said, we did" sheet told me what changed because of feedback.',
            "kind": "agreement",
        },
        {
            "question": "What should the collaborative start doing, stop doing or do better?",
            "kind": "open",
        },
    ],
    "demographics": [
        {
            "question": "How old are you?",
            "options": "Under 40; 40 to 54; 55 to 64; 65 or older",
        },
        {
            "question": "Which language do you speak at home?",
            "options": "English; Spanish; Haitian Creole; Another language",
        },
        {
            "question": "What is your relationship to the child?",
            "options": "Grandparent; Aunt or uncle; Older sibling; Other relative; Family friend",
        },
        {
            "question": "Which part of the county do you live in?",
            "options": "North; Central; South; West",
        },
    ],
    "min_cell_policy": "cms",
}

# Three rounds of feedback. Total severity: 19, then 10, then 4.
ITERATE = {
    "feedback_items": [
        {
            "round": 1,
            "date": "2026-07-16",
            "source": "Kinship Caregiver Council",
            "category": "privacy",
            "severity": 5,
            "description": "Caregivers feared school staff could read their DCF case notes",
            "change_made": "Confirmed in writing that schools get counts only; added to the "
            "explainer",
            "element_changed": "Agreement: publication rule",
            "reported_back": True,
        },
        {
            "round": 1,
            "date": "2026-07-16",
            "source": "Riverbend Youth Voices",
            "category": "fairness",
            "severity": 4,
            "description": "Reports on kinship youth and arrests make them look like trouble",
            "change_made": "DJJ results shown only beside same-age classmates; youth review the "
            "wording",
            "element_changed": "Governance: report review by youth",
            "reported_back": True,
        },
        {
            "round": 1,
            "date": "2026-07-16",
            "source": "Caregiver survey",
            "category": "communication",
            "severity": 4,
            "description": "Many caregivers did not know the collaborative existed or why",
            "change_made": "One-page explainer in English and Spanish in every intake packet",
            "element_changed": "Access tiers: caregiver explainer",
            "reported_back": True,
        },
        {
            "round": 1,
            "date": "2026-07-16",
            "source": "DCF data steward",
            "category": "data-quality",
            "severity": 3,
            "description": "About 1 in 8 placements had no end date",
            "change_made": "DCF added a monthly check for open placements with no recent visit",
            "element_changed": "Data stewards: quality checks",
            "reported_back": True,
        },
        {
            "round": 1,
            "date": "2026-07-16",
            "source": "Community Advisory Board",
            "category": "access",
            "severity": 3,
            "description": "The board saw results only after they were final",
            "change_made": "The board now reviews draft dashboards two weeks before release",
            "element_changed": "Community Advisory Board: review schedule",
            "reported_back": True,
        },
        {
            "round": 2,
            "date": "2026-08-27",
            "source": "Caregiver survey",
            "category": "process",
            "severity": 3,
            "description": "The survey link closed before some caregivers could answer",
            "change_made": "Surveys now stay open three weeks, with paper copies at Grandfamilies",
            "element_changed": "Feedback loop: survey window",
            "reported_back": True,
        },
        {
            "round": 2,
            "date": "2026-08-27",
            "source": "Community Advisory Board",
            "category": "privacy",
            "severity": 3,
            "description": "A chart for one small school could still point to a family",
            "change_made": "Small schools are now grouped into areas before counts are shown",
            "element_changed": "Publication rule: grouping small schools",
            "reported_back": True,
        },
        {
            "round": 2,
            "date": "2026-08-27",
            "source": "School district check-in",
            "category": "data-quality",
            "severity": 2,
            "description": "Students who changed schools mid-month were counted twice",
            "change_made": "Fixed the matching rule and ran the baseline again",
            "element_changed": "Data stewards: matching rule",
            "reported_back": True,
        },
        {
            "round": 2,
            "date": "2026-08-27",
            "source": "Complaint form",
            "category": "communication",
            "severity": 2,
            "description": "A caregiver asked how to opt out of the Grandfamilies data share",
            "change_made": "Added opt-out steps to the explainer and the website",
            "element_changed": "Feedback loop: opt-out steps",
            "reported_back": True,
        },
        {
            "round": 3,
            "date": "2026-10-08",
            "source": "Riverbend Youth Voices",
            "category": "communication",
            "severity": 2,
            "description": "Asked for a short video of the results for young people",
            "change_made": "Youth Voices will help make a two-minute video for the winter report",
            "element_changed": "Feedback loop: reporting back",
            "reported_back": True,
        },
        {
            "round": 3,
            "date": "2026-10-08",
            "source": "Caregiver survey",
            "category": "process",
            "severity": 1,
            "description": "Evening meetings are hard for caregivers with young children",
            "change_made": "Added a Saturday morning session with child care",
            "element_changed": "Feedback loop: meeting times",
            "reported_back": True,
        },
        {
            "round": 3,
            "date": "2026-10-08",
            "source": "DJJ check-in",
            "category": "process",
            "severity": 1,
            "description": "DJJ asked to send its extract on the 5th of the month, not the 1st",
            "change_made": "Data stewards agreed; the agreement already allows it",
            "element_changed": "Agreement: data elements",
            "reported_back": False,
        },
    ],
}

UNTIL_MINIMAL = {
    "threshold": 6,
    "rounds_in_a_row": 2,
    "notes": (
        "Round totals so far: 19 in July, 10 in August and 4 in October. Our line is 6 points "
        "or less for two rounds in a row, so we are halfway there. Round 4 is planned for late "
        "November 2026. If it also stays at 6 or less, the Steering Committee will vote in "
        "January 2027 on starting to grow. We will keep every feedback channel open after that."
    ),
}

# Part-way through: readiness and candidate partners, no plan yet.
SCALE_UP = {
    "readiness": ["agreement-allows", "funding"],
    "new_partners": [
        {
            "partner": "Riverbend County Health Department",
            "dataset": "Well-child visits and shots for children in kinship care",
            "why": "Caregivers say health visits are missed after a move; needs a HIPAA review",
            "when": "2027-03-01",
        },
        {
            "partner": "Riverbend Housing Authority",
            "dataset": "Housing assistance waitlist and household size",
            "why": "Many grandparents live in senior housing that limits who may live there",
            "when": "2027-06-01",
        },
    ],
}


# The equity and ethics review, answered honestly: most items hold, two are only "partly".
def _r(answer: str, note: str, owner: str) -> dict[str, str]:
    return {"answer": answer, "note": note, "owner": owner}


EQUITY_REVIEW = {
    "governing-group-represents": _r(
        "yes",
        "Two caregivers sit on the Steering Committee; the advisory board is all "
        "caregivers and young people raised by relatives.",
        "Maya Thompson",
    ),
    "community-defines-problem": _r(
        "yes",
        "The Caregiver Council reworded the problem and added the question on support.",
        "Gloria Hensley",
    ),
    "benefits-and-harms": _r(
        "yes",
        "Step 1.4 lists gains, costs and the cost of not sharing for each group.",
        "Maya Thompson",
    ),
    "equity-in-charter": _r(
        "yes",
        "Principle: we check our work for unequal effects on groups, each quarter.",
        "Maya Thompson",
    ),
    "new-partners-reviewed": _r(
        "yes",
        "The plan for growth requires the Health Department to take this review first.",
        "Maya Thompson",
    ),
    "consent-and-notice": _r(
        "partly",
        "Caregivers sign consent for Grandfamilies data and get the explainer, but "
        "school and DCF records are shared under law without notice to each family. Next: "
        "a notice in the school enrollment packet by spring.",
        "Dr. Angela Ruiz",
    ),
    "who-is-missing": _r(
        "yes",
        "Informal kinship families with no DCF case are missing; reports say so.",
        "Darnell Brooks",
    ),
    "self-identification": _r(
        "yes",
        "Race and language come from families' own answers, with 'prefer not to say'.",
        "Darnell Brooks",
    ),
    "survey-reaches-everyone": _r(
        "partly",
        "English and Spanish on paper and online; Haitian Creole speakers answer "
        "far less. Next: a Creole version and a community partner to hand it out.",
        "Gloria Hensley",
    ),
    "minimum-necessary": _r(
        "yes",
        "Each data element names the question it serves; classmates are compared through "
        "published rates, not records.",
        "Tom Whitaker",
    ),
    "access-tiers": _r(
        "yes", "Only two named linking staff see names; access is logged.", "Raj Mehta"
    ),
    "no-reidentification": _r(
        "yes", "The agreement forbids it; tested with fake records before launch.", "Tom Whitaker"
    ),
    "retention-and-deletion": _r(
        "yes", "Destroyed by 31 May 2028 with a signed certificate.", "Darnell Brooks"
    ),
    "right-to-know-and-redress": _r(
        "yes",
        "The explainer gives a phone line and a complaint form; replies within 10 days.",
        "Gloria Hensley",
    ),
    "risk-scores-about-individuals": _r(
        "yes",
        "The agreement bans decisions about a single child or family from shared data.",
        "Tom Whitaker",
    ),
    "fairness-across-groups": _r(
        "na",
        "No model or score is used; rates by group are compared in every report.",
        "Darnell Brooks",
    ),
    "explain-and-override": _r("na", "No scores or flags are produced.", "Darnell Brooks"),
    "monitor-drift-and-misuse": _r(
        "yes",
        "Access logs are reviewed monthly; misuse goes to the Steering Committee.",
        "Raj Mehta",
    ),
    "social-science-context": _r(
        "yes",
        "A university partner and the advisory board read every finding before release.",
        "Darnell Brooks",
    ),
    "unknown-categories-analysis": _r(
        "yes", "Kept as their own group, never dropped or guessed.", "Darnell Brooks"
    ),
    "disaggregate-results": _r(
        "yes", "By race, language and area where counts are 11 or more.", "Darnell Brooks"
    ),
    "quiet-feedback": _r(
        "yes",
        "Round 3 checked answers by language and area before calling it quieter.",
        "Gloria Hensley",
    ),
    "unknown-categories-reporting": _r(
        "yes",
        "Every table shows the count of 'other', blank and 'prefer not to say'.",
        "Darnell Brooks",
    ),
    "small-cell-suppression": _r(
        "yes", "CMS rule: counts from 1 to 10 hidden, with complementary cells.", "Darnell Brooks"
    ),
    "honest-framing": _r(
        "yes", "Youth Voices reviews the wording of every report on young people.", "Gloria Hensley"
    ),
    "community-review-before-publishing": _r(
        "yes", "The advisory board reviews dashboards two weeks before release.", "Gloria Hensley"
    ),
    "close-the-loop": _r(
        "yes", "'You said, we did' sheets within 30 days of each round.", "Gloria Hensley"
    ),
}


ANSWERS: dict[str, dict[str, Any]] = {
    "policy-problem": POLICY_PROBLEM,
    "stakeholders": STAKEHOLDERS,
    "capacity": CAPACITY,
    "value": VALUE,
    "coalition": COALITION,
    "charter": CHARTER,
    "governance": GOVERNANCE,
    "feedback-loop": FEEDBACK_LOOP,
    "agreement": AGREEMENT,
    "launch": LAUNCH,
    "reevaluate": REEVALUATE,
    "survey": {**SURVEY, **SPANISH},  # the Spanish form: examples/survey_es.py
    "iterate": ITERATE,
    "until-minimal": UNTIL_MINIMAL,
    "scale-up": SCALE_UP,
    "equity-review": EQUITY_REVIEW,
}

# ---------------------------------------------------------------------------------------
# The decision log: one save per row, each a new revision, in time order.
# ---------------------------------------------------------------------------------------
LOG: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "2026-01-20T16:30:00Z",
        "Maya",
        [
            ("policy-problem", "problem"),
            ("policy-problem", "affected"),
            ("policy-problem", "outcome"),
        ],
    ),
    (
        "2026-01-27T17:10:00Z",
        "Darnell",
        [
            ("policy-problem", "decisions"),
            ("policy-problem", "questions"),
            ("policy-problem", "known"),
            ("policy-problem", "missing"),
        ],
    ),
    ("2026-02-10T15:00:00Z", "Maya", [("stakeholders", "register")]),
    (
        "2026-02-24T18:20:00Z",
        "Darnell",
        [("capacity", "self_assessment"), ("capacity", "inventory")],
    ),
    ("2026-02-26T14:45:00Z", "Gloria", [("capacity", "self_assessment")]),
    (
        "2026-03-10T16:00:00Z",
        "Maya",
        [
            ("value", "benefits"),
            ("value", "costs"),
            ("value", "cost_of_not_sharing"),
            ("value", "quick_wins"),
        ],
    ),
    ("2026-03-12T19:30:00Z", "Tom", [("value", "risks")]),
    # The advisory board asked for Riverbend Youth Voices to be added to the register.
    ("2026-03-19T15:15:00Z", "Maya", [("stakeholders", "register")]),
    ("2026-03-24T17:40:00Z", "Maya", [("coalition", "members")]),
    (
        "2026-04-07T16:20:00Z",
        "Maya",
        [
            ("charter", "vision"),
            ("charter", "mission"),
            ("charter", "principles"),
            ("charter", "scope_in"),
            ("charter", "scope_out"),
        ],
    ),
    # The Caregiver Council added its own principle.
    ("2026-04-09T22:05:00Z", "Gloria", [("charter", "principles")]),
    (
        "2026-04-14T16:00:00Z",
        "Maya",
        [
            ("charter", "decision_rule"),
            ("charter", "meeting_cadence"),
            ("charter", "term_months"),
            ("charter", "review_date"),
            ("charter", "scope_size"),
            ("charter", "amendment"),
            ("charter", "disputes"),
            ("charter", "member_exit"),
            ("charter", "review_schedule"),
        ],
    ),
    ("2026-04-24T20:10:00Z", "Maya", [("charter", "signatories")]),
    (
        "2026-05-05T15:30:00Z",
        "Darnell",
        [
            ("governance", "bodies"),
            ("governance", "decision_method"),
            ("governance", "quorum"),
            ("governance", "access_tiers"),
        ],
    ),
    ("2026-05-07T13:50:00Z", "Raj", [("governance", "security")]),
    (
        "2026-05-08T16:20:00Z",
        "Maya",
        [
            ("governance", "raci"),
            ("governance", "classification"),
            ("governance", "principle_mechanisms"),
        ],
    ),
    (
        "2026-05-12T18:00:00Z",
        "Gloria",
        [
            ("feedback-loop", "channels"),
            ("feedback-loop", "cadence"),
            ("feedback-loop", "owner"),
            ("feedback-loop", "reviewed_by"),
            ("feedback-loop", "trigger"),
            ("feedback-loop", "close_the_loop"),
            ("feedback-loop", "metrics"),
        ],
    ),
    (
        "2026-05-19T16:45:00Z",
        "Tom",
        [
            ("agreement", "instrument"),
            ("agreement", "parties"),
            ("agreement", "dataset_rules"),
            ("agreement", "data_elements"),
            ("agreement", "purpose"),
            ("agreement", "authority"),
            ("agreement", "authorized_users"),
            ("agreement", "users"),
            ("agreement", "methods"),
            ("agreement", "prohibited_uses"),
            ("agreement", "min_cell_size"),
        ],
    ),
    (
        "2026-05-21T17:25:00Z",
        "Tom",
        [
            ("agreement", "retention"),
            ("agreement", "destruction_date"),
            ("agreement", "breach_notice_days"),
            ("agreement", "term_start"),
            ("agreement", "term_end"),
            ("agreement", "audit"),
            ("agreement", "termination"),
            ("agreement", "signatories"),
        ],
    ),
    (
        "2026-05-26T15:10:00Z",
        "Tom",
        [
            ("agreement", "studies_purpose"),
            ("agreement", "consent_form"),
            ("agreement", "transfer"),
            ("agreement", "linkage"),
            ("agreement", "review_days"),
            ("agreement", "request_notice_days"),
            ("agreement", "liability"),
            ("agreement", "governing_law"),
            ("agreement", "disputes"),
            ("agreement", "research"),
            ("agreement", "irb"),
            ("agreement", "licensee"),
            ("agreement", "investigator"),
            ("agreement", "deliverables"),
        ],
    ),
    ("2026-05-29T19:00:00Z", "Maya", [("launch", "checklist"), ("launch", "milestones")]),
    ("2026-06-10T14:05:00Z", "Darnell", [("governance", "data_checks")]),
    ("2026-06-19T21:15:00Z", "Maya", [("launch", "checklist"), ("launch", "milestones")]),
    ("2026-06-23T15:40:00Z", "Darnell", [("reevaluate", "metrics")]),
    ("2026-06-30T14:00:00Z", "Darnell", [("reevaluate", "readings")]),
    (
        "2026-06-30T16:10:00Z",
        "Gloria",
        [
            ("survey", "consent"),
            ("survey", "questions"),
            ("survey", "demographics"),
            ("survey", "min_cell_policy"),
        ],
    ),
    ("2026-07-01T15:00:00Z", "Gloria", SPANISH_FIELDS),
    ("2026-07-20T14:30:00Z", "Gloria", [("iterate", "feedback_items")]),  # round 1
    ("2026-07-30T16:00:00Z", "Darnell", [("reevaluate", "assumptions")]),
    ("2026-08-31T15:20:00Z", "Gloria", [("iterate", "feedback_items")]),  # round 2
    (
        "2026-09-08T17:00:00Z",
        "Maya",
        [("until-minimal", "threshold"), ("until-minimal", "rounds_in_a_row")],
    ),
    ("2026-09-30T20:30:00Z", "Darnell", [("launch", "milestones")]),
    ("2026-10-01T15:00:00Z", "Darnell", [("reevaluate", "readings")]),
    ("2026-10-12T14:45:00Z", "Gloria", [("iterate", "feedback_items")]),  # round 3
    (
        "2026-10-14T16:30:00Z",
        "Darnell",
        [
            ("reevaluate", "assumptions"),
            ("reevaluate", "approach_review"),
            ("reevaluate", "approach_worked"),
            ("reevaluate", "metrics_still_right"),
        ],
    ),
    (
        "2026-10-20T18:00:00Z",
        "Maya",
        [("until-minimal", "notes"), ("scale-up", "readiness"), ("scale-up", "new_partners")],
    ),
    (
        "2026-10-25T16:00:00Z",
        "Maya",
        [("equity-review", item) for item in EQUITY_REVIEW],
    ),
    (
        "2026-10-31T18:00:00Z",
        "Darnell",
        [("reevaluate", "readings")],
    ),
]


def checked_answers() -> dict[str, dict[str, Any]]:
    """`ANSWERS` in stored form, each value checked against its field spec.

    Raises `AnswerError` for an unknown step or field, a value that does not fit its field,
    or a value that would be stored as no answer.
    """
    wb = Workbook(new_document(TEAM["name"], SLUG))  # its set() checks ids and values
    for step_id, fields in ANSWERS.items():
        for field_id, value in fields.items():
            if wb.set(step_id, field_id, value) is None:
                raise AnswerError(f"The example's answer to {step_id}.{field_id} is empty.")
    return {step_id: wb.answers(step_id) for step_id in ANSWERS}


def history(answers: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The decision log as history entries; checks that it covers exactly the answers."""
    entries: list[dict[str, Any]] = [
        {"at": CREATED, "who": TEAM["created_by"], "action": "create", "revision": 0}
    ]
    last = CREATED
    logged: set[tuple[str, str]] = set()
    for revision, (at, who, fields) in enumerate(LOG, start=1):
        if at <= last:
            raise ValueError(f"The example's history is out of order at {at}.")
        last = at
        for step_id, field_id in fields:
            entries.append(
                {
                    "at": at,
                    "who": who,
                    "step": step_id,
                    "field": field_id,
                    "action": "set",
                    "revision": revision,
                }
            )
            logged.add((step_id, field_id))
    answered = {(s, f) for s, fields in answers.items() for f in fields}
    if logged != answered:
        raise ValueError(
            "The example's history and answers disagree: "
            f"logged only {sorted(logged - answered)}, "
            f"answered only {sorted(answered - logged)}."
        )
    return entries


def build_document() -> dict[str, Any]:
    """The whole example workbook document. Deterministic: no clock, no randomness."""
    answers = checked_answers()
    entries = history(answers)
    return {
        "schema_version": SCHEMA_VERSION,
        "revision": entries[-1]["revision"],
        "team": dict(TEAM),
        "answers": answers,
        "history": entries,
    }


def write(path: str | os.PathLike[str]) -> Path:
    """Write the example workbook to `path` atomically and return the path."""
    target = Path(path)
    write_atomic(target, encode(build_document()))
    return target


__all__ = [
    "ANSWERS",
    "FILENAME",
    "SLUG",
    "TEAM",
    "build_document",
    "checked_answers",
    "history",
    "write",
]
