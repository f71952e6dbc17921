"""Personal data of one person: what is stored about them (export) and its erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamgraph.analysis.facts import person_accounts
from kamgraph.errors import NotFound
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.model import FORMAT
from kamgraph.storage.base import GraphStore

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


def _names(row: dict[str, Any], field: str, person: str) -> bool:
    value = row[field]
    return person == value or (isinstance(value, list) and person in value)


def export_person(store: GraphStore, person: str) -> dict[str, Any]:
    """Everything stored about one person, as a kamgraph/v1 bundle (NotFound when unknown)."""
    found = person_accounts(store, [person], dt.date.today())
    if person not in found:
        raise NotFound(f"unknown person {person!r}")
    bundle = export_bundle(store, str(found[person]["account"]))
    out: dict[str, Any] = {"format": FORMAT}
    for table, fields in MENTIONS.items():
        out[table] = [row for row in bundle[table] if any(_names(row, f, person) for f in fields)]
    return out


def erase_person(store: GraphStore, person: str) -> dict[str, int]:
    """Deletes a person, their links, and the interactions they were the only person of.

    Returns what went: {"people": 1, "interactions": n}. NotFound when the person is unknown."""
    rows = store.write("privacy/erase_person", id=person)
    if not rows:
        raise NotFound(f"unknown person {person!r}")
    return {"people": int(rows[0]["people"]), "interactions": int(rows[0]["interactions"])}
