"""Settings: engine selection from KAMGRAPH_DB, secrets kept secret, bad URLs refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kamgraph.settings import Engine, Settings


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        (None, Engine.EMBEDDED),
        ("", Engine.EMBEDDED),
        ("neo4j://db.example:7687", Engine.NEO4J),
        ("neo4j+s://abc.databases.neo4j.io", Engine.NEO4J),
        ("bolt://localhost:7687", Engine.NEO4J),
        ("falkordb://localhost:6379/sales", Engine.FALKORDB),
    ],
)
def test_engine_follows_the_url(url: str | None, engine: Engine) -> None:
    assert Settings(db=url).engine is engine


def test_environment_is_read_with_the_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KAMGRAPH_DB", "bolt://u@host:7687")
    monkeypatch.setenv("KAMGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KAMGRAPH_NEO4J_PASSWORD", "s3cret")
    monkeypatch.setenv("KAMGRAPH_BATCH_SIZE", "123")
    s = Settings()
    assert s.engine is Engine.NEO4J and s.data_dir == tmp_path and s.batch_size == 123
    assert s.neo4j_password.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(s) and "s3cret" not in str(s.model_dump())


def test_redacted_url_never_shows_a_password() -> None:
    s = Settings(db="neo4j://neo:hunter2@db.example:7687")  # moved to the Neo4j settings
    assert s.redacted_db() == "neo4j://db.example:7687" and s.neo4j_user == "neo"
    server = Settings(db="falkordb://neo:hunter2@db.example:6379/g")
    assert server.redacted_db() == "falkordb://neo@db.example:6379/g"
    assert "embedded FalkorDB in" in Settings(db=None).redacted_db()


def test_unknown_scheme_is_refused_with_the_allowed_ones() -> None:
    with pytest.raises(ValidationError, match="unsupported database URL scheme 'postgres'"):
        Settings(db="postgres://x")


def test_default_data_dir_is_the_users_data_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAMGRAPH_DATA_DIR", raising=False)
    assert Settings().data_dir.name == "kamgraph"
