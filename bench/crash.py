"""Crash harness: kill -9 the importing process, or the engine, at random moments of an import.

A base data directory holds a small account; the import adds a large bundle (`--rows` rows in
all) and its audit entry, in one unit (`GraphStore.atomic`). For each of `--moments` random moments
in the import's duration, per target (the importer, the engine): copy the base directory, start
the import in a child process, kill -9 the target at that moment, reopen the directory in a new
process and take a digest of the whole export and of the audit log. Every outcome must equal the
before-state or the after-state exactly (a half-written import, or an import without its audit
entry, is a failure). Prints the counts; exits 1 on any failure.
Run: `python -m bench.crash --rows 100000 --moments 100` (the figures of the closing note), or
`python -m bench.crash --rows 5000 --moments 5` for a quick look; `--control` imports without the
unit, to show that the harness does see a half-written import.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kamgraph.generators.synth import synth

T = dt.date(2026, 11, 20)

# Runs in a child: import the bundle into the data directory, with its audit entry.
IMPORTER = r"""
import json, sys
from pathlib import Path
from kamgraph.interchange.ingest import import_data
from kamgraph.services.audit import append
from kamgraph.settings import Settings
from kamgraph.storage import open_store
data_dir, bundle, control = sys.argv[1:4]
if control == "yes":  # the control run: no unit, to show that the harness sees half an import
    import contextlib
    from kamgraph.storage.base import GraphStore
    GraphStore.atomic = lambda self, guard=None: contextlib.nullcontext()
with open_store(Settings(db=None, data_dir=Path(data_dir), graph="crash")) as store:
    print("open", flush=True)
    import_data(store, json.loads(Path(bundle).read_text()),
                then=lambda report: append(store, "crash-harness", "import", "bundle", []))
print("done", flush=True)
"""

# Runs in a child: the digest of the export and of the audit log (who and what, not when).
DIGEST = r"""
import hashlib, json, sys
from pathlib import Path
from kamgraph.interchange.export import export_bundle
from kamgraph.settings import Settings
from kamgraph.storage import open_store
with open_store(Settings(db=None, data_dir=Path(sys.argv[1]), graph="crash")) as store:
    bundle = export_bundle(store)
    audit = sorted((r["who"], r["action"]) for r in store.read("audit/list", offset=0, limit=100))
text = json.dumps({"bundle": bundle, "audit": audit}, sort_keys=True)
print(hashlib.sha256(text.encode()).hexdigest())
"""


def child(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def digest(data_dir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", DIGEST, str(data_dir)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"reopening {data_dir} failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip()


def engine_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "falkordb" / "engine.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def stop_engine(data_dir: Path) -> None:
    """Whatever engine still runs on a trial's directory (an orphan of a killed importer)."""
    pid = engine_pid(data_dir)
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def import_into(
    data_dir: Path, bundle: Path, kill_after: float | None, target: str, control: bool = False
) -> float:
    """Run the import; kill `target` `kill_after` seconds after the store opened. Returns the
    time from open to the end (or to the kill)."""
    proc = child(IMPORTER, str(data_dir), str(bundle), "yes" if control else "no")
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "open":
        raise SystemExit("the importer did not open the store")
    start = time.perf_counter()
    if kill_after is None:
        proc.wait()
        return time.perf_counter() - start
    try:
        proc.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        pid = proc.pid if target == "importer" else engine_pid(data_dir)
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
    proc.wait()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the imported bundle")
    parser.add_argument("--moments", type=int, default=100, help="kills per target")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--control",
        action="store_true",
        help="import without the atomic unit: a harness that works reports 'other' outcomes",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    # synth: about 12.5 rows per person at 10 interactions each (measured on this generator).
    people = max(20, args.rows * 2 // 25)
    with tempfile.TemporaryDirectory(prefix="kamgraph-crash-") as tmp_name:
        tmp = Path(tmp_name)
        base, bundle = tmp / "base", tmp / "bundle.json"
        data = synth(1, people, seed=args.seed, as_of=T, prefix="big-")
        rows = sum(len(v) for k, v in data.items() if k != "format")
        bundle.write_text(json.dumps(data), encoding="utf-8")
        small = tmp / "small.json"
        small.write_text(json.dumps(synth(1, 30, seed=2, as_of=T)), encoding="utf-8")
        import_into(base, small, None, "importer")
        stop_engine(base)
        before = digest(base)
        stop_engine(base)
        full = tmp / "full"
        shutil.copytree(base, full)
        duration = import_into(full, bundle, None, "importer")
        after = digest(full)
        stop_engine(full)
        shutil.rmtree(full)
        print(f"{rows} rows: the import takes {duration:.1f} s after the store opens", flush=True)
        outcomes = {
            "importer": {"before": 0, "after": 0, "other": 0},
            "engine": {"before": 0, "after": 0, "other": 0},
        }
        for target in ("importer", "engine"):
            for n in range(args.moments):
                trial = tmp / f"{target}-{n}"
                shutil.copytree(base, trial)
                moment = rng.uniform(0, duration)
                import_into(trial, bundle, moment, target, args.control)
                stop_engine(trial)
                found = digest(trial)
                stop_engine(trial)
                kind = "before" if found == before else "after" if found == after else "other"
                outcomes[target][kind] += 1
                print(f"kill {target} at {moment:5.1f} s: {kind}", flush=True)
                shutil.rmtree(trial)
    for target, counts in outcomes.items():
        print(
            f"{target}: {args.moments} kills, {counts['before']} before-state, "
            f"{counts['after']} after-state, {counts['other']} other"
        )
    if any(c["other"] for c in outcomes.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
