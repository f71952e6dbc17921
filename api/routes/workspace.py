"""The team workspace: server-rendered pages that link to each other (home, account, person,
deal, seller, search). Each page needs a Reader; under KAMGRAPH_ACCESS=team the router's guard
answers 404 for another team's account, person or deal before anything is read, and lists
(portfolio, a seller's accounts, search hits, warm paths) keep to the caller's accounts."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator

from api.deps import AnalysisDep, Guarded, ReachDep, Reader, SettingsDep, StoreDep
from api.errors import RESPONSES
from api.routes.analyses import HTML, AccountId, AsOf, PersonId, _day
from kamgraph.analysis.portfolio import portfolio
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.viewcache import ViewCache
from kamgraph.analysis.workspace import (
    SORTS,
    DealView,
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
from kamgraph.services.tokens import TokenInfo, allows
from viz.workspace import (
    account_page,
    deal_page,
    glossary_page,
    home_page,
    person_page,
    search_page,
    seller_page,
)

router = APIRouter(tags=["workspace"], responses=RESPONSES, dependencies=[Guarded])
# The pages' view models, reused until this process writes (or page_cache_seconds pass): only
# the rendering (with its fresh nonce) runs again. Keys hold everything a view depends on,
# the caller's reach included.
VIEWS = ViewCache()

DealId = Annotated[str, Path(description="An opportunity id.", examples=["nw-o1"])]
SellerId = Annotated[str, Path(description="A seller id.", examples=["s1"])]
Saved = Annotated[
    Literal["interaction", "action", "planned", "role", "person", "influence"] | None,
    Query(description="What the form just saved (the page says so)."),
]
Since = Annotated[
    dt.date | None,
    AfterValidator(supported_day),
    Query(description="Start of the review (default: 90 days before as_of)."),
]


def edits(who: TokenInfo) -> bool:
    """Whether the page shows its form links: a reader would only be refused (403) by them."""
    return allows(who.role, "editor")


@router.get("/home", response_class=HTMLResponse, responses=HTML)
def get_home(
    store: StoreDep,
    cfg: AnalysisDep,
    settings: SettingsDep,
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
    day, ttl = _day(as_of), settings.page_cache_seconds
    # When both are made for this request, the seller's day takes its accounts' snapshots from
    # the portfolio's: the strengths coverage read are not read again for decay.
    snaps: dict[str, Snapshot] = {}
    lock = threading.Lock()

    def snapshot(account: str) -> Snapshot:
        with lock:
            if account not in snaps:
                snaps[account] = Snapshot(store, account, day, cfg)
            return snaps[account]

    # The portfolio and the seller's day are reused; sorting and filtering them is cheap.
    result = VIEWS.get(
        store, ("portfolio", day), ttl, lambda: portfolio(store, day, cfg, snapshot=snapshot)
    )
    result = result.model_copy(update={"rows": [r for r in result.rows if reach.sees(r.account)]})
    me = None
    if who.seller:
        seller = who.seller
        me = VIEWS.get(
            store,
            ("seller", seller, day, reach.accounts),
            ttl,
            lambda: seller_view(store, seller, day, cfg, reach.accounts, snapshot),
        )
    view = home_view(store, result, sort=sort, descending=desc, tier=tier, flag=flag or None, me=me)
    return HTMLResponse(home_page(view, as_of, edits(who)))


@router.get("/accounts/{account}", response_class=HTMLResponse, responses=HTML)
def get_account(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    settings: SettingsDep,
    who: Reader,
    reach: ReachDep,
    since: Since = None,
    as_of: AsOf = None,
    saved: Saved = None,
) -> HTMLResponse:
    """Summary, coverage and gaps, decay, concentration, open deals, the plan, the review from
    `since` to `as_of`, the team's activity, and links to today's offline files."""
    day = _day(as_of)
    view = VIEWS.get(
        store,
        ("account", account, day, since, reach.accounts),
        settings.page_cache_seconds,
        lambda: account_view(access.snapshot(store, account, day, cfg, reach), since),
    )
    return HTMLResponse(account_page(view, as_of, saved, edits(who)))


@router.get("/people/{person}", response_class=HTMLResponse, responses=HTML)
def get_person(
    person: PersonId,
    store: StoreDep,
    cfg: AnalysisDep,
    settings: SettingsDep,
    who: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
    saved: Saved = None,
) -> HTMLResponse:
    """The meeting brief of a person, every name a link."""
    day = _day(as_of)

    view = VIEWS.get(
        store,
        ("person", person, day, reach.accounts),
        settings.page_cache_seconds,
        lambda: person_view(access.person_snapshot(store, person, day, cfg, reach), person),
    )
    return HTMLResponse(person_page(view, as_of, saved, edits(who)))


@router.get("/deals/{opportunity}", response_class=HTMLResponse, responses=HTML)
def get_deal(
    opportunity: DealId,
    store: StoreDep,
    cfg: AnalysisDep,
    settings: SettingsDep,
    who: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
    saved: Saved = None,
) -> HTMLResponse:
    """The Blue Sheet of a deal: buying influences, red flags, strengths, best actions."""
    day = _day(as_of)

    def build() -> DealView:
        snap = access.snapshot(store, deal_account(store, opportunity), day, cfg, reach)
        return deal_view(snap, opportunity)

    view = VIEWS.get(
        store, ("deal", opportunity, day, reach.accounts), settings.page_cache_seconds, build
    )
    return HTMLResponse(deal_page(view, as_of, saved, edits(who)))


@router.get("/sellers/{seller}", response_class=HTMLResponse, responses=HTML)
def get_seller(
    seller: SellerId,
    store: StoreDep,
    cfg: AnalysisDep,
    settings: SettingsDep,
    who: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> HTMLResponse:
    """A seller's accounts (those the caller may see), relationships, actions and activity."""
    day = _day(as_of)
    view = VIEWS.get(
        store,
        ("seller", seller, day, reach.accounts),
        settings.page_cache_seconds,
        lambda: seller_view(store, seller, day, cfg, reach.accounts),
    )
    return HTMLResponse(seller_page(view, as_of, edits(who)))


@router.get("/search", response_class=HTMLResponse, responses=HTML)
def get_search(
    store: StoreDep,
    settings: SettingsDep,
    _: Reader,
    reach: ReachDep,
    q: Annotated[str, Query(max_length=200, description="Part of a name.")] = "",
    as_of: AsOf = None,
) -> HTMLResponse:
    """People, accounts, deals and sellers whose name contains `q` (case and accents ignored)."""
    view = VIEWS.get(
        store,
        ("search", q, reach.accounts),
        settings.page_cache_seconds,
        lambda: search_view(store, q, reach.accounts),
    )
    return HTMLResponse(search_page(view, _day(as_of), as_of))


@router.get("/glossary", response_class=HTMLResponse, responses=HTML)
def get_glossary(cfg: AnalysisDep, _: Reader, as_of: AsOf = None) -> HTMLResponse:
    """What the pages' relationship and stance words mean, at this server's thresholds."""
    return HTMLResponse(glossary_page(cfg, _day(as_of), as_of))
