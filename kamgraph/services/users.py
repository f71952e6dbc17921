"""Users of the browser workspace: a name, a role, optionally the seller they are, and an argon2
hash of their password (never the password itself).

A user acts with the rights a token of the same role and seller would have: the API sees a
signed-in user as `TokenInfo("user:<name>", role, seller=seller)` (token names cannot hold a
colon, so the two never collide). Adding, removing and resetting a user are recorded in the
audit log (name and role, never a password or hash); changing one's own password too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kamgraph.errors import ConflictError, KamgraphError, NotFound
from kamgraph.services import clock
from kamgraph.services.audit import append, local_user
from kamgraph.services.rows import row_exists
from kamgraph.services.tokens import ROLES, Role, TokenInfo
from kamgraph.storage.base import GraphStore

_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD = 10
# argon2 hashes whatever it is given; a cap keeps one request from costing seconds of CPU.
MAX_PASSWORD = 1024
PREFIX = "user:"
# argon2-cffi's defaults (RFC 9106 low-memory profile: 64 MiB, 3 passes); one hasher per process.
_hasher = PasswordHasher()


@cache
def _dummy() -> str:
    """Checked against when the user name is unknown, so that an unknown name takes as long as
    a wrong password (no probing for which names exist); made once, when first needed."""
    return _hasher.hash("kamgraph: no such user")


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    seller: str | None = None
    created: str | None = None

    def caller(self) -> TokenInfo:
        return TokenInfo(PREFIX + self.name, self.role, self.created, None, self.seller)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise KamgraphError(f"a password has at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise KamgraphError(f"a password has at most {MAX_PASSWORD} characters")


def _user(row: dict[str, object]) -> User:
    seller, created = row.get("seller"), row.get("created")
    return User(
        str(row["name"]),
        row["role"],  # type: ignore[arg-type]
        seller if isinstance(seller, str) else None,
        created if isinstance(created, str) else None,
    )


def add_user(
    store: GraphStore,
    name: str,
    role: str,
    password: str,
    *,
    seller: str | None = None,
    who: str | None = None,
) -> User:
    if role not in ROLES:
        raise KamgraphError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if not _NAME.match(name):
        raise KamgraphError("a user name is 1-64 letters, digits or . _ @ -")
    check_password(password)
    if seller is not None and not row_exists(store, "sellers", (seller,)):
        raise NotFound(f"unknown seller {seller!r}")
    if find_user(store, name) is not None:
        raise ConflictError(f"a user named {name!r} already exists")
    created = clock.iso(clock.now().replace(microsecond=0))
    store.write(
        "auth/create_user",
        user=name,
        role=role,
        hash=_hasher.hash(password),
        seller=seller,
        created=created,
    )
    append(store, who or local_user(), "create", "users", [name, role])
    return User(name, role, seller, created)


def find_user(store: GraphStore, name: str) -> User | None:
    rows = store.read("auth/find_user", user=name)
    return _user(rows[0]) if rows else None


def list_users(store: GraphStore) -> list[User]:
    return [_user(r) for r in store.read("auth/list_users")]


def remove_user(store: GraphStore, name: str, who: str | None = None) -> None:
    """Remove a user and end their sessions at once."""
    user = find_user(store, name)
    if user is None:
        raise NotFound(f"unknown user {name!r}")
    store.write("auth/end_user_sessions", user=name)
    store.write("auth/remove_user", user=name)
    append(store, who or local_user(), "delete", "users", [name, user.role])


def set_password(store: GraphStore, name: str, password: str, who: str | None = None) -> None:
    """A new password (an admin's reset, or the user's own change): every session of the user
    ends, so a stolen session does not outlive the password it came from."""
    check_password(password)
    rows = store.write("auth/set_user_hash", user=name, hash=_hasher.hash(password))
    if not rows or int(rows[0]["n"]) == 0:
        raise NotFound(f"unknown user {name!r}")
    store.write("auth/end_user_sessions", user=name)
    append(store, who or local_user(), "passwd", "users", [name])


def authenticate(store: GraphStore, name: str, password: str) -> User | None:
    """The user when `password` is theirs, else None (an unknown name included)."""
    if len(password) > MAX_PASSWORD:
        return None
    rows = store.read("auth/find_user", user=name)
    stored = str(rows[0]["hash"]) if rows else _dummy()
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if not rows:
        return None
    if _hasher.check_needs_rehash(stored):  # argon2's parameters were raised since
        store.write("auth/set_user_hash", user=name, hash=_hasher.hash(password))
    return _user(rows[0])
