"""The parser every guidelib command line uses (`guidelib`, `python -m guidelib.examples`).

Bad input is one plain sentence and exit status 1: argparse's own errors (a missing or
unknown option, a wrong choice) become a `UsageError` instead of a usage dump and exit 2,
and the type functions here turn option text into ints and checked values with a sentence
that names the option. `run` is the one place that turns errors into that sentence.
This module sits in the lowest layer: it knows nothing of workbooks or data.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

from .errors import GuidelibError
from .textsafe import for_message

T = TypeVar("T")


class UsageError(GuidelibError):
    """The command line itself is wrong. Not a ValueError on purpose: argparse lets it
    out of a type function unchanged, so its sentence reaches the person as written."""


#: argparse's messages in plainer words (any other is shown as argparse words it).
PLAIN = tuple(
    (re.compile(pattern, re.DOTALL), words)
    for pattern, words in (
        (r"the following arguments are required: (.*)", "`{prog}` needs {0}"),
        (r"unrecognized arguments: (.*)", "This command does not take {0}"),
        (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
         "{0} cannot be {1}: choose from {2}"),
        (r"argument (\S+): expected (one argument|\d+ arguments)", "{0} needs a value"),
        (r"argument (\S+): (.*)", "{0}: {1}"),
    )
)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are `UsageError`s, with two additions for renamed
    options: `require` (argparse's `required=True` counts one spelling only, so a hidden
    old spelling would be refused) and `old_positional` (an old positional argument that
    now has an option's name)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._required: list[tuple[str, str]] = []
        self._positional_aliases: list[tuple[str, str, str]] = []

    def error(self, message: str) -> NoReturn:
        text = for_message(message, limit=300).rstrip(".")
        for pattern, words in PLAIN:
            if found := pattern.fullmatch(text):
                text = words.format(*found.groups(), prog=self.prog)
                break
        else:
            text = text[:1].upper() + text[1:]
        raise UsageError(f"{text} (see `{self.prog} --help`).")

    def require(self, dest: str, flag: str) -> None:
        """Refuse a command line that gives `dest` under none of its spellings."""
        self._required.append((dest, flag))

    def old_positional(self, name: str, dest: str, flag: str) -> None:
        """Accept `name` as a hidden positional argument meaning the option `flag`."""
        self.add_argument(name, nargs="?", help=argparse.SUPPRESS)
        self._positional_aliases.append((name, dest, flag))

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        ns, rest = super().parse_known_args(args, namespace)
        for name, dest, flag in self._positional_aliases:
            old = vars(ns).pop(name, None)
            given = getattr(ns, dest, None)
            if old is not None and given not in (None, old, self.get_default(dest)):
                self.error(f"give {flag} once, not also as {old!r}")
            if old is not None:
                setattr(ns, dest, old)
        for dest, flag in self._required:
            if getattr(ns, dest, None) is None:
                self.error(f"the following arguments are required: {flag}")
        return ns, rest


def old_spelling(p: argparse.ArgumentParser, *flags: str, dest: str, **kwargs: Any) -> None:
    """A renamed option's old spelling: it still works, and `--help` no longer shows it."""
    p.add_argument(*flags, dest=dest, help=argparse.SUPPRESS, **kwargs)


def whole(flag: str, low: int = 0, high: int | None = None) -> Callable[[str], int]:
    """A type function: a whole number from `low` (to `high`), or a sentence naming `flag`."""
    span = f"of {low} or more" if high is None else f"from {low} to {high}"

    def convert(text: str) -> int:
        digits = text.strip()
        if digits.isascii() and digits.isdigit():
            number = int(digits)
            if number >= low and (high is None or number <= high):
                return number
        raise UsageError(f'{flag} must be a whole number {span}, not "{for_message(text, 40)}".')

    convert.__name__ = "whole number"
    return convert


def checked(check: Callable[[str], T]) -> Callable[[str], T]:
    """A type function from a domain check that raises a `GuidelibError` with its own
    sentence (`datacheck.check_k`, `suppress.policy`): the sentence reaches the person."""

    def convert(text: str) -> T:
        try:
            return check(text)
        except GuidelibError as exc:
            raise UsageError(for_message(str(exc), limit=500)) from None

    convert.__name__ = getattr(check, "__name__", "value")
    return convert


def names(text: str) -> list[str]:
    """A type function for comma-separated names: 'a, b' -> ['a', 'b']."""
    return [part.strip() for part in text.split(",") if part.strip()]


def run(call: Callable[[], int], prog: str = "guidelib") -> int:
    """Run a command: a `GuidelibError` is one line on stderr and exit 1; anything else is
    a bug, one line and exit 2 (GUIDELIB_DEBUG=1 shows the traceback)."""
    try:
        return call()
    except GuidelibError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback for a person
        if os.environ.get("GUIDELIB_DEBUG"):
            raise
        print(
            f"{prog}: unexpected error ({type(exc).__name__}: {exc}). "
            "Set GUIDELIB_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return 2


__all__ = ["Parser", "UsageError", "checked", "names", "old_spelling", "run", "whole"]
