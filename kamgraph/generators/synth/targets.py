"""The activity_targets table: two targets for all accounts, one or two per account."""

from __future__ import annotations

import random

from kamgraph.generators.synth.common import Rows


def portfolio_targets(prefix: str) -> Rows:
    """The targets that apply to all accounts (``t1``, ``t2``)."""
    return [
        {
            "id": f"{prefix}t1",
            "account": None,
            "seller": None,
            "metric": "key_person_touches",
            "period": "month",
            "target": 6,
        },
        {
            "id": f"{prefix}t2",
            "account": None,
            "seller": None,
            "metric": "org_events",
            "period": "quarter",
            "target": 2,
        },
    ]


def account_targets(rng: random.Random, rows: Rows, aid: str, sellers: list[str]) -> None:
    rows.append(
        {
            "id": f"{aid}-t1",
            "account": aid,
            "seller": sellers[0],
            "metric": "org_events",
            "period": "quarter",
            "target": rng.randint(2, 4),
        }
    )
    if rng.random() < 0.5:
        rows.append(
            {
                "id": f"{aid}-t2",
                "account": aid,
                "seller": None,
                "metric": "interactions",
                "period": "week",
                "target": rng.randint(3, 8),
            }
        )
