"""The kept strength aggregates (TIEs, kamgraph.interchange.ties): every write path leaves them
as a rebuild from the interactions would, a store without them gets them on opening, and the
strengths they give equal the exact path's on every day, half-life and set of kind weights."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamgraph.analysis import facts
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.decay import decay
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF, sample_path
from kamgraph.interchange import ties
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.interchange.model import FORMAT
from kamgraph.services import privacy, rows
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store
from kamgraph.storage.falkordb import FalkorStore
from tests.conftest import embedded_settings
from tests.oracle import Config, Oracle
from tests.test_analyses_property import as_json, close

T = SAMPLE_AS_OF


def sample_bundle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_path().read_text(encoding="utf-8"))
    return data


@pytest.fixture
def store(engine_dir: Path) -> Iterator[FalkorStore]:
    opened = open_store(embedded_settings(engine_dir))
    assert isinstance(opened, FalkorStore)
    import_data(opened, sample_bundle())
    yield opened
    opened.raw_graph().delete()
    opened.close()


def kept_state(store: FalkorStore) -> list[tuple[Any, ...]]:
    """Every TIE as (seller, person, its properties), floats to 12 places (a rebuild may sum
    in another order), tail lists in day order."""
    found = store.raw_graph().query(
        "MATCH (s:Seller)-[t:TIE]->(p:Person) RETURN s.id, p.id, properties(t)"
    )
    out = []
    for seller, person, props in found.result_set:
        tail = sorted(
            zip(props.pop("tail_day"), props.pop("tail_kind"), props.pop("tail_w0"), strict=True)
        )
        kinds = sorted(zip(props.pop("kinds"), props.pop("full"), props.pop("head"), strict=True))
        plain = {k: round(v, 12) if isinstance(v, float) else v for k, v in props.items()}
        out.append(
            (
                seller,
                person,
                sorted(plain.items()),
                tail,
                [(k, round(f, 12), round(h, 12)) for k, f, h in kinds],
            )
        )
    return sorted(out)


def assert_as_rebuilt(store: FalkorStore) -> None:
    before = kept_state(store)
    assert before, "the sample has interactions: there are TIEs"
    ties.rebuild(store)
    assert kept_state(store) == before


def interaction(
    id: str, day: dt.date, people: list[str], sellers: list[str], kind: str
) -> dict[str, Any]:
    return {"id": id, "date": day.isoformat(), "kind": kind, "people": people, "sellers": sellers}


def test_every_write_path_keeps_them_as_a_rebuild_would(store: FalkorStore) -> None:
    assert_as_rebuilt(store)  # the first import
    data = sample_bundle()
    person, other = data["people"][1]["id"], data["people"][2]["id"]
    seller = data["sellers"][0]["id"]
    # A row created through the services (API, forms), then changed: new people and sellers.
    rows.create_row(store, "interactions", interaction("t-1", T, [person], [seller], "meeting"))
    assert_as_rebuilt(store)
    second = data["sellers"][1]["id"]
    rows.replace_row(store, "interactions", interaction("t-1", T, [other], [second], "call"))
    assert_as_rebuilt(store)
    # An import that relinks a stored interaction and adds an older one.
    changed = dict(data["interactions"][0], people=[other], sellers=[seller])
    old = interaction("t-2", T - dt.timedelta(days=800), [person], [seller], "exec_meeting")
    import_data(store, {"format": FORMAT, "interactions": [changed, old]})
    assert_as_rebuilt(store)
    # Deleting an interaction; erasing a person.
    rows.delete_row(store, "interactions", ("t-1",))
    assert_as_rebuilt(store)
    privacy.erase_person(store, person)
    assert_as_rebuilt(store)
    assert (
        not store.raw_graph()
        .query("MATCH (p:Person {id: $id})<-[t:TIE]-() RETURN t", {"id": person})
        .result_set
    )


def test_newcomers_get_their_ties_computed_and_the_rest_recomputed(store: FalkorStore) -> None:
    # An import of interactions of a person with none yet (a newcomer, with several kinds and
    # one interaction older than the kept tail) beside one of a person who has some: the
    # newcomer's TIEs are computed from the bundle, the other's recomputed by the engine.
    data = sample_bundle()
    known = data["interactions"][0]["people"][0]
    seller, second = data["sellers"][0]["id"], data["sellers"][1]["id"]
    newcomer = {"id": "t-new", "account": data["accounts"][0]["id"], "name": "New Comer"}
    days = [T - dt.timedelta(days=d) for d in (0, 3, 40, 400, 900)]
    kinds = ["call", "meeting", "call", "exec_meeting", "email"]
    bundle = {
        "format": FORMAT,
        "people": [newcomer],
        "interactions": [
            interaction(f"t-n{i}", d, ["t-new"], [seller, second][: 1 + i % 2], k)
            for i, (d, k) in enumerate(zip(days, kinds, strict=True))
        ]
        + [interaction("t-k", T, [known, "t-new"], [seller], "site_visit")],
    }
    written: list[str] = []
    original = store.write

    def recording(name: str, **params: Any) -> Any:
        if name.startswith("ties/"):
            written.append(name)
        return original(name, **params)

    store.write = recording  # type: ignore[method-assign]
    try:
        assert ties.without_interactions(store, ["t-new", known]) == {"t-new"}
        import_data(store, bundle)
    finally:
        del store.write
    assert "ties/create" in written and "ties/refresh" in written
    query = "MATCH (:Person {id: 't-new'})<-[t:TIE]-() RETURN count(t)"
    assert store.raw_graph().query(query).result_set == [[2]]  # with both sellers
    assert_as_rebuilt(store)


def test_deleting_the_last_interaction_of_a_pair_removes_its_tie(store: FalkorStore) -> None:
    data = sample_bundle()
    person = data["people"][0]["id"]
    fresh = {"id": "lonely-seller", "name": "Lonely Seller"}
    import_data(store, {"format": FORMAT, "sellers": [fresh]})
    rows.create_row(
        store, "interactions", interaction("t-3", T, [person], ["lonely-seller"], "call")
    )
    query = "MATCH (:Seller {id: 'lonely-seller'})-[t:TIE]->() RETURN count(t)"
    assert store.raw_graph().query(query).result_set == [[1]]
    rows.delete_row(store, "interactions", ("t-3",))
    assert store.raw_graph().query(query).result_set == [[0]]


def test_a_store_without_them_gets_them_on_opening(engine_dir: Path, store: FalkorStore) -> None:
    expected = kept_state(store)
    store.raw_graph().query("MATCH ()-[t:TIE]->() DELETE t")
    store.raw_graph().query("MATCH (m:Meta) DELETE m")
    assert not ties.current(store)
    same = Settings(db=None, data_dir=engine_dir, graph=store.raw_graph().name)
    with open_store(same) as reopened:
        assert isinstance(reopened, FalkorStore)
        assert ties.current(reopened)
        assert kept_state(reopened) == expected


def strengths_both_ways(
    store: GraphStore, days: list[dt.date], cfg: AnalysisSettings
) -> tuple[Any, Any]:
    people = [p["id"] for p in sample_bundle()["people"]]
    return (
        facts.kept_strengths_on(store, people, days, cfg),
        facts.exact_strengths_on(store, people, days, cfg),
    )


@pytest.mark.parametrize(
    "cfg",
    [
        AnalysisSettings(),
        AnalysisSettings(weights={"email": 0.05, "exec_meeting": 2.0}),
        AnalysisSettings(half_life_days=45),
    ],
    ids=["defaults", "other weights", "other half-life"],
)
def test_kept_and_exact_strengths_agree_on_every_day(
    store: FalkorStore, cfg: AnalysisSettings
) -> None:
    # Today, the decay window's start, a review's start, before the kept tails (exact path),
    # and after the last interaction.
    offsets = [0, -90, -180, -400, -1200, 30]
    days = [T + dt.timedelta(days=d) for d in offsets]
    kept_, exact = strengths_both_ways(store, days, cfg)
    for day in days:
        assert kept_[day].keys() == exact[day].keys(), day
        assert kept_[day], day
        for pair, fact in exact[day].items():
            assert round(kept_[day][pair].strength, 6) == round(fact.strength, 6), (day, pair)
            assert kept_[day][pair].last_touch == fact.last_touch, (day, pair)


def test_analyses_at_other_weights_equal_the_oracle_both_ways(store: FalkorStore) -> None:
    weights = {"email": 0.05, "exec_meeting": 2.0, "call": 0.4}
    cfg = AnalysisSettings(weights=weights)
    oracle = Oracle(export_bundle(store), Config(weights={**Config().weights, **weights}))
    expected = oracle.decay(SAMPLE_ACCOUNT, T)
    for kept in (True, False):
        store.kept_strengths = kept
        try:
            close(as_json(decay(Snapshot(store, SAMPLE_ACCOUNT, T, cfg))), expected, f"kept={kept}")
        finally:
            store.kept_strengths = True
