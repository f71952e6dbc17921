"""People, accounts, sellers, deals and units by the names account teams use, never only by ids.

Three uses share one read of the names (`cypher/names/<table>.cypher`): resolving what a user
typed (an id, or an exact name, case- and accent-insensitive) to an id; searching by part of a
name; and labelling ids with names in readable output.

Why an in-process index rather than a normalised name stored on write and `CONTAINS` in Cypher:
accent folding (NFKD) exists in neither engine's Cypher, a stored copy would have to be kept in
step by every write path (import, CRUD, erasure, scrub) and stripped again on export, and data
imported before it existed would not be found. Each call reads the ids and names of a kind as
two lists (`names/index_<table>`, several times cheaper than a row per node) and the titles and
accounts only of the hits (`names/<table>`); measured in `bench/search.py` (see the README).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal, NamedTuple

from kamgraph.errors import KamgraphError, NotFound
from kamgraph.storage.base import GraphStore

Kind = Literal["person", "account", "seller", "opportunity", "unit"]
# What `search` looks for (units are only labels and list filters: a team does not look them up).
SEARCHED: tuple[Kind, ...] = ("person", "account", "opportunity", "seller")
TABLE: dict[Kind, str] = {
    "person": "people",
    "account": "accounts",
    "seller": "sellers",
    "opportunity": "opportunities",
    "unit": "units",
}
QUERY: dict[Kind, str] = {kind: f"names/{table}" for kind, table in TABLE.items()}
# How a kind reads in a message ("unknown deal" would not match the option, --opportunity).
NOUN: dict[Kind, str] = {k: k for k in QUERY}
MAX_QUERY = 100
CLOSEST = 5


class AmbiguousName(KamgraphError):
    """A name that several rows of one kind carry: the caller must give the id (HTTP 409)."""


@lru_cache(maxsize=1 << 17)  # the same names are normalised on every call: remember them
def normalize(text: str) -> str:
    """Lower case without accents or repeated spaces: "Kátrin  VOGEL" → "katrin vogel"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


class Named(NamedTuple):
    """One row of the name index: enough to match, rank and label."""

    kind: Kind
    id: str
    name: str
    key: str  # normalize(name)

    def describe(self) -> str:
        return f"{self.name} ({self.id})"


def index(store: GraphStore, kind: Kind) -> list[Named]:
    """Every row of a kind by id and name (a row without a name goes by its id)."""
    found: list[Named] = []
    for r in store.read(f"names/index_{TABLE[kind]}"):
        for id, name in zip(r["ids"], r["names"], strict=True):
            found.append(Named(kind, str(id), str(name), normalize(str(name))))
    return found


@dataclass(frozen=True)
class Entry:
    kind: Kind
    id: str
    name: str
    title: str
    account: str | None
    account_name: str | None
    key: str  # normalize(name)

    def describe(self, with_account: bool = False) -> str:
        """`Katrin Vogel (nw-p02)`, or with the account: `Anna Berg (p3, Northwind)`."""
        where = f", {self.account_name or self.account}" if with_account and self.account else ""
        return f"{self.name} ({self.id}{where})"

    @property
    def context(self) -> str:
        """What tells two hits apart in a list: title and account."""
        parts = [self.title, "" if self.kind == "account" else (self.account_name or "")]
        return ", ".join(p for p in parts if p)


def entries(store: GraphStore, kind: Kind, only: Sequence[str]) -> list[Entry]:
    """The rows of a kind with the ids `only` (each found by the id index), with name, title
    and account; a row without a name goes by its id."""
    if not only:
        return []
    rows = store.read(QUERY[kind], only=list(dict.fromkeys(only)))
    found = []
    for r in rows:
        name = str(r.get("name") or r["id"])
        found.append(
            Entry(
                kind=kind,
                id=str(r["id"]),
                name=name,
                title=str(r.get("title") or ""),
                account=None if r.get("account") is None else str(r["account"]),
                account_name=None if r.get("account_name") is None else str(r["account_name"]),
                key=normalize(name),
            )
        )
    return found


# --- resolving ------------------------------------------------------------------------------


def resolve(store: GraphStore, kind: Kind, value: str) -> str:
    """The id of the one `kind` whose id is `value` or whose name is exactly `value` (case and
    accents aside). An id wins over a name. NotFound lists the closest; AmbiguousName the
    candidates."""
    if entries(store, kind, [value]):
        return value
    candidates = index(store, kind)
    wanted = normalize(value)
    same = sorted({e.id for e in candidates if e.key == wanted})
    if len(same) == 1:
        return same[0]
    if same:
        found = sorted(entries(store, kind, same), key=lambda e: e.id)
        listed = ", ".join(e.describe(with_account=True) for e in found)
        raise AmbiguousName(f"{value!r} is ambiguous: {listed}; give the id")
    raise NotFound(unknown_message(kind, value, candidates))


def as_id(store: GraphStore, kind: Kind, value: str) -> str:
    """For writes: a name as its id, anything else unchanged, so that validation reports an
    unknown reference in its own terms (`actions[0].raci.R: unknown seller ...`)."""
    try:
        return resolve(store, kind, value)
    except NotFound:
        return value


def resolve_optional(store: GraphStore, kind: Kind, value: str | None) -> str | None:
    return None if value is None else resolve(store, kind, value)


def resolve_all(store: GraphStore, kind: Kind, values: Iterable[str] | None) -> list[str] | None:
    """Each of several values (repeated options); None stays None (meaning "all")."""
    return None if values is None else [resolve(store, kind, v) for v in values]


