"""The worked example's survey in Spanish (step 3.2): a FICTIONAL translation, written for
illustration only, in plain Spanish. It has not been reviewed by a translator or by the
community it is for; a real survey's translation should be.

`kinship_care.py` adds `SPANISH` to its survey answers and logs `SPANISH_FIELDS`. Each
`original` is the English wording of the example's survey, copied exactly: a translation
whose original no longer matches leaves the language incomplete, and then the form does
not offer it (tests/test_survey_languages.py checks that this one is complete).
"""

from __future__ import annotations

CODE = "es"
NOTE = "Traducción ficticia, solo como ejemplo."

CONSENT = (
    "Grandfamilies of Riverbend hace esta encuesta para la Colaboración de Datos sobre "
    "Cuidado por Familiares del Condado de Riverbend. Preguntamos cómo la colaboración usa "
    "la información sobre familias como la suya, y cómo puede mejorar. Toma unos 10 "
    "minutos.\n\n"
    "Todas las preguntas son opcionales, y puede parar cuando quiera. Sus respuestas no "
    "cambian la ayuda que usted o sus niños reciben. No pedimos su nombre. Solo damos "
    "resultados de grupos de 11 personas o más, para que nadie sepa quién dijo qué. "
    "¿Preguntas? Hable con el personal de Grandfamilies o llame a la oficina.\n\n"
    f"({NOTE})"
)

#: English wording -> Spanish, in the order of the form.
TEXTS = {
    "I understand why the collaborative shares information about children in kinship care.": (
        "Entiendo por qué la colaboración comparte información sobre niños que viven con "
        "familiares."
    ),
    "I trust the collaborative to keep my family's information private.": (
        "Confío en que la colaboración mantiene privada la información de mi familia."
    ),
    "In the past three months, how often did your child's school contact you?": (
        "En los últimos tres meses, ¿cuántas veces la escuela de su niño se comunicó con usted?"
    ),
    "Never": "Nunca",
    "Once": "Una vez",
    "Two or three times": "Dos o tres veces",
    "More than three times": "Más de tres veces",
    "Which kinds of help did you get in the past three months?": (
        "¿Qué tipos de ayuda recibió en los últimos tres meses?"
    ),
    "Help enrolling in school": "Ayuda para inscribir en la escuela",
    "School supplies": "Útiles escolares",
    "Legal help with custody": "Ayuda legal con la custodia",
    "Support group": "Grupo de apoyo",
    "Money or food help": "Ayuda con dinero o comida",
    "None": "Ninguna",
    'The "You said, we did" sheet told me what changed because of feedback.': (
        'La hoja "Ustedes dijeron, nosotros hicimos" me dijo qué cambió por las opiniones.'
    ),
    "What should the collaborative start doing, stop doing or do better?": (
        "¿Qué debería la colaboración empezar a hacer, dejar de hacer o hacer mejor?"
    ),
    "How old are you?": "¿Cuántos años tiene?",
    "Under 40": "Menos de 40",
    "40 to 54": "De 40 a 54",
    "55 to 64": "De 55 a 64",
    "65 or older": "65 o más",
    "Which language do you speak at home?": "¿Qué idioma habla en casa?",
    "English": "Inglés",
    "Spanish": "Español",
    "Haitian Creole": "Criollo haitiano",
    "Another language": "Otro idioma",
    "What is your relationship to the child?": "¿Qué relación tiene con el niño o la niña?",
    "Grandparent": "Abuelo o abuela",
    "Aunt or uncle": "Tío o tía",
    "Older sibling": "Hermano o hermana mayor",
    "Other relative": "Otro familiar",
    "Family friend": "Amigo de la familia",
    "Which part of the county do you live in?": "¿En qué parte del condado vive?",
    "North": "Norte",
    "Central": "Centro",
    "South": "Sur",
    "West": "Oeste",
}

#: The answers kinship_care.py adds to step 3.2.
SPANISH = {
    "languages": [{"code": CODE, "name": "Español", "consent": CONSENT}],
    "translations": [
        {"language": CODE, "original": original, "translation": spanish}
        for original, spanish in TEXTS.items()
    ],
}
#: The fields of the decision-log entry for them.
SPANISH_FIELDS = [("survey", field) for field in SPANISH]
