"""A real JupyterHub from `guidelib hub`: two teams and the facilitator log in through the
hub's login form, their servers start as their own Unix users, and each team is tried as
an attacker would: through its server's contents API, through another team's server, and
with code in its own kernel. Slow (three single-user servers); root (it makes Unix users).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hubs import running_hub

pytestmark = pytest.mark.slow

CSV = (
    "team,facilitator,policy problem\n"
    'Riverbend kinship care,Ana,"Kids in kinship care miss services"\n'
    "Lakeside youth justice,Bo,\n"
)
MEMBERS_CSV = "team,members\nHillside housing,Dee; Eli\n"

KERNEL_TRY = """
import json
def attempt(what, fn):
    try:
        fn()
        print(what, "OK")
    except PermissionError:
        print(what, "PermissionError")
    except Exception as exc:
        print(what, type(exc).__name__)
attempt("read-own", lambda: open({own!r}).read())
attempt("read-other", lambda: open({other!r}).read())
attempt("list-other", lambda: __import__("os").listdir({other_home!r}))
attempt("write-other", lambda: open({other!r}, "a").write(" "))
print("AUDIENCE", __import__("os").environ.get("GUIDELIB_AUDIENCE"))
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    csv = tmp_path_factory.mktemp("hubcsv") / "teams.csv"
    csv.write_text(CSV, encoding="utf-8")
    with running_hub(csv) as hub:
        for user in ("riverbend-kinship-care", "lakeside-youth-justice", "facilitator"):
            hub.login(user)
            hub.token(user)
            hub.spawn(user)
        yield hub


@pytest.fixture(scope="module")
def members_hub(tmp_path_factory):
    csv = tmp_path_factory.mktemp("hubcsv") / "members.csv"
    csv.write_text(MEMBERS_CSV, encoding="utf-8")
    with running_hub(csv) as hub:
        for user in ("hillside-housing-dee", "hillside-housing-eli"):
            hub.login(user)
            hub.token(user)
            hub.spawn(user)
        yield hub


def _team(hub, slug):
    return next(t for t in hub.manifest["teams"] if t["slug"] == slug)


def test_logins_need_the_teams_own_password(hub):
    a, b = "riverbend-kinship-care", "lakeside-youth-justice"
    with pytest.raises(PermissionError):
        hub.login(b, hub.passwords[a])  # a team's password opens no other team
    with pytest.raises(PermissionError):
        hub.login("facilitator", hub.passwords[a])
    with pytest.raises(PermissionError):
        hub.login("someone-else", hub.passwords[a])


def test_each_team_sees_its_workbook(hub):
    for slug in ("riverbend-kinship-care", "lakeside-youth-justice"):
        r = hub.api(slug, "GET", f"user/{slug}/api/contents/workbook/{slug}.json")
        assert r.status_code == 200, r.text[:200]
        assert json.loads(r.json()["content"])["team"]["name"]


def test_a_team_gets_no_other_teams_workbook_through_the_api(hub):
    a, b = "riverbend-kinship-care", "lakeside-youth-justice"
    other = _team(hub, b)
    home = Path(other["home"])
    tries = [
        f"user/{a}/api/contents/../{home.name}/workbook/{b}.json",
        f"user/{a}/api/contents/%2E%2E/{home.name}/workbook/{b}.json",
        f"user/{a}/api/contents/{other['workbook'].lstrip('/')}",
        f"user/{a}/files/..%2F{home.name}%2Fworkbook%2F{b}.json",
        f"user/{b}/api/contents/workbook/{b}.json",  # B's own server, with A's token
        f"user/{b}/files/workbook/{b}.json",
    ]
    for path in tries:
        r = hub.api(a, "GET", path, allow_redirects=False)
        assert r.status_code != 200, path
        assert b"Lakeside" not in r.content, path
    # And A's login session (a browser's cookies) does not open B's server either, not
    # even by clicking "Authorize" where the facilitator may.
    s = hub.sessions[a]
    r = s.get(f"{hub.url}user/{b}/api/contents/workbook/{b}.json", allow_redirects=True)
    assert b"Lakeside" not in r.content
    r = hub.browse(a, other["dashboard"])
    assert r.status_code == 403 and f"/user/{b}/voila" not in r.url, (r.status_code, r.url)


def test_code_in_a_teams_kernel_cannot_read_another_teams_workbook(hub):
    a, b = _team(hub, "riverbend-kinship-care"), _team(hub, "lakeside-youth-justice")
    code = KERNEL_TRY.format(own=a["workbook"], other=b["workbook"], other_home=b["home"])
    out = hub.run_code(a["users"][0]["user"], code)
    assert "read-own OK" in out, out  # the check can tell a working read from a refused one
    assert "read-other PermissionError" in out, out
    assert "list-other PermissionError" in out, out
    assert "write-other PermissionError" in out, out
    assert "AUDIENCE team" in out, out


