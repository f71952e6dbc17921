"""Import: validate a whole bundle, compare it with what is stored, write only what differs.

Writes are idempotent upserts in `UNWIND $rows` batches, so a second import of the same bundle
writes nothing, and an import cut short (a crash, a kill) is completed by running it again: every
batch is one transaction, and the next run sees which rows are still missing or different.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kamgraph.interchange import ties
from kamgraph.interchange.bundle import Bundle, StoredUnits, validate
from kamgraph.interchange.model import InteractionRow, Row
from kamgraph.interchange.tables import (
    SPECS,
    TABLE_LABEL,
    WRITE_ORDER,
    TableSpec,
    graph_row,
    link_queries,
    link_rows,
)
from kamgraph.storage.base import GraphStore

Canonical = dict[str, Any]
# Imports writing at least this many rows compact the engine's log afterwards; below it, the
# log stays short anyway (and an API write of one row must not rewrite the whole database).
CHECKPOINT_ROWS = 1000
# progress(table, rows written by this batch, rows to write in that table); after every batch.
ImportProgress = Callable[[str, int, int], None]


@dataclass
class TablePlan:
    table: str
    new: list[Row] = field(default_factory=list)
    changed: list[Row] = field(default_factory=list)
    unchanged: int = 0
    # interactions: the people the changed rows had before (their strength aggregates change)
    old_people: set[str] = field(default_factory=set)


@dataclass
class ImportReport:
    tables: list[TablePlan]
    written: bool

    def totals(self) -> dict[str, int]:
        return {
            "added": sum(len(p.new) for p in self.tables),
            "changed": sum(len(p.changed) for p in self.tables),
            "unchanged": sum(p.unchanged for p in self.tables),
        }


# --- the stored side, in bundle shape (shared with export) ---------------------------------
def stored_to_input(table: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """A `bundle/rows_<table>` record → the input dict of the table's model."""
    props = record.get("props") or {}
    row: dict[str, Any] = {k: v for k, v in props.items() if not k.endswith("_day")}
    for name, value in record.items():
        if name in ("props", "assigned") or value is None:
            continue
        row[name] = value
    if table == "actions":
        assigned = record.get("assigned") or []
        raci: dict[str, Any] = {"C": [], "I": []}
        for link in assigned:
            letter, seller = link["raci"], link["seller"]
            if letter in ("C", "I"):
                raci[letter].append(seller)
            else:
                raci[letter] = seller
        row["raci"] = raci
    return row


def canonical(row: Row) -> Canonical:
    return row.model_dump(mode="json")


def stored_rows(
    store: GraphStore, table: str, keys: Sequence[Any]
) -> dict[tuple[str, ...], Canonical]:
    """The stored rows for `keys` (ids, or key maps for link tables), canonical, by key."""
    spec = SPECS[table]
    out: dict[tuple[str, ...], Canonical] = {}
    for record in store.read_batches(f"bundle/rows_{table}", list(keys)):
        data = stored_to_input(table, record)
        try:
            row = spec.model.model_validate(data)
        except ValidationError:
            # Written by something other than kamgraph: compare as changed, rewrite on import.
            out[tuple(str(data.get(k)) for k in spec.key)] = {"__invalid__": data}
            continue
        out[spec.key_of(row)] = canonical(row)
    return out


def _keys_param(spec: TableSpec, rows: Iterable[Row]) -> list[Any]:
    if spec.key == ("id",):
        return [spec.key_of(r)[0] for r in rows]
    return [spec.key_dict(r) for r in rows]


def existing_ids(store: GraphStore) -> Callable[[str, set[str]], set[str]]:
    """Which of the ids a bundle refers to (but does not carry) are already stored."""

    def lookup(table: str, ids: set[str]) -> set[str]:
        return {key[0] for key in stored_rows(store, table, sorted(ids))}

    return lookup


