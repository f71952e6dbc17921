"""Signing in to the browser workspace (issue 14): sessions, CSRF, slow-down and lock, logout,
roles and team access through a user, redirects that stay on this server."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from api.app import create_app
from api.routes import signin as signin_routes
from kamgraph.generators.sample import SAMPLE_ACCOUNT
from kamgraph.services import clock
from kamgraph.services.audit import entries
from kamgraph.services.tokens import create_token
from kamgraph.services.users import add_user
from kamgraph.settings import Settings
from tests.test_access import RIVAL

PASSWORD = "correct horse battery"
PAGE = {"Accept": "text/html,application/xhtml+xml"}


class Clock:
    """A clock the test moves (sessions and sign-in limits read `clock.now`)."""

    def __init__(self) -> None:
        self.at = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def moments(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", fake.now)
    return fake


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits sign-in attempts would have made (none is made)."""
    seen: list[float] = []

    async def pause(seconds: float) -> None:
        seen.append(seconds)

    monkeypatch.setattr(signin_routes, "pause", pause)
    return seen


def _app(tmp_path: Path, **settings: Any) -> Iterator[TestClient]:
    app = create_app(Settings(db=None, data_dir=tmp_path, **settings))
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def client(tmp_path: Path, waits: list[float], moments: Clock) -> Iterator[TestClient]:
    for c in _app(tmp_path):
        store = c.app.state.store  # type: ignore[attr-defined]
        add_user(store, "lena", "editor", PASSWORD)
        add_user(store, "rudi", "reader", PASSWORD)
        yield c


def _field(html: str, name: str = "csrf") -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} field in the page"
    return found[1]


def sign_in(c: TestClient, user: str, password: str, **extra: str) -> Response:
    form = c.get("/signin", headers=PAGE)
    assert form.status_code == 200, form.text
    data = {"user": user, "password": password, "csrf": _field(form.text), **extra}
    return c.post("/signin", data=data)


def _csrf(c: TestClient) -> str:
    return _field(c.get("/me", headers=PAGE).text)


