"""Seller-person contact pairs with a recency profile: what relationships and interactions follow.

A contact is active, cooling, cold or new; a new hire's contacts start after they joined, a leaver's
end before they left.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from kamgraph.generators.synth.common import DEC, HISTORY_DAYS, MAN, OPS
from kamgraph.generators.synth.org import Org
from kamgraph.generators.synth.people import Staff
from kamgraph.generators.synth.sellers import Team
from kamgraph.interchange.model import TeamRole

# How much a seller of each team role talks to each layer (decision, management, operation).
_REACH: dict[TeamRole, tuple[float, float, float]] = {
    "AR": (5.0, 3.0, 1.0),
    "SR": (1.0, 2.5, 2.5),
    "FR": (0.5, 2.0, 3.0),
    "exec_sponsor": (6.0, 0.3, 0.0),
    "other": (0.5, 1.5, 2.0),
}
_CONTACT_P = (0.95, 0.75, 0.35)  # by layer: the chance someone is in contact at all
_LAYER_FACTOR = (1.6, 1.0, 0.6)  # by layer: how many interactions a contact has


@dataclass(frozen=True)
class Pairs:
    """The contact pairs of one account, column by column."""

    seller: list[int] = field(default_factory=list)  # position in the team
    person: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)  # days before as_of of the last contact
    span: list[int] = field(default_factory=list)  # days from the first contact to the last
    weight: list[float] = field(default_factory=list)  # share of the interactions


def contact_pairs(rng: random.Random, org: Org, staff: Staff, team: Team) -> Pairs:
    reach = [_REACH[team_role] for _, team_role in team]
    weights_by_layer = [[r[lay] for r in reach] for lay in (DEC, MAN, OPS)]
    pairs = Pairs()
    seats = range(len(team))
    for i in range(org.n):
        lay = org.layer[i]
        if rng.random() >= _CONTACT_P[lay]:
            continue
        k_sellers = 1 if rng.random() < 0.6 else (2 if rng.random() < 0.75 else 3)
        chosen: set[int] = set()
        for _ in range(k_sellers):
            chosen.add(rng.choices(seats, weights_by_layer[lay])[0])
        for s in sorted(chosen):
            start, end = _window(rng, staff.since_off[i], staff.until_off[i])
            span = start - end
            pairs.seller.append(s)
            pairs.person.append(i)
            pairs.end.append(end)
            pairs.span.append(span)
            pairs.weight.append(
                rng.lognormvariate(0.0, 0.8) * _LAYER_FACTOR[lay] * (span + 30) / 365.0
            )
    return pairs


def _window(rng: random.Random, joined: int, left: int) -> tuple[int, int]:
    """(start, end) in days before as_of of one contact pair."""
    r = rng.random()
    if joined >= 0:  # new hire: contacts only since they joined
        start = rng.randint(max(0, joined // 3), joined)
        end = rng.randint(0, min(10, start))
    elif r < 0.55:  # active
        end, start = rng.randint(0, 14), rng.randint(300, HISTORY_DAYS)
    elif r < 0.75:  # cooling
        end = rng.randint(60, 180)
        start = min(HISTORY_DAYS, end + rng.randint(120, 500))
    elif r < 0.9:  # cold
        end = rng.randint(200, 500)
        start = min(HISTORY_DAYS, end + rng.randint(60, 300))
    else:  # new contact
        start = rng.randint(15, 150)
        end = rng.randint(0, min(10, start))
    if left >= 0:  # leaver: contacts only until they left
        end = max(end, left)
        start = max(start, min(HISTORY_DAYS, end + rng.randint(60, 300)))
    return start, end
