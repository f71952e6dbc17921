"""The relationships table: a declared relationship level for a fraction of the contact pairs."""

from __future__ import annotations

import random

from kamgraph.generators.synth.common import Days, Rows
from kamgraph.generators.synth.contacts import Pairs
from kamgraph.generators.synth.org import Org
from kamgraph.generators.synth.people import Staff

_DECLARED_P = (0.6, 0.35, 0.08)  # by layer: the chance a contact pair has a declared relationship


def relationships(
    rng: random.Random,
    rows: Rows,
    org: Org,
    staff: Staff,
    sellers: list[str],
    pairs: Pairs,
    days: Days,
) -> None:
    dates = days.past
    for q in range(len(pairs.person)):
        i = pairs.person[q]
        if rng.random() >= _DECLARED_P[org.layer[i]]:
            continue
        first, last = pairs.end[q] + pairs.span[q], pairs.end[q]  # days before as_of
        level = rng.choices((1, 2, 3, 4), (2.0, 4.0, 3.0, 1.0))[0]
        target = min(4, level + rng.choice((0, 0, 1, 1, 2))) if rng.random() < 0.8 else None
        since_days = rng.randint(first, first + 1200)
        if staff.since_off[i] >= 0:
            since_days = first
        since_s = dates[since_days] if since_days < len(dates) else None
        assessed = None
        if rng.random() < 0.7:
            assessed = dates[rng.randint(last, min(since_days, last + 300))]
        rows.append(
            {
                "seller": sellers[pairs.seller[q]],
                "person": org.pid[i],
                "level": level,
                "target_level": target,
                "since": since_s,
                "assessed_on": assessed,
            }
        )
