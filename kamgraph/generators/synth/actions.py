"""The actions table: 3-8 actions of the account plan, with owners, RACI, due dates and status."""

from __future__ import annotations

import random
from typing import get_args

from kamgraph.generators.synth.common import DEC, MAN, Days, Rows
from kamgraph.generators.synth.deals import Deals
from kamgraph.generators.synth.org import Org
from kamgraph.generators.synth.people import Staff
from kamgraph.interchange.model import ActionStatus, GapKind, InteractionKind, Strategy

_STRATEGIES: tuple[Strategy, ...] = get_args(Strategy)
_STRATEGY_W = (3.0, 4.0, 2.0)  # in the order of the model's Strategy
_RESOURCE_TITLES = (
    "Secure presales support",
    "Get delivery capacity committed",
    "Approve the discount corridor",
    "Bring in a product specialist",
)
_PENETRATION_KINDS: tuple[InteractionKind, ...] = ("meeting", "exec_meeting", "hq_visit", "social")
_PENETRATION_GAPS: tuple[GapKind | None, ...] = (
    None,
    "uncovered_key_person",
    "key_person_at_risk",
    "single_threaded",
)
_BUSINESS_KINDS: tuple[InteractionKind, ...] = ("tech_exchange", "site_visit", "trial", "meeting")

# What an action does: (kind, people, the gap it addresses, title)
_Aim = tuple[InteractionKind | None, list[str], GapKind | None, str]


def _aim(rng: random.Random, strategy: Strategy, person: str, name: str) -> _Aim:
    if strategy == "resources":
        return None, [], None, rng.choice(_RESOURCE_TITLES)
    if strategy == "penetration":
        kind = rng.choice(_PENETRATION_KINDS)
        addresses = rng.choice(_PENETRATION_GAPS)
        return kind, [person], addresses, f"Build the relationship with {name}"
    return rng.choice(_BUSINESS_KINDS), [person], None, f"Joint business case with {name}"


def _status(r: float, due: int) -> ActionStatus:
    if due > 0:  # due date passed: mostly done, some still open (overdue), a few dropped
        return "done" if r < 0.55 else "dropped" if r < 0.65 else "open"
    return "done" if r < 0.1 else "dropped" if r < 0.15 else "open"


def actions(
    rng: random.Random,
    rows: Rows,
    org: Org,
    staff: Staff,
    sellers: list[str],
    deals: Deals,
    days: Days,
) -> None:
    key_people = org.in_layers(DEC) + org.in_layers(MAN)[:20]
    dates, future, open_opps = days.past, days.future, deals.open
    for a in range(rng.randint(3, 8)):
        strategy = rng.choices(_STRATEGIES, _STRATEGY_W)[0]
        target_i = rng.choice(key_people)
        kind, people, addresses, title = _aim(
            rng, strategy, org.pid[target_i], staff.names[target_i]
        )
        created = rng.randint(0, 240)
        due = created - rng.randint(14, 150)  # offsets: negative means after as_of
        status = _status(rng.random(), due)
        owner = rng.choice(sellers)
        closed = None
        if status != "open":
            closed_off = rng.randint(max(0, due - 10), created) if created > 0 else 0
            closed = dates[closed_off]
        rows.append(
            {
                "id": f"{org.aid}-a{a + 1}",
                "account": org.aid,
                "title": title,
                "strategy": strategy,
                "kind": kind,
                "people": people,
                "opportunity": rng.choice(open_opps) if open_opps and rng.random() < 0.5 else None,
                "addresses": addresses,
                "raci": {
                    "R": owner,
                    "A": sellers[0] if rng.random() < 0.6 else None,
                    "C": sorted(set(rng.sample(sellers, rng.randint(0, 2))) - {owner}),
                    "I": [],
                },
                "created": dates[created],
                "due": dates[due] if due >= 0 else future[-due],
                "status": status,
                "closed_on": closed,
            }
        )
