"""8 clients writing interactions while 8 read analyses, for a bounded time: no error, no lost
write (every acknowledged interaction is readable afterwards)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from tests.factories import tiny

WRITERS, READERS, SECONDS, MAX_REQUESTS = 8, 8, 4.0, 400


def test_concurrent_writes_and_reads(tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path, auth_disabled=True))
    acknowledged: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    with TestClient(app) as client:
        import_data(app.state.store, tiny())
        stop = time.monotonic() + SECONDS

        def writer(n: int) -> None:
            for i in range(MAX_REQUESTS):
                if time.monotonic() > stop:
                    return
                ident = f"w{n}-{i}"
                row = {
                    "id": ident,
                    "date": "2026-10-10",
                    "kind": "call",
                    "sellers": ["s1"],
                    "people": ["p1", "p2"],
                }
                response = client.post("/v1/interactions", json=row)
                with lock:
                    if response.status_code == 201:
                        acknowledged.append(ident)
                    else:
                        failures.append(f"POST {ident}: {response.status_code} {response.text}")

        def reader(n: int) -> None:
            urls = [
                "/v1/accounts/acme/coverage?as_of=2026-11-01",
                "/v1/people/p1/paths?as_of=2026-11-01",
                "/v1/accounts/acme/decay?as_of=2026-11-01",
            ]
            for i in range(MAX_REQUESTS):
                if time.monotonic() > stop:
                    return
                response = client.get(urls[(n + i) % len(urls)])
                if response.status_code != 200:
                    with lock:
                        failures.append(f"GET: {response.status_code} {response.text}")

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        threads += [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert failures == []
        assert len(acknowledged) > WRITERS  # every writer got through at least once
        ids: set[str] = set()
        total, offset = 1, 0
        while offset < total:
            page = client.get(f"/v1/interactions?limit=500&offset={offset}").json()
            ids |= {i["id"] for i in page["items"]}
            total, offset = page["total"], offset + 500
        assert total == len(acknowledged) + len(tiny()["interactions"])
        assert set(acknowledged) <= ids
        for ident in acknowledged[:50]:
            row = client.get(f"/v1/interactions/{ident}").json()
            assert row["people"] == ["p1", "p2"] and row["sellers"] == ["s1"]
