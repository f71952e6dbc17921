"""Activity against targets and the portfolio from practice, on small hand-made accounts.

- All of a month's visits in its last week: the seller is flagged `end_loaded` for that month;
  a colleague who spreads the same number of visits over the month is not, nor is one with only
  three visits at the end; a weekly report never flags end-loading.
- Targets: a seller's own target overrides the one set for each seller; with the account asked
  for, the seller's own target for all accounts still beats each seller's target for the account,
  which in turn beats each seller's target for all accounts.
- A tier-A account whose coverage score is under 50 is flagged `tier_a_weak` (a tier-B account as
  weak is not), and is ranked before the well-covered tier-A account.
- An account whose key persons are all reached by one seller only is flagged `single_threaded`;
  one where a second seller holds a key person at weak or better is not.
Each result is also compared with the oracle (tests/oracle.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.results import ActivityResult, ActivityRow, PortfolioResult, PortfolioRow
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.storage import GraphStore
from tests.oracle import Oracle
from tests.test_analyses_property import close

CFG = AnalysisSettings()
D = dt.date


def activity_of(
    store: GraphStore,
    first: dt.date,
    last: dt.date,
    per: str,
    account: str | None = None,
    sellers: list[str] | None = None,
) -> ActivityResult:
    from kamgraph.analysis.activity import activity

    result = activity(store, first, last, per, CFG, account=account, sellers=sellers)
    close(
        result.model_dump(mode="json", by_alias=True),
        Oracle(export_bundle(store)).activity(first, last, per, account, sellers),
        "activity vs oracle",
    )
    return result


def portfolio_at(store: GraphStore, day: dt.date, tier: str | None = None) -> PortfolioResult:
    from kamgraph.analysis.portfolio import portfolio

    result = portfolio(store, day, CFG, tier=tier)
    close(
        result.model_dump(mode="json", by_alias=True),
        Oracle(export_bundle(store)).portfolio(day, tier=tier),
        "portfolio vs oracle",
    )
    return result


def row(result: ActivityResult, seller: str, period: str) -> ActivityRow:
    (found,) = [r for r in result.rows if r.seller == seller and r.period == period]
    return found


def account_row(result: PortfolioResult, account: str) -> PortfolioRow:
    (found,) = [r for r in result.rows if r.account == account]
    return found


def visits(seller: str, days: list[int], month: int = 11, kind: str = "site_visit") -> list[Any]:
    return [
        {
            "id": f"{seller}-v{d}",
            "date": D(2026, month, d).isoformat(),
            "kind": kind,
            "sellers": [seller],
            "people": ["p1"],
        }
        for d in days
    ]


# --- end-loading -----------------------------------------------------------------------------
def test_all_visits_in_the_last_week_of_the_month_is_end_loaded(falkor: GraphStore) -> None:
    """November 2026 has 30 days: its last ceil(30/4) = 8 days are 23..30 November."""
    import_data(
        falkor,
        {
            "format": "kamgraph/v1",
            "accounts": [{"id": "acme"}],
            "people": [{"id": "p1", "account": "acme", "layer": "decision"}],
            "sellers": [{"id": "s1"}, {"id": "s2"}, {"id": "s3"}],
            "interactions": [
                *visits("s1", [23, 25, 27, 30]),  # every visit in the last week
                *visits("s2", [3, 10, 17, 24]),  # spread over the month
                *visits("s3", [28, 29, 30]),  # at the end, but only three
                *visits("s1", [2], month=10),  # October: a single early visit
            ],
        },
    )
    report = activity_of(falkor, D(2026, 10, 15), D(2026, 11, 10), "month")
    assert [(r.seller, r.period, r.start, r.end) for r in report.rows] == [
        (s, p, a, b)
        for s in ("s1", "s2", "s3")
        for p, a, b in (
            ("2026-10", D(2026, 10, 1), D(2026, 10, 31)),
            ("2026-11", D(2026, 11, 1), D(2026, 11, 30)),
        )
    ]
    s1 = row(report, "s1", "2026-11")
    assert s1.metrics["interactions"].actual == 4
    assert s1.metrics["org_events"].actual == 4  # site visits are organization-level
    assert s1.metrics["key_person_touches"].actual == 4
    assert (s1.end_loading, s1.end_loaded) == (1.0, True)
    s2 = row(report, "s2", "2026-11")
    assert (s2.end_loading, s2.end_loaded) == (0.25, False)
    s3 = row(report, "s3", "2026-11")
    assert (s3.end_loading, s3.end_loaded) == (1.0, False)
    early = row(report, "s1", "2026-10")
    assert (early.end_loading, early.end_loaded) == (0.0, False)
    assert row(report, "s2", "2026-10").end_loading is None  # no interactions
    # Weekly: never end-loaded.
    weekly = activity_of(falkor, D(2026, 11, 23), D(2026, 11, 30), "week", sellers=["s1"])
    assert [r.period for r in weekly.rows] == ["2026-W48", "2026-W49"]
    assert all(r.end_loading is None and not r.end_loaded for r in weekly.rows)
    assert weekly.rows[0].metrics["interactions"].actual == 3  # 23, 25, 27 (Mon..Sun)


# --- targets ---------------------------------------------------------------------------------
def test_a_sellers_own_target_overrides_the_target_for_each_seller(falkor: GraphStore) -> None:
    import_data(
        falkor,
        {
            "format": "kamgraph/v1",
            "accounts": [{"id": "acme"}],
            "people": [{"id": "p1", "account": "acme"}],
            "sellers": [{"id": "s1"}, {"id": "s2"}],
            "interactions": [*visits("s1", [2, 9, 16]), *visits("s2", [5])],
            "activity_targets": [
                {"id": "t-each", "metric": "interactions", "period": "month", "target": 4},
                {
                    "id": "t-own",
                    "seller": "s1",
                    "metric": "interactions",
                    "period": "month",
                    "target": 2,
                },
                {
                    "id": "t-each-acme",
                    "account": "acme",
                    "metric": "interactions",
                    "period": "month",
                    "target": 8,
                },
                {
                    "id": "t-quarter",
                    "seller": "s1",
                    "metric": "interactions",
                    "period": "quarter",
                    "target": 1,
                },
            ],
        },
    )
    report = activity_of(falkor, D(2026, 11, 1), D(2026, 11, 30), "month")
    own, each = row(report, "s1", "2026-11"), row(report, "s2", "2026-11")
    assert own.metrics["interactions"].model_dump() == {
        "actual": 3,
        "target": 2,
        "attainment": 1.5,
    }
    assert each.metrics["interactions"].model_dump() == {
        "actual": 1,
        "target": 4,
        "attainment": 0.25,
    }
    assert own.metrics["org_events"].target is None
    assert own.metrics["org_events"].attainment is None
    # For the account: s1's own target (all accounts) still wins; s2 gets each seller's for acme.
    on_acme = activity_of(falkor, D(2026, 11, 1), D(2026, 11, 30), "month", account="acme")
    assert row(on_acme, "s1", "2026-11").metrics["interactions"].target == 2
    assert row(on_acme, "s2", "2026-11").metrics["interactions"].target == 8
    assert row(on_acme, "s2", "2026-11").metrics["interactions"].attainment == 0.125
    # Quarterly: only the quarter target counts.
    quarterly = activity_of(falkor, D(2026, 11, 1), D(2026, 11, 30), "quarter")
    assert row(quarterly, "s1", "2026-Q4").metrics["interactions"].target == 1
    assert row(quarterly, "s2", "2026-Q4").metrics["interactions"].target is None


# --- portfolio -------------------------------------------------------------------------------
T = D(2026, 11, 20)


def strong_meetings(seller: str, person: str, n: int = 3) -> list[dict[str, Any]]:
    """`n` executive meetings in the last weeks: strength 1 - e^-(~n) >= 0.5."""
    return [
        {
            "id": f"{seller}-{person}-m{i}",
            "date": (T - dt.timedelta(days=7 * i)).isoformat(),
            "kind": "exec_meeting",
            "sellers": [seller],
            "people": [person],
        }
        for i in range(n)
    ]


def test_a_tier_a_account_with_a_weak_coverage_is_flagged(falkor: GraphStore) -> None:
    """`weak` (tier A) and `weakb` (tier B): one decision-maker nobody knows, no team;
    `solid` (tier A): the decision-maker met often by two sellers, a full team."""
    people = [
        {"id": f"{a}-ceo", "account": a, "layer": "decision"} for a in ("weak", "weakb", "solid")
    ]
    import_data(
        falkor,
        {
            "format": "kamgraph/v1",
            "accounts": [
                {"id": "weak", "tier": "A", "potential": 50, "currency": "EUR"},
                {"id": "weakb", "tier": "B", "potential": 30, "currency": "EUR"},
                {"id": "solid", "tier": "A", "potential": 20, "currency": "EUR"},
            ],
            "people": people,
            "sellers": [{"id": "s1"}, {"id": "s2"}, {"id": "s3"}],
            "account_team": [
                {"account": "solid", "seller": "s1", "role": "AR"},
                {"account": "solid", "seller": "s2", "role": "SR"},
                {"account": "solid", "seller": "s3", "role": "FR"},
            ],
            "interactions": [
                *strong_meetings("s1", "solid-ceo", 5),
                *strong_meetings("s2", "solid-ceo", 3),
            ],
        },
    )
    result = portfolio_at(falkor, T)
    weak, weakb, solid = (account_row(result, a) for a in ("weak", "weakb", "solid"))
    assert weak.score is not None and weak.score < 50
    assert "tier_a_weak" in weak.flags
    assert weakb.score is not None and weakb.score < 50
    assert "tier_a_weak" not in weakb.flags
    assert solid.score is not None and solid.score >= 50
    assert "tier_a_weak" not in solid.flags
    assert weak.uncovered_key_persons == 1
    # Ranked by tier, then the weakest first.
    assert [r.account for r in result.rows] == ["weak", "solid", "weakb"]
    # ABC over EUR 100: weak (share before 0) A, weakb (0.5) A, solid (0.8) B.
    assert [r.suggested_tier for r in result.rows] == ["A", "B", "A"]
    assert [r.account for r in portfolio_at(falkor, T, tier="A").rows] == ["weak", "solid"]


def test_key_persons_all_reached_by_one_seller_is_single_threaded(falkor: GraphStore) -> None:
    """`one`: both key persons (a decision-maker and an inner-circle member) know only s1, and
    s2 knows a non-key engineer; `two`: s2 also reaches a key person at weak or better."""
    people = []
    for a in ("one", "two"):
        people += [
            {"id": f"{a}-ceo", "account": a, "layer": "decision"},
            {"id": f"{a}-cfo", "account": a, "political_status": "inner_circle"},
            {"id": f"{a}-eng", "account": a, "layer": "operation"},
        ]
    import_data(
        falkor,
        {
            "format": "kamgraph/v1",
            "accounts": [{"id": "one"}, {"id": "two"}],
            "people": people,
            "sellers": [{"id": "s1"}, {"id": "s2"}],
            "interactions": [
                *strong_meetings("s1", "one-ceo"),
                *strong_meetings("s1", "one-cfo"),
                *strong_meetings("s2", "one-eng"),
                *strong_meetings("s1", "two-ceo"),
                *strong_meetings("s2", "two-cfo", 1),
            ],
        },
    )
    result = portfolio_at(falkor, T)
    one, two = account_row(result, "one"), account_row(result, "two")
    assert "single_threaded" in one.flags
    assert "single_threaded" not in two.flags
    # Executive meetings are organization-level events: none is stale.
    assert "no_org_event_180d" not in one.flags
    assert one.days_since_org_event == 0
    later = portfolio_at(falkor, T + dt.timedelta(days=200))
    assert account_row(later, "one").flags == [
        "no_org_event_180d",
        "single_threaded",
    ]
