"""The REST API through TestClient with the lifespan: roles, analyses, bundles, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kamgraph.analysis.results import (
    BriefResult,
    CoverageResult,
    DecayResult,
    InfluencersResult,
    PathsResult,
)
from kamgraph.cli import app as cli
from kamgraph.generators.sample import SAMPLE_AS_OF
from kamgraph.settings import Settings
from tests.factories import tiny

AS_OF = SAMPLE_AS_OF.isoformat()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api")
    env = {"KAMGRAPH_DATA_DIR": str(path), "KAMGRAPH_DB": ""}
    assert CliRunner().invoke(cli, ["demo"], env=env).exit_code == 0
    return path


@pytest.fixture(scope="module")
def tokens(data_dir: Path) -> dict[str, str]:
    """One token per role, created with the CLI; the secret is the last line of its output."""
    env = {"KAMGRAPH_DATA_DIR": str(data_dir), "KAMGRAPH_DB": ""}
    out: dict[str, str] = {}
    for role in ("reader", "editor", "admin"):
        result = CliRunner().invoke(
            cli, ["token", "create", "--role", role, "--name", f"t-{role}"], env=env
        )
        assert result.exit_code == 0, result.output
        out[role] = result.stdout.strip().splitlines()[-1]
    return out


@pytest.fixture(scope="module")
def client(data_dir: Path, tokens: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=None, data_dir=data_dir))) as c:
        yield c


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ANALYSES: list[tuple[str, type[Any]]] = [
    (f"/v1/accounts/nordwind/coverage?as_of={AS_OF}", CoverageResult),
    (f"/v1/accounts/nordwind/influencers?opportunity=nw-o1&as_of={AS_OF}", InfluencersResult),
    (f"/v1/accounts/nordwind/decay?as_of={AS_OF}", DecayResult),
    (f"/v1/people/nw-p02/paths?k=3&from=s1&from=s4&as_of={AS_OF}", PathsResult),
    (f"/v1/people/nw-p02/brief?as_of={AS_OF}", BriefResult),
]


@pytest.mark.parametrize(("url", "model"), ANALYSES)
def test_analyses_equal_the_cli_json(
    url: str, model: type[Any], client: TestClient, tokens: dict[str, str], data_dir: Path
) -> None:
    response = client.get(url, headers=auth(tokens["reader"]))
    assert response.status_code == 200, response.text
    model.model_validate(response.json())
    if "coverage" in url:
        env = {"KAMGRAPH_DATA_DIR": str(data_dir), "KAMGRAPH_DB": ""}
        cli_out = CliRunner().invoke(
            cli, ["coverage", "--account", "nordwind", "--as-of", AS_OF, "--json"], env=env
        )
        assert json.loads(cli_out.stdout) == response.json()
    if "paths" in url:
        assert {p["seller"] for p in response.json()["paths"]} <= {"s1", "s4"}


def test_no_token_is_401_and_bad_token_is_401(client: TestClient) -> None:
    url = ANALYSES[0][0]
    assert client.get(url).status_code == 401
    assert client.get(url, headers=auth("kg_not-a-token")).status_code == 401
    assert client.get(url, headers={"Authorization": "Basic abc"}).status_code == 401


def test_roles(client: TestClient, tokens: dict[str, str]) -> None:
    bundle = {"format": "kamgraph/v1", "sellers": [{"id": "s-api", "name": "Api Seller"}]}
    for role in ("reader", "editor"):
        denied = client.post("/v1/import", json=bundle, headers=auth(tokens[role]))
        assert denied.status_code == 403 and "admin needed" in denied.json()["detail"]
    ok = client.post("/v1/import", json=bundle, headers=auth(tokens["admin"]))
    assert ok.status_code == 200 and ok.json()["added"] == 1
    # Bundles are personal data in bulk: admins only (and audited, tests/test_access.py).
    assert (
        client.get("/v1/export?account=nordwind", headers=auth(tokens["reader"])).status_code == 403
    )
    export = client.get("/v1/export?account=nordwind", headers=auth(tokens["admin"]))
    assert export.status_code == 200 and export.json()["format"] == "kamgraph/v1"
    assert client.get("/v1/export", headers=auth(tokens["editor"])).status_code == 403


def test_revoked_token_stops_working(
    client: TestClient, data_dir: Path, tokens: dict[str, str]
) -> None:
    env = {"KAMGRAPH_DATA_DIR": str(data_dir), "KAMGRAPH_DB": ""}
    made = CliRunner().invoke(
        cli, ["token", "create", "--role", "reader", "--name", "tmp"], env=env
    )
    secret = made.stdout.strip().splitlines()[-1]
    url = ANALYSES[2][0]
    assert client.get(url, headers=auth(secret)).status_code == 200
    listed = CliRunner().invoke(cli, ["token", "list", "--json"], env=env)
    names = {t["name"]: t["role"] for t in json.loads(listed.stdout)}
    assert names["tmp"] == "reader" and secret not in listed.stdout
    assert CliRunner().invoke(cli, ["token", "revoke", "tmp"], env=env).exit_code == 0
    assert client.get(url, headers=auth(secret)).status_code == 401
    again = CliRunner().invoke(cli, ["token", "revoke", "tmp"], env=env)
    assert again.exit_code == 1 and "unknown token 'tmp'" in again.stderr


def test_error_codes(client: TestClient, tokens: dict[str, str]) -> None:
    reader, admin = auth(tokens["reader"]), auth(tokens["admin"])
    missing = client.get("/v1/accounts/nope/coverage", headers=reader)
    assert missing.status_code == 404 and "'nope'" in missing.json()["detail"]
    assert client.get("/v1/people/ghost/paths", headers=reader).status_code == 404
    hops = client.get("/v1/people/nw-p02/paths?max_hops=9", headers=reader)
    assert hops.status_code == 422 and hops.json()["detail"][0]["loc"] == ["query", "max_hops"]
    bad = tiny()
    bad["influences"][0]["strength"] = 7
    rejected = client.post("/v1/import", json=bad, headers=admin)
    assert rejected.status_code == 422
    assert (
        "influences[0].strength: Input should be less than or equal to 1"
        in (rejected.json()["errors"])
    )
    assert "Traceback" not in rejected.text
    big = client.post(
        "/v1/import",
        content=b"x" * 60_000_001,
        headers={**admin, "Content-Type": "application/json"},
    )
    assert big.status_code == 413


def test_health_ready_and_docs(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/ready").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/v1/accounts/{account}/coverage" in schema["paths"]
    assert client.get("/docs").status_code == 200


def test_auth_can_be_switched_off_for_local_use(data_dir: Path) -> None:
    settings = Settings(db=None, data_dir=data_dir, auth_disabled=True)
    with TestClient(create_app(settings)) as local:
        assert local.get(ANALYSES[2][0]).status_code == 200
