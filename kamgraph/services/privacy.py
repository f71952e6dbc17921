"""Personal data of one person: what is stored about them (export) and its erasure."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from kamgraph.analysis.facts import person_accounts
from kamgraph.connectors.ledger import forget_id
from kamgraph.errors import NotFound
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.interchange.model import FORMAT, TEXT_CHECK
from kamgraph.interchange.tables import SPECS
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
    _, bundle = _person_and_bundle(store, person)
    out: dict[str, Any] = {"format": FORMAT}
    for table, fields in MENTIONS.items():
        out[table] = [row for row in bundle[table] if any(_names(row, f, person) for f in fields)]
    return out


def free_text_fields(table: str) -> tuple[str, ...]:
    """The free-text fields of a table (those of type `Text` in the model)."""
    fields = SPECS[table].model.model_fields
    return tuple(n for n, f in fields.items() if any(m is TEXT_CHECK for m in f.metadata))


@dataclass(frozen=True)
class Mention:
    """A free-text field of another row that names the person (by name or e-mail)."""

    table: str
    key: tuple[str, ...]
    field: str


@dataclass(frozen=True)
class Erasure:
    people: int
    interactions: int
    mentions: list[Mention]  # left as they were unless scrubbed
    scrubbed: int
    files_rewritten: bool


def _pattern(person: dict[str, Any]) -> re.Pattern[str] | None:
    """Their name or e-mail, anywhere, in any case (None: nothing long enough to look for)."""
    words = [w for w in (person.get("name"), person.get("email")) if w and len(w) >= 3]
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None


def mentions(store: GraphStore, person: str) -> list[Mention]:
    """Free text in the person's account (outside their own row) that names them."""
    person_row, bundle = _person_and_bundle(store, person)
    return [m for m, _ in _mentions(bundle, person, _pattern(person_row))]


def _person_and_bundle(store: GraphStore, person: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The person's row and the export of their account (NotFound when unknown)."""
    found = person_accounts(store, [person], dt.date.today())
    if person not in found:
        raise NotFound(f"unknown person {person!r}")
    bundle = export_bundle(store, str(found[person]["account"]))
    row = next(r for r in bundle["people"] if r["id"] == person)
    return row, bundle


def _mentions(
    bundle: dict[str, Any], person: str, pattern: re.Pattern[str] | None
) -> list[tuple[Mention, dict[str, Any]]]:
    """Each free-text field that names the person, with the row it is in."""
    out: list[tuple[Mention, dict[str, Any]]] = []
    if pattern is None:
        return out
    for table, rows in bundle.items():
        if table == "format":
            continue
        spec, fields = SPECS[table], free_text_fields(table)
        for row in rows:
            if table == "people" and row["id"] == person:
                continue
            if table == "interactions" and row["people"] == [person]:
                continue  # erased with the person
            named = [f for f in fields if pattern.search(str(row.get(f) or ""))]
            if named:
                key = spec.key_of(spec.model.model_validate(row))
                out += [(Mention(table, key, f), row) for f in named]
    return out


def erase_person(store: GraphStore, person: str, *, scrub: bool = False) -> Erasure:
    """Deletes a person, their links, and the interactions they were the only person of; then
    has the engine rewrite its files, so that no byte of them is left on disk.

    Free text elsewhere that names them (another person's profile, a shared meeting's notes) is
    reported in `mentions`; with `scrub`, their name and e-mail in it become "[erased]" first.
    NotFound when the person is unknown."""
    person_row, bundle = _person_and_bundle(store, person)
    pattern = _pattern(person_row)
    found = _mentions(bundle, person, pattern)
    scrubbed = _scrub(store, found, pattern) if scrub and pattern is not None else 0
    # The live syncs' memory names people by id (a message's parties): it forgets them too,
    # before the files are rewritten.
    forget_id(store, person)
    rows = store.write("privacy/erase_person", id=person)
    if not rows:
        raise NotFound(f"unknown person {person!r}")
    return Erasure(
        people=int(rows[0]["people"]),
        interactions=int(rows[0]["interactions"]),
        mentions=[] if scrub else [m for m, _ in found],
        scrubbed=scrubbed,
        files_rewritten=store.rewrite_files(),
    )


def _scrub(
    store: GraphStore, found: list[tuple[Mention, dict[str, Any]]], pattern: re.Pattern[str]
) -> int:
    """Rewrites each row that names the person with "[erased]" in its free text; how many."""
    rewritten: dict[tuple[str, tuple[str, ...]], tuple[str, dict[str, Any]]] = {}
    for mention, row in found:
        table, new = rewritten.get((mention.table, mention.key), (mention.table, dict(row)))
        new[mention.field] = pattern.sub("[erased]", str(new[mention.field]))
        rewritten[(mention.table, mention.key)] = (table, new)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, new in rewritten.values():
        tables.setdefault(table, []).append(new)
    if tables:
        import_data(store, {"format": FORMAT, **tables})
    return len(rewritten)
