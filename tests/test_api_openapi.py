"""The OpenAPI page: every parameter of the table, bundle, privacy and audit routes has an example,
and the examples are requests that work on the example rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api import audit
from api.app import create_app
from api.routes import bundle, crud, privacy
from kamgraph.interchange.tables import SPECS
from kamgraph.services.tokens import create_token
from kamgraph.settings import Settings
from tests.factories import tiny

ROUTERS: list[APIRouter] = [*crud.ROUTERS, bundle.router, privacy.router, audit.router]


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every route of ROUTERS, as the served schema has it."""
    ours = {
        (method.lower(), route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
    found = [
        (method, path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if (method, path) in ours
    ]
    assert len(found) == len(ours)  # every route of those routers is in the schema
    return found


def example_of(param: dict[str, Any]) -> Any:
    examples = param.get("examples") or {}
    assert examples, f"{param['in']} parameter {param['name']!r} has no example"
    values = [e["value"] for e in examples.values()]
    assert all(v is not None and v != "" for v in values), param["name"]
    return values[0]


def test_every_parameter_has_an_example(tmp_path: Path) -> None:
    schema = create_app(Settings(db=None, data_dir=tmp_path)).openapi()
    seen: dict[str, int] = {"path": 0, "query": 0}
    for method, path, op in operations(schema):
        for param in op.get("parameters", []):
            where = f"{method.upper()} {path}"
            assert param["in"] in seen, f"{where}: unexpected {param['in']} parameter"
            if param["in"] == "path":
                assert "{" + param["name"] + "}" in path, where
            example_of(param)
            seen[param["in"]] += 1
    by_id = [t for t in crud.PATHS if SPECS[t].key == ("id",)]
    # Read, replace and delete by id for each table with an id, plus a person's export.
    assert seen["path"] == 3 * len(by_id) + 1
    # account, offset, limit of every list; erase on every delete by id; link-table delete keys.
    assert seen["query"] >= 3 * len(crud.PATHS) + len(by_id)


def test_the_examples_are_requests_that_work(tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path))
    with TestClient(app) as client:
        head = {"Authorization": f"Bearer {create_token(app.state.store, 'admin', 'admin')}"}
        assert client.post("/v1/import", json=tiny(), headers=head).status_code == 200
        tried = 0
        for method, path, op in operations(app.openapi()):
            if method == "get" or (method == "delete" and "{" not in path):
                url, query = path, {}
                for param in op.get("parameters", []):
                    value = example_of(param)
                    if param["in"] == "path":
                        url = url.replace("{" + param["name"] + "}", str(value))
                    else:
                        query[param["name"]] = value
                response = client.request(method.upper(), url, params=query, headers=head)
                # A link-table delete with the example key removes the example row (204).
                assert response.status_code in (200, 204), (
                    f"{method} {url} {query}: {response.text}"
                )
                tried += 1
        # Every list (but actions': theirs, with more filters, is in plans.py and walked in
        # tests/test_plans.py); a read by id or a delete by key per table; bundle export,
        # person, audit.
        assert tried == 2 * len(crud.PATHS) - 1 + 3
        people = client.get("/v1/people", params={"account": "acme", "offset": 2}, headers=head)
        assert [p["id"] for p in people.json()["items"]] == ["p3"]
