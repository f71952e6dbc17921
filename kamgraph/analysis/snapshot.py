"""One account on one day: the facts every account analysis reads, each read at most once.

A `Snapshot` is built from a store, an account, a day and the analysis settings. It reads
nothing until asked; each fact (the account's people, the strengths at the day and 90 days
before, its opportunities, team, actions, ...) is read on first use and kept, so a page that
shows several analyses (the plan and its map, a brief and its neighbourhood map) asks the
database once per fact. Analyses are functions of a snapshot, like NetworkX's `f(G)`:
`coverage(snap)`, `decay(snap)`, `plan(snap)`, `power_map(snap)`, ...

Reads that a caller knows it will need can be started together with `prefetch`: they run side by
side on the store's workers (`kamgraph.storage.concurrency`), the one place reads overlap.
Results that several analyses reuse (the decay rows, the coverage audit) are memoised the same
way, under `memo`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Iterable
from functools import partial
from typing import Any, TypeVar

from kamgraph.analysis import facts
from kamgraph.analysis.action_history import ActionFact, account_actions
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.facts import OpportunityFact, PathFact, PersonFact, StrengthFact
from kamgraph.errors import DatabaseUnavailable, KamgraphError, NotFound
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore
from kamgraph.storage.concurrency import Lazy

T = TypeVar("T")
Pairs = dict[tuple[str, str], StrengthFact]
# Whether every one of some people may be shown to the caller (KAMGRAPH_ACCESS=team).
Visible = Callable[[Iterable[str]], bool]

# Facts that take no argument, by name: what `prefetch` accepts.
PREFETCHABLE = (
    "account_row",
    "people",
    "strengths",
    "strengths_before",
    "recent_people",
    "opportunities",
    "team",
    "org_events",
    "actions",
    "map_people",
    "map_links",
    "names",
)


def _one(batch: Lazy[dict[Any, Any]], key: Any) -> Any:
    """One key's value from a batch read (None: the batch found nothing for it)."""
    return batch.get().get(key)


