"""Responses from a CSV file exported by another survey tool (or typed in from paper).

Each column is matched to a question by its heading (case, spacing and quote marks
ignored), or by an explicit `mapping` {column: question text or number}. The report
lists the columns that match nothing (they are not imported) and the questions no column
answers. Each row is checked like a form submission; a bad row is reported by its row
number, as a spreadsheet shows it (the header is row 1), and not imported. Good rows get
a stable id made from the file name, the row number and the row's content, so importing
the same file twice stores each row once.

Every heading, cell, mapping and file name a message echoes goes through
`textsafe.for_message`: a CSV is text from elsewhere, and an escape sequence in a heading
must not reach the terminal (or the page) that shows the report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..textsafe import for_message
from .form import AGREEMENT, SurveyDefinition, SurveyError, check_answers, clean_text
from .languages import LANGUAGE_COLUMN, match_language
from .store import submit_many

if TYPE_CHECKING:
    from ..workbook import Workbook

MAX_BYTES = 20 * 2**20
DELIMITERS = (",", ";", "\t")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_AGREE_NUMBER = re.compile(r"^([1-5])(?:$|[\s.:)\-–])")
_SEPARATORS = ";,|\n"


@dataclass
class ImportReport:
    """What an import found and did, for a person to read (`lines()`)."""

    file_name: str
    mapping: dict[str, str] = field(default_factory=dict)  # column -> question
    unmatched_columns: list[str] = field(default_factory=list)
    unanswered_questions: list[str] = field(default_factory=list)
    rows: int = 0
    imported: int = 0
    already: int = 0  # rows stored by an earlier import of the same file
    empty: int = 0
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    good: list[tuple[str, dict[str, Any], str | None]] = field(default_factory=list, repr=False)

    def lines(self, limit: int = 50) -> list[str]:
        name = for_message(self.file_name)
        out = [
            f"{name}: {self.rows} row{'s' * (self.rows != 1)}; "
            f"{self.imported} imported, {self.already} already imported before, "
            f"{len(self.bad_rows)} with problems, {self.empty} empty."
        ]
        if self.unmatched_columns:
            out.append(
                "Columns that match no question (not imported): "
                + ", ".join(for_message(c, 60) for c in self.unmatched_columns)
                + "."
            )
        if self.unanswered_questions:
            questions = "; ".join(for_message(q) for q in self.unanswered_questions)
            out.append(f"Questions no column answers: {questions}.")
        out += [f"Row {n}: {for_message(reason, 400)}" for n, reason in self.bad_rows[:limit]]
        if len(self.bad_rows) > limit:
            out.append(f"… and {len(self.bad_rows) - limit} more rows with problems.")
        return out


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).casefold()
    return " ".join(text.split()).strip(" \"'").rstrip(" .?:*").strip()


def decode(data: bytes, name: str) -> str:
    """The file's text, or a plain sentence when it is not UTF-8 (or is too large)."""
    name = for_message(name)
    if len(data) > MAX_BYTES:
        raise SurveyError(f"{name} is {len(data) / 2**20:.0f} MB; import files under 20 MB.")
    advice = (
        f"{name} is not saved as UTF-8 text, so its letters cannot be read safely. In the "
        'survey tool or spreadsheet, save it as "CSV UTF-8" and import it again.'
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise SurveyError(advice)  # UTF-16 ("Unicode text"): valid bytes, wrong letters
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SurveyError(advice) from None


def read_csv(text: str, name: str, definition: SurveyDefinition) -> list[list[str]]:
    """The records, header first. The delimiter is the one whose header matches most
    questions (a comma unless another clearly fits better)."""
    name = for_message(name)
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise SurveyError(f"{name} is empty: it needs a header row naming the questions.")
    questions = {_norm(q.text) for q in definition.all}

    def score(delim: str) -> int:
        header = next(csv.reader([first], delimiter=delim), [])
        return sum(_norm(h) in questions for h in header)

    delimiter = max(DELIMITERS, key=score)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SurveyError(f"{name} could not be read as a CSV file ({for_message(exc)}).") from None


def match_columns(
    definition: SurveyDefinition,
    header: list[str],
    mapping: Mapping[str, str] | None = None,
) -> tuple[dict[int, str], list[str]]:
    """{column index: question text} and the problems that make the mapping wrong."""
    by_text = {_norm(q.text): q.text for q in definition.all}
    by_number = {str(n): q.text for n, q in enumerate(definition.all, 1)}
    given = {_norm(k): (k, v) for k, v in (mapping or {}).items()}
    matched: dict[int, str] = {}
    problems: list[str] = []
    for index, heading in enumerate(header):
        _, target = given.pop(_norm(heading), (None, None))
        if _norm(target or heading) == LANGUAGE_COLUMN and LANGUAGE_COLUMN not in by_text:
            matched[index] = LANGUAGE_COLUMN  # the form's language, not a question
            continue
        if target is not None:
            question = by_number.get(str(target).strip()) or by_text.get(_norm(target))
            if question is None:
                problems.append(f'"{for_message(target, 80)}" is not a question of this survey.')
                continue
        else:
            question = by_text.get(_norm(heading))
        if question is not None:
            if question in matched.values():
                problems.append(
                    f'Two columns answer the same question: "{for_message(question)}".'
                )
            matched[index] = question
    problems += [
        f'There is no column "{for_message(column, 80)}" in the file.'
        for column, _ in given.values()
    ]
    if not matched and not problems:
        shown = ", ".join(for_message(h, 60) for h in header[:8] if h.strip())
        problems.append(
            f"No column matches a question of this survey (columns: {shown}). Name each "
            "column after its question, as the form asks it, or give a mapping."
        )
    return matched, problems


def _agreement(value: str) -> int:
    found = _AGREE_NUMBER.match(value)
    if found:
        return int(found.group(1))
    labels = {_norm(label): n for n, label in enumerate(AGREEMENT, 1)}
    if _norm(value) in labels:
        return labels[_norm(value)]
    shown = for_message(value, 60)
    raise SurveyError(f'"{shown}" is not a number from 1 to 5 or an agreement label.')


def _choice(options: tuple[str, ...], value: str) -> str:
    wanted = {_norm(o): o for o in options}
    return wanted.get(_norm(value), value)  # unknown text fails in check_answers


def _choices(options: tuple[str, ...], value: str) -> list[str]:
    """'School supplies, Support group' -> both options, even when an option itself
    holds a comma: the longest option that starts the text is taken first."""
    rest, chosen = _norm(value).lstrip(_SEPARATORS + " "), []
    ordered = sorted(options, key=len, reverse=True)
    while rest:
        found = next((o for o in ordered if _fits(rest, _norm(o))), None)
        if found is None:
            raise SurveyError(f'"{for_message(rest, 60)}" is not one of the choices.')
        chosen.append(found)
        rest = rest[len(_norm(found)) :].lstrip(_SEPARATORS + " ")
    return chosen


def _fits(text: str, option: str) -> bool:
    return text.startswith(option) and (
        len(text) == len(option) or text[len(option)] in _SEPARATORS + " "
    )


PARSERS = {
    "agreement": lambda q, v: _agreement(v),
    "single": lambda q, v: _choice(q.options, v),
    "multiple": lambda q, v: _choices(q.options, v),
    "open": lambda q, v: clean_text(v),
}


def _parse_row(definition: SurveyDefinition, columns: dict[int, str], record: list[str]) -> dict:
    answers: dict[str, Any] = {}
    for index, text in columns.items():
        value = record[index].strip() if index < len(record) else ""
        if value and text == LANGUAGE_COLUMN:
            match_language(definition, value)  # checked here, read by _language
        elif value:
            question = definition.question(text)
            try:
                answers[text] = PARSERS[question.kind](question, value)
            except SurveyError as exc:
                why, where = for_message(str(exc)[:-1], 300), for_message(text, 60)
                raise SurveyError(f'{why} (question "{where}").') from None
    return check_answers(definition, answers)


def stable_id(name: str, number: int, record: list[str]) -> str:
    content = "\x1f".join(record)
    digest = hashlib.sha256(f"{name}\x1e{number}\x1e{content}".encode()).hexdigest()
    return "import-" + digest[:40]


def check_csv(
    definition: SurveyDefinition,
    data: bytes,
    file_name: str,
    mapping: Mapping[str, str] | None = None,
) -> ImportReport:
    """Read and check a CSV without storing anything; a wrong mapping raises."""
    name = Path(file_name).name or "the file"
    records = read_csv(decode(data, name), name, definition)
    header = records[0]
    columns, problems = match_columns(definition, header, mapping)
    if problems:
        raise SurveyError(f"{for_message(name)} was not imported: " + " ".join(problems))
    report = ImportReport(name, {header[i]: q for i, q in columns.items()})
    report.unmatched_columns = [
        h or f"(column {i + 1})" for i, h in enumerate(header) if i not in columns
    ]
    used = set(columns.values())
    report.unanswered_questions = [q.text for q in definition.all if q.text not in used]
    for number, record in enumerate(records[1:], start=2):
        _check_row(report, definition, columns, len(header), number, record)
    return report


def _check_row(
    report: ImportReport,
    definition: SurveyDefinition,
    columns: dict[int, str],
    width: int,
    number: int,
    record: list[str],
) -> None:
    """Add one row to the report: good (with its stable id), bad (with why) or empty."""
    report.rows += 1
    if len(record) > width and any(c.strip() for c in record[width:]):
        report.bad_rows.append((number, f"it has {len(record)} cells but the header has {width}."))
        return
    try:
        answers = _parse_row(definition, columns, record)
    except SurveyError as exc:
        report.bad_rows.append((number, str(exc)))
        return
    if not answers:
        report.empty += 1
    else:
        rid = stable_id(report.file_name, number, record)
        report.good.append((rid, answers, _language(definition, columns, record)))


def _language(definition: SurveyDefinition, columns: dict, record: list[str]) -> str | None:
    """The row's language code from the language column, or None without one."""
    index = next((i for i, text in columns.items() if text == LANGUAGE_COLUMN), None)
    value = record[index].strip() if index is not None and index < len(record) else ""
    return match_language(definition, value) if value else None


def import_csv(
    workbook: Workbook | os.PathLike[str] | str,
    definition: SurveyDefinition,
    data: bytes,
    file_name: str,
    mapping: Mapping[str, str] | None = None,
) -> ImportReport:
    """Check the CSV and store its good rows (all in one transaction)."""
    report = check_csv(definition, data, file_name, mapping)
    rows = [(rid, answers, None, lang) for rid, answers, lang in report.good]
    added = submit_many(workbook, rows)
    report.imported, report.already = added, len(report.good) - added
    return report
