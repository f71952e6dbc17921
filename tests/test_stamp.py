"""The store's write stamp, and the account snapshots shared between writes that rely on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.viewcache import SNAPSHOTS, shared_snapshot
from kamgraph.errors import DatabaseUnavailable
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from kamgraph.storage.base import GraphStore

CFG = AnalysisSettings()


def _meta(store: GraphStore) -> None:
    store.write("ties/set_meta", version=2, half_life=90.0, tail_days=365)


def test_writes_renew_the_stamp_after_they_apply(store: GraphStore) -> None:
    assert store.stamp() is None  # a new store: nothing has stamped it
    _meta(store)
    first = store.stamp()
    assert first is not None
    _meta(store)
    second = store.stamp()
    assert second not in (None, first)
    with store.atomic():
        _meta(store)
        _meta(store)
        assert store.stamp() == second  # nothing applied yet, nothing renewed
    third = store.stamp()
    assert third not in (None, second)
    with pytest.raises(RuntimeError), store.atomic():
        _meta(store)
        raise RuntimeError("dropped")
    assert store.stamp() == third  # a dropped unit leaves it
    # Sign-in, sessions and the audit log change nothing an analysis reads.
    store.write("auth/forget_signin_attempt", key="nobody")
    assert store.stamp() == third
    store.wipe()
    assert store.stamp() is None


def test_a_shared_snapshot_lasts_until_anyone_writes(
    falkor: GraphStore, engine_dir: Path, sample_data: dict[str, Any]
) -> None:
    import_data(falkor, sample_data)
    snap = shared_snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)
    result = coverage(snap)
    again = shared_snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)
    assert again is snap and coverage(again) is result
    # Another caller's reach, another day or other settings: another snapshot.
    assert (
        shared_snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG, seen_by=frozenset()) is not snap
    )
    other_cfg = CFG.model_copy(update={"weak": 0.3})
    assert shared_snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, other_cfg) is not snap
    # A write through another store on the same database (as another process would): its
    # generation is not ours, its stamp is.
    graph = falkor._graph_name  # type: ignore[attr-defined]
    with open_store(Settings(db=None, data_dir=engine_dir, graph=graph)) as other:
        _meta(other)
    fresh = shared_snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)
    assert fresh is not snap
    assert coverage(fresh) == result


def test_a_snapshot_whose_read_failed_for_a_passing_reason_is_not_reused(
    falkor: GraphStore, sample_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import_data(falkor, sample_data)
    SNAPSHOTS.clear()
    snap = shared_snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)

    def down(*_: Any, **__: Any) -> Any:
        raise DatabaseUnavailable("the engine is restarting")

    with monkeypatch.context() as patch:
        patch.setattr(type(snap), "_read_team", down)
        with pytest.raises(DatabaseUnavailable):
            snap.team()
    assert not snap.sound()
    again = shared_snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)
    assert again is not snap and again.team() == snap.store.read(
        "account/team", account=SAMPLE_ACCOUNT
    )


def test_a_write_whose_stamp_fails_says_it_was_applied(
    falkor: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*_: Any) -> None:
        raise DatabaseUnavailable("the engine went away")

    monkeypatch.setattr(type(falkor), "_renew_stamp", down)
    with pytest.raises(DatabaseUnavailable, match="ties/set_meta was applied"):
        _meta(falkor)
    assert falkor.read("ties/meta")  # the write itself stands
