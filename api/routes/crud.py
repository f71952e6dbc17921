"""Create, read, update, delete and list for every table of kamgraph/v1, one router per table.

The work is `kamgraph.services.rows` (the CLI's `row` commands call the same): a row is validated
exactly as in a bundle (references may point at stored rows; a dangling one is a 422) and written as
an upsert. A row still referred to (an account with people, a seller on a team) is not deleted: 409
says by what. Deleting a person, an interaction, an action or a target removes the links it has."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Path, Query, Request, Response
from pydantic import WithJsonSchema, create_model

from api.audit import record
from api.deps import Admin, Editor, ReachDep, Reader, StoreDep
from api.errors import RESPONSES
from api.examples import one
from api.row_schemas import row_schema
from kamgraph.interchange.tables import SPECS
from kamgraph.services import access, privacy, rows
from kamgraph.services.names import as_id
from kamgraph.services.paging import MAX_OFFSET

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
}  # fmt: skip  # one example row per table, as in a bundle: reads as a table
MAX_PAGE = 500


def _example(table: str) -> Any:
    # A new Body per parameter: FastAPI binds a FieldInfo to the parameter it annotates.
    return Body(
        description=f"One row of `{table}` as in a kamgraph/v1 bundle.",
        examples=[EXAMPLES[table]],
    )


def _schema(table: str, *, id_optional: bool = False) -> WithJsonSchema:
    """The body is taken as a mapping (validated by kamgraph.services.rows, with errors by
    field) and documented by the model's own schema, with all its bounds."""
    return WithJsonSchema(row_schema(SPECS[table].model, id_optional=id_optional))


def _row_id(table: str) -> Any:
    # New per route, like `_example`; the example row's id is one the example rows refer to.
    return Path(
        description=f"The `id` of a row of `{table}`.",
        openapi_examples=one(EXAMPLES[table]["id"], f"the example row of {table}"),
    )


