"""The sellers and account_team tables: 3-6 sellers per account, some shared across accounts.

Sellers are global (``s12``) because they can work on several accounts: executive sponsors and some
solution specialists are shared, drawn from pools of about a quarter of the accounts.
"""

from __future__ import annotations

import random

from kamgraph.generators.synth.common import FIRST, LAST, Rows
from kamgraph.interchange.model import TeamRole

_SELLER_TITLES: dict[TeamRole, str] = {
    "AR": "Key Account Manager",
    "SR": "Solution Architect",
    "FR": "Delivery Manager",
    "exec_sponsor": "Executive Sponsor, VP Sales",
    "other": "Customer Success Manager",
}

Team = list[tuple[str, TeamRole]]  # (seller, role) pairs of one account team


class Sellers:
    """The global seller pool: own sellers per account plus shared specialists and sponsors."""

    def __init__(self, rng: random.Random, accounts: int, prefix: str = "") -> None:
        self.rng = rng
        self.prefix = prefix
        self.rows: Rows = []
        n_shared = max(2, accounts // 4)
        # Shared sellers are created on first use, so that every seller is on some team.
        self.shared: dict[TeamRole, list[str | None]] = {
            "exec_sponsor": [None] * ((n_shared + 1) // 2),
            "SR": [None] * (n_shared // 2 or 1),
        }

    def new(self, role: TeamRole) -> str:
        sid = f"{self.prefix}s{len(self.rows) + 1}"
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        self.rows.append(
            {
                "id": sid,
                "name": f"{first} {last}",
                "title": _SELLER_TITLES[role],
                "email": f"{first.lower()}.{last.lower()}.{sid}@ourcompany.example",
            }
        )
        return sid

    def shared_seller(self, role: TeamRole) -> str:
        pool = self.shared[role]
        k = self.rng.randrange(len(pool))
        sid = pool[k]
        if sid is None:
            sid = pool[k] = self.new(role)
        return sid

    def team(self) -> Team:
        """(seller, role) pairs of one account team: 3-6 sellers, AR always present."""
        rng = self.rng
        team: Team = [(self.new("AR"), "AR")]
        if rng.random() < 0.3:
            team.append((self.shared_seller("SR"), "SR"))
        else:
            team.append((self.new("SR"), "SR"))
        if rng.random() < 0.85:
            team.append((self.new("FR"), "FR"))
        if rng.random() < 0.65:
            team.append((self.shared_seller("exec_sponsor"), "exec_sponsor"))
        size = rng.randint(3, 6)
        while len(team) < size:
            team.append((self.new("other"), "other"))
        return team


def account_team(rows: Rows, aid: str, team: Team) -> None:
    for sid, team_role in team:
        rows.append({"account": aid, "seller": sid, "role": team_role})
