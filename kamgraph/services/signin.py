"""Signing in with a password, slowed down and then locked after repeated failures.

Failures are counted per user name and per client address, in the store (`SignInCounter` nodes),
so every process of the API sees the same counts. An attempt is counted *before* its password
is checked, by one atomic increment, so parallel attempts each get their own number and cannot
all slip under the limit. After `free` failures each attempt waits 1, 2, 4 ... seconds (at most
`max_delay`) before its password is checked; the failure that reaches `max_failures` locks the
name for `lock_minutes` ("too many failed sign-ins; try again in N minutes"), and so do five times
as many from one address (an office behind one NAT address shares it). A success forgets the
name's failures; counts older than `lock_minutes` are forgotten too.

Sign-ins, failed sign-ins (the name tried, never the password) and locks go into the audit log.
The waiting itself is the caller's (the API awaits it without holding a thread).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from kamgraph.errors import KamgraphError
from kamgraph.services import clock
from kamgraph.services.audit import append
from kamgraph.services.users import User, authenticate
from kamgraph.storage.base import GraphStore

# How many more failures one client address may have than one user name.
ADDRESS_FACTOR = 5
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Limits:
    free: int = 3
    max_delay: float = 30.0
    max_failures: int = 10
    lock_minutes: int = 15


class SignInRefused(KamgraphError):
    """A wrong name or password, or a lock: `str()` is the message to show."""


class Locked(SignInRefused):
    def __init__(self, minutes: int) -> None:
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(f"too many failed sign-ins; try again in {minutes} {unit}")
        self.minutes = minutes


@dataclass(frozen=True)
class Attempt:
    name: str
    # (counter key, this attempt's number on it, the failures that lock it)
    counts: tuple[tuple[str, int, int], ...]
    delay: float


def _keys(name: str, address: str, limits: Limits) -> list[tuple[str, int, int]]:
    """Each counter: its key, the failures allowed without waiting, the failures that lock."""
    return [
        (f"user:{name}", limits.free, limits.max_failures),
        (f"addr:{address}", limits.free * ADDRESS_FACTOR, limits.max_failures * ADDRESS_FACTOR),
    ]


def delay_after(failures: int, free: int, max_delay: float) -> float:
    """Seconds to wait before checking an attempt that follows `failures` failures."""
    if failures < free:
        return 0.0
    return float(min(max_delay, 2.0 ** min(failures - free, 32)))


def _minutes_until(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def _open_counter(store: GraphStore, key: str, now: dt.datetime, limits: Limits) -> None:
    """Raise Locked while `key` is locked; forget its counts once a lock or a quiet spell of
    `lock_minutes` has passed."""
    rows = store.read("auth/signin_counter", key=key)
    if not rows:
        return
    row = rows[0]
    locked = row.get("locked_until")
    if isinstance(locked, str):
        until = dt.datetime.fromisoformat(locked)
        if until > now:
            raise Locked(_minutes_until(until, now))
        store.write("auth/reset_signin", key=key)
        return
    last = row.get("last")
    window = dt.timedelta(minutes=limits.lock_minutes)
    if isinstance(last, str) and now - dt.datetime.fromisoformat(last) >= window:
        store.write("auth/reset_signin", key=key)


def begin(store: GraphStore, name: str, address: str, limits: Limits) -> Attempt:
    """Count an attempt to sign in as `name` from `address`: how long to wait before checking
    it, or Locked."""
    now = clock.now()
    counts: list[tuple[str, int, int]] = []
    delay = 0.0
    for key, free, lock_at in _keys(name, address, limits):
        _open_counter(store, key, now, limits)
        n = int(store.write("auth/count_signin_attempt", key=key, now=clock.iso(now))[0]["count"])
        if n > lock_at:  # parallel attempts past the limit, before the lock was written
            _lock(store, key, name, now, limits)
        counts.append((key, n, lock_at))
        delay = max(delay, delay_after(n - 1, free, limits.max_delay))
    return Attempt(name, tuple(counts), delay)


def _lock(store: GraphStore, key: str, name: str, now: dt.datetime, limits: Limits) -> None:
    until = now + dt.timedelta(minutes=limits.lock_minutes)
    store.write("auth/lock_signin", key=key, until=clock.iso(until))
    append(store, ANONYMOUS, "signin-locked", "sessions", [name])
    raise Locked(limits.lock_minutes)


def conclude(store: GraphStore, attempt: Attempt, password: str, limits: Limits) -> User:
    """Check the password of a counted attempt (after its wait): the user, or SignInRefused."""
    user = authenticate(store, attempt.name, password)
    if user is not None:
        user_key, address_key = attempt.counts[0][0], attempt.counts[1][0]
        store.write("auth/reset_signin", key=user_key)
        # A success is no failure of the address: take this attempt off its count again.
        store.write("auth/forget_signin_attempt", key=address_key)
        append(store, user.caller().name, "signin", "sessions", [user.name])
        return user
    append(store, ANONYMOUS, "signin-failed", "sessions", [attempt.name])
    for key, n, lock_at in attempt.counts:
        if n >= lock_at:
            _lock(store, key, attempt.name, clock.now(), limits)
    raise SignInRefused("wrong user name or password")
