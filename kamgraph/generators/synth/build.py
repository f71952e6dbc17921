"""The orchestration: the bundle's tables, account by account, in the order the draws are made.

Every account draws from a random generator of its own, seeded from the bundle's; the seller pool
draws from the bundle's (its sellers are global). The order of the calls in :func:`_account` is
the order of the draws: changing it changes every account generated for a seed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

from kamgraph.generators.synth.accounts import Economics, account, economics
from kamgraph.generators.synth.actions import actions
from kamgraph.generators.synth.common import Days
from kamgraph.generators.synth.contacts import contact_pairs
from kamgraph.generators.synth.deals import opportunities
from kamgraph.generators.synth.influences import influences
from kamgraph.generators.synth.interactions import interactions
from kamgraph.generators.synth.org import org_chart
from kamgraph.generators.synth.people import people
from kamgraph.generators.synth.relationships import relationships
from kamgraph.generators.synth.reports import reports_to
from kamgraph.generators.synth.sellers import Sellers, account_team
from kamgraph.generators.synth.targets import account_targets, portfolio_targets
from kamgraph.interchange.model import FORMAT, TABLES


def synth(
    accounts: int,
    people: int,
    seed: int,
    interactions_per_person: float = 10.0,
    as_of: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
    prefix: str = "",
) -> dict[str, Any]:
    """A deterministic synthetic bundle of ``accounts`` accounts with ``people`` people each.

    ``progress``, when given, is called with the number of accounts finished after each account.
    ``prefix`` starts every account and seller id (and so every id derived from them), so that
    synthetic accounts can sit beside real ones (the demo's portfolio).
    """
    if accounts < 0 or people < 0:
        raise ValueError("accounts and people must not be negative")
    as_of = as_of or datetime.date.today()
    rng = random.Random(seed)
    days = Days.around(as_of)
    bundle: dict[str, Any] = {"format": FORMAT, **{table: [] for table in TABLES}}
    bundle["activity_targets"].extend(portfolio_targets(prefix))
    sellers = Sellers(rng, accounts, prefix)
    account_economics = economics(rng, accounts)
    names: set[str] = set()
    for k in range(accounts):
        account_rng = random.Random(rng.getrandbits(64))
        _account(
            account_rng,
            bundle,
            sellers,
            k + 1,
            people,
            interactions_per_person,
            account_economics[k],
            names,
            days,
            prefix,
        )
        if progress is not None:
            progress(k + 1)
    bundle["sellers"] = sellers.rows
    return bundle


def _account(
    rng: random.Random,
    bundle: dict[str, Any],
    seller_pool: Sellers,
    number: int,
    n: int,
    per_person: float,
    economics: Economics,
    names: set[str],
    days: Days,
    prefix: str,
) -> None:
    """Account ``number`` with ``n`` people: its rows appended to the tables of ``bundle``."""
    firm = account(rng, bundle["accounts"], number, economics, names, prefix)
    team = seller_pool.team()
    account_team(bundle["account_team"], firm.id, team)
    if n == 0:
        return
    org = org_chart(rng, bundle["units"], firm.id, n)
    staff = people(rng, bundle["people"], org, firm.domain, days)
    reports_to(rng, bundle["reports_to"], org, staff, days)
    influences(rng, bundle["influences"], org, staff)
    deals = opportunities(rng, bundle["opportunities"], bundle["roles"], org, firm, days)
    team_sellers = [sid for sid, _ in team]
    pairs = contact_pairs(rng, org, staff, team)
    relationships(rng, bundle["relationships"], org, staff, team_sellers, pairs, days)
    interactions(
        rng, bundle["interactions"], org, staff, team_sellers, pairs, deals, per_person, days
    )
    actions(rng, bundle["actions"], org, staff, team_sellers, deals, days)
    account_targets(rng, bundle["activity_targets"], firm.id, team_sellers)
