"""Working with the actions of account plans: add, close (done/dropped), list with filters.

Every write goes through `import_data`, so an action added here is validated exactly like a
bundle row (unknown seller, person, account or gap kind, due before created, ...) and a refused
one leaves the data as it was.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any, Literal

from kamgraph.analysis.action_history import ActionFact, account_actions, by_due
from kamgraph.analysis.facts import require_account
from kamgraph.errors import ConflictError, KamgraphError, NotFound
from kamgraph.interchange.ingest import import_data, stored_rows
from kamgraph.interchange.model import ACTION_STATUSES, FORMAT
from kamgraph.storage.base import GraphStore

Closing = Literal["done", "dropped"]


def new_id(day: dt.date) -> str:
    """A readable, unique enough id for an action created by hand: `act-20261120-3f9a1c`."""
    return f"act-{day:%Y%m%d}-{secrets.token_hex(3)}"


def get_action(store: GraphStore, action: str) -> dict[str, Any]:
    found = stored_rows(store, "actions", [action])
    if (action,) not in found:
        raise NotFound(f"unknown action {action!r}")
    return dict(found[(action,)])


def add_action(store: GraphStore, row: dict[str, Any]) -> dict[str, Any]:
    """Create one action (a row of the `actions` table); its id must be new."""
    if "id" in row and stored_rows(store, "actions", [row["id"]]):
        raise ConflictError(f"action {row['id']!r} already exists")
    import_data(store, {"format": FORMAT, "actions": [row]})
    return get_action(store, str(row["id"]))


def close_action(
    store: GraphStore,
    action: str,
    status: Closing,
    on: dt.date,
    seen: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Mark an open action done or dropped on `on`. ConflictError when it is closed already, or
    when it is no longer as read here (or as the caller showed it: `seen`), checked again as
    the write's guard, while no other unit can be applied: of two closings at one instant,
    the second is refused."""
    before = dict(seen) if seen is not None else get_action(store, action)

    def still_open() -> None:
        row = get_action(store, action)
        if row.get("status", "open") != "open":
            raise ConflictError(
                f"action {action!r} is already {row['status']} ({row['closed_on']})"
            )
        if row != before:
            raise ConflictError(f"action {action!r} was changed by someone else meanwhile")

    still_open()
    row = {**before, "status": status, "closed_on": on.isoformat()}
    import_data(store, {"format": FORMAT, "actions": [row]}, guard=still_open)
    return get_action(store, action)


def list_actions(
    store: GraphStore,
    day: dt.date,
    *,
    account: str | None = None,
    owner: str | None = None,
    status: str | None = None,
    overdue: bool = False,
    within: frozenset[str] | None = None,
) -> list[ActionFact]:
    """Actions by account (every account without one, or every one of `within`), as they stand
    at `day`: `status` and `overdue` are judged at that date; due date order (none last), then
    id."""
    if status is not None and status not in ACTION_STATUSES:
        raise KamgraphError(f"status must be open, done or dropped, got {status!r}")
    if account is not None:
        require_account(store, account)
        accounts = [account]
    else:
        accounts = [str(r["id"]) for r in store.read("account/list")]
        accounts = [a for a in accounts if within is None or a in within]
    found = []
    for a in accounts:
        for x in account_actions(store, a):
            if not x.exists(day) or (owner is not None and x.owner != owner):
                continue
            state = x.at(day).status
            if status is not None and state != status:
                continue
            if overdue and not (state == "open" and x.due is not None and x.due < day):
                continue
            found.append(x)
    return by_due(found)
