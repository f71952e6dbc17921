"""A live sync's memory in the store: where each source stopped (`SyncPosition`) and what it
has seen (`SyncItem`: one per message or calendar object, ids and days only, never an address
or a subject).

Every step of a sync saves its memory in the same unit of the store as the interactions it
writes (`import_data`'s `then`): a run stopped at any moment leaves the store as it was after
its last whole step, and the next run goes on from there. Nothing is doubled because every
interaction's id is derived from its source key (Message-ID, calendar UID and occurrence).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kamgraph.connectors.common import stable_id
from kamgraph.interchange import ties
from kamgraph.storage.base import GraphStore

PAGE = 10_000


@dataclass
class Ledger:
    """One source's memory as read at the start of a run, and what the run changes of it."""

    source: str
    position: dict[str, Any]
    items: dict[str, dict[str, Any]]
    # Changes not yet saved: items upserted, items forgotten.
    dirty: dict[str, dict[str, Any]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, store: GraphStore, source: str) -> Ledger:
        rows = store.read("sync/position", source=source)
        position = json.loads(rows[0]["data"]) if rows and rows[0]["data"] else {}
        items: dict[str, dict[str, Any]] = {}
        after = ""
        while True:
            page = store.read("sync/items", source=source, after=after, limit=PAGE)
            for r in page:
                items[str(r["key"])] = json.loads(r["data"])
            if len(page) < PAGE:
                return cls(source, position, items)
            after = str(page[-1]["key"])

    def put(self, key: str, item: dict[str, Any]) -> None:
        self.items[key] = item
        self.dirty[key] = item
        self.gone.discard(key)

    def drop(self, key: str) -> None:
        if self.items.pop(key, None) is not None:
            self.gone.add(key)
        self.dirty.pop(key, None)

    def item_id(self, key: str) -> str:
        return stable_id("sync", self.source, key)

    def save(self, store: GraphStore) -> None:
        """Queue the position and the changed items (call inside the step's unit)."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        store.write(
            "sync/save_position",
            source=self.source,
            data=json.dumps(self.position, sort_keys=True),
            at=now,
        )
        rows = [
            {"id": self.item_id(k), "key": k, "data": json.dumps(v, sort_keys=True)}
            for k, v in sorted(self.dirty.items())
        ]
        for start in range(0, len(rows), PAGE):
            store.write("sync/save_items", source=self.source, rows=rows[start : start + PAGE])
        if self.gone:
            store.write("sync/drop_items", ids=sorted(self.item_id(k) for k in self.gone))
        self.dirty, self.gone = {}, set()


def delete_interactions(store: GraphStore, ids: Iterable[str]) -> None:
    """Queue the deletion of interactions (with their people's kept strengths recomputed
    first, as a deletion through the API does)."""
    ids = sorted(set(ids))
    if ids:
        ties.before_deleting(store, ids)
        store.write("sync/delete_interactions", ids=ids)


def _without(value: Any, gone: str) -> Any:
    if isinstance(value, list):
        return [_without(v, gone) for v in value if v != gone]
    if isinstance(value, dict):
        return {k: _without(v, gone) for k, v in value.items()}
    return value


def forget_id(store: GraphStore, gone: str) -> int:
    """Rewrite every sync item that names `gone` (a person being erased) without it: the
    ledger keeps no trace of them. How many items were rewritten."""
    rows = store.read("sync/items_naming", needle=json.dumps(gone))
    by_source: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        data = json.dumps(_without(json.loads(r["data"]), gone), sort_keys=True)
        by_source.setdefault(str(r["source"]), []).append(
            {"id": r["id"], "key": r["key"], "data": data}
        )
    for source, items in by_source.items():
        for start in range(0, len(items), PAGE):
            store.write("sync/save_items", source=source, rows=items[start : start + PAGE])
    return len(rows)


def sources(store: GraphStore) -> list[dict[str, Any]]:
    return [dict(r) for r in store.read("sync/sources")]


def forget(store: GraphStore, source: str) -> int:
    rows = store.write("sync/forget", source=source)
    return int(rows[0]["n"]) if rows else 0
