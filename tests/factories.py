"""Small hand-made bundles for tests (the full sample lives in kamgraph/data/sample.json)."""

from __future__ import annotations

import copy
from typing import Any

TINY: dict[str, Any] = {
    "format": "kamgraph/v1",
    "accounts": [
        {
            "id": "acme",
            "name": "ACME",
            "industry": "telecom",
            "tier": "A",
            "stage": "basic",
            "potential": 5000000,
            "revenue": 1800000,
            "currency": "USD",
        },
        {"id": "acme-de", "name": "ACME Germany", "parent": "acme"},
    ],
    "units": [
        {"id": "acme-it", "account": "acme", "name": "IT", "function": "technical"},
        {"id": "acme-ops", "account": "acme", "name": "Network ops", "parent": "acme-it"},
    ],
    "people": [
        {
            "id": "p1",
            "account": "acme",
            "unit": "acme-it",
            "name": "Ana Diaz",
            "title": "CIO",
            "layer": "decision",
            "political_status": "inner_circle",
            "interests": ["sailing"],
        },
        {
            "id": "p2",
            "account": "acme",
            "unit": "acme-ops",
            "name": "Bo Berg",
            "layer": "management",
        },
        {
            "id": "p3",
            "account": "acme",
            "name": "Cy Cole",
            "since": "2020-01-01",
            "until": "2026-06-30",
        },
        {"id": "p4", "account": "acme-de", "name": "Dee Dorn"},
    ],
    "reports_to": [
        {"person": "p2", "manager": "p1"},
        {"person": "p3", "manager": "p2", "kind": "dotted"},
    ],
    "influences": [
        {"source": "p2", "target": "p1", "strength": 0.7, "kind": "advice"},
        {"source": "p3", "target": "p1", "strength": 0.4, "kind": "other", "polarity": "conflict"},
        {"source": "p4", "target": "p1", "strength": 0.2, "kind": "friendship"},
    ],
    "sellers": [
        {"id": "s1", "name": "Lee Chen"},
        {"id": "s2", "name": "Mo Park"},
        {"id": "s3", "name": "Ola Ng"},
    ],
    "account_team": [
        {"account": "acme", "seller": "s1", "role": "AR"},
        {"account": "acme", "seller": "s2", "role": "SR"},
    ],
    "relationships": [
        {
            "seller": "s1",
            "person": "p2",
            "level": 3,
            "target_level": 4,
            "since": "2025-02-01",
            "assessed_on": "2026-09-01",
        }
    ],
    "opportunities": [
        {
            "id": "o1",
            "account": "acme",
            "name": "Core upgrade",
            "stage": "bid",
            "value": 1200000,
            "close_date": "2027-03-31",
        }
    ],
    "roles": [
        {
            "opportunity": "o1",
            "person": "p1",
            "role": "economic_buyer",
            "stance": "neutral",
            "influence": "high",
            "response_mode": "growth",
        },
        {"opportunity": "o1", "person": "p3", "role": "coach", "stance": "mentor"},
    ],
    "interactions": [
        {
            "id": "i1",
            "date": "2026-10-01",
            "kind": "meeting",
            "sellers": ["s1"],
            "people": ["p2"],
            "opportunity": "o1",
            "sentiment": 1,
        },
        {"id": "i2", "date": "2026-10-02", "kind": "email", "people": ["p2", "p1"]},
        {"id": "i3", "date": "2026-10-03", "kind": "call", "sellers": ["s3"], "people": ["p4"]},
        {"id": "i4", "date": "2026-10-04", "kind": "social", "sellers": ["s2", "s1"]},
    ],
    "actions": [
        {
            "id": "a1",
            "account": "acme",
            "title": "Invite Ana to our HQ",
            "kind": "hq_visit",
            "people": ["p1"],
            "opportunity": "o1",
            "addresses": "uncovered_key_person",
            "raci": {"R": "s1", "A": "s2", "C": ["s3"], "I": []},
            "created": "2026-10-02",
            "due": "2026-11-30",
        }
    ],
    "activity_targets": [
        {"id": "t1", "seller": "s1", "metric": "key_person_touches", "target": 6},
        {"id": "t2", "account": "acme", "metric": "org_events", "period": "quarter", "target": 2},
    ],
}


def tiny() -> dict[str, Any]:
    return copy.deepcopy(TINY)
