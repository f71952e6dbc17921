"""Relationship decay and key persons at risk (DOMAIN.md, "Relationship decay")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.facts import (
    PersonFact,
    StrengthFact,
    account_people,
    date_of,
    r6,
    require_account,
    strengths,
)
from kamgraph.analysis.results import DecayResult, DecayRow, Status
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore


def band(strength: float, cfg: AnalysisSettings) -> str:
    s = r6(strength)
    return "strong" if s >= cfg.strong else "weak" if s >= cfg.weak else "cold"


def status(strength: float, drop: float, cfg: AnalysisSettings) -> Status:
    s, d = r6(strength), r6(drop)
    if s < cfg.weak:
        return "cold"
    if s >= cfg.strong and d < cfg.drop_cooling:
        return "active"
    return "cooling"


SortKey = tuple[bool, float, str, str]


def decay_rows(
    now: dict[tuple[str, str], StrengthFact],
    before: dict[tuple[str, str], StrengthFact],
    day: dt.date,
    cfg: AnalysisSettings,
    key: set[str],
) -> list[tuple[SortKey, DecayRow]]:
    """Rows with their sort key: key persons first, then drop (largest first), person, seller."""
    rows: list[tuple[SortKey, DecayRow]] = []
    for (seller, person), fact in now.items():
        earlier = before.get((seller, person))
        s, s90 = fact.strength, earlier.strength if earlier else 0.0
        drop = (s90 - s) / s90 if s90 > 0 else 0.0
        row = DecayRow(
            seller=seller,
            person=person,
            strength=r6(s),
            strength_90d_ago=r6(s90),
            last_touch=date_of(fact.last_touch),
            days_since=None if fact.last_touch is None else day_number(day) - int(fact.last_touch),
            status=status(s, drop, cfg),
        )
        rows.append(((person not in key, -r6(drop), person, seller), row))
    return rows


def ordered(rows: list[tuple[SortKey, DecayRow]]) -> list[DecayRow]:
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def best_strengths(now: Iterable[StrengthFact]) -> dict[str, float]:
    """Each person with a decay row → their best strength over all sellers (rounded)."""
    out: dict[str, float] = {}
    for f in now:
        out[f.person] = max(out.get(f.person, 0.0), r6(f.strength))
    return out


def at_risk(now: Iterable[StrengthFact], key: set[str], cfg: AnalysisSettings) -> list[str]:
    """Key persons with a decay row (a strength fact at as_of) whose best is below `strong`."""
    return sorted(p for p, s in best_strengths(now).items() if p in key and s < cfg.strong)


def account_strengths(
    store: GraphStore, account: str, day: dt.date, cfg: AnalysisSettings
) -> tuple[list[PersonFact], dict[tuple[str, str], StrengthFact]]:
    """The account's people and the strengths at `day` of every pair that has a decay row."""
    # The people's facts (with their last interaction) and the strengths are both costly reads
    # that need only the current ids: run them side by side.
    with ThreadPoolExecutor(1) as pool:
        people = pool.submit(account_people, store, account, day)
        now = strengths(store, _current(store, account, day), day, cfg)
        return people.result(), now


def account_decay(
    store: GraphStore, account: str, day: dt.date, cfg: AnalysisSettings
) -> tuple[DecayResult, list[PersonFact], dict[tuple[str, str], StrengthFact]]:
    """Decay of one account, with the people and strengths it was computed from (for reuse)."""
    people, now, keyed = _account_rows(store, account, day, cfg)
    key = {p.id for p in people if p.key}
    result = DecayResult(as_of=day, rows=ordered(keyed), at_risk=at_risk(now.values(), key, cfg))
    return result, people, now


def _current(store: GraphStore, account: str, day: dt.date) -> list[str]:
    rows = store.read("analysis/current_ids", account=account, day=day_number(day))
    return [str(r["id"]) for r in rows]


def _account_rows(
    store: GraphStore, account: str, day: dt.date, cfg: AnalysisSettings
) -> tuple[list[PersonFact], dict[tuple[str, str], StrengthFact], list[tuple[SortKey, DecayRow]]]:
    current = _current(store, account, day)
    earlier = day - dt.timedelta(days=cfg.decay_window_days)
    # The people's facts and both days' strengths at once: the engine answers reads in
    # parallel, and these are the costly ones.
    with ThreadPoolExecutor(2) as pool:
        people_f = pool.submit(account_people, store, account, day)
        pending = pool.submit(strengths, store, current, earlier, cfg)
        now = strengths(store, current, day, cfg)
        people, before = people_f.result(), pending.result()
    key = {p.id for p in people if p.key}
    return people, now, decay_rows(now, before, day, cfg, key)


def decay(
    store: GraphStore, account: str | None, day: dt.date, cfg: AnalysisSettings
) -> DecayResult:
    """Decay of one account, or of every account (rows sorted across all of them)."""
    if account is not None:
        require_account(store, account)
        return account_decay(store, account, day, cfg)[0]
    keyed: list[tuple[SortKey, DecayRow]] = []
    key: set[str] = set()
    facts: list[StrengthFact] = []
    for row in store.read("account/list"):
        people, now, account_rows = _account_rows(store, str(row["id"]), day, cfg)
        keyed += account_rows
        key |= {p.id for p in people if p.key}
        facts += now.values()
    return DecayResult(as_of=day, rows=ordered(keyed), at_risk=at_risk(facts, key, cfg))
