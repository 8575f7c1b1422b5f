from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

import guidelib

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "workbook" / "example-kinship-care.json"
#: The worked example's survey responses, beside it (guidelib.survey.store.responses_path).
RESPONSES = EXAMPLE.with_name("example-kinship-care.responses.sqlite")


def copy_example(folder: Path, responses: bool = True) -> Path:
    """Copy the worked example (and, unless told not to, its survey responses) into
    `folder`; return the copy's path."""
    target = folder / EXAMPLE.name
    shutil.copy(EXAMPLE, target)
    if responses:
        shutil.copy(RESPONSES, folder / RESPONSES.name)
    return target


@pytest.fixture(autouse=True)
def logged_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as the server's owner, as under `guidelib run`: every app may show
    (guidelib.audience). Tests of the refusals remove or change this."""
    monkeypatch.setenv("GUIDELIB_AUDIENCE", "facilitator")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workbook folder, also set as $GUIDELIB_WORKBOOK_DIR."""
    path = tmp_path / "workbook"
    path.mkdir()
    monkeypatch.setenv("GUIDELIB_WORKBOOK_DIR", str(path))
    monkeypatch.delenv("GUIDELIB_WORKBOOK", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    return path


@pytest.fixture
def wb(folder: Path) -> guidelib.Workbook:
    """A new, empty workbook saved in `folder`."""
    return guidelib.create_workbook("Test Team", folder)


@pytest.fixture
def example(folder: Path) -> Path:
    """A copy of the worked example (and its survey responses) inside `folder`."""
    return copy_example(folder)


@pytest.fixture(scope="module")
def kinship() -> guidelib.Workbook:
    """The committed worked example, opened in place: read it, do not save it. One per
    test module, so a module that changes it in memory does not change it for another."""
    return guidelib.open_workbook(EXAMPLE)


def example_secrets() -> list[re.Pattern]:
    """What must never reach a visitor who may not see the worked example, as whole words:
    its team name, its problem, its members' names and each name in its change log."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    answers = doc["answers"]
    words = [
        doc["team"]["name"],
        answers["policy-problem"]["problem"][:60],
        *(r["name"] for r in answers["stakeholders"]["register"][:5]),
        *{h["who"] for h in doc["history"]},
    ]
    return [re.compile(rf"(?<!\w){re.escape(word)}(?!\w)") for word in words]


@contextlib.contextmanager
def threads_finished(timeout: float = 30):
    """On leaving the block, wait for every thread started inside it (an app that reads
    its folder in the background), so none is still making widgets in the next test."""
    before = set(threading.enumerate())
    yield
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout)
        assert not thread.is_alive(), f"{thread.name} still runs after {timeout} s"


class ManualClock:
    """A guidelib.ui.clock.Clock that moves only when the test calls `advance`: the work
    that falls due runs then, in time order, on the test's own thread. The debounce and the
    charts that wait for the page take one, so no test sleeps against a timer."""

    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[_Timer] = []

    def call_later(self, delay: float, fn) -> _Timer:
        timer = _Timer(self.now + delay, fn)
        self._timers.append(timer)
        return timer

    @property
    def waiting(self) -> int:
        """How many calls are still to come."""
        return sum(not t.cancelled for t in self._timers)

    def advance(self, seconds: float) -> None:
        end = self.now + seconds
        while due := [t for t in self._timers if not t.cancelled and t.when <= end]:
            timer = min(due, key=lambda t: t.when)  # min is stable: same time, first set
            self._timers.remove(timer)
            self.now = timer.when
            timer.fn()  # may set new timers; the loop sees them
        self._timers = [t for t in self._timers if not t.cancelled]
        self.now = end


class _Timer:
    def __init__(self, when: float, fn) -> None:
        self.when, self.fn, self.cancelled = when, fn, False

    def cancel(self) -> None:
        self.cancelled = True


@pytest.fixture
def clock() -> ManualClock:
    """A clock at 0 that a test advances by hand (ManualClock)."""
    return ManualClock()


# The real Voilà server and Chromium that the browser tests share (one of each per run).


@pytest.fixture(scope="session")
def workbooks(tmp_path_factory) -> Path:
    """The served workbook folder: the worked example (with its survey responses) and an
    empty "Browser Team" workbook."""
    folder = tmp_path_factory.mktemp("workbook")
    copy_example(folder)
    guidelib.create_workbook("Browser Team", folder)
    return folder


@pytest.fixture(scope="session")
def voila(workbooks, tmp_path_factory):
    """A Voilà server on notebooks/ with the repository's voila.json, like `voila notebooks`."""
    from .servers import server, voila_cmd

    log = tmp_path_factory.mktemp("logs") / "voila.log"
    with server(voila_cmd(), "/", {"GUIDELIB_WORKBOOK_DIR": str(workbooks)}, log) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Not for the session: Playwright's sync API keeps an
    asyncio loop running while it is open, which later tests (papermill, the PDF report,
    code that checks for a running loop) must not inherit."""
    from .servers import CHROMIUM_ARGS, require_chromium

    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser, voila):
    """A fresh page whose `problems` lists what went wrong on it (see servers.watch).
    When the test fails, its report shows what the page said and what went wrong."""
    from .servers import watch

    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    pg = context.new_page()
    watch(pg, voila)
    yield pg
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        try:
            text = pg.evaluate("() => document.body ? document.body.innerText : ''")
        except Exception as exc:  # the page may be gone; say so rather than hide the failure
            text = f"(could not read the page: {exc})"
        report.sections.append(
            ("page at failure", f"{pg.url}\n{text[:3000]}\nproblems: {pg.problems}")
        )
    context.close()