def test_signing_in_sets_an_httponly_samesite_cookie_and_home_shows_the_user(
    client: TestClient,
) -> None:
    assert client.get("/", headers=PAGE).headers["location"] == "/signin"
    answer = sign_in(client, "lena", PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/home"
    cookie = next(
        v for k, v in answer.headers.multi_items() if k == "set-cookie" and "kamgraph_session" in v
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here
    assert PASSWORD not in cookie
    assert client.get("/home", headers=PAGE).status_code == 200
    home = client.get("/me", headers=PAGE)
    assert home.status_code == 200
    assert "Signed in as" in home.text and "lena" in home.text and "Sign out" in home.text
    csp = home.headers["content-security-policy"]
    assert "script-src" not in csp and "'unsafe-inline'" not in csp and "form-action 'self'" in csp
    assert client.get("/", headers=PAGE).headers["location"] == "/home"
    assert client.get("/signin", headers=PAGE).headers["location"] == "/home"
    # The session works for the JSON API as well, with the user's name in the audit log.
    assert client.get("/v1/accounts").status_code == 200
    made = client.post(
        "/v1/sellers", json={"id": "s7", "name": "By Lena"}, headers={"X-CSRF-Token": _csrf(client)}
    )
    assert made.status_code == 201, made.text
    log, _ = entries(client.app.state.store)  # type: ignore[attr-defined]
    assert ("user:lena", "create", "sellers") in [(e.who, e.action, e.target) for e in log]
    assert ("user:lena", "signin", "sessions") in [(e.who, e.action, e.target) for e in log]


def test_a_wrong_password_is_a_401_form_and_the_audit_log_has_the_name_only(
    client: TestClient,
) -> None:
    answer = sign_in(client, "lena", "wrong password!")
    assert answer.status_code == 401
    assert "wrong user name or password" in answer.text
    assert "kamgraph_session" not in answer.headers.get("set-cookie", "")
    unknown = sign_in(client, "nobody", PASSWORD)
    assert unknown.status_code == 401 and "wrong user name or password" in unknown.text
    log, _ = entries(client.app.state.store)  # type: ignore[attr-defined]
    failed = [e.ids for e in log if e.action == "signin-failed"]
    assert sorted(failed) == [["lena"], ["nobody"]]
    assert all("wrong password!" not in str(e) for e in log)


def test_failures_slow_down_then_lock_and_the_lock_ends(
    client: TestClient, waits: list[float], moments: Clock
) -> None:
    for _ in range(9):
        assert sign_in(client, "lena", "not the password").status_code == 401
        moments.advance(seconds=1)
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 30]  # doubling after 3, capped at 30 s
    tenth = sign_in(client, "lena", "not the password")
    assert tenth.status_code == 429
    assert "too many failed sign-ins; try again in 15 minutes" in tenth.text
    waits.clear()
    moments.advance(minutes=5)
    locked = sign_in(client, "lena", PASSWORD)  # the right password does not open a lock
    assert locked.status_code == 429 and "try again in 10 minutes" in locked.text
    assert waits == []  # refused before any wait or password check
    # Another name from the same address is not locked (five times the failures are allowed).
    assert sign_in(client, "rudi", PASSWORD).status_code == 303
    client.cookies.clear()
    moments.advance(minutes=11)
    assert sign_in(client, "lena", PASSWORD).status_code == 303
    log, _ = entries(client.app.state.store)  # type: ignore[attr-defined]
    assert ["lena"] in [e.ids for e in log if e.action == "signin-locked"]


def test_a_success_forgets_the_failures(client: TestClient, waits: list[float]) -> None:
    for _ in range(3):
        sign_in(client, "lena", "not the password")
    assert sign_in(client, "lena", PASSWORD).status_code == 303
    client.cookies.clear()
    sign_in(client, "lena", "not the password")
    assert waits[-1] == 0


def test_sessions_expire_and_idle_out(client: TestClient, moments: Clock) -> None:
    sign_in(client, "lena", PASSWORD)
    moments.advance(hours=1, minutes=50)
    assert client.get("/home", headers=PAGE).status_code == 200
    moments.advance(hours=1, minutes=50)
    assert client.get("/home", headers=PAGE).status_code == 200  # used 110 minutes ago
    moments.advance(hours=2, minutes=1)  # idle over 120 minutes
    gone = client.get("/home", headers=PAGE)
    assert gone.status_code == 303 and gone.headers["location"] == "/signin?next=/home"
    assert client.get("/v1/accounts").status_code == 401
    client.cookies.clear()
    sign_in(client, "lena", PASSWORD)
    for _ in range(12):  # in use every hour, yet over after 12 hours
        moments.advance(minutes=59)
        answer = client.get("/v1/accounts")
    assert answer.status_code == 200
    moments.advance(minutes=13)
    assert client.get("/v1/accounts").status_code == 401


def test_signing_out_ends_the_session_in_the_store(client: TestClient) -> None:
    sign_in(client, "lena", PASSWORD)
    sid = client.cookies["kamgraph_session"]
    assert client.post("/signout").status_code == 403  # no CSRF token
    out = client.post("/signout", data={"csrf": _csrf(client)})
    assert out.status_code == 303 and out.headers["location"] == "/signin"
    assert "kamgraph_session" not in client.cookies
    # The old cookie, replayed, opens nothing: the session is gone on the server.
    client.cookies.set("kamgraph_session", sid)
    assert client.get("/v1/accounts").status_code == 401
    assert client.get("/home", headers=PAGE).headers["location"] == "/signin?next=/home"
    log, _ = entries(client.app.state.store)  # type: ignore[attr-defined]
    assert ("user:lena", "signout") in [(e.who, e.action) for e in log]


def test_csrf_is_required_on_every_write_by_a_session(client: TestClient) -> None:
    form = client.get("/signin", headers=PAGE)
    login = {"user": "lena", "password": PASSWORD}
    assert client.post("/signin", data=login).status_code == 403  # no pre-session token
    bad = client.post("/signin", data={**login, "csrf": "forged"})
    assert bad.status_code == 403 and "kamgraph_session" not in client.cookies
    assert _field(bad.text) != _field(form.text)  # each form shown gets a fresh token
    assert client.post("/signin", data={**login, "csrf": _field(bad.text)}).status_code == 303
    body = {"id": "s8", "name": "Csrf"}
    assert client.post("/v1/sellers", json=body).status_code == 403
    assert client.post("/v1/sellers", json=body, headers={"X-CSRF-Token": "x"}).status_code == 403
    token = _csrf(client)
    ok = client.post("/v1/sellers", json=body, headers={"X-CSRF-Token": token})
    assert ok.status_code == 201
    assert client.delete("/v1/sellers/s8").status_code == 403
    # A form field carries it too (the password form: a form POST checked by `caller`).
    change = {"old": PASSWORD, "new": "another long one", "again": "another long one"}
    assert client.post("/password", data=change).status_code == 403
    assert client.post("/password", data={**change, "csrf": token}).status_code == 200


def test_bearer_tokens_work_as_before_and_need_no_csrf(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    head = {"Authorization": f"Bearer {create_token(store, 'sync', 'editor')}"}
    assert (
        client.post("/v1/sellers", json={"id": "s9", "name": "T"}, headers=head).status_code == 201
    )
    assert client.get("/v1/accounts").status_code == 401  # no token, no session: JSON stays 401
    wrong = client.get("/v1/accounts", headers={"Authorization": "Bearer kg_nope"})
    assert wrong.status_code == 401
    assert client.get("/v1/accounts", headers={"Authorization": "Basic eDp5"}).status_code == 401
    page = client.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/map?x=1", headers=PAGE)
    assert page.status_code == 303
    assert page.headers["location"] == f"/signin?next=/v1/accounts/{SAMPLE_ACCOUNT}/map%3Fx%3D1"


def test_a_reader_user_cannot_write(client: TestClient) -> None:
    sign_in(client, "rudi", PASSWORD)
    answer = client.post(
        "/v1/sellers", json={"id": "s6", "name": "No"}, headers={"X-CSRF-Token": _csrf(client)}
    )
    assert answer.status_code == 403 and "reader" in answer.json()["detail"]
    assert client.get("/v1/accounts").status_code == 200


def test_team_access_through_a_user_bound_to_a_seller(
    tmp_path: Path, sample_data: dict[str, Any], waits: list[float]
) -> None:
    for c in _app(tmp_path, access="team"):
        store = c.app.state.store  # type: ignore[attr-defined]
        admin = {"Authorization": f"Bearer {create_token(store, 'admin', 'admin')}"}
        assert c.post("/v1/import", json=sample_data, headers=admin).status_code == 200
        assert c.post("/v1/import", json=RIVAL, headers=admin).status_code == 200
        add_user(store, "lena", "editor", PASSWORD, seller="s1")
        sign_in(c, "lena", PASSWORD)
        assert c.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/coverage").status_code == 200
        rival = c.get("/v1/accounts/rival/coverage")
        assert rival.status_code == 404 and "among your accounts" in rival.json()["detail"]
        listed = [a["id"] for a in c.get("/v1/accounts").json()["items"]]
        assert listed == [SAMPLE_ACCOUNT]


@pytest.mark.parametrize(
    "target",
    ["https://evil.example", "//evil.example", "/\\evil.example", "http:/evil.example", " /x"],
)
def test_next_never_leaves_this_server(client: TestClient, target: str) -> None:
    answer = sign_in(client, "lena", PASSWORD, next=target)
    assert answer.status_code == 303 and answer.headers["location"] == "/home"
    shown = client.get("/signin", params={"next": target}, headers=PAGE)
    assert shown.headers["location"] == "/home"


def test_next_leads_back_to_the_page_asked_for(client: TestClient) -> None:
    first = client.get("/v1/activity.html?days=7", headers=PAGE)
    target = first.headers["location"]
    form = client.get(target, headers=PAGE)
    assert _field(form.text, "next") == "/v1/activity.html?days=7"
    login = {"user": "lena", "password": PASSWORD, "csrf": _field(form.text)}
    answer = client.post("/signin", data={**login, "next": _field(form.text, "next")})
    assert answer.headers["location"] == "/v1/activity.html?days=7"


def test_the_cookie_is_secure_behind_an_https_proxy(client: TestClient) -> None:
    form = client.get("/signin", headers={**PAGE, "X-Forwarded-Proto": "https"})
    assert "Secure" in form.headers["set-cookie"]
    data = {"user": "lena", "password": PASSWORD, "csrf": _field(form.text)}
    # The pre-session cookie is Secure, so the test client (plain http) does not send it back.
    client.cookies.set("kamgraph_signin_csrf", data["csrf"], path="/signin")
    answer = client.post("/signin", data=data, headers={"X-Forwarded-Proto": "https"})
    assert answer.status_code == 303
    cookie = next(v for v in answer.headers.get_list("set-cookie") if "kamgraph_session=" in v)
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_users_change_their_own_password(client: TestClient) -> None:
    sign_in(client, "lena", PASSWORD)
    other = TestClient(client.app, follow_redirects=False)
    sign_in(other, "lena", PASSWORD)
    form = client.get("/password", headers=PAGE)
    assert form.status_code == 200 and 'type="password"' in form.text
    csrf = _field(form.text)
    new = "a brand new passphrase"
    cases = [
        ({"old": PASSWORD, "new": new, "again": new + "x"}, 422, "differ"),
        ({"old": PASSWORD, "new": "short", "again": "short"}, 422, "at least 10"),
        ({"old": "wrong password", "new": new, "again": new}, 401, "current password is wrong"),
    ]
    for data, status, text in cases:
        answer = client.post("/password", data={**data, "csrf": csrf})
        assert answer.status_code == status and text in answer.text
    done = client.post("/password", data={"old": PASSWORD, "new": new, "again": new, "csrf": csrf})
    assert done.status_code == 200 and "password changed" in done.text
    assert client.get("/home", headers=PAGE).status_code == 200  # this browser: a new session
    assert other.get("/v1/accounts").status_code == 401  # every other session ended
    client.cookies.clear()
    assert sign_in(client, "lena", PASSWORD).status_code == 401
    assert sign_in(client, "lena", new).status_code == 303


def test_with_auth_disabled_everything_is_open(tmp_path: Path) -> None:
    for c in _app(tmp_path, auth_disabled=True):
        assert c.get("/", headers=PAGE).headers["location"] == "/home"
        assert c.get("/home", headers=PAGE).status_code == 200
        home = c.get("/me", headers=PAGE)
        assert home.status_code == 200 and "sign-in is off" in home.text
        assert c.post("/v1/sellers", json={"id": "s5", "name": "Open"}).status_code == 201