def test_a_save_stays_readable_by_the_facilitator_only(hub):
    a, b = _team(hub, "riverbend-kinship-care"), _team(hub, "lakeside-youth-justice")
    save = (
        "from guidelib.workbook import open_workbook\n"
        f"wb = open_workbook({a['slug']!r})\n"
        "wb.set('policy-problem', 'problem', 'Saved on the hub')\n"
        "wb.save()\nprint('saved', wb.path)\n"
    )
    assert "saved" in hub.run_code(a["users"][0]["user"], save)
    # The new file (written by the team's server with umask 027 in a set-group-ID folder)
    out = hub.run_code(b["users"][0]["user"], KERNEL_TRY.format(
        own=b["workbook"], other=a["workbook"], other_home=a["home"]))
    assert "read-other PermissionError" in out, out
    fac = hub.run_code("facilitator", (
        f"print('Saved on the hub' in open({a['workbook']!r}).read())\n"
        f"try:\n    open({a['workbook']!r}, 'a')\nexcept PermissionError:\n"
        "    print('facilitator cannot write')\n"
    ))
    assert "True" in fac and "facilitator cannot write" in fac, fac


def test_the_facilitator_view_lists_both_teams(hub):
    code = (
        "import os\n"
        "from guidelib.ui.facilitator_app import FacilitatorApp\n"
        "from guidelib.hub.cohort import hub_status\n"
        "app = FacilitatorApp(None, background=False)\n"  # its default folder on the hub
        "html = ''.join(getattr(w, 'value', '') for w in app.body.children)\n"
        "print('VIEW', 'Riverbend kinship care' in html, 'Lakeside youth justice' in html)\n"
        "teams, cohort = hub_status(os.path.expanduser('~/teams.json'))\n"
        "print('HUB', [(t.slug, t.started, t.last_saved is not None) for t in teams])\n"
        "print('AUDIENCE', os.environ.get('GUIDELIB_AUDIENCE'))\n"
    )
    out = hub.run_code("facilitator", code)
    assert "VIEW True True" in out, out
    assert "('riverbend-kinship-care', True, True)" in out, out
    assert "('lakeside-youth-justice', True, True)" in out, out
    # Each team's dashboard link (teams.json, hub_status) opens, for the facilitator, on
    # the team's own server, through the hub's login.
    lake = _team(hub, "lakeside-youth-justice")
    r = hub.browse("facilitator", lake["dashboard"])
    assert r.status_code == 200 and "/user/lakeside-youth-justice/" in r.url, r.url
    assert "AUDIENCE facilitator" in out, out  # guidelib.audience lets the view show
    r = hub.sessions["facilitator"].get(f"{hub.url}user/facilitator/", allow_redirects=False)
    assert "/voila/render/notebooks/facilitator.ipynb" in r.headers.get("location", "")


def test_teams_have_no_terminal_and_start_at_start_here(hub):
    a = "riverbend-kinship-care"
    r = hub.api(a, "POST", f"user/{a}/api/terminals")
    assert r.status_code in (403, 404), r.status_code
    info = hub.api("facilitator", "GET", f"hub/api/users/{a}").json()
    assert info["server"]
    r = hub.sessions[a].get(f"{hub.url}user/{a}/", allow_redirects=False)
    assert "/voila/render/notebooks/00_start_here.ipynb" in r.headers.get("location", "")


MEMBER_SAVES = """
from guidelib.workbook import open_workbook
for i in range(10):
    wb = open_workbook("hillside-housing")
    wb.set("policy-problem", {field!r}, f"{{i}} from {who}")
    wb.save()
print("DONE")
"""


def test_two_members_of_a_team_save_at_once_and_lose_nothing(members_hub):
    """Two members' servers (one Unix user, one folder) save the same workbook at the
    same time: the store's lock and merge keep both members' answers and every save."""
    from concurrent.futures import ThreadPoolExecutor

    hub = members_hub
    (team,) = hub.manifest["teams"]
    assert [u["user"] for u in team["users"]] == ["hillside-housing-dee", "hillside-housing-eli"]
    read = ("from guidelib.workbook import open_workbook\n"
            "wb = open_workbook('hillside-housing')\n"
            "print(wb.revision, '|', wb.get('policy-problem', 'problem'), '|',"
            " wb.get('policy-problem', 'outcome'))\n")
    before = int(hub.run_code("hillside-housing-dee", read).split()[0])
    jobs = [("hillside-housing-dee", "problem", "Dee"), ("hillside-housing-eli", "outcome", "Eli")]
    with ThreadPoolExecutor(2) as pool:
        outs = list(pool.map(
            lambda j: hub.run_code(j[0], MEMBER_SAVES.format(field=j[1], who=j[2])), jobs))
    assert all("DONE" in out for out in outs), outs
    revision, problem, outcome = (x.strip() for x in hub.run_code(
        "hillside-housing-eli", read).split("|"))
    assert int(revision) == before + 20
    assert (problem, outcome) == ("9 from Dee", "9 from Eli")
