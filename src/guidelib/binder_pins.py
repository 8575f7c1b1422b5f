"""binder/requirements.txt: every runtime package at the version the tests ran with.

    python -m guidelib.binder_pins [-o binder/requirements.txt]      (`make binder-pins`)

It walks pyproject's runtime dependencies (not the `test` extra) through the installed
packages' own requirements, for this Python and platform, and pins each one `==` its
installed version. Binder (repo2docker) reads binder/requirements.txt, because there is no
binder/environment.yml, and binder/runtime.txt for the Python version; postBuild then
installs guidelib itself with `--no-deps`. Run it in the environment `make test` made.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from .cmdline import Parser, old_spelling, run

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "# Made by `make binder-pins` (python -m guidelib.binder_pins) from the environment the\n"
    "# tests ran in: every runtime package of pyproject.toml and what they need, pinned.\n"
    "# Binder reads this file (there is no binder/environment.yml). Do not edit by hand.\n"
)


def canonical(name: str) -> str:
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))


def runtime_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]


def closure(requirements: list[str]) -> dict[str, str]:
    """{canonical name: installed version} of `requirements` and everything they need here.
    A package that is needed but not installed is an error: the pins would be incomplete."""
    from packaging.requirements import Requirement

    found: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(Requirement(r), frozenset()) for r in requirements]
    while todo:
        req, parent_extras = todo.pop()
        # a requirement of an extra counts only when the parent was asked for with it
        if req.marker is not None and not any(
            req.marker.evaluate({"extra": e}) for e in (parent_extras or {""})
        ):
            continue
        key = (canonical(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            message = f"{req.name} is needed but not installed; run `make install`."
            raise SystemExit(message) from None
        found[key[0]] = dist.version
        todo += [(Requirement(sub), key[1]) for sub in dist.requires or []]
    return dict(sorted(found.items()))


def pins_text(pins: dict[str, str]) -> str:
    return HEADER + "".join(f"{name}=={version}\n" for name, version in pins.items())


def runtime_text() -> str:
    return f"python-{sys.version_info.major}.{sys.version_info.minor}\n"


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m guidelib.binder_pins", description=__doc__,
                    formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        default=ROOT / "binder" / "requirements.txt",
                        help="the file to write (runtime.txt goes beside it)")  # fmt: skip
    old_spelling(parser, "--out", dest="output", type=Path)  # the long name until #16
    return run(lambda: _write(parser.parse_args(argv).output), prog="guidelib.binder_pins")


def _write(target: Path) -> int:
    pins = closure(runtime_requirements())
    target.write_text(pins_text(pins), encoding="utf-8")
    target.with_name("runtime.txt").write_text(runtime_text(), encoding="utf-8")
    print(f"{len(pins)} packages pinned in {target}; {runtime_text().strip()} in runtime.txt")
    return 0

if __name__ == "__main__":
    sys.exit(main())