def _frozen(params: dict[str, Any]) -> tuple[tuple[str, Hashable], ...]:
    """Query parameters as a cache key (lists become tuples)."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(params.items()))


# Facts that are the same on every day (a review's two snapshots share them).
DAY_FREE = ("account_row", "team", "actions", "names")


class Snapshot:
    """The facts of one account at one day (see the module's docstring)."""

    def __init__(
        self,
        store: GraphStore,
        account: str,
        day: dt.date,
        cfg: AnalysisSettings,
        visible: Visible | None = None,
    ):
        self.store = store
        self.account = account
        self.day = day
        self.cfg = cfg
        # KAMGRAPH_ACCESS=team: whether the caller may see every one of some people; a warm
        # path through anyone else is left out before the best are chosen. None: all.
        self.visible = visible
        self._origin: Snapshot | None = None  # the snapshot whose `on()` made this one
        self.day_n = day_number(day)
        self._cells: dict[Hashable, Lazy[Any]] = {}
        self._lock = threading.Lock()
        # Strengths at `day` of people outside `strengths()` (role holders of other accounts,
        # people on warm paths), one cell per read, shared by every person it covered.
        self._person_strengths: dict[str, Lazy[Pairs]] = {}
        self._related: dict[dt.date, Snapshot] = {}

    @classmethod
    def of_person(
        cls,
        store: GraphStore,
        person: str,
        day: dt.date,
        cfg: AnalysisSettings,
        visible: Visible | None = None,
        account_snapshot: Callable[[str], Snapshot] | None = None,
    ) -> Snapshot:
        """The snapshot of the account a person belongs to (their profile read once, kept):
        a new one, or the one `account_snapshot(account)` gives (a shared one)."""
        found = store.read("analysis/person_profile", person=person)
        if not found:
            raise NotFound(f"unknown person {person!r}")
        account = str(found[0]["account"])
        if account_snapshot is not None:
            snap = account_snapshot(account)
        else:
            snap = cls(store, account, day, cfg, visible)
        snap._cell(("profile", person), lambda: dict(found[0])).get()
        return snap

    def sound(self) -> bool:
        """Whether no fact of it failed for a passing reason (the database unavailable, a
        stopped thread): such a snapshot is not to be reused. A fact that failed for a reason
        of the data (an unknown account) fails the same way until the data changes."""
        with self._lock:
            cells = [*self._cells.values(), *self._person_strengths.values()]
            related = list(self._related.values())
        for cell in cells:
            error = cell.error
            if error is not None and (
                not isinstance(error, KamgraphError) or isinstance(error, DatabaseUnavailable)
            ):
                return False
        return all(other.sound() for other in related if other is not self)

    def on(self, day: dt.date) -> Snapshot:
        """The same account on another day (a review compares two)."""
        if day == self.day:
            return self
        with self._lock:
            if day in self._related:
                return self._related[day]
        other = Snapshot(self.store, self.account, day, self.cfg, self.visible)
        other._origin = self  # its strengths may come from this one's read (`_strengths_on`)
        # Facts that do not depend on the day are shared, so each is still read once.
        for name in DAY_FREE:
            other._cells[name] = self._cell(name, getattr(self, "_read_" + name))
        with self._lock:
            return self._related.setdefault(day, other)

    # --- the cache ---------------------------------------------------------------------------
    def _cell(self, key: Hashable, fn: Callable[[], T]) -> Lazy[T]:
        with self._lock:
            cell = self._cells.get(key)
            if cell is None:
                cell = self._cells[key] = Lazy(fn)
            return cell

    def memo(self, key: Hashable, fn: Callable[[], T]) -> T:
        """`fn()` computed once per snapshot under `key` (results that analyses share)."""
        return self._cell(("memo", key), fn).get()

    def prefetch(self, *names: str) -> Snapshot:
        """Start reading these facts side by side (names from `PREFETCHABLE`)."""
        unknown = set(names) - set(PREFETCHABLE)
        if unknown:
            raise ValueError(f"not a prefetchable fact: {sorted(unknown)}")
        with self._lock:
            started = "strengths" in self._cells or "strengths_before" in self._cells
        if {"strengths", "strengths_before"} <= set(names) and not started:
            # Before their own cells, which then take their day from this one read. (When one
            # day was asked for already, by an analysis before, only the other one is read.)
            self._cell(
                "strength_days",
                lambda: facts.strengths_on(
                    self.store, self.current_ids(), (self.day, self._before), self.cfg
                ),
            )
        cells = [self._cell(name, getattr(self, "_read_" + name)) for name in names]
        self.store.workers.prefetch(cells)
        return self

    def _fact(self, name: str) -> Any:
        return self._cell(name, getattr(self, "_read_" + name)).get()

    # --- facts of the account ----------------------------------------------------------------
    def account_row(self) -> dict[str, Any]:
        """The account's properties; raises NotFound for an unknown account."""
        row: dict[str, Any] = self._fact("account_row")
        return row

    def _read_account_row(self) -> dict[str, Any]:
        return facts.require_account(self.store, self.account)

    def people(self) -> list[PersonFact]:
        """Every person of the account (current or not) with their facts at the day."""
        found: list[PersonFact] = self._fact("people")
        return found

    def _read_people(self) -> list[PersonFact]:
        return facts.account_people(self.store, self.account, self.day, self.opportunities())

    def current_ids(self) -> list[str]:
        found: list[str] = self._cell("current_ids", self._read_current_ids).get()
        return found

    def _read_current_ids(self) -> list[str]:
        rows = self.store.read("analysis/current_ids", account=self.account, day=self.day_n)
        return [str(r["id"]) for r in rows]

    def strengths(self) -> Pairs:
        """(seller, person) → strength at the day, for the account's current people."""
        found: Pairs = self._fact("strengths")
        return found

    def _read_strengths(self) -> Pairs:
        return self._strengths_on(self.day)

    def strengths_before(self) -> Pairs:
        """The same pairs' strengths `decay_window_days` before the day (for the drop)."""
        found: Pairs = self._fact("strengths_before")
        return found

    def _read_strengths_before(self) -> Pairs:
        return self._strengths_on(self._before)

    @property
    def _before(self) -> dt.date:
        return self.day - dt.timedelta(days=self.cfg.decay_window_days)

    def _strengths_on(self, day: dt.date) -> Pairs:
        # Both days in one read when both were asked for together (`prefetch`): the people
        # are read once; else only the day asked for (coverage needs no drop).
        with self._lock:
            both = self._cells.get("strength_days")
        if both is not None:
            found: dict[dt.date, Pairs] = both.get()
            return found[day]
        ids = self.current_ids()
        read = self._origin._days_read(day) if self._origin is not None else None
        if read is None:
            return facts.strengths_on(self.store, ids, (day,), self.cfg)[day]
        # A review's earlier day is usually the snapshot's `_before`, read already with its
        # own day: a person's strengths do not depend on who else was asked, so only the
        # people current now but not then are read.
        covered, pairs = read
        mine = set(ids)
        out = {k: f for k, f in pairs.items() if k[1] in mine}
        missing = [p for p in ids if p not in covered]
        if missing:
            out.update(facts.strengths_on(self.store, missing, (day,), self.cfg)[day])
        return out

    def _days_read(self, day: dt.date) -> tuple[set[str], Pairs] | None:
        """The people and pairs of `day` if this snapshot read strengths on it with its own."""
        with self._lock:
            both = self._cells.get("strength_days")
        if both is None or day != self._before:
            return None
        found: dict[dt.date, Pairs] = both.get()
        return set(self.current_ids()), found[day]

    def strengths_of(self, people: Iterable[str]) -> Pairs:
        """Strengths at the day of any people (of this account or another), read once each:
        the account's current people come from `strengths()` when it has been asked for."""
        wanted = set(people)
        out: Pairs = {}
        if "strengths" in self._cells:
            current = set(self.current_ids())
            mine = wanted & current
            if mine:
                out.update({k: f for k, f in self.strengths().items() if k[1] in mine})
            wanted -= current
        with self._lock:
            missing = sorted(p for p in wanted if p not in self._person_strengths)
            if missing:
                cell: Lazy[Pairs] = Lazy(
                    lambda: facts.strengths(self.store, missing, self.day, self.cfg)
                )
                for p in missing:
                    self._person_strengths[p] = cell
            cells = {id(c): c for p in wanted for c in (self._person_strengths[p],)}
        for cell in cells.values():
            out.update({k: f for k, f in cell.get().items() if k[1] in wanted})
        return out

    def recent_people(self) -> set[str]:
        """The current people with any interaction in the last `broad_window_days`."""
        found: set[str] = self._fact("recent_people")
        return found

    def _read_recent_people(self) -> set[str]:
        current = [p.id for p in self.people() if p.current]
        return facts.recent_people(self.store, current, self.day, self.cfg.broad_window_days)

    def opportunities(self) -> list[OpportunityFact]:
        found: list[OpportunityFact] = self._fact("opportunities")
        return found

    def _read_opportunities(self) -> list[OpportunityFact]:
        return facts.opportunities(self.store, self.account, self.day)

    def team(self) -> list[dict[str, Any]]:
        """The account team's rows: seller id and team role."""
        found: list[dict[str, Any]] = self._fact("team")
        return found

    def _read_team(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.store.read("account/team", account=self.account)]

    def org_events(self) -> tuple[int, int | None]:
        found: tuple[int, int | None] = self._fact("org_events")
        return found

    def _read_org_events(self) -> tuple[int, int | None]:
        return facts.org_events(self.store, self.account, self.day, self.cfg)

    def actions(self) -> list[ActionFact]:
        """Every action of the account, as stored (its history answers "as at a date")."""
        found: list[ActionFact] = self._fact("actions")
        return found

    def _read_actions(self) -> list[ActionFact]:
        return account_actions(self.store, self.account)

    def map_people(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._fact("map_people")
        return found

    def _read_map_people(self) -> list[dict[str, Any]]:
        return self.store.read("analysis/map_people", account=self.account, day=self.day_n)

    def map_links(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._fact("map_links")
        return found

    def _read_map_links(self) -> list[dict[str, Any]]:
        return self.store.read("analysis/map_links", account=self.account, day=self.day_n)

    def names(self) -> tuple[dict[str, str], dict[str, str]]:
        """(id → name, id → title) of the account's people, units and deals and of every
        seller (a person or seller wins over a unit or deal that has the same id)."""
        found: tuple[dict[str, str], dict[str, str]] = self._fact("names")
        return found

    def _read_names(self) -> tuple[dict[str, str], dict[str, str]]:
        rows = self.store.read("analysis/names", account=self.account)
        found = [
            x
            for r in rows
            for x in (*r["units"], *r["deals"], *r["people"], *r["sellers"])
            if x and x.get("id")
        ]
        return (
            {str(x["id"]): str(x.get("name") or x["id"]) for x in found},
            {str(x["id"]): str(x.get("title") or "") for x in found},
        )

    # --- facts with arguments ----------------------------------------------------------------
    def sellers(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """Sellers' names, titles and role on this account's team."""
        chosen = tuple(sorted(set(ids)))
        return self._cell(
            ("sellers", chosen),
            lambda: self.store.read("analysis/sellers", sellers=list(chosen), account=self.account),
        ).get()

    def all_seller_ids(self) -> set[str]:
        return self._cell(
            "all_sellers",
            lambda: {str(r["id"]) for r in self.store.read("bundle/keys_sellers", account=None)},
        ).get()

    def person_accounts(self, people: Iterable[str]) -> dict[str, Any]:
        """person id → {account, current} at the day, for the ids that exist (each person read
        once per snapshot, those not read yet in one query)."""
        found = self._per_key(
            "person_account",
            people,
            lambda missing: facts.person_accounts(self.store, missing, self.day),
        )
        return {p: row for p, row in found.items() if row is not None}

    def _per_key(
        self, kind: Hashable, keys: Iterable[Any], read: Callable[[list[Any]], dict[Any, Any]]
    ) -> dict[Any, Any]:
        """key → value (None: nothing found) for each of `keys`, cached per key: the keys no
        earlier call asked for are read together, by one call of `read`."""
        wanted = sorted(set(keys))
        with self._lock:
            missing = [k for k in wanted if (kind, k) not in self._cells]
            if missing:
                batch: Lazy[dict[Any, Any]] = Lazy(lambda: read(missing))
                for k in missing:
                    self._cells[(kind, k)] = Lazy(partial(_one, batch, k))
            cells = {k: self._cells[(kind, k)] for k in wanted}
        return {k: cell.get() for k, cell in cells.items()}

    def require_person(self, person: str) -> dict[str, Any]:
        found = self.person_accounts([person])
        if person not in found:
            raise NotFound(f"unknown person {person!r}")
        return dict(found[person])

    def influence_paths(
        self, targets: Iterable[str], hops: int, reporting: bool, tolerance: float = 1e-6
    ) -> dict[tuple[str, str], list[PathFact]]:
        """The strongest paths into each target, read once per target and setting: targets
        not asked for before are read together (coverage asks for every uncovered key person)."""

        def read(missing: list[str]) -> dict[str, dict[tuple[str, str], list[PathFact]]]:
            found = facts.influence_paths(
                self.store, missing, self.day, self.cfg, hops, reporting, tolerance
            )
            by_target: dict[str, dict[tuple[str, str], list[PathFact]]] = {t: {} for t in missing}
            for (source, target), paths in found.items():
                by_target[target][(source, target)] = paths
            return by_target

        per_target = self._per_key(("influence_paths", hops, reporting, tolerance), targets, read)
        return {pair: paths for found in per_target.values() for pair, paths in found.items()}

    def person_rows(self, query: str, person: str, **params: Any) -> list[dict[str, Any]]:
        """One person's rows of a per-person query at the day (profile, influence, ...)."""
        key = ("person_rows", query, person, _frozen(params))
        return self._cell(
            key, lambda: self.store.read(query, person=person, day=self.day_n, **params)
        ).get()

    def profile(self, person: str) -> dict[str, Any]:
        """The person's stored properties, account, unit and unit name."""
        found = self._cell(
            ("profile", person),
            lambda: next(iter(self.store.read("analysis/person_profile", person=person)), None),
        ).get()
        if not found:
            raise NotFound(f"unknown person {person!r}")
        return dict(found)

    def people_rows(self, query: str, people: Iterable[str], **params: Any) -> list[Any]:
        """Rows of a query over a set of people (layers, declared levels, ...), read once."""
        chosen = tuple(sorted(set(people)))
        key = ("people_rows", query, chosen, _frozen(params))
        return self._cell(
            key, lambda: self.store.read(query, people=list(chosen), **params) if chosen else []
        ).get()

    def account_rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Rows of a per-account query (with these parameters), read once."""
        key = ("account_rows", query, _frozen(params))
        return self._cell(key, lambda: self.store.read(query, account=self.account, **params)).get()
