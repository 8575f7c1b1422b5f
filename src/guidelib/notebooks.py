"""Write the phase notebooks (notebooks/01-03) from the guidebook's YAML.

    python -m guidelib.notebooks [--check] [--dir notebooks]

Each phase notebook is the guidebook for its phase: a title, the phase's summary and a
list of links to its steps; the `parameters` cell; the opener (the workbook, or a picker);
then, for each step, a markdown cell (heading, what to do, why, who, a tip, the equity
questions) and a code cell with the step's worksheet; and last, "Your own analysis".

The YAML is the single source: change a step's text in `content/phaseN.yaml`, then run
this. `tests/test_notebooks.py` fails when a committed notebook differs from what this
writes. Notebook metadata other than the kernelspec (another tool's marker, say) is kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .content import GUIDEBOOK, Phase, Step
from .errors import GuidelibError

ROOT = Path(__file__).resolve().parents[2]
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
PARAMETERS = (
    '# The workbook to open: a name such as "example-kinship-care", a path to a .json file,\n'
    "# or None to choose one below. papermill and shared links set it.\n"
    "WORKBOOK = None"
)
GUIDANCE = (
    ("What to do", "what"),
    ("Why it matters", "why"),
    ("Who should be in the room", "who"),
    ("A tip from practice", "tip"),
)


def filename(phase: Phase) -> str:
    return f"{phase.number:02d}_{phase.id.replace('-', '_')}.ipynb"


def heading(step: Step) -> str:
    return f"{step.number} {step.title}"


def anchor(text: str) -> str:
    """The id JupyterLab and Voilà (nbconvert) give a markdown heading: spaces become '-'."""
    return text.replace(" ", "-")


def _intro(phase: Phase) -> str:
    links = "\n".join(
        f"{i}. [{heading(s)}](#{anchor(heading(s))})" for i, s in enumerate(phase.steps, 1)
    )
    return (
        f"# Phase {phase.number}: {phase.title}\n\n"
        f"*{phase.motto}.* {phase.summary.strip()}\n\n"
        "Choose your team's workbook below. Then work through the steps in order. Each step "
        "has its guidance, then its worksheet. Answers save themselves as you type. Under "
        "each form you see what the workbook can tell you so far, and the equity and "
        "ethics questions for that step.\n\n"
        f"**The steps of this phase**\n\n{links}\n"
    )


def _guidance(step: Step) -> str:
    parts = [f"## {heading(step)}"]
    parts += [f"**{title}.** {getattr(step.guidance, key).strip()}" for title, key in GUIDANCE]
    review = GUIDEBOOK.review
    items = review.for_step(step.id) if review else ()
    if items:
        questions = "\n".join(f"- {i.question.strip()}" for i in items)
        intro = "**Equity and ethics questions** (answer them under the form):"
        parts.append(f"{intro}\n\n{questions}")
    return "\n\n".join(parts) + "\n"


def _analysis(phase: Phase) -> tuple[str, str]:
    from .analysis import tabular_fields

    fields = tabular_fields(phase.id)
    first = f"{fields[0][0]}.{fields[0][1]}"
    names = "\n".join(
        f'- `"{s}.{f}"`: {GUIDEBOOK.step(s).field(f).label} (step {GUIDEBOOK.step(s).number})'
        for s, f in fields
    )
    text = (
        "## Your own analysis\n\n"
        "The worksheets show what the guidebook asks for. To count or chart anything else, "
        "load your team's answers as pandas DataFrames, one for each table in this phase:"
        f"\n\n{names}\n\n"
        f'The cell below lists them. Then `frames["{first}"]` is that table as a DataFrame, '
        "ready for pandas and plotly. Each column is named by its id; "
        '`.attrs["labels"]` gives the words people see. Before a workbook is chosen the '
        "tables are empty.\n"
    )
    code = (
        "from guidelib import analysis\n\n"
        f'frames = analysis.frames(ui.current_workbook(), "{phase.id}")\n'
        "frames\n"
        f'# then, in a new cell: frames["{first}"]'
    )
    return text, code


def phase_notebook(phase: Phase) -> nbformat.NotebookNode:
    """The notebook for one phase, with stable cell ids (so regeneration changes nothing)."""
    cells = [
        new_markdown_cell(_intro(phase), id="phase-intro"),
        new_code_cell(PARAMETERS, id="parameters", metadata={"tags": ["parameters"]}),
        new_code_cell(
            f'from guidelib import ui\n\nui.phase_notebook(WORKBOOK, "{phase.id}")', id="open"
        ),
    ]
    for step in phase.steps:
        cells.append(new_markdown_cell(_guidance(step), id=f"guide-{step.id}"))
        cells.append(
            new_code_cell(
                f"# Worksheet {step.number}: answers save themselves as you type.\n"
                f'ui.step_worksheet("{step.id}")',
                id=f"sheet-{step.id}",
            )
        )
    text, code = _analysis(phase)
    cells += [new_markdown_cell(text, id="analysis"), new_code_cell(code, id="analysis-frames")]
    nb = new_notebook(cells=cells)
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def expected(folder: Path) -> dict[Path, str]:
    """{path: the text the guidebook makes of it}, keeping each committed notebook's own
    extra metadata (anything but the kernelspec and language_info)."""
    out = {}
    for phase in GUIDEBOOK.phases:
        path = folder / filename(phase)
        nb = phase_notebook(phase)
        if path.is_file():
            old = nbformat.read(path, as_version=4).metadata
            nb.metadata = {**old, **nb.metadata}
        out[path] = render(nb)
    return out


def stale(folder: Path) -> list[Path]:
    """The phase notebooks that differ from what the guidebook makes."""
    return [
        p for p, text in expected(folder).items()
        if not p.is_file() or p.read_text(encoding="utf-8") != text
    ]


def write(folder: Path) -> list[Path]:
    """Write every phase notebook that changed; return them."""
    changed = stale(folder)
    for path, text in expected(folder).items():
        if path in changed:
            path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guidelib.notebooks", description=__doc__)
    parser.add_argument("--dir", type=Path, default=ROOT / "notebooks", help="the notebooks")
    parser.add_argument("--check", action="store_true", help="exit 1 if any is out of date")
    args = parser.parse_args(argv)
    try:
        if not args.dir.is_dir():
            raise GuidelibError(f"No folder {args.dir}: pass --dir with the notebooks folder.")
        changed = stale(args.dir) if args.check else write(args.dir)
    except GuidelibError as exc:
        print(exc, file=sys.stderr)
        return 1
    verb = "out of date" if args.check else "written"
    for path in changed:
        print(f"{verb}: {path}")
    if not changed:
        print("The phase notebooks match the guidebook.")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
