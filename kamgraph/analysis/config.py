"""The tunables of the analyses, with DOMAIN.md's defaults (one place; overridable per call)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kamgraph.interchange.model import INTERACTION_KINDS

# DOMAIN.md: the first five interaction kinds are organization-level events.
ORG_LEVEL_KINDS: tuple[str, ...] = INTERACTION_KINDS[:5]
KEY_ROLES: tuple[str, ...] = ("economic_buyer", "decision_maker", "technical_buyer", "coach")
TEAM_ROLES: tuple[str, ...] = ("AR", "SR", "FR")
COMPONENTS: tuple[str, ...] = (
    "key", "multithread", "broad", "organizational", "roles", "team", "layers",
)  # fmt: skip
MAX_HOPS_LIMIT = 5
# Gap kinds whose subject is a person (the others: an opportunity, role, layer, unit, team role).
PERSON_GAPS: frozenset[str] = frozenset({
    "uncovered_key_person", "key_person_at_risk", "single_threaded", "eb_not_receptive",
    "opponent_with_power", "departed_role_holder",
})  # fmt: skip

DEFAULT_WEIGHTS: dict[str, float] = {
    "exec_meeting": 1.0,
    "hq_visit": 1.0,
    "site_visit": 0.8,
    "trial": 0.8,
    "tech_exchange": 0.6,
    "meeting": 0.5,
    "social": 0.5,
    "call": 0.3,
    "csr_event": 0.3,
    "email": 0.1,
    "other": 0.2,
}


class AnalysisSettings(BaseModel):
    """Every number DOMAIN.md fixes for the analyses. `KAMGRAPH_ANALYSIS__HALF_LIFE_DAYS=60` etc."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    half_life_days: float = Field(90.0, gt=0)
    declared_half_life_days: float = Field(180.0, gt=0)
    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    strong: float = Field(0.5, ge=0, le=1, description="band `strong` and `active` from here")
    weak: float = Field(0.2, ge=0, le=1, description="band `weak` and `cooling` from here")
    drop_cooling: float = Field(0.4, ge=0, le=1)
    decay_window_days: int = Field(90, ge=1)
    broad_window_days: int = Field(180, ge=1)
    org_window_days: int = Field(365, ge=1)
    org_events_full: int = Field(5, ge=1)
    min_first_hop: float = Field(0.05, ge=0, le=1)
    reporting_up: float = Field(0.4, gt=0, le=1)
    reporting_down: float = Field(0.6, gt=0, le=1)
    include_reporting: bool = True
    max_hops: int = Field(3, ge=1, le=MAX_HOPS_LIMIT)
    k: int = Field(5, ge=1, le=100)
    avoid_opposed: bool = Field(False, description="warm paths: leave out paths with a caution")
    opposed_stances: tuple[str, ...] = Field(
        ("non_supporter", "enemy"), description="stances that make a caution on a warm path"
    )
    recently_closed_days: int = Field(90, ge=1, description="a plan's recently closed actions")
    abc_a: float = Field(0.70, gt=0, le=1, description="ABC: A while the share before is below")
    abc_b: float = Field(0.90, gt=0, le=1, description="ABC: B while the share before is below")
    weak_tier_a_score: float = Field(50.0, ge=0, le=100, description="flag tier_a_weak below")
    org_event_days: int = Field(180, ge=1, description="flag no_org_event_180d without one")
    component_weights: dict[str, float] = Field(
        default_factory=lambda: dict.fromkeys(COMPONENTS, 1.0)
    )

    def weight_map(self) -> dict[str, float]:
        """Kind weights for Cypher: every kind present, unknown ones at `other`."""
        return {**DEFAULT_WEIGHTS, **self.weights}
