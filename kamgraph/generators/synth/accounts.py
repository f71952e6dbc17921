"""The accounts table: long-tailed economics, tiers from an ABC analysis, a few subsidiaries.

Potential is lognormal, revenue a beta share of it; the declared tier follows an ABC analysis of
them per currency, with some disagreement.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import get_args

from kamgraph.generators.synth.common import Rows, words
from kamgraph.interchange.model import KamStage, Tier

# `# fmt: skip` below: the industry table is laid out by hand, one entry per row with its names
# aligned, which the formatter would spread over one line per name.
_ACCOUNT_WORDS = words(
    "Nordwind Baltic Alpine Atlas Boreal Cobalt Delta Ember Fjord Granite Harbor Helios Iris "
    "Juniper Kestrel Lumen Meridian Nimbus Orion Polar Quarry Riverside Summit Tundra Unity "
    "Vertex Westgate Zenith Aurora Beacon Cascade Dune Evergreen Falcon Glacier Horizon Ivory "
    "Keystone Lighthouse Mosaic Northstar Oakridge Pinnacle Redwood Sapphire Trident Vantage"
)
# (industry, account name noun, opportunity names)
_INDUSTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("telecom", "Telecom", ("5G Core Modernisation", "OSS/BSS Automation", "Managed NOC Services",
                            "Fibre Rollout Tooling", "Private 5G for Enterprise")),
    ("utilities", "Energy", ("Grid Analytics Platform", "Smart Meter Backhaul",
                             "Field Workforce Mobility", "OT Security Operations")),
    ("banking", "Bank", ("Core Banking Cloud Migration", "Fraud Analytics",
                         "Branch Network Refresh", "Contact Centre AI")),
    ("manufacturing", "Industries", ("Plant Connectivity", "Predictive Maintenance",
                                     "MES Upgrade", "Private Wireless for Factories")),
    ("retail", "Retail", ("Store Network Refresh", "Omnichannel Platform",
                          "Supply Chain Visibility", "Customer Data Platform")),
    ("public_sector", "Agency", ("Citizen Services Portal", "Secure Government Cloud",
                                 "Emergency Communications", "Data Centre Consolidation")),
    ("healthcare", "Health", ("Hospital Campus Network", "Clinical Data Platform",
                              "Telehealth Services", "Medical IoT Security")),
    ("logistics", "Logistics", ("Fleet Telematics", "Warehouse Automation",
                                "Track and Trace Platform", "Depot Wireless Upgrade")),
)  # fmt: skip
_CURRENCIES = ("EUR", "EUR", "EUR", "USD", "USD", "GBP", "SEK")
_TIERS: tuple[Tier, ...] = get_args(Tier)
_KAM_STAGES: tuple[KamStage, ...] = get_args(KamStage)  # the ladder, lowest first
# The KAM stages an account of a tier is likely in, and their weights.
_TIER_STAGES: dict[Tier, tuple[tuple[KamStage, ...], tuple[float, ...]]] = {
    "A": (_KAM_STAGES[1:], (2, 5, 3, 1)),
    "B": (_KAM_STAGES[:4], (2, 5, 3, 1)),
    "C": (_KAM_STAGES[:3], (5, 4, 1)),
}

Economics = tuple[int | None, int | None, str, Tier]  # potential, revenue, currency, tier


def economics(rng: random.Random, accounts: int) -> list[Economics]:
    """(potential, revenue, currency, tier) per account: long-tailed, tiers from an ABC analysis."""
    rows: list[tuple[int | None, int | None, str]] = []
    for _ in range(accounts):
        potential = int(round(rng.lognormvariate(math.log(2_000_000), 1.2), -3))
        revenue = int(round(potential * rng.betavariate(1.5, 4.0), -3))
        currency = rng.choice(_CURRENCIES)
        pot: int | None = potential
        rev: int | None = revenue
        if rng.random() < 0.03:
            pot = None
        elif rng.random() < 0.03:
            rev = None
        rows.append((pot, rev, currency))
    tiers: list[Tier] = ["C"] * accounts
    for currency in set(r[2] for r in rows):
        idx = [i for i, r in enumerate(rows) if r[2] == currency]
        total = sum((rows[i][0] or 0.0) + (rows[i][1] or 0.0) for i in idx)
        idx.sort(key=lambda i: -((rows[i][0] or 0.0) + (rows[i][1] or 0.0)))
        cum = 0.0
        for i in idx:
            share = cum / total if total else 1.0
            tiers[i] = "A" if share < 0.7 else "B" if share < 0.9 else "C"
            cum += (rows[i][0] or 0.0) + (rows[i][1] or 0.0)
    out: list[Economics] = []
    for (pot, rev, currency), tier in zip(rows, tiers, strict=True):
        if rng.random() < 0.15:  # declared tiers do not always follow the numbers
            tier = rng.choice([t for t in _TIERS if t != tier])
        out.append((pot, rev, currency, tier))
    return out


@dataclass(frozen=True)
class Account:
    """What the other tables of an account need to know about it."""

    id: str
    potential: int | None
    currency: str
    domain: str  # of its people's email addresses
    opportunity_names: tuple[str, ...]  # of its industry


def account(
    rng: random.Random,
    rows: Rows,
    number: int,
    economics: Economics,
    names: set[str],
    prefix: str,
) -> Account:
    """Append account ``number`` (its name unique among ``names``, then added to them)."""
    aid = f"{prefix}a{number}"
    potential, revenue, currency, tier = economics
    industry, noun, opp_names = rng.choice(_INDUSTRIES)
    word = rng.choice(_ACCOUNT_WORDS)
    name = f"{word} {noun}"
    if name in names:
        name = f"{name} {number}"
    names.add(name)
    domain = f"{word.lower()}-{noun.lower()}-{number}.example"
    parent_account = None
    if number > 10 and rng.random() < 0.05:
        parent_account = f"{prefix}a{rng.randint(1, number - 1)}"
    stages, stage_weights = _TIER_STAGES[tier]
    rows.append(
        {
            "id": aid,
            "name": name,
            "industry": industry,
            "tier": tier,
            "stage": rng.choices(stages, stage_weights)[0],
            "parent": parent_account,
            "potential": potential,
            "revenue": revenue,
            "currency": currency,
            # The domain its people's addresses use (no draw from rng: output stays stable).
            "domains": [domain],
        }
    )
    return Account(aid, potential, currency, domain, opp_names)
