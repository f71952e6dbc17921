"""Property: the portfolio from the database equals the brute-force oracle of DOMAIN.md
("Managing accounts over time" -> Portfolio) on small random portfolios.

Each example: 1..5 accounts (ids `a1`, `a10`, `a2`, `b`, `c`: string order) with a random tier,
KAM stage and currency (USD, EUR, JPY); their potential and revenue either random or laid out so
that the cumulative shares of the ABC check land exactly on 0.70 and 0.90 (figures like 7/2/1 or
5/2/2/1 of a total, split between potential and revenue, scaled by 1, 1000 or 0.1, with ties),
a figure of 0, or neither figure; people (key or not, some gone), sellers shared by the
accounts, relationships, interactions (some with people of two accounts) on days next to T,
T - 180 and T - 365, opportunities open or closed in several currencies (a value or none), roles,
an account team and actions due around T. The portfolio is asked for every account and with one
filter (tier, stage, seller) or several; the ABC check always runs over every account.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.storage import GraphStore
from tests.oracle import Oracle
from tests.test_analyses_property import close, kinds

CFG = AnalysisSettings()
EXAMPLES = int(os.environ.get("KAMGRAPH_PROPERTY_EXAMPLES", "200"))
ACCOUNT_POOL = ["a1", "a10", "a2", "b", "c"]
SELLERS = ["s1", "s2", "s3"]
CURRENCIES = ["USD", "EUR", "JPY"]
STAGES = ["exploratory", "basic", "cooperative"]
# Shares of a currency's total whose cumulative sums hit 0.70 and 0.90 exactly.
EXACT = [(7, 2, 1), (5, 2, 2, 1), (7, 1, 1, 1), (4, 3, 2, 1), (35, 10, 5), (6, 1, 2, 1), (9, 1)]
ROLES = ["economic_buyer", "decision_maker", "technical_buyer", "user_buyer", "coach"]


def portfolio_json(
    store: GraphStore,
    day: dt.date,
    tier: str | None = None,
    stage: str | None = None,
    seller: str | None = None,
) -> dict[str, Any]:
    from kamgraph.analysis.portfolio import portfolio

    result = portfolio(store, day, CFG, tier=tier, stage=stage, seller=seller)
    out: dict[str, Any] = result.model_dump(mode="json", by_alias=True)
    return out


def split(draw: st.DrawFn, total: float) -> tuple[float | None, float | None]:
    """(potential, revenue) adding up to `total`: one of them, or both."""
    how = draw(st.sampled_from(["potential", "revenue", "both"]))
    if how == "potential":
        return total, None
    if how == "revenue":
        return None, total
    revenue = round(total * draw(st.sampled_from([0.0, 0.25, 0.5])), 6)
    return round(total - revenue, 6), revenue


def draw_figures(
    draw: st.DrawFn, ids: list[str]
) -> dict[str, tuple[float | None, float | None, str]]:
    """Potential, revenue and currency per account: exact ABC boundaries (in USD) for some."""
    scale = draw(st.sampled_from([1.0, 1000.0, 0.1]))
    figures: dict[str, tuple[float | None, float | None, str]] = {}
    if draw(st.booleans()):  # exact ABC boundaries in USD, the rest random
        pattern = draw(st.sampled_from(EXACT))
        order = draw(st.permutations(ids))
        for aid, part in zip(order, pattern, strict=False):
            figures[aid] = (*split(draw, part * scale), "USD")
    for aid in ids:
        if aid not in figures:
            kind = draw(st.sampled_from(["random", "random", "zero", "neither"]))
            currency = draw(st.sampled_from(CURRENCIES))
            if kind == "neither":
                figures[aid] = (None, None, currency)
            elif kind == "zero":
                figures[aid] = (*split(draw, 0.0), currency)
            else:
                figures[aid] = (*split(draw, draw(st.integers(1, 12)) * scale), currency)
    return figures


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[dict[str, Any], dt.date]:
    t = dt.date(2026, 6, 1) + dt.timedelta(days=draw(st.integers(-400, 400)))

    def on(offset: int) -> str:
        return (t + dt.timedelta(days=offset)).isoformat()

    some_day = st.one_of(
        st.integers(-400, 10),
        st.sampled_from([0, 1, -1, -179, -180, -181, -364, -365, -366]),
    )
    ids = sorted(draw(st.lists(st.sampled_from(ACCOUNT_POOL), min_size=1, max_size=5, unique=True)))
    figures = draw_figures(draw, ids)
    accounts = [
        {
            "id": aid,
            "tier": draw(st.sampled_from([None, "A", "A", "B", "C"])),
            "stage": draw(st.sampled_from(STAGES)),
            "potential": figures[aid][0],
            "revenue": figures[aid][1],
            "currency": figures[aid][2],
        }
        for aid in ids
    ]

    people: list[dict[str, Any]] = []
    for aid in ids:
        for i in range(draw(st.integers(0, 4))):
            people.append(
                {
                    "id": f"{aid}-p{i}",
                    "account": aid,
                    "layer": draw(st.sampled_from([None, "decision", "management", "operation"])),
                    "political_status": draw(st.sampled_from(["outside", "outside", "structure"])),
                    "until": on(draw(st.integers(-30, 5)))
                    if draw(st.integers(0, 5)) == 0
                    else None,
                }
            )
    pids = [p["id"] for p in people]
    opps = [
        {
            "id": f"o{i}",
            "account": draw(st.sampled_from(ids)),
            "stage": draw(st.sampled_from(["lead", "qualified", "negotiation", "won", "lost"])),
            "value": draw(st.none() | st.sampled_from([0.0, 1.5, 100.0, 2500000.0, 0.1])),
            "currency": draw(st.sampled_from(CURRENCIES)),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    roles = []
    if pids and opps:
        for o, p, r in draw(
            st.lists(
                st.tuples(
                    st.sampled_from([o["id"] for o in opps]),
                    st.sampled_from(pids),
                    st.sampled_from(ROLES),
                ),
                unique=True,
                max_size=5,
            )
        ):
            roles.append({"opportunity": o, "person": p, "role": r})
    relationships = []
    if pids:
        for s, p in draw(
            st.lists(
                st.tuples(st.sampled_from(SELLERS), st.sampled_from(pids)), unique=True, max_size=6
            )
        ):
            relationships.append(
                {
                    "seller": s,
                    "person": p,
                    "level": draw(st.integers(1, 4)),
                    "since": on(draw(st.integers(-500, 5))),
                }
            )
    interactions = []
    if pids:
        for i in range(draw(st.integers(0, 12))):
            interactions.append(
                {
                    "id": f"i{i}",
                    "date": on(draw(some_day)),
                    "kind": draw(kinds),
                    "sellers": draw(st.lists(st.sampled_from(SELLERS), unique=True, max_size=2)),
                    "people": draw(
                        st.lists(st.sampled_from(pids), unique=True, min_size=1, max_size=2)
                    ),
                }
            )
    team = [
        {"account": aid, "seller": s, "role": draw(st.sampled_from(["AR", "SR", "FR", "other"]))}
        for aid in ids
        for s in SELLERS
        if draw(st.integers(0, 2)) == 0
    ]
    actions = []
    for i in range(draw(st.integers(0, 5))):
        created = draw(st.none() | st.integers(-60, 3))
        due = draw(st.none() | st.sampled_from([-1, 0, 1, -30, 10]))
        status = draw(st.sampled_from(["open", "open", "done", "dropped"]))
        closed = None if status == "open" else draw(st.sampled_from([-2, -1, 0, 1, 2]))
        if created is not None:
            due = None if due is None else max(due, created)
            closed = None if closed is None else max(closed, created)
        actions.append(
            {
                "id": f"x{i}",
                "account": draw(st.sampled_from(ids)),
                "raci": {"R": draw(st.sampled_from(SELLERS))},
                "created": None if created is None else on(created),
                "due": None if due is None else on(due),
                "status": status,
                "closed_on": None if closed is None else on(closed),
            }
        )
    bundle = {
        "format": "kamgraph/v1",
        "accounts": accounts,
        "people": people,
        "sellers": [{"id": s} for s in SELLERS],
        "account_team": team,
        "relationships": relationships,
        "opportunities": opps,
        "roles": roles,
        "interactions": interactions,
        "actions": actions,
    }
    return bundle, t


@settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=10),  # an example takes ~0.2 s; a bound, not a benchmark
    derandomize=bool(os.environ.get("CI")),
    # One store for the module: each example starts by wiping it.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(case=portfolios(), choice=st.data())
def test_portfolio_equals_the_oracle(
    falkor_module: GraphStore, case: tuple[dict[str, Any], dt.date], choice: st.DataObject
) -> None:
    data, t = case
    store = falkor_module
    store.wipe()
    import_data(store, data)
    oracle = Oracle(export_bundle(store))
    close(portfolio_json(store, t), oracle.portfolio(t), f"portfolio({t})")
    tier = choice.draw(st.sampled_from([None, "A", "B", "C"]), label="tier")
    stage = choice.draw(st.sampled_from([None, None, *STAGES]), label="stage")
    seller = choice.draw(st.sampled_from([None, None, *SELLERS]), label="seller")
    if (tier, stage, seller) != (None, None, None):
        close(
            portfolio_json(store, t, tier=tier, stage=stage, seller=seller),
            oracle.portfolio(t, tier=tier, stage=stage, seller=seller),
            f"portfolio({t}, tier={tier}, stage={stage}, seller={seller})",
        )
