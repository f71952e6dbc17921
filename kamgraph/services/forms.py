"""What the workspace's recording forms need beyond the row services: ids for new rows, the
version of a row as a form showed it (optimistic concurrency), and an invalid bundle's errors
by field, so each message can stand beside its field."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

from kamgraph.errors import InvalidBundle

# `interactions[0].date: Value error, ...` -> ("date", "...")
_ERROR = re.compile(r"^\w+\[\d+\]\.(\w+): (?:Value error, )?(.*)$", re.DOTALL)


def interaction_id(day: dt.date) -> str:
    """A readable, unique enough id for an interaction logged by hand: `int-20261120-3f9a1c`."""
    return f"int-{day:%Y%m%d}-{secrets.token_hex(3)}"


def version(row: Mapping[str, Any]) -> str:
    """A short digest of a stored row: the form carries it, a save compares it with the row as
    it is then, and a difference means someone else changed the row in between."""
    text = json.dumps(row, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def field_errors(error: InvalidBundle) -> dict[str, list[str]]:
    """An invalid row's messages by field (`_` for those that name none)."""
    found: dict[str, list[str]] = {}
    for message in error.errors:
        m = _ERROR.match(message)
        field, text = (m.group(1), m.group(2)) if m else ("_", message)
        found.setdefault(field, []).append(text)
    return found
