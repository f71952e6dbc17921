"""Fuzzing run: bundles (library, API, every `--cli-every`th also the CLI) and row bodies (POST,
PUT, PATCH of every table) from tests/fuzzing.py, against one embedded store.

Every input must be accepted or refused with a clear error (never a 500, never a traceback), and
a refused one must leave the export exactly as it was. Prints the counts (accepted, rejected,
failures, answers by HTTP status) and the time; the first failures in full. Exits 1 on any.
Run: `python -m bench.fuzz --cases 10000` (about 15 minutes on 2 busy cores), or
`python -m bench.fuzz --cases 500` for a quick look; `--seed N` for another sequence.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.fuzzing import Fuzzer, Tally, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0, help="0: the fixed sequence")
    parser.add_argument("--cli-every", type=int, default=25, help="every Nth bundle via the CLI")
    args = parser.parse_args()
    tally = Tally()
    with (
        tempfile.TemporaryDirectory(prefix="kamgraph-fuzz-") as folder,
        Fuzzer(Path(folder), tally, cli_every=args.cli_every).running() as fuzzer,
    ):
        seconds = run(fuzzer, args.cases, args.seed)
    counts = tally.counts
    statuses = ", ".join(f"{k[5:]}: {v}" for k, v in sorted(counts.items()) if k[:5] == "http ")
    print(
        f"{args.cases} cases in {seconds:.0f} s ({args.cases / seconds:.1f}/s): "
        f"{counts['accepted']} inputs accepted, {counts['rejected']} rejected "
        f"(a bundle is 2 or 3 inputs: library, API, CLI), {counts['failures']} failures"
    )
    print(f"HTTP answers: {statuses}")
    if counts["resets"]:
        print(f"the store was reset to its starting data after {counts['resets']} failure(s)")
    for kind, n in tally.kinds.most_common():
        print(f"{n} x {kind}")
    for failure in tally.failures:
        print(f"--- failure\n{failure}")
    if counts["failures"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
