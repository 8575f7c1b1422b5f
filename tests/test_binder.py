"""mybinder.org addresses: JupyterLab and the Voilà apps through `urlpath=`, README badges,
and repository names that are refused with a sentence."""

from __future__ import annotations

import doctest
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from guidelib import binder
from guidelib.binder import BinderRepo, badges, lab_path, voila_path
from guidelib.cli import main
from guidelib.errors import GuidelibError

from .conftest import ROOT

BADGE = re.compile(r"\[!\[([^\]]*)\]\((?P<img>[^)]+)\)\]\((?P<url>[^)\s]+)\)")


def urlpath(url: str) -> str:
    """What Binder opens once the repository is built."""
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "mybinder.org")
    (value,) = parse_qs(parts.query, strict_parsing=True)["urlpath"]
    return value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("octo/guide", ("octo", "guide", "HEAD")),
        (" octo/guide@main ", ("octo", "guide", "main")),
        ("Octo-1/my.repo_x@v1.0", ("Octo-1", "my.repo_x", "v1.0")),
        ("octo/guide@team/spring-2027", ("octo", "guide", "team/spring-2027")),
        ("octo/guide@0123abcd", ("octo", "guide", "0123abcd")),
    ],
)
def test_parse_accepts_github_names(text, expected):
    repo = BinderRepo.parse(text)
    assert (repo.owner, repo.name, repo.ref) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "octo",
        "octo/",
        "/guide",
        "-octo/guide",
        "octo-/guide",
        "oc--to/guide",
        "octo/guide/extra",
        "octo/gu ide",
        "octo/..",
        "https://github.com/octo/guide",
        "octo/guide@",
        "octo/guide@a..b",
        "octo/guide@has space",
        "octo/guide@branch.lock",
        "octo/guide@-x?y",
        "octo/guide@/lead",
        "a" * 40 + "/guide",
        "octo/<script>",
    ],
)
def test_parse_refuses_anything_else_with_a_sentence(text):
    with pytest.raises(GuidelibError) as err:
        BinderRepo.parse(text)
    message = str(err.value)
    assert message.endswith(".") and "\n" not in message and len(message) < 300
    assert "OWNER/REPO" in message or "branch, tag or commit" in message


def test_lab_and_voila_addresses_go_through_urlpath():
    repo = BinderRepo.parse("octo/guide@team/spring")
    lab = repo.url(lab_path("notebooks/00_start_here.ipynb"))
    assert lab.startswith("https://mybinder.org/v2/gh/octo/guide/team%2Fspring?urlpath=")
    assert urlpath(lab) == "lab/tree/notebooks/00_start_here.ipynb"
    app = repo.url(voila_path("notebooks/survey.ipynb", "riverbend & co"))
    # The app's own query string is inside urlpath, not a second parameter for Binder.
    assert set(parse_qs(urlsplit(app).query)) == {"urlpath"}
    assert urlpath(app) == "voila/render/notebooks/survey.ipynb?workbook=riverbend+%26+co"
    assert parse_qs(urlsplit(urlpath(app)).query) == {"workbook": ["riverbend & co"]}
    assert voila_path("notebooks/survey.ipynb") == "voila/render/notebooks/survey.ipynb"
    assert BinderRepo.parse("octo/guide").url("lab").startswith(f"{binder.BINDER}/octo/guide/HEAD?")


def test_badges_cover_start_here_and_every_app():
    repo = BinderRepo.parse("octo/guide@main")
    text = badges(repo, ROOT)
    found = [(m[1], m["img"], urlpath(m["url"])) for m in BADGE.finditer(text)]
    assert all(img == binder.BADGE for _, img, _ in found)
    paths = [p for _, _, p in found]
    assert paths[0] == "lab/tree/notebooks/00_start_here.ipynb"
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        if notebook.name == "facilitator.ipynb":  # takes a folder, not a workbook
            assert "voila/render/notebooks/facilitator.ipynb" in paths
            assert not any(p.startswith("voila/render/notebooks/facilitator.ipynb?") for p in paths)
            continue
        assert f"voila/render/notebooks/{notebook.name}?workbook=example-kinship-care" in paths
    assert "voila/render/notebooks/00_start_here.ipynb" in paths  # the picker, no workbook
    assert "Phase 1: Build the collective" in text  # titles from the notebooks' headings
    assert text.count("\n- [![") == len(paths) - 1


def test_badges_without_a_workbook_and_without_notebooks(tmp_path):
    repo = BinderRepo.parse("octo/guide")
    paths = [urlpath(m["url"]) for m in BADGE.finditer(badges(repo, ROOT, None))]
    assert not any("workbook=" in p for p in paths)
    with pytest.raises(GuidelibError, match="There are no notebooks"):
        badges(repo, tmp_path)


def test_the_module_examples_hold():
    assert doctest.testmod(binder).failed == 0


def test_binder_links_command(capsys):
    assert main(["binder-links", "octo/guide@v2", "--root", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("<!-- made by: guidelib binder-links octo/guide@v2 -->")
    urls = [m["url"] for m in BADGE.finditer(out)]
    assert len(urls) > 5 and all(
        u.startswith(f"{binder.BINDER}/octo/guide/v2?urlpath=") for u in urls
    )
    assert main(["binder-links", "octo/guide", "--workbook", "", "--root", str(ROOT)]) == 0
    assert "workbook%3D" not in capsys.readouterr().out


@pytest.mark.parametrize("repo", ["not a repo", "octo/guide@a..b"])
def test_binder_links_refuses_a_bad_repository(capsys, repo):
    assert main(["binder-links", repo, "--root", str(ROOT)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("guidelib: ") and "Traceback" not in err
    assert err.count("\n") == 1


def test_readme_badges_match_the_notebooks_and_can_be_rewritten(tmp_path, capsys):
    # The README's badges are what `binder-links OWNER/REPO` makes from the notebooks now:
    # a notebook added or renamed without its badge fails here.
    readme = (ROOT / "README.md").read_text()
    start, end = readme.index(binder.README_START), readme.index(binder.README_END)
    shown = readme[start + len(binder.README_START) : end].lstrip("\n")
    assert shown == badges(BinderRepo.parse("OWNER/REPO"), ROOT)
    copy = tmp_path / "README.md"
    copy.write_text(readme)
    assert main(["binder-links", "octo/guide@v1", "--readme", str(copy), "--root", str(ROOT)]) == 0
    rewritten = copy.read_text()
    assert "mybinder.org/v2/gh/octo/guide/v1?urlpath=" in rewritten and "OWNER/REPO" in shown
    assert (
        rewritten.replace("octo/guide@v1", "OWNER/REPO@HEAD").replace(
            "octo/guide/v1", "OWNER/REPO/HEAD"
        )
        == readme
    )
    copy.write_text("# no markers\n")
    assert main(["binder-links", "octo/guide", "--readme", str(copy), "--root", str(ROOT)]) == 1
    assert "has no badge markers" in capsys.readouterr().err
