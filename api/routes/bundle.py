"""Import and export of kamgraph/v1 bundles over HTTP (same rules as the CLI)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel

from api.audit import record
from api.deps import Admin, StoreDep
from api.errors import RESPONSES
from api.examples import one
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import ImportReport, import_data

router = APIRouter(prefix="/v1", tags=["bundles"], responses=RESPONSES)

EXAMPLE = {
    "format": "kamgraph/v1",
    "sellers": [{"id": "s9", "name": "Ada Byrne"}],
}


class TableCounts(BaseModel):
    added: int
    changed: int
    unchanged: int


class ImportOut(BaseModel):
    written: bool
    added: int
    changed: int
    unchanged: int
    tables: dict[str, TableCounts]


@router.post("/import", response_model=ImportOut)
def post_import(
    store: StoreDep,
    who: Admin,
    bundle: Annotated[dict[str, Any], Body(examples=[EXAMPLE])],
    dry_run: Annotated[
        bool,
        Query(
            description="Validate and compare only.",
            openapi_examples=one(True, "report what would change, write nothing"),
        ),
    ] = False,
) -> ImportOut:
    """Import a bundle: validated whole first; any invalid row → 422 listing every error."""

    def audit(report: ImportReport) -> None:  # written with the import, all or nothing
        counts = [f"{p.table}:{p.added + p.modified}" for p in report.tables]
        record(store, who, "import", "bundle", counts)

    report = import_data(store, bundle, dry_run=dry_run, then=audit)
    return ImportOut(
        written=report.written,
        **report.totals(),
        tables={
            p.table: TableCounts(added=p.added, changed=p.modified, unchanged=p.unchanged)
            for p in report.tables
        },
    )


@router.get("/export")
def get_export(
    store: StoreDep,
    who: Admin,
    account: Annotated[
        str | None,
        Query(
            description="Only this account.",
            openapi_examples=one("acme", "account acme, self-contained"),
        ),
    ] = None,
) -> dict[str, Any]:
    """The graph (or one self-contained account) as a kamgraph/v1 bundle: personal data in bulk,
    so for admins only, and recorded in the audit log."""
    bundle = export_bundle(store, account)
    record(store, who, "export", "bundle", [account or "*"])
    return bundle
