"""One account on one day: a page reads each fact once, and the snapshot's concurrency is safe."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay
from kamgraph.analysis.powermap import power_map
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.views import brief_view, plan_view, review_view
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF
from kamgraph.interchange.ingest import import_data
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore
from kamgraph.storage.concurrency import Lazy, Workers
from viz.pages import brief_page, map_page
from viz.plans import plan_page, review_page

CFG = AnalysisSettings()
EB = "nw-p02"  # the economic buyer of the sample's main deal


def _key(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_key(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _key(v)) for k, v in value.items()))
    return value


@pytest.fixture
def reads(falkor_module: GraphStore, sample_data: dict[str, Any]) -> Iterator[Counter[Any]]:
    """Every read of the store while the test runs: (query name, parameters) → times."""
    falkor_module.wipe()
    import_data(falkor_module, sample_data)
    seen: Counter[Any] = Counter()
    lock = threading.Lock()
    original = falkor_module.read

    def counting(name: str, **params: Any) -> list[dict[str, Any]]:
        with lock:
            seen[(name, _key(params))] += 1
        return original(name, **params)

    falkor_module.read = counting  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        del falkor_module.read


def _repeated(seen: Counter[Any]) -> list[str]:
    return [f"{name} x{n}" for (name, _), n in seen.items() if n > 1]


PAGES: dict[str, Callable[[GraphStore], str]] = {
    "map": lambda store: map_page(
        power_map(Snapshot(store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG), highlight_to=EB)
    ),
    "plan": lambda store: plan_page(plan_view(Snapshot(store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG))),
    "brief": lambda store: brief_page(
        brief_view(Snapshot.of_person(store, EB, SAMPLE_AS_OF, CFG), EB)
    ),
    "review": lambda store: review_page(
        review_view(
            Snapshot(store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG), SAMPLE_AS_OF.replace(month=8)
        )
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_fact_is_read_at_most_once_per_page(
    page: str, reads: Counter[Any], falkor_module: GraphStore
) -> None:
    html = PAGES[page](falkor_module)
    assert "<html" in html
    assert reads, "the page read nothing: the counter is not wired"
    assert _repeated(reads) == []
    # The costly reads: the strengths of the account's current people at the page's day (and
    # 90 days before, for the decay rows) — one read each, not one per analysis on the page.
    strengths = [k for k in reads if k[0] in STRENGTH_READS]
    assert 1 <= len(strengths) <= (4 if page == "review" else 2), strengths


# The strengths of some people on some days: from the kept aggregates, or the exact way.
STRENGTH_READS = ("analysis/strengths_kept", "analysis/strengths")


def _asked(reads: Counter[Any]) -> list[tuple[tuple[int, ...], tuple[str, ...]]]:
    """(days, people) of each strengths read."""
    return sorted(
        (dict(params)["days"], dict(params)["people"])
        for (name, params) in reads
        if name in STRENGTH_READS
    )


def test_a_review_of_the_decay_window_reads_its_first_day_once(
    reads: Counter[Any], falkor_module: GraphStore
) -> None:
    # The account page's review starts where the decay window does: its first day's strengths
    # come from the read of both days that decay made, not from a second read of everyone.
    snap = Snapshot(falkor_module, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)
    since = SAMPLE_AS_OF - dt.timedelta(days=CFG.decay_window_days)
    snap.prefetch("strengths", "strengths_before")
    then = snap.on(since).strengths()
    both = (day_number(since), day_number(SAMPLE_AS_OF))
    now, earlier = set(snap.current_ids()), set(snap.on(since).current_ids())
    assert earlier - now, "the sample has someone who left within the window"
    # Both days in one read (sliced by people), and for `since` alone only the people current
    # then but not now.
    alone = [people for days, people in _asked(reads) if days != both]
    assert {days for days, _ in _asked(reads)} == {both, both[:1]}
    assert sorted(p for people in alone for p in people) == sorted(earlier - now)
    fresh = Snapshot(falkor_module, SAMPLE_ACCOUNT, since, CFG).strengths()
    assert then == fresh and then  # the same pairs and values as a read of its own


def test_a_second_analysis_on_a_snapshot_reads_nothing_new(
    reads: Counter[Any], falkor_module: GraphStore
) -> None:
    snap = Snapshot(falkor_module, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)
    first = coverage(snap)
    after_audit = Counter(reads)
    assert coverage(snap) == first
    assert reads == after_audit  # memoised: not even Python work is repeated
    power_map(snap)
    new = {name for (name, params) in reads if (name, params) not in after_audit}
    # The map reads what only a map needs; the account's facts come from the snapshot.
    assert "analysis/map_people" in new and "analysis/map_links" in new
    assert not new & {"analysis/people", "analysis/opportunities", "account/team"}
    assert _repeated(reads) == []


def test_an_unknown_account_fails_before_reading_facts(
    reads: Counter[Any], falkor_module: GraphStore
) -> None:
    from kamgraph.errors import NotFound

    with pytest.raises(NotFound, match="unknown account 'nope'"):
        coverage(Snapshot(falkor_module, "nope", SAMPLE_AS_OF, CFG))


def test_lazy_runs_once_and_shares_errors() -> None:
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 42

    cell = Lazy(slow)
    workers = Workers(4)
    try:
        got = workers.gather([cell.get for _ in range(8)])
    finally:
        workers.close()
    assert got == [42] * 8 and len(calls) == 1

    def broken() -> int:
        raise ValueError("boom")

    bad = Lazy(broken)
    for _ in range(2):
        with pytest.raises(ValueError, match="boom"):
            bad.get()


def test_nested_work_on_a_full_pool_does_not_deadlock() -> None:
    """Every worker busy waiting for work queued behind it: the waiters run that work
    themselves (a portfolio of accounts, each prefetching its facts, on one pool)."""
    workers = Workers(2)

    def inner(i: int) -> int:
        return i * 2

    def outer(i: int) -> int:
        return sum(workers.map(inner, range(i, i + 5)))

    done = threading.Event()
    result: list[int] = []

    def run() -> None:
        result.extend(workers.map(outer, range(20)))
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert done.wait(10), "deadlock: nested gathers on a full pool never finished"
    finally:
        workers.close()
    assert result == [sum(2 * j for j in range(i, i + 5)) for i in range(20)]


def test_decay_after_coverage_reads_only_the_day_before(
    reads: Counter[Any], falkor_module: GraphStore
) -> None:
    # The home page audits an account (coverage: strengths on the day), then the seller's day
    # runs decay on the same snapshot: the day is not read again, only 90 days before.
    snap = Snapshot(falkor_module, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)
    coverage(snap, suggest=False)
    decay(snap)
    day = day_number(SAMPLE_AS_OF)
    before = day_number(SAMPLE_AS_OF - dt.timedelta(days=CFG.decay_window_days))
    assert {days for days, _ in _asked(reads)} == {(day,), (before,)}
