"""The FastAPI application: one store per process, opened in the lifespan and injected.

`/health` says the process is up, `/ready` that the database answers (what docker-compose and
orchestrators probe); the versioned routes live in `api/routes/`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import audit, docs, errors, session
from api.deps import StoreDep
from api.gate import TokenBeforeBody
from api.headers import SecurityHeaders
from api.origin import SameOrigin
from api.routes import (
    analyses,
    bundle,
    crud,
    forms,
    home,
    personform,
    plans,
    portfolio,
    privacy,
    rowforms,
    search,
    signin,
    workspace,
)
from kamgraph import __version__
from kamgraph.settings import Settings
from kamgraph.storage import open_store


class HealthOut(BaseModel):
    status: str
    version: str


class ReadyOut(BaseModel):
    status: str
    engine: str
    location: str
    detail: str = ""


def create_app(settings: Settings | None = None) -> FastAPI:
    config = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(config)
        app.state.store = store
        app.state.settings = config
        try:
            yield
        finally:
            store.close()

    # The docs page is our own (api/docs.py): Swagger UI served by kamgraph, not a CDN.
    app = FastAPI(
        title="kamgraph", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None
    )
    errors.install(app)
    docs.install(app)
    session.install(app)  # a page without a session: the way to /signin
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes)
    app.add_middleware(TokenBeforeBody)  # a body is read only for a known token
    app.add_middleware(SameOrigin)  # before the body is read
    if config.allowed_hosts:
        # A page of a rebound DNS name (evil.example → 127.0.0.1) is same-origin to itself
        # and passes SameOrigin; the Host it sends does not pass this.
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts)
    app.add_middleware(SecurityHeaders)  # outermost: the 403s and 413s get the headers too
    app.include_router(analyses.router)
    app.include_router(bundle.router)
    app.include_router(audit.router)
    app.include_router(privacy.router)
    app.include_router(plans.router)
    app.include_router(portfolio.router)
    app.include_router(search.router)
    app.include_router(signin.router)
    app.include_router(home.router)
    app.include_router(workspace.router)
    app.include_router(forms.router)
    app.include_router(rowforms.router)
    app.include_router(personform.router)
    for router in crud.ROUTERS:
        app.include_router(router)

    @app.get("/health", response_model=HealthOut)
    def health() -> HealthOut:
        return HealthOut(status="ok", version=__version__)

    @app.get("/ready", response_model=ReadyOut, responses={503: {"model": ReadyOut}})
    def ready(store: StoreDep) -> JSONResponse:
        h = store.health()
        body = ReadyOut(
            status="ok" if h.ok else "unavailable",
            engine=h.engine,
            location=h.location,
            detail=h.detail,
        )
        return JSONResponse(body.model_dump(), status_code=200 if h.ok else 503)

    return app


class BodyLimit:
    """413 for a request body over the limit: at once when Content-Length says so, else (a chunked
    body) as soon as the bytes received pass it, without reading the rest."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self.refuse(scope, receive, send)
            return
        received = 0
        over = started = False

        async def counted() -> Message:
            nonlocal received, over
            if over:
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    over = True
                    raise BodyTooLarge
            return message

        async def answer(message: Message) -> None:
            # Once over, what the app makes of the failed read (FastAPI: a 400) is not sent.
            nonlocal started
            if over and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, answer)
        except Exception:
            if not over or started:
                raise
        if over and not started:
            await self.refuse(scope, receive, send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"detail": f"request body over {self.max_bytes} bytes"}, status_code=413
        )
        await response(scope, receive, send)


class BodyTooLarge(Exception):
    """Raised into the app by a read past the limit; BodyLimit answers 413 instead."""
