"""Import and export against a real engine: round trips, idempotency, all-or-nothing, resume."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kamgraph.errors import InvalidBundle, KamgraphError
from kamgraph.interchange.bundle import load_csv_dir, validate
from kamgraph.interchange.export import export_bundle, write_csv_dir
from kamgraph.interchange.ingest import import_data
from kamgraph.storage import GraphStore
from tests.factories import tiny


def test_sample_round_trip_is_identity(store: GraphStore, sample_data: dict[str, Any]) -> None:
    first = import_data(store, sample_data)
    assert first.totals()["added"] == sum(len(v) for k, v in sample_data.items() if k != "format")
    counts = store.counts()
    export1 = export_bundle(store)
    second = import_data(store, export1)
    assert second.totals() == {"added": 0, "changed": 0, "unchanged": first.totals()["added"]}
    assert store.counts() == counts
    export2 = export_bundle(store)
    assert export1 == export2
    # The export holds every row of the sample, and nothing else.
    for table, rows in sample_data.items():
        if table != "format":
            assert len(export1[table]) == len(rows), table


def test_export_keeps_values_and_fills_defaults(store: GraphStore) -> None:
    import_data(store, tiny())
    bundle = export_bundle(store)
    p3 = next(p for p in bundle["people"] if p["id"] == "p3")
    assert p3["since"] == "2020-01-01" and p3["until"] == "2026-06-30"
    assert p3["unit"] is None and p3["political_status"] == "outside" and p3["interests"] == []
    i2 = next(i for i in bundle["interactions"] if i["id"] == "i2")
    assert i2["people"] == ["p1", "p2"] and i2["sellers"] == [] and i2["kind"] == "email"
    i4 = next(i for i in bundle["interactions"] if i["id"] == "i4")
    assert i4["sellers"] == ["s1", "s2"] and i4["people"] == []
    (a1,) = bundle["actions"]
    assert a1["raci"] == {"R": "s1", "A": "s2", "C": ["s3"], "I": []}
    assert a1["status"] == "open" and a1["strategy"] == "penetration"
    t1 = next(t for t in bundle["activity_targets"] if t["id"] == "t1")
    assert t1 == {
        "id": "t1",
        "account": None,
        "seller": "s1",
        "metric": "key_person_touches",
        "period": "month",
        "target": 6,
    }
    units = {u["id"]: u for u in bundle["units"]}
    assert units["acme-ops"]["parent"] == "acme-it"
    accounts = {a["id"]: a for a in bundle["accounts"]}
    assert accounts["acme-de"]["parent"] == "acme"
    assert accounts["acme"]["potential"] == 5000000


def test_invalid_bundle_writes_nothing(store: GraphStore, sample_data: dict[str, Any]) -> None:
    import_data(store, sample_data)
    before = store.counts()
    exported = export_bundle(store)
    bad = tiny()
    bad["influences"][0]["strength"] = 1.5
    bad["people"][1]["layer"] = "boss"
    bad["roles"][0]["person"] = "nobody"
    bad["interactions"][0]["date"] = "2026-02-30"
    bad["relationships"][0]["level"] = "high"
    bad["people"].append({"id": "p1", "account": "acme"})
    with pytest.raises(InvalidBundle) as info:
        import_data(store, bad)
    assert info.value.errors == [
        "people[1].layer: Input should be 'decision', 'management' or 'operation'",
        "influences[0].strength: Input should be less than or equal to 1",
        "relationships[0].level: Input should be a valid integer, unable to parse string as an "
        "integer",
        "people[4].id: duplicate key (id=p1) already in people[0]",
        "roles[0].person: unknown person 'nobody' (not in this bundle nor in the database)",
        # The interactions are checked as they are read, after every other table.
        "interactions[0].date: '2026-02-30' is not a date in the form YYYY-MM-DD",
    ]
    assert store.counts() == before
    assert export_bundle(store) == exported


def test_references_may_point_at_stored_rows(store: GraphStore) -> None:
    import_data(store, tiny())
    only_interactions = {
        "format": "kamgraph/v1",
        "interactions": [{"id": "i9", "date": "2026-11-01", "sellers": ["s2"], "people": ["p1"]}],
    }
    report = import_data(store, only_interactions)
    assert report.totals() == {"added": 1, "changed": 0, "unchanged": 0}
    dangling = {
        "format": "kamgraph/v1",
        "interactions": [{"id": "i10", "date": "2026-11-01", "sellers": ["ghost"]}],
    }
    with pytest.raises(InvalidBundle) as info:
        import_data(store, dangling)
    assert info.value.errors == [
        "interactions[0].sellers: unknown seller 'ghost' (not in this bundle nor in the database)"
    ]


def test_changed_rows_are_rewritten_with_their_links(store: GraphStore) -> None:
    import_data(store, tiny())
    data = tiny()
    data["interactions"][1]["people"] = ["p3"]  # i2 now with p3 only
    data["people"][1]["unit"] = "acme-it"  # p2 moves unit
    data["people"][0]["interests"] = []
    data["actions"][0]["raci"] = {"R": "s2", "C": [], "I": ["s1"]}
    data["influences"][0]["strength"] = 0.9
    report = import_data(store, data)
    changed = {p.table: p.modified for p in report.tables if p.modified}
    assert changed == {"people": 2, "influences": 1, "interactions": 1, "actions": 1}
    bundle = export_bundle(store)
    assert next(i for i in bundle["interactions"] if i["id"] == "i2")["people"] == ["p3"]
    assert next(p for p in bundle["people"] if p["id"] == "p2")["unit"] == "acme-it"
    assert next(p for p in bundle["people"] if p["id"] == "p1")["interests"] == []
    assert bundle["actions"][0]["raci"] == {"R": "s2", "A": None, "C": [], "I": ["s1"]}
    assert bundle["influences"][0]["strength"] == 0.9
    counts = store.counts()
    assert counts["WORKS_IN"] == 2 and counts["ASSIGNED"] == 2
    assert (
        import_data(store, data).totals()["added"] + import_data(store, data).totals()["changed"]
        == 0
    )


class _Crash(Exception):
    pass


def test_interrupted_import_writes_nothing(
    store: GraphStore, sample_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after many batches were sent leaves the store exactly as it was (atomic)."""
    import_data(store, tiny())
    before = export_bundle(store)
    before_counts = store.counts()
    calls = {"n": 0}
    real_write = type(store).write

    def flaky_write(self: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
        calls["n"] += 1
        if calls["n"] == 14:  # somewhere in the middle: after nodes, before all links
            raise _Crash("engine went away")
        return real_write(self, name, **params)

    monkeypatch.setattr(type(store), "write", flaky_write)
    store.batch_size = 50  # many batches, so the crash lands mid-table
    with pytest.raises(_Crash):
        import_data(store, sample_data)
    assert calls["n"] == 14
    monkeypatch.setattr(type(store), "write", real_write)
    assert store.counts() == before_counts
    assert export_bundle(store) == before
    report = import_data(store, sample_data)
    assert sum(report.totals().values()) == sum(
        len(v) for k, v in sample_data.items() if k != "format"
    )
    # Whole now: importing it again changes nothing.
    assert import_data(store, sample_data).totals()["unchanged"] == sum(
        len(v) for k, v in sample_data.items() if k != "format"
    )


def test_readers_see_an_import_whole_or_not_at_all(
    store: GraphStore, sample_data: dict[str, Any]
) -> None:
    import threading

    store.batch_size = 20
    seen: set[int] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.add(sum(int(r["n"]) for r in store.read("admin/count_nodes")))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        import_data(store, sample_data)
    finally:
        done.set()
        watcher.join()
    seen.add(sum(int(r["n"]) for r in store.read("admin/count_nodes")))
    assert len(seen) <= 2 and min(seen) == 0, sorted(seen)


def test_account_export_is_self_contained(store: GraphStore) -> None:
    import_data(store, tiny())
    bundle = export_bundle(store, account="acme")
    assert [a["id"] for a in bundle["accounts"]] == ["acme"]
    assert "p4" not in {p["id"] for p in bundle["people"]}
    # p4's influence and interaction are dropped or trimmed; only referenced sellers stay
    assert all(i["source"] != "p4" for i in bundle["influences"])
    assert {s["id"] for s in bundle["sellers"]} == {"s1", "s2", "s3"}
    i3 = [i for i in bundle["interactions"] if i["id"] == "i3"]
    assert i3 == []
    assert [t["id"] for t in bundle["activity_targets"]] == ["t2"]
    with pytest.raises(KamgraphError, match="unknown account 'nope'"):
        export_bundle(store, account="nope")


def test_account_export_imports_into_an_empty_graph(store: GraphStore, falkor: GraphStore) -> None:
    import_data(store, tiny())
    bundle = export_bundle(store, account="acme")
    import_data(falkor, copy.deepcopy(bundle))
    assert export_bundle(falkor) == bundle


def test_csv_folder_round_trip(store: GraphStore, tmp_path: Any) -> None:
    import_data(store, tiny())
    bundle = export_bundle(store)
    write_csv_dir(bundle, tmp_path)
    data = load_csv_dir(tmp_path)
    report = import_data(store, data)
    assert report.totals()["added"] == 0 and report.totals()["changed"] == 0


def _tiny_store(store: GraphStore) -> dict[str, Any]:
    import_data(store, tiny())
    return export_bundle(store)


def test_a_row_joins_a_stored_unit_only_of_its_own_account(store: GraphStore) -> None:
    # Found by the fuzzer: a person (or a unit) naming a stored unit of another account was
    # accepted, and the next export no longer validated. Refused now, as in one bundle.
    before = _tiny_store(store)
    person = {"id": "p9", "account": "acme-de", "unit": "acme-it", "name": "Ivo Ilic"}
    unit = {"id": "de-x", "account": "acme-de", "name": "X", "parent": "acme-ops"}
    with pytest.raises(InvalidBundle) as caught:
        import_data(store, {"format": "kamgraph/v1", "people": [person], "units": [unit]})
    assert caught.value.errors == [
        "people[0].unit: unit 'acme-it' belongs to account 'acme', not 'acme-de'",
        "units[0].parent: unit 'acme-ops' belongs to account 'acme', not 'acme-de'",
    ]
    assert export_bundle(store) == before
    # The same rows in the unit's own account are fine.
    import_data(
        store,
        {"format": "kamgraph/v1", "people": [{**person, "account": "acme"}]},
    )
    assert next(p for p in export_bundle(store)["people"] if p["id"] == "p9")["unit"] == "acme-it"


def test_a_unit_moves_to_another_account_only_with_what_is_in_it(store: GraphStore) -> None:
    # Found by the fuzzer: a unit moved to another account left its stored people (and child
    # units) in the old one, and the next export no longer validated.
    before = _tiny_store(store)
    moved = {"id": "acme-it", "account": "acme-de", "name": "IT"}
    with pytest.raises(InvalidBundle) as caught:
        import_data(store, {"format": "kamgraph/v1", "units": [moved]})
    # One error for the unit, however many rows it would leave behind.
    assert caught.value.errors == [
        "units[0].account: unit 'acme-it' belongs to account 'acme-de', not 'acme', the account "
        "of stored person 'p1' in it (and 1 more; move them in the same bundle)",
    ]
    assert export_bundle(store) == before
    # Moved together with its person, and its child unit taken out of it, the move is made.
    p1 = {"id": "p1", "account": "acme-de", "unit": "acme-it", "name": "Ana Diaz"}
    ops = {"id": "acme-ops", "account": "acme", "name": "Network ops"}
    import_data(store, {"format": "kamgraph/v1", "units": [moved, ops], "people": [p1]})
    validate(export_bundle(store))
