"""The audit log: who changed what, when, and which ids, never a secret.

Writes through the API are recorded by the API (who: the token's name); token changes are recorded
here, by `kamgraph.services.tokens`, whoever calls it (who: the local user, as `cli:<user>`)."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from kamgraph.services.paging import checked_offset
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


@dataclass(frozen=True)
class AuditEntry:
    id: str
    at: str
    who: str
    action: str
    target: str
    ids: list[str]


def entries(store: GraphStore, offset: int = 0, limit: int = 100) -> tuple[list[AuditEntry], int]:
    """A page of the log, newest first, and how many entries it holds in all."""
    rows = store.read("audit/list", offset=checked_offset(offset), limit=limit)
    total = int(store.read("audit/count")[0]["n"])
    found = [
        AuditEntry(
            id=str(r["id"]),
            at=str(r["at"]),
            who=str(r["who"]),
            action=str(r["action"]),
            target=str(r["target"]),
            ids=[str(i) for i in r["ids"] if i != "-"],  # "-": an entry of no ids
        )
        for r in rows
    ]
    return found, total
