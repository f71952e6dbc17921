"""Every text field of every table is bounded and holds only real, visible characters (issue 15
#6): refused with the row and the field by the library, the CLI (exit 1, nothing written) and
the API (422), with the bounds in the OpenAPI schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.routes.crud import PATHS
from kamgraph.cli import app as cli
from kamgraph.errors import InvalidBundle
from kamgraph.interchange.bundle import validate
from kamgraph.interchange.limits import TextField, all_text_fields
from kamgraph.interchange.model import (
    MAX_EMAIL,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    TABLE_MODELS,
)
from kamgraph.settings import Settings
from tests.factories import tiny

FIELDS = all_text_fields()
# The free text (not the ids: those had their grammar before): what the API tests go through.
FREE = [f for f in FIELDS if not f.is_id]


def _row(table: str) -> dict[str, Any]:
    row: dict[str, Any] = dict(tiny()[table][0])
    return row


def _with(f: TextField, text: str) -> dict[str, Any]:
    row = _row(f.table)
    row[f.field] = [text] if f.max_items is not None else text
    return row


def _bundle(table: str, row: dict[str, Any]) -> dict[str, Any]:
    data = tiny()
    data[table][0] = row
    return data


def _refused(data: dict[str, Any], table: str, field: str, says: str) -> None:
    with pytest.raises(InvalidBundle) as caught:
        validate(data)
    errors = [e for e in caught.value.errors if e.startswith(f"{table}[0].{field}")]
    assert errors and says in errors[0], caught.value.errors


def _accepted(data: dict[str, Any], table: str, field: str) -> None:
    """No error about this field (a reference at its longest may dangle: another error)."""
    try:
        validate(data)
    except InvalidBundle as e:
        about = [x for x in e.errors if x.startswith(f"{table}[0].{field}")]
        assert all("unknown" in x or "itself" in x for x in about), e.errors


def test_the_bounds_are_the_documented_ones() -> None:
    bounds = {(f.table, f.field): f.max_length for f in FIELDS}
    assert bounds["people", "name"] == bounds["actions", "title"] == MAX_SHORT_TEXT == 200
    assert bounds["people", "email"] == bounds["sellers", "email"] == MAX_EMAIL == 254
    assert bounds["interactions", "notes"] == bounds["people", "profile"] == MAX_LONG_TEXT
    assert bounds["influences", "evidence"] == MAX_LONG_TEXT == 10_000
    assert bounds["accounts", "currency"] == 16
    items = {(f.table, f.field): f.max_items for f in FIELDS if f.max_items}
    assert items["people", "interests"] == 100 and items["interactions", "people"] == 1_000


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f"{f.table}.{f.field}")
def test_every_text_field_is_bounded(f: TextField) -> None:
    _accepted(_bundle(f.table, _with(f, "x" * f.max_length)), f.table, f.field)
    _refused(_bundle(f.table, _with(f, "x" * (f.max_length + 1))), f.table, f.field, "at most")


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f"{f.table}.{f.field}")
@pytest.mark.parametrize("bad", ["a\x00b", "a\x01b", "a\x7fb", "a\x85b", "a\ud800b", "\udfff"])
def test_no_control_character_or_lone_surrogate_in_any_text(f: TextField, bad: str) -> None:
    says = "surrogate" if "\ud800" in bad or "\udfff" in bad else "control character"
    _refused(_bundle(f.table, _with(f, bad)), f.table, f.field, says)


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f"{f.table}.{f.field}")
def test_tab_and_newline_only_in_long_text(f: TextField) -> None:
    data = _bundle(f.table, _with(f, "a\n\tb\r\n"))
    if f.prose:
        _accepted(data, f.table, f.field)
    else:
        _refused(data, f.table, f.field, "control character")


@pytest.mark.parametrize("f", [f for f in FIELDS if f.max_items], ids=lambda f: f.field)
def test_lists_are_bounded(f: TextField) -> None:
    assert f.max_items is not None
    row = _row(f.table)
    row[f.field] = [f"x{i}" for i in range(f.max_items + 1)]
    _refused(_bundle(f.table, row), f.table, f.field, f"at most {f.max_items} items")


def test_ten_megabytes_of_notes_are_refused() -> None:
    row = _row("interactions") | {"notes": "x" * 10_000_000}
    _refused(_bundle("interactions", row), "interactions", "notes", "at most 10000 characters")


def test_the_cli_names_row_and_field_and_writes_nothing(tmp_path: Path) -> None:
    runner, env = CliRunner(), {"KAMGRAPH_DATA_DIR": str(tmp_path / "d"), "KAMGRAPH_DB": ""}
    good = tmp_path / "good.json"
    good.write_text(json.dumps(tiny()))
    assert runner.invoke(cli, ["import", str(good)], env=env).exit_code == 0
    before = runner.invoke(cli, ["export"], env=env).output
    data = tiny()
    data["people"][1]["email"] = "bo\x00@acme.example"
    data["accounts"][0]["name"] = "renamed"  # a valid change in the same bundle: not written
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = runner.invoke(cli, ["import", str(bad)], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "people[1].email: text may not contain control characters" in result.output
    assert "nothing was written" in result.output
    assert runner.invoke(cli, ["export"], env=env).output == before


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(db=None, data_dir=tmp_path_factory.mktemp("limits"), auth_disabled=True)
    with TestClient(create_app(settings)) as c:
        assert c.post("/v1/import", json=tiny()).status_code < 300
        yield c


def _post(client: TestClient, table: str, raw: str) -> Any:
    path = f"/v1/{PATHS[table]}"
    return client.post(path, content=raw, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("f", FREE, ids=lambda f: f"{f.table}.{f.field}")
def test_the_api_answers_422_with_the_field(client: TestClient, f: TextField) -> None:
    before = client.get("/v1/export").json()
    # Raw JSON: "\ud800" is a lone surrogate only as an escape (no encoder writes one).
    row = _with(f, "PLACEHOLDER")
    for bad, says in [
        ('"a\\u0000b"', "control character"),
        ('"\\ud800"', "surrogate"),
        (json.dumps("x" * (f.max_length + 1)), "at most"),
    ]:
        raw = json.dumps(row).replace('"PLACEHOLDER"', bad)
        got = _post(client, f.table, raw)
        assert got.status_code == 422, got.text[:300]
        errors = got.json()["errors"]
        assert any(e.startswith(f"{f.table}[0].{f.field}") and says in e for e in errors), errors
    assert client.get("/v1/export").json() == before


def test_the_openapi_schema_carries_every_bound(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for table in TABLE_MODELS:
        body = paths[f"/v1/{PATHS[table]}"]["post"]["requestBody"]["content"]["application/json"]
        props = body["schema"]["properties"]
        for f in (f for f in FIELDS if f.table == table):
            prop = props[f.field]
            options = prop.get("anyOf", [prop])
            found = [o for o in options if o.get("type") in ("string", "array")][0]
            if f.max_items is not None:
                assert found["maxItems"] == f.max_items
                found = found["items"]
            assert found["maxLength"] == f.max_length, (table, f.field)


def test_a_reference_list_of_lists_is_422_not_500(client: TestClient) -> None:
    # Found by schemathesis once the body schema was published: sorted() took the lists, set()
    # did not (TypeError, a 500).
    row = _row("interactions") | {"id": "i-lists", "people": [["p1"], ["p2"]]}
    got = client.post("/v1/interactions", json=row)
    assert got.status_code == 422 and "interactions[0].people.0" in got.text, got.text
