"""FICTIONAL survey responses for the worked example (Riverbend County, kinship care).

A seeded script, so the file is the same on every run: a few hundred caregivers answer
the example's survey (step 3.2). The skew is deliberate, so that small groups exist and
suppression shows: few respondents speak Haitian Creole, few are older siblings, few
live in the West of the county. Answers lean the way such a survey might (trust is lower
where the coalition has no staff who speak the family's language). Written answers come
from a list of invented comments that name no one. Most caregivers who speak Spanish at
home answer the Spanish form (examples/survey_es.py, a fictional translation); their
answers are stored in English like everyone's, with the form's language, and some write
their comment in Spanish.

    python -m guidelib.examples survey-responses [--out DIR] [--n N] [--seed S]

writes DIR/example-kinship-care.responses.sqlite (DIR defaults to `workbook`).
(`python -m guidelib.examples.survey_responses [DIR] ...`, the older spelling, runs the same.)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import runpy
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..survey.form import PREFER_NOT, SurveyDefinition, check_answers, survey_definition
from ..survey.releases import BY_HAND, release
from ..survey.store import responses_path, submit_many
from ..workbook.model import Workbook, new_document
from .kinship_care import FILENAME, build_document

N, SEED = 400, 2017
START = dt.datetime(2026, 9, 8, 9, 0, tzinfo=dt.UTC)
PAPER_SHARE = 0.12  # paper forms typed in later, stored as imports
RELATION = {
    "Grandparent": 63,
    "Aunt or uncle": 22,
    "Older sibling": 2,
    "Other relative": 8,
    "Family friend": 3,
    PREFER_NOT: 2,
}
AGE_BY_RELATION = {  # weights over: Under 40, 40 to 54, 55 to 64, 65 or older
    "Grandparent": (0, 12, 41, 47),
    "Aunt or uncle": (22, 50, 23, 5),
    "Older sibling": (100, 0, 0, 0),
}
LANGUAGE = {"English": 58, "Spanish": 32, "Haitian Creole": 3, "Another language": 4, PREFER_NOT: 3}
REGION = {"North": 31, "Central": 28, "South": 31, "West": 7, PREFER_NOT: 3}
TRUST_SHIFT = {"Haitian Creole": -1.3, "Spanish": -0.5, "Another language": -0.6}
HELP = {
    "Help enrolling in school": 0.2,
    "School supplies": 0.45,
    "Legal help with custody": 0.15,
    "Support group": 0.22,
    "Money or food help": 0.38,
}
CONTACT = {"Never": 24, "Once": 31, "Two or three times": 31, "More than three times": 14}
COMMENTS = (
    "Tell us sooner when something about the program changes.",
    "The letters from the school are hard to follow. Please send them in Spanish too.",
    "Start a support group that meets in the evening, after work.",
    "I did not know our records were shared until this year. Explain it at the first visit.",
    "More help with custody paperwork, please.",
    'Keep doing the "You said, we did" sheet. It showed me someone reads these.',
    "Stop asking the same questions at every office.",
    "Have someone at the meetings who speaks Haitian Creole.",
    "- more after-school programs\n- bus passes for teenagers",
    "Call back faster. Waiting two weeks for an answer is too long.",
    "I worry about who can see my family's information.",
    "The food help runs out before the end of the month.",
    "Hold some meetings closer to the south side of the county.",
    "Thank you for the school supplies.",
    "Explain in plain words what you keep about us and for how long.",
    "Ask grandparents before making changes that affect our kids.",
    "Más ayuda con los papeles de la escuela, por favor.",
    "Make the survey shorter.",
    "The support group helped me more than anything else.",
    "Show us the results of this survey.",
    "Child care during the meetings would help a lot.",
    "Nothing to add. The staff have been kind.",
    "Night and weekend hours for the office.",
    "Tell the schools that we are the legal caregivers so they call us, not the parents.",
)
SPANISH_FORM = 0.75  # share of Spanish speakers who answer the Spanish form
COMMENTS_ES = (
    "Más ayuda con los papeles de la escuela, por favor.",
    "Las cartas de la escuela deben llegar en español.",
    "Necesitamos reuniones por la tarde, después del trabajo.",
    "Gracias por los útiles escolares.",
    "Expliquen con palabras sencillas qué guardan sobre nosotros.",
    "Queremos ver los resultados de esta encuesta.",
)


def definition() -> SurveyDefinition:
    """The worked example's survey, read from its source (not from a file)."""
    return survey_definition(Workbook(build_document()))


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _scale(rng: random.Random, mean: float) -> int:
    return min(5, max(1, round(rng.gauss(mean, 1.0))))


