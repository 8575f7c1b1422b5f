"""`guidelib hub` without starting a hub: the files it writes, the login check, the
settings it gives JupyterHub, and the facilitator's cohort read from teams.json. The real
hub is tried in test_hub_server.py."""

from __future__ import annotations

import asyncio
import json
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from traitlets.config import Config

from guidelib.cli import main
from guidelib.cohort import load_cohort
from guidelib.errors import GuidelibError
from guidelib.hub import HubSettings, prepare_hub
from guidelib.hub.accounts import check_password, hash_password, plan_teams
from guidelib.hub.cohort import hub_status
from guidelib.hub.homes import public_manifest
from guidelib.hub.runtime import TeamAuthenticator, TeamSpawner, configure, logins
from guidelib.workshop.teams import read_teams

from .conftest import ROOT

CSV = (
    "team,facilitator,policy problem,members\n"
    'Riverbend kinship care,Ana,"Kids in kinship care miss services",\n'
    'Lakeside <script>alert(1)</script>,"Bo ""<b>""",,Jo Smith; Kim Lee\n'
)


@pytest.fixture
def hub(tmp_path):
    csv = tmp_path / "teams.csv"
    csv.write_text(CSV, encoding="utf-8")
    settings = HubSettings(port=8123, home_base=str(tmp_path / "homes"), prefix="gltest-")
    return prepare_hub(csv, tmp_path / "hub", settings, ROOT)


def _manifest(result):
    return json.loads((result.out / "teams.json").read_text(encoding="utf-8"))


def test_files_and_modes(hub):
    assert sorted(p.name for p in hub.out.iterdir()) == [
        "index.html", "jupyterhub_config.py", "passwords.json", "seed", "teams.json"
    ]
    assert stat.S_IMODE(hub.out.stat().st_mode) == 0o700
    for name in ("index.html", "passwords.json", "teams.json"):  # they hold passwords
        assert stat.S_IMODE((hub.out / name).stat().st_mode) == 0o600, name
    seed = hub.out / "seed"
    assert (seed / "apps" / "notebooks" / "00_start_here.ipynb").exists()
    wb = json.loads((seed / "workbook" / "riverbend-kinship-care.json").read_text())
    assert wb["answers"]["policy-problem"]["problem"] == "Kids in kinship care miss services"


def test_teams_json_names_logins_users_and_workbooks(hub):
    m = _manifest(hub)
    assert m["facilitator"]["user"] == "facilitator"
    assert m["facilitator"]["unix_user"] == "gltest-facilitator"
    river, lake = m["teams"]
    assert [u["user"] for u in river["users"]] == ["riverbend-kinship-care"]
    assert river["login"] == "one password for the team"
    assert river["unix_user"] == "gltest-riverbend-kinship-care"
    assert river["workbook"].endswith("/homes/gltest-riverbend-kinship-care/workbook/"
                                      "riverbend-kinship-care.json")
    # Members named in the CSV: a login each, all running as the team's one Unix user.
    assert lake["login"] == "a password per member"
    assert [u["member"] for u in lake["users"]] == ["Jo Smith", "Kim Lee"]
    assert len({u["user"] for u in lake["users"]}) == 2
    assert all(len(t["unix_user"]) <= 32 for t in m["teams"])
    assert "dashboard.ipynb?workbook=riverbend-kinship-care" in river["dashboard"]
    # Only hashes in teams.json, and each checks against its own password only.
    text = (hub.out / "teams.json").read_text()
    for user, password in hub.passwords.items():
        assert password not in text
        assert check_password(password, logins(m)[user][1])
    assert not check_password(hub.passwords["riverbend-kinship-care"],
                              logins(m)[lake["users"][0]["user"]][1])
    assert "password_hash" not in json.dumps(public_manifest(m))


def test_a_rerun_keeps_the_passwords(hub, tmp_path):
    again = prepare_hub(tmp_path / "teams.csv", hub.out, HubSettings(
        port=8123, home_base=str(tmp_path / "homes"), prefix="gltest-"), ROOT)
    assert again.passwords == hub.passwords


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_index_has_links_and_an_escaped_sign_in_sheet(hub):
    page = (hub.out / "index.html").read_text(encoding="utf-8")
    parsed = _Text()
    parsed.feed(page)
    assert "script" not in parsed.tags  # the team name's <script> is text, not a tag
    text = " ".join(parsed.text)
    assert "Lakeside <script>alert(1)</script>" in text
    assert "jupyterhub -f" in text and "Sign-in sheet" in text
    for password in hub.passwords.values():
        assert password in text
    assert page.count('class="card"') == 1 + 3  # the facilitator and three team logins
    assert "http://127.0.0.1:8123/" in page


