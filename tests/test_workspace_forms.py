"""The workspace's recording forms: log an interaction, complete or drop an action
(post-redirect-get, messages beside the field with what was typed kept, optimistic concurrency)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.services.tokens import create_token
from kamgraph.settings import Settings
from tests.workspace_support import AS_OF, IMG, parse, paths

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def client(tmp_path: Any, sample_data: dict[str, Any]) -> Iterator[TestClient]:
    app = create_app(Settings(db=None, data_dir=tmp_path, auth_disabled=True))
    with TestClient(app) as c:
        assert c.post("/v1/import", json=sample_data).status_code == 200
        yield c


def test_log_an_interaction_then_see_it(client: TestClient) -> None:
    form = parse(client.get(f"/people/nw-p02/log?as_of={AS_OF}").text)
    assert "Log an interaction with Katrin Vogel" in form.visible
    answer = client.post(
        f"/people/nw-p02/log?as_of={AS_OF}",
        data={
            "date": "2026-11-19",
            "kind": "exec_meeting",
            "sellers": ["s1", "s2"],
            "opportunity": "nw-o1",
            "notes": IMG,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/people/nw-p02?saved=interaction&as_of={AS_OF}"
    page = client.get(answer.headers["location"])
    shown = parse(page.text)
    assert "The interaction is logged." in shown.visible
    assert IMG in shown.visible and IMG not in page.text  # the notes, as text
    assert "/sellers/s2" in paths(shown.links)


def test_a_bad_field_is_told_beside_it_and_what_was_typed_stays(client: TestClient) -> None:
    answer = client.post(
        "/people/nw-p02/log",
        data={"date": "2026-13-45", "kind": "meeting", "notes": "Lunch with the CFO"},
    )
    assert answer.status_code == 422
    text = answer.text
    assert "Nothing was saved" in text
    assert re.search(r'id="e-date"><li>&#39;2026-13-45&#39; is not a date', text)
    assert 'id="e-sellers"' in text  # nobody of us chosen
    assert 'value="2026-13-45"' in text and "Lunch with the CFO</textarea>" in text
    unknown = client.post(
        "/people/nw-p02/log",
        data={"date": "2026-11-19", "kind": "nonsense", "sellers": "s1"},
    )
    assert unknown.status_code == 422 and 'id="e-kind"' in unknown.text


def _logged(client: TestClient) -> list[dict[str, Any]]:
    """Every interaction of the account, page by page."""
    rows: list[dict[str, Any]] = []
    while True:
        params: dict[str, str | int] = {"account": "nordwind", "limit": 500, "offset": len(rows)}
        found = client.get("/v1/interactions", params=params).json()
        rows += found["items"]
        if len(rows) >= found["total"] or not found["items"]:
            return rows


def test_others_of_theirs_are_completed_by_name_and_recorded(client: TestClient) -> None:
    form = client.get(f"/people/nw-p02/log?as_of={AS_OF}").text
    offered = re.findall(r'<option value="([^"]*)">', form.split('<datalist id="f-people">')[1])
    assert "Mikael Lindqvist" in offered and "Henrik Nyberg" in offered
    assert "Katrin Vogel" not in offered  # the page's person is in it already
    notes = "Steering group with both"
    answer = client.post(
        f"/people/nw-p02/log?as_of={AS_OF}",
        data={
            "date": "2026-11-19",
            "kind": "meeting",
            "sellers": "s1",
            "with": ["mikael lindqvist ", "Henrik Nyberg", "Mikael Lindqvist", ""],
            "notes": notes,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    logged = [r for r in _logged(client) if r.get("notes") == notes]
    assert len(logged) == 1 and logged[0]["people"] == ["nw-p02", "nw-p03", "nw-p09"]


def test_a_name_that_is_no_one_there_is_told_and_nothing_is_logged(client: TestClient) -> None:
    before = _logged(client)
    answer = client.post(
        "/people/nw-p02/log",
        data={"date": "2026-11-19", "kind": "meeting", "sellers": "s1", "with": "Mikael Lindkvist"},
    )
    assert answer.status_code == 422
    assert re.search(
        r'id="e-with"><li>no one at Nordwind[^<]* is called &#39;Mikael Lindkvist', answer.text
    )
    assert 'value="Mikael Lindkvist"' in answer.text  # what was typed stays
    assert _logged(client) == before


def sign_in_as(c: TestClient, user: str, password: str = "correct horse battery") -> None:
    """Signs `c` in as `user` through the sign-in form (its own CSRF token included)."""
    c.cookies.clear()
    form = c.get("/signin", headers={"Accept": "text/html"}).text
    csrf = re.search(r'name="csrf" value="([^"]*)"', form)
    assert csrf is not None
    data = {"user": user, "password": password, "csrf": csrf[1]}
    assert c.post("/signin", data=data, follow_redirects=False).status_code == 303


def _version(html: str) -> str:
    found = re.search(r'name="version" value="([0-9a-f]+)"', html)
    assert found
    return found.group(1)


def test_complete_an_action_and_a_stale_form_is_told(client: TestClient) -> None:
    account = parse(client.get(f"/accounts/nordwind?as_of={AS_OF}").text)
    closing = sorted(p for p in paths(account.links) if p.endswith("/close"))
    assert closing, "every action on the account page links to its form"
    url = closing[0]
    first = client.get(url).text
    second = client.get(url).text  # a colleague opens the same form
    assert _version(first) == _version(second)
    done = client.post(
        url,
        data={"status": "done", "on": AS_OF, "version": _version(first)},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/accounts/nordwind")
    assert "The action is closed." in client.get(done.headers["location"]).text
    late = client.post(url, data={"status": "dropped", "on": AS_OF, "version": _version(second)})
    assert late.status_code == 409
    assert "Someone else changed this action" in late.text
    assert "done (" + AS_OF + ")" in parse(late.text).visible  # the other's change, shown


def test_closing_validates_its_fields(client: TestClient) -> None:
    url = "/actions/nw-a01/close"
    version = _version(client.get(url).text)
    answer = client.post(url, data={"status": "maybe", "on": "soon", "version": version})
    assert answer.status_code == 422
    assert 'id="e-status"' in answer.text and 'id="e-on"' in answer.text
    assert 'value="soon"' in answer.text


def test_a_signed_in_editor_logs_with_the_forms_csrf_and_a_forged_post_is_refused(
    tmp_path: Any, sample_data: dict[str, Any]
) -> None:

    from kamgraph.services.users import add_user

    app = create_app(Settings(db=None, data_dir=tmp_path / "signed"))
    with TestClient(app, follow_redirects=False) as c:
        store = app.state.store
        admin = {"Authorization": f"Bearer {create_token(store, 'admin', 'admin')}"}
        assert c.post("/v1/import", json=sample_data, headers=admin).status_code == 200
        add_user(store, "lena", "editor", "correct horse battery", seller="s1")
        add_user(store, "rudi", "reader", "correct horse battery")
        page = {"Accept": "text/html"}

        def sign_in(user: str) -> None:
            sign_in_as(c, user)

        sign_in("lena")
        form = c.get(f"/people/nw-p02/log?as_of={AS_OF}", headers=page)
        assert form.status_code == 200
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert token is not None
        fields = {"date": "2026-11-19", "kind": "call", "sellers": ["s1"], "notes": "by session"}
        forged = c.post(f"/people/nw-p02/log?as_of={AS_OF}", data=fields)
        assert forged.status_code == 403
        saved = c.post(f"/people/nw-p02/log?as_of={AS_OF}", data={**fields, "csrf": token[1]})
        assert saved.status_code == 303, saved.text[:300]
        bundle = c.get("/v1/export", headers=admin).json()
        logged = [i for i in bundle["interactions"] if i["notes"] == "by session"]
        assert len(logged) == 1
        who = [e["who"] for e in c.get("/v1/audit", headers=admin).json()["items"]]
        assert "user:lena" in who
        # A reader sees no form and cannot post one.
        sign_in("rudi")
        assert c.get(f"/people/nw-p02/log?as_of={AS_OF}", headers=page).status_code == 403
        refused = c.post(f"/people/nw-p02/log?as_of={AS_OF}", data={**fields, "csrf": "x"})
        assert refused.status_code == 403
