"""Authentication before the body: a request that carries a body is answered 401 before one byte
of it is read unless it holds a valid credential (four unauthenticated 46 MB bodies took the
server from 214 MB to 1.28 GB). The routes still check the credential and its role as before;
this only moves the refusal of a missing or unknown one in front of the body.

The sign-in form is the one body an unknown caller may send, and only a small one.
"""

from __future__ import annotations

from anyio import to_thread
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import credential_known

# Paths an unauthenticated caller may POST to, with the most bytes each may send.
OPEN_BODIES = {"/signin": 16_384}


def _length(headers: dict[bytes, bytes]) -> int | None:
    """The declared body length; None for a chunked body (or a malformed length, which
    BodyLimit answers)."""
    value = headers.get(b"content-length")
    if b"transfer-encoding" in headers or value is None:
        return None if b"transfer-encoding" in headers else 0
    return int(value) if value.strip().isdigit() else None


class TokenBeforeBody:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["app"].state.settings.auth_disabled:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = _length(headers)
        allowed = OPEN_BODIES.get(scope["path"])
        if length == 0 or (allowed is not None and length is not None and length <= allowed):
            await self.app(scope, receive, send)
            return
        # The store lookup runs in a worker thread: the event loop keeps serving others.
        state = scope["app"].state
        if await to_thread.run_sync(credential_known, state.store, state.settings, headers):
            await self.app(scope, receive, send)
            return
        answer = JSONResponse(
            {"detail": "a bearer token or a signed-in session is required before the body is read"},
            401,
            headers={"WWW-Authenticate": "Bearer"},
        )
        await answer(scope, receive, send)
