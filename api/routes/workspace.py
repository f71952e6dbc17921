"""The team workspace: server-rendered pages that link to each other (home, account, person,
deal, seller, search). Each page needs a Reader; under KAMGRAPH_ACCESS=team the router's guard
answers 404 for another team's account, person or deal before anything is read, and lists
(portfolio, a seller's accounts, search hits, warm paths) keep to the caller's accounts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import AfterValidator

from api.deps import AnalysisDep, Guarded, ReachDep, Reader, StoreDep
from api.errors import RESPONSES
from api.routes.analyses import HTML, AccountId, AsOf, PersonId, _day
from kamgraph.analysis.portfolio import portfolio
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.workspace import (
    SORTS,
    account_view,
    deal_account,
    deal_view,
    home_view,
    person_view,
    search_view,
    seller_view,
)
from kamgraph.interchange.model import Tier, supported_day
from kamgraph.services import access
from viz.workspace import (
    account_page,
    deal_page,
    home_page,
    person_page,
    search_page,
    seller_page,
)

router = APIRouter(tags=["workspace"], responses=RESPONSES, dependencies=[Guarded])

DealId = Annotated[str, Path(description="An opportunity id.", examples=["nw-o1"])]
SellerId = Annotated[str, Path(description="A seller id.", examples=["s1"])]
Since = Annotated[
    dt.date | None,
    AfterValidator(supported_day),
    Query(description="Start of the review (default: 90 days before as_of)."),
]


@router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse("/home", status_code=303)


@router.get("/home", response_class=HTMLResponse, responses=HTML)
def get_home(
    store: StoreDep,
    cfg: AnalysisDep,
    who: Reader,
    reach: ReachDep,
    tier: Annotated[Tier | None, Query(description="Only this tier.")] = None,
    flag: Annotated[str | None, Query(description="Only accounts with this flag.")] = None,
    sort: Annotated[str, Query(description=f"One of {', '.join(SORTS)}.")] = "rank",
    desc: Annotated[bool, Query(description="Sort descending.")] = False,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The portfolio (sort and filter by query parameters) and, for a caller who is a seller,
    their day first: overdue and due actions, cooling key relationships, meetings, activity."""
    day = _day(as_of)
    result = portfolio(store, day, cfg)
    result = result.model_copy(update={"rows": [r for r in result.rows if reach.sees(r.account)]})
    me = seller_view(store, who.seller, day, cfg, reach.accounts) if who.seller else None
    view = home_view(store, result, sort=sort, descending=desc, tier=tier, flag=flag or None, me=me)
    return HTMLResponse(home_page(view, as_of))


@router.get("/accounts/{account}", response_class=HTMLResponse, responses=HTML)
def get_account(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    since: Since = None,
    as_of: AsOf = None,
) -> HTMLResponse:
    """Summary, coverage and gaps, decay, concentration, open deals, the plan, the review from
    `since` to `as_of`, the team's activity, and links to today's offline files."""
    view = account_view(Snapshot(store, account, _day(as_of), cfg), since)
    return HTMLResponse(account_page(view, as_of))


@router.get("/people/{person}", response_class=HTMLResponse, responses=HTML)
def get_person(
    person: PersonId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The meeting brief of a person, every name a link."""
    snap = Snapshot.of_person(store, person, _day(as_of), cfg)
    visible = None if reach.everything else (lambda ids: access.visible_people(store, reach, ids))
    return HTMLResponse(person_page(person_view(snap, person, visible), as_of))


@router.get("/deals/{opportunity}", response_class=HTMLResponse, responses=HTML)
def get_deal(
    opportunity: DealId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The Blue Sheet of a deal: buying influences, red flags, strengths, best actions."""
    snap = Snapshot(store, deal_account(store, opportunity), _day(as_of), cfg)
    return HTMLResponse(deal_page(deal_view(snap, opportunity), as_of))


@router.get("/sellers/{seller}", response_class=HTMLResponse, responses=HTML)
def get_seller(
    seller: SellerId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> HTMLResponse:
    """A seller's accounts (those the caller may see), relationships, actions and activity."""
    view = seller_view(store, seller, _day(as_of), cfg, reach.accounts)
    return HTMLResponse(seller_page(view, as_of))


@router.get("/search", response_class=HTMLResponse, responses=HTML)
def get_search(
    store: StoreDep,
    _: Reader,
    reach: ReachDep,
    q: Annotated[str, Query(max_length=200, description="Part of a name.")] = "",
    as_of: AsOf = None,
) -> HTMLResponse:
    """People, accounts, deals and sellers whose name contains `q` (case and accents ignored)."""
    view = search_view(store, q, reach.accounts)
    return HTMLResponse(search_page(view, _day(as_of), as_of))
