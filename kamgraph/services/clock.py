"""The time sessions and sign-in limits are measured by: one function, so tests can move it."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    # One fixed format (UTC, microseconds): the queries compare these strings as times.
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
