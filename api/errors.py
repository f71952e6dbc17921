"""kamgraph errors → HTTP status, in one place (never a stack trace in a response)."""

from __future__ import annotations

import logging
import traceback
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from kamgraph.errors import (
    ConflictError,
    DatabaseUnavailable,
    InvalidBundle,
    KamgraphError,
    NotFound,
    QueryError,
)
from kamgraph.services.names import AmbiguousName

log = logging.getLogger("kamgraph.api")

STATUS: tuple[tuple[type[Exception], int], ...] = (
    (NotFound, 404),
    (ConflictError, 409),
    # A name several rows carry: like a conflict, the request is fine but must name one (the id).
    (AmbiguousName, 409),
    (InvalidBundle, 422),
    (DatabaseUnavailable, 503),
    (QueryError, 500),
    (KamgraphError, 422),  # bad input the domain refused (max_hops, unknown role, ...)
)


def status_of(error: Exception) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 500


# An error names what it refuses, and what it refuses may be a lone surrogate ("\ud800" in the
# request's JSON): UTF-8 cannot encode it, and rendering the answer failed (a 500). Shown escaped.
def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(v) for v in value]
    return value


def _field_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    """FastAPI's own field errors without the `input`: that echoed the refused value (10 MB of
    it, or a string no answer can encode)."""
    kept = ("type", "loc", "msg", "ctx")
    return [{k: e[k] for k in kept if k in e} for e in error.errors()]


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        detail = _printable(jsonable_encoder(_field_errors(error)))
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(KamgraphError)
    async def domain_error(request: Request, error: KamgraphError) -> JSONResponse:
        status = status_of(error)
        body: dict[str, object] = {"detail": str(error)}
        if isinstance(error, InvalidBundle):
            body["errors"] = error.errors
        if status >= 500:
            ref = _log_failure(request, error)
            if isinstance(error, QueryError):
                body = {"detail": f"internal error: a query failed; see the server log ({ref})"}
        return JSONResponse(_printable(body), status_code=status)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        ref = _log_failure(request, error)
        return JSONResponse(
            {"detail": f"internal error; see the server log ({ref})"}, status_code=500
        )


def _log_failure(request: Request, error: Exception) -> str:
    """Log a failure without row data: the route's template (not the ids in the path), the
    error's type and where it was raised — never its message, which may quote a name or an
    e-mail (an engine error repeats the value it refused). The reference ties the answer to
    the log line."""
    ref = uuid.uuid4().hex[:12]
    route = getattr(request.scope.get("route"), "path", "?")
    frames = "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)[-5:]))
    log.error(
        "%s %s failed (ref %s): %s\n%s", request.method, route, ref, type(error).__name__, frames
    )
    return ref


class ErrorOut(BaseModel):
    """Every error response: `detail` says what is wrong (a list of field errors for a request
    FastAPI itself rejected); `errors` lists every `table[row].field` problem of a bundle."""

    detail: str | list[dict[str, Any]]
    errors: list[str] | None = None


# Declared on every route, so that the OpenAPI schema documents what clients will see.
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body is not valid JSON."},
    401: {"model": ErrorOut, "description": "No token, or an invalid or revoked one."},
    403: {"model": ErrorOut, "description": "The token's role may not do this."},
    404: {"model": ErrorOut, "description": "An id in the request is unknown."},
    409: {"model": ErrorOut, "description": "A duplicate id, a row in use, or an ambiguous name."},
    413: {"model": ErrorOut, "description": "The request body is over the size limit."},
    422: {"model": ErrorOut, "description": "Invalid input, with where and why."},
    503: {"model": ErrorOut, "description": "The database is unavailable."},
}
