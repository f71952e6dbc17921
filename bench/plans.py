"""Account plan and review latency on the embedded engine, beside the brute-force oracle.

For synthetic accounts of 1 000 and 10 000 people (with the actions `kamgraph synth` generates),
`plan` at T and `review` over the 90 days before T run repeatedly through kamgraph (p50, p95), and
once through the oracle of `tests/oracle.py` on the same data (plain Python loops over the
exported bundle) up to `--oracle-max` people. Each runs on a fresh snapshot through the kept
strength aggregates and through every interaction (the exact path), and on the snapshot shared
between writes, alternately, side by side (see bench.analyses). Targets (issue 8), at
1 000 people: plan p95 < 500 ms, review p95 < 1 s. Run: `make bench`, or
`python -m bench.plans --sizes 1000 --repeat 10`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.analyses import CFG, RESULTS, Call, T, side_by_side, summary, timed
from kamgraph.analysis.plan import plan
from kamgraph.analysis.review import review
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.generators.synth import synth
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from tests.oracle import Oracle

SINCE = T - dt.timedelta(days=90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--oracle-max", type=int, default=1000)
    parser.add_argument("--per-person", type=float, default=10.0, help="interactions per person")
    args = parser.parse_args()
    table: dict[int, dict[str, dict[str, float | None]]] = {}
    with tempfile.TemporaryDirectory(prefix="kamgraph-bench-plans-") as tmp:
        for size in args.sizes:
            data = synth(1, size, seed=1, as_of=T, interactions_per_person=args.per_person)
            account = data["accounts"][0]["id"]
            settings = Settings(db=None, data_dir=Path(tmp), graph=f"plans{size}")
            with open_store(settings) as store:
                import_data(store, data)
                bundle = export_bundle(store)
                oracle = Oracle(bundle)
                calls: dict[str, Call] = {
                    "plan": lambda snap: plan(snap(account)),  # noqa: B023
                    "review": lambda snap: review(snap(account), SINCE),  # noqa: B023
                }
                oracle_calls: dict[str, Callable[[], Any]] = {
                    "plan": partial(oracle.plan, account, T),
                    "review": partial(oracle.review, account, SINCE, T),
                }
                repeat = max(3, args.repeat if size <= 1000 else args.repeat // 4)
                row: dict[str, dict[str, float | None]] = {}
                actions = len(bundle.get("actions", []))
                for name, call in calls.items():
                    call(lambda a: Snapshot(store, a, T, CFG))  # warm the engine's caches once
                    samples = side_by_side(store, call, repeat)
                    oracle_ms = timed(oracle_calls[name], 1)[0] if size <= args.oracle_max else None
                    row[name] = summary(samples, oracle_ms)
                    shown = "-" if oracle_ms is None else f"{oracle_ms:9.1f}"
                    print(
                        f"{size:6} people {actions:4} actions  {name:7} "
                        f"p50 {row[name]['p50_ms']:8.1f} ms  p95 {row[name]['p95_ms']:8.1f} ms  | "
                        f"exact path p50 {row[name]['exact_p50_ms']:8.1f} ms  "
                        f"p95 {row[name]['exact_p95_ms']:8.1f} ms  | shared between writes p50 "
                        f"{row[name]['shared_p50_ms']:7.1f} ms  p95 "
                        f"{row[name]['shared_p95_ms']:7.1f} ms  oracle {shown} ms",
                        flush=True,
                    )
                table[size] = row
                store.wipe()
    if 1000 in table:
        r = table[1000]
        print(
            f"1 000 people: plan p95 {r['plan']['p95_ms']:.0f} ms (target < 500), "
            f"review p95 {r['review']['p95_ms']:.0f} ms (target < 1000)"
        )
    if 10000 in table:
        at = table[10000]["plan"]
        print(
            f"10 000 people: plan p95 {at['p95_ms']:.0f} ms on a fresh snapshot, "
            f"{at['shared_p95_ms']:.0f} ms shared between writes (target < 300)"
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "plans.json"
    out.write_text(json.dumps({"date": dt.date.today().isoformat(), "table": table}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
