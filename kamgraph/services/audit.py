"""The audit log: who changed what, when, and which ids, never a secret.

Writes through the API are recorded by the API (who: the token's name); token changes are recorded
here, by `kamgraph.services.tokens`, whoever calls it (who: the local user, as `cli:<user>`)."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import uuid
from collections.abc import Sequence

from kamgraph.storage.base import GraphStore


def append(store: GraphStore, who: str, action: str, target: str, ids: Sequence[object]) -> None:
    store.write(
        "audit/append",
        id=uuid.uuid4().hex,
        at=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        who=who,
        action=action,
        target=target,
        ids=[str(i) for i in ids] or ["-"],
    )


def local_user() -> str:
    """`cli:<login name>` of the process (its uid where the system knows no name for it)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no LOGNAME/USER and no passwd entry (some containers)
        user = f"uid-{os.getuid()}"
    return f"cli:{user}"
