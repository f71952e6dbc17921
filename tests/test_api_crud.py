"""CRUD routes of every table: create, read, replace, list with pages, delete, and their errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.crud import PATHS
from kamgraph.services.tokens import create_token
from kamgraph.settings import Settings
from tests.factories import tiny


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    app = create_app(Settings(db=None, data_dir=tmp_path))
    with TestClient(app) as c:
        store = app.state.store
        heads = {
            role: {"Authorization": f"Bearer {create_token(store, role, role)}"}
            for role in ("reader", "editor", "admin")
        }
        assert c.post("/v1/import", json=tiny(), headers=heads["admin"]).status_code == 200
        yield c, heads


def test_every_table_lists_its_rows(client: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    c, h = client
    data = tiny()
    for table, path in PATHS.items():
        page = c.get(f"/v1/{path}?limit=500", headers=h["reader"])
        assert page.status_code == 200, path
        assert page.json()["total"] == len(data[table]), path
        assert len(page.json()["items"]) == len(data[table]), path


def test_pages_and_account_filter(client: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    c, h = client
    first = c.get("/v1/people?limit=2", headers=h["reader"]).json()
    second = c.get("/v1/people?limit=2&offset=2", headers=h["reader"]).json()
    assert first["total"] == 4 and [p["id"] for p in first["items"] + second["items"]] == [
        "p1",
        "p2",
        "p3",
        "p4",
    ]
    only = c.get("/v1/people?account=acme-de", headers=h["reader"]).json()
    assert [p["id"] for p in only["items"]] == ["p4"]
    assert c.get("/v1/people?limit=501", headers=h["reader"]).status_code == 422


def test_create_read_replace_delete_a_person(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    c, h = client
    made = c.post(
        "/v1/people", json={"id": "p9", "account": "acme", "name": "New"}, headers=h["editor"]
    )
    assert made.status_code == 201 and made.json()["political_status"] == "outside"
    assert (
        c.post("/v1/people", json={"id": "p9", "account": "acme"}, headers=h["editor"]).status_code
        == 409
    )
    replaced = c.put(
        "/v1/people/p9", json={"account": "acme", "name": "Renamed"}, headers=h["editor"]
    )
    assert replaced.json()["name"] == "Renamed"
    assert c.get("/v1/people/p9", headers=h["reader"]).json()["name"] == "Renamed"
    mismatch = c.put("/v1/people/p9", json={"id": "p8", "account": "acme"}, headers=h["editor"])
    assert mismatch.status_code == 422
    assert c.delete("/v1/people/p9", headers=h["editor"]).status_code == 403
    assert c.delete("/v1/people/p9", headers=h["admin"]).status_code == 204
    gone = c.get("/v1/people/p9", headers=h["reader"])
    assert gone.status_code == 404 and "p9" in gone.json()["detail"]
    assert c.put("/v1/people/p9", json={"account": "acme"}, headers=h["editor"]).status_code == 404


def test_writes_are_validated_like_a_bundle(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    c, h = client
    dangling = c.post("/v1/people", json={"id": "p10", "account": "nope"}, headers=h["editor"])
    assert dangling.status_code == 422
    assert dangling.json()["errors"] == [
        "people[0].account: unknown account 'nope' (not in this bundle nor in the database)"
    ]
    bad = c.post(
        "/v1/influences", json={"source": "p1", "target": "p2", "strength": 3}, headers=h["editor"]
    )
    assert bad.status_code == 422 and "strength" in bad.json()["errors"][0]
    assert (
        c.post("/v1/people", json={"id": "p11", "account": "acme"}, headers=h["reader"]).status_code
        == 403
    )


def test_rows_in_use_are_not_deleted(client: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    c, h = client
    refused = c.delete("/v1/accounts/acme", headers=h["admin"])
    assert refused.status_code == 409 and "EMPLOYED_BY" in refused.json()["detail"]
    assert c.delete("/v1/sellers/s1", headers=h["admin"]).status_code == 409
    assert c.get("/v1/accounts/acme", headers=h["reader"]).status_code == 200


def test_link_rows_by_key(client: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    c, h = client
    key = {"source": "p2", "target": "p1", "kind": "advice"}
    updated = c.put("/v1/influences", json={**key, "strength": 0.9}, headers=h["editor"])
    assert updated.status_code == 200 and updated.json()["strength"] == 0.9
    assert (
        c.delete("/v1/influences", params={"source": "p2"}, headers=h["admin"]).status_code == 422
    )
    assert c.delete("/v1/influences", params=key, headers=h["admin"]).status_code == 204
    assert c.delete("/v1/influences", params=key, headers=h["admin"]).status_code == 404
    missing = c.put(
        "/v1/roles",
        json={"opportunity": "o1", "person": "p2", "role": "coach"},
        headers=h["editor"],
    )
    assert missing.status_code == 404
    team = c.post(
        "/v1/account-team",
        json={"account": "acme", "seller": "s3", "role": "FR"},
        headers=h["editor"],
    )
    assert team.status_code == 201
    assert c.get("/v1/account-team?account=acme", headers=h["reader"]).json()["total"] == 3


def test_every_write_is_audited_without_secrets(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    c, h = client
    c.post("/v1/sellers", json={"id": "s7", "name": "Audit Me"}, headers=h["editor"])
    c.put("/v1/sellers/s7", json={"name": "Audited"}, headers=h["editor"])
    c.delete("/v1/sellers/s7", headers=h["admin"])
    assert c.get("/v1/audit", headers=h["editor"]).status_code == 403
    log = c.get("/v1/audit", headers=h["admin"]).json()
    actions = [(e["who"], e["action"], e["target"], e["ids"]) for e in log["items"][:3]]
    assert actions == [
        ("admin", "delete", "sellers", ["s7"]),
        ("editor", "replace", "sellers", ["s7"]),
        ("editor", "create", "sellers", ["s7"]),
    ]
    # Before them: the bundle import, and the fixture's three tokens (created by the local user).
    assert log["items"][3]["action"] == "import" and log["total"] == 7
    assert [(e["action"], e["ids"]) for e in log["items"][4:]] == [
        ("create", [role, role]) for role in ("admin", "editor", "reader")
    ]
    text = str(log)
    assert "Bearer" not in text and "kg_" not in text


def test_personal_data_export_and_erasure(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    c, h = client
    assert c.get("/v1/people/p2/export", headers=h["editor"]).status_code == 403
    mine = c.get("/v1/people/p2/export", headers=h["admin"]).json()
    assert [p["id"] for p in mine["people"]] == ["p2"]
    assert {i["id"] for i in mine["interactions"]} == {"i1", "i2"}
    assert len(mine["reports_to"]) == 2 and len(mine["relationships"]) == 1
    assert c.get("/v1/people/nobody/export", headers=h["admin"]).status_code == 404
    assert c.delete("/v1/sellers/s1?erase=true", headers=h["admin"]).status_code == 422
    erased = c.delete("/v1/people/p2?erase=true", headers=h["admin"])
    assert erased.status_code == 200, erased.text
    assert erased.json()["people"] == 1 and erased.json()["interactions"] == 1
    assert c.get("/v1/people/p2", headers=h["reader"]).status_code == 404
    left = {i["id"]: i for i in c.get("/v1/interactions", headers=h["reader"]).json()["items"]}
    assert "i1" not in left  # p2 was its only person
    assert left["i2"]["people"] == ["p1"]  # shared: only the link to p2 went
    assert c.get("/v1/relationships", headers=h["reader"]).json()["total"] == 0
    log = c.get("/v1/audit", headers=h["admin"]).json()["items"]
    assert [e["action"] for e in log[:2]] == ["erase", "export_person"]
    assert log[0]["ids"] == []  # that an erasure happened, not whom it erased


@pytest.mark.parametrize("table", sorted(PATHS))
def test_every_table_route_checks_roles(
    table: str, client: tuple[TestClient, dict[str, dict[str, str]]]
) -> None:
    from api.routes.crud import EXAMPLES
    from kamgraph.interchange.tables import SPECS

    c, h = client
    path = f"/v1/{PATHS[table]}"
    assert c.get(path).status_code == 401
    assert c.get(path, headers=h["reader"]).status_code == 200
    assert c.post(path, json=EXAMPLES[table], headers=h["reader"]).status_code == 403
    key = {k: str(EXAMPLES[table][k]) for k in SPECS[table].key}
    if SPECS[table].key == ("id",):
        one = f"{path}/{key['id']}"
        assert c.put(one, json=EXAMPLES[table], headers=h["reader"]).status_code == 403
        assert c.delete(one, headers=h["editor"]).status_code == 403
    else:
        assert c.put(path, json=EXAMPLES[table], headers=h["reader"]).status_code == 403
        assert c.delete(path, params=key, headers=h["editor"]).status_code == 403
    assert c.get(path, headers=h["reader"]).json()["total"] == len(tiny()[table])  # unchanged


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("a/b", "may not contain '/'"),
        ("a\tb", "control characters"),
        ("line\nbreak", "control characters"),
        (" padded", "start or end with a space"),
        ("x" * 201, "at most 200"),
    ],
)
def test_one_id_grammar_on_every_write_path(
    client: tuple[TestClient, dict[str, dict[str, str]]], bad: str, says: str
) -> None:
    """An id that could never be read back through its URL is refused when written (422),
    through a row route and through an import alike, and nothing is stored."""
    c, h = client
    before = c.get("/v1/export", headers=h["admin"]).json()
    row = c.post("/v1/sellers", json={"id": bad, "name": "Lee"}, headers=h["editor"])
    assert row.status_code == 422 and says in row.text, row.text
    bundle = {"format": "kamgraph/v1", "sellers": [{"id": bad, "name": "Lee"}]}
    imported = c.post("/v1/import", json=bundle, headers=h["admin"])
    assert imported.status_code == 422 and says in imported.text, imported.text
    assert c.get("/v1/export", headers=h["admin"]).json() == before


def test_a_write_that_would_split_a_unit_from_its_account_is_a_422(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    # Found by the fuzzer: both writes were accepted, and the export no longer validated.
    c, h = client
    before = c.get("/v1/export", headers=h["admin"]).json()
    person = {"id": "p9", "account": "acme-de", "unit": "acme-it", "name": "Ivo Ilic"}
    got = c.post("/v1/people", json=person, headers=h["editor"])
    assert got.status_code == 422, got.text
    assert got.json()["errors"] == [
        "people[0].unit: unit 'acme-it' belongs to account 'acme', not 'acme-de'"
    ]
    unit = {"account": "acme-de", "name": "Network ops"}
    got = c.put("/v1/units/acme-ops", json=unit, headers=h["editor"])
    assert got.status_code == 422, got.text
    assert got.json()["errors"] == [
        "units[0].account: unit 'acme-ops' belongs to account 'acme-de', not 'acme', the account "
        "of stored person 'p2' in it (move them in the same bundle)"
    ]
    assert c.get("/v1/export", headers=h["admin"]).json() == before
