"""A bundle file imported as it is read: the JSON reader on a sliding window, the interactions
checked, compared and written a slice at a time, and everything still all or nothing."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamgraph.errors import InvalidBundle, KamgraphError
from kamgraph.interchange import jsonstream, rowstream
from kamgraph.interchange.export import export_bundle, write_csv_dir
from kamgraph.interchange.ingest import import_data, import_source
from kamgraph.interchange.rowstream import Source
from kamgraph.storage import open_store
from kamgraph.storage.falkordb import FalkorStore
from tests.conftest import embedded_settings
from tests.test_ties import assert_as_rebuilt, sample_bundle


@pytest.fixture
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A window of a few characters: every value, name and number is cut by its edge."""
    monkeypatch.setattr(jsonstream, "WINDOW", 5)


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rowstream, "SLICE", 7)


@pytest.fixture
def empty(engine_dir: Path) -> Iterator[FalkorStore]:
    opened = open_store(embedded_settings(engine_dir))
    assert isinstance(opened, FalkorStore)
    yield opened
    opened.raw_graph().delete()
    opened.close()


def written(tmp_path: Path, data: Any, indent: int | None = None) -> Path:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=False), encoding="utf-8")
    return path


# --- the reader ----------------------------------------------------------------------------
@pytest.mark.usefixtures("small_window")
@pytest.mark.parametrize("indent", [None, 2])
def test_the_reader_gives_what_json_gives_whatever_the_window_cuts(
    tmp_path: Path, indent: int | None
) -> None:
    data = {
        "format": "kamgraph/v1",
        "people": [{"id": "p1", "name": "Kátrin Vögel 😀", "interests": ["a\\b", 'q"uote']}],
        "interactions": [
            {"id": f"i{n}", "date": "2026-11-01", "sentiment": -12345678, "x": 1.5e-7}
            for n in range(30)
        ],
        "accounts": [],
    }
    path = written(tmp_path, data, indent)
    head, there = jsonstream.read_except(path, "interactions")
    assert there
    assert head == {k: v for k, v in data.items() if k != "interactions"}
    assert list(jsonstream.rows(path, "interactions")) == data["interactions"]


def test_a_streamed_table_that_is_not_an_array_is_left_to_validation(tmp_path: Path) -> None:
    head, there = jsonstream.read_except(
        written(tmp_path, {"interactions": {"a": 1}}), "interactions"
    )
    assert not there and head == {"interactions": {"a": 1}}


@pytest.mark.usefixtures("small_window")
@pytest.mark.parametrize(
    "text",
    [
        '{"format": "kamgraph/v1",\n "people": [{"id": "p1"},\n  {"id": }]}',
        '{"people": [1, 2,\n\n   3 4]}',
        '{"people": [1]} extra',
        '{"people": [1], "people": [2]}',
        '{"people": [1], people: [2]}',
        '{"interactions": [{"id": "i1"}, {"id": "i2"]}',
        "[1, 2]",
        "",
    ],
)
def test_bad_json_is_refused_with_its_line_and_column(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KamgraphError) as info:
        jsonstream.read_except(path, "interactions")
    message = str(info.value)
    assert message.startswith(f"{path}: not valid JSON (line ")
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        if "Expecting value" in e.msg or "delimiter" in e.msg:
            # Where the standard library's decoder stops, this reader stops too.
            assert f"(line {e.lineno}, column {e.colno}:" in message


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"people": [{"id": "Jörg"}]}'.encode("latin-1"))
    with pytest.raises(KamgraphError, match="cannot be read"):
        jsonstream.read_except(path, "interactions")


# --- the import ----------------------------------------------------------------------------
@pytest.mark.usefixtures("small_slices")
@pytest.mark.parametrize("shape", ["json", "csv"])
def test_a_file_imports_as_the_same_bundle_in_memory_does(
    engine_dir: Path, empty: FalkorStore, tmp_path: Path, shape: str
) -> None:
    data = sample_bundle()
    other = open_store(embedded_settings(engine_dir))
    import_data(other, data)
    reference = export_bundle(other)
    other.raw_graph().delete()  # type: ignore[attr-defined]
    other.close()
    if shape == "json":
        path = written(tmp_path, data, indent=1)
    else:
        path = tmp_path / "csv"
        write_csv_dir(reference, path)
    report = import_source(empty, Source.read(path))
    plans = {p.table: p for p in report.tables}
    assert plans["interactions"].added == len(data["interactions"])
    assert plans["interactions"].new == []  # counted, not kept
    assert [p.table for p in report.tables] == [
        p.table for p in import_data(empty, data, dry_run=True).tables
    ]
    assert export_bundle(empty) == reference
    assert_as_rebuilt(empty)
    again = import_source(empty, Source.read(path))
    assert again.totals()["added"] == again.totals()["changed"] == 0


