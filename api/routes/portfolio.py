"""Seller activity against targets and the account portfolio, as JSON and as pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator

from api.deps import AnalysisDep, Guarded, ReachDep, Reader, StoreDep
from api.errors import RESPONSES
from api.examples import one
from api.routes.analyses import HTML, AsOf, _day
from kamgraph.analysis.activity import activity
from kamgraph.analysis.portfolio import portfolio
from kamgraph.analysis.results import ActivityResult, PortfolioResult
from kamgraph.analysis.views import activity_view, portfolio_view
from kamgraph.analysis.workspace import months_back
from kamgraph.interchange.model import Period, Tier, supported_day
from kamgraph.services.access import Reach
from kamgraph.services.names import resolve_all, resolve_optional
from kamgraph.storage.base import GraphStore
from viz.portfolio import activity_page, portfolio_page

router = APIRouter(
    prefix="/v1", tags=["activity and portfolio"], responses=RESPONSES, dependencies=[Guarded]
)

First = Annotated[
    dt.date,
    AfterValidator(supported_day),
    Query(
        alias="from",
        description="First day of the window.",
        openapi_examples=one("2026-08-01", "from 1 August 2026"),
    ),
]
Last = Annotated[
    dt.date,
    AfterValidator(supported_day),
    Query(
        alias="to",
        description="Last day of the window (widened to whole periods).",
        openapi_examples=one("2026-10-31", "to 31 October 2026"),
    ),
]
PerQ = Annotated[
    Period,
    Query(
        description="ISO weeks, calendar months or quarters.",
        openapi_examples=one("month", "per month"),
    ),
]
AccountQ = Annotated[
    str | None,
    Query(
        description="Only interactions, contacts and actions of this account (id or name).",
        openapi_examples=one("nordwind", "the sample account"),
    ),
]
SellersQ = Annotated[
    list[str] | None,
    Query(
        alias="seller",
        description="Only these sellers, by id or exact name (repeat the parameter).",
        openapi_examples=one(["s1"], "seller s1"),
    ),
]


@router.get("/activity", response_model=ActivityResult)
def get_activity(
    first: First,
    last: Last,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    per: PerQ = "month",
    account: AccountQ = None,
    sellers: SellersQ = None,
) -> ActivityResult:
    """Each seller's five metrics per period against targets, with end-loading."""
    account, sellers = _who(store, account, sellers)
    return activity(store, first, last, per, cfg, account=account, sellers=sellers)


FirstOr = Annotated[
    dt.date | None,
    AfterValidator(supported_day),
    Query(
        alias="from",
        description="First day of the window (default: two months before the month of `to`).",
        openapi_examples=one("2026-08-01", "from 1 August 2026"),
    ),
]
LastOr = Annotated[
    dt.date | None,
    AfterValidator(supported_day),
    Query(
        alias="to",
        description="Last day of the window (default: today).",
        openapi_examples=one("2026-10-31", "to 31 October 2026"),
    ),
]


@router.get("/activity.html", response_class=HTMLResponse, responses=HTML)
def get_activity_page(
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    per: PerQ = "month",
    account: AccountQ = None,
    sellers: SellersQ = None,
    first: FirstOr = None,
    last: LastOr = None,
) -> HTMLResponse:
    """The activity report as a page: heatmaps against targets and the last period's timeline.
    Without a window: the last three months by month, so a bare link (the workspace's) works."""
    last = last or dt.date.today()
    first = first or months_back(last)
    account, sellers = _who(store, account, sellers)
    result = activity(store, first, last, per, cfg, account=account, sellers=sellers)
    return HTMLResponse(activity_page(activity_view(store, result, account)))


def _who(
    store: GraphStore, account: str | None, sellers: list[str] | None
) -> tuple[str | None, list[str] | None]:
    """The account and sellers named by id or exact name, as ids."""
    return resolve_optional(store, "account", account), resolve_all(store, "seller", sellers)


TierQ = Annotated[
    Tier | None,
    Query(description="Only accounts of this tier.", openapi_examples=one("A", "tier A")),
]
StageQ = Annotated[
    str | None,
    Query(
        description="Only accounts in this KAM stage.",
        openapi_examples=one("cooperative", "cooperative accounts"),
    ),
]
SellerQ = Annotated[
    str | None,
    Query(
        description="Only accounts with this seller (id or exact name) on the team.",
        openapi_examples=one("s1", "seller s1's accounts"),
    ),
]


def _within(reach: Reach, result: PortfolioResult) -> PortfolioResult:
    # The ABC suggestions stay those of the whole portfolio; a team sees its own rows of it.
    return result.model_copy(update={"rows": [r for r in result.rows if reach.sees(r.account)]})


@router.get("/portfolio", response_model=PortfolioResult)
def get_portfolio(
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    tier: TierQ = None,
    stage: StageQ = None,
    seller: SellerQ = None,
    as_of: AsOf = None,
) -> PortfolioResult:
    """Every account ranked (tier, then weakest coverage first) with its ABC suggestion."""
    seller = resolve_optional(store, "seller", seller)
    return _within(reach, portfolio(store, _day(as_of), cfg, tier=tier, stage=stage, seller=seller))


@router.get("/portfolio.html", response_class=HTMLResponse, responses=HTML)
def get_portfolio_page(
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    tier: TierQ = None,
    stage: StageQ = None,
    seller: SellerQ = None,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The portfolio as a page: coverage against size by tier, and the ranked table."""
    seller = resolve_optional(store, "seller", seller)
    result = portfolio(store, _day(as_of), cfg, tier=tier, stage=stage, seller=seller)
    result = _within(reach, result)
    return HTMLResponse(portfolio_page(portfolio_view(store, result, cfg.weak_tier_a_score)))
