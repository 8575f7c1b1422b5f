"""pyproject.toml, environment.yml and binder/environment.yml name the same packages."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOT_PACKAGES = {"python", "pip"}


def name(spec: str) -> str:
    return re.split(r"[<>=!~ \[;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def conda_names(path: Path) -> set[str]:
    deps = yaml.safe_load(path.read_text())["dependencies"]
    return {name(d) for d in deps if isinstance(d, str)} - NOT_PACKAGES


def test_the_three_dependency_lists_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {name(d) for d in project["dependencies"]}
    assert conda_names(ROOT / "environment.yml") == wanted
    assert conda_names(ROOT / "binder" / "environment.yml") == wanted


def test_binder_pins_versions_and_installs_guidelib_without_deps():
    deps = yaml.safe_load((ROOT / "binder" / "environment.yml").read_text())["dependencies"]
    strings = [d for d in deps if isinstance(d, str) and name(d) != "pip"]
    assert all(re.search(r"=\d", d) for d in strings), "every Binder package is pinned"
    assert not [d for d in deps if isinstance(d, dict)], "no pip section: it disables caching"
    post = (ROOT / "binder" / "postBuild").read_text()
    assert post.startswith("#!/bin/bash") and "\nset -e\n" in post
    assert "pip install --no-deps ." in post
    assert (ROOT / "binder" / "postBuild").stat().st_mode & 0o111


def test_ci_calls_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


def test_the_voila_template_is_installed_with_the_package(monkeypatch):
    # voila.json names the "guidelib" template; a wheel (Binder's `pip install .`) must carry
    # every file of it to <prefix>/share/jupyter, and `guidelib run` puts the folder on
    # JUPYTER_PATH for editable installs, ahead of Voilà's own templates.
    from voila.paths import collect_template_paths

    from guidelib.launch import jupyter_env

    conf = json.loads((ROOT / "voila.json").read_text())
    assert conf["VoilaConfiguration"]["template"] == "guidelib"
    folder = "share/jupyter/voila/templates/guidelib"
    files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(files["data-files"][folder])
    assert listed == {str(p.relative_to(ROOT)) for p in (ROOT / folder).iterdir()}
    monkeypatch.setenv("JUPYTER_PATH", jupyter_env({})["JUPYTER_PATH"])
    assert collect_template_paths(["voila", "nbconvert"], "guidelib")[0] == str(ROOT / folder)
