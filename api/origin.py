"""Cross-site writes are refused in every mode, with or without tokens.

A browser sends `Origin` with every cross-site POST, PUT, PATCH and DELETE (and `Sec-Fetch-Site`
in current browsers). A write whose Origin is not the server it is sent to, or that the browser
marks `cross-site`, is a page elsewhere using the user's browser (with auth disabled, it needs no
token at all): 403 before the app sees it. Clients that are not browsers send neither header.
`Origin: null` is a cross-site write too, unless the browser marks it `Sec-Fetch-Site:
same-origin` (a form of our own pages: see `cross_site`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def cross_site(method: str, headers: dict[bytes, bytes]) -> str | None:
    """Why a request is a cross-site write, or None."""
    if method in SAFE_METHODS:
        return None
    site = headers.get(b"sec-fetch-site", b"").lower()
    if site == b"cross-site":
        return "the browser marks this write cross-site"
    origin = headers.get(b"origin")
    if origin is None:
        return None
    text = origin.decode("latin-1").strip()
    if text == "null" and site == b"same-origin":
        # Our pages are served with `Referrer-Policy: no-referrer`, under which a browser sends
        # `Origin: null` with a form's POST; it then says where the form was with Sec-Fetch-Site
        # (which no page can set).
        return None
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    if text == "null" or urlsplit(text).netloc.lower() != host:
        return f"a write from origin {text!r} to host {host!r}"
    return None


class SameOrigin:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = cross_site(scope["method"], dict(scope.get("headers") or []))
            if reason is not None:
                answer = JSONResponse({"detail": f"cross-site write refused: {reason}"}, 403)
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
