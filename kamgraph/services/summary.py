"""The account summary: what the demo prints about an account before any analysis."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from kamgraph.errors import NotFound
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore


class LayerCount(BaseModel):
    layer: str
    current: int
    departed: int


class UnitSummary(BaseModel):
    id: str
    name: str | None
    function: str | None
    parent: str | None
    people: int


class OpportunitySummary(BaseModel):
    id: str
    name: str | None
    stage: str | None
    value: float | None
    currency: str | None
    close_date: str | None
    roles: int


class TeamMember(BaseModel):
    id: str
    name: str | None
    title: str | None
    role: str | None


class KindCount(BaseModel):
    kind: str
    n: int
    first: str | None
    last: str | None


class AccountSummary(BaseModel):
    as_of: dt.date
    account: dict[str, Any]
    layers: list[LayerCount]
    units: list[UnitSummary]
    opportunities: list[OpportunitySummary]
    team: list[TeamMember]
    interactions: list[KindCount]

    @property
    def interaction_total(self) -> int:
        return sum(k.n for k in self.interactions)


def account_summary(store: GraphStore, account: str, as_of: dt.date) -> AccountSummary:
    found = store.read("account/get", account=account)
    if not found:
        raise NotFound(f"unknown account {account!r}")
    props = {k: v for k, v in found[0]["account"].items() if not k.endswith("_day")}
    return AccountSummary(
        as_of=as_of,
        account=props,
        layers=[
            LayerCount.model_validate(r)
            for r in store.read("account/people_by_layer", account=account, day=day_number(as_of))
        ],
        units=[UnitSummary.model_validate(r) for r in store.read("account/units", account=account)],
        opportunities=[
            OpportunitySummary.model_validate(r)
            for r in store.read("account/opportunities", account=account)
        ],
        team=[TeamMember.model_validate(r) for r in store.read("account/team", account=account)],
        interactions=[
            KindCount.model_validate(r)
            for r in store.read("account/interactions_by_kind", account=account)
        ],
    )
