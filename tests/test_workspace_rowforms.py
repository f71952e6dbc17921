"""The workspace's row forms: set a role on a deal, add an action, add or edit a person, add an
influence link (post-redirect-get, messages beside the field, optimistic concurrency, CSRF,
editors only)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.services.tokens import create_token
from kamgraph.settings import Settings
from tests.test_workspace_forms import _version, sign_in_as
from tests.workspace_support import AS_OF, IMG, SCRIPT, parse, paths

PAGE = {"Accept": "text/html"}


@pytest.fixture
def client(tmp_path: Any, sample_data: dict[str, Any]) -> Iterator[TestClient]:
    app = create_app(Settings(db=None, data_dir=tmp_path, auth_disabled=True))
    with TestClient(app, follow_redirects=False) as c:
        assert c.post("/v1/import", json=sample_data).status_code == 200
        yield c


def _saved(c: TestClient, url: str, data: dict[str, Any]) -> str:
    answer = c.post(url, data=data)
    assert answer.status_code == 303, answer.text[:2000]
    page = c.get(answer.headers["location"])
    assert page.status_code == 200
    return page.text


def test_set_a_role_from_the_deal_page(client: TestClient) -> None:
    deal = parse(client.get(f"/deals/nw-o1?as_of={AS_OF}").text)
    assert "/deals/nw-o1/role" in paths(deal.links)  # add a buying influence
    form = client.get("/deals/nw-o1/role").text
    assert 'name="version" value=""' in form and '<label for="f-wins">' in form
    data = {"person": "nw-p05", "role": "coach", "stance": "mentor", "influence": "high",
            "response_mode": "growth", "wins": IMG, "version": ""}  # fmt: skip
    text = _saved(client, f"/deals/nw-o1/role?as_of={AS_OF}", data)
    shown = parse(text)
    assert "The buying influence is saved." in shown.visible
    assert IMG in shown.visible and IMG not in text  # the win, as text
    # Editing it: the key is fixed, the version is the row's.
    edit = client.get("/deals/nw-o1/role?person=nw-p05&role=coach")
    assert 'name="person" value="nw-p05"' in edit.text and _version(edit.text)
    store = client.app.state.store  # type: ignore[attr-defined]
    from kamgraph.services.rows import get_row, replace_row

    key = ("nw-o1", "nw-p05", "coach")
    replace_row(store, "roles", {**get_row(store, "roles", key), "since": "2026-01-05"})
    again = client.get("/deals/nw-o1/role?person=nw-p05&role=coach").text
    data = {**data, "stance": "supporter", "version": _version(again)}
    assert client.post("/deals/nw-o1/role", data=data).status_code == 303
    assert get_row(store, "roles", key)["since"] == "2026-01-05"  # not shown, so kept


def test_role_bad_field_is_told_beside_it(client: TestClient) -> None:
    answer = client.post(
        "/deals/nw-o1/role",
        data={"person": "nw-p05", "role": "boss", "stance": "mentor", "wins": "typed win"},
    )
    assert answer.status_code == 422
    assert 'id="e-role"' in answer.text and "typed win</textarea>" in answer.text


def test_add_an_action_from_a_gap(client: TestClient) -> None:
    account = client.get(f"/accounts/nordwind?as_of={AS_OF}").text
    plans = [p for p in re.findall(r'href="([^"]+)"', account) if "addresses=" in p]
    assert plans, "each gap links to plan an action"
    url = plans[0].replace("&amp;", "&")
    form = client.get(url).text
    kind = re.search(r"addresses=(\w+)", url)
    assert kind and f'<option value="{kind[1]}" selected>' in form
    data = {"title": SCRIPT, "strategy": "penetration", "addresses": kind[1], "owner": "s1",
            "due": "2026-12-15", "people": ["nw-p02"], "version": ""}  # fmt: skip
    text = _saved(client, f"/accounts/nordwind/actions/new?as_of={AS_OF}", data)
    assert "The action is added to the plan." in parse(text).visible
    assert SCRIPT in parse(text).visible and SCRIPT not in text


def test_action_bad_fields_are_told_beside_them(client: TestClient) -> None:
    answer = client.post(
        "/accounts/nordwind/actions/new",
        data={"title": "Kept title", "strategy": "luck", "owner": "", "due": "soon"},
    )
    assert answer.status_code == 422
    assert 'id="e-owner"' in answer.text and 'value="Kept title"' in answer.text
    answer = client.post(
        "/accounts/nordwind/actions/new",
        data={"title": "Kept title", "strategy": "luck", "owner": "s1", "due": "soon"},
    )
    assert answer.status_code == 422
    assert 'id="e-strategy"' in answer.text and 'id="e-due"' in answer.text
    assert 'value="soon"' in answer.text


def test_add_and_edit_a_person_and_a_stale_form_is_told(client: TestClient) -> None:
    account = parse(client.get(f"/accounts/nordwind?as_of={AS_OF}").text)
    assert "/accounts/nordwind/people/new" in paths(account.links)
    data = {"name": SCRIPT, "title": IMG, "manager": "nw-p02", "layer": "operation",
            "profile": IMG, "email": "", "until": "", "unit": "", "version": ""}  # fmt: skip
    answer = client.post(f"/accounts/nordwind/people/new?as_of={AS_OF}", data=data)
    assert answer.status_code == 303
    person = answer.headers["location"].split("?")[0]
    page = client.get(answer.headers["location"]).text
    shown = parse(page)
    assert "The person is saved." in shown.visible
    assert SCRIPT in shown.visible and IMG in shown.visible
    assert SCRIPT not in page and IMG not in page
    assert f"{person}/edit" in paths(shown.links)
    first = client.get(f"{person}/edit").text
    second = client.get(f"{person}/edit").text  # a colleague opens the same form
    assert '<option value="nw-p02" selected>' in first
    changed = {**data, "name": "Renamed by Lena", "version": _version(first)}
    assert "Renamed by Lena" in _saved(client, f"{person}/edit?as_of={AS_OF}", changed)
    late = client.post(
        f"{person}/edit", data={**data, "name": "Rudi's", "version": _version(second)}
    )
    assert late.status_code == 409
    assert "Someone else saved this person" in late.text
    assert "Renamed by Lena" in parse(late.text).visible  # the other's change, shown
    assert 'value="Rudi&#39;s"' in late.text  # and what was typed, kept


def test_person_bad_field_is_told_beside_it(client: TestClient) -> None:
    answer = client.post(
        "/people/nw-p02/edit",
        data={"name": "Kept", "email": "no at sign", "until": "13/13/2026", "layer": "boss",
              "version": _version(client.get("/people/nw-p02/edit").text)},
    )  # fmt: skip
    assert answer.status_code == 422
    assert 'id="e-until"' in answer.text and 'id="e-layer"' in answer.text
    assert 'value="13/13/2026"' in answer.text


def test_add_an_influence_link(client: TestClient) -> None:
    person = parse(client.get(f"/people/nw-p02?as_of={AS_OF}").text)
    assert "/people/nw-p02/influence" in paths(person.links)
    data = {"other": "nw-p05", "direction": "from", "kind": "family", "strength": "0.8",
            "polarity": "positive", "evidence": IMG, "version": ""}  # fmt: skip
    text = _saved(client, f"/people/nw-p02/influence?as_of={AS_OF}", data)
    assert "The influence link is saved." in parse(text).visible
    again = client.post("/people/nw-p02/influence", data={**data, "strength": "0.3"})
    assert again.status_code == 409 and "As it is now" in again.text  # one exists: a decision
    bad = client.post("/people/nw-p02/influence", data={**data, "strength": "1.5", "kind": "x"})
    assert bad.status_code == 422
    assert 'id="e-strength"' in bad.text and 'value="1.5"' in bad.text


def test_readers_get_403_and_sessions_need_the_csrf(
    tmp_path: Any, sample_data: dict[str, Any]
) -> None:
    from kamgraph.services.users import add_user

    app = create_app(Settings(db=None, data_dir=tmp_path / "signed"))
    forms = {
        "/deals/nw-o1/role": {"person": "nw-p05", "role": "coach"},
        "/accounts/nordwind/actions/new": {"title": "t", "owner": "s1", "strategy": "business"},
        "/accounts/nordwind/people/new": {"name": "New person"},
        "/people/nw-p02/edit": {"name": "Katrin Vogel"},
        "/people/nw-p02/influence": {"other": "nw-p05", "strength": "0.5", "kind": "advice"},
    }
    with TestClient(app, follow_redirects=False) as c:
        store = app.state.store
        admin = {"Authorization": f"Bearer {create_token(store, 'admin', 'admin')}"}
        assert c.post("/v1/import", json=sample_data, headers=admin).status_code == 200
        add_user(store, "lena", "editor", "correct horse battery", seller="s1")
        add_user(store, "rudi", "reader", "correct horse battery")
        sign_in_as(c, "lena")
        for url, data in forms.items():
            form = c.get(url, headers=PAGE)
            assert form.status_code == 200, url
            assert (
                c.post(url, data={**data, "version": _version_or_blank(form.text)}).status_code
                == 403
            )
        shown = c.get("/people/nw-p02/influence", headers=PAGE).text
        token = re.search(r'name="csrf" value="([^"]+)"', shown)
        assert token is not None
        link = {**forms["/people/nw-p02/influence"], "polarity": "positive", "csrf": token[1]}
        assert c.post("/people/nw-p02/influence", data=link).status_code == 303
        audit = c.get("/v1/audit", headers=admin).json()["items"]
        assert any(e["who"] == "user:lena" and e["target"] == "influences" for e in audit), audit[
            :3
        ]
        sign_in_as(c, "rudi")
        for page in ("/deals/nw-o1", "/accounts/nordwind", "/people/nw-p02"):
            links = paths(parse(c.get(page, headers=PAGE).text).links)
            assert not [p for p in links if p in forms or p.endswith(("/log", "/close"))], page
        for url, data in forms.items():
            assert c.get(url, headers=PAGE).status_code == 403, url
            assert c.post(url, data={**data, "csrf": "x"}).status_code == 403, url


def _version_or_blank(html: str) -> str:
    found = re.search(r'name="version" value="([0-9a-f]*)"', html)
    return found[1] if found else ""


def test_the_forms_keep_to_the_callers_accounts(tmp_path: Any, sample_data: dict[str, Any]) -> None:
    from tests.test_access import RIVAL

    app = create_app(Settings(db=None, data_dir=tmp_path / "team", access="team"))
    with TestClient(app, follow_redirects=False) as c:
        store = app.state.store
        admin = {"Authorization": f"Bearer {create_token(store, 'admin', 'admin')}"}
        for bundle in (sample_data, RIVAL):
            assert c.post("/v1/import", json=bundle, headers=admin).status_code == 200
        lena = {"Authorization": f"Bearer {create_token(store, 'lena', 'editor', seller='s1')}"}
        for url in ("/deals/rv-o1/role", "/accounts/rival/actions/new", "/people/rv-p1/edit"):
            assert c.get(url, headers=lena).status_code == 404, url
        assert c.get("/deals/nw-o1/role", headers=lena).status_code == 200
        link = {"other": "rv-p1", "direction": "to", "kind": "advice", "strength": "0.5"}
        answer = c.post("/people/nw-p02/influence", data=link, headers=lena)
        assert answer.status_code == 404
        role = {"person": "rv-p1", "role": "coach", "stance": "mentor", "influence": "high"}
        answer = c.post("/deals/nw-o1/role", data=role, headers=lena)
        assert answer.status_code == 422 and 'id="e-person"' in answer.text
