"""Export: the stored graph back as a `kamgraph/v1` bundle (JSON or a CSV folder).

Rows are canonical (every field, defaults filled in, reference lists sorted) and sorted by key,
so export → import → export is the identity. An account export is self-contained: links that leave
the account (an influence on a person of another account, a parent account) are left out or
emptied, and only the sellers its rows refer to are included.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kamgraph.errors import NotFound
from kamgraph.interchange.csvcells import neutralised
from kamgraph.interchange.ingest import Canonical, stored_rows
from kamgraph.interchange.model import FORMAT, TABLES
from kamgraph.interchange.tables import SPECS, TABLE_LABEL
from kamgraph.storage.base import GraphStore

ExportProgress = Callable[[str, int], None]


def export_bundle(
    store: GraphStore, account: str | None = None, progress: ExportProgress | None = None
) -> dict[str, Any]:
    if account is not None and not store.read("bundle/keys_accounts", account=account):
        raise NotFound(f"unknown account {account!r}")
    tables: dict[str, list[Canonical]] = {}
    for table in TABLES:
        scope = None if table == "sellers" else account
        keys = store.read(f"bundle/keys_{table}", account=scope)
        spec = SPECS[table]
        key_param: list[Any] = (
            [k["id"] for k in keys] if spec.key == ("id",) else [dict(k) for k in keys]
        )
        rows = list(stored_rows(store, table, key_param).values())
        tables[table] = sorted(rows, key=spec.key_of_canonical)
        if progress is not None:
            progress(table, len(rows))
    if account is not None:
        _confine(tables)
    return {"format": FORMAT, **tables}


def _confine(tables: dict[str, list[Canonical]]) -> None:
    """Keep an account export free of dangling references."""
    ids = {t: {r["id"] for r in tables[t]} for t in TABLE_LABEL if t != "sellers"}
    for table in TABLES:
        if table == "sellers":
            continue
        spec = SPECS[table]
        kept: list[Canonical] = []
        for row in tables[table]:
            keep = True
            for ref in spec.refs:
                if ref.table == "sellers":
                    continue
                head, _, sub = ref.field.partition(".")
                value = row[head][sub] if sub else row[head]
                known = ids[ref.table]
                if ref.many:
                    row[head] = [v for v in value if v in known]
                elif value is not None and value not in known:
                    if ref.field in spec.key or ref.field in ("account",):
                        keep = False
                    else:
                        row[head] = None
            if keep:
                kept.append(row)
        tables[table] = kept
    referenced: set[str] = set()
    for table in TABLES:
        for ref in SPECS[table].refs:
            if ref.table != "sellers":
                continue
            head, _, sub = ref.field.partition(".")
            for row in tables[table]:
                value = row[head][sub] if sub else row[head]
                referenced.update(value if ref.many else [value] if value else [])
    tables["sellers"] = [r for r in tables["sellers"] if r["id"] in referenced]


# --- files -------------------------------------------------------------------------------------
def dumps(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, indent=1, ensure_ascii=False) + "\n"


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv_dir(bundle: dict[str, Any], folder: Path) -> list[Path]:
    """One `<table>.csv` per table; the action's `raci` object becomes `raci.R` … `raci.I`."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table in TABLES:
        model = SPECS[table].model
        columns: list[str] = []
        for name in model.model_fields:
            columns += [f"raci.{k}" for k in ("R", "A", "C", "I")] if name == "raci" else [name]
        path = folder / f"{table}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in bundle.get(table, []):
                cells = []
                for column in columns:
                    head, _, sub = column.partition(".")
                    cells.append(neutralised(_csv_cell(row[head][sub] if sub else row[head])))
                writer.writerow(cells)
        written.append(path)
    return written
