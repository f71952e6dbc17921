"""The analyses over HTTP: the same options and response models as the CLI's `--json`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator

from api.deps import AnalysisDep, Guarded, ReachDep, Reader, SettingsDep, StoreDep
from api.errors import RESPONSES
from api.names import AccountRef, PersonRef
from kamgraph.analysis.brief import brief
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.powermap import power_map
from kamgraph.analysis.results import (
    BriefResult,
    CoverageResult,
    DecayResult,
    InfluencersResult,
    PathsResult,
)
from kamgraph.analysis.views import brief_view
from kamgraph.interchange.model import supported_day
from kamgraph.services import access
from kamgraph.services.names import resolve_all, resolve_optional
from viz.pages import brief_page, map_page

router = APIRouter(prefix="/v1", tags=["analyses"], responses=RESPONSES, dependencies=[Guarded])

AsOf = Annotated[
    dt.date | None,
    AfterValidator(supported_day),
    Query(description="The day to look at (default: today).", examples=["2026-11-20"]),
]
MaxHops = Annotated[int | None, Query(ge=1, le=5, description="Longest influence chain.")]
Reporting = Annotated[
    bool | None, Query(description="Count reporting lines as influence (default: yes).")
]


# An id or an exact name, resolved to the id (api/names.py).
AccountId = AccountRef
PersonId = PersonRef
# An HTML route's errors are still JSON: say so, or OpenAPI would list them as text/html.
HTML: dict[int | str, dict[str, Any]] = {
    **{
        code: {
            "description": spec["description"],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        for code, spec in RESPONSES.items()
    },
    200: {"content": {"text/html": {}}, "description": "One self-contained HTML page."},
}


def _day(as_of: dt.date | None) -> dt.date:
    return as_of or dt.date.today()


@router.get("/accounts/{account}/coverage", response_model=CoverageResult)
def get_coverage(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> CoverageResult:
    """The coverage audit: score, components, gaps with suggestions, seller concentration."""
    # KAMGRAPH_ACCESS=team: a suggested warm path never runs through another team's people.
    return coverage(access.snapshot(store, account, _day(as_of), cfg, reach))


@router.get("/accounts/{account}/influencers", response_model=InfluencersResult)
def get_influencers(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    opportunity: Annotated[
        str | None, Query(description="A deal id or exact name.", examples=["nw-o1"])
    ] = None,
    target: Annotated[
        str | None, Query(description="A person id or exact name.", examples=["nw-p02"])
    ] = None,
    max_hops: MaxHops = None,
    include_reporting: Reporting = None,
    as_of: AsOf = None,
) -> InfluencersResult:
    """Who influences the decision-makers of a deal, of all open deals, or one person."""
    return influencers(
        access.snapshot(store, account, _day(as_of), cfg, reach),
        opportunity=resolve_optional(store, "opportunity", opportunity),
        target=resolve_optional(store, "person", target),
        max_hops=max_hops,
        include_reporting=include_reporting,
    )


@router.get("/accounts/{account}/decay", response_model=DecayResult)
def get_decay(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> DecayResult:
    """Which relationships are cooling or cold, and the key persons at risk."""
    return decay(access.snapshot(store, account, _day(as_of), cfg, reach))


@router.get("/people/{person}/paths", response_model=PathsResult)
def get_paths(
    person: PersonId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    sellers: Annotated[
        list[str] | None,
        Query(alias="from", description="Seller ids or exact names.", examples=[["s1"]]),
    ] = None,
    k: Annotated[int | None, Query(ge=1, le=100)] = None,
    max_hops: MaxHops = None,
    include_reporting: Reporting = None,
    avoid_opposed: Annotated[
        bool | None,
        Query(
            description="Leave out paths through someone opposed to us (non_supporter or "
            "enemy) on an open deal of the person's account (default: no)."
        ),
    ] = None,
    as_of: AsOf = None,
) -> PathsResult:
    """The strongest warm paths from our sellers to a person, with their cautions."""
    # KAMGRAPH_ACCESS=team: paths through another team's people are left out before the best
    # `k` are chosen (nodes[0] is our seller).
    result = warm_paths(
        access.person_snapshot(store, person, _day(as_of), cfg, reach),
        person,
        sellers=resolve_all(store, "seller", sellers),
        k=k,
        max_hops=max_hops,
        include_reporting=include_reporting,
        avoid_opposed=avoid_opposed,
    )
    return result


@router.get("/people/{person}/brief", response_model=BriefResult)
def get_brief(
    person: PersonId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> BriefResult:
    """A meeting brief for the person."""
    # KAMGRAPH_ACCESS=team: as on the paths route, nothing through another team's people.
    return brief(access.person_snapshot(store, person, _day(as_of), cfg, reach), person)


@router.get("/accounts/{account}/map", response_class=HTMLResponse, responses=HTML)
def get_map(
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    settings: SettingsDep,
    _: Reader,
    reach: ReachDep,
    opportunity: Annotated[
        str | None,
        Query(description="Colour by stance on this deal (id or name).", examples=["nw-o1"]),
    ] = None,
    highlight_path_to: Annotated[
        str | None,
        Query(
            description="Highlight the best warm path to this person (id or name).",
            examples=["nw-p02"],
        ),
    ] = None,
    show_all: Annotated[
        bool, Query(description="Show every person at first, even on large accounts.")
    ] = False,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The interactive power map of the account, as one self-contained HTML page."""
    # KAMGRAPH_ACCESS=team: the highlighted path is the best one through people the caller sees.
    snap = access.snapshot(store, account, _day(as_of), cfg, reach)
    data = power_map(
        snap,
        opportunity=resolve_optional(store, "opportunity", opportunity),
        highlight_to=resolve_optional(store, "person", highlight_path_to),
    )
    page = map_page(
        data,
        focus_above=settings.map_focus_above,
        show_all=show_all,
    )
    return HTMLResponse(page)


@router.get("/people/{person}/brief.html", response_class=HTMLResponse, responses=HTML)
def get_brief_page(
    person: PersonId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    reach: ReachDep,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The meeting brief as a one-page, printable HTML document with the person's map."""
    snap = access.person_snapshot(store, person, _day(as_of), cfg, reach)
    return HTMLResponse(brief_page(brief_view(snap, person)))
