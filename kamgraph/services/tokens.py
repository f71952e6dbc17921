"""Bearer tokens of the REST API: each has a name, a role, an expiry and optionally the seller it
acts for; only a hash of the secret is kept.

Creating and revoking a token are recorded in the audit log (name and role, never the secret)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Literal

from kamgraph.errors import ConflictError, KamgraphError, NotFound
from kamgraph.services.audit import append, local_user
from kamgraph.services.rows import row_exists
from kamgraph.storage.base import GraphStore

Role = Literal["reader", "editor", "admin"]
ROLES: tuple[Role, ...] = ("reader", "editor", "admin")
# What each role may do includes what the roles before it may do.
RANK = {role: i for i, role in enumerate(ROLES)}
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
PREFIX = "kg_"
# Tokens made before expiry existed count from their creation with this lifetime.
DEFAULT_DAYS = 90
MAX_DAYS = 3650


@dataclass(frozen=True)
class TokenInfo:
    name: str
    role: Role
    created: str | None = None
    expires: str | None = None
    # The seller this caller acts for (`KAMGRAPH_ACCESS=team` limits it to that seller's accounts).
    seller: str | None = None


def digest(secret: str) -> str:
    # A plain SHA-256 suffices: the secrets are 256 random bits, not passwords to brute-force.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def allows(role: str, needed: Role) -> bool:
    return role in RANK and RANK[role] >= RANK[needed]


def create_token(
    store: GraphStore,
    name: str,
    role: str,
    who: str | None = None,
    *,
    days: int = DEFAULT_DAYS,
    seller: str | None = None,
) -> str:
    """Store a new token valid for `days` and return its secret (shown once; only its hash is
    kept). `seller` binds it to a seller of the store.

    `who` goes into the audit entry; by default the local user (`cli:<user>`)."""
    if role not in ROLES:
        raise KamgraphError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if not _NAME.match(name):
        raise KamgraphError("a token name is 1-64 letters, digits or . _ @ -")
    if not 1 <= days <= MAX_DAYS:
        raise KamgraphError(f"a token lives 1 to {MAX_DAYS} days, not {days}")
    if seller is not None and not row_exists(store, "sellers", (seller,)):
        raise NotFound(f"unknown seller {seller!r}")
    if any(t.name == name for t in list_tokens(store)):
        raise ConflictError(f"a token named {name!r} already exists")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = _now().replace(microsecond=0)
    store.write(
        "auth/create_token",
        token=name,
        role=role,
        hash=digest(secret),
        created=now.isoformat(),
        expires=(now + dt.timedelta(days=days)).isoformat(),
        seller=seller,
    )
    append(store, who or local_user(), "create", "tokens", [name, role])
    return secret


def _info(row: dict[str, object]) -> TokenInfo:
    created = row["created"]
    expires = row.get("expires")
    if expires is None and isinstance(created, str):
        expires = (dt.datetime.fromisoformat(created) + dt.timedelta(days=DEFAULT_DAYS)).isoformat()
    seller = row.get("seller")
    return TokenInfo(
        str(row["name"]),
        row["role"],  # type: ignore[arg-type]
        created if isinstance(created, str) else None,
        expires if isinstance(expires, str) else None,
        seller if isinstance(seller, str) else None,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def expired(token: TokenInfo) -> bool:
    return token.expires is not None and dt.datetime.fromisoformat(token.expires) <= _now()


def list_tokens(store: GraphStore) -> list[TokenInfo]:
    return [_info(r) for r in store.read("auth/list_tokens")]


def revoke_token(store: GraphStore, name: str, who: str | None = None) -> None:
    role = next((t.role for t in list_tokens(store) if t.name == name), None)
    rows = [] if role is None else store.write("auth/revoke_token", token=name)
    if not rows or int(rows[0]["n"]) == 0:
        raise NotFound(f"unknown token {name!r}")
    append(store, who or local_user(), "revoke", "tokens", [name, role])


def verify(store: GraphStore, secret: str) -> TokenInfo | None:
    if not secret.startswith(PREFIX):
        return None
    rows = store.read("auth/find_token", hash=digest(secret))
    if not rows:
        return None
    token = _info(rows[0])
    return None if expired(token) else token
