"""`guidelib new`, `status`, `validate`, `answer`, `export`, `report`, `publish` and
`checklist`: one team's workbook, and the documents made from it."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import GuidelibError
from ..textsafe import for_message
from ._base import (
    command,
    dir_option,
    json_option,
    open_for,
    out_option,
    output_option,
    output_path,
    root_option,
    workbook_args,
)

TEXT_TYPES = ("text", "longtext", "date", "choice")


def _setup_new(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="the team's name, e.g. 'Riverbend kinship care'")
    dir_option(p)


@command("new", _setup_new)
def cmd_new(args: argparse.Namespace) -> int:
    """Create a workbook for a team and print its path."""
    from ..workbook import create_workbook

    print(create_workbook(args.name, args.dir).path)
    return 0


def _setup_status(p: argparse.ArgumentParser) -> None:
    workbook_args(p)
    json_option(p)


@command("status", _setup_status)
def cmd_status(args: argparse.Namespace) -> int:
    """Show how far a team has got, per phase and step."""
    wb = open_for(args)
    progress = wb.progress()
    if args.json:
        doc = {"team": wb.team, "revision": wb.revision, "path": str(wb.path),
               "progress": progress.to_dict()}  # fmt: skip
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    marks = {"complete": "[x]", "in progress": "[~]", "not started": "[ ]"}
    print(f"{for_message(wb.name)} ({wb.slug}), revision {wb.revision}")
    print(f"{progress.complete} of {len(progress.steps)} steps complete\n")
    for phase in progress.phases:
        print(
            f"Phase {phase.number}: {phase.title} ({phase.complete} of {len(phase.steps)} "
            "steps complete)"
        )
        for s in phase.steps:
            print(f"  {marks[s.status]} {s.number} {s.title} ({s.answered}/{s.total})")
    return 0


@command("validate", workbook_args)
def cmd_validate(args: argparse.Namespace) -> int:
    """Check a workbook; exit 0 if it is valid, 1 if not."""
    from ..checks import ERROR, run_checks

    wb = open_for(args)
    findings = run_checks(wb)
    for f in findings:
        print(f"{f.level}: {f.message}" + (f" [{f.rule}]" if f.rule else ""))
    errors = sum(f.level == ERROR for f in findings)
    if errors:
        print(f"{wb.path.name}: {errors} problem{'s' * (errors != 1)} found.")
        return 1
    print(f"{wb.path.name}: valid ({len(findings)} warning{'s' * (len(findings) != 1)}).")
    return 0


def _setup_answer(p: argparse.ArgumentParser) -> None:
    workbook_args(p)
    p.add_argument("step", help="step id, e.g. policy-problem (see `guidelib status`)")
    p.add_argument("field", help="field id, e.g. problem")
    p.add_argument("value", nargs="?", help="new value; omit to print the current one")


@command("answer", _setup_answer)
def cmd_answer(args: argparse.Namespace) -> int:
    """Print one answer, or set it when a value is given (JSON for lists and tables)."""
    wb = open_for(args)
    step, field = wb.spec(args.step, args.field)
    if args.value is None:
        print(json.dumps(wb.get(step.id, field.id), ensure_ascii=False, indent=2))
        return 0
    value: Any = args.value
    if field.type not in TEXT_TYPES:
        # Not JSON: pass the text on; the workbook's own check says what is wrong with it.
        with contextlib.suppress(ValueError):
            value = json.loads(args.value)
    wb.set(step.id, field.id, value)
    if wb.note(step.id, field.id):
        print(f"note: {wb.note(step.id, field.id)}", file=sys.stderr)
    result = wb.save()
    if result.conflicts:
        print(
            "Someone changed this field at the same moment; their value was kept and "
            "yours is in the change log.",
            file=sys.stderr,
        )
        return 1
    print(f"Saved {step.number} {field.label} (revision {result.revision}).")
    return 0


def _setup_export(p: argparse.ArgumentParser) -> None:
    from ..documents import DOCUMENTS, RENDERERS

    workbook_args(p)
    p.add_argument("--doc", required=True, choices=sorted(DOCUMENTS), help="which document")
    p.add_argument("--format", required=True, choices=sorted(RENDERERS), help="file format")
    p.add_argument("--lang", help="the survey in one of its languages, such as es (--doc survey)")
    output_option(p, "file or folder to write (default: ./<workbook>-<doc>.<format>)")


@command("export", _setup_export)
def cmd_export(args: argparse.Namespace) -> int:
    """Write a document (such as the charter) as Markdown, HTML or Word."""
    from ..documents import default_filename, export

    wb = open_for(args)
    name = default_filename(wb, args.doc, args.format, args.lang)
    target = output_path(args, wb, name, (f".{args.format}",))
    result = export(wb, args.doc, args.format, target, args.lang)
    print(f"Wrote {result.path}")
    if result.blanks:
        print(f"Left blank: {', '.join(result.blanks)}.")
    return 0


def _setup_report(p: argparse.ArgumentParser) -> None:
    workbook_args(p)
    p.add_argument("--format", choices=("html", "pdf"), default="html", help="file format "
                   "(default html)")  # fmt: skip
    output_option(p, "file or folder (default: ./<workbook>-report.<format>)")
    root_option(p)


@command("report", _setup_report)
def cmd_report(args: argparse.Namespace) -> int:
    """Write the team's whole guidebook as a report (HTML or PDF) that opens offline."""
    from ..report.export import write_report  # lazy: papermill, nbconvert, plotly

    wb = open_for(args)
    target = output_path(args, wb, f"{wb.slug}-report.{args.format}", (f".{args.format}",))
    write_report(wb, args.format, target, root=args.root)
    print(f"Wrote {target}")
    return 0


def _setup_publish(p: argparse.ArgumentParser) -> None:
    workbook_args(p)
    out_option(p, "the site folder to write into")
    p.add_argument(
        "--all",
        action="store_true",
        help="WORKBOOK is a folder, or a hub's teams.json: publish every team",
    )


@command("publish", _setup_publish)
def cmd_publish(args: argparse.Namespace) -> int:
    """Write the stakeholder dashboard as a static page: SITE/<workbook>/index.html."""
    from ..publish import publish, publish_all
    from ..workbook import workbook_dir

    if args.all:
        print(f"Wrote {publish_all(Path(args.workbook), args.out)}")
        return 0
    wb = open_for(args)
    folders = [f for f in (wb.path.parent if wb.path else None, workbook_dir(args.dir)) if f]
    print(f"Wrote {publish(wb, args.out, folders)}")
    return 0


def _setup_checklist(p: argparse.ArgumentParser) -> None:
    output_option(p, "write the checklist to this file (e.g. ETHICS.md)")


@command("checklist", _setup_checklist)
def cmd_checklist(args: argparse.Namespace) -> int:
    """Print the equity and ethics review as a markdown checklist (or write it to a file)."""
    from ..content import GUIDEBOOK
    from ..documents.review import checklist_markdown
    from ..workbook.store import write_atomic

    if GUIDEBOOK.review is None:
        raise GuidelibError("This guidebook has no equity and ethics review.")
    text = checklist_markdown(GUIDEBOOK.review)
    if not args.output:
        print(text)
        return 0
    path = output_path(args, None, "equity-review-checklist.md", (".md", ".markdown", ".txt"))
    if not path.parent.is_dir():
        raise GuidelibError(f"There is no folder {path.parent} to write the checklist into.")
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise GuidelibError(f"Could not write {path}: {exc.strerror or exc}.") from None
    print(f"Wrote {path}")
    return 0
