"""A brute-force reference implementation ("oracle") of the DOMAIN.md analyses.

Plain loops and dicts over a *canonical* kamgraph/v1 bundle (every field present, dates as
`YYYY-MM-DD` strings or None, as `kamgraph.interchange.export.export_bundle` returns it); no
database and only the standard library. Property tests compare the Cypher implementation against
it, so every rule is written as literally as possible: strengths are summed over every interaction,
influence paths are found by enumerating every simple path.
It is slow on purpose; test accounts are small.

Rules where DOMAIN.md is terse (the decisions the project took):
- Days are whole days, T - t = (T - t).days; "in the last N days" is T - N < t <= T; every
  "valid at T" check is inclusive (since <= T, until >= T, a missing date unbounded).
- A person is current at T when their own since/until make them employed at T. Non-current people
  are in no analysis except the `departed_role_holder` gap; interactions with them still count.
- Values are computed unrounded and rounded with round(x, 6) before every threshold comparison,
  sort and tie; `drop` is computed from the unrounded strengths, then rounded.
- A best path is the one with the largest rounded product, then fewer edges, then the smaller
  list of node ids; its (unrounded) product is the value that is reported and summed.
- Actions (account plan, review): an action exists at T from `created` (None: always) and is open
  at T unless `closed_on` <= T; at T it shows status "open" when open (even if closed later) and
  `closed_on` only when <= T. Best seller of a person: the largest rounded strength among the
  sellers with a decay row for the pair, ties by seller id, None when that strength is 0. A gap
  whose subject is a person is addressed by an open action that targets the person with
  `addresses` equal to the kind or None; any other gap by one whose `addresses` is the kind.
  Review moves: a pair without a decay row on one side counts there as strength 0.0, band cold.
- Activity: periods are ISO weeks (`YYYY-Www`, the ISO week-year), calendar months (`YYYY-MM`)
  and quarters (`YYYY-Qn`); [first, last] is widened to whole periods and the widened end E is
  the as-of (key persons at E, nothing after E). Sellers: the ones asked (unknown: LookupError),
  else every seller node; a row per seller and period. With an account: interactions with one of
  its people (current or not), key persons / new contacts of its people, its actions. New
  contacts: people whose first interaction with the seller ever falls in the period (current or
  not). Targets of the report's period, most specific first: (S, A), (S, all), (each, A),
  (each, all) (account ones only with the account), the smallest id within a level; attainment
  None when there is no target or it is 0. End-loading (months and quarters): share of the
  interactions in the last ceil(n/4) days; end_loaded with >= 4 interactions and share >= 0.5.
- Portfolio at T: pipeline per currency over open opportunities (a missing value counts 0);
  coverage at T; days since the last (organization-level) interaction of the account <= T;
  overdue = open actions with due < T. ABC over ALL accounts per currency (filters only pick
  rows): accounts with a figure, by potential + revenue descending then id; the rounded share
  of the total before the account: A < 0.70 <= B < 0.90 <= C (a zero total: all A). Ranked by
  tier A, B, C, none, then score ascending (None last), then id. Flags in order: tier_a_weak
  (tier A, score < 50), no_org_event_180d (none in (T - 180, T]), single_threaded (exactly one
  seller at >= weak with a current key person).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

Row = Mapping[str, Any]

DEFAULT_WEIGHTS: dict[str, float] = {
    "exec_meeting": 1.0,
    "hq_visit": 1.0,
    "site_visit": 0.8,
    "trial": 0.8,
    "tech_exchange": 0.6,
    "meeting": 0.5,
    "social": 0.5,
    "call": 0.3,
    "csr_event": 0.3,
    "email": 0.1,
    "other": 0.2,
}
ORG_KINDS = ("exec_meeting", "hq_visit", "site_visit", "trial", "tech_exchange")
# Gap kinds whose subject is a person (an action addresses them by targeting that person).
PERSON_GAP_KINDS = (
    "uncovered_key_person",
    "key_person_at_risk",
    "single_threaded",
    "eb_not_receptive",
    "opponent_with_power",
    "departed_role_holder",
)
OPEN_STAGES = ("lead", "qualified", "bid", "negotiation")
KEY_ROLES = ("economic_buyer", "decision_maker", "technical_buyer", "coach")
DECIDING_ROLES = ("economic_buyer", "decision_maker")
LAYERS = ("decision", "management", "operation")
TEAM_ROLES = ("AR", "SR", "FR")
COMPONENTS = ("key", "multithread", "broad", "organizational", "roles", "team", "layers")
SEVERITIES = ("high", "medium", "low")
# The gap table of DOMAIN.md, in its order: kind -> severity.
GAP_TABLE: dict[str, str] = {
    "uncovered_key_person": "high",
    "key_person_at_risk": "medium",
    "single_threaded": "medium",
    "missing_role": "high",
    "no_coach": "high",
    "eb_not_receptive": "medium",
    "opponent_with_power": "high",
    "uncovered_layer": "medium",
    "uncovered_unit": "low",
    "missing_team_role": "medium",
    "departed_role_holder": "high",
}
GAP_KINDS = tuple(GAP_TABLE)


@dataclass(frozen=True)
class Config:
    """The DOMAIN.md defaults."""

    half_life_days: float = 90
    declared_half_life_days: float = 180
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    strong: float = 0.5
    weak: float = 0.2
    drop_cooling: float = 0.4
    decay_window_days: int = 90
    broad_window_days: int = 180
    org_window_days: int = 365
    org_events_full: int = 5
    min_first_hop: float = 0.05
    reporting_up: float = 0.4
    reporting_down: float = 0.6
    max_hops: int = 3
    include_reporting: bool = True
    k: int = 5
    recently_closed_days: int = 90
    # Activity and portfolio (decisions of the project where DOMAIN.md gives only the rule).
    end_loaded_min_interactions: int = 4
    end_loaded_share: float = 0.5
    abc_a: float = 0.70
    abc_b: float = 0.90
    tier_a_weak_score: float = 50
    stale_org_event_days: int = 180
    component_weights: Mapping[str, float] = field(
        default_factory=lambda: dict.fromkeys(COMPONENTS, 1.0)
    )


DEFAULT_CONFIG = Config()


# --- small helpers ---------------------------------------------------------------------------
def r6(x: float) -> float:
    return round(x, 6)


def to_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def valid_at(since: date | None, until: date | None, day: date) -> bool:
    """Both ends inclusive, a missing end unbounded."""
    return (since is None or since <= day) and (until is None or until >= day)


def product(values: Sequence[float]) -> float:
    """Left to right, as a path is walked."""
    out = 1.0
    for v in values:
        out *= v
    return out


PERIODS = ("week", "month", "quarter")
METRICS = ("interactions", "key_person_touches", "org_events", "new_contacts", "actions_done")
TIER_ORDER = ("A", "B", "C", None)


def period_of(day: date, per: str) -> tuple[str, date, date]:
    """(label, first day, last day) of the week/month/quarter containing `day`."""
    if per == "week":
        start = day - timedelta(days=day.weekday())
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}", start, start + timedelta(days=6)
    if per == "month":
        start = date(day.year, day.month, 1)
        after = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
        return f"{day.year}-{day.month:02d}", start, after - timedelta(days=1)
    if per == "quarter":
        q = (day.month - 1) // 3 + 1
        start = date(day.year, 3 * q - 2, 1)
        after = date(day.year + 1, 1, 1) if q == 4 else date(day.year, 3 * q + 1, 1)
        return f"{day.year}-Q{q}", start, after - timedelta(days=1)
    raise ValueError(f"per must be one of {PERIODS}, got {per!r}")


def periods(first: date, last: date, per: str) -> list[tuple[str, date, date]]:
    """Every whole period from the one containing `first` to the one containing `last`."""
    if first > last:
        raise ValueError(f"the window needs first <= last, got {first} and {last}")
    out = [period_of(first, per)]
    while out[-1][2] < last:
        out.append(period_of(out[-1][2] + timedelta(days=1), per))
    return out


def share(hits: int, total: int) -> float | None:
    return None if total == 0 else hits / total


@dataclass(frozen=True)
class Interaction:
    id: str
    day: date
    kind: str
    sellers: frozenset[str]
    people: frozenset[str]


Graph = dict[str, dict[str, float]]  # from person -> to person -> strength of the counting edge


def simple_paths(graph: Graph, start: str, max_edges: int) -> Iterator[list[str]]:
    """Every simple path (no node twice) that starts at `start` and has 0..max_edges edges."""
    path = [start]

    def walk() -> Iterator[list[str]]:
        yield list(path)
        if len(path) - 1 == max_edges:
            return
        for nxt in sorted(graph.get(path[-1], {})):
            if nxt in path:
                continue
            path.append(nxt)
            yield from walk()
            path.pop()

    yield from walk()


def edge_strengths(graph: Graph, nodes: Sequence[str]) -> list[float]:
    return [graph[a][b] for a, b in zip(nodes, nodes[1:], strict=False)]


# --- the oracle ------------------------------------------------------------------------------
class Oracle:
    def __init__(self, bundle: Mapping[str, Any], config: Config = DEFAULT_CONFIG) -> None:
        self.config = config

        def table(name: str) -> list[Row]:
            return list(bundle.get(name) or [])

        self.people: dict[str, Row] = {str(r["id"]): r for r in table("people")}
        self.units: dict[str, Row] = {str(r["id"]): r for r in table("units")}
        self.opportunities: dict[str, Row] = {str(r["id"]): r for r in table("opportunities")}
        self.roles = table("roles")
        self.reports_to = table("reports_to")
        self.influences = table("influences")
        self.account_team = table("account_team")
        self.relationships: dict[tuple[str, str], Row] = {
            (str(r["seller"]), str(r["person"])): r for r in table("relationships")
        }
        self.interactions = [
            Interaction(
                id=str(r["id"]),
                day=to_date(r["date"]) or date.min,
                kind=str(r["kind"]),
                sellers=frozenset(str(s) for s in r["sellers"]),
                people=frozenset(str(p) for p in r["people"]),
            )
            for r in table("interactions")
        ]
        self.actions: list[Row] = table("actions")
        self.accounts: dict[str, Row] = {str(r["id"]): r for r in table("accounts")}
        self.activity_targets: list[Row] = table("activity_targets")
        self.seller_nodes: list[str] = sorted(str(r["id"]) for r in table("sellers"))
        # Every seller the bundle knows of (a seller with no fact has strength 0 with everyone).
        sellers = {str(r["id"]) for r in table("sellers")}
        sellers |= {s for s, _ in self.relationships}
        sellers |= {str(r["seller"]) for r in self.account_team}
        for it in self.interactions:
            sellers |= it.sellers
        self.sellers = sorted(sellers)
        self._strength_cache: dict[tuple[str, str, date], tuple[float, date | None]] = {}

    # --- basic facts at a day --------------------------------------------------------------
    def is_current(self, person: str, day: date) -> bool:
        p = self.people.get(person)
        return p is not None and valid_at(to_date(p["since"]), to_date(p["until"]), day)

    def current_people(self, day: date, account: str | None = None) -> list[str]:
        return sorted(
            pid
            for pid, p in self.people.items()
            if (account is None or p["account"] == account) and self.is_current(pid, day)
        )

    def knows(self, seller: str, person: str, day: date) -> Row | None:
        """The KNOWS relationship if it exists at `day` (from its since)."""
        rel = self.relationships.get((seller, person))
        if rel is None:
            return None
        since = to_date(rel["since"])
        return rel if since is None or since <= day else None

    def open_opportunities(self, account: str) -> list[str]:
        return sorted(
            oid
            for oid, o in self.opportunities.items()
            if o["account"] == account and o["stage"] in OPEN_STAGES
        )

    def role_dated(self, role: Row, day: date) -> bool:
        since = to_date(role.get("since"))
        return since is None or since <= day

    def valid_roles(self, opportunity: str, day: date) -> list[Row]:
        """The roles on `opportunity` that count at `day`: dated and held by a current person."""
        return [
            r
            for r in self.roles
            if r["opportunity"] == opportunity
            and self.role_dated(r, day)
            and self.is_current(str(r["person"]), day)
        ]

    # --- relationship strength -------------------------------------------------------------
    def strength(self, seller: str, person: str, day: date) -> tuple[float, date | None]:
        """(unrounded strength, last_touch) of `seller` with `person` at `day`."""
        key = (seller, person, day)
        if key not in self._strength_cache:
            self._strength_cache[key] = self._strength(seller, person, day)
        return self._strength_cache[key]

    def _strength(self, seller: str, person: str, day: date) -> tuple[float, date | None]:
        cfg = self.config
        a = 0.0
        last: date | None = None
        for it in self.interactions:
            if it.day <= day and seller in it.sellers and person in it.people:
                a += cfg.weights[it.kind] * 2 ** (-(day - it.day).days / cfg.half_life_days)
                if last is None or it.day > last:
                    last = it.day
        s_int = 1 - math.exp(-a)
        rel = self.knows(seller, person, day)
        if last is None and rel is not None:
            assessed = to_date(rel["assessed_on"])
            last = assessed if assessed is not None and assessed <= day else to_date(rel["since"])
        s_decl = 0.0
        if rel is not None and last is not None:
            age = (day - last).days
            s_decl = (int(rel["level"]) / 4) * 2 ** (-age / cfg.declared_half_life_days)
        return max(s_int, s_decl), last

    def has_shared_interaction(self, seller: str, person: str, day: date) -> bool:
        return any(
            it.day <= day and seller in it.sellers and person in it.people
            for it in self.interactions
        )

    def best_strength(self, person: str, day: date) -> float:
        """Unrounded best strength over all sellers (0 with no seller)."""
        return max((self.strength(s, person, day)[0] for s in self.sellers), default=0.0)

    def threads(self, person: str, day: date) -> list[str]:
        """Sellers at (rounded) strength >= weak with `person`, in id order."""
        weak = self.config.weak
        return [s for s in self.sellers if r6(self.strength(s, person, day)[0]) >= weak]

    # --- key persons -----------------------------------------------------------------------
    def is_key(self, person: str, day: date) -> bool:
        p = self.people.get(person)
        if p is None or not self.is_current(person, day):
            return False
        if p["layer"] == "decision" or p["political_status"] in ("structure", "inner_circle"):
            return True
        open_opps = set(self.open_opportunities(str(p["account"])))
        return any(
            r["person"] == person
            and r["role"] in KEY_ROLES
            and r["opportunity"] in open_opps
            and self.role_dated(r, day)
            for r in self.roles
        )

    def key_persons(self, account: str, day: date) -> list[str]:
        return [pid for pid in self.current_people(day, account) if self.is_key(pid, day)]

    # --- relationship decay ----------------------------------------------------------------
    def _decay_rows(self, account: str | None, day: date) -> list[dict[str, Any]]:
        """Decay rows with their unrounded values and sort fields (`_key`, `_drop`)."""
        cfg = self.config
        then = day - timedelta(days=cfg.decay_window_days)
        rows: list[dict[str, Any]] = []
        for pid in self.current_people(day, account):
            for s in self.sellers:
                if self.knows(s, pid, day) is None and not self.has_shared_interaction(s, pid, day):
                    continue
                now, last = self.strength(s, pid, day)
                old, _ = self.strength(s, pid, then)
                drop = 0.0 if old == 0 else (old - now) / old
                st, dr = r6(now), r6(drop)
                if st < cfg.weak:
                    status = "cold"
                elif st < cfg.strong or dr >= cfg.drop_cooling:
                    status = "cooling"
                else:
                    status = "active"
                rows.append(
                    {
                        "seller": s,
                        "person": pid,
                        "strength": st,
                        "strength_90d_ago": r6(old),
                        "last_touch": iso(last),
                        "days_since": None if last is None else (day - last).days,
                        "status": status,
                        "_key": self.is_key(pid, day),
                        "_drop": dr,
                    }
                )
        rows.sort(key=lambda r: (not r["_key"], -r["_drop"], r["person"], r["seller"]))
        return rows

    def _at_risk(self, rows: Sequence[Mapping[str, Any]]) -> list[str]:
        best: dict[str, float] = {}
        for r in rows:
            if r["_key"]:
                best[r["person"]] = max(best.get(r["person"], 0.0), r["strength"])
        return sorted(p for p, b in best.items() if b < self.config.strong)

    def decay(self, account: str | None, day: date) -> dict[str, Any]:
        rows = self._decay_rows(account, day)
        public = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
        return {"as_of": day.isoformat(), "rows": public, "at_risk": self._at_risk(rows)}

    # --- influence -------------------------------------------------------------------------
    def graph(self, day: date, include_reporting: bool = True) -> Graph:
        """Counting influence edges at `day`; between one ordered pair only the strongest."""
        cfg = self.config
        edges: Graph = {}

        def add(a: str, b: str, strength: float) -> None:
            if a == b:
                return  # a simple path never uses a loop
            out = edges.setdefault(a, {})
            if b not in out or strength > out[b]:
                out[b] = strength

        for r in self.influences:
            a, b = str(r["source"]), str(r["target"])
            if (
                r["polarity"] == "positive"
                and valid_at(to_date(r["since"]), to_date(r["until"]), day)
                and self.is_current(a, day)
                and self.is_current(b, day)
            ):
                add(a, b, float(r["strength"]))
        if include_reporting:
            for r in self.reports_to:
                person, manager = str(r["person"]), str(r["manager"])
                if (
                    valid_at(to_date(r["since"]), to_date(r["until"]), day)
                    and self.is_current(person, day)
                    and self.is_current(manager, day)
                ):
                    add(person, manager, cfg.reporting_up)
                    add(manager, person, cfg.reporting_down)
        return edges

    @staticmethod
    def best_paths_from(graph: Graph, start: str, max_hops: int) -> dict[str, list[str]]:
        """For every person reachable from `start` in 1..max_hops edges, its best path."""
        best: dict[str, tuple[float, int, list[str]]] = {}
        for nodes in simple_paths(graph, start, max_hops):
            if len(nodes) < 2:
                continue
            key = (-r6(product(edge_strengths(graph, nodes))), len(nodes), nodes)
            end = nodes[-1]
            if end not in best or key < best[end]:
                best[end] = key
        return {end: key[2] for end, key in best.items()}

    def influencers(
        self,
        account: str,
        day: date,
        opportunity: str | None = None,
        target: str | None = None,
        max_hops: int = 3,
        include_reporting: bool = True,
    ) -> dict[str, Any]:
        if not 1 <= max_hops <= 5:
            raise ValueError(f"max_hops must be 1..5, got {max_hops}")
        if opportunity is not None and target is not None:
            raise ValueError("give an opportunity or a target, not both")
        targets: set[str] = set()
        if target is not None:
            if self.is_current(target, day):
                targets.add(target)
        else:
            opps = [opportunity] if opportunity is not None else self.open_opportunities(account)
            for oid in opps:
                for r in self.valid_roles(oid, day):
                    if r["role"] in DECIDING_ROLES:
                        targets.add(str(r["person"]))
        ordered = sorted(targets)
        graph = self.graph(day, include_reporting)
        rows: list[dict[str, Any]] = []
        for x in self.current_people(day):
            best = self.best_paths_from(graph, x, max_hops)
            score = 0.0
            paths: list[dict[str, Any]] = []
            for d in ordered:
                if d == x or d not in best:
                    continue
                value = product(edge_strengths(graph, best[d]))
                score += value
                if r6(value) > 0:
                    paths.append({"target": d, "strength": r6(value), "nodes": best[d]})
            if r6(score) > 0:
                rows.append({"person": x, "score": r6(score), "paths": paths})
        rows.sort(key=lambda r: (-r["score"], r["person"]))
        return {"as_of": day.isoformat(), "targets": ordered, "rows": rows}

    # --- warm paths ------------------------------------------------------------------------
    def paths(
        self,
        target: str,
        day: date,
        sellers: list[str] | None = None,
        k: int = 5,
        max_hops: int = 3,
        include_reporting: bool = True,
        avoid_opposed: bool = False,
    ) -> dict[str, Any]:
        if not 0 <= max_hops <= 5:
            raise ValueError(f"max_hops must be 0..5, got {max_hops}")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        out: dict[str, Any] = {"as_of": day.isoformat(), "target": target, "paths": []}
        if not self.is_current(target, day):
            return out
        graph = self.graph(day, include_reporting)
        candidates = sorted(set(sellers)) if sellers is not None else self.sellers
        people = self.current_people(day)
        found: list[dict[str, Any]] = []
        for s in candidates:
            for p in people:
                first, last = self.strength(s, p, day)
                if r6(first) < self.config.min_first_hop:
                    continue
                chosen: tuple[float, int, list[str]] | None = None
                chosen_strengths: list[float] = []
                for nodes in simple_paths(graph, p, max_hops):
                    if nodes[-1] != target:
                        continue
                    strengths = [first, *edge_strengths(graph, nodes)]
                    key = (-r6(product(strengths)), len(nodes), nodes)
                    if chosen is None or key < chosen:
                        chosen, chosen_strengths = key, strengths
                if chosen is None:
                    continue
                cautions = self.cautions(chosen[2][:-1], target, day)
                if avoid_opposed and cautions:
                    continue
                found.append(
                    {
                        "seller": s,
                        "score": r6(product(chosen_strengths)),
                        "nodes": [s, *chosen[2]],
                        "strengths": [r6(v) for v in chosen_strengths],
                        "weakest": r6(min(chosen_strengths)),
                        "last_touch": iso(last),
                        "cautions": cautions,
                    }
                )
        found.sort(key=lambda f: (-f["score"], f["seller"], f["nodes"][1]))
        out["paths"] = found[:k]
        return out

    def cautions(self, people: Sequence[str], target: str, day: date) -> list[dict[str, str]]:
        """Roles with stance non_supporter/enemy that `people` (a path without its seller and
        target) hold on open opportunities of the target's account, by person, opportunity,
        then role."""
        account = self.people[target]["account"]
        found = []
        for person in people:
            for opp in self.open_opportunities(str(account)):
                for r in self.valid_roles(opp, day):
                    if r["person"] == person and r["stance"] in ("non_supporter", "enemy"):
                        found.append((person, opp, str(r["role"]), str(r["stance"])))
        return [{"person": p, "opportunity": o, "stance": s} for p, o, _, s in sorted(found)]

    # --- coverage audit --------------------------------------------------------------------
    def components(self, account: str, day: date) -> dict[str, float | None]:
        """The seven components, unrounded."""
        cfg = self.config
        keys = self.key_persons(account, day)
        people = self.current_people(day, account)
        best = {p: r6(self.best_strength(p, day)) for p in people}

        broad_from = day - timedelta(days=cfg.broad_window_days)
        touched: set[str] = set()
        for it in self.interactions:
            if broad_from < it.day <= day:
                touched |= it.people

        org_from = day - timedelta(days=cfg.org_window_days)
        org_events = 0
        for it in self.interactions:
            if it.kind in ORG_KINDS and org_from < it.day <= day and self.belongs(it, account):
                org_events += 1

        opps = self.open_opportunities(account)
        complete = 0
        for oid in opps:
            held = {str(r["role"]) for r in self.valid_roles(oid, day)}
            if {"economic_buyer", "coach", "technical_buyer", "user_buyer"} <= held:
                complete += 1

        team = {str(r["role"]) for r in self.account_team if r["account"] == account}
        layers = [
            layer
            for layer in LAYERS
            if any(self.people[p]["layer"] == layer and best[p] >= cfg.weak for p in people)
        ]
        return {
            "key": share(sum(1 for p in keys if best[p] >= cfg.strong), len(keys)),
            "multithread": share(sum(1 for p in keys if len(self.threads(p, day)) >= 2), len(keys)),
            "broad": share(sum(1 for p in people if p in touched), len(people)),
            "organizational": min(1.0, org_events / cfg.org_events_full),
            "roles": share(complete, len(opps)),
            "team": sum(1 for r in TEAM_ROLES if r in team) / len(TEAM_ROLES),
            "layers": len(layers) / len(LAYERS),
        }

    def belongs(self, it: Interaction, account: str) -> bool:
        """An interaction belongs to every account one of its people (current or not) is of."""
        return any(
            p in self.people and self.people[p]["account"] == account for p in sorted(it.people)
        )

    def gaps(self, account: str, day: date) -> list[dict[str, str]]:
        found: dict[tuple[str, str], dict[str, str]] = {}
        sections = (
            self._key_person_gaps,
            self._deal_gaps,
            self._layer_and_unit_gaps,
            self._team_gaps,
            self._departed_gaps,
        )
        for section in sections:
            for kind, subject, detail, suggestion in section(account, day):
                found.setdefault(
                    (kind, subject),
                    {
                        "kind": kind,
                        "severity": GAP_TABLE[kind],
                        "subject": subject,
                        "detail": detail,
                        "suggestion": suggestion,
                    },
                )
        return sorted(
            found.values(),
            key=lambda g: (
                SEVERITIES.index(g["severity"]),
                GAP_KINDS.index(g["kind"]),
                g["subject"],
            ),
        )

    # Each section yields (kind, subject, detail, suggestion); the first of a kind and subject wins.
    def _key_person_gaps(self, account: str, day: date) -> Iterator[tuple[str, str, str, str]]:
        rows = self._decay_rows(account, day)
        with_row = {r["person"] for r in rows}
        at_risk = set(self._at_risk(rows))
        for p in self.key_persons(account, day):
            if p not in with_row:
                best = self.paths(p, day, k=1, max_hops=self.config.max_hops)["paths"]
                hint = (
                    "warm path: " + " -> ".join(best[0]["nodes"]) + f" (score {best[0]['score']})"
                    if best
                    else "no warm path: find an introduction"
                )
                yield "uncovered_key_person", p, f"no seller has a relationship with {p}", hint
            if p in at_risk:
                yield "key_person_at_risk", p, f"best relationship with {p} is below strong", ""
            threads = self.threads(p, day)
            if len(threads) == 1:
                yield "single_threaded", p, f"only {threads[0]} is at weak or better with {p}", ""

    def _deal_gaps(self, account: str, day: date) -> Iterator[tuple[str, str, str, str]]:
        for oid in self.open_opportunities(account):
            valid = self.valid_roles(oid, day)
            held = {str(r["role"]) for r in valid}
            for role in ("economic_buyer", "technical_buyer", "user_buyer"):
                if role not in held:
                    yield "missing_role", f"{oid}/{role}", f"no {role} identified on {oid}", ""
            if "coach" not in held:
                yield "no_coach", oid, f"no coach on {oid}", ""
            for r in valid:
                person = str(r["person"])
                mode = r["response_mode"]
                if r["role"] == "economic_buyer" and mode in ("even_keel", "overconfident"):
                    yield "eb_not_receptive", person, f"economic buyer of {oid}: {mode}", ""
                if r["stance"] in ("enemy", "non_supporter") and r["influence"] == "high":
                    detail = f"{r['stance']} with high influence on {oid}"
                    yield "opponent_with_power", person, detail, ""

    def _layer_and_unit_gaps(self, account: str, day: date) -> Iterator[tuple[str, str, str, str]]:
        weak = self.config.weak
        people = self.current_people(day, account)
        best = {p: r6(self.best_strength(p, day)) for p in people}
        for layer in LAYERS:
            if not any(self.people[p]["layer"] == layer and best[p] >= weak for p in people):
                yield "uncovered_layer", layer, f"nobody in the {layer} layer at weak or better", ""
        everyone = self.current_people(day)
        for uid in sorted(u for u, row in self.units.items() if row["account"] == account):
            members = [p for p in everyone if self.people[p]["unit"] == uid]
            if members and not any(r6(self.best_strength(p, day)) >= weak for p in members):
                yield "uncovered_unit", uid, f"nobody in {uid} at weak or better", ""

    def _team_gaps(self, account: str, day: date) -> Iterator[tuple[str, str, str, str]]:
        team = {str(r["role"]) for r in self.account_team if r["account"] == account}
        for role in TEAM_ROLES:
            if role not in team:
                yield "missing_team_role", role, f"no {role} on the account team", ""

    def _departed_gaps(self, account: str, day: date) -> Iterator[tuple[str, str, str, str]]:
        open_set = set(self.open_opportunities(account))
        for pid, prow in sorted(self.people.items()):
            until = to_date(prow["until"])
            if prow["account"] != account or until is None or not until < day:
                continue
            for r in self.roles:
                if r["person"] == pid and r["opportunity"] in open_set and self.role_dated(r, day):
                    detail = f"left on {until} and still holds {r['role']} on {r['opportunity']}"
                    yield "departed_role_holder", pid, detail, ""

    def concentration(self, account: str, day: date) -> list[dict[str, Any]]:
        keys = self.key_persons(account, day)
        out: list[dict[str, Any]] = []
        for s in self.sellers:
            sole = [p for p in keys if self.threads(p, day) == [s]]
            if sole:
                out.append({"seller": s, "sole_key_persons": sole})
        return out

    def coverage(self, account: str, day: date) -> dict[str, Any]:
        components = self.components(account, day)
        weights = self.config.component_weights
        total = sum(weights.get(c, 1.0) for c, v in components.items() if v is not None)
        weighted = sum(weights.get(c, 1.0) * v for c, v in components.items() if v is not None)
        score = None if total == 0 else r6(100 * weighted / total)
        return {
            "as_of": day.isoformat(),
            "account": account,
            "score": score,
            "components": {c: None if v is None else r6(v) for c, v in components.items()},
            "gaps": self.gaps(account, day),
            "concentration": self.concentration(account, day),
        }

    # --- actions ---------------------------------------------------------------------------
    @staticmethod
    def action_exists(action: Row, day: date) -> bool:
        created = to_date(action["created"])
        return created is None or created <= day

    @classmethod
    def action_open(cls, action: Row, day: date) -> bool:
        """Exists at `day` and is not closed on or before it (whatever its stored status)."""
        closed = to_date(action["closed_on"])
        return cls.action_exists(action, day) and (closed is None or closed > day)

    def account_actions(self, account: str) -> list[Row]:
        return sorted(
            (a for a in self.actions if a["account"] == account), key=lambda a: str(a["id"])
        )

    def action_at(self, action: Row, day: date) -> dict[str, Any]:
        """The action as it stood at `day` (the plan's `action` object)."""
        is_open = self.action_open(action, day)
        closed = to_date(action["closed_on"])
        return {
            "id": action["id"],
            "title": action["title"],
            "strategy": action["strategy"],
            "status": "open" if is_open else action["status"],
            "owner": action["raci"]["R"],
            "people": sorted(str(p) for p in action["people"]),
            "opportunity": action["opportunity"],
            "addresses": action["addresses"],
            "created": iso(to_date(action["created"])),
            "due": iso(to_date(action["due"])),
            "closed_on": iso(closed) if closed is not None and closed <= day else None,
        }

    def open_actions(self, account: str, day: date) -> list[Row]:
        """The account's actions open at `day`, by due date (None last), then id."""
        found = [a for a in self.account_actions(account) if self.action_open(a, day)]
        return sorted(
            found,
            key=lambda a: (a["due"] is None, to_date(a["due"]) or date.min, str(a["id"])),
        )

    @staticmethod
    def addresses(action: Row, gap: Mapping[str, Any]) -> bool:
        wanted = action["addresses"]
        if gap["kind"] in PERSON_GAP_KINDS:
            return gap["subject"] in action["people"] and wanted in (None, gap["kind"])
        return bool(wanted == gap["kind"])

    # --- account plan ----------------------------------------------------------------------
    def stakeholder(
        self,
        person: str,
        account: str,
        day: date,
        scores: Mapping[str, float],
        open_actions: Sequence[Row],
    ) -> dict[str, Any]:
        roles = sorted(
            (
                {
                    "opportunity": r["opportunity"],
                    "role": r["role"],
                    "stance": r["stance"],
                    "influence": r["influence"],
                    "response_mode": r["response_mode"],
                    "wins": r["wins"],
                }
                for oid in self.open_opportunities(account)
                for r in self.valid_roles(oid, day)
                if r["person"] == person
            ),
            key=lambda r: (str(r["opportunity"]), str(r["role"])),
        )
        # Best seller: among the sellers with a decay row for this pair.
        best: tuple[float, str] | None = None
        for s in self.sellers:
            if self.knows(s, person, day) is None and not self.has_shared_interaction(
                s, person, day
            ):
                continue
            value = r6(self.strength(s, person, day)[0])
            if best is None or value > best[0]:  # sellers in id order: the first wins ties
                best = (value, s)
        best_seller = best[1] if best is not None and best[0] > 0 else None
        strength = best[0] if best_seller is not None and best is not None else 0.0
        band = (
            "strong"
            if strength >= self.config.strong
            else "weak"
            if strength >= self.config.weak
            else "cold"
        )
        rel = None if best_seller is None else self.knows(best_seller, person, day)
        if rel is None:
            # The KNOWS existing at `day` with the highest level, ties by seller id.
            for s in self.sellers:
                k = self.knows(s, person, day)
                if k is not None and (rel is None or int(k["level"]) > int(rel["level"])):
                    rel = k
        level = None if rel is None else int(rel["level"])
        target = None if rel is None or rel["target_level"] is None else int(rel["target_level"])
        mine = [a for a in open_actions if person in a["people"]]
        dues = [d for d in (to_date(a["due"]) for a in mine) if d is not None]
        return {
            "person": person,
            "roles": roles,
            "influence_score": scores.get(person, 0.0),
            "best_seller": best_seller,
            "strength": strength,
            "band": band,
            "level": level,
            "target_level": target,
            "ladder_gap": 0 if level is None or target is None else target - level,
            "open_actions": [a["id"] for a in mine],
            "next_due": iso(min(dues)) if dues else None,
        }

    def plan(self, account: str, day: date) -> dict[str, Any]:
        cfg = self.config
        # Who: the key persons and every current holder of a valid role on an open opportunity.
        who = set(self.key_persons(account, day))
        for oid in self.open_opportunities(account):
            who |= {str(r["person"]) for r in self.valid_roles(oid, day)}
        influence = self.influencers(
            account, day, max_hops=cfg.max_hops, include_reporting=cfg.include_reporting
        )
        scores = {str(r["person"]): float(r["score"]) for r in influence["rows"]}
        opened = self.open_actions(account, day)
        stakeholders = [self.stakeholder(p, account, day, scores, opened) for p in sorted(who)]
        stakeholders.sort(
            key=lambda s: (
                self.people[s["person"]]["layer"] != "decision",
                -s["influence_score"],
                s["person"],
            )
        )

        overdue = [a for a in opened if (to_date(a["due"]) or date.max) < day]
        since = day - timedelta(days=cfg.recently_closed_days)
        closed = [
            a
            for a in self.account_actions(account)
            if self.action_exists(a, day)
            and a["status"] in ("done", "dropped")
            and since < (to_date(a["closed_on"]) or date.min) <= day
        ]
        closed.sort(key=lambda a: str(a["id"]))
        closed.sort(key=lambda a: to_date(a["closed_on"]) or date.min, reverse=True)

        gaps = self.gaps(account, day)
        unplanned = [g for g in gaps if not any(self.addresses(a, g) for a in opened)]
        high = [g for g in gaps if g["severity"] == "high"]
        addressed = [g for g in high if g not in unplanned]
        return {
            "as_of": day.isoformat(),
            "account": account,
            "stakeholders": stakeholders,
            "actions": {
                "open": [self.action_at(a, day) for a in opened],
                "overdue": [self.action_at(a, day) for a in overdue],
                "recently_closed": [self.action_at(a, day) for a in closed],
            },
            "unplanned_gaps": unplanned,
            "plan_coverage": 1.0 if not high else r6(len(addressed) / len(high)),
        }

    # --- activity against targets --------------------------------------------------------
    def _target(self, seller: str, metric: str, per: str, account: str | None) -> int | None:
        levels: list[tuple[str | None, str | None]] = [(seller, None), (None, None)]
        if account is not None:
            levels = [(seller, account), (seller, None), (None, account), (None, None)]
        for who, where in levels:
            found = [
                t
                for t in self.activity_targets
                if t["metric"] == metric
                and t["period"] == per
                and t["seller"] == who
                and t["account"] == where
            ]
            if found:
                return int(min(found, key=lambda t: str(t["id"]))["target"])
        return None

    def activity(
        self,
        first: date,
        last: date,
        per: str,
        account: str | None = None,
        sellers: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        cfg = self.config
        spans = periods(first, last, per)  # raises on a bad `per` or window
        end = spans[-1][2]
        if account is not None and account not in self.accounts:
            raise LookupError(f"no account {account}")
        if sellers is None:
            chosen = list(self.seller_nodes)
        else:
            unknown = sorted(set(sellers) - set(self.seller_nodes))
            if unknown:
                raise LookupError(f"no seller {unknown[0]}")
            chosen = sorted(set(sellers))

        def ours(person: str) -> bool:
            return account is None or (
                person in self.people and self.people[person]["account"] == account
            )

        relevant = [
            it
            for it in self.interactions
            if it.day <= end and (account is None or any(ours(p) for p in sorted(it.people)))
        ]
        keys = {p for p in self.people if ours(p) and self.is_key(p, end)}

        rows: list[dict[str, Any]] = []
        for s in chosen:
            mine = [it for it in relevant if s in it.sellers]
            # First-ever interaction of s with each person (over all time).
            met: dict[str, date] = {}
            for it in self.interactions:
                if s not in it.sellers:
                    continue
                for p in it.people:
                    if ours(p) and (p not in met or it.day < met[p]):
                        met[p] = it.day
            for label, start, stop in spans:
                inside = [it for it in mine if start <= it.day <= stop]
                done = [
                    a
                    for a in self.actions
                    if a["raci"]["R"] == s
                    and a["status"] == "done"
                    and (account is None or a["account"] == account)
                    and start <= (to_date(a["closed_on"]) or date.min) <= stop
                ]
                actual = {
                    "interactions": len(inside),
                    "key_person_touches": sum(1 for it in inside if it.people & keys),
                    "org_events": sum(1 for it in inside if it.kind in ORG_KINDS),
                    "new_contacts": sum(1 for d in met.values() if start <= d <= stop),
                    "actions_done": len(done),
                }
                metrics: dict[str, Any] = {}
                for m in METRICS:
                    target = self._target(s, m, per, account)
                    metrics[m] = {
                        "actual": actual[m],
                        "target": target,
                        "attainment": None if not target else r6(actual[m] / target),
                    }
                loading: float | None = None
                loaded = False
                if per != "week" and inside:
                    n = (stop - start).days + 1
                    tail_from = stop - timedelta(days=math.ceil(n / 4) - 1)
                    loading = r6(sum(1 for it in inside if it.day >= tail_from) / len(inside))
                    loaded = (
                        len(inside) >= cfg.end_loaded_min_interactions
                        and loading >= cfg.end_loaded_share
                    )
                rows.append(
                    {
                        "seller": s,
                        "period": label,
                        "start": start.isoformat(),
                        "end": stop.isoformat(),
                        "metrics": metrics,
                        "end_loading": loading,
                        "end_loaded": loaded,
                    }
                )
        return {"from": first.isoformat(), "to": last.isoformat(), "per": per, "rows": rows}

    # --- portfolio -------------------------------------------------------------------------
    def abc(self) -> dict[str, str | None]:
        """Suggested tier of every account (ABC per currency over all accounts)."""
        cfg = self.config
        out: dict[str, str | None] = {}
        groups: dict[str, list[tuple[float, str]]] = {}
        for aid, a in sorted(self.accounts.items()):
            if a["potential"] is None and a["revenue"] is None:
                out[aid] = None
                continue
            value = float(a["potential"] or 0) + float(a["revenue"] or 0)
            groups.setdefault(str(a["currency"]), []).append((value, aid))
        for items in groups.values():
            items.sort(key=lambda x: (-r6(x[0]), x[1]))
            total = sum(v for v, _ in items)
            running = 0.0
            for value, aid in items:
                before = 0.0 if total == 0 else r6(running / total)
                out[aid] = "A" if before < cfg.abc_a else "B" if before < cfg.abc_b else "C"
                running += value
        return out

    def portfolio(
        self,
        day: date,
        tier: str | None = None,
        stage: str | None = None,
        seller: str | None = None,
    ) -> dict[str, Any]:
        cfg = self.config
        suggested = self.abc()
        rows: list[dict[str, Any]] = []
        for aid, a in sorted(self.accounts.items()):
            if tier is not None and a["tier"] != tier:
                continue
            if stage is not None and a["stage"] != stage:
                continue
            if seller is not None and not any(
                r["account"] == aid and r["seller"] == seller for r in self.account_team
            ):
                continue
            cov = self.coverage(aid, day)
            gaps = cov["gaps"]
            pipeline: dict[str, float] = {}
            for oid in self.open_opportunities(aid):
                o = self.opportunities[oid]
                cur = str(o["currency"])
                pipeline[cur] = pipeline.get(cur, 0.0) + float(o["value"] or 0)
            events = [it for it in self.interactions if it.day <= day and self.belongs(it, aid)]
            org = [it.day for it in events if it.kind in ORG_KINDS]
            last_any = max((it.day for it in events), default=None)
            last_org = max(org, default=None)
            overdue = [
                x
                for x in self.account_actions(aid)
                if self.action_open(x, day) and (to_date(x["due"]) or date.max) < day
            ]
            flags: list[str] = []
            score = cov["score"]
            if a["tier"] == "A" and score is not None and score < cfg.tier_a_weak_score:
                flags.append("tier_a_weak")
            recent_from = day - timedelta(days=cfg.stale_org_event_days)
            if not any(recent_from < d <= day for d in org):
                flags.append("no_org_event_180d")
            threading: set[str] = set()
            for p in self.key_persons(aid, day):
                threading |= set(self.threads(p, day))
            if len(threading) == 1:
                flags.append("single_threaded")
            rows.append(
                {
                    "account": aid,
                    "tier": a["tier"],
                    "suggested_tier": suggested[aid],
                    "stage": a["stage"],
                    "currency": a["currency"],
                    "potential": None if a["potential"] is None else float(a["potential"]),
                    "revenue": None if a["revenue"] is None else float(a["revenue"]),
                    "pipeline": {c: r6(v) for c, v in sorted(pipeline.items())},
                    "score": score,
                    "components": cov["components"],
                    "high_gaps": sum(1 for g in gaps if g["severity"] == "high"),
                    "uncovered_key_persons": sum(
                        1 for g in gaps if g["kind"] == "uncovered_key_person"
                    ),
                    "at_risk_key_persons": sum(
                        1 for g in gaps if g["kind"] == "key_person_at_risk"
                    ),
                    "days_since_org_event": None if last_org is None else (day - last_org).days,
                    "days_since_interaction": None if last_any is None else (day - last_any).days,
                    "overdue_actions": len(overdue),
                    "flags": flags,
                }
            )
        rows.sort(
            key=lambda r: (
                TIER_ORDER.index(r["tier"]),
                r["score"] is None,
                r["score"] or 0.0,
                r["account"],
            )
        )
        return {"as_of": day.isoformat(), "rows": rows}

    # --- review ----------------------------------------------------------------------------
    def review(self, account: str, d0: date, d1: date) -> dict[str, Any]:
        if not d0 < d1:
            raise ValueError(f"the review needs since < as_of, got {d0} and {d1}")
        cfg = self.config
        before, after = self.coverage(account, d0), self.coverage(account, d1)

        def minus(to: float | None, frm: float | None) -> float | None:
            return None if to is None or frm is None else r6(to - frm)

        delta = {
            "score": minus(after["score"], before["score"]),
            "components": {
                c: minus(after["components"][c], before["components"][c]) for c in COMPONENTS
            },
        }
        keys0 = {(g["kind"], g["subject"]) for g in before["gaps"]}
        keys1 = {(g["kind"], g["subject"]) for g in after["gaps"]}
        opened = [g for g in after["gaps"] if (g["kind"], g["subject"]) not in keys0]
        closed = [g for g in before["gaps"] if (g["kind"], g["subject"]) not in keys1]

        def rows_at(day: date) -> dict[tuple[str, str], float]:
            return {
                (r["seller"], r["person"]): r["strength"] for r in self.decay(account, day)["rows"]
            }

        def band(strength: float) -> str:
            return (
                "strong" if strength >= cfg.strong else "weak" if strength >= cfg.weak else "cold"
            )

        at0, at1 = rows_at(d0), rows_at(d1)
        moves = []
        for pair in sorted(set(at0) | set(at1)):
            s0, s1 = at0.get(pair, 0.0), at1.get(pair, 0.0)
            if band(s0) != band(s1):
                moves.append(
                    {
                        "seller": pair[0],
                        "person": pair[1],
                        "from_band": band(s0),
                        "to_band": band(s1),
                        "from_strength": s0,
                        "to_strength": s1,
                    }
                )

        def within(value: Any) -> bool:
            day = to_date(value)
            return day is not None and d0 < day <= d1

        mine = self.account_actions(account)
        actions = {
            "created": [a["id"] for a in mine if within(a["created"])],
            "done": [a["id"] for a in mine if a["status"] == "done" and within(a["closed_on"])],
            "dropped": [
                a["id"] for a in mine if a["status"] == "dropped" and within(a["closed_on"])
            ],
            "became_overdue": [
                a["id"]
                for a in mine
                if self.action_open(a, d1)
                and a["due"] is not None
                and d0 <= (to_date(a["due"]) or date.min) < d1
            ],
        }

        def count(start: date, end: date, org_only: bool) -> int:
            return sum(
                1
                for it in self.interactions
                if start < it.day <= end
                and self.belongs(it, account)
                and (not org_only or it.kind in ORG_KINDS)
            )

        start = d0 - (d1 - d0)
        return {
            "account": account,
            "from": d0.isoformat(),
            "to": d1.isoformat(),
            "coverage": {"from": before, "to": after, "delta": delta},
            "gaps": {"opened": opened, "closed": closed},
            "moves": moves,
            "actions": actions,
            "activity": {
                "interactions": count(d0, d1, False),
                "previous_interactions": count(start, d0, False),
                "org_events": count(d0, d1, True),
                "previous_org_events": count(start, d0, True),
            },
        }


# --- a check by hand on the sample (python -m tests.oracle) ----------------------------------
def _self_check() -> None:  # pragma: no cover - run by hand
    import json
    from pathlib import Path

    from kamgraph.interchange.bundle import validate
    from kamgraph.interchange.ingest import canonical
    from kamgraph.interchange.model import TABLES

    raw = json.loads(
        (Path(__file__).resolve().parent.parent / "kamgraph/data/sample.json").read_text("utf-8")
    )
    checked = validate(raw)
    bundle = {t: [canonical(r) for r in checked.rows(t)] for t in TABLES}
    oracle = Oracle(bundle)
    day = date(2026, 11, 20)
    cov = oracle.coverage("nordwind", day)
    print("coverage", cov["score"], json.dumps(cov["components"]))
    for g in cov["gaps"]:
        print(f"  gap {g['severity']:6} {g['kind']:22} {g['subject']:28} {g['suggestion']}")
    print("  concentration", json.dumps(cov["concentration"]))
    inf = oracle.influencers("nordwind", day, opportunity="nw-o1")
    print("influencers of nw-o1, targets", inf["targets"])
    for row in inf["rows"][:5]:
        print(
            f"  {row['person']} {row['score']}", [(p["target"], p["nodes"]) for p in row["paths"]]
        )
    for path in oracle.paths("nw-p02", day)["paths"]:
        print("  path", path["score"], path["nodes"], path["strengths"], path["last_touch"])
    print("at_risk", oracle.decay("nordwind", day)["at_risk"])
    plan = oracle.plan("nordwind", day)
    for row in plan["stakeholders"]:
        print(
            f"  stakeholder {row['person']:7} {row['influence_score']:<9} {row['best_seller']}"
            f" {row['band']:6} L{row['level']}->{row['target_level']} {row['open_actions']}"
        )
    for group, actions in plan["actions"].items():
        print(f"  {group}", [(a["id"], a["status"], a["due"]) for a in actions])
    print("  unplanned", [(g["kind"], g["subject"]) for g in plan["unplanned_gaps"]])
    print("  plan_coverage", plan["plan_coverage"])
    review = oracle.review("nordwind", day - timedelta(days=90), day)
    print("review delta", json.dumps(review["coverage"]["delta"]))
    for change, found in review["gaps"].items():
        print(f"  {change}", [(g["kind"], g["subject"]) for g in found])
    for m in review["moves"]:
        print(f"  move {m['seller']} {m['person']} {m['from_band']} -> {m['to_band']}")
    print("  actions", json.dumps(review["actions"]), json.dumps(review["activity"]))


if __name__ == "__main__":
    _self_check()
