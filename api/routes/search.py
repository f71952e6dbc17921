"""Search people, accounts, deals and sellers by part of their name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import Reader, StoreDep
from api.errors import RESPONSES
from api.examples import one
from kamgraph.services.names import MAX_QUERY, Kind, search

router = APIRouter(prefix="/v1", tags=["search"], responses=RESPONSES)


class Hit(BaseModel):
    kind: Kind
    id: str
    name: str
    title: str
    account: str | None
    account_name: str | None
    context: str


class SearchResult(BaseModel):
    q: str
    hits: list[Hit]


@router.get("/search", response_model=SearchResult)
def get_search(
    store: StoreDep,
    _: Reader,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY,
            description="Part of a name; case and accents do not matter.",
            openapi_examples=one("vogel", "Katrin Vogel"),
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100, openapi_examples=one(10, "the 10 best hits"))] = 20,
) -> SearchResult:
    """Whole names first, then names or words that start with `q`, then names containing it."""
    hits = [
        Hit(
            kind=e.kind,
            id=e.id,
            name=e.name,
            title=e.title,
            account=e.account,
            account_name=e.account_name,
            context=e.context,
        )
        for e in search(store, q, limit)
    ]
    return SearchResult(q=q, hits=hits)
