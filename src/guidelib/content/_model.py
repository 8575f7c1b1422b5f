"""The guidebook as plain, frozen data: phases -> steps -> fields.

Nothing here reads files or builds widgets; `_loader` fills these classes from YAML and
every other layer reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Every field type a worksheet can hold. `table` rows hold typed columns of the others.
FIELD_TYPES = (
    "text",
    "longtext",
    "choice",
    "multichoice",
    "scale",
    "date",
    "number",
    "bool",
    "table",
)
COLUMN_TYPES = tuple(t for t in FIELD_TYPES if t != "table")


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Field:
    """One question of a worksheet (or one column of a table field)."""

    id: str
    type: str
    label: str
    help: str = ""
    placeholder: str = ""
    rule: str = ""  # the regulation or policy this field applies, cited to the user
    optional: bool = False
    options: tuple[Option, ...] = ()
    options_from: str = ""  # "step.field.column": choices are that table column's entries
    allow_other: bool = False  # multichoice: free-text entries beside the options
    labels: tuple[tuple[int, str], ...] = ()  # scale: what 1, 3, 5 look like
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    unit: str = ""
    max_length: int = 0  # 0 = the type's default
    columns: tuple[Field, ...] = ()
    max_rows: int = 200

    def option_label(self, option_id: str) -> str:
        """The label shown for a stored option id (free-text entries show as typed)."""
        for opt in self.options:
            if opt.id == option_id:
                return opt.label
        return option_id

    def column(self, column_id: str) -> Field:
        for col in self.columns:
            if col.id == column_id:
                return col
        raise KeyError(column_id)


@dataclass(frozen=True)
class Guidance:
    what: str
    why: str
    who: str
    tip: str

    def text(self) -> str:
        return "\n\n".join((self.what, self.why, self.who, self.tip))


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    guidance: Guidance
    fields: tuple[Field, ...]
    phase_id: str = ""
    number: str = ""  # "1.2": phase number and position, for people

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.optional)


@dataclass(frozen=True)
class Phase:
    id: str
    number: int
    title: str
    motto: str
    summary: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Guidebook:
    title: str
    phases: tuple[Phase, ...]
    _steps: dict[str, Step] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for phase in self.phases:
            for step in phase.steps:
                self._steps[step.id] = step

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps.values())

    def step(self, step_id: str) -> Step:
        try:
            return self._steps[step_id]
        except KeyError:
            raise KeyError(f"no step {step_id!r} in the guidebook") from None

    def column(self, ref: str) -> Field:
        """The table column named by "step.field.column" (KeyError says what is wrong)."""
        parts = ref.split(".")
        if len(parts) != 3:
            raise KeyError("expected step.field.column")
        step_id, field_id, column_id = parts
        try:
            table = self.step(step_id).field(field_id)
            column = table.column(column_id)
        except KeyError:
            raise KeyError(f"no table column {column_id!r} in {step_id}.{field_id}") from None
        if column.type != "text":
            raise KeyError(f"{ref} is a {column.type} column; options come from text columns")
        return column

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(f"no phase {phase_id!r} in the guidebook")
