"""Browser sessions in the API: the session cookie, the CSRF check and the way to the sign-in page.

For the pages and forms of the workspace, the interface is:

- **A signed-in user.** Depend on `Reader`, `Editor` or `Admin` from `api.deps` (or on `caller`),
  as the JSON routes do. A request is authenticated by a bearer token *or* by the
  `kamgraph_session` cookie; a signed-in user arrives as `TokenInfo("user:<name>", role,
  seller=<their seller>)`, so roles, `KAMGRAPH_ACCESS=team` and the audit log (`who`) work as for
  tokens. A page request (GET, `Accept: text/html`) without a session is redirected to
  `/signin?next=<path>`; any other request without one answers 401.
- **CSRF on forms.** Render `csrf_token(request)` into every form as a hidden field named `csrf`
  (`<input type="hidden" name="csrf" value="{{ csrf }}">`); `fetch()` writes send it as the
  `X-CSRF-Token` header instead. Every POST, PUT, PATCH and DELETE authenticated by the session
  cookie is checked by `caller` itself: a missing or wrong token answers 403, before the route
  runs. A route that takes no `caller` can add the check with the `FormCsrf` dependency
  (`_: FormCsrf` as a parameter, or `dependencies=[Depends(require_csrf)]`). Bearer-token
  requests are exempt: a browser never adds an `Authorization` header on its own.

The CSRF token is an HMAC of the session id (`kamgraph.services.sessions.csrf_for`): one per
session, nothing stored. The sign-in form, before any session exists, carries a random token that
must match the `kamgraph_signin_csrf` cookie (double submit). Cookies are HttpOnly, SameSite=Lax,
Path=/, and Secure when the request is https: by its own scheme (uvicorn's `--proxy-headers`
rewrites it for a trusted proxy), by `X-Forwarded-Proto: https`, or always with
`KAMGRAPH_COOKIE_SECURE=true`. A spoofed `X-Forwarded-Proto` can only add Secure, never drop it.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import RedirectResponse

from api.origin import SAFE_METHODS
from kamgraph.services import sessions
from kamgraph.services.sessions import Session
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore

SESSION_COOKIE = "kamgraph_session"
SIGNIN_CSRF_COOKIE = "kamgraph_signin_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
HOME = "/home"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class SignInRequired(Exception):
    """Raised by `caller` for a page request without a session: answered by a redirect."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def install(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def to_signin(request: Request, error: SignInRequired) -> RedirectResponse:
        return RedirectResponse(error.location, status_code=303)


def session_id(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def current_session(request: Request, store: GraphStore, settings: Settings) -> Session | None:
    """The live session of the request's cookie, if any (reads the store: call it from a thread,
    not the event loop)."""
    sid = session_id(request)
    if sid is None:
        return None
    return sessions.find(store, sid, settings.session_idle_minutes)


def wants_page(request: Request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def signin_redirect(request: Request) -> SignInRequired:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return SignInRequired(f"/signin?next={quote(target, safe='/')}")


def safe_next(target: str | None) -> str:
    """`target` when it is a path of this server (`/…`), else the home page: never a redirect
    to another site (`//evil.example`, `https://…`, `/\\evil.example`)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return HOME
    if "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return HOME
    return target


def csrf_token(request: Request) -> str:
    """The CSRF token for the forms of this request's session ("" without a session cookie)."""
    sid = session_id(request)
    return sessions.csrf_for(sid) if sid else ""


async def sent_csrf(request: Request) -> str | None:
    """The token the request carries: the `X-CSRF-Token` header, else the form field `csrf`."""
    header = request.headers.get(CSRF_HEADER)
    if header is not None:
        return header
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def require_csrf(request: Request) -> None:
    """403 unless a write authenticated by the session cookie sends the session's CSRF token."""
    sid = session_id(request)
    if request.method in SAFE_METHODS or sid is None or "authorization" in request.headers:
        return
    sent = await sent_csrf(request)
    if sent is None or not sessions.same(sent, sessions.csrf_for(sid)):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


FormCsrf = Annotated[None, Depends(require_csrf)]


def is_https(request: Request, settings: Settings) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return settings.cookie_secure or request.url.scheme == "https" or forwarded == "https"


def set_cookie(
    response: Response,
    request: Request,
    settings: Settings,
    name: str,
    value: str,
    *,
    max_age: int,
    path: str = "/",
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        secure=is_https(request, settings),
        httponly=True,
        samesite="lax",
    )


def set_session_cookie(response: Response, request: Request, settings: Settings, sid: str) -> None:
    set_cookie(
        response, request, settings, SESSION_COOKIE, sid, max_age=settings.session_hours * 3600
    )


def clear_session_cookie(response: Response, request: Request, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        secure=is_https(request, settings),
        httponly=True,
        samesite="lax",
    )


def new_signin_csrf() -> str:
    return secrets.token_urlsafe(32)
