"""Import: validate a whole bundle, compare it with what is stored, write only what differs.

Writes are idempotent upserts in `UNWIND $rows` batches, so a second import of the same bundle
writes nothing; all of an import's writes are one unit of the store (all or nothing). Every
table but the interactions is validated and compared before the unit starts; the interactions
are read, checked, compared and written a slice at a time inside it
(`kamgraph.interchange.rowstream`), so a bundle's memory is that of its other tables plus one
entry per interaction id, not that of the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kamgraph.interchange import ties
from kamgraph.interchange.bundle import Bundle, Errors, StoredUnits, check
from kamgraph.interchange.model import InteractionRow, Row
from kamgraph.interchange.rowstream import STREAMED, Source, StreamedRows
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
# progress(table, rows written by this batch, rows to write in that table or None while
# unknown: the interactions of a file are counted as they are read); after every batch.
ImportProgress = Callable[[str, int, int | None], None]


@dataclass
class TablePlan:
    table: str
    # The rows to add and to change: kept for a bundle in memory (the connectors' reports list
    # them), not for the interactions streamed from a file, which are only counted.
    new: list[Row] = field(default_factory=list)
    changed: list[Row] = field(default_factory=list)
    unchanged: int = 0
    added: int = 0  # rows to add, kept or not
    modified: int = 0  # rows to change, kept or not
    # interactions: the people the changed rows had before (their strength aggregates change)
    old_people: set[str] = field(default_factory=set)

    def merge(self, other: TablePlan) -> None:
        self.new.extend(other.new)
        self.changed.extend(other.changed)
        self.unchanged += other.unchanged
        self.added += other.added
        self.modified += other.modified
        self.old_people |= other.old_people


@dataclass
class ImportReport:
    tables: list[TablePlan]
    written: bool

    def totals(self) -> dict[str, int]:
        return {
            "added": sum(p.added for p in self.tables),
            "changed": sum(p.modified for p in self.tables),
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
def _populated(store: GraphStore, large: bool) -> set[str]:
    """The labels with at least one node. A label with no node needs no lookup row by row (the
    usual first import). Counting scans the graph, so only a large import is worth it; a few
    rows are looked up directly."""
    if not large:
        return set(TABLE_LABEL.values())
    return {str(r["label"]) for r in store.read("admin/count_nodes") if int(r["n"]) > 0}


def _classify(
    store: GraphStore, tp: TablePlan, rows: Sequence[Row], populated: set[str], keep_rows: bool
) -> tuple[list[Row], list[Row]]:
    """Sort `rows` into new, changed and unchanged against the store; counted in `tp`."""
    spec = SPECS[tp.table]
    if spec.label is not None and spec.label not in populated:
        new, changed = list(rows), list[Row]()
    else:
        stored = stored_rows(store, tp.table, _keys_param(spec, rows))
        new, changed = list[Row](), list[Row]()
        for row in rows:
            before = stored.get(spec.key_of(row))
            if before is None:
                new.append(row)
            elif before != canonical(row):
                changed.append(row)
                if tp.table == "interactions":
                    old = before.get("__invalid__", before)
                    tp.old_people.update(str(p) for p in old.get("people") or ())
            else:
                tp.unchanged += 1
    tp.added += len(new)
    tp.modified += len(changed)
    if keep_rows:
        tp.new.extend(new)
        tp.changed.extend(changed)
    return new, changed


def plan_import(store: GraphStore, bundle: Bundle, populated: set[str]) -> list[TablePlan]:
    plans: list[TablePlan] = []
    for table in WRITE_ORDER:
        rows = bundle.rows(table)
        if rows:
            tp = TablePlan(table)
            _classify(store, tp, rows, populated, keep_rows=True)
            plans.append(tp)
    return plans


def _write_rows(
    store: GraphStore,
    table: str,
    new: Sequence[Row],
    changed: Sequence[Row],
    progress: ImportProgress | None,
    total: int | None,
) -> None:
    """Upsert these rows of `table` (unlinking the changed ones first) and their links."""
    spec = SPECS[table]

    def report(n: int) -> None:
        if progress is not None:
            progress(table, n, total)

    if changed and spec.relinks:
        ids = [{"id": spec.key_of(r)[0]} for r in changed]
        store.write_batches(f"ingest/unlink_{table}", ids)
    todo = (*new, *changed)
    store.write_batches(
        f"ingest/upsert_{table}", (graph_row(spec, r) for r in todo), progress=report
    )
    # After the table's own upsert, so that a parent named later in the bundle exists.
    # One lazy pass per link type: a table's pairs are never all in memory.
    for query in link_queries(spec):
        pairs = (p for row in todo for q, p in link_rows(spec, row) if q == query)
        store.write_batches(f"ingest/{query}", pairs)


def _write_plan(store: GraphStore, tp: TablePlan, progress: ImportProgress | None) -> None:
    _write_rows(store, tp.table, tp.new, tp.changed, progress, tp.added + tp.modified)


@dataclass
class _Interactions:
    """What an import gathers while it writes the streamed interactions, for their TIEs."""

    plan: TablePlan = field(default_factory=lambda: TablePlan(STREAMED))
    touched: set[str] = field(default_factory=set)  # people of the written interactions
    fresh: set[str] = field(default_factory=set)  # of those, the ones with none stored
    touches: ties.Touches = field(default_factory=ties.Touches)

    def written(self, store: GraphStore, rows: Sequence[Row]) -> None:
        interactions = [r for r in rows if isinstance(r, InteractionRow)]
        people = {p for r in interactions for p in r.people}
        # Each person looked up once, outside the unit, so as stored before the import.
        self.fresh |= ties.without_interactions(store, people - self.touched)
        self.touched |= people
        self.touches.add(interactions, self.fresh)

    def keep_ties(self, store: GraphStore) -> None:
        """The TIEs of the people whose interactions were added or changed, old and new."""
        old = self.plan.old_people
        ties.keep(store, self.touched | old, self.fresh - old, self.touches)


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
    return import_source(
        store,
        Source.of(data),
        dry_run=dry_run,
        progress=progress,
        then=then,
        on_wait=on_wait,
        guard=guard,
        keep_rows=True,
    )


def import_source(
    store: GraphStore,
    source: Source,
    *,
    dry_run: bool = False,
    progress: ImportProgress | None = None,
    then: Callable[[ImportReport], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    guard: Callable[[], object] | None = None,
    keep_rows: bool = False,
) -> ImportReport:
    """`import_data` for a bundle read as it is imported (`Source.read`): its interactions are
    checked, compared and written a slice at a time, in the import's one unit; a problem found
    in any of them drops the unit (nothing written) and is reported with the rest.
    `keep_rows`: the report keeps the rows it adds and changes (else it counts them)."""
    if dry_run:
        return _import(store, source, dry_run, progress, then, guard, keep_rows)
    with store.import_turn(on_wait):
        return _import(store, source, dry_run, progress, then, guard, keep_rows)


def _import(
    store: GraphStore,
    source: Source,
    dry_run: bool,
    progress: ImportProgress | None,
    then: Callable[[ImportReport], None] | None,
    guard: Callable[[], object] | None,
    keep_rows: bool,
) -> ImportReport:
    errors = Errors()
    existing = existing_ids(store)
    head = check(source.head, errors, existing, domain_owners(store), stored_units(store))
    stream = StreamedRows(source.head, errors, existing)
    rows = sum(len(head.rows(t)) for t in WRITE_ORDER) + (
        source.streamed_count if source.streamed_count is not None else CHECKPOINT_ROWS
    )
    populated = _populated(store, rows >= CHECKPOINT_ROWS)
    plans = plan_import(store, head, populated) if not errors.items else []
    gathered = _Interactions()
    report = ImportReport(plans, written=False)
    if dry_run or errors.items:
        # Every slice is checked (all problems reported); a dry run also compares them.
        for raw in source.slices():
            valid = stream.check(raw)
            if not errors.items:
                _classify(store, gathered.plan, valid, populated, keep_rows)
        errors.raise_if_any()
    else:
        total = source.streamed_count
        before = [tp for tp in plans if WRITE_ORDER.index(tp.table) < WRITE_ORDER.index(STREAMED)]
        with store.atomic(guard):
            for tp in before:
                _write_plan(store, tp, progress)
            for raw in source.slices():
                valid = stream.check(raw)
                if errors.items:
                    continue  # nothing more is written; the rest is still checked
                new, changed = _classify(store, gathered.plan, valid, populated, keep_rows)
                gathered.written(store, (*new, *changed))
                _write_rows(store, STREAMED, new, changed, progress, total)
            errors.raise_if_any()  # drops the unit
            for tp in plans[len(before) :]:
                _write_plan(store, tp, progress)
            gathered.keep_ties(store)
            report.written = True
            _place(report, gathered.plan)
            if then is not None:
                then(report)
        totals = report.totals()
        if totals["added"] + totals["changed"] >= CHECKPOINT_ROWS:
            store.checkpoint()
        return report
    _place(report, gathered.plan)
    return report


def _place(report: ImportReport, streamed: TablePlan) -> None:
    """The streamed table's plan among the others, in the write order, when it had rows."""
    if not (streamed.added or streamed.modified or streamed.unchanged):
        return
    later = WRITE_ORDER.index(STREAMED)
    at = next(
        (i for i, tp in enumerate(report.tables) if WRITE_ORDER.index(tp.table) > later),
        len(report.tables),
    )
    report.tables.insert(at, streamed)
