"""Server time of the plan, brief and map pages, before and after the account snapshot, in one run.

The old revision (default `a31ddea`, the last one before the snapshot: every analysis read its
own facts) is unpacked from git into a temporary folder with `git archive`; the same synthetic
bundle (one account, 10 interactions per person) is imported into a fresh embedded graph by
each revision's own code, and each page is built `--repeat` times in a child process per
revision (cold: a new snapshot per page). Printed side by side with the ratio old / new.
Run: `python -m bench.pages --sizes 1000 10000 --repeat 5`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.analyses import executive
from kamgraph.generators.synth import synth

T = dt.date(2026, 11, 20)
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGES = ("plan", "brief", "map")

# Runs inside a child with the revision's root first on sys.path; it speaks both layouts.
CHILD = r"""
import datetime as dt, json, sys, time
from pathlib import Path
root, bundle_path, data_dir, person, repeat = sys.argv[1:6]
sys.path.insert(0, root)
T = dt.date(2026, 11, 20)
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.settings import Settings
try:
    from kamgraph.storage import open_store
    from kamgraph.interchange.ingest import import_data
except ImportError:  # the flat layout before the snapshot
    from kamgraph.store import open_store
    from kamgraph.ingest import import_data
import kamgraph
assert kamgraph.__file__.startswith(root), kamgraph.__file__
CFG = AnalysisSettings()
data = json.loads(Path(bundle_path).read_text())
account = data["accounts"][0]["id"]
try:
    from kamgraph.analysis.powermap import power_map
    from kamgraph.analysis.snapshot import Snapshot
    from kamgraph.analysis.views import brief_view, plan_view
    from viz.pages import brief_page, map_page
    from viz.plans import plan_page

    def pages(store):
        return {
            "plan": lambda: plan_page(plan_view(Snapshot(store, account, T, CFG))),
            "brief": lambda: brief_page(
                brief_view(Snapshot.of_person(store, person, T, CFG), person)
            ),
            "map": lambda: map_page(power_map(Snapshot(store, account, T, CFG))),
        }
except ImportError:
    from viz.pages import brief_page, map_page
    from viz.plans import plan_page

    def pages(store):
        return {
            "plan": lambda: plan_page(store, account, T, CFG),
            "brief": lambda: brief_page(store, person, T, CFG),
            "map": lambda: map_page(store, account, T, CFG),
        }

settings = Settings(db=None, data_dir=Path(data_dir), graph="pages")
out = {}
with open_store(settings) as store:
    import_data(store, data)
    for name, call in pages(store).items():
        call()  # warm-up: the engine's caches, Python's imports
        times = []
        for _ in range(int(repeat)):
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
        out[name] = times
print(json.dumps(out))
"""


def run_revision(root: Path, bundle: Path, data_dir: Path, person: str, repeat: int) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(bundle), str(data_dir), person, str(repeat)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the child for {root} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def unpack(rev: str, into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--old", default="a31ddea", help="the revision to compare against")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kamgraph-pages-") as tmp:
        old_root = unpack(args.old, Path(tmp) / "old")
        for size in args.sizes:
            data = synth(1, size, seed=1, as_of=T)
            bundle = Path(tmp) / f"bundle-{size}.json"
            bundle.write_text(json.dumps(data), encoding="utf-8")
            person = executive(data)
            found = {}
            for label, root in (("old", old_root), ("new", ROOT)):
                print(f"{size} people: {label} revision ...", file=sys.stderr, flush=True)
                data_dir = Path(tmp) / f"{label}-{size}"
                found[label] = run_revision(root, bundle, data_dir, person, args.repeat)
            for page in PAGES:
                old = statistics.median(found["old"][page])
                new = statistics.median(found["new"][page])
                rows.append(
                    {
                        "people": size,
                        "page": page,
                        "old_p50_ms": round(old, 1),
                        "new_p50_ms": round(new, 1),
                        "new_max_ms": round(max(found["new"][page]), 1),
                        "old_over_new": round(old / new, 2),
                    }
                )
    print(f"{'people':>7} {'page':<6} {'old p50 ms':>11} {'new p50 ms':>11} {'old/new':>8}")
    for r in rows:
        print(
            f"{r['people']:>7} {r['page']:<6} {r['old_p50_ms']:>11} {r['new_p50_ms']:>11} "
            f"{r['old_over_new']:>8}"
        )
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"pages-{stamp}.json"
    path.write_text(json.dumps({"old": args.old, "rows": rows}, indent=2), encoding="utf-8")
    print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
