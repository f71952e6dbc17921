"""The opportunities and roles tables: 1-4 deals per account, each with its buying centre."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import accumulate
from typing import get_args

from kamgraph.generators.synth.accounts import Account
from kamgraph.generators.synth.common import DEC, MAN, Days, Rows, pick_cum
from kamgraph.generators.synth.org import Org
from kamgraph.interchange.model import (
    OPEN_STAGES,
    BuyingRole,
    Degree,
    OpportunityStage,
    ResponseMode,
    Stance,
)

_STAGES: tuple[OpportunityStage, ...] = get_args(OpportunityStage)
_STAGE_CUM = tuple(accumulate((18.0, 18.0, 17.0, 12.0, 20.0, 15.0)))
# Weights in the order of the model's Stance, Degree and ResponseMode.
_STANCES: tuple[Stance, ...] = get_args(Stance)
_ROLE_STANCE_W: dict[BuyingRole, tuple[float, ...]] = {
    "economic_buyer": (0.5, 3.0, 4.0, 1.5, 0.5, 2.0),
    "decision_maker": (0.5, 3.0, 3.0, 1.5, 0.7, 1.0),
    "technical_buyer": (0.5, 3.0, 3.0, 1.5, 1.0, 1.0),
    "user_buyer": (0.5, 4.0, 3.0, 1.0, 0.3, 1.0),
    "coach": (4.0, 3.0, 0.0, 0.0, 0.0, 0.0),
    "influencer": (0.5, 3.0, 3.0, 1.0, 0.5, 2.0),
    "gatekeeper": (0.2, 1.5, 4.0, 2.0, 0.5, 1.0),
}
_DEGREES: tuple[Degree, ...] = get_args(Degree)
_ROLE_INFLUENCE: dict[BuyingRole, tuple[float, ...]] = {
    "economic_buyer": (8.0, 2.0, 0.0),
    "decision_maker": (5.0, 4.0, 1.0),
    "technical_buyer": (2.0, 5.0, 3.0),
    "user_buyer": (1.0, 5.0, 4.0),
    "coach": (1.0, 5.0, 3.0),
    "influencer": (1.0, 4.0, 5.0),
    "gatekeeper": (1.0, 4.0, 4.0),
}
_MODES: tuple[ResponseMode, ...] = get_args(ResponseMode)
_MODE_W = (3.0, 3.0, 2.0, 1.0, 2.0)


@dataclass(frozen=True)
class Deals:
    """The opportunities of an account as the interactions and actions refer to them."""

    open: list[str] = field(default_factory=list)  # ids of the open opportunities
    # person -> (opportunity, days before as_of it closed, 0 when open) for each of their roles
    of_person: dict[int, list[tuple[str, int]]] = field(default_factory=dict)


# (pool of people, buying role, how many draws from the pool) of one opportunity
_Plan = tuple[tuple[list[int], BuyingRole, int], ...]


class _Pools:
    """Where each buying role is looked for."""

    def __init__(self, org: Org) -> None:
        self.by_function: dict[str, list[int]] = {}
        for i in range(org.n):
            self.by_function.setdefault(org.function_of[i], []).append(i)
        self.decision = org.in_layers(DEC)
        self.senior = org.in_layers(DEC, MAN)
        self.everyone = list(range(org.n))

    def plan(self, rng: random.Random) -> _Plan:
        senior, everyone, by_function = self.senior, self.everyone, self.by_function
        return (
            (self.decision, "economic_buyer", 1),
            (senior, "decision_maker", rng.randint(1, 2)),
            (by_function.get("technical", everyone), "technical_buyer", rng.randint(1, 2)),
            (by_function.get("user", everyone), "user_buyer", rng.randint(1, 3)),
            (senior, "coach", 1 if rng.random() < 0.75 else 0),
            (everyone, "influencer", rng.randint(0, 3)),
            (by_function.get("procurement", senior), "gatekeeper", int(rng.random() < 0.6)),
        )


def opportunities(
    rng: random.Random, rows: Rows, roles: Rows, org: Org, account: Account, days: Days
) -> Deals:
    """Appends the opportunities to ``rows`` and their buying roles to ``roles``."""
    pools = _Pools(org)
    deals = Deals()
    for o in range(rng.randint(1, 4)):
        oid = f"{account.id}-o{o + 1}"
        close_off, is_open = _opportunity(rng, rows, oid, account, days)
        if is_open:
            deals.open.append(oid)
        _roles(rng, roles, oid, close_off, pools.plan(rng), org.pid, deals)
    return deals


def _opportunity(
    rng: random.Random, rows: Rows, oid: str, account: Account, days: Days
) -> tuple[int, bool]:
    """Appends one opportunity; returns the days before as_of it closed (0 when open), and
    whether it is open."""
    stage = pick_cum(rng, _STAGES, _STAGE_CUM)
    is_open = stage in OPEN_STAGES
    close_off = 0 if is_open else rng.randint(10, 500)  # days back the deal closed
    close = days.future[rng.randint(20, 400)] if is_open else days.past[close_off]
    base = account.potential or 1_000_000
    rows.append(
        {
            "id": oid,
            "account": account.id,
            "name": rng.choice(account.opportunity_names),
            "stage": stage,
            "value": int(round(base * rng.uniform(0.05, 0.6), -3)),
            "currency": account.currency,
            "close_date": close,
        }
    )
    return close_off, is_open


def _roles(
    rng: random.Random,
    rows: Rows,
    oid: str,
    close_off: int,
    plan: _Plan,
    pid: list[str],
    deals: Deals,
) -> None:
    taken: set[tuple[int, str]] = set()
    for pool, buying_role, count in plan:
        for _ in range(count):
            i = rng.choice(pool)
            if (i, buying_role) in taken:
                continue
            taken.add((i, buying_role))
            rows.append(
                {
                    "opportunity": oid,
                    "person": pid[i],
                    "role": buying_role,
                    "stance": rng.choices(_STANCES, _ROLE_STANCE_W[buying_role])[0],
                    "influence": rng.choices(_DEGREES, _ROLE_INFLUENCE[buying_role])[0],
                    "response_mode": rng.choices(_MODES, _MODE_W)[0],
                }
            )
            deals.of_person.setdefault(i, []).append((oid, close_off))
