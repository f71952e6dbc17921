"""Relationship decay and key persons at risk (DOMAIN.md, "Relationship decay")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.facts import StrengthFact, date_of, r6
from kamgraph.analysis.results import DecayResult, DecayRow, Status
from kamgraph.analysis.snapshot import Snapshot
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


def _rows(
    now: dict[tuple[str, str], StrengthFact],
    before: dict[tuple[str, str], StrengthFact],
    day: dt.date,
    cfg: AnalysisSettings,
    key: set[str],
) -> list[tuple[SortKey, DecayRow]]:
    """Rows with their sort key: key persons first, then drop (largest first), person, seller."""
    rows: list[tuple[SortKey, DecayRow]] = []
    today = day_number(day)
    weak, strong, cooling = cfg.weak, cfg.strong, cfg.drop_cooling
    construct = DecayRow.model_construct  # the values are of the model's types already
    for (seller, person), fact in now.items():
        earlier = before.get((seller, person))
        s, s90 = fact.strength, earlier.strength if earlier else 0.0
        drop = r6((s90 - s) / s90) if s90 > 0 else 0.0
        rs, last = r6(s), fact.last_touch
        # `status`, in line (a function call per row is a tenth of this loop at 27 000 pairs).
        state: Status = (
            "cold" if rs < weak else "active" if rs >= strong and drop < cooling else "cooling"
        )
        row = construct(
            seller=seller,
            person=person,
            strength=rs,
            strength_90d_ago=r6(s90),
            last_touch=date_of(last),
            days_since=None if last is None else today - int(last),
            status=state,
        )
        rows.append(((person not in key, -drop, person, seller), row))
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


def decay_rows(snap: Snapshot) -> list[tuple[SortKey, DecayRow]]:
    """The account's decay rows with their sort keys (shared by every analysis of the snapshot)."""

    def rows() -> list[tuple[SortKey, DecayRow]]:
        snap.prefetch("people", "strengths", "strengths_before")
        key = {p.id for p in snap.people() if p.key}
        return _rows(snap.strengths(), snap.strengths_before(), snap.day, snap.cfg, key)

    return snap.memo("decay_rows", rows)


def decay(snap: Snapshot) -> DecayResult:
    """Decay of one account (DOMAIN.md): a row per pair with a strength fact at as_of
    (memoised on the snapshot, like the coverage audit)."""

    def result() -> DecayResult:
        snap.account_row()
        key = {p.id for p in snap.people() if p.key}
        return DecayResult(
            as_of=snap.day,
            rows=ordered(decay_rows(snap)),
            at_risk=at_risk(snap.strengths().values(), key, snap.cfg),
        )

    return snap.memo("decay", result)


def decay_all(store: GraphStore, day: dt.date, cfg: AnalysisSettings) -> DecayResult:
    """Decay of every account, rows sorted across all of them (key persons of any first)."""
    keyed: list[tuple[SortKey, DecayRow]] = []
    key: set[str] = set()
    found: list[StrengthFact] = []
    snaps = [Snapshot(store, str(row["id"]), day, cfg) for row in store.read("account/list")]
    # Accounts are independent: they run side by side on the store's workers.
    for snap, rows in zip(snaps, store.workers.map(decay_rows, snaps), strict=True):
        keyed += rows
        key |= {p.id for p in snap.people() if p.key}
        found += snap.strengths().values()
    return DecayResult(as_of=day, rows=ordered(keyed), at_risk=at_risk(found, key, cfg))


def decay_report(
    store: GraphStore, account: str | None, day: dt.date, cfg: AnalysisSettings
) -> DecayResult:
    """What `kamgraph decay` and `GET /v1/decay` answer: one account, or every account."""
    if account is None:
        return decay_all(store, day, cfg)
    return decay(Snapshot(store, account, day, cfg))
