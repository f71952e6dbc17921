"""Search and name resolution latency on the embedded engine: the sample, then synthetic data of
1 000 and 10 000 people (target: search p95 < 100 ms at 1 000 people).

Each scale is imported into a fresh graph; then `--repeat` rounds of a mix of queries taken from
the data (a whole name, a first-name prefix, part of a surname, the same with an accent, a miss),
and name resolution by id and by exact name. Run: `python -m bench.search [--repeat 20]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kamgraph.generators.synth import synth
from kamgraph.interchange.ingest import import_data
from kamgraph.services.names import normalize, resolve, search
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store

SAMPLE = Path(__file__).resolve().parent.parent / "kamgraph" / "data" / "sample.json"


def _accented(name: str) -> str:
    """The name with its first vowel accented, as someone might type it."""
    for plain, accent in (("a", "á"), ("e", "é"), ("o", "ö"), ("i", "í"), ("u", "ü")):
        if plain in name:
            return name.replace(plain, accent, 1)
    return name


def queries(data: dict[str, Any]) -> list[str]:
    people = sorted(data["people"], key=lambda p: p["id"])
    picked = [people[i * len(people) // 5]["name"] for i in range(5)]
    found = []
    for name in picked:
        first, *rest = name.split()
        last = rest[-1] if rest else first
        found += [name, first[:3], last[1:5], _accented(name).upper()]
    return [*found, "zzzz-nobody"]


def ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        found.append(time.perf_counter() - started)
    return found


def measure(store: GraphStore, data: dict[str, Any], repeat: int) -> None:
    mix = queries(data)
    hits = [len(search(store, q)) for q in mix]
    searched = [t for q in mix for t in timed(lambda q=q: search(store, q), repeat)]  # type: ignore[misc]
    people = sorted(data["people"], key=lambda p: p["id"])
    person = people[len(people) // 2]
    by_id = timed(lambda: resolve(store, "person", person["id"]), repeat)
    # A name only one person has (synthetic names repeat), typed in lower case.
    counts = Counter(normalize(p["name"]) for p in people)
    unique = next(
        (p for p in people[len(people) // 2 :] if counts[normalize(p["name"])] == 1), None
    )
    named = "(every name shared)"
    if unique is not None:
        named = ms(timed(lambda: resolve(store, "person", unique["name"].lower()), repeat))
    print(f"  search ({len(mix)} queries, {sum(hits)} hits): {ms(searched)}")
    print(f"  resolve by id:   {ms(by_id)}")
    print(f"  resolve by name: {named}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    scales: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("sample", lambda: json.loads(SAMPLE.read_text(encoding="utf-8"))),
        ("1 000 people", lambda: synth(10, 100, seed=1, interactions_per_person=1.0)),
        ("10 000 people", lambda: synth(100, 100, seed=1, interactions_per_person=1.0)),
    ]
    with tempfile.TemporaryDirectory(prefix="kamgraph-bench-search-") as tmp:
        for i, (label, make) in enumerate(scales):
            data = make()
            settings = Settings(db=None, data_dir=Path(tmp), graph=f"search{i}")
            with open_store(settings) as store:
                import_data(store, data)
                counts = {k: len(data.get(k, [])) for k in ("people", "accounts", "sellers")}
                deals = len(data.get("opportunities", []))
                print(f"{label}: {counts['people']} people, {counts['accounts']} accounts, "
                      f"{deals} deals, {counts['sellers']} sellers")  # fmt: skip
                measure(store, data, args.repeat)


if __name__ == "__main__":
    main()
