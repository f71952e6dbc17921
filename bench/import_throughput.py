"""Import throughput on the embedded engine, three ways, measured side by side in one run.

1. **floor**: the very `UNWIND $rows` batch queries kamgraph sends, with rows prepared before the
   clock starts, sent straight through the FalkorDB client: what the engine itself costs.
2. **kamgraph**: `import_data` on the loaded bundle: validation of every row, the comparison with
   what is stored, the same batched writes, and the strength aggregates of every person with
   interactions (`kamgraph.interchange.ties`), which the floor does not write.
3. **again**: the same import a second time; every row is compared, nothing is written.
4. **row-at-a-time**: the same queries with one row per query, on a slice of the rows (at 1 row
   per round trip the full bundle would take far too long; rows/s is what is compared).
5. **file**: `kamgraph import bundle.json` run as its own process on a store of its own, the
   bundle written as a JSON file first: its peak resident memory (VmHWM of that process alone,
   read from /proc while it runs; the engine is another process) and its rows/s, start-up and
   the reading of the file included.

Each way gets a fresh graph on the same engine (the previous one is deleted first). Prints rows/s
and the ratios, peak memory of this process and of the engine, and writes the figures as JSON to
bench/results/. Run: `make bench` (default 100 accounts x 1000 people, 10 interactions each) or
`python -m bench.import_throughput --accounts 5 --people 400` for a quick look.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from kamgraph.generators.synth import synth
from kamgraph.interchange.bundle import validate
from kamgraph.interchange.ingest import import_data
from kamgraph.interchange.tables import SPECS, WRITE_ORDER, graph_row, link_rows
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from kamgraph.storage.falkordb import FalkorStore

RESULTS = Path(__file__).resolve().parent / "results"


def prepared_batches(data: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(query name, rows) in kamgraph's write order, built before any clock starts."""
    bundle = validate(data)
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for table in WRITE_ORDER:
        rows = bundle.rows(table)
        if not rows:
            continue
        spec = SPECS[table]
        out.append((f"ingest/upsert_{table}", [graph_row(spec, r) for r in rows]))
        links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            for query, pair in link_rows(spec, row):
                links[query].append(pair)
        out += [(f"ingest/{q}", pairs) for q, pairs in links.items()]
    return out


def send(store: FalkorStore, batches: list[tuple[str, list[dict[str, Any]]]], size: int) -> None:
    graph = store.raw_graph()
    for name, rows in batches:
        text = store.queries.get(name).text
        for start in range(0, len(rows), size):
            graph.query(text, {"rows": rows[start : start + size]})


def engine_peak_kib(store: FalkorStore) -> int:
    engine = store._engine
    pid = engine.process.pid if engine and engine.process else None
    return 0 if pid is None else _vm_hwm_kib(pid)


KEPT = ("TIE", "Meta")  # the strength aggregates kamgraph keeps with the data (not the floor's)


def data_counts(store: FalkorStore) -> dict[str, int]:
    return {k: v for k, v in store.counts().items() if k not in KEPT}


def fresh(store: FalkorStore) -> None:
    store.raw_graph().delete()
    store.setup_schema()


