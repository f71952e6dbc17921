"""Strength aggregates kept with the data: what DOMAIN.md's A(T) needs, per seller and person
(with sums per interaction kind), so that an analysis reads one TIE per pair instead of every
interaction (`cypher/ties/refresh.cypher` says what a TIE holds).

Every write that adds, changes or removes an interaction recomputes the TIEs of the people it
touched, in the same unit (`GraphStore.atomic`), so they are never out of step: import (and so
the API, the forms and the connectors, which import), the deletion of an interaction, erasure
(a person's TIEs go with them). An import computes the TIEs of people who had no interaction
before it from its own rows (`keep`, `Touches`: a first import is mostly such people) and has
the engine recompute the others'. `rebuild` recomputes all of them from the interactions
(`kamgraph db rebuild`); `ensure` runs it when a store kept by an older kamgraph is opened.

The TIEs are kept at the default half-life (`KEPT_HALF_LIFE`): an analysis run with another one,
or for a day more than `KEPT_TAIL_DAYS` days before a pair's latest interaction, takes the exact
path over the interactions (`kamgraph.analysis.facts`).
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.interchange.model import InteractionRow
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore

VERSION = 2
KEPT_HALF_LIFE = float(AnalysisSettings().half_life_days)
# The kind weights `a0` is kept at; an analysis at other weights uses the per-kind sums.
DEFAULT_WEIGHTS = AnalysisSettings().weight_map()
# Days before a pair's latest interaction for which the TIE still answers exactly: a review's
# earlier date and its decay window (90 + 90 days by default) fit with room to spare.
KEPT_TAIL_DAYS = 365
REFRESH_SLICE = 1000  # people per refresh query
CREATE_BATCH = 2000  # computed TIEs per write (each carries its tail lists)
LOOKUP_SLICE = 10_000  # people per with_interactions read
NO_DAY = -1000000  # head_last of a TIE with nothing before its tail, as refresh writes it


def refresh(store: GraphStore, people: Iterable[str]) -> int:
    """Recompute the TIEs of these people (in the caller's unit, if there is one). The first
    write of interactions into a store also marks its TIEs as of this format."""
    ids = sorted(set(people))
    if ids:
        _mark(store)
    for start in range(0, len(ids), REFRESH_SLICE):
        _refresh(store, ids[start : start + REFRESH_SLICE], without=[])
    return len(ids)


def keep(store: GraphStore, touched: Iterable[str], fresh: set[str], touches: Touches) -> int:
    """The TIEs of the people an import touched, in its unit: computed here from the bundle's
    interactions (`touches`, gathered for at least the `fresh` people) for those in `fresh`
    (people who had no stored interaction before it, so the bundle holds every interaction
    they will have: a first import is most of its people), and recomputed by the engine for
    the others. Returns the number of people."""
    ids = set(touched)
    mine = ids & fresh
    if mine:
        _mark(store)
        store.write_batches("ties/create", touches.ties(mine), batch_size=CREATE_BATCH)
    refresh(store, ids - mine)
    return len(ids)


class Touches:
    """The days and kinds of interactions per (seller, person) pair, gathered slice by slice
    while an import streams its interactions: one small integer array per pair (a million
    interactions' touches as tuples would take hundreds of megabytes)."""

    def __init__(self) -> None:
        self._pairs: dict[tuple[str, str], array[int]] = {}
        self._kinds: list[str] = []
        self._kind_code: dict[str, int] = {}

    def add(self, rows: Iterable[InteractionRow], people: set[str]) -> None:
        """The touches of these rows' people who are in `people`."""
        for row in rows:
            mine = {p for p in row.people if p in people}
            if not mine:
                continue
            code = self._kind_code.get(row.kind)
            if code is None:
                code = self._kind_code[row.kind] = len(self._kinds)
                self._kinds.append(row.kind)
            touch = day_number(row.date) * _KIND_SLOTS + code
            for seller in set(row.sellers):
                for person in mine:
                    self._pairs.setdefault((seller, person), array("q")).append(touch)

    def ties(self, people: set[str]) -> Iterator[dict[str, Any]]:
        """The TIE of each pair whose person is in `people`."""
        for pair, codes in self._pairs.items():
            if pair[1] in people:
                found = [(self._kinds[c % _KIND_SLOTS], c // _KIND_SLOTS) for c in codes]
                yield _tie(pair, found)


_KIND_SLOTS = 64  # more than there are interaction kinds


def _tie(pair: tuple[str, str], found: list[tuple[str, int]]) -> dict[str, Any]:
    seller, person = pair
    h, w = KEPT_HALF_LIFE, KEPT_TAIL_DAYS
    last = max(day for _, day in found)
    start = last - w
    kinds: dict[str, list[int]] = defaultdict(list)
    for kind, day in found:
        kinds[kind].append(day)
    names, full, head, tail_day, tail_kind, tail_w0 = [], [], [], [], [], []
    a0 = head0 = 0.0
    head_last = NO_DAY
    for kind, days in kinds.items():
        w0 = DEFAULT_WEIGHTS.get(kind, DEFAULT_WEIGHTS["other"])
        k_full = sum(2.0 ** ((d - last) / h) for d in days)
        k_head = sum(2.0 ** ((d - start) / h) for d in days if d < start)
        head_last = max([head_last, *(d for d in days if d < start)])
        kept = [d for d in days if d >= start]
        names.append(kind)
        full.append(k_full)
        head.append(k_head)
        tail_day += kept
        tail_kind += [kind] * len(kept)
        tail_w0 += [w0] * len(kept)
        a0 += w0 * k_full
        head0 += w0 * k_head
    return {
        "seller": seller,
        "person": person,
        "last": last,
        "h": h,
        "w": w,
        "a0": a0,
        "head0": head0,
        "head_last": head_last,
        "kinds": names,
        "full": full,
        "head": head,
        "tail_day": tail_day,
        "tail_kind": tail_kind,
        "tail_w0": tail_w0,
    }


def without_interactions(store: GraphStore, people: Iterable[str]) -> set[str]:
    """Those of these people who have no stored interaction (read before an import's unit)."""
    ids = sorted(set(people))
    having: set[str] = set()
    for start in range(0, len(ids), LOOKUP_SLICE):
        part = ids[start : start + LOOKUP_SLICE]
        having.update(str(r["id"]) for r in store.read("ties/with_interactions", people=part))
    return set(ids) - having


def before_deleting(store: GraphStore, interactions: list[str]) -> None:
    """Recompute the TIEs of the people of these interactions as if they were gone: called
    in the unit that deletes them, just before the deletion."""
    _refresh(store, [], without=sorted(interactions))


def _refresh(store: GraphStore, people: list[str], without: list[str]) -> None:
    store.write(
        "ties/refresh",
        people=people,
        without=without,
        weights=DEFAULT_WEIGHTS,
        half_life=KEPT_HALF_LIFE,
        tail_days=KEPT_TAIL_DAYS,
    )


def _people_with_interactions(store: GraphStore) -> list[str]:
    found: list[str] = []
    while True:
        rows = store.read("ties/people", after=found[-1] if found else "", limit=50_000)
        if not rows:
            return found
        found.extend(str(r["id"]) for r in rows)


def rebuild(store: GraphStore) -> int:
    """Every TIE recomputed from the interactions, as one unit: readers see the old TIEs or the
    new ones. Returns the number of people with interactions."""
    people = _people_with_interactions(store)
    with store.atomic():
        # A refresh replaces a person's TIEs; TIEs of people without interactions go here.
        store.write("ties/drop_strays")
        refresh(store, people)
    return len(people)


def _mark(store: GraphStore) -> None:
    store.write(
        "ties/set_meta", version=VERSION, half_life=KEPT_HALF_LIFE, tail_days=KEPT_TAIL_DAYS
    )


def current(store: GraphStore) -> bool:
    """Whether the store is marked as keeping its TIEs in this format (False: no marker, or
    the marker of another format)."""
    rows = store.read("ties/meta")
    if rows:
        r = rows[0]
        # Compared as stored: a marker of another format (other or missing fields) is not current.
        return bool(
            r["version"] == VERSION
            and r["half_life"] == KEPT_HALF_LIFE
            and r["tail_days"] == KEPT_TAIL_DAYS
        )
    return False


def ensure(store: GraphStore) -> bool:
    """On opening a store: build the TIEs when they are missing or of another format (a store
    written by an older kamgraph). True when a rebuild ran. A store without interactions is
    left as it is (its first interactions mark it, see `refresh`)."""
    if current(store):
        return False
    if int(store.read("ties/any_interaction")[0]["n"]) == 0:
        return False
    rebuild(store)
    return True
