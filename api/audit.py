"""The audit log: every write through the API (and token changes), who, when, what, which ids."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import Admin, StoreDep
from api.errors import RESPONSES
from api.examples import one
from kamgraph.services.audit import append, entries
from kamgraph.services.paging import MAX_OFFSET
from kamgraph.services.tokens import TokenInfo
from kamgraph.storage.base import GraphStore

router = APIRouter(prefix="/v1", tags=["audit"], responses=RESPONSES)


class AuditEntry(BaseModel):
    id: str
    at: str
    who: str
    action: str
    target: str
    ids: list[str]


class AuditPage(BaseModel):
    items: list[AuditEntry]
    total: int
    offset: int
    limit: int


def record(store: GraphStore, who: TokenInfo, action: str, target: str, ids: list[str]) -> None:
    append(store, who.name, action, target, ids)


@router.get("/audit", response_model=AuditPage)
def get_audit(
    store: StoreDep,
    _: Admin,
    offset: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_OFFSET,
            description=f"Entries to skip (at most {MAX_OFFSET}).",
            openapi_examples=one(0, "the newest"),
        ),
    ] = 0,
    limit: Annotated[
        int,
        Query(ge=1, le=500, description="Entries per page.", openapi_examples=one(20, "20")),
    ] = 100,
) -> AuditPage:
    """The writes made through the API and the token changes, newest first (admins only)."""
    found, total = entries(store, offset, limit)
    items = [AuditEntry.model_validate(e, from_attributes=True) for e in found]
    return AuditPage(items=items, total=total, offset=offset, limit=limit)