@pytest.mark.usefixtures("small_slices")
def test_a_bad_interaction_late_in_the_file_writes_nothing(
    empty: FalkorStore, tmp_path: Path
) -> None:
    import_data(empty, sample_bundle())
    before, counts = export_bundle(empty), empty.counts()
    data = sample_bundle()
    n = len(data["interactions"])
    for row in data["interactions"]:
        row["notes"] = "changed"  # every slice but the bad ones would change something
    data["interactions"][n - 2]["people"] = ["nobody"]
    data["interactions"][n - 1]["id"] = data["interactions"][3]["id"]
    data["interactions"].append({"id": "late", "date": "2026-13-01"})
    with pytest.raises(InvalidBundle) as info:
        import_source(empty, Source.read(written(tmp_path, data)))
    first = data["interactions"][3]["id"]
    # Within a slice as in a whole bundle: values first, then keys, then references.
    assert info.value.errors == [
        f"interactions[{n}].date: '2026-13-01' is not a date in the form YYYY-MM-DD",
        f"interactions[{n - 1}].id: duplicate key (id={first}) already in interactions[3]",
        f"interactions[{n - 2}].people: unknown person 'nobody' (not in this bundle nor in "
        "the database)",
    ]
    assert export_bundle(empty) == before and empty.counts() == counts


@pytest.mark.usefixtures("small_slices")
def test_errors_of_the_other_tables_and_of_the_interactions_come_together(
    empty: FalkorStore, tmp_path: Path
) -> None:
    data = sample_bundle()
    data["people"][0]["layer"] = "boss"
    data["interactions"][-1]["sentiment"] = 9
    with pytest.raises(InvalidBundle) as info:
        import_source(empty, Source.read(written(tmp_path, data)))
    assert [e.split(":")[0] for e in info.value.errors] == [
        "people[0].layer",
        f"interactions[{len(data['interactions']) - 1}].sentiment",
    ]
    assert empty.counts().get("Person", 0) == 0


@pytest.mark.usefixtures("small_slices")
def test_a_dry_run_of_a_file_counts_and_writes_nothing(empty: FalkorStore, tmp_path: Path) -> None:
    data = sample_bundle()
    import_data(empty, {**data, "interactions": data["interactions"][:10]})
    counts = empty.counts()
    report = import_source(empty, Source.read(written(tmp_path, data)), dry_run=True)
    plans = {p.table: p for p in report.tables}
    assert not report.written
    assert plans["interactions"].unchanged == 10
    assert plans["interactions"].added == len(data["interactions"]) - 10
    assert empty.counts() == counts


def test_a_csv_folder_cut_part_way_through_its_interactions_writes_nothing(
    empty: FalkorStore, tmp_path: Path
) -> None:
    import_data(empty, sample_bundle())
    folder = tmp_path / "csv"
    write_csv_dir(export_bundle(empty), folder)
    empty.raw_graph().delete()
    empty.setup_schema()
    path = folder / "interactions.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'x,"unclosed\n', encoding="utf-8")
    with pytest.raises(KamgraphError, match="not a readable CSV file"):
        import_source(empty, Source.read(folder))
    assert empty.counts().get("Person", 0) == 0


def test_a_pipe_is_read_once_whole(empty: FalkorStore, tmp_path: Path) -> None:
    fifo = tmp_path / "bundle.fifo"
    os.mkfifo(fifo)
    data = sample_bundle()

    def feed() -> None:
        fifo.write_text(json.dumps(data), encoding="utf-8")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        report = import_source(empty, Source.read(fifo))
    finally:
        writer.join(timeout=30)
    assert {p.table: p.added for p in report.tables}["interactions"] == len(data["interactions"])
