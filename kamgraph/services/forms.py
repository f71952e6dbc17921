"""What the workspace's recording forms need beyond the row services: ids for new rows, the
version of a row as a form showed it and a save that checks it (optimistic concurrency), and an
invalid bundle's errors by field, so each message can stand beside its field."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

from kamgraph.errors import ConflictError, InvalidBundle, NotFound
from kamgraph.services.rows import Key, create_row, get_row, replace_row, validated_key
from kamgraph.storage.base import GraphStore

# `interactions[0].date: Value error, ...` -> ("date", "..."); `actions[0].raci.R: ...` -> "raci.R"
_ERROR = re.compile(r"^\w+\[\d+\]\.([\w.]+): (?:Value error, )?(.*)$", re.DOTALL)


def interaction_id(day: dt.date) -> str:
    """A readable, unique enough id for an interaction logged by hand: `int-20261120-3f9a1c`."""
    return f"int-{day:%Y%m%d}-{secrets.token_hex(3)}"


def version(row: Mapping[str, Any]) -> str:
    """A short digest of a stored row: the form carries it, a save compares it with the row as
    it is then, and a difference means someone else changed the row in between."""
    text = json.dumps(row, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def field_errors(
    error: InvalidBundle, rename: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """An invalid row's messages by form field (`_` for those that name none). A nested path
    (`raci.R`, `people.0`) goes to the form field `rename` gives it, else to its first part."""
    found: dict[str, list[str]] = {}
    for message in error.errors:
        m = _ERROR.match(message)
        path, text = (m.group(1), m.group(2)) if m else ("_", message)
        field = (rename or {}).get(path) or path.split(".")[0]
        found.setdefault((rename or {}).get(field, field), []).append(text)
    return found


def new_id(prefix: str, day: dt.date) -> str:
    """A readable, unique enough id for a row added by hand: `act-20261120-3f9a1c`."""
    return f"{prefix}-{day:%Y%m%d}-{secrets.token_hex(3)}"


class Stale(Exception):
    """The row changed (or appeared) since the form showed it: `current` is how it is now."""

    def __init__(self, current: dict[str, Any] | None) -> None:
        super().__init__("changed meanwhile")
        self.current = current


def stored(store: GraphStore, table: str, key: Key) -> dict[str, Any] | None:
    try:
        return get_row(store, table, key)
    except NotFound:
        return None


def save_row(
    store: GraphStore, table: str, row: Mapping[str, Any], shown: str
) -> tuple[Key, dict[str, Any] | None]:
    """Creates or replaces the row at its key if it is still as the form showed it (`shown`:
    its version then, "" for no row); Stale otherwise. Returns its key and the row before.

    The version is compared twice: early, so that a stale form is told before any work, and
    as the write's guard (`GraphStore.atomic`), while no other unit can be applied, so that of
    two saves of one row in the same instant the second is refused, never applied over the
    first."""
    key = validated_key(table, row)  # InvalidBundle first: a bad field is told before a conflict

    def unchanged() -> dict[str, Any] | None:
        now = stored(store, table, key)
        if (version(now) if now else "") != shown:
            raise Stale(now)
        return now

    before = unchanged()
    try:
        if before is None:
            create_row(store, table, row, guard=unchanged)
        else:
            # Fields the form does not show (a role's `since`, a link's `confidence`) stay as
            # stored.
            replace_row(store, table, {**before, **row}, guard=unchanged)
    except ConflictError:
        raise Stale(stored(store, table, key)) from None
    return key, before
