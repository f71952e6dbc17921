"""Latency of the analyses on the embedded engine, by account size, against the brute-force oracle.

For synthetic accounts of 100, 1 000 and 10 000 people (10 interactions per person, or
`--per-person N`), each analysis runs repeatedly through kamgraph (p50 and p95), alternately, side
by side: on a fresh snapshot through the kept strength aggregates (what the first request after a
write pays) and through every interaction (the exact path), and on the account's snapshot shared
between writes (a later request: `kamgraph.analysis.viewcache.shared_snapshot`, which the API
uses); and once through the oracle of
`tests/oracle.py` on the same data (plain Python loops over the bundle) where that finishes in
reasonable time. The growth exponent between two sizes is log(t2 / t1) / log(n2 / n1) on p50:
1 means linear in account size. Run: `make bench`, or
`python -m bench.analyses --sizes 100 1000 --repeat 10`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.viewcache import shared_snapshot
from kamgraph.generators.synth import synth
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from tests.oracle import Oracle

T = dt.date(2026, 11, 20)
CFG = AnalysisSettings()
RESULTS = Path(__file__).resolve().parent / "results"
ANALYSES = ("paths", "influencers", "coverage", "decay")
LABELS = {"p50_ms": "", "exact_p50_ms": " exact", "shared_p50_ms": " shared"}
# Issue 18's targets at 10 000 people: p95 in ms, and the growth exponent of p50 up to there.
TARGET_P95 = {"paths": 150.0, "influencers": 150.0, "coverage": 300.0, "decay": 300.0}
TARGET_GROWTH = {"coverage": 0.5, "decay": 0.5}


def executive(bundle: dict[str, Any]) -> str:
    """The economic buyer of the largest open deal, else the first decision-layer person."""
    open_deals = [o for o in bundle["opportunities"] if o["stage"] not in ("won", "lost")]
    for deal in sorted(open_deals, key=lambda o: (-(o["value"] or 0), o["id"])):
        for role in bundle["roles"]:
            if role["opportunity"] == deal["id"] and role["role"] == "economic_buyer":
                return str(role["person"])
    return str(next(p["id"] for p in bundle["people"] if p["layer"] == "decision"))


def timed(call: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        call()
        out.append((time.perf_counter() - t) * 1000)
    return out


# An analysis as a function of how it gets its account's snapshot.
Call = Callable[[Callable[[str], Snapshot]], Any]


def side_by_side(store: Any, call: Call, repeat: int) -> dict[str, list[float]]:
    """`call` timed three ways, run after run alternately, so that the machine's load falls on
    all alike: on a fresh snapshot through the kept strength aggregates ("kept": the first
    request after a write) and through every interaction ("exact"), and on the snapshot shared
    between writes ("shared": a later request while nobody writes; the store's write stamp is
    read each time)."""
    out: dict[str, list[float]] = {"kept": [], "exact": [], "shared": []}

    def fresh(account: str) -> Snapshot:
        return Snapshot(store, account, T, CFG)

    def shared(account: str) -> Snapshot:
        return shared_snapshot(store, account, T, CFG)

    call(shared)  # the first request after the last write builds the shared snapshot
    try:
        for _ in range(repeat):
            for way in ("kept", "exact", "shared"):
                store.kept_strengths = way != "exact"
                out[way] += timed(partial(call, shared if way == "shared" else fresh), 1)
    finally:
        store.kept_strengths = True
    return out


def summary(samples: dict[str, list[float]], oracle_ms: float | None) -> dict[str, float | None]:
    """p50 and p95 of the three ways (`side_by_side`), and the oracle's time, as results record."""
    kept, exact, shared = samples["kept"], samples["exact"], samples["shared"]
    return {
        "p50_ms": statistics.median(kept),
        "p95_ms": p95(kept),
        "exact_p50_ms": statistics.median(exact),
        "exact_p95_ms": p95(exact),
        "shared_p50_ms": statistics.median(shared),
        "shared_p95_ms": p95(shared),
        "oracle_ms": oracle_ms,
    }


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def targets(
    table: dict[int, dict[str, dict[str, float | None]]],
    growth: dict[str, list[float]],
    sizes: list[int],
) -> None:
    """Issue 18's targets at 10 000 people, met or not, on a fresh and on a shared snapshot."""
    if 10000 not in table:
        return
    print("\ntargets at 10 000 people (fresh snapshot | shared between writes):")
    for name, limit in TARGET_P95.items():
        fresh, shared = table[10000][name]["p95_ms"], table[10000][name]["shared_p95_ms"]
        assert fresh is not None and shared is not None
        print(
            f"  {name:12} p95 < {limit:.0f} ms: {fresh:8.1f} ms {verdict(fresh < limit)} | "
            f"{shared:7.1f} ms {verdict(shared < limit)}"
        )
    if 1000 in table:
        step = sizes.index(10000) - 1
        for name, limit in TARGET_GROWTH.items():
            fresh, shared = growth[name][step], growth[name + " shared"][step]
            print(
                f"  {name:12} growth 1000→10000 < {limit}: {fresh:.2f} {verdict(fresh < limit)}"
                f" | {shared:.2f} {verdict(shared < limit)}"
            )


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--oracle-max", type=int, default=1000, help="largest size for the oracle")
    parser.add_argument("--per-person", type=float, default=10.0, help="interactions per person")
    args = parser.parse_args()
    table: dict[int, dict[str, dict[str, float | None]]] = {}
    with tempfile.TemporaryDirectory(prefix="kamgraph-bench-") as tmp:
        for size in args.sizes:
            data = synth(1, size, seed=1, as_of=T, interactions_per_person=args.per_person)
            account = data["accounts"][0]["id"]
            settings = Settings(db=None, data_dir=Path(tmp), graph=f"bench{size}")
            with open_store(settings) as store:
                import_data(store, data)
                bundle = export_bundle(store)
                target = executive(bundle)
                oracle = Oracle(bundle)
                calls: dict[str, Call] = {
                    "paths": lambda snap: warm_paths(
                        Snapshot.of_person(store, target, T, CFG, account_snapshot=snap),  # noqa: B023 - run here
                        target,  # noqa: B023
                        k=5,
                    ),
                    "influencers": lambda snap: influencers(snap(account)),  # noqa: B023
                    "coverage": lambda snap: coverage(snap(account)),  # noqa: B023
                    "decay": lambda snap: decay(snap(account)),  # noqa: B023
                }
                oracle_calls: dict[str, Callable[[], Any]] = {
                    "paths": partial(oracle.paths, target, T, k=5),
                    "influencers": partial(oracle.influencers, account, T),
                    "coverage": partial(oracle.coverage, account, T),
                    "decay": partial(oracle.decay, account, T),
                }
                repeat = max(3, args.repeat if size <= 1000 else args.repeat // 4)
                row: dict[str, dict[str, float | None]] = {}
                for name in ANALYSES:
                    calls[name](lambda a: Snapshot(store, a, T, CFG))  # warm the engine's caches
                    samples = side_by_side(store, calls[name], repeat)
                    oracle_ms = timed(oracle_calls[name], 1)[0] if size <= args.oracle_max else None
                    r = row[name] = summary(samples, oracle_ms)
                    shown = "-" if oracle_ms is None else f"{oracle_ms:9.1f}"
                    ratio = statistics.median(samples["exact"]) / statistics.median(samples["kept"])
                    print(
                        f"{size:6} people  {name:12} p50 {r['p50_ms']:8.1f} ms  "
                        f"p95 {r['p95_ms']:8.1f} ms  | exact path p50 "
                        f"{r['exact_p50_ms']:8.1f} ms  p95 {r['exact_p95_ms']:8.1f} ms"
                        f"  (exact/kept p50 {ratio:4.2f})  | shared between writes p50 "
                        f"{r['shared_p50_ms']:7.1f} ms  p95 {r['shared_p95_ms']:7.1f} ms  "
                        f"oracle {shown} ms",
                        flush=True,
                    )
                table[size] = row
                store.raw_graph().delete()  # type: ignore[attr-defined]
    sizes = sorted(table)
    print(
        "\ngrowth exponent of p50 between sizes (1 = linear in account size),"
        " kept | exact | shared:"
    )
    growth: dict[str, list[float]] = {}
    for name in ANALYSES:
        columns: list[str] = []
        for column in ("p50_ms", "exact_p50_ms", "shared_p50_ms"):
            exps: list[float] = []
            for a, b in zip(sizes, sizes[1:], strict=False):
                ta, tb = table[a][name][column], table[b][name][column]
                assert ta is not None and tb is not None
                exps.append(math.log(tb / ta) / math.log(b / a))
            growth[
                {"p50_ms": name, "exact_p50_ms": f"{name} exact"}.get(column, f"{name} shared")
            ] = exps
            columns.append(
                ", ".join(
                    f"{a}→{b}: {e:.2f}"
                    for (a, b), e in zip(zip(sizes, sizes[1:], strict=False), exps, strict=True)
                )
            )
        print(f"  {name:12} {columns[0]}  |  {columns[1]}  |  {columns[2]}")
    targets(table, growth, sizes)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "analyses.json"
    out.write_text(
        json.dumps(
            {
                "date": dt.date.today().isoformat(),
                "per_person": args.per_person,
                "table": table,
                "growth": growth,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
