"""What the live syncs (IMAP mail, CalDAV calendars) share: a run's report across its steps,
and the step that writes interactions, removes those whose source is gone and saves the
position, all in one unit of the store.

A step is the unit of progress: a run stopped between two steps (Ctrl-C, a kill, a lost
connection) has written whole steps only, and its next run starts after the last of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kamgraph.connectors.common import ConnectorError, ConnectorRun, Directory, empty_bundle
from kamgraph.connectors.ledger import Ledger, delete_interactions
from kamgraph.interchange.ingest import ImportReport, TablePlan, import_data
from kamgraph.storage.base import GraphStore

T = TypeVar("T")


class SyncError(ConnectorError):
    """The server cannot be reached or refuses us: nothing of the run was written."""


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class SyncRun:
    """A sync run's report: the connector report (every interaction written, left out,
    skipped, unknown stakeholders) plus what was removed and what the user should know."""

    run: ConnectorRun
    dry_run: bool
    plans: dict[str, TablePlan] = field(default_factory=dict)
    # Interactions removed (their meeting cancelled or deleted, or moved to another day).
    removed: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    steps: int = 0

    @classmethod
    def start(cls, source: str, dry_run: bool) -> SyncRun:
        return cls(ConnectorRun(source, [], empty_bundle()), dry_run)

    def report(self) -> ImportReport:
        return ImportReport(list(self.plans.values()), written=not self.dry_run)

    def step(
        self,
        store: GraphStore,
        directory: Directory,
        ledger: Ledger,
        rows: Iterable[dict[str, Any]],
        removed: Iterable[dict[str, Any]] = (),
    ) -> None:
        """Write `rows`, remove `removed` (rows as written before) and save the ledger: one
        unit. A row whose sellers or people are no longer in the graph (erased since) loses
        them, and is left out if no seller or no person remains."""
        kept = [r for r in (_present(row, directory) for row in rows) if r is not None]
        gone = _titled(store, list(removed))
        bundle = {"format": "kamgraph/v1", "interactions": kept}

        def then(_: ImportReport) -> None:
            delete_interactions(store, (str(r["id"]) for r in gone))
            ledger.save(store)

        if self.dry_run:
            report = import_data(store, bundle, dry_run=True)
        else:
            report = import_data(store, bundle, then=then)
        self.steps += 1
        self.run.bundle.setdefault("interactions", []).extend(kept)
        self.removed.extend(gone)
        for plan in report.tables:
            self.plans.setdefault(plan.table, TablePlan(plan.table)).merge(plan)


def _titled(store: GraphStore, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Removed rows with their titles as stored (the ledger keeps none), for the report."""
    untitled = [str(r["id"]) for r in rows if "notes" not in r]
    if not untitled:
        return rows
    titles = {str(t["id"]): t["notes"] for t in store.read("sync/titles", ids=untitled)}
    return [r if "notes" in r else {**r, "notes": titles.get(str(r["id"])) or ""} for r in rows]


def _present(row: dict[str, Any], d: Directory) -> dict[str, Any] | None:
    sellers = [s for s in row["sellers"] if s in d.seller_names]
    people = [p for p in row["people"] if p in d.person_ids]
    if not sellers or not people:
        return None
    return {**row, "sellers": sellers, "people": people}
