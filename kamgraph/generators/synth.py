"""Synthetic ``kamgraph/v1`` bundles of any size, for demos, benchmarks and load tests.

:func:`synth` builds ``accounts`` accounts of ``people`` people each, deterministically for a seed:

* account economics are long-tailed (lognormal potential, revenue a beta share of it), the declared
  tier follows an ABC analysis of them with some disagreement, a few accounts are subsidiaries;
* each account is an org tree (3-8 direct reports per manager, level by level); depth gives the
  layer (the root and its direct reports decide, other managers manage, the rest operate); units
  follow the subtrees of the top two levels below the root (with parent units), one of them
  procurement;
* influence links along the hierarchy, some across it, a few ``conflict`` ones, a few dotted lines;
* 3-6 sellers per account (roles ``AR``, ``SR``, ``FR``, ``exec_sponsor``, ``other``); executive
  sponsors and some solution specialists are shared across accounts;
* seller-person contact pairs with a recency profile (active, cooling, cold, new), declared
  relationships for a fraction of them, ``round(people * interactions_per_person)`` interactions
  per account dated within two years before ``as_of``, denser near the end of each active pair;
* 1-4 opportunities per account with buying roles, a few actions and activity targets.

Ids are prefixed with the account id (``a7-p123``, ``a7-u4``, ``a7-i99``); sellers are global
(``s12``) because they can work on several accounts; two activity targets apply to all accounts
(``t1``, ``t2``). Rows are plain dicts and lists (shared strings for dates, kinds and notes) so
that a million interactions fit in memory and build in seconds.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Callable
from itertools import accumulate
from typing import Any

FORMAT = "kamgraph/v1"
HISTORY_DAYS = 729  # interactions fall within two years before as_of (both ends inclusive)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- vocabulary pools (laid out by hand) ---------------------------------------------------------
# fmt: off
_FIRST = _words(
    "Anna Ben Carla David Eva Felix Greta Hugo Ines Jonas Karin Lars Maria Nils Olga Paul "
    "Rosa Sven Tara Ulf Vera Wim Yara Zoe Ahmed Bianca Chen Dario Elif Fatima Goran Hana Ivan "
    "Julia Kenji Leila Marco Nora Omar Priya Rafael Sara Tomas Uma Viktor Wei Ximena Yusuf Lena "
    "Erik Mia Oskar Emma Lukas Sofia Mateo Ingrid Pedro Aisha Henrik Clara Jan Laura Peter Nina "
    "Stefan Hanna Tobias Elena Markus Amira Daniel Tove Rasmus Linnea Jakob Maja"
)
_LAST = _words(
    "Andersen Berg Costa Dahl Eriksen Fischer Garcia Hansen Ivanova Jensen Koch Larsen Meyer "
    "Nilsson Olsen Petersen Quist Rossi Schmidt Tanaka Ueda Vogel Weber Xu Yilmaz Zimmermann "
    "Almeida Brandt Carlsson Dubois Ekstrom Fontaine Gruber Holm Iversen Johansson Kowalski Lund "
    "Moreau Novak Okafor Pereira Quintero Richter Santos Torres Urban Varga Wagner Young Haddad "
    "Lindqvist Strand Solberg Reuter Becker Nyberg Schulz Neumann Horn Aas Wojcik Kaya Raman "
    "Bianchi Hoffmann Sato Muller Martin Silva Lopez Kim Nguyen Park Singh Patel Rahimi"
)
_ACCOUNT_WORDS = _words(
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
)
_CURRENCIES = ("EUR", "EUR", "EUR", "USD", "USD", "GBP", "SEK")
_TIER_STAGES: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "A": (("basic", "cooperative", "interdependent", "integrated"), (2, 5, 3, 1)),
    "B": (("exploratory", "basic", "cooperative", "interdependent"), (2, 5, 3, 1)),
    "C": (("exploratory", "basic", "cooperative"), (5, 4, 1)),
}
# Top-level units: (function, unit name, head title, sub-unit names). The first four always exist.
_DIVISIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("finance", "Finance", "Chief Financial Officer",
     ("Procurement", "Controlling", "Accounting", "Treasury", "Tax", "Investor Relations")),
    ("technical", "Technology", "Chief Technology Officer",
     ("Network Engineering", "Infrastructure", "Security", "Architecture", "Service Operations",
      "Cloud Platforms", "Data & Analytics")),
    ("user", "Operations", "Chief Operating Officer",
     ("Field Services", "Logistics", "Quality", "Facilities", "Production", "Service Delivery")),
    ("technical", "IT & Digital", "Chief Information Officer",
     ("Applications", "Digital Platforms", "IT Operations", "Enterprise Architecture",
      "Workplace Services")),
    ("other", "Sales & Marketing", "Chief Commercial Officer",
     ("Enterprise Sales", "Consumer Sales", "Marketing", "Product Management", "Partnerships")),
    ("user", "Customer Service", "Chief Customer Officer",
     ("Contact Centre", "Customer Experience", "Service Desk", "Complaints & Retention")),
    ("management", "Strategy & Transformation", "Chief Strategy Officer",
     ("Strategy Office", "Transformation", "PMO", "Sustainability", "Communications")),
    ("other", "People & Legal", "Chief People Officer",
     ("HR Business Partners", "Talent", "Legal", "Compliance")),
)
_STAFF_TITLES: dict[str, tuple[str, ...]] = {
    "technical": ("Engineer", "Senior Engineer", "Architect", "Analyst", "Specialist",
                  "Administrator", "Developer", "Technician"),
    "finance": ("Controller", "Accountant", "Financial Analyst", "Business Partner"),
    "procurement": ("Buyer", "Senior Buyer", "Category Manager", "Contract Manager"),
    "user": ("Coordinator", "Specialist", "Technician", "Agent", "Planner", "Supervisor"),
    "management": ("Programme Manager", "Analyst", "Consultant", "Project Manager"),
    "other": ("Specialist", "Manager", "Analyst", "Coordinator", "Executive"),
}
_STYLES = ("analytical", "driver", "amiable", "expressive")
_INTERESTS = (
    "sailing", "cycling", "golf", "running", "football", "tennis", "skiing", "jazz", "opera",
    "photography", "cooking", "hiking", "chess", "history", "wine", "fishing", "climbing",
    "gardening", "podcasts", "motorsport", "volunteering", "reading", "padel", "yoga",
)
_SELLER_TITLES = {
    "AR": "Key Account Manager",
    "SR": "Solution Architect",
    "FR": "Delivery Manager",
    "exec_sponsor": "Executive Sponsor, VP Sales",
    "other": "Customer Success Manager",
}
_EVIDENCE_UP = ("", "", "Prepares the decisions.", "Trusted adviser in the staff meeting.",
                "Writes the recommendations.", "Long-time lieutenant.")
_EVIDENCE_ACROSS = ("", "", "Worked together for years.", "Same steering committee.",
                    "Studied together.", "Neighbours; kids in the same school.",
                    "Joint programme board.")
_EVIDENCE_CONFLICT = ("Turf war over budget ownership.", "Disagree on vendor strategy.",
                      "Escalation over a failed project.", "Competing for the same promotion.")
_CONFIDENCES = (1.0, 1.0, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5)

# Interaction kinds and their mix (relative frequency) for synthetic contacts.
_KINDS = ("email", "call", "meeting", "other", "social", "tech_exchange", "exec_meeting",
          "trial", "site_visit", "hq_visit", "csr_event")
_KIND_CUM = tuple(accumulate((34.0, 20.0, 19.0, 5.0, 3.0, 7.0, 3.0, 2.0, 2.0, 1.5, 1.5)))
_GROUP_KINDS = frozenset({"exec_meeting", "hq_visit", "site_visit", "trial", "tech_exchange",
                          "csr_event", "social"})
_NOTES: dict[str, tuple[str, ...]] = {
    "email": ("", "", "Sent follow-up material", "Shared a case study", "Meeting minutes sent",
              "Answered open questions"),
    "call": ("", "Check-in call", "Call about next steps", "Escalation call"),
    "meeting": ("", "Status meeting", "Working session", "Requirements walkthrough",
                "Account review"),
    "other": ("", "Webinar attended", "Met at a trade fair", "LinkedIn exchange"),
    "social": ("Lunch", "Dinner", "Coffee catch-up", "Team event"),
    "tech_exchange": ("Technical deep dive", "Architecture workshop", "Roadmap exchange"),
    "exec_meeting": ("Executive alignment", "Steering meeting", "Quarterly business review"),
    "trial": ("Lab trial session", "Pilot review", "Proof of concept"),
    "site_visit": ("Reference site visit",),
    "hq_visit": ("Visit to our headquarters", "Innovation centre visit"),
    "csr_event": ("Joint volunteering day", "Sustainability forum"),
}
_SENTIMENTS = (-2, -1, 0, 1, 2)
_SENTIMENT_CUM = tuple(accumulate((1.0, 5.0, 35.0, 42.0, 17.0)))
_OPEN_STAGES = ("lead", "qualified", "bid", "negotiation")
_STAGES = (*_OPEN_STAGES, "won", "lost")
_STAGE_CUM = tuple(accumulate((18.0, 18.0, 17.0, 12.0, 20.0, 15.0)))
_ROLE_STANCES = ("mentor", "supporter", "neutral", "non_supporter", "enemy", "unknown")
_ROLE_STANCE_W: dict[str, tuple[float, ...]] = {
    "economic_buyer": (0.5, 3.0, 4.0, 1.5, 0.5, 2.0),
    "decision_maker": (0.5, 3.0, 3.0, 1.5, 0.7, 1.0),
    "technical_buyer": (0.5, 3.0, 3.0, 1.5, 1.0, 1.0),
    "user_buyer": (0.5, 4.0, 3.0, 1.0, 0.3, 1.0),
    "coach": (4.0, 3.0, 0.0, 0.0, 0.0, 0.0),
    "influencer": (0.5, 3.0, 3.0, 1.0, 0.5, 2.0),
    "gatekeeper": (0.2, 1.5, 4.0, 2.0, 0.5, 1.0),
}
_DEGREES = ("high", "medium", "low")
_ROLE_INFLUENCE: dict[str, tuple[float, ...]] = {
    "economic_buyer": (8.0, 2.0, 0.0),
    "decision_maker": (5.0, 4.0, 1.0),
    "technical_buyer": (2.0, 5.0, 3.0),
    "user_buyer": (1.0, 5.0, 4.0),
    "coach": (1.0, 5.0, 3.0),
    "influencer": (1.0, 4.0, 5.0),
    "gatekeeper": (1.0, 4.0, 4.0),
}
_MODES = ("growth", "trouble", "even_keel", "overconfident", "unknown")
_MODE_W = (3.0, 3.0, 2.0, 1.0, 2.0)
# fmt: on

# Layer codes used internally.
_DEC, _MAN, _OPS = 0, 1, 2
_LAYER_NAMES = ("decision", "management", "operation")


def _pick_cum(rng: random.Random, values: tuple[Any, ...], cum: tuple[float, ...]) -> Any:
    return rng.choices(values, cum_weights=cum)[0]


class _Sellers:
    """The global seller pool: own sellers per account plus shared specialists and sponsors."""

    def __init__(self, rng: random.Random, accounts: int, prefix: str = "") -> None:
        self.rng = rng
        self.prefix = prefix
        self.rows: list[dict[str, Any]] = []
        n_shared = max(2, accounts // 4)
        # Shared sellers are created on first use, so that every seller is on some team.
        self.shared: dict[str, list[str | None]] = {
            "exec_sponsor": [None] * ((n_shared + 1) // 2),
            "SR": [None] * (n_shared // 2 or 1),
        }

    def new(self, role: str) -> str:
        sid = f"{self.prefix}s{len(self.rows) + 1}"
        first, last = self.rng.choice(_FIRST), self.rng.choice(_LAST)
        self.rows.append(
            {
                "id": sid,
                "name": f"{first} {last}",
                "title": _SELLER_TITLES[role],
                "email": f"{first.lower()}.{last.lower()}.{sid}@ourcompany.example",
            }
        )
        return sid

    def shared_seller(self, role: str) -> str:
        pool = self.shared[role]
        k = self.rng.randrange(len(pool))
        sid = pool[k]
        if sid is None:
            sid = pool[k] = self.new(role)
        return sid

    def team(self) -> list[tuple[str, str]]:
        """(seller, role) pairs of one account team: 3-6 sellers, AR always present."""
        rng = self.rng
        team = [(self.new("AR"), "AR")]
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


def _org_tree(rng: random.Random, n: int) -> tuple[list[int], list[int]]:
    """Parent index (-1 for the root) and depth of n people, built level by level."""
    parent = [-1] * n
    depth = [0] * n
    level = [0]
    nxt = 1
    while nxt < n:
        rng.shuffle(level)
        new_level: list[int] = []
        for pos, node in enumerate(level):
            if nxt >= n:
                break
            d = depth[node]
            if d == 0:
                span = rng.randint(4, 8)
            elif d == 1 or (pos == len(level) - 1 and not new_level):
                span = rng.randint(3, 8)
            else:
                span = 0 if rng.random() < 0.2 else rng.randint(3, 8)
            for _ in range(min(span, n - nxt)):
                parent[nxt] = node
                depth[nxt] = d + 1
                new_level.append(nxt)
                nxt += 1
        level = new_level
    return parent, depth


END_LOADED_EVERY = 5  # every fifth seller (by number) end-loads


def _month_end(as_of: datetime.date, off: int, back: int, limit: int) -> int:
    """The offset (days before as_of) of a day `back` days before the end of the month of the
    day `off` days before as_of, never after as_of."""
    day = as_of - datetime.timedelta(days=off)
    nxt = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    target = min(nxt - datetime.timedelta(days=1 + back), as_of)
    return min(max((as_of - target).days, 0), limit - 1)


def _economics(rng: random.Random, accounts: int) -> list[tuple[int | None, int | None, str, str]]:
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
    tiers = ["C"] * accounts
    for currency in set(r[2] for r in rows):
        idx = [i for i, r in enumerate(rows) if r[2] == currency]
        total = sum((rows[i][0] or 0.0) + (rows[i][1] or 0.0) for i in idx)
        idx.sort(key=lambda i: -((rows[i][0] or 0.0) + (rows[i][1] or 0.0)))
        cum = 0.0
        for i in idx:
            share = cum / total if total else 1.0
            tiers[i] = "A" if share < 0.7 else "B" if share < 0.9 else "C"
            cum += (rows[i][0] or 0.0) + (rows[i][1] or 0.0)
    out: list[tuple[int | None, int | None, str, str]] = []
    for (pot, rev, currency), tier in zip(rows, tiers, strict=True):
        if rng.random() < 0.15:  # declared tiers do not always follow the numbers
            tier = rng.choice([t for t in "ABC" if t != tier])
        out.append((pot, rev, currency, tier))
    return out


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
    # Shared date strings: day offset k (days before as_of) -> ISO date.
    dates = [(as_of - datetime.timedelta(days=k)).isoformat() for k in range(HISTORY_DAYS + 731)]
    future = [(as_of + datetime.timedelta(days=k)).isoformat() for k in range(731)]
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "accounts": [],
        "units": [],
        "people": [],
        "reports_to": [],
        "influences": [],
        "sellers": [],
        "account_team": [],
        "relationships": [],
        "opportunities": [],
        "roles": [],
        "interactions": [],
        "actions": [],
        "activity_targets": [
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
        ],
    }
    sellers = _Sellers(rng, accounts, prefix)
    economics = _economics(rng, accounts)
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
            economics[k],
            names,
            dates,
            future,
            prefix,
        )
        if progress is not None:
            progress(k + 1)
    bundle["sellers"] = sellers.rows
    return bundle


def _account(
    rng: random.Random,
    bundle: dict[str, Any],
    seller_pool: _Sellers,
    number: int,
    n: int,
    per_person: float,
    economics: tuple[int | None, int | None, str, str],
    names: set[str],
    dates: list[str],
    future: list[str],
    prefix: str = "",
) -> None:
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
    bundle["accounts"].append(
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
        }
    )

    # --- sellers on the team
    team = seller_pool.team()
    for sid, team_role in team:
        bundle["account_team"].append({"account": aid, "seller": sid, "role": team_role})
    if n == 0:
        return

    # --- org tree, layers, units
    parent, depth = _org_tree(rng, n)
    n_children = [0] * n
    for p in parent:
        if p >= 0:
            n_children[p] += 1
    layer = [_DEC if depth[i] <= 1 else (_MAN if n_children[i] else _OPS) for i in range(n)]
    pid = [f"{aid}-p{i + 1}" for i in range(n)]
    units = bundle["units"]
    board = f"{aid}-u1"
    units.append(
        {
            "id": board,
            "account": aid,
            "name": "Executive Board",
            "function": "management",
            "parent": None,
        }
    )
    unit_of = [board] * n
    function_of = ["management"] * n
    unit_name_of = ["Executive Board"] * n
    divisions = list(_DIVISIONS[:4])
    extra = list(_DIVISIONS[4:])
    rng.shuffle(extra)
    divisions += extra
    division_of_head: dict[int, tuple[str, str, str, tuple[str, ...]]] = {}
    sub_count: dict[int, int] = {}
    titles = [""] * n
    titles[0] = "Chief Executive Officer"
    for i in range(1, n):
        d = depth[i]
        if d == 1:
            j = len(division_of_head)
            division = divisions[j % len(divisions)]
            division_of_head[i] = division
            uid = f"{aid}-u{len(units) + 1}"
            uname = (
                division[1] if j < len(divisions) else f"{division[1]} {j // len(divisions) + 1}"
            )
            units.append(
                {"id": uid, "account": aid, "name": uname, "function": division[0], "parent": board}
            )
            unit_of[i], function_of[i], unit_name_of[i] = uid, division[0], uname
            titles[i] = division[2]
            sub_count[i] = 0
        elif d == 2 and n_children[i]:
            head = parent[i]
            division = division_of_head[head]
            s = sub_count[head]
            sub_count[head] = s + 1
            subs = division[3]
            uname = (
                subs[s % len(subs)]
                if s < len(subs)
                else f"{subs[s % len(subs)]} {s // len(subs) + 1}"
            )
            function = "procurement" if uname.startswith("Procurement") else division[0]
            uid = f"{aid}-u{len(units) + 1}"
            units.append(
                {
                    "id": uid,
                    "account": aid,
                    "name": uname,
                    "function": function,
                    "parent": unit_of[head],
                }
            )
            unit_of[i], function_of[i], unit_name_of[i] = uid, function, uname
            titles[i] = f"Director {uname}" if rng.random() < 0.5 else f"Head of {uname}"
        else:
            p = parent[i]
            unit_of[i], function_of[i], unit_name_of[i] = (
                unit_of[p],
                function_of[p],
                unit_name_of[p],
            )
            if n_children[i]:
                titles[i] = f"{unit_name_of[i]} Manager" if rng.random() < 0.6 else "Team Lead"
            else:
                titles[i] = rng.choice(_STAFF_TITLES[function_of[i]])

    # --- people (a few leavers and new hires among the individual contributors)
    since_off = [-1] * n  # days before as_of the person joined (-1: unknown, long ago)
    until_off = [-1] * n  # days before as_of the person left (-1: still employed)
    people_rows = bundle["people"]
    person_names: list[str] = []
    used_emails: set[str] = set()
    for i in range(n):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        email = f"{first.lower()}.{last.lower()}@{domain}"
        if email in used_emails:
            email = f"{first.lower()}.{last.lower()}{i + 1}@{domain}"
        used_emails.add(email)
        lay = layer[i]
        r = rng.random()
        if lay == _DEC:
            status = "inner_circle" if r < 0.5 else "structure"
        elif lay == _MAN:
            status = "inner_circle" if r < 0.03 else "structure" if r < 0.35 else "outside"
        else:
            status = "structure" if r < 0.04 else "outside"
        since = until = None
        if lay == _OPS and i > 0:
            r = rng.random()
            if r < 0.03:
                until_off[i] = rng.randint(1, 600)
                until = dates[until_off[i]]
            elif r < 0.08:
                since_off[i] = rng.randint(10, 400)
                since = dates[since_off[i]]
        k_interests = rng.choice((0, 0, 1, 1, 2))
        person_names.append(f"{first} {last}")
        people_rows.append(
            {
                "id": pid[i],
                "account": aid,
                "unit": unit_of[i],
                "name": person_names[i],
                "title": titles[i],
                "layer": _LAYER_NAMES[lay],
                "political_status": status,
                "style": rng.choice(_STYLES),
                "profile": "",
                "interests": rng.sample(_INTERESTS, k_interests),
                "email": email if rng.random() < 0.95 else None,
                "since": since,
                "until": until,
            }
        )

    # --- reporting lines (solid along the tree, a few dotted ones)
    reports = bundle["reports_to"]
    for i in range(1, n):
        reports.append(
            {
                "person": pid[i],
                "manager": pid[parent[i]],
                "kind": "solid",
                "since": dates[since_off[i]] if since_off[i] >= 0 else None,
                "until": dates[until_off[i]] if until_off[i] >= 0 else None,
            }
        )
    stable = [i for i in range(n) if since_off[i] < 0 and until_off[i] < 0]
    managers = [i for i in stable if n_children[i] and depth[i] in (1, 2)]
    dotted: set[tuple[int, int]] = set()
    if managers and stable:
        for _ in range(max(1, n // 100)):
            i = rng.choice(stable)
            m = rng.choice(managers)
            if m in (i, parent[i]) or unit_of[m] == unit_of[i] or (i, m) in dotted:
                continue
            dotted.add((i, m))
            reports.append(
                {
                    "person": pid[i],
                    "manager": pid[m],
                    "kind": "dotted",
                    "since": None,
                    "until": None,
                }
            )

    # --- influence links: up the hierarchy, across it, and a few conflicts
    influences = bundle["influences"]
    seen: set[tuple[int, int, str]] = set()

    def influence(src: int, dst: int, strength: float, kind: str, polarity: str, ev: str) -> None:
        key = (src, dst, kind)
        if src == dst or key in seen:
            return
        seen.add(key)
        influences.append(
            {
                "source": pid[src],
                "target": pid[dst],
                "strength": strength,
                "kind": kind,
                "polarity": polarity,
                "confidence": rng.choice(_CONFIDENCES),
                "evidence": ev,
                "since": None,
                "until": None,
            }
        )

    for i in stable:
        p = parent[i]
        if p < 0 or until_off[p] >= 0:
            continue
        if rng.random() < (0.55 if layer[i] != _OPS else 0.15):
            kind = "advice" if rng.random() < 0.7 else "formal"
            influence(
                i, p, round(rng.uniform(0.3, 0.9), 2), kind, "positive", rng.choice(_EVIDENCE_UP)
            )
        if layer[p] == _DEC and rng.random() < 0.05:
            influence(
                p,
                i,
                round(rng.uniform(0.4, 0.8), 2),
                "sponsor",
                "positive",
                "Sponsors this person's programme.",
            )
    senior = [i for i in stable if layer[i] != _OPS] or stable
    for _ in range(max(1, n // 25)):
        a, b = rng.choice(stable), rng.choice(senior)
        kind = rng.choice(("friendship", "advice", "advice", "other", "family"))
        influence(
            a, b, round(rng.uniform(0.2, 0.8), 2), kind, "positive", rng.choice(_EVIDENCE_ACROSS)
        )
    for _ in range(max(1, n // 150)):
        a, b = rng.choice(senior), rng.choice(senior)
        influence(
            a,
            b,
            round(rng.uniform(0.3, 0.8), 2),
            "other",
            "conflict",
            rng.choice(_EVIDENCE_CONFLICT),
        )

    # --- opportunities and buying roles
    by_function: dict[str, list[int]] = {}
    for i in range(n):
        by_function.setdefault(function_of[i], []).append(i)
    decision = [i for i in range(n) if layer[i] == _DEC]
    senior_all = [i for i in range(n) if layer[i] != _OPS]
    everyone = list(range(n))
    opp_of_person: dict[int, list[tuple[str, int]]] = {}
    opp_rows = bundle["opportunities"]
    role_rows = bundle["roles"]
    open_opps: list[str] = []
    for o in range(rng.randint(1, 4)):
        oid = f"{aid}-o{o + 1}"
        stage = _pick_cum(rng, _STAGES, _STAGE_CUM)
        is_open = stage in _OPEN_STAGES
        close_off = 0 if is_open else rng.randint(10, 500)  # days back the deal closed
        close = future[rng.randint(20, 400)] if is_open else dates[close_off]
        base = potential or 1_000_000
        opp_rows.append(
            {
                "id": oid,
                "account": aid,
                "name": rng.choice(opp_names),
                "stage": stage,
                "value": int(round(base * rng.uniform(0.05, 0.6), -3)),
                "currency": currency,
                "close_date": close,
            }
        )
        if is_open:
            open_opps.append(oid)
        plan = (
            (decision, "economic_buyer", 1),
            (senior_all, "decision_maker", rng.randint(1, 2)),
            (by_function.get("technical", everyone), "technical_buyer", rng.randint(1, 2)),
            (by_function.get("user", everyone), "user_buyer", rng.randint(1, 3)),
            (senior_all, "coach", 1 if rng.random() < 0.75 else 0),
            (everyone, "influencer", rng.randint(0, 3)),
            (by_function.get("procurement", senior_all), "gatekeeper", int(rng.random() < 0.6)),
        )
        taken: set[tuple[int, str]] = set()
        for pool, buying_role, count in plan:
            for _ in range(count):
                i = rng.choice(pool)
                if (i, buying_role) in taken:
                    continue
                taken.add((i, buying_role))
                role_rows.append(
                    {
                        "opportunity": oid,
                        "person": pid[i],
                        "role": buying_role,
                        "stance": rng.choices(_ROLE_STANCES, _ROLE_STANCE_W[buying_role])[0],
                        "influence": rng.choices(_DEGREES, _ROLE_INFLUENCE[buying_role])[0],
                        "response_mode": rng.choices(_MODES, _MODE_W)[0],
                    }
                )
                opp_of_person.setdefault(i, []).append((oid, close_off))

    # --- contact pairs with a recency profile
    team_sellers = [sid for sid, _ in team]
    weights_by_layer = []
    for lay in (_DEC, _MAN, _OPS):
        row = []
        for _, team_role in team:
            if team_role == "AR":
                row.append((5.0, 3.0, 1.0)[lay])
            elif team_role == "SR":
                row.append((1.0, 2.5, 2.5)[lay])
            elif team_role == "FR":
                row.append((0.5, 2.0, 3.0)[lay])
            elif team_role == "exec_sponsor":
                row.append((6.0, 0.3, 0.0)[lay])
            else:
                row.append((0.5, 1.5, 2.0)[lay])
        weights_by_layer.append(row)
    contact_p = (0.95, 0.75, 0.35)
    layer_factor = (1.6, 1.0, 0.6)
    pair_seller: list[int] = []
    pair_person: list[int] = []
    pair_end: list[int] = []
    pair_span: list[int] = []
    pair_weight: list[float] = []
    for i in range(n):
        lay = layer[i]
        if rng.random() >= contact_p[lay]:
            continue
        k_sellers = 1 if rng.random() < 0.6 else (2 if rng.random() < 0.75 else 3)
        chosen: set[int] = set()
        for _ in range(k_sellers):
            chosen.add(rng.choices(range(len(team)), weights_by_layer[lay])[0])
        for s in sorted(chosen):
            r = rng.random()
            if since_off[i] >= 0:  # new hire: contacts only since they joined
                start = rng.randint(max(0, since_off[i] // 3), since_off[i])
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
            if until_off[i] >= 0:  # leaver: contacts only until they left
                end = max(end, until_off[i])
                start = max(start, min(HISTORY_DAYS, end + rng.randint(60, 300)))
            span = start - end
            pair_seller.append(s)
            pair_person.append(i)
            pair_end.append(end)
            pair_span.append(span)
            pair_weight.append(
                rng.lognormvariate(0.0, 0.8) * layer_factor[lay] * (span + 30) / 365.0
            )
    # --- declared relationships for a fraction of the pairs
    rel_rows = bundle["relationships"]
    for q in range(len(pair_person)):
        i = pair_person[q]
        lay = layer[i]
        if rng.random() >= (0.6, 0.35, 0.08)[lay]:
            continue
        level = rng.choices((1, 2, 3, 4), (2.0, 4.0, 3.0, 1.0))[0]
        target = min(4, level + rng.choice((0, 0, 1, 1, 2))) if rng.random() < 0.8 else None
        since_days = rng.randint(pair_end[q] + pair_span[q], pair_end[q] + pair_span[q] + 1200)
        if since_off[i] >= 0:
            since_days = pair_end[q] + pair_span[q]
        since_s = dates[since_days] if since_days < len(dates) else None
        assessed = None
        if rng.random() < 0.7:
            assessed = dates[rng.randint(pair_end[q], min(since_days, pair_end[q] + 300))]
        rel_rows.append(
            {
                "seller": team_sellers[pair_seller[q]],
                "person": pid[i],
                "level": level,
                "target_level": target,
                "since": since_s,
                "assessed_on": assessed,
            }
        )

    # --- interactions
    total = round(n * per_person) if pair_person else 0
    cum = list(accumulate(pair_weight))
    picks = rng.choices(range(len(pair_person)), cum_weights=cum, k=total) if total else []
    kinds = rng.choices(_KINDS, cum_weights=_KIND_CUM, k=total)
    sentiments = rng.choices(_SENTIMENTS, cum_weights=_SENTIMENT_CUM, k=total)
    rand = rng.random
    offsets = [pair_end[q] + int(pair_span[q] * rand() ** 1.6) for q in picks]
    order = sorted(range(total), key=offsets.__getitem__, reverse=True)
    colleagues: dict[str, list[int]] = {}
    for i in stable:
        colleagues.setdefault(unit_of[i], []).append(i)
    team_size = len(team_sellers)
    out = bundle["interactions"]
    append = out.append
    # Some sellers end-load: most of their meetings fall in the last week of a month (the
    # "everyone visits in week four" pattern the activity report flags).
    as_of = datetime.date.fromisoformat(dates[0])
    late = {s for s in team_sellers if int(s.rsplit("s", 1)[1]) % END_LOADED_EVERY == 2}
    for seq, j in enumerate(order, start=1):
        q = picks[j]
        i = pair_person[q]
        off = offsets[j]
        if team_sellers[pair_seller[q]] in late and rand() < 0.8:
            off = _month_end(as_of, off, int(rand() * 7), len(dates))
        kind = kinds[j]
        if kind == "exec_meeting" and layer[i] == _OPS:
            kind = "meeting"
        seller_list = [team_sellers[pair_seller[q]]]
        person_list = [pid[i]]
        if kind in _GROUP_KINDS:
            if rand() < 0.5:
                mates = colleagues.get(unit_of[i])
                if mates:
                    for _ in range(1 + int(rand() * 3)):
                        c = pid[mates[int(rand() * len(mates))]]
                        if c not in person_list:
                            person_list.append(c)
                    person_list.sort()
            if team_size > 1 and rand() < 0.35:
                extra_seller = team_sellers[int(rand() * team_size)]
                if extra_seller not in seller_list:
                    seller_list.append(extra_seller)
                    seller_list.sort()
        elif rand() < 0.06:
            mates = colleagues.get(unit_of[i])
            if mates:
                c = pid[mates[int(rand() * len(mates))]]
                if c not in person_list:
                    person_list.append(c)
                    person_list.sort()
        opportunity = None
        opps = opp_of_person.get(i)
        if opps is not None and rand() < 0.4:
            oid, close_off = opps[int(rand() * len(opps))]
            if off >= close_off:
                opportunity = oid
        notes = _NOTES[kind]
        append(
            {
                "id": f"{aid}-i{seq}",
                "date": dates[off],
                "kind": kind,
                "sellers": seller_list,
                "people": person_list,
                "opportunity": opportunity,
                "sentiment": sentiments[j],
                "notes": notes[int(rand() * len(notes))],
            }
        )

    # --- actions of the account plan
    action_rows = bundle["actions"]
    key_people = decision + [i for i in senior_all if layer[i] == _MAN][:20]
    for a in range(rng.randint(3, 8)):
        strategy = rng.choices(("business", "penetration", "resources"), (3.0, 4.0, 2.0))[0]
        target_i = rng.choice(key_people)
        kind_a: str | None
        people_a: list[str] = []
        addresses: str | None = None
        if strategy == "resources":
            kind_a = None
            title = rng.choice(
                (
                    "Secure presales support",
                    "Get delivery capacity committed",
                    "Approve the discount corridor",
                    "Bring in a product specialist",
                )
            )
        elif strategy == "penetration":
            kind_a = rng.choice(("meeting", "exec_meeting", "hq_visit", "social"))
            people_a = [pid[target_i]]
            addresses = rng.choice(
                (None, "uncovered_key_person", "key_person_at_risk", "single_threaded")
            )
            title = f"Build the relationship with {person_names[target_i]}"
        else:
            kind_a = rng.choice(("tech_exchange", "site_visit", "trial", "meeting"))
            people_a = [pid[target_i]]
            title = f"Joint business case with {person_names[target_i]}"
        created = rng.randint(0, 240)
        due = created - rng.randint(14, 150)  # offsets: negative means after as_of
        r = rng.random()
        if due > 0:  # due date passed: mostly done, some still open (overdue), a few dropped
            status = "done" if r < 0.55 else "dropped" if r < 0.65 else "open"
        else:
            status = "done" if r < 0.1 else "dropped" if r < 0.15 else "open"
        owner = rng.choice(team_sellers)
        closed = None
        if status != "open":
            closed_off = rng.randint(max(0, due - 10), created) if created > 0 else 0
            closed = dates[closed_off]
        action_rows.append(
            {
                "id": f"{aid}-a{a + 1}",
                "account": aid,
                "title": title,
                "strategy": strategy,
                "kind": kind_a,
                "people": people_a,
                "opportunity": rng.choice(open_opps) if open_opps and rng.random() < 0.5 else None,
                "addresses": addresses,
                "raci": {
                    "R": owner,
                    "A": team_sellers[0] if rng.random() < 0.6 else None,
                    "C": sorted(set(rng.sample(team_sellers, rng.randint(0, 2))) - {owner}),
                    "I": [],
                },
                "created": dates[created],
                "due": dates[due] if due >= 0 else future[-due],
                "status": status,
                "closed_on": closed,
            }
        )

    # --- activity targets of the account
    bundle["activity_targets"].append(
        {
            "id": f"{aid}-t1",
            "account": aid,
            "seller": team_sellers[0],
            "metric": "org_events",
            "period": "quarter",
            "target": rng.randint(2, 4),
        }
    )
    if rng.random() < 0.5:
        bundle["activity_targets"].append(
            {
                "id": f"{aid}-t2",
                "account": aid,
                "seller": None,
                "metric": "interactions",
                "period": "week",
                "target": rng.randint(3, 8),
            }
        )
