"""Actions as facts at a date: what existed, what was open, what a plan or review shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kamgraph.analysis.config import PERSON_GAPS
from kamgraph.analysis.results import Gap, PlanAction
from kamgraph.storage.base import GraphStore


def _date(value: object) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class ActionFact:
    id: str
    title: str
    strategy: str
    status: str
    addresses: str | None
    created: dt.date | None
    due: dt.date | None
    closed_on: dt.date | None
    people: tuple[str, ...]
    opportunity: str | None
    owner: str | None

    def exists(self, day: dt.date) -> bool:
        """An action exists from its `created` date (always, without one)."""
        return self.created is None or self.created <= day

    def open_at(self, day: dt.date) -> bool:
        return self.exists(day) and (self.closed_on is None or self.closed_on > day)

    def closed_in(self, status: str, after: dt.date, until: dt.date) -> bool:
        return (
            self.status == status
            and self.closed_on is not None
            and (after < self.closed_on <= until)
        )

    def addresses_gap(self, gap: Gap) -> bool:
        """DOMAIN.md: a person's gap is addressed by an action targeting them whose `addresses`
        is the gap's kind or empty; any other gap by an action whose `addresses` is its kind."""
        if gap.kind in PERSON_GAPS:
            return gap.subject in self.people and self.addresses in (None, gap.kind)
        return self.addresses == gap.kind

    def at(self, day: dt.date) -> PlanAction:
        """The action as it stood at `day`: a later closing is not known yet."""
        closed = self.closed_on is not None and self.closed_on <= day
        return PlanAction(
            id=self.id,
            title=self.title,
            strategy=self.strategy,
            status=self.status if closed else "open",
            owner=self.owner,
            people=list(self.people),
            opportunity=self.opportunity,
            addresses=self.addresses,
            created=self.created,
            due=self.due,
            closed_on=self.closed_on if closed else None,
        )


def account_actions(store: GraphStore, account: str) -> list[ActionFact]:
    return [
        ActionFact(
            id=r["id"],
            title=r["title"] or "",
            strategy=r["strategy"],
            status=r["status"],
            addresses=r["addresses"],
            created=_date(r["created"]),
            due=_date(r["due"]),
            closed_on=_date(r["closed_on"]),
            people=tuple(sorted(r["people"])),
            opportunity=r["opportunity"],
            owner=r["owner"],
        )
        for r in store.read("analysis/account_actions", account=account)
    ]


def by_due(actions: Iterable[ActionFact]) -> list[ActionFact]:
    """Due date first (none last), then id."""
    return sorted(actions, key=lambda a: (a.due is None, a.due or dt.date.min, a.id))
