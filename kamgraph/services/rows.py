"""One row of a kamgraph/v1 table at a time: read, list, create, replace, delete.

What the REST API's table routes (and the CLI's `row` commands) do, so both behave the same. Writes
go through the import machinery (`kamgraph.interchange.ingest`): a row is validated exactly as in
a bundle (references may point at stored rows) and written as an upsert. A row still referred to
(an account with people, a seller on a team) is not deleted; the error says by what."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kamgraph.errors import ConflictError, InvalidBundle, KamgraphError, NotFound
from kamgraph.interchange import ties
from kamgraph.interchange.ingest import import_data, stored_rows
from kamgraph.interchange.model import FORMAT
from kamgraph.interchange.tables import SPECS, TableSpec
from kamgraph.services.names import Kind, as_id, matching_ids
from kamgraph.services.paging import checked_offset
from kamgraph.storage.base import GraphStore

Key = tuple[str, ...]

# Tables whose rows carry a name (`?name=` filters them), as kinds of the name service.
NAMED: dict[str, Kind] = {
    "accounts": "account",
    "units": "unit",
    "people": "person",
    "sellers": "seller",
    "opportunities": "opportunity",
}


# Tables whose rows others refer to: deleting one that is still used is refused.
GUARDED = ("accounts", "units", "sellers", "opportunities")


@dataclass(frozen=True)
class RowPage:
    items: list[dict[str, Any]]
    total: int
    offset: int
    limit: int


def spec_of(table: str) -> TableSpec:
    try:
        return SPECS[table]
    except KeyError:
        raise KamgraphError(f"unknown table {table!r} (one of: {', '.join(SPECS)})") from None


def validated_key(table: str, row: Mapping[str, Any]) -> Key:
    """The key of a row, validated as a row of a bundle (InvalidBundle says what is wrong)."""
    spec = spec_of(table)
    try:
        return spec.key_of(spec.model.model_validate(dict(row)))
    except ValidationError as e:
        raise InvalidBundle(
            [f"{table}[0].{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors()]
        ) from None


def key_from(table: str, values: Mapping[str, str]) -> Key:
    """A link table's key from its fields by name (every key field required)."""
    spec = spec_of(table)
    missing = [k for k in spec.key if not values.get(k)]
    if missing:
        raise KamgraphError(f"required to name a row of {table}: {', '.join(missing)}")
    return tuple(str(values[k]) for k in spec.key)


def _param(spec: TableSpec, key: Key) -> Any:
    return key[0] if spec.key == ("id",) else dict(zip(spec.key, key, strict=True))


def get_row(store: GraphStore, table: str, key: Key) -> dict[str, Any]:
    spec = spec_of(table)
    found = stored_rows(store, table, [_param(spec, key)])
    if key not in found:
        shown = ", ".join(f"{k}={v}" for k, v in zip(spec.key, key, strict=True))
        raise NotFound(f"no {table} row with {shown}")
    return found[key]


def row_exists(store: GraphStore, table: str, key: Key) -> bool:
    return key in stored_rows(store, table, [_param(spec_of(table), key)])


def list_rows(
    store: GraphStore,
    table: str,
    account: str | None = None,
    offset: int = 0,
    limit: int = 100,
    name: str | None = None,
    within: frozenset[str] | None = None,
) -> RowPage:
    """A page of a table's rows in key order (only those of `account`, when given, or of the
    accounts `within`; and of the tables with names, those whose name contains `name`, case
    and accents aside)."""
    spec = spec_of(table)
    checked_offset(offset)
    if account is not None:
        # A name as its id; an unknown account still filters to no rows, as it always did.
        account = as_id(store, "account", account)
    if within is None or account is not None:
        keys = store.read(f"bundle/keys_{table}", account=account)
    else:
        keys = [k for a in sorted(within) for k in store.read(f"bundle/keys_{table}", account=a)]
    ordered = sorted({tuple(str(k[f]) for f in spec.key) for k in keys})
    if name is not None:
        if table not in NAMED:
            raise KamgraphError(f"{table} have no name to filter by")
        wanted = matching_ids(store, NAMED[table], name)
        ordered = [k for k in ordered if k[0] in wanted]
    window = ordered[offset : offset + limit]
    rows = stored_rows(store, table, [_param(spec, k) for k in window])
    items = [rows[k] for k in window if k in rows]
    return RowPage(items=items, total=len(ordered), offset=offset, limit=limit)


# Called with the row's key inside the write's unit: the audit entry goes with the row or not.
Audit = Callable[[Key], None]


def _write(
    store: GraphStore,
    table: str,
    row: Mapping[str, Any],
    key: Key,
    audit: Audit | None,
    guard: Callable[[], object] | None = None,
) -> dict[str, Any]:
    then = None if audit is None else (lambda _report: audit(key))
    import_data(store, {"format": FORMAT, table: [dict(row)]}, then=then, guard=guard)
    return get_row(store, table, key)


def create_row(
    store: GraphStore,
    table: str,
    row: Mapping[str, Any],
    audit: Audit | None = None,
    guard: Callable[[], object] | None = None,
) -> tuple[Key, dict[str, Any]]:
    """Adds a row; ConflictError when one with its key exists. Returns its key and stored form.

    The check is made twice: early, so that a duplicate is refused before any work, and as the
    write's guard (`GraphStore.atomic`), so that of concurrent creates of one key exactly one
    is applied and the others are refused (they would otherwise all upsert: last write wins).
    `guard`, when given, is one more check of that moment (raising there writes nothing)."""
    key = validated_key(table, row)

    def absent() -> None:
        if row_exists(store, table, key):
            raise ConflictError(f"{table} row {', '.join(key)} already exists")
        if guard is not None:
            guard()

    absent()
    return key, _write(store, table, row, key, audit, guard=absent)


def replace_row(
    store: GraphStore,
    table: str,
    row: Mapping[str, Any],
    audit: Audit | None = None,
    guard: Callable[[], object] | None = None,
) -> tuple[Key, dict[str, Any]]:
    """Replaces a stored row (NotFound when there is none with its key). `guard` runs as the
    write's last check (`GraphStore.atomic`): raising there writes nothing."""
    key = validated_key(table, row)
    get_row(store, table, key)
    return key, _write(store, table, row, key, audit, guard=guard)


def dependents(store: GraphStore, table: str, id: str) -> list[str]:
    """What still refers to a row of a guarded table, as "3 Person" phrases (empty: nothing)."""
    if table not in GUARDED:
        return []
    return [f"{u['n']} {u['type']}" for u in store.read(f"crud/dependents_{table}", id=id)]


def delete_row(store: GraphStore, table: str, key: Key) -> None:
    """Deletes a row and the links it has; ConflictError when others still refer to it."""
    spec = spec_of(table)
    get_row(store, table, key)
    if spec.key == ("id",):
        users = dependents(store, table, key[0])
        if users:
            raise ConflictError(f"{table} row {key[0]!r} is still referred to ({', '.join(users)})")
        with store.atomic():
            if table == "interactions":  # its people's strength aggregates go first
                ties.before_deleting(store, [key[0]])
            store.write(f"crud/delete_{table}", id=key[0])
        return
    store.write(f"crud/delete_{table}", **dict(zip(spec.key, key, strict=True)))
