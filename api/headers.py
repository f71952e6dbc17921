"""Security headers on every answer, so a browser enforces what the pages' `<meta>` only asks.

Every response: `nosniff`, no framing (`X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`;
a `<meta>` policy cannot say `frame-ancestors`), no referrer. An HTML page of ours carries its
policy (with the page's script nonce) in a `<meta>` tag: the header repeats that policy, so the
two agree (the API docs page included, api/docs.py); any other answer gets `default-src 'none'`.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

META_POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
NO_FRAMES = "frame-ancestors 'none'"
DEFAULT_POLICY = f"default-src 'none'; {NO_FRAMES}"
ALWAYS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
# Headers this middleware owns: the app's own values of them are replaced, not doubled.
OWNED = {name for name, _ in ALWAYS} | {b"content-security-policy"}


def policy_for(content_type: bytes, first_body: bytes) -> str:
    if content_type.startswith(b"text/html"):
        found = META_POLICY.search(first_body)
        if found:
            return f"{found.group(1).decode('ascii', 'replace')}; {NO_FRAMES}"
    return DEFAULT_POLICY


class SecurityHeaders:
    """Adds the headers when the first part of the body is known (the policy is read from it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None

        async def with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if start is not None and message["type"] == "http.response.body":
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in OWNED]
                content_type = dict(headers).get(b"content-type", b"")
                policy = policy_for(content_type, message.get("body", b""))
                headers += [*ALWAYS, (b"content-security-policy", policy.encode())]
                await send({**start, "headers": headers})
                start = None
            await send(message)

        await self.app(scope, receive, with_headers)
