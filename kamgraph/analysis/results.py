"""Output models of the analyses: exactly the JSON of DOMAIN.md's command-line contract.

The CLI's `--json` and the API return these; numbers are already rounded to 6 decimals.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kamgraph.interchange.model import Period

Status = Literal["active", "cooling", "cold"]
Severity = Literal["high", "medium", "low"]


class Out(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class DecayRow(Out):
    seller: str
    person: str
    strength: float
    strength_90d_ago: float
    last_touch: dt.date | None
    days_since: int | None
    status: Status


class DecayResult(Out):
    as_of: dt.date
    rows: list[DecayRow]
    at_risk: list[str]


class InfluencePath(Out):
    target: str
    strength: float
    nodes: list[str]


class InfluencerRow(Out):
    person: str
    score: float
    paths: list[InfluencePath]


class InfluencersResult(Out):
    as_of: dt.date
    targets: list[str]
    rows: list[InfluencerRow]


class Caution(Out):
    """A person on a warm path who opposes us on an open deal of the target's account."""

    person: str
    opportunity: str
    stance: str


class WarmPath(Out):
    seller: str
    score: float
    nodes: list[str]
    strengths: list[float]
    weakest: float
    last_touch: dt.date | None
    cautions: list[Caution] = Field(
        default_factory=list,
        description="people on the path (not the target) opposed on an open deal of its account",
    )


class PathsResult(Out):
    as_of: dt.date
    target: str
    paths: list[WarmPath]


class Components(Out):
    key: float | None
    multithread: float | None
    broad: float | None
    organizational: float | None
    roles: float | None
    team: float | None
    layers: float | None


class Gap(Out):
    kind: str
    severity: Severity
    subject: str
    detail: str
    suggestion: str


class Concentration(Out):
    seller: str
    sole_key_persons: list[str]


class CoverageResult(Out):
    as_of: dt.date
    account: str
    score: float | None
    components: Components
    gaps: list[Gap]
    concentration: list[Concentration]


class RoleOut(Out):
    opportunity: str
    opportunity_name: str
    stage: str
    role: str
    stance: str
    influence: str
    response_mode: str
    wins: str = Field(description="the person's personal win on this deal")


class Profile(Out):
    id: str
    name: str
    title: str
    account: str
    layer: str | None
    unit: str | None
    unit_name: str | None
    political_status: str
    style: str | None
    interests: list[str]
    profile: str = Field(description="free-text profile")
    email: str | None
    current: bool


class Link(Out):
    person: str
    name: str
    strength: float
    kind: str


class InteractionOut(Out):
    id: str
    date: dt.date
    kind: str
    sellers: list[str]
    people: list[str]
    opportunity: str | None
    notes: str


class ActionOut(Out):
    id: str
    title: str
    strategy: str
    status: str
    owner: str | None
    due: dt.date | None


class BriefResult(Out):
    as_of: dt.date
    person: Profile
    roles: list[RoleOut]
    influencers: list[InfluencerRow]
    influences: list[Link]
    relationships: list[DecayRow]
    upcoming: list[InteractionOut] = Field(description="the next 5 after as_of, earliest first")
    interactions: list[InteractionOut] = Field(description="the last 10, newest first")
    paths: list[WarmPath] = Field(description="the best warm paths, each with its cautions")
    gaps: list[Gap]
    actions: list[ActionOut]


class MapRole(Out):
    opportunity: str
    role: str
    stance: str
    influence: str


class MapPerson(Out):
    id: str
    name: str
    title: str
    unit: str | None
    unit_name: str | None
    layer: str | None
    political_status: str | None
    key: bool
    roles: list[MapRole] = Field(description="roles on the chosen or the open opportunities")
    influence_score: float = Field(description="influence on the decision-makers")


class MapSeller(Out):
    id: str
    name: str
    title: str
    team_role: str | None


class MapLink(Out):
    kind: Literal["reports_to", "influence"]
    source: str
    target: str
    style: str | None = Field(description="solid/dotted for reporting, the kind for influence")
    strength: float | None
    polarity: str | None


