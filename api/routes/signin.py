"""Signing in and out in the browser, and changing one's own password.

`GET /signin` shows the form (with a pre-session CSRF token, double-submitted as a cookie);
`POST /signin` checks it, waits as `kamgraph.services.signin` says after repeated failures, and
on success starts a session (cookie `kamgraph_session`) and redirects to `next` (a local path
only). `POST /signout` ends the session in the store. `/` leads to the home page when signed in,
else to the form. Pages are outside the OpenAPI schema: they are for browsers, not clients.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import Reader, SettingsDep, StoreDep
from api.session import (
    HOME,
    SIGNIN_CSRF_COOKIE,
    FormCsrf,
    clear_session_cookie,
    csrf_token,
    current_session,
    new_signin_csrf,
    safe_next,
    session_id,
    set_cookie,
    set_session_cookie,
)
from kamgraph.errors import KamgraphError
from kamgraph.services import sessions, signin
from kamgraph.services.audit import append
from kamgraph.services.users import MAX_PASSWORD, MIN_PASSWORD, PREFIX, authenticate, set_password
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore
from viz.signin import password_page, signin_page

router = APIRouter(include_in_schema=False)
# The wait before a slowed-down attempt is checked; awaited, so no thread is held (tests swap it).
pause = asyncio.sleep
NO_STORE = {"Cache-Control": "no-store"}
# Enough for the user to fill the form in; the token is worth nothing without a password.
SIGNIN_FORM_SECONDS = 3600


def limits_of(settings: Settings) -> signin.Limits:
    return signin.Limits(
        free=settings.signin_free_failures,
        max_delay=settings.signin_max_delay,
        max_failures=settings.signin_max_failures,
        lock_minutes=settings.signin_lock_minutes,
    )


def _form(
    request: Request,
    settings: Settings,
    *,
    next_path: str,
    user: str = "",
    message: str = "",
    status: int = 200,
) -> HTMLResponse:
    token = new_signin_csrf()
    page = signin_page(csrf=token, next_path=next_path, user=user, message=message)
    response = HTMLResponse(page, status_code=status, headers=NO_STORE)
    set_cookie(
        response,
        request,
        settings,
        SIGNIN_CSRF_COOKIE,
        token,
        max_age=SIGNIN_FORM_SECONDS,
        path="/signin",
    )
    return response


def _signed_in(request: Request, store: GraphStore, settings: Settings) -> bool:
    return settings.auth_disabled or current_session(request, store, settings) is not None


@router.get("/")
def root(request: Request, store: StoreDep, settings: SettingsDep) -> RedirectResponse:
    target = HOME if _signed_in(request, store, settings) else "/signin"
    return RedirectResponse(target, status_code=303)


@router.get("/signin", response_class=HTMLResponse, response_model=None)
def signin_form(
    request: Request, store: StoreDep, settings: SettingsDep, next: str = HOME
) -> HTMLResponse | RedirectResponse:
    target = safe_next(next)
    if _signed_in(request, store, settings):
        return RedirectResponse(target, status_code=303)
    return _form(request, settings, next_path=target)


@router.post("/signin", response_class=HTMLResponse, response_model=None)
async def signin_submit(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    user: Annotated[str, Form(max_length=256)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    csrf: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=2048)] = HOME,
) -> HTMLResponse | RedirectResponse:
    target = safe_next(next)
    expected = request.cookies.get(SIGNIN_CSRF_COOKIE, "")
    if not expected or not csrf or not sessions.same(csrf, expected):
        message = "the sign-in form had expired; please sign in again"
        return _form(request, settings, next_path=target, user=user, message=message, status=403)
    limits = limits_of(settings)
    address = request.client.host if request.client else "unknown"
    try:
        attempt = await run_in_threadpool(signin.begin, store, user, address, limits)
        await pause(attempt.delay)
        found = await run_in_threadpool(signin.conclude, store, attempt, password, limits)
    except signin.SignInRefused as refused:
        status = 429 if isinstance(refused, signin.Locked) else 401
        return _form(
            request, settings, next_path=target, user=user, message=str(refused), status=status
        )
    sid, _ = await run_in_threadpool(sessions.start, store, found, settings.session_hours)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, request, settings, sid)
    response.delete_cookie(SIGNIN_CSRF_COOKIE, path="/signin")
    return response


@router.post("/signout")
def signout(
    request: Request, store: StoreDep, settings: SettingsDep, _: FormCsrf
) -> RedirectResponse:
    sid = session_id(request)
    if sid is not None:
        found = current_session(request, store, settings)
        if sessions.end(store, sid) and found is not None:
            append(store, found.user.caller().name, "signout", "sessions", [found.user.name])
    response = RedirectResponse("/signin", status_code=303)
    clear_session_cookie(response, request, settings)
    return response


def _user_name(who_name: str) -> str | None:
    return who_name.removeprefix(PREFIX) if who_name.startswith(PREFIX) else None


@router.get("/password", response_class=HTMLResponse)
def password_form(request: Request, who: Reader) -> HTMLResponse:
    name = _user_name(who.name)
    if name is None:
        return HTMLResponse("only a signed-in user has a password to change", 403)
    page = password_page(name=name, csrf=csrf_token(request), min_length=MIN_PASSWORD)
    return HTMLResponse(page, headers=NO_STORE)


@router.post("/password", response_class=HTMLResponse)
def password_submit(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    who: Reader,
    old: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    new: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    again: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
) -> HTMLResponse:
    """A new password for the signed-in user: the old one, and the new one twice. Every session
    of the user ends; this browser gets a new one."""
    name = _user_name(who.name)
    if name is None:
        return HTMLResponse("only a signed-in user has a password to change", 403)

    def answer(message: str, status: int, ok: bool = False, csrf: str = "") -> HTMLResponse:
        token = csrf or csrf_token(request)
        page = password_page(name=name, csrf=token, min_length=MIN_PASSWORD, message=message, ok=ok)
        return HTMLResponse(page, status_code=status, headers=NO_STORE)

    if new != again:
        return answer("the two new passwords differ", 422)
    user = authenticate(store, name, old)
    if user is None:
        append(store, who.name, "passwd-failed", "users", [name])
        return answer("the current password is wrong", 401)
    try:
        set_password(store, name, new, who=who.name)
    except KamgraphError as refused:
        return answer(str(refused), 422)
    sid, _ = sessions.start(store, user, settings.session_hours)
    # The page's forms belong to the new session.
    response = answer("password changed", 200, ok=True, csrf=sessions.csrf_for(sid))
    set_session_cookie(response, request, settings, sid)
    return response