def _add_list(router: APIRouter, table: str, path: str) -> None:
    model: Any = SPECS[table].model
    page: Any = create_model(
        f"{model.__name__}Page",
        items=(list[model], ...),
        total=(int, ...),
        offset=(int, ...),
        limit=(int, ...),
    )

    @router.get(path, response_model=page, summary=f"List {table}")
    def list_rows(
        store: StoreDep,
        _: Reader,
        reach: ReachDep,
        account: Annotated[
            str | None,
            Query(
                description="Only rows of this account (id or exact name).",
                openapi_examples=one("acme", "the rows of account acme"),
            ),
        ] = None,
        offset: Annotated[
            int,
            Query(
                ge=0,
                le=MAX_OFFSET,
                description=f"Rows to skip (at most {MAX_OFFSET}).",
                openapi_examples=one(2, "from the third"),
            ),
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
        name: Annotated[str | None, _name_filter(table)] = None,
    ) -> Any:
        if account is not None:
            account = as_id(store, "account", account)
            access.check_accounts(reach, [account])
        # Sellers are everyone's; the other tables are listed within the caller's accounts.
        within = None if table == "sellers" or account is not None else reach.accounts
        return asdict(rows.list_rows(store, table, account, offset, limit, name, within=within))


def _name_filter(table: str) -> Any:
    # Only the tables with names advertise the filter; the others leave it out of their docs.
    if table not in rows.NAMED:
        return Query(include_in_schema=False)
    return Query(
        min_length=1,
        max_length=100,
        description="Only rows whose name contains this (case and accents do not matter).",
        openapi_examples=one(EXAMPLES[table]["name"].split()[0], "part of the example's name"),
    )


def _add_create(router: APIRouter, table: str, path: str) -> None:
    @router.post(
        path, response_model=SPECS[table].model, status_code=201, summary=f"Create a row of {table}"
    )
    def create_row(
        store: StoreDep,
        who: Editor,
        reach: ReachDep,
        row: Annotated[dict[str, Any], _schema(table), _example(table)],
    ) -> Any:
        access.check_row(store, reach, table, row)
        _, written = rows.create_row(
            store, table, row, audit=lambda key: record(store, who, "create", table, list(key))
        )
        return written


def _add_by_id(router: APIRouter, table: str, path: str) -> None:
    """Read, replace and delete of a table whose rows have an `id`."""
    model: Any = SPECS[table].model

    @router.get(f"{path}/{{id}}", response_model=model, summary=f"Read a row of {table}")
    def read_row(
        id: Annotated[str, _row_id(table)], store: StoreDep, _: Reader, reach: ReachDep
    ) -> Any:
        found = rows.get_row(store, table, (id,))
        access.check_row(store, reach, table, found)
        return found

    @router.put(f"{path}/{{id}}", response_model=model, summary=f"Replace a row of {table}")
    def replace_row(
        id: Annotated[str, _row_id(table)],
        store: StoreDep,
        who: Editor,
        reach: ReachDep,
        row: Annotated[dict[str, Any], _schema(table, id_optional=True), _example(table)],
    ) -> Any:
        if row.setdefault("id", id) != id:
            raise HTTPException(422, f"the body's id {row['id']!r} is not the path's {id!r}")
        # 404 before the body is validated; a row is moved only between the caller's accounts.
        access.check_row(store, reach, table, rows.get_row(store, table, (id,)))
        access.check_row(store, reach, table, row)
        _, written = rows.replace_row(
            store, table, row, audit=lambda key: record(store, who, "replace", table, list(key))
        )
        return written

    @router.delete(
        f"{path}/{{id}}",
        summary=f"Delete a row of {table}",
        # 204 for a delete; an erasure (people, erase=true) answers 200 with what it did.
        responses={204: {"description": "Deleted"}},
    )
    def delete_row(
        id: Annotated[str, _row_id(table)],
        store: StoreDep,
        who: Admin,
        erase: Annotated[
            bool,
            Query(
                description="people only: also delete the interactions they were the "
                "only person of, and rewrite the engine's files, so that nothing identifying "
                "them remains; answers 200 with the free text elsewhere that still names them",
                openapi_examples=one(False, "delete the row only"),
            ),
        ] = False,
        scrub: Annotated[
            bool,
            Query(
                description="with erase: replace their name and e-mail in that free text by "
                "[erased] first",
                openapi_examples=one(False, "report the mentions only"),
            ),
        ] = False,
    ) -> Any:
        if erase and table != "people":
            rows.get_row(store, table, (id,))
            raise HTTPException(422, "erase=true applies to people only")
        if erase:
            done = privacy.erase_person(store, id, scrub=scrub)
            # The log keeps that an erasure happened, not whom it erased.
            record(store, who, "erase", table, [])
            return asdict(done)
        rows.delete_row(store, table, (id,))
        record(store, who, "delete", table, [id])
        return Response(status_code=204)


def _add_by_key(router: APIRouter, table: str, path: str) -> None:
    """Replace and delete of a link table, named by its key fields."""
    spec = SPECS[table]

    @router.put(path, response_model=spec.model, summary=f"Replace a row of {table} (by key)")
    def replace_link(
        store: StoreDep,
        who: Editor,
        reach: ReachDep,
        row: Annotated[dict[str, Any], _schema(table), _example(table)],
    ) -> Any:
        access.check_row(store, reach, table, row)
        _, written = rows.replace_row(
            store, table, row, audit=lambda key: record(store, who, "replace", table, list(key))
        )
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
        key = rows.key_from(table, request.query_params)
        rows.delete_row(store, table, key)
        record(store, who, "delete", table, list(key))
        return Response(status_code=204)


def router_for(table: str) -> APIRouter:
    path = f"/v1/{PATHS[table]}"
    router = APIRouter(tags=[PATHS[table]], responses=RESPONSES)
    # Actions have a list of their own, with more filters (api/routes/plans.py).
    if table != "actions":
        _add_list(router, table, path)
    _add_create(router, table, path)
    if SPECS[table].key == ("id",):
        _add_by_id(router, table, path)
    else:
        _add_by_key(router, table, path)
    return router


ROUTERS = [router_for(table) for table in PATHS]
