"""Authentication before the body is read (issue 15, #5)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.services.tokens import create_token
from kamgraph.settings import Settings

JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, TestClient, str]]:
    settings = Settings(db=None, data_dir=tmp_path_factory.mktemp("gate"), auth_disabled=False)
    app = create_app(settings)
    with TestClient(app) as client:
        secret = create_token(app.state.store, "ed", "editor")
        yield app, client, secret


def status_and_reads(
    app: FastAPI, authorization: str | None, path: str = "/v1/sellers"
) -> tuple[int, int]:
    """Send a 46 MB POST straight to the app: its status, and how many body parts it read."""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"46000000")]
    if authorization:
        headers.append((b"authorization", authorization.encode()))
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers,
        "http_version": "1.1",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1),
        "root_path": "",
    }
    reads: list[int] = []
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        reads.append(1)
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    # A thread of its own: the test process may already run an event loop (Playwright's).
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return int(sent[0]["status"]), len(reads)


def test_no_or_an_unknown_token_is_refused_before_the_body(
    served: tuple[FastAPI, TestClient, str],
) -> None:
    app, _, _ = served
    for authorization in (None, "Bearer kg_nope", "Basic abc"):
        assert status_and_reads(app, authorization) == (401, 0), authorization


def test_a_known_token_gets_its_body_read(served: tuple[FastAPI, TestClient, str]) -> None:
    _, client, secret = served
    body = {"id": "s9", "name": "Lee"}
    made = client.post("/v1/sellers", json=body, headers={"Authorization": f"Bearer {secret}"})
    assert made.status_code == 201, made.text
    refused = client.post("/v1/sellers", json={"id": "s8", "name": "Kim"})
    assert refused.status_code == 401 and "before the body is read" in refused.text
    assert (
        client.get("/v1/sellers/s8", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 404
    )
    assert client.get("/health").status_code == 200  # no body, no token needed


def test_only_a_small_body_reaches_the_sign_in_form(
    served: tuple[FastAPI, TestClient, str],
) -> None:
    app, _, _ = served
    assert status_and_reads(app, None, path="/signin") == (401, 0)


def test_nothing_changes_with_auth_disabled(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(db=None, data_dir=tmp_path, auth_disabled=True))) as c:
        assert c.post("/v1/sellers", json={"id": "s1", "name": "Lee"}).status_code == 201