def file_import(data: dict[str, Any], folder: Path) -> tuple[float, int]:
    """`kamgraph import` of `data` written as a JSON file, run as a process of its own on a new
    store: (seconds, its peak resident KiB)."""
    path = folder / "bundle.json"
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle)
    env = {**os.environ, "KAMGRAPH_DATA_DIR": str(folder / "file-store")}
    env.pop("KAMGRAPH_DB", None)
    command = [sys.executable, "-c", "from kamgraph.cli import main; main()", "import", str(path)]
    t = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _vm_hwm_kib(child.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - t
    if child.returncode != 0:
        raise SystemExit(f"kamgraph import failed ({child.returncode})")
    return seconds, peak


def _vm_hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--people", type=int, default=1000, help="people per account")
    parser.add_argument("--interactions-per-person", type=float, default=10.0)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--row-sample", type=int, default=20_000, help="rows sent one by one")
    args = parser.parse_args()

    t0 = time.perf_counter()
    data = synth(
        args.accounts,
        args.people,
        seed=1,
        interactions_per_person=args.interactions_per_person,
        as_of=dt.date(2026, 11, 20),
    )
    rows_total = sum(len(v) for k, v in data.items() if k != "format")
    print(
        f"bundle: {len(data['people']):,} people, {len(data['interactions']):,} interactions, "
        f"{rows_total:,} rows in all (synth {time.perf_counter() - t0:.1f} s)",
        flush=True,
    )
    batches = prepared_batches(data)

    with tempfile.TemporaryDirectory(prefix="kamgraph-bench-") as tmp:
        settings = Settings(db=None, data_dir=Path(tmp), batch_size=args.batch_size)
        store = open_store(settings)
        assert isinstance(store, FalkorStore)
        try:
            t = time.perf_counter()
            send(store, batches, args.batch_size)
            floor_s = time.perf_counter() - t
            floor_counts = data_counts(store)
            print(f"floor:    {rows_total / floor_s:10,.0f} rows/s ({floor_s:.1f} s)", flush=True)

            fresh(store)
            t = time.perf_counter()
            report = import_data(store, data)
            kam_s = time.perf_counter() - t
            assert report.totals()["added"] == rows_total
            assert data_counts(store) == floor_counts, "kamgraph and the floor wrote different data"
            kept = store.counts().get("TIE", 0)
            print(
                f"kamgraph: {rows_total / kam_s:10,.0f} rows/s ({kam_s:.1f} s, with {kept:,} "
                "strength aggregates kept)",
                flush=True,
            )

            # The same bundle again: every row is compared with the stored one, none written.
            t = time.perf_counter()
            again = import_data(store, data)
            again_s = time.perf_counter() - t
            assert again.totals()["unchanged"] == rows_total
            assert data_counts(store) == floor_counts
            print(f"again:    {rows_total / again_s:10,.0f} rows/s ({again_s:.1f} s, no writes)")

            fresh(store)
            # One row per query on the same share of every query's rows, first rows first (so
            # that references exist). A bundle row costs its upsert plus its link pairs, so the
            # rate in query rows is converted to bundle rows with the bundle's own mix.
            query_rows = sum(len(rows) for _, rows in batches)
            share = min(1.0, args.row_sample / query_rows)
            sample = [(name, rows[: max(1, round(len(rows) * share))]) for name, rows in batches]
            sample_rows = sum(len(r) for _, r in sample)
            t = time.perf_counter()
            send(store, sample, 1)
            single_s = time.perf_counter() - t
            single_rate = sample_rows / single_s * rows_total / query_rows
            print(
                f"one row:  {single_rate:10,.0f} rows/s ({sample_rows:,} queries of one row, "
                f"{single_s:.1f} s; {query_rows / rows_total:.2f} queries per bundle row)"
            )
            engine_kib = engine_peak_kib(store)
        finally:
            store.close()
        file_s, file_kib = file_import(data, Path(tmp))
        print(
            f"file:     {rows_total / file_s:10,.0f} rows/s ({file_s:.1f} s, `kamgraph import` "
            f"of the JSON file; peak memory {file_kib / 1024:,.0f} MiB)",
            flush=True,
        )

    floor_rate, kam_rate = rows_total / floor_s, rows_total / kam_s
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "people": len(data["people"]),
        "interactions": len(data["interactions"]),
        "rows": rows_total,
        "batch_size": args.batch_size,
        "floor_rows_per_s": round(floor_rate),
        "kamgraph_rows_per_s": round(kam_rate),
        "row_at_a_time_rows_per_s": round(single_rate),
        "reimport_unchanged_rows_per_s": round(rows_total / again_s),
        "kamgraph_vs_floor": round(kam_rate / floor_rate, 3),
        "kamgraph_vs_row_at_a_time": round(kam_rate / single_rate, 1),
        "peak_rss_python_mib": round(peak_kib / 1024),
        "peak_rss_engine_mib": round(engine_kib / 1024),
        "file_import_rows_per_s": round(rows_total / file_s),
        "file_import_peak_rss_mib": round(file_kib / 1024),
    }
    print(
        f"\nkamgraph / floor         = {result['kamgraph_vs_floor']:.3f}   (target >= 0.9)\n"
        f"kamgraph / row-at-a-time = {result['kamgraph_vs_row_at_a_time']:.1f}   (target >= 10)\n"
        f"peak memory: python {result['peak_rss_python_mib']} MiB, "
        f"engine {result['peak_rss_engine_mib']} MiB; `kamgraph import` of the file "
        f"{result['file_import_peak_rss_mib']} MiB   (target < 1024)"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"import-{result['people']}p-{result['interactions']}i.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
