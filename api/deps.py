"""Dependencies as `Annotated` aliases: the process's store, the caller and its role.

The caller is a bearer token or a signed-in user (a session cookie): see `api.session` for how
pages require a user and how forms carry their CSRF token."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http.cookies import SimpleCookie
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.session import (
    SESSION_COOKIE,
    current_session,
    require_csrf,
    signin_redirect,
    wants_page,
)
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.services import access, names, sessions
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


async def caller(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> TokenInfo:
    """Who makes the request: a bearer token, else the signed-in user of the session cookie
    (whose writes must carry the session's CSRF token). The store is read in a worker thread:
    this dependency is async only to read a form's CSRF field."""
    if settings.auth_disabled:
        return TokenInfo("local", "admin")
    if credentials is not None:
        found = await run_in_threadpool(verify, store, credentials.credentials)
        if found is None:
            raise HTTPException(
                401, "invalid, expired or revoked token", {"WWW-Authenticate": "Bearer"}
            )
        return found
    if "authorization" in request.headers:
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    found_session = await run_in_threadpool(current_session, request, store, settings)
    if found_session is None:
        if wants_page(request):
            raise signin_redirect(request)
        raise HTTPException(
            401,
            "a bearer token or a signed-in session is required",
            {"WWW-Authenticate": "Bearer"},
        )
    await require_csrf(request)
    return found_session.user.caller()


def credential_known(store: GraphStore, settings: Settings, headers: Mapping[bytes, bytes]) -> bool:
    """Whether raw request headers carry a credential the store knows — a bearer token or a
    live session cookie — before the body is read (api/gate.py)."""
    scheme, _, secret = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() == "bearer":
        return verify(store, secret.strip()) is not None
    cookies = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
    sid = cookies.get(SESSION_COOKIE)
    return (
        sid is not None
        and sessions.find(store, sid.value, settings.session_idle_minutes) is not None
    )


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


def guard_path(request: Request, store: StoreDep, reach: ReachDep) -> None:
    """A router's dependency: 404 for an account, person or action outside the caller's reach
    (KAMGRAPH_ACCESS=team), before the route reads anything."""
    if reach.everything:
        return
    params = request.path_params
    # Accounts and people may be given by name (api/names.py): check the one meant.
    if "account" in params:
        account = names.as_id(store, "account", str(params["account"]))
        access.check(store, reach, "account", account)
    if "person" in params:
        access.check(store, reach, "person", names.as_id(store, "person", str(params["person"])))
    if "action" in params:
        access.check(store, reach, "action", str(params["action"]))
    opportunity = params.get("opportunity") or request.query_params.get("opportunity")
    if opportunity:
        access.check(store, reach, "opportunity", names.as_id(store, "opportunity", opportunity))


Guarded = Depends(guard_path)
