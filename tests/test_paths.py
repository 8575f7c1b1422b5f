"""Team names become safe slugs; paths never leave the workbook folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidelib.errors import WorkbookNameError
from guidelib.workbook.paths import (
    list_workbooks,
    resolve_workbook,
    slugify,
    workbook_dir,
    workbook_path,
)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Riverbend County: Kinship Care!", "riverbend-county-kinship-care"),
        ("  Niños   y Familias ", "ninos-y-familias"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("=cmd|' /C calc'!A0", "cmd-c-calc-a0"),
        ("Team\x00\nName", "team-name"),
        ("a" * 200, None),
    ],
)
def test_slugs_are_plain(name, slug):
    if slug is None:
        with pytest.raises(WorkbookNameError, match="keep it under 120"):
            slugify(name)
        return
    assert slugify(name) == slug


def test_names_without_latin_letters_still_get_a_stable_slug():
    slug = slugify("فريق البيانات")
    assert slug.startswith("team-") and len(slug) == 13
    assert slugify("فريق البيانات") == slug != slugify("数据团队")


@pytest.mark.parametrize("name", ["", "   ", "\x00\x01"])
def test_empty_names_are_refused_in_plain_words(name):
    with pytest.raises(WorkbookNameError, match="Give the team a name"):
        slugify(name)


@pytest.mark.parametrize(
    "bad", ["../x", "a/b", "", "UPPER", "a--b", "-a", "x.json", "a b", "..", "a" * 61, None]
)
def test_paths_come_only_from_plain_slugs(tmp_path, bad):
    with pytest.raises(WorkbookNameError):
        workbook_path(bad, tmp_path)


def test_a_slug_resolves_inside_the_folder(tmp_path):
    assert workbook_path("team-a", tmp_path) == (tmp_path / "team-a.json").resolve()


def test_resolve_accepts_slugs_and_json_paths_only(tmp_path):
    assert resolve_workbook("team-a", tmp_path) == (tmp_path / "team-a.json").resolve()
    assert resolve_workbook(str(tmp_path / "x" / "t.json")) == (tmp_path / "x" / "t.json").resolve()
    with pytest.raises(WorkbookNameError, match="neither a workbook name"):
        resolve_workbook("/etc/passwd")


def test_listing_ignores_backups_temp_and_odd_files(tmp_path):
    for name in (
        "b.json",
        "a.json",
        "a.json.bak",
        ".a.json.lock",
        ".a.json.tmp-1-ab",
        "a.json.invalid-2026",
        "Bad Name.json",
        "notes.txt",
    ):
        (tmp_path / name).write_text("{}")
    (tmp_path / "dir.json").mkdir()
    assert [p.name for p in list_workbooks(tmp_path)] == ["a.json", "b.json"]
    assert list_workbooks(tmp_path / "missing") == []


def test_workbook_dir_order(tmp_path, monkeypatch):
    monkeypatch.delenv("GUIDELIB_WORKBOOK_DIR", raising=False)
    repo = tmp_path / "repo"
    (repo / "workbook").mkdir(parents=True)
    (repo / "notebooks").mkdir()
    monkeypatch.chdir(repo / "notebooks")  # where Jupyter runs a notebook's kernel
    assert workbook_dir() == (repo / "workbook").resolve()
    monkeypatch.setenv("GUIDELIB_WORKBOOK_DIR", str(tmp_path / "elsewhere"))
    assert workbook_dir() == (tmp_path / "elsewhere").resolve()
    assert workbook_dir(tmp_path / "given") == (tmp_path / "given").resolve()
    monkeypatch.delenv("GUIDELIB_WORKBOOK_DIR")
    monkeypatch.chdir(tmp_path)
    assert workbook_dir() == Path(tmp_path / "workbook").resolve()


def test_a_preheated_kernel_warms_up_then_waits_for_the_page(monkeypatch):
    # Voilà sets VOILA_PREHEAT in a pooled kernel; the page's address arrives later, through
    # voila.utils.wait_for_request, which must be called before QUERY_STRING is read.
    import sys

    from guidelib.workbook import locate

    calls = []
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("QUERY_STRING", "workbook=riverbend")
    monkeypatch.setattr(locate, "warm_up", lambda: calls.append("warm"))
    fake = type(sys)("voila.utils")
    fake.wait_for_request = lambda: calls.append("wait")
    monkeypatch.setitem(sys.modules, "voila.utils", fake)
    assert locate.requested_workbook(None) == ("riverbend", "address")
    assert calls == ["warm", "wait"]


def test_warm_up_loads_plotly_and_the_charts():
    import subprocess
    import sys

    code = (
        "import sys; import guidelib.ui; from guidelib.workbook.locate import warm_up; warm_up(); "
        "print('plotly.graph_objects' in sys.modules and 'guidelib.charts' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
