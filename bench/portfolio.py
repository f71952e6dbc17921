"""The portfolio of many accounts and seller activity, on the embedded engine, beside the oracle.

A synthetic portfolio (default 1 000 accounts of 50 people, 20 interactions per person: about
50 000 people and 1 000 000 interactions) is imported once; then in one run: the whole portfolio
(total and per-account time, peak memory of this process and of the engine), the oracle's
portfolio rows for a sample of accounts (its per-account time; the oracle audits each account
with plain loops over the whole bundle), and activity for 50 sellers over two years per month
(p50/p95 of `--repeat` runs, the oracle once). Targets (issue 9): portfolio < 60 s in all,
activity p95 < 1 s. Run: `make bench`, or `python -m bench.portfolio --accounts 100`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.analyses import CFG, RESULTS, T, p95, timed
from bench.import_throughput import engine_peak_kib
from kamgraph.analysis.activity import activity
from kamgraph.analysis.portfolio import portfolio
from kamgraph.generators.synth import synth
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from kamgraph.storage.falkordb import FalkorStore
from tests.oracle import Oracle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--per-person", type=float, default=20.0)
    parser.add_argument("--sellers", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--oracle-accounts", type=int, default=5)
    args = parser.parse_args()
    first = T - dt.timedelta(days=730)
    with tempfile.TemporaryDirectory(prefix="kamgraph-bench-portfolio-") as tmp:
        settings = Settings(db=None, data_dir=Path(tmp), graph="portfolio")
        data = synth(
            args.accounts, args.people, seed=1, interactions_per_person=args.per_person, as_of=T
        )
        people, interactions = len(data["people"]), len(data["interactions"])
        print(f"{args.accounts} accounts, {people} people, {interactions} interactions", flush=True)
        with open_store(settings) as store:
            started = time.perf_counter()
            import_data(store, data)
            del data
            print(f"imported in {time.perf_counter() - started:.0f} s", flush=True)
            started = time.perf_counter()
            result = portfolio(store, T, CFG)
            total_s = time.perf_counter() - started
            per_account_ms = total_s * 1000 / max(len(result.rows), 1)
            flagged = sum(1 for r in result.rows if r.flags)
            print(
                f"portfolio: {total_s:.1f} s for {len(result.rows)} accounts "
                f"({per_account_ms:.1f} ms per account; {flagged} flagged) "
                "(target < 60 s)",
                flush=True,
            )
            # Before the bundle is exported: with millions of rows in this process, Python's
            # collector would pause the timed calls for seconds (seen: p95 4 s against p50 0.5 s).
            every = sorted(str(r["id"]) for r in store.read("bundle/keys_sellers", account=None))
            sellers = every[: args.sellers]

            def run_activity() -> Any:
                return activity(store, first, T, "month", CFG, sellers=sellers)

            run_activity()
            samples = timed(run_activity, args.repeat)
            print(
                f"activity: {len(sellers)} sellers × 25 months: p50 "
                f"{statistics.median(samples):.0f} ms, p95 {p95(samples):.0f} ms "
                "(target p95 < 1 000 ms)",
                flush=True,
            )
            engine_kib = engine_peak_kib(store) if isinstance(store, FalkorStore) else 0
            bundle = export_bundle(store)
            # The oracle audits an account with loops over the whole bundle: it is timed per
            # account on bundles of a few accounts each (the first ones of the ranking).
            sample = [r.account for r in result.rows[: args.oracle_accounts]]
            subs = [export_bundle(store, account=a) for a in sample]
        started = time.perf_counter()
        for sub in subs:
            Oracle(sub).portfolio(T)
        oracle_per_ms = (time.perf_counter() - started) * 1000 / max(len(subs), 1)
        oracle_total_s = oracle_per_ms * len(result.rows) / 1000
        print(
            f"oracle: {oracle_per_ms:.1f} ms per account (on {len(subs)} one-account "
            f"bundles; {oracle_total_s:.0f} s for the portfolio at that rate)",
            flush=True,
        )
        oracle = Oracle(bundle)
        started = time.perf_counter()
        oracle.activity(first, T, "month", sellers=sellers)
        oracle_activity_ms = (time.perf_counter() - started) * 1000
        print(f"oracle activity: {oracle_activity_ms:.0f} ms", flush=True)
    own_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory: this process {own_kib / 1024:.0f} MiB, engine {engine_kib / 1024:.0f} MiB")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "portfolio.json").write_text(
        json.dumps(
            {
                "date": dt.date.today().isoformat(),
                "accounts": args.accounts,
                "people": people,
                "interactions": interactions,
                "portfolio_s": total_s,
                "per_account_ms": per_account_ms,
                "oracle_s": oracle_total_s,
                "oracle_per_account_ms": oracle_per_ms,
                "activity_p50_ms": statistics.median(samples),
                "activity_p95_ms": p95(samples),
                "oracle_activity_ms": oracle_activity_ms,
                "peak_mib": own_kib / 1024,
                "engine_peak_mib": engine_kib / 1024,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
