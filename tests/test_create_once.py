"""Of concurrent creates of one id exactly one is applied (issue 15 #8): 201 once, 409 for the
others, and the stored row is the one that was acknowledged."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.errors import ConflictError
from kamgraph.interchange.ingest import import_data
from kamgraph.services.audit import entries
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from tests.factories import tiny

CLIENTS = 8


def _race(client: TestClient, path: str, rows: list[dict[str, Any]]) -> list[Any]:
    start = threading.Barrier(len(rows))
    answers: list[Any] = [None] * len(rows)

    def create(n: int) -> None:
        start.wait()
        answers[n] = client.post(path, json=rows[n])

    threads = [threading.Thread(target=create, args=(n,)) for n in range(len(rows))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


@pytest.mark.parametrize("attempt", range(3))
def test_parallel_creates_of_one_id_answer_201_once(tmp_path: Path, attempt: int) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path, auth_disabled=True))
    with TestClient(app) as client:
        import_data(app.state.store, tiny())
        rows = [{"id": "new", "name": f"writer {n}"} for n in range(CLIENTS)]
        answers = _race(client, "/v1/sellers", rows)
        codes = sorted(a.status_code for a in answers)
        assert codes == [201] + [409] * (CLIENTS - 1), [a.text for a in answers]
        won = next(a for a in answers if a.status_code == 201).json()
        assert client.get("/v1/sellers/new").json() == won  # not overwritten by a later one
        assert all("already exists" in a.json()["detail"] for a in answers if a.status_code == 409)
        # One audit entry: the refused creates left nothing behind.
        log, _ = entries(app.state.store)
        assert [e.ids for e in log if e.action == "create"] == [["new"]]


def test_parallel_creates_of_one_link_answer_201_once(tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path, auth_disabled=True))
    with TestClient(app) as client:
        import_data(app.state.store, tiny())
        rows = [{"account": "acme-de", "seller": "s2", "role": "SR"} for _ in range(CLIENTS)]
        codes = sorted(a.status_code for a in _race(client, "/v1/account-team", rows))
        assert codes == [201] + [409] * (CLIENTS - 1)


def test_a_failing_guard_drops_the_whole_unit(tmp_path: Path) -> None:
    store = open_store(Settings(db=None, data_dir=tmp_path))
    try:
        import_data(store, tiny())

        def refuse() -> None:
            # The guard reads the store while it holds the write gate: no deadlock.
            assert store.read("bundle/keys_sellers", account=None)
            raise ConflictError("taken")

        row = {"format": "kamgraph/v1", "sellers": [{"id": "s9", "name": "Nine"}]}
        with pytest.raises(ConflictError):
            import_data(store, row, guard=refuse)
        keys = {r["id"] for r in store.read("bundle/keys_sellers", account=None)}
        assert "s9" not in keys
    finally:
        store.close()
