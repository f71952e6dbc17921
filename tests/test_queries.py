"""The query registry: names, files, headers and parameters match, for both dialects."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamgraph.errors import QueryError
from kamgraph.interchange.tables import LINKS, SPECS
from kamgraph.storage.queries import DIALECTS, Registry, cypher_dir, used_params

REPO = Path(__file__).resolve().parent.parent


def test_cypher_dir_is_the_repository_folder_in_a_checkout() -> None:
    assert cypher_dir() == REPO / "cypher"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_file_loads_and_declares_what_it_uses(dialect: str) -> None:
    registry = Registry(dialect)  # type: ignore[arg-type]
    names = registry.names()
    assert "schema/setup" in names
    for name in names:
        query = registry.get(name)
        assert query.mode in ("read", "write", "schema")
        assert used_params(query.text) == set(query.params)
        assert query.statements


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_table_has_its_queries(dialect: str) -> None:
    registry = Registry(dialect)  # type: ignore[arg-type]
    names = set(registry.names())
    for table, spec in SPECS.items():
        assert f"ingest/upsert_{table}" in names
        assert f"bundle/keys_{table}" in names
        assert f"bundle/rows_{table}" in names
        if spec.relinks:
            assert f"ingest/unlink_{table}" in names
        for link in LINKS.get(table, ()):
            assert f"ingest/{link.query}" in names
    assert registry.get("ingest/upsert_people").mode == "write"
    assert registry.get("bundle/rows_people").mode == "read"


def test_dialect_files_override_portable_ones() -> None:
    neo, falkor = Registry("neo4j"), Registry("falkordb")
    assert neo.get("schema/setup").path.parent.parent.name == "neo4j"
    assert falkor.get("schema/setup").path.parent.parent.name == "falkordb"
    assert "CONSTRAINT" in neo.get("schema/setup").text
    assert neo.get("ingest/upsert_people").path == falkor.get("ingest/upsert_people").path


def _write(root: Path, name: str, text: str) -> None:
    path = root / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_undeclared_parameter_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "x/bad", "// params: a\n// returns: n\n// mode: read\nRETURN $a + $b AS n\n")
    with pytest.raises(QueryError, match=r"used but not declared: \['b'\]"):
        Registry("neo4j", tmp_path)


def test_unused_declared_parameter_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "x/bad", "// params: a, b\n// returns: n\n// mode: read\nRETURN $a AS n\n")
    with pytest.raises(QueryError, match=r"declared but not used: \['b'\]"):
        Registry("neo4j", tmp_path)


def test_header_needs_a_mode(tmp_path: Path) -> None:
    _write(tmp_path, "x/bad", "// params:\n// returns: n\nRETURN 1 AS n\n")
    with pytest.raises(QueryError, match="mode"):
        Registry("neo4j", tmp_path)


def test_parameters_in_strings_and_comments_do_not_count() -> None:
    assert used_params("RETURN '$no' AS a, $yes AS b // $comment\n") == {"yes"}


def test_unknown_query_name_is_a_clear_error() -> None:
    with pytest.raises(QueryError, match="no query named 'nope/nothing'"):
        Registry("falkordb").get("nope/nothing")
