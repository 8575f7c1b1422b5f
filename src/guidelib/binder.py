"""Addresses that open the guidebook on mybinder.org, through Binder's `urlpath=`: JupyterLab
on a notebook, or a notebook as a Voilà app. Used by `guidelib binder-links` (README
badges) and by the workshop page.

>>> repo = BinderRepo.parse("octo/guide@spring-2027")
>>> repo.url(lab_path("notebooks/00_start_here.ipynb"))
'https://mybinder.org/v2/gh/octo/guide/spring-2027?urlpath=lab%2Ftree%2Fnotebooks%2F00_start_here.ipynb'
>>> voila_path("notebooks/survey.ipynb", "riverbend")
'voila/render/notebooks/survey.ipynb?workbook=riverbend'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from .errors import GuidelibError

BINDER = "https://mybinder.org/v2/gh"
BADGE = "https://mybinder.org/badge_logo.svg"
START = "notebooks/00_start_here.ipynb"
EXAMPLE = "example-kinship-care"
# GitHub's rules: an owner is letters, digits and single hyphens (39 at most); a repository
# name is letters, digits, '.', '_' and '-'.
_OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_REPO = re.compile(rf"^({_OWNER})/([A-Za-z0-9._-]{{1,100}})(?:@(.+))?$")
# What git forbids in a branch or tag name (git check-ref-format), plus spaces.
_BAD_REF = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|^[/.]|[/.]$|\.lock$")


@dataclass(frozen=True)
class BinderRepo:
    """A GitHub repository and the branch, tag or commit Binder builds (HEAD: the
    default branch, whatever it is called)."""

    owner: str
    name: str
    ref: str = "HEAD"

    @classmethod
    def parse(cls, text: str) -> BinderRepo:
        """'OWNER/REPO' or 'OWNER/REPO@REF'."""
        match = _REPO.match(text.strip())
        if not match or match[2] in (".", ".."):
            raise GuidelibError(
                f"{text[:80]!r} is not a GitHub repository: write OWNER/REPO or "
                "OWNER/REPO@BRANCH, for example 'octo/guidebook@main'."
            )
        ref = match[3] if match[3] is not None else "HEAD"
        if not ref or _BAD_REF.search(ref):
            raise GuidelibError(f"{ref[:80]!r} is not a branch, tag or commit name.")
        return cls(match[1], match[2], ref)

    def url(self, urlpath: str) -> str:
        """The Binder address that builds this repository and then opens `urlpath`."""
        ref = quote(self.ref, safe="")  # a branch such as 'team/spring' must keep its '/'
        return f"{BINDER}/{self.owner}/{self.name}/{ref}?urlpath={quote(urlpath, safe='')}"


def lab_path(notebook: str) -> str:
    """The JupyterLab path that opens a notebook (relative to the repository root)."""
    return f"lab/tree/{notebook}"


def voila_path(notebook: str, workbook: str | None = None) -> str:
    """The Voilà path that runs a notebook as an app, on a team's workbook if given."""
    path = f"voila/render/{notebook}"
    return f"{path}?{urlencode({'workbook': workbook})}" if workbook else path


def app_title(path: Path) -> str:
    """A notebook's first markdown heading ('Phase 1: Build the collective'), else its
    file name in words ('Survey')."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        cells = []
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", ""))
            heading = re.search(r"^#+\s+(.+?)\s*#*\s*$", source, re.MULTILINE)
            if heading:
                return heading[1]
    return path.stem.lstrip("0123456789_").replace("_", " ").capitalize()


def takes_workbook(path: Path) -> bool:
    """Whether a notebook's `parameters` cell sets WORKBOOK (the facilitator view takes a
    folder instead, so its link names no workbook)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return False
    return any(
        "parameters" in cell.get("metadata", {}).get("tags", [])
        and re.search(r"^WORKBOOK\s*=", "".join(cell.get("source", "")), re.MULTILINE)
        for cell in cells
    )


def _badge(alt: str, url: str, words: str) -> str:
    alt = re.sub(r"[\[\]\\]", "", alt)  # a bracket would end the image's alt text
    return f"[![{alt}]({BADGE})]({url}) {words}"


def badges(repo: BinderRepo, root: Path, workbook: str | None = EXAMPLE) -> str:
    """README markdown: a badge for JupyterLab on the start-here notebook, then one per
    notebook opened as a Voilà app (on `workbook` when given; Start here also without)."""
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    if not notebooks:
        raise GuidelibError(f"There are no notebooks in {root / 'notebooks'}.")
    lines = [
        f"<!-- made by: guidelib binder-links {repo.owner}/{repo.name}@{repo.ref} -->",
        _badge(
            "Open JupyterLab on Binder", repo.url(lab_path(START)), "JupyterLab, on *Start here*"
        ),
        "",
        "Apps (Voilà, no code showing):",
        "",
    ]
    for path in notebooks:
        notebook, title = f"notebooks/{path.name}", app_title(path)
        named = bool(workbook) and takes_workbook(path)
        if notebook == START or not named:
            lines.append("- " + _badge(f"{title} on Binder", repo.url(voila_path(notebook)), title))
        if named:
            url = repo.url(voila_path(notebook, workbook))
            lines.append("- " + _badge(f"{title} on Binder", url, f"{title}, on `{workbook}`"))
    return "\n".join(lines) + "\n"


README_START = "<!-- binder badges: `guidelib binder-links OWNER/REPO --readme README.md` -->"
README_END = "<!-- /binder badges -->"


def update_readme(path: Path, block: str) -> None:
    """Put `block` between the README's two badge markers (the rest is left as it is)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GuidelibError(f"Could not read {path}: {exc.strerror or exc}.") from None
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise GuidelibError(
            f"{path} has no badge markers; put {README_START} and {README_END} where the badges go."
        )
    head = text[: start + len(README_START)]
    path.write_text(f"{head}\n{block}{text[end:]}", encoding="utf-8")
