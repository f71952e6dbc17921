"""The request body limit: by Content-Length, and by counting a chunked body as it streams in."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.settings import Settings

LIMIT = 1_000
OVER = {"detail": f"request body over {LIMIT} bytes"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[FastAPI, TestClient]]:
    settings = Settings(db=None, data_dir=tmp_path, auth_disabled=True, max_body_bytes=LIMIT)
    application = create_app(settings)
    with TestClient(application) as client:
        yield application, client


def chunks(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_content_length_over_the_limit_is_413(app: tuple[FastAPI, TestClient]) -> None:
    _, client = app
    big = client.post("/v1/import", content=b"x" * (LIMIT + 1), headers=JSON)
    assert big.status_code == 413 and big.json() == OVER


def test_chunked_body_over_the_limit_is_413(app: tuple[FastAPI, TestClient]) -> None:
    _, client = app
    sellers = [{"id": f"s{i}", "name": "A Seller"} for i in range(100)]
    body = json.dumps({"format": "kamgraph/v1", "sellers": sellers}).encode()
    assert len(body) > LIMIT
    seen: list[dict[str, str]] = []
    client.event_hooks["request"] = [lambda request: seen.append(dict(request.headers))]
    big = client.post("/v1/import", content=chunks(body, 100), headers=JSON)
    assert "content-length" not in seen[0] and seen[0]["transfer-encoding"] == "chunked"
    assert big.status_code == 413 and big.json() == OVER
    assert client.get("/v1/sellers").json()["total"] == 0  # nothing of it was imported


def test_small_chunked_body_is_accepted(app: tuple[FastAPI, TestClient]) -> None:
    _, client = app
    body = json.dumps({"format": "kamgraph/v1", "sellers": [{"id": "s1", "name": "Lee"}]})
    assert len(body) < LIMIT
    ok = client.post("/v1/import", content=chunks(body.encode(), 10), headers=JSON)
    assert ok.status_code == 200, ok.text
    assert ok.json()["added"] == 1
    assert client.get("/v1/sellers/s1").json()["name"] == "Lee"
    # The same for a CRUD write, and a body of exactly the limit is not over it.
    row = json.dumps({"id": "s2", "name": "x" * 10}).encode()
    exact = row[:-1] + b" " * (LIMIT - len(row)) + b"}"
    assert len(exact) == LIMIT
    made = client.post("/v1/sellers", content=chunks(exact, 100), headers=JSON)
    assert made.status_code == 201, made.text


def test_the_rest_of_a_chunked_body_is_not_read(app: tuple[FastAPI, TestClient]) -> None:
    """Straight through ASGI, so that the body really arrives in pieces: 100-byte chunks of a
    1 MB body; the app stops pulling at the chunk that passes the limit."""
    application, _ = app
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 100, "more_body": pulled < 10_000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/import",
        "raw_path": b"/v1/import",
        "root_path": "",
        "query_string": b"",
        "server": ("testserver", 80),
        "client": ("testclient", 50000),
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"transfer-encoding", b"chunked"),
        ],
    }
    # In a thread of its own: the session's Playwright (browser tests) keeps an event loop
    # running in the main thread, where asyncio.run() refuses to start.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, application(scope, receive, send)).result()  # type: ignore[arg-type]
    assert pulled == LIMIT // 100 + 1
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert [m["status"] for m in starts] == [413]  # only ours, not the app's own failed read
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert json.loads(body) == OVER
