"""Find people, accounts, deals and sellers by name: the workspace's search box.

A stand-in for the name search service (`kamgraph/services/names.py`, on its own branch) with
the same call, `search(store, q, limit)`: case- and accent-insensitive substring matching.
Cypher cannot fold accents portably (no `unaccent` on FalkorDB or Neo4j), so one query reads
every name and Python folds and matches them; fine for thousands of names, and replaced by the
service when it merges.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from kamgraph.storage.base import GraphStore

Kind = Literal["account", "person", "deal", "seller"]
KINDS: tuple[Kind, ...] = ("account", "person", "deal", "seller")
MAX_QUERY = 200  # characters: longer is not a name


@dataclass(frozen=True)
class Hit:
    kind: Kind
    id: str
    name: str
    account: str | None  # the account a person or deal belongs to (None for a seller)


def fold(text: str) -> str:
    """Lower case without accents ("Müller" and "MULLER" fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search(store: GraphStore, q: str, limit: int = 50) -> list[Hit]:
    """Rows whose name contains `q` (folded), by kind then name then id; at most `limit` of
    each kind. An empty (or blank) query finds nothing."""
    needle = fold(q.strip()[:MAX_QUERY])
    if not needle:
        return []
    seen: set[tuple[str, str]] = set()
    found: list[Hit] = []
    for r in store.read("workspace/search_names"):
        kind, id, name = str(r["kind"]), str(r["id"]), str(r["name"] or "")
        if (kind, id) in seen or needle not in fold(name):
            continue
        seen.add((kind, id))
        account = None if r["account"] is None else str(r["account"])
        found.append(Hit(kind=kind, id=id, name=name or id, account=account))  # type: ignore[arg-type]
    found.sort(key=lambda h: (KINDS.index(h.kind), fold(h.name), h.id))
    counts: dict[str, int] = {}
    kept = []
    for h in found:
        counts[h.kind] = counts.get(h.kind, 0) + 1
        if counts[h.kind] <= limit:
            kept.append(h)
    return kept
