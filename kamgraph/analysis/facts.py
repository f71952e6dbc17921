"""What the analyses ask the database: each function runs one query and types its rows.

The finding (traversals, time validity, the strength formula, path products) happens in Cypher;
the selection rules that compare values rounded to 6 decimals happen in Python, once, here and
in the analysis modules.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kamgraph.analysis.config import KEY_ROLES, MAX_HOPS_LIMIT, ORG_LEVEL_KINDS, AnalysisSettings
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.interchange import ties
from kamgraph.interchange.model import OPEN_STAGES
from kamgraph.interchange.tables import EPOCH, day_number
from kamgraph.storage.base import GraphStore


def r6(x: float) -> float:
    """DOMAIN.md: values are reported, compared, sorted and tied rounded to 6 decimals."""
    return round(x, 6)


def date_of(day: int | float | None) -> dt.date | None:
    return None if day is None else EPOCH + dt.timedelta(days=int(day))


def check_max_hops(max_hops: int) -> None:
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise KamgraphError(f"max_hops must be between 1 and {MAX_HOPS_LIMIT}, got {max_hops}")


KEY_STATUSES = ("structure", "inner_circle")  # political statuses that make a key person
STRENGTH_SLICE = 2000  # people per strengths read
STRENGTH_MIN_SLICE = 100


@dataclass(frozen=True)
class PersonFact:
    id: str
    current: bool
    departed: bool
    layer: str | None
    political_status: str | None
    unit: str | None
    key: bool


@dataclass(frozen=True)
class StrengthFact:
    seller: str
    person: str
    strength: float
    last_touch: int | None


@dataclass(frozen=True)
class RoleFact:
    person: str
    role: str
    stance: str
    influence: str
    response_mode: str
    current: bool
    departed: bool
    wins: str = ""


@dataclass(frozen=True)
class OpportunityFact:
    id: str
    name: str
    stage: str
    open: bool
    roles: tuple[RoleFact, ...]

    def holders(self, *roles: str) -> list[str]:
        """Current holders of the given roles, in id order."""
        return sorted({r.person for r in self.roles if r.current and r.role in roles})


@dataclass(frozen=True)
class PathFact:
    nodes: tuple[str, ...]
    edges: tuple[float, ...]
    strength: float

    def rank(self) -> tuple[float, int, tuple[str, ...]]:
        """Strongest first (rounded), then fewer edges, then the smaller list of node ids."""
        return (-r6(self.strength), len(self.edges), self.nodes)


# --- existence -----------------------------------------------------------------------------
def require_account(store: GraphStore, account: str) -> dict[str, Any]:
    rows = store.read("account/get", account=account)
    if not rows:
        raise NotFound(f"unknown account {account!r}")
    return dict(rows[0]["account"])


def person_accounts(store: GraphStore, people: Iterable[str], day: dt.date) -> dict[str, Any]:
    """person id → {account, current} for the ids that exist."""
    rows = store.read("analysis/current_people", people=sorted(set(people)), day=day_number(day))
    return {r["id"]: r for r in rows}


def require_person(store: GraphStore, person: str, day: dt.date) -> dict[str, Any]:
    found = person_accounts(store, [person], day)
    if person not in found:
        raise NotFound(f"unknown person {person!r}")
    return dict(found[person])


# --- facts ---------------------------------------------------------------------------------
def account_people(
    store: GraphStore, account: str, day: dt.date, opportunities: Sequence[OpportunityFact]
) -> list[PersonFact]:
    """The account's people at `day`, `key` as DOMAIN.md says: current, and of the decision
    layer, or structure or inner circle, or holding a key role on an open opportunity of the
    account (the roles of `opportunities`, the account's at that day)."""
    rows = store.read("analysis/people", account=account, day=day_number(day))
    holders = {r.person for o in opportunities if o.open for r in o.roles if r.role in KEY_ROLES}
    return sorted(
        (
            PersonFact(
                id=r["id"],
                current=bool(r["current"]),
                departed=bool(r["departed"]),
                layer=r["layer"],
                political_status=r["political_status"],
                unit=r["unit"],
                key=bool(r["current"])
                and (
                    r["layer"] == "decision"
                    or r["political_status"] in KEY_STATUSES
                    or r["id"] in holders
                ),
            )
            for r in rows
        ),
        key=lambda p: p.id,
    )


def recent_people(
    store: GraphStore, people: Iterable[str], day: dt.date, window_days: int
) -> set[str]:
    """Which of these people had any interaction in the `window_days` up to `day`: most are
    found in the kept aggregates, the rest (interactions without a seller, or those the TIEs do
    not keep, or a store read the exact way) in their interactions."""
    ids = sorted(set(people))
    window = {"from": day_number(day) - window_days, "day": day_number(day)}
    found: set[str] = set()
    if ids and store.kept_strengths:
        found = {str(r["id"]) for r in store.read("analysis/recent_by_ties", people=ids, **window)}
    rest = [p for p in ids if p not in found]
    if rest:
        rows = store.read("analysis/recent_by_interactions", people=rest, **window)
        found |= {str(r["id"]) for r in rows}
    return found


def strengths(
    store: GraphStore, people: Iterable[str], day: dt.date, cfg: AnalysisSettings
) -> dict[tuple[str, str], StrengthFact]:
    """(seller, person) → strength at `day`, for every pair with a KNOWS existing at `day` or a
    shared interaction dated on or before it."""
    return strengths_on(store, people, (day,), cfg)[day]


def strengths_on(
    store: GraphStore, people: Iterable[str], days: Sequence[dt.date], cfg: AnalysisSettings
) -> dict[dt.date, dict[tuple[str, str], StrengthFact]]:
    """`strengths` on each of several days: from the kept aggregates where they answer (see
    `kamgraph.interchange.ties`), else from every interaction (`exact_strengths_on`)."""
    if not store.kept_strengths:
        return exact_strengths_on(store, people, days, cfg)
    return kept_strengths_on(store, people, days, cfg)


def _slices(store: GraphStore, ids: list[str]) -> list[list[str]]:
    # The costliest read of every analysis: split into slices the engine answers side by side
    # (it runs reads on several threads), at most STRENGTH_SLICE people each.
    threads = store.workers.threads
    size = min(STRENGTH_SLICE, max(STRENGTH_MIN_SLICE, -(-len(ids) // threads)))
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def exact_strengths_on(
    store: GraphStore, people: Iterable[str], days: Sequence[dt.date], cfg: AnalysisSettings
) -> dict[dt.date, dict[tuple[str, str], StrengthFact]]:
    """`strengths` on each of several days, from one traversal of the interactions."""
    ids = sorted(set(people))
    found: dict[dt.date, dict[tuple[str, str], StrengthFact]] = {d: {} for d in days}
    if not ids:
        return found
    by_number = {day_number(d): d for d in days}
    params = {
        "days": sorted(by_number),
        "weights": cfg.weight_map(),
        "half_life": float(cfg.half_life_days),
        "declared_half_life": float(cfg.declared_half_life_days),
    }

    def read(part: list[str]) -> list[Any]:
        return list(store.read("analysis/strengths", people=part, **params))

    for rows in store.workers.map(read, _slices(store, ids)):
        for r in rows:
            found[by_number[int(r["day"])]][(r["seller"], r["person"])] = StrengthFact(
                r["seller"], r["person"], float(r["strength"]), r["last_touch"]
            )
    return found


def _combined(
    seller: str,
    person: str,
    day: int,
    touched: tuple[float, int] | None,
    known: Mapping[str, Any] | None,
    declared_half_life: float,
) -> StrengthFact:
    """One pair's strength from its A(T) and latest interaction (None: no interaction yet) and
    its KNOWS at the day (None: none), as analysis/strengths combines them."""
    if touched is not None:
        a, last = touched
        s_int = 1.0 - math.exp(-a)
    else:
        assert known is not None
        last = known["assessed_on"] if known["assessed_on"] is not None else known["since"]
        s_int = 0.0
    s_decl = (
        float(known["level"]) / 4.0 * 2.0 ** (-float(day - last) / declared_half_life)
        if known is not None and last is not None
        else 0.0
    )
    return StrengthFact(seller, person, s_int if s_int >= s_decl else s_decl, last)


def kept_strengths_on(
    store: GraphStore, people: Iterable[str], days: Sequence[dt.date], cfg: AnalysisSettings
) -> dict[dt.date, dict[tuple[str, str], StrengthFact]]:
    """`strengths` from the kept aggregates: A(T) per pair from its TIEs, the declared part
    from the KNOWS, combined here as analysis/strengths combines them (DOMAIN.md: strength =
    max(1 - e^-A, level/4 * 2^(-(T - last_touch)/H_d))). A person whose TIEs cannot answer a
    day (`stale`) is read the exact way for that day; at another half-life than the kept one,
    everything is."""
    if float(cfg.half_life_days) != ties.KEPT_HALF_LIFE:
        return exact_strengths_on(store, people, days, cfg)
    ids = sorted(set(people))
    found: dict[dt.date, dict[tuple[str, str], StrengthFact]] = {d: {} for d in days}
    if not ids:
        return found
    by_number = {day_number(d): d for d in days}
    numbers = sorted(by_number)
    weights = cfg.weight_map()
    # At the default weights each TIE's pre-weighted sum answers; others weigh its per-kind sums.
    if weights == ties.DEFAULT_WEIGHTS:
        query, extra = "analysis/strengths_kept", {}
    else:
        query, extra = "analysis/strengths_kept_weighted", {"weights": weights}
    h_d = float(cfg.declared_half_life_days)

    def read(part: list[str]) -> tuple[list[Any], list[Any]]:
        kept = store.read(query, people=part, days=numbers, half_life=ties.KEPT_HALF_LIFE, **extra)
        return kept, store.read("analysis/knows", people=part, days=numbers)

    stale: dict[str, set[int]] = {}
    for kept, known in store.workers.map(read, _slices(store, ids)):
        for r in kept:
            if r["seller"] is None:  # the TIEs cannot answer this day
                stale.setdefault(str(r["person"]), set()).add(int(r["day"]))
        declared = {(int(r["day"]), str(r["seller"]), str(r["person"])): r for r in known}
        for r in kept:
            seller, last = r["seller"], r["last_touch"]
            if seller is None or last is None:
                continue
            day, person = int(r["day"]), str(r["person"])
            if stale and day in stale.get(person, ()):
                continue
            key = (day, str(seller), person)
            found[by_number[day]][key[1:]] = _combined(
                key[1], person, day, (float(r["a"]), int(last)), declared.pop(key, None), h_d
            )
        for key, row in declared.items():  # pairs with only a KNOWS at that day
            day, seller, person = key
            if not (stale and day in stale.get(person, ())):
                found[by_number[day]][(seller, person)] = _combined(
                    seller, person, day, None, row, h_d
                )
    for day_set in {frozenset(d) for d in stale.values()}:
        who = [p for p, d in stale.items() if frozenset(d) == day_set]
        exact = exact_strengths_on(store, who, [by_number[n] for n in sorted(day_set)], cfg)
        for on, pairs in exact.items():
            found[on].update(pairs)
    return found


def opportunities(store: GraphStore, account: str, day: dt.date) -> list[OpportunityFact]:
    rows = store.read(
        "analysis/opportunities",
        account=account,
        day=day_number(day),
        open_stages=list(OPEN_STAGES),
    )
    return sorted(
        (
            OpportunityFact(
                id=r["id"],
                name=r["name"] or "",
                stage=r["stage"],
                open=bool(r["open"]),
                roles=tuple(
                    RoleFact(
                        person=x["person"],
                        role=x["role"],
                        stance=x["stance"],
                        influence=x["influence"],
                        response_mode=x["response_mode"],
                        current=bool(x["current"]),
                        departed=bool(x["departed"]),
                        wins=x["wins"] or "",
                    )
                    for x in r["roles"]
                ),
            )
            for r in rows
        ),
        key=lambda o: o.id,
    )


def org_events(
    store: GraphStore, account: str, day: dt.date, cfg: AnalysisSettings
) -> tuple[int, int | None]:
    """(organization-level events in the window, day of the last one ever up to `day`)."""
    rows = store.read(
        "analysis/org_events",
        account=account,
        day=day_number(day),
        window=cfg.org_window_days,
        kinds=list(ORG_LEVEL_KINDS),
    )
    if not rows:
        return 0, None
    return int(rows[0]["n"] or 0), rows[0]["last"]


def team_roles(store: GraphStore, account: str) -> set[str]:
    return {str(r["role"]) for r in store.read("account/team", account=account)}


def influence_paths(
    store: GraphStore,
    targets: Iterable[str],
    day: dt.date,
    cfg: AnalysisSettings,
    max_hops: int,
    include_reporting: bool,
    tolerance: float = 1e-6,
) -> dict[tuple[str, str], list[PathFact]]:
    """(source, target) → the strongest simple paths (within `tolerance` of the best)."""
    check_max_hops(max_hops)
    ids = sorted(set(targets))
    if not ids:
        return {}
    rows = store.read(
        f"analysis/influence_paths@{max_hops}",
        targets=ids,
        day=day_number(day),
        reporting=include_reporting,
        up=float(cfg.reporting_up),
        down=float(cfg.reporting_down),
        tolerance=tolerance,
    )
    out: dict[tuple[str, str], list[PathFact]] = {}
    for r in rows:
        if r["source"] == r["target"]:
            continue
        out[(r["source"], r["target"])] = [
            PathFact(tuple(c["nodes"]), tuple(float(e) for e in c["edges"]), float(c["strength"]))
            for c in r["candidates"]
        ]
    return out


def best(paths: list[PathFact]) -> PathFact:
    return min(paths, key=PathFact.rank)


def names_of(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    """Names of people, sellers and deals anywhere (a warm path may cross accounts)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    found: dict[str, str] = {}
    for r in store.read("workspace/names_of", ids=wanted):
        name = next((r[k] for k in ("person", "seller", "deal") if r[k] is not None), None)
        if name is not None:
            found[str(r["id"])] = str(name) or str(r["id"])
    return found
