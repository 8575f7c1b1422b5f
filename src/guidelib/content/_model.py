"""The guidebook as plain, frozen data: phases -> steps -> fields.

Nothing here reads files or builds widgets; `_loader` fills these classes from YAML and
every other layer reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Field:
    """One question of a worksheet (or one column of a table field)."""

    id: str
    type: str  # a name in `fieldtypes.FIELD_TYPES`
    label: str
    help: str = ""
    placeholder: str = ""
    rule: str = ""  # the regulation or policy this field applies, cited to the user
    optional: bool = False
    options: tuple[Option, ...] = ()
    # "step.field.column" (a table column) or "step.field" (a multichoice field): the
    # choices are the entries there; for a matrix, its columns
    options_from: str = ""
    rows: tuple[Option, ...] = ()  # matrix: one row per option (e.g. each decision)
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
    review: Review | None = None
    _steps: dict[str, Step] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for phase in self.phases:
            for step in phase.steps:
                self._steps[step.id] = step

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps of the three phases, in order (not the review)."""
        return tuple(self._steps.values())

    def step(self, step_id: str) -> Step:
        """A phase step by id, or the review's answer sheet (`REVIEW_STEP`)."""
        if self.review is not None and step_id == REVIEW_STEP:
            return self.review.step
        try:
            return self._steps[step_id]
        except KeyError:
            raise KeyError(f"no step {step_id!r} in the guidebook") from None

    def source(self, ref: str) -> Field:
        """The field or column whose entries `options_from: ref` offers: a text column, a
        column that itself chooses from text ("step.field.column"), or a multichoice field
        ("step.field"). KeyError says what is wrong."""
        parts = ref.split(".")
        if len(parts) not in (2, 3):
            raise KeyError("expected step.field.column or step.field")
        try:
            spec = self.step(parts[0]).field(parts[1])
            spec = spec.column(parts[2]) if len(parts) == 3 else spec
        except KeyError:
            raise KeyError(f"no field or table column {ref!r}") from None
        text_valued = spec.type == "text" or (spec.type == "choice" and bool(spec.options_from))
        if len(parts) == 3 and not text_valued:
            raise KeyError(f"{ref} is a {spec.type} column; options come from text columns")
        if len(parts) == 2 and spec.type != "multichoice":
            raise KeyError(f"{ref} is a {spec.type} field; only multichoice fields list entries")
        return spec

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(f"no phase {phase_id!r} in the guidebook")


#: Answers to the equity and ethics review live under this step id, one field per item.
REVIEW_STEP = "equity-review"
REVIEW_ANSWERS = (
    Option("yes", "Yes"),
    Option("partly", "Partly"),
    Option("no", "No"),
    Option("na", "Not applicable"),
)


@dataclass(frozen=True)
class ReviewItem:
    id: str
    stage: str  # the life-cycle stage id
    summary: str
    question: str
    good: str
    warning_signs: str
    steps: tuple[str, ...]  # the phase steps it is answered beside
    critical: bool = False


@dataclass(frozen=True)
class ReviewStage:
    id: str
    title: str
    items: tuple[ReviewItem, ...]


@dataclass(frozen=True)
class Review:
    """The equity and ethics review: life-cycle stages of items, answered beside the
    worksheets. Its answers are stored like any other, under the step `REVIEW_STEP`."""

    title: str
    intro: str
    stages: tuple[ReviewStage, ...]

    @property
    def items(self) -> tuple[ReviewItem, ...]:
        return tuple(i for s in self.stages for i in s.items)

    def item(self, item_id: str) -> ReviewItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def for_step(self, step_id: str) -> tuple[ReviewItem, ...]:
        return tuple(i for i in self.items if step_id in i.steps)

    @cached_property
    def step(self) -> Step:
        """The answer sheet: one `review` field per item (label = the item's question)."""
        fields = tuple(
            Field(
                id=i.id,
                type="review",
                label=i.question,  # the summary shows beside the buttons (ui/review.py)
                options=REVIEW_ANSWERS,
                optional=True,
            )
            for i in self.items
        )
        return Step(
            id=REVIEW_STEP,
            title=self.title,
            guidance=Guidance(self.intro, "", "", ""),
            fields=fields,
        )
