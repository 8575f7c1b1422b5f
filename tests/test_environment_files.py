"""pyproject.toml and environment.yml name the same packages, and Binder installs exactly
the pinned runtime packages the tests ran with (binder/requirements.txt, runtime.txt)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOT_PACKAGES = {"python", "pip"}
# conda-forge's name where it differs from PyPI's (checked on anaconda.org/conda-forge)
CONDA_FORGE = {"duckdb": "python-duckdb"}
PIN = re.compile(r"^(?P<name>[a-z0-9][a-z0-9._-]*)==(?P<version>[^\s=;]+)$")


def name(spec: str) -> str:
    return re.split(r"[<>=!~ \[;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def conda_names(path: Path) -> set[str]:
    deps = yaml.safe_load(path.read_text())["dependencies"]
    return {name(d) for d in deps if isinstance(d, str)} - NOT_PACKAGES


def runtime() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def binder_pins() -> dict[str, str]:
    lines = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    pins = [PIN.match(ln) for ln in lines if ln.strip() and not ln.startswith("#")]
    assert all(pins), "every line of binder/requirements.txt is name==version"
    return {m["name"]: m["version"] for m in pins}


def test_conda_users_get_the_same_packages_by_conda_forge_names():
    wanted = {CONDA_FORGE.get(name(d), name(d)) for d in runtime()}
    assert conda_names(ROOT / "environment.yml") == wanted


def test_binder_pins_every_runtime_package_within_pyproject():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = binder_pins()
    for spec in runtime():
        req = Requirement(spec)
        version = pins.get(canonicalize_name(req.name))
        assert version, f"{req.name} is not pinned in binder/requirements.txt"
        assert req.specifier.contains(version, prereleases=True), (req.name, version, spec)


def test_binder_pins_are_what_this_environment_needs():
    # the same packages as `make binder-pins` finds here: nothing missing, nothing extra
    from guidelib.binder_pins import closure

    assert set(binder_pins()) == set(closure(runtime()))


def test_binder_reads_requirements_and_runtime_and_installs_guidelib_without_deps():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not (ROOT / "binder" / "environment.yml").exists(), "repo2docker would read it"
    runtime_txt = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime_txt)
    from packaging.specifiers import SpecifierSet

    assert SpecifierSet(project["requires-python"]).contains(runtime_txt.removeprefix("python-"))
    post = (ROOT / "binder" / "postBuild").read_text()
    assert post.startswith("#!/bin/bash") and "\nset -e\n" in post
    assert "pip install --no-deps ." in post
    assert (ROOT / "binder" / "postBuild").stat().st_mode & 0o111
    assert "guidelib" not in binder_pins(), "guidelib itself comes from postBuild"


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
