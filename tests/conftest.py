"""Fixtures: a store per test on every engine that is available here.

The embedded engine is always there: one engine per test session, one fresh FalkorDB graph per
test (graphs are cheap and isolated). Neo4j runs where `KAMGRAPH_TEST_NEO4J_URI` is set or a
Docker engine answers (testcontainers, pinned image); otherwise those tests are skipped with the
reason shown by `pytest -ra`.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store
from kamgraph.storage import engine as embedded
from kamgraph.storage.falkordb import FalkorStore

NEO4J_IMAGE = "neo4j:5.26.2-community"
SAMPLE = Path(__file__).resolve().parent.parent / "kamgraph" / "data" / "sample.json"


@pytest.fixture(scope="session")
def sample_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def engine_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("embedded")
    engine = embedded.acquire(path)
    yield path
    embedded.release(engine)


def _docker_reason() -> str | None:
    try:
        import docker

        docker.from_env().ping()
    except Exception as e:  # any failure means: no Docker engine to use here
        return f"no Docker engine answers ({type(e).__name__})"
    return None


@pytest.fixture(scope="session")
def neo4j_url() -> Iterator[tuple[str, str, str]]:
    url = os.environ.get("KAMGRAPH_TEST_NEO4J_URI")
    if url:
        yield (
            url,
            os.environ.get("KAMGRAPH_TEST_NEO4J_USER", "neo4j"),
            os.environ.get("KAMGRAPH_TEST_NEO4J_PASSWORD", ""),
        )
        return
    reason = _docker_reason()
    if reason is not None:
        pytest.skip(f"Neo4j run skipped: KAMGRAPH_TEST_NEO4J_URI is not set and {reason}")
    from testcontainers.neo4j import Neo4jContainer

    with Neo4jContainer(NEO4J_IMAGE, password="kamgraph-test") as container:
        yield container.get_connection_url(), "neo4j", "kamgraph-test"


def break_engine_start(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Callable[[], None]:
    """Make every later start of an embedded engine fail (the module file is not a module);
    returns the function that makes starts work again."""
    real = embedded._binaries
    bogus = folder / "broken.so"
    bogus.write_text("not a module")
    monkeypatch.setattr(embedded, "_binaries", lambda: (real()[0], str(bogus)))
    return lambda: monkeypatch.setattr(embedded, "_binaries", real)


def embedded_settings(engine_dir: Path) -> Settings:
    return Settings(db=None, data_dir=engine_dir, graph=f"t{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["falkordb", "neo4j"])
def store(request: pytest.FixtureRequest, engine_dir: Path) -> Iterator[GraphStore]:
    """A store holding nothing, on each engine; the graph is dropped afterwards."""
    if request.param == "falkordb":
        yield from _embedded_store(engine_dir)
        return
    url, user, password = request.getfixturevalue("neo4j_url")
    settings = Settings(db=url, neo4j_user=user, neo4j_password=password)
    s = open_store(settings)
    s.wipe()
    yield s
    s.wipe()
    s.close()


def _embedded_store(engine_dir: Path) -> Iterator[GraphStore]:
    s = open_store(embedded_settings(engine_dir))
    yield s
    assert isinstance(s, FalkorStore)
    s.raw_graph().delete()
    s.close()


@pytest.fixture
def falkor(engine_dir: Path) -> Iterator[GraphStore]:
    """A store on the embedded engine only (for engine-specific tests)."""
    yield from _embedded_store(engine_dir)


@pytest.fixture(scope="module")
def falkor_module(engine_dir: Path) -> Iterator[GraphStore]:
    """One embedded store for a whole module (property tests wipe it per example)."""
    yield from _embedded_store(engine_dir)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian chromium via Playwright, shared by every browser test (tests/browser.py)."""
    from tests.browser import launch_browser

    yield from launch_browser()
