"""The teams of a workshop, read from a spreadsheet saved as CSV: one row per team.

Columns (the header row; case, spaces, hyphens and a byte-order mark do not matter):

- `team` (or `name`, `team name`): the team's name. Required.
- `facilitator`: who runs the team's table. Kept in the workbook's team details.
- `policy problem` (or `problem`): one sentence, put into step 1.1 as the problem.
- `members` (or `team members`): names separated by ';' or line breaks, put into the
  stakeholder register (step 1.2) as names, for the team to complete.

Other columns are ignored and named in a note. Rows are numbered as a spreadsheet shows
them: the header is row 1, so the first team is row 2. Cells are separated by commas, or
by semicolons or tabs when the header row uses those (spreadsheets set to some languages
save CSV that way).

Everything in a cell is kept as text: a formula such as `=HYPERLINK(...)` is a name like
any other, control characters are dropped, and every page escapes what it shows. A row
that cannot be used is reported by its number; the other rows still become teams.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import GuidelibError
from ..workbook import Workbook, slugify
from ..workbook.model import new_document
from ..workbook.paths import clean_name

#: Header (normalised: lowercase, '_' between words) -> the `Team` attribute it fills.
COLUMNS = {
    "team": "name",
    "name": "name",
    "team_name": "name",
    "facilitator": "facilitator",
    "policy_problem": "problem",
    "problem": "problem",
    "members": "members",
    "team_members": "members",
}
_MEMBER_SPLIT = re.compile(r"[;\n]")
MAX_BYTES = 20_000_000  # a class list, not a data set: anything bigger is the wrong file
DELIMITERS = ",;\t"
#: Signatures of files people save by mistake instead of CSV.
NOT_CSV = {
    b"PK\x03\x04": "an Excel or OpenDocument workbook (a zip file)",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook",
    b"%PDF": "a PDF",
}


@dataclass(frozen=True)
class Team:
    row: int
    name: str
    slug: str
    facilitator: str = ""
    problem: str = ""
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowProblem:
    """A row that could not become a team, and why, in plain words."""

    row: int
    team: str
    reason: str

    def __str__(self) -> str:
        team = self.team if len(self.team) <= 60 else self.team[:59] + "…"
        who = f" ({team})" if team else ""
        return f"Row {self.row}{who}: {self.reason}"


def header_key(text: str) -> str:
    """'\\ufeffPolicy Problem ' -> 'policy_problem'."""
    return re.sub(r"[\s_-]+", "_", text.replace("\ufeff", "").strip().lower())


def prefill(wb: Workbook, team: Team) -> Workbook:
    """Put the row's policy problem and member names into the workbook (not saved).
    Raises `AnswerError` naming the field when a value does not fit."""
    if team.problem:
        wb.set("policy-problem", "problem", team.problem)
    if team.members:
        wb.set("stakeholders", "register", [{"name": m} for m in team.members])
    return wb


def team_details(team: Team) -> dict[str, str]:
    """What goes into the workbook's `team` section besides the name."""
    return {"facilitator": team.facilitator} if team.facilitator else {}


def _text(value: str, lines: bool = False) -> str:
    """A cell without control characters; line breaks kept only when `lines`."""
    keep = "\n" if lines else ""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    value = "".join(c for c in value if c in keep or unicodedata.category(c)[0] != "C")
    return value.strip() if lines else " ".join(value.split())


def _team(row: int, cells: dict[str, str]) -> Team:
    """One row as a team; GuidelibError says what is wrong with it."""
    name = cells.get("name", "")
    if not name.strip():
        raise GuidelibError("The team has no name.")
    if "\n" in name.strip():
        raise GuidelibError(
            "The team's name runs over more than one line; a stray quote mark (\") in the "
            "file may have joined rows."
        )
    name = clean_name(name)
    members = tuple(_text(m) for m in _MEMBER_SPLIT.split(cells.get("members", "")) if _text(m))
    team = Team(
        row,
        name,
        slugify(name),
        _text(cells.get("facilitator", "")),
        _text(cells.get("problem", ""), lines=True),
        members,
    )
    prefill(Workbook(new_document(team.name, team.slug, **team_details(team))), team)
    return team


def _decode(path: Path) -> str:
    """The file's text; GuidelibError in one sentence when it is not a CSV file's."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise GuidelibError(
                f"{path.name} is {path.stat().st_size:,} bytes: too big for a list of teams "
                f"(the limit is {MAX_BYTES:,})."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise GuidelibError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise GuidelibError(f"{path} is a folder, not a CSV file.") from None
    except OSError as exc:
        raise GuidelibError(f"Could not read {path}: {exc.strerror or exc}.") from None
    for magic, what in NOT_CSV.items():
        if data.startswith(magic):
            raise GuidelibError(
                f"{path.name} is {what}, not a CSV file: save it from the spreadsheet as "
                "'CSV UTF-8'."
            )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GuidelibError(
            f"{path.name} is not UTF-8 text (line {line} is not): save it from the "
            "spreadsheet as 'CSV UTF-8'."
        ) from None


def _read_rows(path: Path) -> list[list[str]]:
    text = _decode(path)
    header = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count) if header.strip() else ","
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(max(limit, len(text) + 1))  # huge cells: a row problem, below
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise GuidelibError(f"{path.name} is not a readable CSV file ({exc}).") from None
    finally:
        csv.field_size_limit(limit)


def _columns(header: list[str], path: Path) -> tuple[list[str | None], list[str]]:
    keys = [COLUMNS.get(header_key(h)) for h in header]
    if "name" not in keys:
        raise GuidelibError(
            f"{path.name} has no 'team' column. The first row must name the columns, "
            "separated by commas: team, facilitator, policy problem, members."
        )
    ignored = [h.strip() for h, k in zip(header, keys, strict=True) if k is None and h.strip()]
    return keys, ignored


def read_teams(path: str | Path) -> tuple[list[Team], list[RowProblem], list[str]]:
    """The teams, the rows that cannot be used, and notes (such as ignored columns)."""
    path = Path(path)
    rows = _read_rows(path)
    if not any(any(c.strip() for c in cells) for cells in rows):
        raise GuidelibError(f"{path.name} is empty: it needs a header row and one row per team.")
    keys, ignored = _columns(rows[0], path)
    notes = [f"Columns not used: {', '.join(ignored)}."] if ignored else []
    teams: list[Team] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank rows at the end of a sheet
        values = {k: c for k, c in zip(keys, cells, strict=False) if k and c.strip()}
        try:
            if any(c.strip() for c in cells[len(keys) :]):
                raise GuidelibError("It has more cells than the header has columns.")
            team = _team(number, values)
            if team.slug in seen:
                raise GuidelibError(
                    f"Row {seen[team.slug]} already has a team with this name "
                    f"(workbook '{team.slug}')."
                )
        except GuidelibError as exc:
            problems.append(RowProblem(number, " ".join(values.get("name", "").split()), str(exc)))
            continue
        seen[team.slug] = number
        teams.append(team)
    if not teams and not problems:
        raise GuidelibError(f"{path.name} has a header row but no teams below it.")
    return teams, problems, notes
