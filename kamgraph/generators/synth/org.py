"""The units table and the org chart it follows.

Each account is an org tree (3-8 direct reports per manager, level by level); depth gives the layer
(the root and its direct reports decide, other managers manage, the rest operate); units follow the
subtrees of the top two levels below the root (with parent units), one of them procurement.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kamgraph.generators.synth.common import DEC, MAN, OPS, Rows
from kamgraph.interchange.model import UnitFunction

# `# fmt: skip` below: the division table is laid out by hand, one entry per row with its names
# aligned, which the formatter would spread over one line per name.
Division = tuple[UnitFunction, str, str, tuple[str, ...]]
# Top-level units: (function, unit name, head title, sub-unit names). The first four always exist.
_DIVISIONS: tuple[Division, ...] = (
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
)  # fmt: skip
_STAFF_TITLES: dict[UnitFunction, tuple[str, ...]] = {
    "technical": (
        "Engineer",
        "Senior Engineer",
        "Architect",
        "Analyst",
        "Specialist",
        "Administrator",
        "Developer",
        "Technician",
    ),
    "finance": ("Controller", "Accountant", "Financial Analyst", "Business Partner"),
    "procurement": ("Buyer", "Senior Buyer", "Category Manager", "Contract Manager"),
    "user": ("Coordinator", "Specialist", "Technician", "Agent", "Planner", "Supervisor"),
    "management": ("Programme Manager", "Analyst", "Consultant", "Project Manager"),
    "other": ("Specialist", "Manager", "Analyst", "Coordinator", "Executive"),
}


@dataclass(frozen=True)
class Org:
    """The org chart of one account's ``n`` people (index 0 is the root, the CEO)."""

    aid: str
    pid: list[str]  # person ids
    parent: list[int]  # -1 for the root
    depth: list[int]
    n_children: list[int]
    layer: list[int]  # DEC, MAN or OPS
    unit_of: list[str]  # unit ids
    function_of: list[UnitFunction]
    titles: list[str]

    @property
    def n(self) -> int:
        return len(self.pid)

    def in_layers(self, *layers: int) -> list[int]:
        """The people of these layers, in index order."""
        return [i for i in range(self.n) if self.layer[i] in layers]


def _tree(rng: random.Random, n: int) -> tuple[list[int], list[int]]:
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


def org_chart(rng: random.Random, units: Rows, aid: str, n: int) -> Org:
    """The org chart of ``n`` (at least one) people; appends its units to ``units``.

    Unit ids are numbered by the length of ``units``: the units table of the whole bundle.
    """
    parent, depth = _tree(rng, n)
    n_children = [0] * n
    for p in parent:
        if p >= 0:
            n_children[p] += 1
    layer = [DEC if depth[i] <= 1 else (MAN if n_children[i] else OPS) for i in range(n)]
    pid = [f"{aid}-p{i + 1}" for i in range(n)]
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
    org = Org(
        aid=aid,
        pid=pid,
        parent=parent,
        depth=depth,
        n_children=n_children,
        layer=layer,
        unit_of=[board] * n,
        function_of=["management"] * n,
        titles=[""] * n,
    )
    _Chart(rng, units, org).place()
    return org


class _Chart:
    """Places everyone below the root in a unit, with a title; creates the units on the way."""

    def __init__(self, rng: random.Random, units: Rows, org: Org) -> None:
        self.rng = rng
        self.units = units
        self.org = org
        self.board = org.unit_of[0]  # the root's unit, parent of the divisions
        self.unit_name_of = ["Executive Board"] * org.n
        divisions = list(_DIVISIONS[:4])
        extra = list(_DIVISIONS[4:])
        rng.shuffle(extra)
        divisions += extra
        self.divisions = divisions
        self.division_of_head: dict[int, Division] = {}
        self.sub_count: dict[int, int] = {}

    def place(self) -> None:
        org = self.org
        org.titles[0] = "Chief Executive Officer"
        for i in range(1, org.n):
            d = org.depth[i]
            if d == 1:
                self._division_head(i)
            elif d == 2 and org.n_children[i]:
                self._sub_unit_head(i)
            else:
                self._member(i)

    def _unit(self, i: int, name: str, function: UnitFunction, parent: str) -> None:
        org = self.org
        uid = f"{org.aid}-u{len(self.units) + 1}"
        self.units.append(
            {"id": uid, "account": org.aid, "name": name, "function": function, "parent": parent}
        )
        org.unit_of[i], org.function_of[i], self.unit_name_of[i] = uid, function, name

    def _division_head(self, i: int) -> None:
        divisions = self.divisions
        j = len(self.division_of_head)
        division = divisions[j % len(divisions)]
        self.division_of_head[i] = division
        uname = division[1] if j < len(divisions) else f"{division[1]} {j // len(divisions) + 1}"
        self._unit(i, uname, division[0], self.board)
        self.org.titles[i] = division[2]
        self.sub_count[i] = 0

    def _sub_unit_head(self, i: int) -> None:
        org = self.org
        head = org.parent[i]
        division = self.division_of_head[head]
        s = self.sub_count[head]
        self.sub_count[head] = s + 1
        subs = division[3]
        uname = (
            subs[s % len(subs)] if s < len(subs) else f"{subs[s % len(subs)]} {s // len(subs) + 1}"
        )
        function: UnitFunction = "procurement" if uname.startswith("Procurement") else division[0]
        self._unit(i, uname, function, org.unit_of[head])
        org.titles[i] = f"Director {uname}" if self.rng.random() < 0.5 else f"Head of {uname}"

    def _member(self, i: int) -> None:
        org = self.org
        p = org.parent[i]
        org.unit_of[i], org.function_of[i] = org.unit_of[p], org.function_of[p]
        self.unit_name_of[i] = self.unit_name_of[p]
        if org.n_children[i]:
            org.titles[i] = (
                f"{self.unit_name_of[i]} Manager" if self.rng.random() < 0.6 else "Team Lead"
            )
        else:
            org.titles[i] = self.rng.choice(_STAFF_TITLES[org.function_of[i]])