class PowerMapData(Out):
    """Every fact a power map shows, gathered at one `as_of`; the renderer adds no facts."""

    as_of: dt.date
    account: str
    account_name: str
    opportunity: str | None
    opportunity_name: str | None
    decision_makers: list[str]
    people: list[MapPerson]
    sellers: list[MapSeller]
    links: list[MapLink]
    relationships: list[DecayRow]
    gaps: list[Gap]
    path: WarmPath | None = Field(description="the highlighted warm path, when one was asked")
    highlight_target: str | None
    deal_names: dict[str, str] = Field(
        default_factory=dict, description="the name of each deal a role on the map is on"
    )


# --- account plan and review (DOMAIN.md "Managing accounts over time") ---------------------
class PlanRole(Out):
    opportunity: str
    role: str
    stance: str
    influence: str
    response_mode: str
    wins: str = Field(description="the person's personal win on this deal")


class Stakeholder(Out):
    person: str
    roles: list[PlanRole] = Field(description="per open opportunity, by opportunity then role")
    influence_score: float
    best_seller: str | None
    strength: float
    band: str
    level: int | None
    target_level: int | None
    ladder_gap: int
    open_actions: list[str]
    next_due: dt.date | None


class PlanAction(Out):
    """An action as it stood at the as-of date: an action closed later is still `open` here."""

    id: str
    title: str
    strategy: str
    status: str
    owner: str | None
    people: list[str]
    opportunity: str | None
    addresses: str | None
    created: dt.date | None
    due: dt.date | None
    closed_on: dt.date | None


class PlanActions(Out):
    open: list[PlanAction]
    overdue: list[PlanAction]
    recently_closed: list[PlanAction]


class PlanResult(Out):
    as_of: dt.date
    account: str
    stakeholders: list[Stakeholder]
    actions: PlanActions
    unplanned_gaps: list[Gap]
    plan_coverage: float


class CoverageDelta(Out):
    score: float | None
    components: dict[str, float | None]


class CoverageChange(Out):
    from_: CoverageResult = Field(alias="from")
    to: CoverageResult
    delta: CoverageDelta


class GapChanges(Out):
    opened: list[Gap]
    closed: list[Gap]


class Move(Out):
    seller: str
    person: str
    from_band: str
    to_band: str
    from_strength: float
    to_strength: float


class ActionChanges(Out):
    created: list[str]
    done: list[str]
    dropped: list[str]
    became_overdue: list[str]


class ActivityChange(Out):
    interactions: int
    previous_interactions: int
    org_events: int
    previous_org_events: int


class ReviewResult(Out):
    account: str
    from_: dt.date = Field(alias="from")
    to: dt.date
    coverage: CoverageChange
    gaps: GapChanges
    moves: list[Move]
    actions: ActionChanges
    activity: ActivityChange


# --- activity against targets and the portfolio (DOMAIN.md "Activity", "Portfolio") -------
class Metric(Out):
    actual: int
    target: int | None
    attainment: float | None


class ActivityRow(Out):
    seller: str
    period: str = Field(description="2026-W44, 2026-11 or 2026-Q4")
    start: dt.date
    end: dt.date
    metrics: dict[str, Metric] = Field(
        description="interactions, key_person_touches, org_events, new_contacts, actions_done"
    )
    end_loading: float | None
    end_loaded: bool


class ActivityResult(Out):
    from_: dt.date = Field(alias="from")
    to: dt.date
    per: Period
    rows: list[ActivityRow]


class PortfolioRow(Out):
    account: str
    tier: str | None
    suggested_tier: str | None
    stage: str
    currency: str
    potential: float | None
    revenue: float | None
    pipeline: dict[str, float]
    score: float | None
    components: Components
    high_gaps: int
    uncovered_key_persons: int
    at_risk_key_persons: int
    days_since_org_event: int | None
    days_since_interaction: int | None
    overdue_actions: int
    flags: list[str]


class PortfolioResult(Out):
    as_of: dt.date
    rows: list[PortfolioRow]
