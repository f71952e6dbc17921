"""The GraphStore port and its engines; `open_store(settings)` picks the engine."""

from __future__ import annotations

from kamgraph.settings import Engine, Settings
from kamgraph.storage.base import GraphStore, Health


def open_store(settings: Settings | None = None) -> GraphStore:
    """Open the store the settings name; the caller owns it and closes it (or uses `with`).
    A store kept by an older kamgraph gets its strength aggregates built first."""
    store = _connect(settings or Settings())
    try:
        from kamgraph.interchange import ties  # the interchange layer builds on this one

        ties.ensure(store)
    except BaseException:
        store.close()
        raise
    return store


def _connect(settings: Settings) -> GraphStore:
    if settings.engine is Engine.NEO4J:
        from kamgraph.storage.neo4j import Neo4jStore

        return Neo4jStore.from_settings(settings)
    from kamgraph.storage.falkordb import FalkorStore

    if settings.engine is Engine.FALKORDB:
        return FalkorStore.from_url(settings)
    return FalkorStore.embedded(settings)


__all__ = ["GraphStore", "Health", "open_store"]
