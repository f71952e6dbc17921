"""Who sees what: with `KAMGRAPH_ACCESS=team` a caller that is not an admin reaches only the
accounts whose team includes the seller it is bound to.

The rule, row by row (README "Who sees what"):
- an account, and whatever belongs to it: its units, people, deals, roles, actions, targets and
  team; a person's reporting lines and our relationships with them follow the person;
- an interaction belongs to every account one of its people belongs to, and is seen when one of
  them is visible; an influence link when both of its people are;
- sellers (our own team) are seen by everyone;
- a warm or influence path is shown only when every person on it is visible (a path through
  another team's account is left out, not cut);
- a caller with no seller sees no account; an admin, or `KAMGRAPH_ACCESS=all`, sees all.
Refusals are 404s that say "not among your accounts", so that an id of another team's account
tells nothing about what it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.snapshot import Snapshot, Visible
from kamgraph.analysis.viewcache import shared_snapshot
from kamgraph.errors import NotFound
from kamgraph.services.tokens import TokenInfo
from kamgraph.storage.base import GraphStore

Access = Literal["all", "team"]
# The query that finds the account(s) of one row of a kind of thing, by its id.
_HOMES = {
    "person": "access/person_accounts",
    "opportunity": "access/opportunity_accounts",
    "action": "access/action_accounts",
    "unit": "access/unit_accounts",
    "interaction": "access/interaction_accounts",
}
Kind = Literal["account", "person", "opportunity", "action", "unit", "interaction"]


class NotYours(NotFound):
    """A row of an account the caller may not see (answered like an unknown one)."""


@dataclass(frozen=True)
class Reach:
    """The accounts a caller may see; `None` is every account."""

    accounts: frozenset[str] | None

    @property
    def everything(self) -> bool:
        return self.accounts is None

    def sees(self, account: str | None) -> bool:
        return self.accounts is None or account in self.accounts

    def sees_any(self, accounts: Iterable[str]) -> bool:
        return self.accounts is None or not self.accounts.isdisjoint(accounts)


EVERYTHING = Reach(None)


def reach_of(store: GraphStore, who: TokenInfo, access: Access) -> Reach:
    if access == "all" or who.role == "admin":
        return EVERYTHING
    if who.seller is None:
        return Reach(frozenset())
    rows = store.read("access/team_accounts", seller=who.seller)
    return Reach(frozenset(str(r["account"]) for r in rows))


def homes(store: GraphStore, kind: Kind, id: str) -> list[str]:
    """The accounts a row belongs to (empty for an unknown id)."""
    if kind == "account":
        return [id]
    return [str(r["account"]) for r in store.read(_HOMES[kind], id=id)]


def check(store: GraphStore, reach: Reach, kind: Kind, id: str) -> None:
    """NotYours unless the caller may see the `kind` row `id`; an unknown id passes (the route
    answers its own 404)."""
    if reach.everything:
        return
    found = homes(store, kind, id)
    if found and not reach.sees_any(found):
        raise NotYours(f"no {kind} {id!r} among your accounts")


def check_accounts(reach: Reach, accounts: Iterable[str | None]) -> None:
    for account in accounts:
        if account is not None and not reach.sees(account):
            raise NotYours(f"no account {account!r} among your accounts")


# Where the account(s) of a row of each table are found: its own field, or the row it refers to.
_ROW_HOMES: dict[str, tuple[tuple[Kind, str], ...]] = {
    "accounts": (("account", "id"),),
    "units": (("account", "account"),),
    "people": (("account", "account"),),
    "opportunities": (("account", "account"),),
    "actions": (("account", "account"),),
    "activity_targets": (("account", "account"),),
    "account_team": (("account", "account"),),
    "reports_to": (("person", "person"),),
    "relationships": (("person", "person"),),
    "roles": (("opportunity", "opportunity"),),
    "influences": (("person", "source"), ("person", "target")),
    "interactions": (),  # by its people, any of them
    "sellers": (),  # our own team: everyone's
}


def check_row(store: GraphStore, reach: Reach, table: str, row: Mapping[str, Any]) -> None:
    """NotYours unless the caller may see (and so write) this row of `table`."""
    if reach.everything:
        return
    if table == "interactions":
        people = [str(p) for p in row.get("people") or []]
        accounts = {a for p in people for a in homes(store, "person", p)}
        if accounts and not reach.sees_any(accounts):
            raise NotYours(f"interaction {row.get('id')!r} is not with your accounts")
        return
    for kind, field in _ROW_HOMES.get(table, ()):
        value = row.get(field)
        if value is None:
            continue
        if kind == "account":
            check_accounts(reach, [str(value)])
        else:
            check(store, reach, kind, str(value))


def visible_people(store: GraphStore, reach: Reach, people: Iterable[str]) -> bool:
    """Whether every one of `people` belongs to a visible account (for paths)."""
    if reach.everything:
        return True
    return all(reach.sees_any(homes(store, "person", p)) for p in people)


def snapshot(
    store: GraphStore, account: str, day: dt.date, cfg: AnalysisSettings, reach: Reach
) -> Snapshot:
    """The account's snapshot as this caller sees it: with KAMGRAPH_ACCESS=team, a warm path,
    the map's highlighted path or a coverage suggestion never runs through another team's
    people. Shared by the requests of callers who see the same, while nobody writes
    (`kamgraph.analysis.viewcache.shared_snapshot`)."""
    return shared_snapshot(store, account, day, cfg, visibility(store, reach), reach.accounts)


def person_snapshot(
    store: GraphStore, person: str, day: dt.date, cfg: AnalysisSettings, reach: Reach
) -> Snapshot:
    """`snapshot` of the account the person belongs to."""
    return Snapshot.of_person(
        store,
        person,
        day,
        cfg,
        account_snapshot=lambda account: snapshot(store, account, day, cfg, reach),
    )


def visibility(store: GraphStore, reach: Reach) -> Visible | None:
    """`visible_people` for this caller as one test of some people (what the analyses' views
    take to leave out paths); None when the caller sees everything."""
    if reach.everything:
        return None
    return lambda people: visible_people(store, reach, people)
