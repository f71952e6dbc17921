"""Account plans, reviews and the action list with its filters; closing actions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator, BaseModel

from api.audit import record
from api.deps import AnalysisDep, Editor, Guarded, ReachDep, Reader, SettingsDep, StoreDep
from api.errors import RESPONSES
from api.examples import one
from api.routes.analyses import HTML, AccountId, AsOf, _day
from kamgraph.analysis.plan import plan
from kamgraph.analysis.results import PlanResult, ReviewResult
from kamgraph.analysis.review import review
from kamgraph.analysis.views import plan_view, review_view
from kamgraph.analysis.workspace import REVIEW_DAYS
from kamgraph.interchange.ingest import stored_rows
from kamgraph.interchange.model import ActionRow, ActionStatus, supported_day
from kamgraph.services import access
from kamgraph.services.access import check_accounts
from kamgraph.services.actions import Closing, close_action, list_actions
from kamgraph.services.names import resolve_optional
from kamgraph.services.paging import MAX_OFFSET
from kamgraph.services.tokens import TokenInfo
from kamgraph.storage.base import GraphStore
from viz.plans import plan_page, review_page

router = APIRouter(prefix="/v1", tags=["plans"], responses=RESPONSES, dependencies=[Guarded])
MAX_PAGE = 500

Since = Annotated[
    dt.date,
    AfterValidator(supported_day),
    Query(description="Start of the review window (before as_of).", examples=["2026-08-20"]),
]


class ActionPage(BaseModel):
    items: list[ActionRow]
    total: int
    offset: int
    limit: int


@router.get("/accounts/{account}/plan", response_model=PlanResult)
def get_plan(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> PlanResult:
    """The one-page account plan: stakeholders, actions, unplanned gaps, plan coverage."""
    return plan(access.snapshot(store, account, _day(as_of), cfg, reach))


@router.get("/accounts/{account}/plan.html", response_class=HTMLResponse, responses=HTML)
def get_plan_page(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    settings: SettingsDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The account plan as a printable page with the power map."""
    view = plan_view(access.snapshot(store, account, _day(as_of), cfg, reach))
    return HTMLResponse(plan_page(view, focus_above=settings.map_focus_above))


@router.get("/accounts/{account}/review", response_model=ReviewResult)
def get_review(
    account: AccountId,
    since: Since,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> ReviewResult:
    """What changed from `since` to `as_of`: coverage, gaps, relationships, actions, activity."""
    return review(access.snapshot(store, account, _day(as_of), cfg, reach), since)


SinceOr = Annotated[
    dt.date | None,
    AfterValidator(supported_day),
    Query(
        description="Start of the review window (default: 90 days before as_of).",
        examples=["2026-08-20"],
    ),
]


@router.get("/accounts/{account}/review.html", response_class=HTMLResponse, responses=HTML)
def get_review_page(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    since: SinceOr = None,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The review as a printable page with before/after charts (by default: the last 90 days,
    so a bare link works)."""
    day = _day(as_of)
    since = since or day - dt.timedelta(days=REVIEW_DAYS)
    view = review_view(access.snapshot(store, account, day, cfg, reach), since)
    return HTMLResponse(review_page(view))


@router.get("/actions", response_model=ActionPage, tags=["actions"], summary="List actions")
def get_actions(
    store: StoreDep,
    _: Reader,
    reach: ReachDep,
    account: Annotated[
        str | None,
        Query(
            description="Only this account's actions (id or exact name).",
            openapi_examples=one("acme", "the actions of account acme"),
        ),
    ] = None,
    owner: Annotated[
        str | None,
        Query(
            description="Only actions this seller (id or exact name) is responsible (R) for.",
            openapi_examples=one("s1", "the actions of seller s1"),
        ),
    ] = None,
    status: Annotated[
        ActionStatus | None,
        Query(description="Status at as_of.", openapi_examples=one("open", "open ones")),
    ] = None,
    overdue: Annotated[
        bool,
        Query(
            description="Only open actions past their due date at as_of.",
            openapi_examples=one(True, "overdue ones"),
        ),
    ] = False,
    as_of: AsOf = None,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, openapi_examples=one(0, "from the first"))
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, openapi_examples=one(50, "50 actions"))] = 100,
) -> Any:
    """Actions as they stand at `as_of` (default today), by due date (none last), then id;
    the items are the stored rows."""
    account = resolve_optional(store, "account", account)
    if account is not None:
        check_accounts(reach, [account])
    found = list_actions(
        store,
        _day(as_of),
        account=account,
        owner=resolve_optional(store, "seller", owner),
        status=status,
        overdue=overdue,
        within=reach.accounts,
    )
    window = [a.id for a in found[offset : offset + limit]]
    rows = stored_rows(store, "actions", window)
    return {
        "items": [rows[(i,)] for i in window if (i,) in rows],
        "total": len(found),
        "offset": offset,
        "limit": limit,
    }


On = Annotated[
    dt.date | None,
    AfterValidator(supported_day),
    Query(
        description="Closing date (default: today).",
        openapi_examples=one("2026-11-20", "closed on 20 November 2026"),
    ),
]


ActionId = Annotated[
    str, Path(description="An action id.", openapi_examples=one("a1", "the example action"))
]


def _close(
    store: GraphStore, who: TokenInfo, action: str, status: Closing, on: dt.date | None
) -> Any:
    row = close_action(store, action, status, on or dt.date.today())
    record(store, who, status, "actions", [action])
    return row


@router.post("/actions/{action}/done", response_model=ActionRow, tags=["actions"])
def post_done(action: ActionId, store: StoreDep, who: Editor, on: On = None) -> Any:
    """Mark an open action done (409 when it is already closed)."""
    return _close(store, who, action, "done", on)


@router.post("/actions/{action}/drop", response_model=ActionRow, tags=["actions"])
def post_drop(action: ActionId, store: StoreDep, who: Editor, on: On = None) -> Any:
    """Drop an open action (409 when it is already closed)."""
    return _close(store, who, action, "dropped", on)