def _person(rng: random.Random) -> dict[str, str]:
    relation = _pick(rng, RELATION)
    ages = AGE_BY_RELATION.get(relation, (10, 30, 30, 30))
    age = rng.choices(["Under 40", "40 to 54", "55 to 64", "65 or older"], ages)[0]
    if rng.random() < 0.02:
        age = PREFER_NOT
    return {
        "relation": relation,
        "age": age,
        "language": _pick(rng, LANGUAGE),
        "region": _pick(rng, REGION),
    }


def _help(rng: random.Random, person: dict[str, str]) -> list[str]:
    legal = 0.3 if person["relation"] == "Grandparent" else 0.0
    chosen = [o for o, p in HELP.items() if rng.random() < p + (legal if "custody" in o else 0)]
    return chosen or ["None"]


def _answers(rng: random.Random, d: SurveyDefinition, person: dict[str, str]) -> dict[str, Any]:
    q = [x.text for x in d.all]
    shift = TRUST_SHIFT.get(person["language"], 0.0)
    older = 0.3 if person["age"] == "65 or older" else 0.0
    values: dict[str, Any] = {
        q[0]: _scale(rng, 3.8 + shift / 2),
        q[1]: _scale(rng, 3.4 + shift + older),
        q[2]: _pick(rng, CONTACT),
        q[3]: _help(rng, person),
        q[4]: _scale(rng, 3.1 + older),
        q[5]: rng.choice(COMMENTS),
        q[6]: person["age"],
        q[7]: person["language"],
        q[8]: person["relation"],
        q[9]: person["region"],
    }
    skip = {q[4]: 0.14, q[5]: 0.62, q[6]: 0.03, q[7]: 0.03, q[8]: 0.03, q[9]: 0.04}
    return {k: v for k, v in values.items() if rng.random() >= skip.get(k, 0.025)}


def _in_spanish(rng: random.Random, d: SurveyDefinition, answers: dict[str, Any]) -> str:
    """The form's language: Spanish for most who speak it at home. A second random
    stream decides, so the answers are the ones the English-only example had."""
    speaks = answers.get("Which language do you speak at home?") == "Spanish"
    if not (speaks and rng.random() < SPANISH_FORM):
        return "en"
    written = d.questions[5].text
    if written in answers and rng.random() < 0.6:
        answers[written] = rng.choice(COMMENTS_ES)
    return "es"


def generate(
    n: int = N, seed: int = SEED
) -> list[tuple[str, str, str, dict[str, Any], str]]:
    """(response id, submitted at, source, answers, form language) for `n` fictional
    respondents."""
    rng, d = random.Random(seed), definition()
    forms = random.Random(seed + 1)
    minutes = sorted(rng.randrange(21 * 24 * 60) for _ in range(n))
    out = []
    for i, minute in enumerate(minutes, start=1):
        answers = check_answers(d, _answers(rng, d, _person(rng)))
        at = (START + dt.timedelta(minutes=minute)).isoformat().replace("+00:00", "Z")
        source = "import" if rng.random() < PAPER_SHARE else "form"
        language = _in_spanish(forms, d, answers)
        out.append((f"example-{i:06d}", at, source, check_answers(d, answers), language))
    return out


def write(folder: str | os.PathLike[str], n: int = N, seed: int = SEED) -> Path:
    """Write the responses file for the example workbook into `folder`, replacing any:
    built in a private folder, switched back from WAL to a single file, compacted, moved
    into place."""
    target = responses_path(Path(folder) / FILENAME)
    rows = generate(n, seed)
    scratch = Path(tempfile.mkdtemp(prefix=".survey-", dir=target.parent))
    try:
        book = scratch / FILENAME
        for source in ("form", "import"):
            chosen = [(r, a, at, lang) for r, at, s, a, lang in rows if s == source]
            submit_many(book, chosen, source)
        # The example ships with its responses released once, as a team would have done
        # before showing the dashboard (survey/releases.py); reading it then writes nothing.
        release(Workbook(new_document("Example", book.stem), path=book), BY_HAND)
        built = responses_path(book)
        with sqlite3.connect(built, isolation_level=None) as con:
            con.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
            con.execute("VACUUM")
        con.close()
        os.replace(built, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


if __name__ == "__main__":  # the older entry point: `python -m guidelib.examples survey-responses`
    sys.argv[1:1] = ["survey-responses"]
    runpy.run_module("guidelib.examples", run_name="__main__", alter_sys=True)
