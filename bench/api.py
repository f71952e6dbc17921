"""The HTTP API under load, on loopback only, bounded in requests and time.

Serves the sample account with uvicorn on 127.0.0.1 (a free port) and measures throughput and
p95 latency of `GET /v1/people/{eb}/paths` and `POST /v1/interactions` at 1, 8 and 32 concurrent
clients; and, in the same run, the API's overhead at one client as the ratio of its p50 to the
p50 of the same analysis called as a library function. Run: `python -m bench.api`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import uvicorn

from api.app import create_app
from kamgraph.analysis.influence import warm_paths
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.generators.sample import SAMPLE_AS_OF, sample_path
from kamgraph.interchange.bundle import load
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results"
TARGET = "nw-p02"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def load_test(
    base: str, clients: int, requests: int, make: itertools.count[int], kind: str
) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def one(session: httpx.Client) -> None:
        t = time.perf_counter()
        if kind == "paths":
            r = session.get(f"{base}/v1/people/{TARGET}/paths?as_of={SAMPLE_AS_OF}")
            assert r.status_code == 200, r.text
        else:
            n = next(make)
            row = {
                "id": f"bench-{n}",
                "date": "2026-11-01",
                "kind": "call",
                "sellers": ["s1"],
                "people": ["nw-p05"],
            }
            r = session.post(f"{base}/v1/interactions", json=row)
            assert r.status_code == 201, r.text
        with lock:
            latencies.append((time.perf_counter() - t) * 1000)

    sessions = [httpx.Client(timeout=60) for _ in range(clients)]
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for i in range(requests):
            pool.submit(one, sessions[i % clients])
    elapsed = time.perf_counter() - start
    for s in sessions:
        s.close()
    return {
        "clients": clients,
        "requests": len(latencies),
        "throughput_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies),
        "p95_ms": p95(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per load level and route")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kamgraph-bench-api-") as tmp:
        settings = Settings(db=None, data_dir=Path(tmp), auth_disabled=True)
        app = create_app(settings)
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        store = app.state.store
        import_data(store, load(sample_path()))
        try:
            library: list[float] = []
            for _ in range(args.requests // 2):
                t = time.perf_counter()
                warm_paths(
                    Snapshot.of_person(store, TARGET, SAMPLE_AS_OF, settings.analysis), TARGET
                )
                library.append((time.perf_counter() - t) * 1000)
            counter = itertools.count()
            rows = [
                {"route": kind, **load_test(base, clients, args.requests, counter, kind)}
                for kind in ("paths", "interactions")
                for clients in (1, 8, 32)
            ]
        finally:
            server.should_exit = True
            thread.join(timeout=30)
    for r in rows:
        print(
            f"{r['route']:13} {r['clients']:3} clients  {r['throughput_per_s']:8.1f} req/s  "
            f"p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms"
        )
    api_p50 = float(next(r["p50_ms"] for r in rows if r["route"] == "paths" and r["clients"] == 1))
    lib_p50 = statistics.median(library)
    ratio = api_p50 / lib_p50
    print(
        f"\npaths at one client: API p50 {api_p50:.1f} ms / library p50 {lib_p50:.1f} ms "
        f"= {ratio:.2f}x (target <= 1.3)"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "api.json"
    result = {
        "date": dt.date.today().isoformat(),
        "rows": rows,
        "library_p50_ms": lib_p50,
        "overhead": ratio,
    }
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