def test_the_command_prints_how_to_start(tmp_path, capsys):
    csv = tmp_path / "teams.csv"
    csv.write_text(CSV, encoding="utf-8")
    code = main(["hub", str(csv), "--out", str(tmp_path / "h"), "--port", "8124",
                 "--home-base", str(tmp_path / "homes"), "--root", str(ROOT)])
    out = capsys.readouterr().out
    assert code == 0
    assert f"jupyterhub -f {tmp_path / 'h' / 'jupyterhub_config.py'}" in out
    assert "http://127.0.0.1:8124/" in out


@pytest.mark.parametrize("args, words", [
    (["--user-prefix", "Bad Prefix"], "cannot start Unix user names"),
    (["--home-base", "homes"], "absolute path"),
])
def test_bad_settings_are_one_sentence(tmp_path, capsys, args, words):
    csv = tmp_path / "teams.csv"
    csv.write_text(CSV, encoding="utf-8")
    code = main(["hub", str(csv), "--out", str(tmp_path / "h"), "--root", str(ROOT), *args])
    err = capsys.readouterr().err
    assert code == 1 and words in err and "Traceback" not in err


def test_long_names_fit_unix_and_stay_unique(tmp_path):
    csv = tmp_path / "t.csv"
    long = "A very long team name that goes on and on past every limit"
    csv.write_text(f"team\n{long} one\n{long} two\n", encoding="utf-8")
    teams, _, _ = read_teams(csv)
    planned = plan_teams(teams, "jupyter-", "/home", "facilitator")
    names = [t.unix_user for t in planned]
    assert len(set(names)) == 2 and all(len(n) <= 32 for n in names)


def test_authenticator_checks_each_logins_own_password(hub):
    auth = TeamAuthenticator(manifest=str(hub.out / "teams.json"))
    pw = hub.passwords

    def login(user, password):
        return asyncio.run(auth.authenticate(None, {"username": user, "password": password}))

    assert login("riverbend-kinship-care", pw["riverbend-kinship-care"]) == {
        "name": "riverbend-kinship-care", "admin": False}
    assert login("facilitator", pw["facilitator"])["admin"] is True
    assert login("facilitator", pw["riverbend-kinship-care"]) is None
    member = next(u for u in pw if u.startswith("lakeside"))
    assert login(member, pw["riverbend-kinship-care"]) is None
    assert login("nobody", pw["riverbend-kinship-care"]) is None
    assert login("riverbend-kinship-care", "") is None


def test_configure_sets_the_workshop(hub):
    c = Config()
    configure(c, hub.out / "teams.json")
    assert c.JupyterHub.authenticator_class is TeamAuthenticator
    assert c.JupyterHub.spawner_class is TeamSpawner
    assert c.Authenticator.admin_users == {"facilitator"}
    assert "riverbend-kinship-care" in c.Authenticator.allowed_users
    assert c.Spawner.default_url == "/voila/render/notebooks/00_start_here.ipynb"
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8123/"
    (culler,) = c.JupyterHub.services
    assert "jupyterhub_idle_culler" in culler["command"]
    assert "delete:servers" in c.JupyterHub.load_roles[0]["scopes"]
    configure(c, hub.out / "teams.json")  # applied twice: still one culler
    assert len(c.JupyterHub.services) == 1


def test_load_cohort_reads_a_hubs_teams_json(hub, tmp_path):
    m = _manifest(hub)
    # Put the seeded workbook where the first team's home would be after its first login.
    river = m["teams"][0]
    Path(river["workbook"]).parent.mkdir(parents=True)
    seed = hub.out / "seed" / "workbook" / "riverbend-kinship-care.json"
    Path(river["workbook"]).write_bytes(seed.read_bytes())
    cohort = load_cohort(hub.out / "teams.json")
    assert [t.slug for t in cohort.teams] == ["riverbend-kinship-care"]
    assert any("is not there yet" in n for n in cohort.notes)  # the team not started
    teams, _ = hub_status(hub.out / "teams.json")
    assert [(t.slug, t.started) for t in teams] == [
        ("riverbend-kinship-care", True), (m["teams"][1]["slug"], False)]
    assert teams[0].last_saved is not None and teams[0].dashboard == river["dashboard"]
    # The facilitator view links to the team's own server on the hub, not to its own.
    from guidelib.ui.facilitator_app import teams_html

    assert cohort.teams[0].dashboard == river["dashboard"]
    hrefs = re.findall(r'href="([^"]*)"', teams_html(cohort))
    base = river["dashboard"].rsplit("/", 1)[0]
    assert hrefs == [f"{base}/{n}" for n in (
        "00_start_here.ipynb", "01_build_the_collective.ipynb",
        "02_define_the_operations.ipynb", "03_drive_impact.ipynb", "dashboard.ipynb")]
    assert "/user/" in base


def test_load_cohort_refuses_a_json_that_is_not_a_hubs(tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"teams": 3}')
    with pytest.raises(GuidelibError, match="teams.json"):
        load_cohort(other)
    assert hash_password("x") != hash_password("x")  # salted
