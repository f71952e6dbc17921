"""The FastAPI application: one store per process, opened in the lifespan and injected.

This is the base the REST API issue builds on: for now it serves `/health` (the process is up)
and `/ready` (the database answers), which is what docker-compose and orchestrators probe.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from kamgraph import __version__
from kamgraph.settings import Settings
from kamgraph.store import GraphStore, open_store


class HealthOut(BaseModel):
    status: str
    version: str


class ReadyOut(BaseModel):
    status: str
    engine: str
    location: str
    detail: str = ""


def create_app(settings: Settings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings or Settings())
        app.state.store = store
        try:
            yield
        finally:
            store.close()

    app = FastAPI(title="kamgraph", version=__version__, lifespan=lifespan)

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


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]
