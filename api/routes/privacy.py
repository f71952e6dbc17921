"""Personal data: everything stored about one person, in bundle form (erasure: DELETE ?erase)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.audit import record
from api.deps import Admin, StoreDep
from api.errors import RESPONSES
from api.examples import one
from kamgraph.analysis.facts import person_accounts
from kamgraph.errors import NotFound
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.model import FORMAT

router = APIRouter(prefix="/v1", tags=["privacy"], responses=RESPONSES)

# Which fields of which tables name a person.
MENTIONS: dict[str, tuple[str, ...]] = {
    "people": ("id",),
    "reports_to": ("person", "manager"),
    "influences": ("source", "target"),
    "relationships": ("person",),
    "roles": ("person",),
    "interactions": ("people",),
    "actions": ("people",),
}


@router.get("/people/{person}/export")
def export_person(
    person: Annotated[
        str, Path(description="A person's `id`.", openapi_examples=one("p1", "person p1"))
    ],
    store: StoreDep,
    who: Admin,
) -> dict[str, Any]:
    """Everything stored about one person, as a kamgraph/v1 bundle (admins only; audited)."""
    import datetime as dt

    found = person_accounts(store, [person], dt.date.today())
    if person not in found:
        raise NotFound(f"unknown person {person!r}")
    bundle = export_bundle(store, str(found[person]["account"]))
    out: dict[str, Any] = {"format": FORMAT}
    for table, fields in MENTIONS.items():
        out[table] = [
            row for row in bundle[table]
            if any(person == row[f] or (isinstance(row[f], list) and person in row[f])
                   for f in fields)
        ]  # fmt: skip
    record(store, who, "export_person", "people", [person])
    return out
