"""Strength aggregates kept with the data: what DOMAIN.md's A(T) needs, per seller and person
(with sums per interaction kind), so that an analysis reads one TIE per pair instead of every
interaction (`cypher/ties/refresh.cypher` says what a TIE holds).

Every write that adds, changes or removes an interaction recomputes the TIEs of the people it
touched, in the same unit (`GraphStore.atomic`), so they are never out of step: import (and so
the API, the forms and the connectors, which import), the deletion of an interaction, erasure
(a person's TIEs go with them). `rebuild` recomputes all of them from the interactions
(`kamgraph db rebuild`); `ensure` runs it when a store kept by an older kamgraph is opened.

The TIEs are kept at the default half-life (`KEPT_HALF_LIFE`): an analysis run with another one,
or for a day more than `KEPT_TAIL_DAYS` days before a pair's latest interaction, takes the exact
path over the interactions (`kamgraph.analysis.facts`).
"""

from __future__ import annotations

from collections.abc import Iterable

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.storage.base import GraphStore

VERSION = 2
KEPT_HALF_LIFE = float(AnalysisSettings().half_life_days)
# The kind weights `a0` is kept at; an analysis at other weights uses the per-kind sums.
DEFAULT_WEIGHTS = AnalysisSettings().weight_map()
# Days before a pair's latest interaction for which the TIE still answers exactly: a review's
# earlier date and its decay window (90 + 90 days by default) fit with room to spare.
KEPT_TAIL_DAYS = 365
REFRESH_SLICE = 1000  # people per refresh query


def refresh(store: GraphStore, people: Iterable[str]) -> int:
    """Recompute the TIEs of these people (in the caller's unit, if there is one). The first
    write of interactions into a store also marks its TIEs as of this format."""
    ids = sorted(set(people))
    if ids:
        _mark(store)
    for start in range(0, len(ids), REFRESH_SLICE):
        _refresh(store, ids[start : start + REFRESH_SLICE], without=[])
    return len(ids)


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
