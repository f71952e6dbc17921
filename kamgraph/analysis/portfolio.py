"""The portfolio of accounts with its ABC check (DOMAIN.md "Portfolio"): where the team's time
should go, and which important accounts are weakly covered."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from kamgraph.analysis.config import ORG_LEVEL_KINDS, AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.facts import r6
from kamgraph.analysis.results import CoverageResult, PortfolioResult, PortfolioRow
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.errors import NotFound
from kamgraph.interchange.model import OPEN_STAGES
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore

TIER_ORDER = {"A": 0, "B": 1, "C": 2}
Progress = Callable[[int, int], None]


def portfolio(
    store: GraphStore,
    day: dt.date,
    cfg: AnalysisSettings,
    *,
    tier: str | None = None,
    stage: str | None = None,
    seller: str | None = None,
    progress: Progress | None = None,
    snapshot: Callable[[str], Snapshot] | None = None,
) -> PortfolioResult:
    """`progress(done, total)` is called after each account (the CLI draws a bar with it).
    `snapshot(account)`: the snapshot to audit an account on (a page that shows more of the
    same accounts shares them, so their facts are read once); default a fresh one."""
    accounts = store.read("portfolio/accounts")
    if seller is not None and not store.read("analysis/sellers", sellers=[seller], account=None):
        raise NotFound(f"unknown seller {seller!r}")
    # ABC over the whole portfolio: a filter chooses the rows shown, not the comparison.
    suggested = abc(accounts, cfg)
    chosen = [
        a
        for a in sorted(accounts, key=lambda a: str(a["id"]))
        if (tier is None or a["tier"] == tier)
        and (stage is None or a["stage"] == stage)
        and (seller is None or seller in (a["team"] or []))
    ]
    n = day_number(day)
    pipeline: dict[str, dict[str, float]] = defaultdict(dict)
    for r in store.read("portfolio/pipeline", open_stages=list(OPEN_STAGES)):
        pipeline[r["account"]][str(r["currency"])] = r6(float(r["total"] or 0.0))
    touches = {
        r["account"]: r
        for r in store.read("portfolio/last_touches", day=n, kinds=list(ORG_LEVEL_KINDS))
    }
    overdue = {r["account"]: int(r["n"]) for r in store.read("portfolio/overdue", day=n)}

    def audit(account: str) -> tuple[CoverageResult, bool]:
        snap = snapshot(account) if snapshot else Snapshot(store, account, day, cfg)
        result = coverage(snap, suggest=False)
        key = {p.id for p in snap.people() if p.key}
        sellers = {
            s for (s, p), f in snap.strengths().items() if p in key and r6(f.strength) >= cfg.weak
        }
        return result, len(sellers) == 1

    rows: list[PortfolioRow] = []
    # Accounts are independent: they run side by side on the store's workers; what the whole
    # portfolio needs (pipeline, touches, overdue actions) was read once above.
    audits = store.workers.ordered([partial(audit, str(a["id"])) for a in chosen])
    for done, (a, (cov, single)) in enumerate(zip(chosen, audits, strict=True), start=1):
        rows.append(_row(a, cov, single, suggested, pipeline, touches, overdue, n, cfg))
        if progress is not None:
            progress(done, len(chosen))
    rows.sort(
        key=lambda r: (
            TIER_ORDER.get(r.tier or "", 3),
            r.score is None,
            r.score if r.score is not None else 0.0,
            r.account,
        )
    )
    return PortfolioResult(as_of=day, rows=rows)


def abc(accounts: Iterable[dict[str, Any]], cfg: AnalysisSettings) -> dict[str, str]:
    """Suggested tier per account, per currency: by potential + revenue (descending, ties by
    id), A while the cumulative share before the account is below `abc_a`, B below `abc_b`."""
    by_currency: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for a in accounts:
        if a["potential"] is None and a["revenue"] is None:
            continue
        size = float(a["potential"] or 0.0) + float(a["revenue"] or 0.0)
        by_currency[str(a["currency"])].append((size, str(a["id"])))
    out: dict[str, str] = {}
    for sized in by_currency.values():
        sized.sort(key=lambda x: (-x[0], x[1]))
        total = sum(size for size, _ in sized)
        before = 0.0
        for size, account in sized:
            share = r6(before / total) if total > 0 else 0.0
            out[account] = "A" if share < cfg.abc_a else "B" if share < cfg.abc_b else "C"
            before += size
    return out


def _row(
    a: dict[str, Any],
    cov: CoverageResult,
    single: bool,
    suggested: dict[str, str],
    pipeline: dict[str, dict[str, float]],
    touches: dict[str, dict[str, Any]],
    overdue: dict[str, int],
    day: int,
    cfg: AnalysisSettings,
) -> PortfolioRow:
    account = str(a["id"])
    touch = touches.get(account, {})
    last, last_org = touch.get("last"), touch.get("last_org")
    flags = []
    if a["tier"] == "A" and cov.score is not None and cov.score < cfg.weak_tier_a_score:
        flags.append("tier_a_weak")
    if last_org is None or int(last_org) <= day - cfg.org_event_days:
        flags.append("no_org_event_180d")
    if single:
        flags.append("single_threaded")
    return PortfolioRow(
        account=account,
        tier=a["tier"],
        suggested_tier=suggested.get(account),
        stage=str(a["stage"]),
        currency=str(a["currency"]),
        potential=None if a["potential"] is None else float(a["potential"]),
        revenue=None if a["revenue"] is None else float(a["revenue"]),
        pipeline=dict(sorted(pipeline.get(account, {}).items())),
        score=cov.score,
        components=cov.components,
        high_gaps=sum(g.severity == "high" for g in cov.gaps),
        uncovered_key_persons=sum(g.kind == "uncovered_key_person" for g in cov.gaps),
        at_risk_key_persons=sum(g.kind == "key_person_at_risk" for g in cov.gaps),
        days_since_org_event=None if last_org is None else day - int(last_org),
        days_since_interaction=None if last is None else day - int(last),
        overdue_actions=overdue.get(account, 0),
        flags=flags,
    )
