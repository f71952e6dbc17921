"""CSV folders read strictly and written safely for spreadsheets (issue 15, #12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamgraph.errors import KamgraphError
from kamgraph.interchange.bundle import load_csv_dir
from kamgraph.interchange.csvcells import neutralised, restored
from kamgraph.interchange.export import export_bundle, write_csv_dir
from kamgraph.interchange.ingest import import_data
from kamgraph.storage.base import GraphStore
from tests.factories import tiny


def test_an_unclosed_quote_is_an_error_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "sellers.csv").write_text('id,name\ns1,"Lee\ns2,Kim\n')
    with pytest.raises(KamgraphError, match=r"sellers.csv, line \d+: not a readable CSV"):
        load_csv_dir(tmp_path)


def test_a_column_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sellers.csv").write_text("id,name,name\ns1,Lee,Kim\n")
    with pytest.raises(KamgraphError, match="line 1: column 'name' appears twice"):
        load_csv_dir(tmp_path)


def test_file_names_are_case_insensitive(tmp_path: Path) -> None:
    (tmp_path / "Sellers.CSV").write_text("id,name\ns1,Lee\n")
    assert load_csv_dir(tmp_path)["sellers"] == [{"id": "s1", "name": "Lee"}]
    (tmp_path / "sellers.csv").write_text("id,name\ns2,Kim\n")
    with pytest.raises(KamgraphError, match="table 'sellers' is also in"):
        load_csv_dir(tmp_path)


def test_formula_cells_are_neutralised_on_export_and_restored_on_import(
    falkor: GraphStore, tmp_path: Path
) -> None:
    data = tiny()
    evil = '=HYPERLINK("http://evil.example","click")'
    data["people"][0]["profile"] = evil
    data["people"][0]["name"] = "+cmd|' /C calc'!A0"
    import_data(falkor, data)
    bundle = export_bundle(falkor)
    write_csv_dir(bundle, tmp_path)
    text = (tmp_path / "people.csv").read_text()
    assert "'" + evil.replace('"', '""') in text and ",=HYPERLINK" not in text
    assert ",'+cmd|" in text
    report = import_data(falkor, load_csv_dir(tmp_path))
    assert report.totals()["changed"] == 0 and export_bundle(falkor) == bundle


@given(st.text(alphabet="'=+-@\t\rab ", max_size=8))
def test_restored_undoes_neutralised(cell: str) -> None:
    safe = neutralised(cell)
    assert restored(safe) == cell
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
