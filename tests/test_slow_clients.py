"""Slow clients (issue 15 #13): a connection that does not deliver a complete request head in
time is closed; one that does is served, and keeps being served on keep-alive."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from api.app import create_app
from api.server import config
from kamgraph.settings import Settings

DEADLINE = 0.6


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    settings = Settings(db=None, data_dir=tmp_path_factory.mktemp("slow"), header_timeout=DEADLINE)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    server = uvicorn.Server(config(create_app(settings), settings, "127.0.0.1", free))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield free
    server.should_exit = True
    thread.join(30)


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes the connection (recv gives b'') within `seconds`."""
    sock.settimeout(seconds)
    try:
        while True:
            if sock.recv(4096) == b"":
                return True
    except TimeoutError:
        return False


def test_a_half_open_connection_is_closed(port: int) -> None:
    silent = socket.create_connection(("127.0.0.1", port))
    trickle = socket.create_connection(("127.0.0.1", port))
    trickle.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # the head never ends
    started = time.monotonic()
    assert closed_within(silent, DEADLINE * 8)
    assert closed_within(trickle, DEADLINE * 8)
    assert time.monotonic() - started < DEADLINE * 8


def health(sock: socket.socket, query: bytes = b"") -> bytes:
    """One GET /health on an open connection: the whole answer (its JSON body ends with `}`)."""
    sock.sendall(b"GET /health" + query + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.settimeout(10)
    answer = b""
    while not answer.endswith(b"}"):
        part = sock.recv(65536)
        assert part, answer
        answer += part
    return answer


def test_a_prompt_client_is_served_twice_on_one_connection(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        for _ in range(2):
            answer = health(sock)
            assert answer.startswith(b"HTTP/1.1 200"), answer[:100]
            time.sleep(DEADLINE / 3)


def test_serve_uses_the_deadline(tmp_path: Path) -> None:
    settings = Settings(db=None, data_dir=tmp_path, header_timeout=3)
    made = config(object(), settings, "127.0.0.1", 1)
    assert made.http.header_timeout == 3  # type: ignore[union-attr]


def test_the_access_log_keeps_no_query_strings(port: int, caplog: pytest.LogCaptureFixture) -> None:
    with (
        caplog.at_level("INFO", logger="uvicorn.access"),
        socket.create_connection(("127.0.0.1", port)) as sock,
    ):
        assert health(sock, b"?q=Katrin+Vogel").startswith(b"HTTP/1.1 200")
        deadline = time.monotonic() + 5
        while "/health" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
    assert "GET /health" in caplog.text and "Katrin" not in caplog.text


def test_a_rebound_host_name_is_refused(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.server import LOCAL_NAMES, hosts_for

    assert hosts_for(Settings(data_dir=tmp_path), "127.0.0.1").allowed_hosts == LOCAL_NAMES
    assert hosts_for(Settings(data_dir=tmp_path), "0.0.0.0").allowed_hosts is None
    mine = Settings(data_dir=tmp_path, allowed_hosts=["kam.example.com"])
    assert hosts_for(mine, "127.0.0.1").allowed_hosts == ["kam.example.com"]
    local = hosts_for(Settings(db=None, data_dir=tmp_path, auth_disabled=True), "127.0.0.1")
    with TestClient(create_app(local), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/v1/sellers").status_code == 200
        assert c.get("/v1/sellers", headers={"Host": "localhost:8000"}).status_code == 200
        rebound = c.get("/v1/sellers", headers={"Host": "evil.example:8000"})
        assert rebound.status_code == 400
