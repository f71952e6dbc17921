"""Dependencies as `Annotated` aliases: the process's store, the caller and its role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.services import access
from kamgraph.services.tokens import Role, TokenInfo, allows, verify
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore

bearer = HTTPBearer(auto_error=False, description="A token from `kamgraph token create`.")


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_analysis(settings: SettingsDep) -> AnalysisSettings:
    return settings.analysis


AnalysisDep = Annotated[AnalysisSettings, Depends(get_analysis)]


def caller(
    store: StoreDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> TokenInfo:
    if settings.auth_disabled:
        return TokenInfo("local", "admin")
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    found = verify(store, credentials.credentials)
    if found is None:
        raise HTTPException(
            401, "invalid, expired or revoked token", {"WWW-Authenticate": "Bearer"}
        )
    return found


def role(needed: Role) -> Callable[[TokenInfo], TokenInfo]:
    def check(who: Annotated[TokenInfo, Depends(caller)]) -> TokenInfo:
        if not allows(who.role, needed):
            raise HTTPException(403, f"the {who.role} role may not do this ({needed} needed)")
        return who

    return check


Reader = Annotated[TokenInfo, Depends(role("reader"))]
Editor = Annotated[TokenInfo, Depends(role("editor"))]
Admin = Annotated[TokenInfo, Depends(role("admin"))]


def get_reach(
    store: StoreDep, settings: SettingsDep, who: Annotated[TokenInfo, Depends(caller)]
) -> access.Reach:
    return access.reach_of(store, who, settings.access)


ReachDep = Annotated[access.Reach, Depends(get_reach)]
# Path parameters that name a row of an account, and what kind of row.
_GUARDED: dict[str, access.Kind] = {
    "account": "account",
    "person": "person",
    "action": "action",
    "opportunity": "opportunity",
}


def guard_path(request: Request, store: StoreDep, reach: ReachDep) -> None:
    """A router's dependency: 404 for an account, person or action outside the caller's reach
    (KAMGRAPH_ACCESS=team), before the route reads anything."""
    for name, kind in _GUARDED.items():
        value = request.path_params.get(name)
        if value is not None:
            access.check(store, reach, kind, str(value))
    opportunity = request.query_params.get("opportunity")
    if opportunity:
        access.check(store, reach, "opportunity", opportunity)


Guarded = Depends(guard_path)