def domain_owners(store: GraphStore) -> Callable[[set[str]], dict[str, set[str]]]:
    """Which stored accounts hold the e-mail domains a bundle gives its accounts."""

    def lookup(domains: set[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for r in store.read("bundle/domain_owners", domains=sorted(domains)):
            found.setdefault(str(r["domain"]), set()).add(str(r["account"]))
        return found

    return lookup


def stored_units(store: GraphStore) -> StoredUnits:
    """The stored accounts of units, and the stored people and child units in them."""

    def accounts(ids: set[str]) -> dict[str, str]:
        rows = stored_rows(store, "units", sorted(ids))
        return {key[0]: str(row["account"]) for key, row in rows.items() if row.get("account")}

    def members(ids: set[str]) -> list[tuple[str, str, str, str | None]]:
        records = store.read_batches("bundle/unit_members", sorted(ids), param="units")
        return [
            (
                str(r["unit"]),
                str(r["kind"]),
                str(r["id"]),
                None if r["account"] is None else str(r["account"]),
            )
            for r in records
        ]

    return StoredUnits(accounts, members)


# --- planning and writing ------------------------------------------------------------------
def plan_import(store: GraphStore, bundle: Bundle) -> list[TablePlan]:
    # A label with no node at all needs no lookup row by row (the usual first import). Counting
    # scans the graph, so only a large bundle is worth it; a few rows are looked up directly.
    large = sum(len(bundle.rows(t)) for t in WRITE_ORDER) >= CHECKPOINT_ROWS
    populated = (
        {str(r["label"]) for r in store.read("admin/count_nodes") if int(r["n"]) > 0}
        if large
        else set(TABLE_LABEL.values())
    )
    plans: list[TablePlan] = []
    for table in WRITE_ORDER:
        rows = bundle.rows(table)
        if not rows:
            continue
        spec = SPECS[table]
        if spec.label is not None and spec.label not in populated:
            plans.append(TablePlan(table, new=list(rows)))
            continue
        stored = stored_rows(store, table, _keys_param(spec, rows))
        tp = TablePlan(table)
        for row in rows:
            before = stored.get(spec.key_of(row))
            if before is None:
                tp.new.append(row)
            elif before != canonical(row):
                tp.changed.append(row)
                if table == "interactions":
                    old = before.get("__invalid__", before)
                    tp.old_people.update(str(p) for p in old.get("people") or ())
            else:
                tp.unchanged += 1
        plans.append(tp)
    return plans


def write(
    store: GraphStore,
    plans: Sequence[TablePlan],
    progress: ImportProgress | None,
    fresh: set[str] | None = None,
) -> None:
    """Every planned row, then the TIEs of the people whose interactions changed; `fresh`
    (`first_interactions`): people with no stored interaction, whose TIEs are computed here."""
    for tp in plans:
        spec = SPECS[tp.table]
        total = len(tp.new) + len(tp.changed)

        def report(n: int, table: str = tp.table, total: int = total) -> None:
            if progress is not None:
                progress(table, n, total)

        if tp.changed and spec.relinks:
            ids = [{"id": spec.key_of(r)[0]} for r in tp.changed]
            store.write_batches(f"ingest/unlink_{tp.table}", ids)
        todo = (*tp.new, *tp.changed)
        store.write_batches(
            f"ingest/upsert_{tp.table}", (graph_row(spec, r) for r in todo), progress=report
        )
        # After the table's own upsert, so that a parent named later in the bundle exists.
        # One lazy pass per link type: a million interactions' pairs are never all in memory.
        for query in link_queries(spec):
            pairs = (p for row in todo for q, p in link_rows(spec, row) if q == query)
            store.write_batches(f"ingest/{query}", pairs)
    # Last, once every interaction and link is written: the strength aggregates of the people
    # whose interactions were added or changed, old and new (kamgraph.interchange.ties).
    touched = set(_interaction_people(plans)) | _old_people(plans)
    ties.keep(store, touched, fresh or set(), _written_interactions(plans))


def _written_interactions(plans: Sequence[TablePlan]) -> Iterator[InteractionRow]:
    for tp in plans:
        if tp.table == "interactions":
            yield from (r for r in (*tp.new, *tp.changed) if isinstance(r, InteractionRow))


def _interaction_people(plans: Sequence[TablePlan]) -> Iterator[str]:
    for row in _written_interactions(plans):
        yield from row.people


def _old_people(plans: Sequence[TablePlan]) -> set[str]:
    """The people the changed interactions had before the import."""
    return {p for tp in plans if tp.table == "interactions" for p in tp.old_people}


def first_interactions(store: GraphStore, plans: Sequence[TablePlan]) -> set[str]:
    """The people of the import's interactions who have none stored yet, nor lose one to it
    (read before the unit, in the import's turn: no other import changes that meanwhile)."""
    return ties.without_interactions(store, set(_interaction_people(plans)) - _old_people(plans))


def import_data(
    store: GraphStore,
    data: Mapping[str, Any],
    *,
    dry_run: bool = False,
    progress: ImportProgress | None = None,
    then: Callable[[ImportReport], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    guard: Callable[[], object] | None = None,
) -> ImportReport:
    """Validate `data` completely (raises InvalidBundle, nothing written), then upsert it.

    All or nothing: every write of the import, and those `then` makes (its audit entry), is one
    unit of the store (`GraphStore.atomic`): readers and a crash see the store before or after.
    Imports take turns (`GraphStore.import_turn`; `on_wait` is told when this one waits): the
    comparison with what is stored must not go stale while another import writes.
    `guard` is the unit's last check (see `GraphStore.atomic`): raising there writes nothing.
    """
    if dry_run:
        return _import(store, data, dry_run, progress, then, guard)
    with store.import_turn(on_wait):
        return _import(store, data, dry_run, progress, then, guard)


def _import(
    store: GraphStore,
    data: Mapping[str, Any],
    dry_run: bool,
    progress: ImportProgress | None,
    then: Callable[[ImportReport], None] | None,
    guard: Callable[[], object] | None,
) -> ImportReport:
    bundle = validate(data, existing_ids(store), domain_owners(store), stored_units(store))
    plans = plan_import(store, bundle)
    report = ImportReport(plans, written=not dry_run)
    if not dry_run:
        fresh = first_interactions(store, plans)
        with store.atomic(guard):
            write(store, plans, progress, fresh)
            if then is not None:
                then(report)
        totals = report.totals()
        if totals["added"] + totals["changed"] >= CHECKPOINT_ROWS:
            store.checkpoint()
    return report
