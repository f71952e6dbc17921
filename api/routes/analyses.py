"""The analyses over HTTP: the same options and response models as the CLI's `--json`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AnalysisDep, Reader, StoreDep
from api.errors import RESPONSES
from kamgraph.analysis.brief import brief
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.results import (
    BriefResult,
    CoverageResult,
    DecayResult,
    InfluencersResult,
    PathsResult,
)

router = APIRouter(prefix="/v1", tags=["analyses"], responses=RESPONSES)

AsOf = Annotated[
    dt.date | None,
    Query(description="The day to look at (default: today).", examples=["2026-11-20"]),
]
MaxHops = Annotated[int | None, Query(ge=1, le=5, description="Longest influence chain.")]
Reporting = Annotated[
    bool | None, Query(description="Count reporting lines as influence (default: yes).")
]


def _day(as_of: dt.date | None) -> dt.date:
    return as_of or dt.date.today()


@router.get("/accounts/{account}/coverage", response_model=CoverageResult)
def get_coverage(
    account: str, store: StoreDep, cfg: AnalysisDep, _: Reader, as_of: AsOf = None
) -> CoverageResult:
    """The coverage audit: score, components, gaps with suggestions, seller concentration."""
    return coverage(store, account, _day(as_of), cfg)


@router.get("/accounts/{account}/influencers", response_model=InfluencersResult)
def get_influencers(
    account: str,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    opportunity: Annotated[str | None, Query(examples=["nw-o1"])] = None,
    target: Annotated[str | None, Query(examples=["nw-p02"])] = None,
    max_hops: MaxHops = None,
    include_reporting: Reporting = None,
    as_of: AsOf = None,
) -> InfluencersResult:
    """Who influences the decision-makers of a deal, of all open deals, or one person."""
    return influencers(
        store, account, _day(as_of), cfg, opportunity=opportunity, target=target,
        max_hops=max_hops, include_reporting=include_reporting,
    )  # fmt: skip


@router.get("/accounts/{account}/decay", response_model=DecayResult)
def get_decay(
    account: str, store: StoreDep, cfg: AnalysisDep, _: Reader, as_of: AsOf = None
) -> DecayResult:
    """Which relationships are cooling or cold, and the key persons at risk."""
    return decay(store, account, _day(as_of), cfg)


@router.get("/people/{person}/paths", response_model=PathsResult)
def get_paths(
    person: str,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Reader,
    sellers: Annotated[list[str] | None, Query(alias="from", examples=[["s1"]])] = None,
    k: Annotated[int | None, Query(ge=1, le=100)] = None,
    max_hops: MaxHops = None,
    include_reporting: Reporting = None,
    as_of: AsOf = None,
) -> PathsResult:
    """The strongest warm paths from our sellers to a person."""
    return warm_paths(
        store, person, _day(as_of), cfg, sellers=sellers, k=k, max_hops=max_hops,
        include_reporting=include_reporting,
    )  # fmt: skip


@router.get("/people/{person}/brief", response_model=BriefResult)
def get_brief(
    person: str, store: StoreDep, cfg: AnalysisDep, _: Reader, as_of: AsOf = None
) -> BriefResult:
    """A meeting brief for the person."""
    return brief(store, person, _day(as_of), cfg)