def unknown_message(kind: Kind, value: str, candidates: Sequence[Named]) -> str:
    """`unknown person 'Katrin Vogl'; closest: Katrin Vogel (nw-p02), ...`"""
    closest = closest_to(value, candidates)
    tail = f"; closest: {', '.join(e.describe() for e in closest)}" if closest else ""
    return f"unknown {NOUN[kind]} {value!r}{tail}"


def closest_to(value: str, candidates: Sequence[Named], n: int = CLOSEST) -> list[Named]:
    """Search hits first (a part of the name was typed), then the most similar names or ids."""
    wanted = normalize(value)
    if not wanted:
        return []
    hits = [e for _, e in sorted(_ranked(wanted, candidates), key=lambda x: x[0])][:n]
    matcher = SequenceMatcher(b=wanted, autojunk=False)
    scored = []
    for e in candidates:
        if e in hits:
            continue
        best = 0.0
        for text in (e.key, e.id.casefold()):
            matcher.set_seq1(text)
            # The cheap upper bounds first: most candidates are far off.
            if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
                best = max(best, matcher.ratio())
        if best >= 0.6:
            scored.append((-best, e.key, e.id, e))
    return (hits + [x[-1] for x in sorted(scored, key=lambda x: x[:3])])[:n]


# --- search ---------------------------------------------------------------------------------


def rank(wanted: str, e: Named) -> int | None:
    """0 the whole name, 1 its start, 2 the start of one of its words, 3 anywhere; None: no."""
    if e.key == wanted:
        return 0
    if e.key.startswith(wanted):
        return 1
    if any(w.startswith(wanted) for w in e.key.split()):
        return 2
    return 3 if wanted in e.key else None


def _ranked(
    wanted: str, candidates: Iterable[Named]
) -> list[tuple[tuple[int, str, str, str], Named]]:
    order = {k: i for i, k in enumerate(QUERY)}
    found = []
    for e in candidates:
        if wanted in e.key:  # every rank needs it: the cheap test first
            r = rank(wanted, e)
            if r is not None:
                found.append(((r, e.key, str(order[e.kind]), e.id), e))
    return found


def check_query(q: str) -> str:
    """The normalised query; 1..100 characters (as typed) and not blank."""
    if not 1 <= len(q) <= MAX_QUERY:
        raise KamgraphError(f"a search takes 1 to {MAX_QUERY} characters, got {len(q)}")
    wanted = normalize(q)
    if not wanted:
        raise KamgraphError("a search needs at least one letter or digit, not only spaces")
    return wanted


def search(
    store: GraphStore, q: str, limit: int = 20, kinds: Sequence[Kind] = SEARCHED
) -> list[Entry]:
    """People, accounts, deals and sellers whose name contains `q` (case and accents aside):
    the whole name first, then names or words starting with it, then the rest; by name, kind
    and id within each."""
    wanted = check_query(q)
    if limit < 1:
        raise KamgraphError(f"limit must be at least 1, got {limit}")
    candidates = [e for kind in kinds for e in index(store, kind)]
    best = [e for _, e in sorted(_ranked(wanted, candidates), key=lambda x: x[0])][:limit]
    # Titles and accounts only for the hits: reading them for every row is what costs.
    details = {
        (e.kind, e.id): e
        for kind in {h.kind for h in best}
        for e in entries(store, kind, [h.id for h in best if h.kind == kind])
    }
    return [details[(h.kind, h.id)] for h in best if (h.kind, h.id) in details]


def matching_ids(store: GraphStore, kind: Kind, part: str) -> set[str]:
    """Ids of the `kind` rows whose name contains `part` (case and accents aside): list filters."""
    wanted = normalize(part)
    return {e.id for e in index(store, kind) if wanted in e.key}


# --- labels ---------------------------------------------------------------------------------


class Labels:
    """Names for ids in readable output. `shown(kind, id)` is (name, whether the id must follow
    it): the id is needed only where another row of that kind has the same name."""

    def __init__(self, found: Iterable[Named]) -> None:
        self._by: dict[tuple[Kind, str], Named] = {}
        counts: dict[tuple[Kind, str], int] = {}
        for e in found:
            self._by[(e.kind, e.id)] = e
            counts[(e.kind, e.key)] = counts.get((e.kind, e.key), 0) + 1
        self._shared = {k for k, n in counts.items() if n > 1}

    @classmethod
    def load(cls, store: GraphStore, kinds: Sequence[Kind] = tuple(QUERY)) -> Labels:
        return cls(e for kind in kinds for e in index(store, kind))

    def shown(self, kind: Kind, id: str) -> tuple[str, bool]:
        e = self._by.get((kind, id))
        if e is None or not e.name.strip():
            return id, False  # nothing to show but the id (a deal without a name)
        return e.name, e.name != id and (kind, e.key) in self._shared

    def text(self, kind: Kind, id: str | None) -> str:
        """Plain text: the name, with the id in brackets when needed."""
        if id is None:
            return "-"
        name, with_id = self.shown(kind, id)
        return f"{name} ({id})" if with_id else name

    def kind_of(self, id: str, kinds: Sequence[Kind] = ("person", "opportunity", "unit")) -> Kind:
        """The first of `kinds` with this id (a gap's subject is a person, deal or unit)."""
        for kind in kinds:
            if (kind, id) in self._by:
                return kind
        return kinds[0]
