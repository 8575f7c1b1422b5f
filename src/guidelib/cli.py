"""The `guidelib` command. Each subcommand is a function in `COMMANDS`; errors become one
plain line on stderr and exit status 1, never a traceback (set GUIDELIB_DEBUG=1 for one)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__
from .errors import GuidelibError
from .textsafe import for_message
from .workbook import create_workbook, open_workbook

TEXT_TYPES = ("text", "longtext", "date", "choice")


def _open(args: argparse.Namespace) -> Any:
    wb = open_workbook(args.workbook, args.dir)
    for notice in wb.notices:
        print(f"note: {notice}", file=sys.stderr)
    return wb


def _output(args: argparse.Namespace, wb: Any, default: str, suffixes: tuple[str, ...]) -> Path:
    """Where `-o` asks to write, refused in a sentence over a workbook or in its folder."""
    from .workbook import workbook_dir
    from .workbook.outputs import output_target

    folders = [wb.path.parent if wb is not None and wb.path else None]
    folders.append(workbook_dir(getattr(args, "dir", None)))
    return output_target(args.output, default, suffixes, folders)


def cmd_new(args: argparse.Namespace) -> int:
    """Create a workbook for a team and print its path."""
    wb = create_workbook(args.name, args.dir)
    print(wb.path)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Show how far a team has got, per phase and step."""
    wb = _open(args)
    progress = wb.progress()
    if args.json:
        print(
            json.dumps(
                {
                    "team": wb.team,
                    "revision": wb.revision,
                    "path": str(wb.path),
                    "progress": progress.to_dict(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
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


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a workbook; exit 0 if it is valid, 1 if not."""
    from .checks import ERROR, run_checks

    wb = _open(args)
    findings = run_checks(wb)
    for f in findings:
        print(f"{f.level}: {f.message}" + (f" [{f.rule}]" if f.rule else ""))
    errors = sum(f.level == ERROR for f in findings)
    if errors:
        print(f"{wb.path.name}: {errors} problem{'s' * (errors != 1)} found.")
        return 1
    print(f"{wb.path.name}: valid ({len(findings)} warning{'s' * (len(findings) != 1)}).")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    """Print one answer, or set it when a value is given (JSON for lists and tables)."""
    wb = _open(args)
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


def cmd_export(args: argparse.Namespace) -> int:
    """Write a document (such as the charter) as Markdown, HTML or Word."""
    from .documents import default_filename, export

    wb = _open(args)
    lang = getattr(args, "lang", None)
    name = default_filename(wb, args.doc, args.format, lang)
    target = _output(args, wb, name, (f".{args.format}",))
    result = export(wb, args.doc, args.format, target, lang)
    print(f"Wrote {result.path}")
    if result.blanks:
        print(f"Left blank: {', '.join(result.blanks)}.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Launch JupyterLab (with Voilà) on the guidebook."""
    from .launch import run

    return run(root=args.root, port=args.port, ip=args.ip, open_browser=not args.no_browser)


def cmd_serve_public(args: argparse.Namespace) -> int:
    """Serve only the public pages (the survey, and dashboards you name) with Voilà."""
    from .public import serve_public

    return serve_public(root=args.root, port=args.port, ip=args.ip, dashboards=args.dashboard)


def cmd_check_data(args: argparse.Namespace) -> int:
    """Check a data file before it is shared: identifiers and re-identification risk."""
    from .datacheck.commands import check_data  # lazy: DuckDB loads only when a check runs

    return check_data(args)


def cmd_suppress(args: argparse.Namespace) -> int:
    """Hide small counts in a table, and the cells that would let them be worked out."""
    from .datacheck.commands import suppress

    return suppress(args)


def cmd_equity(args: argparse.Namespace) -> int:
    """Compare an outcome's rate across groups, with small counts suppressed."""
    from .datacheck.commands import equity_audit

    return equity_audit(args)


def cmd_survey(args: argparse.Namespace) -> int:
    """Survey results with small groups hidden, or import responses from a CSV file."""
    from .survey.commands import run  # lazy: numpy loads only when results are counted

    return run(args)


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], Callable[[Any], None]]] = {}


def cmd_checklist(args: argparse.Namespace) -> int:
    """Print the equity and ethics review as a markdown checklist (or write it to a file)."""
    from .content import GUIDEBOOK
    from .documents.review import checklist_markdown
    from .workbook.store import write_atomic

    if GUIDEBOOK.review is None:
        raise GuidelibError("This guidebook has no equity and ethics review.")
    text = checklist_markdown(GUIDEBOOK.review)
    if not args.output:
        print(text)
        return 0
    path = _output(args, None, "equity-review-checklist.md", (".md", ".markdown", ".txt"))
    if not path.parent.is_dir():
        raise GuidelibError(f"There is no folder {path.parent} to write the checklist into.")
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise GuidelibError(f"Could not write {path}: {exc.strerror or exc}.") from None
    print(f"Wrote {path}")
    return 0


def cmd_workshop(args: argparse.Namespace) -> int:
    """Prepare a workshop: a workbook and run notebooks per team of a CSV, and index.html."""
    from .binder import BinderRepo
    from .workshop import run_workshop  # lazy: papermill and tqdm load only here

    repo = BinderRepo.parse(args.binder_repo) if args.binder_repo else None
    if args.jobs is not None and args.jobs < 1:
        raise GuidelibError("--jobs must be 1 or more.")
    result = run_workshop(args.teams, args.out, args.root, args.jobs, repo)
    if args.publish:
        from .publish import publish_all

        site = publish_all(Path(result.index).parent / "workbook", Path(args.out) / "site")
        print(f"Wrote {site}: every team's dashboard as a static page.")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in result.problems:
        print(f"guidelib: {problem}", file=sys.stderr)
    for o in result.failed:
        print(f"guidelib: Row {o.row} ({o.name}): {o.reason}", file=sys.stderr)
    counts = {s: sum(o.status == s for o in result.outcomes) for s in ("ready", "already done")}
    print(
        f"Wrote {result.index}: {counts['ready']} ready, {counts['already done']} already done, "
        f"{len(result.failed) + len(result.problems)} failed."
    )
    return 0 if result.ok else 1


def cmd_report(args: argparse.Namespace) -> int:
    """Write the team's whole guidebook as a report (HTML or PDF) that opens offline."""
    from .report.export import write_report  # lazy: papermill, nbconvert, plotly

    wb = _open(args)
    target = _output(args, wb, f"{wb.slug}-report.{args.format}", (f".{args.format}",))
    write_report(wb, args.format, target, root=args.root)
    print(f"Wrote {target}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Write the stakeholder dashboard as a static page: SITE/<workbook>/index.html."""
    from .publish import publish, publish_all
    from .workbook import workbook_dir

    if args.all:
        print(f"Wrote {publish_all(Path(args.workbook), args.out)}")
        return 0
    wb = _open(args)
    folders = [f for f in (wb.path.parent if wb.path else None, workbook_dir(args.dir)) if f]
    print(f"Wrote {publish(wb, args.out, folders)}")
    return 0


def _setup_publish(p: argparse.ArgumentParser) -> None:
    _workbook_args(p)
    p.add_argument("--out", required=True, metavar="SITE", help="the site folder to write into")
    p.add_argument(
        "--all",
        action="store_true",
        help="WORKBOOK is a folder, or a hub's teams.json: publish every team",
    )


def cmd_binder_links(args: argparse.Namespace) -> int:
    """Print README badges that open JupyterLab and each app on mybinder.org."""
    from .binder import BinderRepo, badges, update_readme
    from .launch import find_root

    root = find_root(Path(args.root)) if args.root else find_root()
    block = badges(BinderRepo.parse(args.repo), root, args.workbook or None)
    if args.readme:
        update_readme(Path(args.readme), block)
        print(f"Updated the Binder badges in {args.readme}")
    else:
        print(block, end="")
    return 0


def _setup_checklist(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", help="write the checklist to this file (e.g. ETHICS.md)")


def _command(
    name: str, fn: Callable[[argparse.Namespace], int], setup: Callable[[Any], None]
) -> None:
    COMMANDS[name] = (fn, setup)


def _workbook_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("workbook", help="workbook name (slug) or path to its .json file")
    p.add_argument("--dir", help="workbook folder (default: ./workbook or $GUIDELIB_WORKBOOK_DIR)")


def _setup_new(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="the team's name, e.g. 'Riverbend kinship care'")
    p.add_argument("--dir", help="workbook folder (default: ./workbook or $GUIDELIB_WORKBOOK_DIR)")


def _setup_status(p: argparse.ArgumentParser) -> None:
    _workbook_args(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _setup_answer(p: argparse.ArgumentParser) -> None:
    _workbook_args(p)
    p.add_argument("step", help="step id, e.g. policy-problem (see `guidelib status`)")
    p.add_argument("field", help="field id, e.g. problem")
    p.add_argument("value", nargs="?", help="new value; omit to print the current one")


def _setup_export(p: argparse.ArgumentParser) -> None:
    from .documents import DOCUMENTS, RENDERERS

    _workbook_args(p)
    p.add_argument("--doc", required=True, choices=sorted(DOCUMENTS), help="which document")
    p.add_argument("--format", required=True, choices=sorted(RENDERERS), help="file format")
    p.add_argument("--lang", help="the survey in one of its languages, such as es (--doc survey)")
    p.add_argument(
        "-o", "--output", help="file or folder to write (default: ./<workbook>-<doc>.<format>)"
    )


def _setup_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", help="the guidebook folder (default: found from here)")
    p.add_argument("--port", type=int, default=8888, help="first port to try (default 8888)")
    p.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")


def _setup_serve_public(p: argparse.ArgumentParser) -> None:
    from .public import setup

    setup(p)


def _setup_check_data(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a CSV or Parquet file")
    p.add_argument("--quasi", help="quasi-identifier columns, comma-separated (default: guessed)")
    p.add_argument("--sensitive", help="sensitive columns, comma-separated: check l-diversity")
    p.add_argument("--k", help="the smallest group size to reach (default: the agreement's "
                   "min_cell_size with --workbook, else 5)")  # fmt: skip
    p.add_argument("--l", help="different sensitive values each group must hold (default 2)")
    p.add_argument("--workbook", help="take k from this workbook's agreement")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _setup_suppress(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", help="a CSV or Parquet table of counts, one row per cell")
    p.add_argument("--count", required=True, help="the column holding the counts")
    p.add_argument("--rows", help="the column labelling the rows")
    p.add_argument("--cols", help="the column labelling the columns, for a two-way table")
    p.add_argument("--policy", default="cms", help="cms (1-10 hidden), cdc (0-9) or a number N")
    p.add_argument(
        "--totals", default="grand", choices=("grand", "all", "none"),
        help="totals that must stay published: grand (default), all, or none (no grand total)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON with each hidden cell's range")
    p.add_argument("-o", "--output", required=True, help="the CSV file to write")


def _setup_equity(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a CSV or Parquet file, one row per person")
    p.add_argument("--group", required=True, help="group column(s), comma-separated")
    p.add_argument("--outcome", required=True, help="the yes/no outcome or selection column")
    p.add_argument("--reference", help="the reference group (default: the largest)")
    p.add_argument("--positive", help="the outcome value that counts as yes, if not yes/1/true")
    p.add_argument("--policy", default="cms", help="suppression: cms, cdc or a number N")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _setup_workshop(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "teams", help="CSV, one row per team: team, facilitator, policy problem, members"
    )
    p.add_argument("--out", required=True, help="the folder to prepare (created if needed)")
    p.add_argument(
        "--binder-repo", metavar="OWNER/REPO[@REF]", help="add mybinder.org links to the page"
    )
    p.add_argument("--jobs", type=int, help="teams run at once (default: cores, at most 2)")
    p.add_argument("--root", help="the guidebook folder (default: found from here)")
    p.add_argument(
        "--publish",
        action="store_true",
        help="also write every team's dashboard as a static site in OUT/site",
    )


def _setup_report(p: argparse.ArgumentParser) -> None:
    _workbook_args(p)
    p.add_argument("--format", choices=("html", "pdf"), default="html", help="html or pdf")
    p.add_argument("-o", "--output", help="file or folder (default: ./<workbook>-report.<format>)")
    p.add_argument("--root", help="the guidebook folder (default: found from here)")


def _setup_binder_links(p: argparse.ArgumentParser) -> None:
    p.add_argument("repo", metavar="OWNER/REPO[@REF]", help="the GitHub repository (REF: HEAD)")
    p.add_argument(
        "--workbook",
        default="example-kinship-care",
        help="open the apps on this workbook ('' for none; default: the worked example)",
    )
    p.add_argument("--readme", metavar="PATH", help="replace the badges in this README")
    p.add_argument("--root", help="the guidebook folder (default: found from here)")


def _setup_survey(p: argparse.ArgumentParser) -> None:
    from .survey.commands import setup

    setup(p, _workbook_args)


_command("new", cmd_new, _setup_new)
_command("status", cmd_status, _setup_status)
_command("validate", cmd_validate, _workbook_args)
_command("answer", cmd_answer, _setup_answer)
_command("export", cmd_export, _setup_export)
_command("run", cmd_run, _setup_run)
_command("serve-public", cmd_serve_public, _setup_serve_public)
_command("check-data", cmd_check_data, _setup_check_data)
_command("suppress", cmd_suppress, _setup_suppress)
_command("equity", cmd_equity, _setup_equity)
_command("survey", cmd_survey, _setup_survey)
_command("checklist", cmd_checklist, _setup_checklist)
_command("workshop", cmd_workshop, _setup_workshop)
_command("report", cmd_report, _setup_report)
_command("binder-links", cmd_binder_links, _setup_binder_links)
_command("publish", cmd_publish, _setup_publish)
_command("hub", *__import__("guidelib.hub.command", fromlist=["COMMAND"]).COMMAND)


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, that one command's options alone (the others' set-ups
    import documents, survey and numpy, about half a second before a check can start)."""
    top = argparse.ArgumentParser(
        prog="guidelib", description="The Sharing Data for Social Impact guidebook and workbook."
    )
    top.add_argument("--version", action="version", version=f"guidelib {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (fn, setup) in COMMANDS.items():
        if only in (None, name):
            setup(sub.add_parser(name, help=fn.__doc__, description=fn.__doc__))
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    try:
        return COMMANDS[args.command][0](args)
    except GuidelibError as exc:
        print(f"guidelib: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback for a person
        if os.environ.get("GUIDELIB_DEBUG"):
            raise
        print(
            f"guidelib: unexpected error ({type(exc).__name__}: {exc}). "
            "Set GUIDELIB_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

__all__ = ["COMMANDS", "main", "parser"]
