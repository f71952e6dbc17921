"""Personal data: everything stored about one person, in bundle form (erasure: DELETE ?erase)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.audit import record
from api.deps import Admin, StoreDep
from api.errors import RESPONSES
from api.examples import one
from kamgraph.services import privacy

router = APIRouter(prefix="/v1", tags=["privacy"], responses=RESPONSES)


@router.get("/people/{person}/export")
def export_person(
    person: Annotated[
        str, Path(description="A person's `id`.", openapi_examples=one("p1", "person p1"))
    ],
    store: StoreDep,
    who: Admin,
) -> dict[str, Any]:
    """Everything stored about one person, as a kamgraph/v1 bundle (admins only; audited)."""
    out = privacy.export_person(store, person)
    record(store, who, "export_person", "people", [person])
    return out
