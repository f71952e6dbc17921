"""Browser sessions, kept in the store so that signing out (or an expiry) ends one for real and
every process of the API sees the same sessions.

The session id is 256 random bits, sent to the browser only (in the `kamgraph_session` cookie);
the store holds its SHA-256 with the user, when it began, when it ends and when it was last used.
A session ends `hours` after sign-in, or after `idle_minutes` without a request (0: never idle).
Its CSRF token is derived from the id (an HMAC under another purpose), so it needs no storage and
cannot be computed without the HttpOnly cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from kamgraph.services import clock
from kamgraph.services.tokens import Role, digest
from kamgraph.services.users import User
from kamgraph.storage.base import GraphStore

# `seen` is written at most this often: a request of the same minute needs no write.
TOUCH_EVERY = dt.timedelta(seconds=60)
_CSRF_PURPOSE = b"kamgraph csrf v1"


@dataclass(frozen=True)
class Session:
    user: User
    created: str
    expires: str


def start(store: GraphStore, user: User, hours: int) -> tuple[str, Session]:
    """A new session of `user`; returns its id (for the cookie only) and what is stored."""
    now = clock.now()
    store.write("auth/purge_sessions", now=clock.iso(now))  # the expired ones, while we are here
    sid = secrets.token_urlsafe(32)
    created, expires = clock.iso(now), clock.iso(now + dt.timedelta(hours=hours))
    store.write(
        "auth/create_session",
        hash=digest(sid),
        user=user.name,
        created=created,
        expires=expires,
        seen=created,
    )
    return sid, Session(user, created, expires)


def find(store: GraphStore, sid: str, idle_minutes: int) -> Session | None:
    """The live session of id `sid`, or None (unknown, ended, expired or idle too long: an
    expired or idle one is deleted)."""
    if not sid or len(sid) > 128:
        return None
    hashed = digest(sid)
    rows = store.read("auth/find_session", hash=hashed)
    if not rows:
        return None
    row, now = rows[0], clock.now()
    seen = dt.datetime.fromisoformat(str(row["seen"]))
    idle = idle_minutes > 0 and now - seen >= dt.timedelta(minutes=idle_minutes)
    if dt.datetime.fromisoformat(str(row["expires"])) <= now or idle:
        store.write("auth/end_session", hash=hashed)
        return None
    if now - seen >= TOUCH_EVERY:
        store.write("auth/touch_session", hash=hashed, seen=clock.iso(now))
    seller = row.get("seller")
    role: Role = row["role"]
    user = User(str(row["user"]), role, seller if isinstance(seller, str) else None)
    return Session(user, str(row["created"]), str(row["expires"]))


def end(store: GraphStore, sid: str) -> bool:
    """End the session of id `sid`; False when there was none."""
    rows = store.write("auth/end_session", hash=digest(sid))
    return bool(rows) and int(rows[0]["n"]) > 0


def csrf_for(sid: str) -> str:
    """The CSRF token of a session: what its forms carry and its writes must send back."""
    return hmac.new(sid.encode("utf-8"), _CSRF_PURPOSE, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two tokens."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
