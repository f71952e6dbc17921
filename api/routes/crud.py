"""Create, read, update, delete and list for every table of kamgraph/v1, one router per table.

Writes go through the import machinery (`kamgraph.interchange.ingest`), so a row is validated
exactly as in a bundle (references may point at stored rows; a dangling one is a 422) and written as
an upsert. A row still referred to (an account with people, a seller on a team) is not deleted: 409
says by what. Deleting a person, an interaction, an action or a target removes the links it has."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Path, Query, Request, Response
from pydantic import ValidationError, create_model

from api.audit import record
from api.deps import Admin, Editor, Reader, StoreDep
from api.errors import RESPONSES
from api.examples import one
from kamgraph.errors import ConflictError, InvalidBundle, NotFound
from kamgraph.interchange.ingest import import_data, stored_rows
from kamgraph.interchange.model import FORMAT
from kamgraph.interchange.tables import SPECS, TableSpec
from kamgraph.storage.base import GraphStore

PATHS: dict[str, str] = {
    "accounts": "accounts",
    "units": "units",
    "people": "people",
    "sellers": "sellers",
    "opportunities": "opportunities",
    "interactions": "interactions",
    "actions": "actions",
    "activity_targets": "activity-targets",
    "reports_to": "reporting-lines",
    "influences": "influences",
    "account_team": "account-team",
    "relationships": "relationships",
    "roles": "roles",
}
GUARDED = ("accounts", "units", "sellers", "opportunities")
# One example row per table for the OpenAPI page (the format example of DOMAIN.md).
EXAMPLES: dict[str, dict[str, Any]] = {
    "accounts": {"id": "acme", "name": "ACME", "industry": "telecom", "tier": "A",
                 "stage": "basic", "potential": 5000000, "revenue": 1800000, "currency": "USD"},
    "units": {"id": "acme-it", "account": "acme", "name": "IT", "function": "technical"},
    "people": {"id": "p1", "account": "acme", "unit": "acme-it", "name": "Ana Diaz",
               "title": "CIO", "layer": "decision", "political_status": "inner_circle"},
    "sellers": {"id": "s1", "name": "Lee Chen", "title": "Account Manager"},
    "opportunities": {"id": "o1", "account": "acme", "name": "Core upgrade", "stage": "bid",
                      "value": 1200000, "close_date": "2027-03-31"},
    "interactions": {"id": "i1", "date": "2026-10-01", "kind": "meeting", "sellers": ["s1"],
                     "people": ["p2"], "opportunity": "o1", "sentiment": 1},
    "actions": {"id": "a1", "account": "acme", "title": "Invite Ana Diaz to our HQ",
                "strategy": "penetration", "kind": "hq_visit", "people": ["p1"],
                "raci": {"R": "s1"}, "created": "2026-10-02", "due": "2026-11-30"},
    "activity_targets": {"id": "t1", "seller": "s1", "metric": "key_person_touches",
                         "period": "month", "target": 6},
    "reports_to": {"person": "p2", "manager": "p1", "kind": "solid"},
    "influences": {"source": "p2", "target": "p1", "strength": 0.7, "kind": "advice"},
    "account_team": {"account": "acme", "seller": "s1", "role": "AR"},
    "relationships": {"seller": "s1", "person": "p2", "level": 3, "target_level": 4,
                      "since": "2025-02-01", "assessed_on": "2026-09-01"},
    "roles": {"opportunity": "o1", "person": "p1", "role": "economic_buyer",
              "stance": "neutral", "influence": "high", "response_mode": "growth"},
}  # fmt: skip  # deleted only when unused
MAX_PAGE = 500


def _write(store: GraphStore, spec: TableSpec, row: dict[str, Any]) -> dict[str, Any]:
    key = _validated_key(spec, row)
    import_data(store, {"format": FORMAT, spec.name: [row]})
    return _get(store, spec, key)


def _param(spec: TableSpec, key: tuple[str, ...]) -> Any:
    return key[0] if spec.key == ("id",) else dict(zip(spec.key, key, strict=True))


def _get(store: GraphStore, spec: TableSpec, key: tuple[str, ...]) -> dict[str, Any]:
    found = stored_rows(store, spec.name, [_param(spec, key)])
    if key not in found:
        shown = ", ".join(f"{k}={v}" for k, v in zip(spec.key, key, strict=True))
        raise NotFound(f"no {spec.name} row with {shown}")
    return found[key]


def _exists(store: GraphStore, spec: TableSpec, key: tuple[str, ...]) -> bool:
    return key in stored_rows(store, spec.name, [_param(spec, key)])


def router_for(table: str) -> APIRouter:
    spec = SPECS[table]
    model: Any = spec.model
    path = f"/v1/{PATHS[table]}"
    router = APIRouter(tags=[PATHS[table]], responses=RESPONSES)
    page: Any = create_model(
        f"{model.__name__}Page", items=(list[model], ...), total=(int, ...),
        offset=(int, ...), limit=(int, ...),
    )  # fmt: skip
    by_id = spec.key == ("id",)

    def example() -> Any:
        # A new Body per parameter: FastAPI binds a FieldInfo to the parameter it annotates.
        return Body(
            description=f"One row of `{table}` as in a kamgraph/v1 bundle.",
            examples=[EXAMPLES[table]],
        )

    def row_id() -> Any:
        # New per route, like `example()`; the example row's id is one the example rows refer to.
        return Path(
            description=f"The `id` of a row of `{table}`.",
            openapi_examples=one(EXAMPLES[table]["id"], f"the example row of {table}"),
        )

    # Actions have a list of their own, with more filters (api/routes/plans.py).
    if table != "actions":

        @router.get(path, response_model=page, summary=f"List {table}")
        def list_rows(
            store: StoreDep,
            _: Reader,
            account: Annotated[
                str | None,
                Query(
                    description="Only rows of this account.",
                    openapi_examples=one("acme", "the rows of account acme"),
                ),
            ] = None,
            offset: Annotated[
                int,
                Query(ge=0, description="Rows to skip.", openapi_examples=one(2, "from the third")),
            ] = 0,
            limit: Annotated[
                int,
                Query(
                    ge=1,
                    le=MAX_PAGE,
                    description=f"Rows per page (at most {MAX_PAGE}).",
                    openapi_examples=one(50, "50 rows"),
                ),
            ] = 100,
        ) -> Any:
            keys = store.read(f"bundle/keys_{table}", account=account)
            ordered = sorted({tuple(str(k[f]) for f in spec.key) for k in keys})
            window = ordered[offset : offset + limit]
            rows = stored_rows(store, table, [_param(spec, k) for k in window])
            return {"items": [rows[k] for k in window if k in rows], "total": len(ordered),
                    "offset": offset, "limit": limit}  # fmt: skip

    @router.post(path, response_model=model, status_code=201, summary=f"Create a row of {table}")
    def create_row(store: StoreDep, who: Editor, row: Annotated[dict[str, Any], example()]) -> Any:
        key = _validated_key(spec, row)
        if _exists(store, spec, key):
            raise ConflictError(f"{table} row {', '.join(key)} already exists")
        written = _write(store, spec, row)
        record(store, who, "create", table, list(key))
        return written

    if by_id:

        @router.get(f"{path}/{{id}}", response_model=model, summary=f"Read a row of {table}")
        def read_row(id: Annotated[str, row_id()], store: StoreDep, _: Reader) -> Any:
            return _get(store, spec, (id,))

        @router.put(f"{path}/{{id}}", response_model=model, summary=f"Replace a row of {table}")
        def replace_row(
            id: Annotated[str, row_id()],
            store: StoreDep,
            who: Editor,
            row: Annotated[dict[str, Any], example()],
        ) -> Any:
            if row.setdefault("id", id) != id:
                raise HTTPException(422, f"the body's id {row['id']!r} is not the path's {id!r}")
            _get(store, spec, (id,))  # 404 when absent
            written = _write(store, spec, row)
            record(store, who, "replace", table, [id])
            return written

        @router.delete(f"{path}/{{id}}", status_code=204, summary=f"Delete a row of {table}")
        def delete_row(
            id: Annotated[str, row_id()],
            store: StoreDep,
            who: Admin,
            erase: Annotated[
                bool,
                Query(
                    description="people only: also delete the interactions they were the "
                    "only person of, so that nothing identifying them remains",
                    openapi_examples=one(False, "delete the row only"),
                ),
            ] = False,
        ) -> Response:
            _get(store, spec, (id,))
            if erase:
                if table != "people":
                    raise HTTPException(422, "erase=true applies to people only")
                store.write("privacy/erase_person", id=id)
                record(store, who, "erase", table, [id])
                return Response(status_code=204)
            if table in GUARDED:
                users = store.read(f"crud/dependents_{table}", id=id)
                if users:
                    shown = ", ".join(f"{u['n']} {u['type']}" for u in users)
                    raise ConflictError(f"{table} row {id!r} is still referred to ({shown})")
            store.write(f"crud/delete_{table}", id=id)
            record(store, who, "delete", table, [id])
            return Response(status_code=204)

    else:

        @router.put(path, response_model=model, summary=f"Replace a row of {table} (by key)")
        def replace_link(
            store: StoreDep, who: Editor, row: Annotated[dict[str, Any], example()]
        ) -> Any:
            key = _validated_key(spec, row)
            _get(store, spec, key)
            written = _write(store, spec, row)
            record(store, who, "replace", table, list(key))
            return written

        params = [
            {
                "name": k,
                "in": "query",
                "required": True,
                "schema": {"type": "string"},
                "examples": one(str(EXAMPLES[table][k]), f"the example row of {table}"),
            }
            for k in spec.key
        ]

        @router.delete(
            path,
            status_code=204,
            summary=f"Delete a row of {table} (by key: {', '.join(spec.key)})",
            openapi_extra={"parameters": params},
        )
        def delete_link(request: Request, store: StoreDep, who: Admin) -> Response:
            missing = [k for k in spec.key if not request.query_params.get(k)]
            if missing:
                raise HTTPException(422, f"query parameter(s) required: {', '.join(missing)}")
            values = {k: request.query_params[k] for k in spec.key}
            _get(store, spec, tuple(values[k] for k in spec.key))
            store.write(f"crud/delete_{table}", **values)
            record(store, who, "delete", table, list(values.values()))
            return Response(status_code=204)

    return router


def _validated_key(spec: TableSpec, row: dict[str, Any]) -> tuple[str, ...]:
    try:
        return spec.key_of(spec.model.model_validate(row))
    except ValidationError as e:
        raise InvalidBundle(
            [f"{spec.name}[0].{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors()]
        ) from None


ROUTERS = [router_for(table) for table in PATHS]
