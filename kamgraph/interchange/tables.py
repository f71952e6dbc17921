"""How each `kamgraph/v1` table maps onto the graph: keys, references, and the rows sent to Cypher.

The graph keeps dates twice: the ISO string (what the bundle says, compared as text) and an integer
day number `<field>_day` (days since 1970-01-01) for arithmetic, because FalkorDB lacks
`duration.between` and both engines then compute decay the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kamgraph.interchange.model import TABLE_MODELS, ActionRow, PersonRow, Row

EPOCH = dt.date(1970, 1, 1)

LABELS: tuple[str, ...] = (
    "Account",
    "Unit",
    "Person",
    "Seller",
    "Opportunity",
    "Interaction",
    "Action",
    "ActivityTarget",
    "ApiToken",  # the REST API's bearer tokens (hashes only); never exported
    "AuditEntry",  # the REST API's log of writes; never exported
    "User",  # sign-in users of the browser workspace (argon2 hashes only); never exported
    "Session",  # their browser sessions (hashed ids); never exported
    "SignInCounter",  # failed sign-ins per user name and client address; never exported
    "SyncPosition",  # where each live sync (mailbox, calendar account) stopped; never exported
    "SyncItem",  # what each live sync source has seen (ids and days only); never exported
)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


@dataclass(frozen=True)
class Ref:
    """A field of a row naming a row of another table (`raci.C` reaches into the raci object)."""

    field: str
    table: str
    many: bool = False

    def values(self, row: Row) -> list[str]:
        head, _, sub = self.field.partition(".")
        value: Any = row.__dict__[head]
        if sub:
            value = value.__dict__[sub]
        if value is None:
            return []
        return value if self.many else [value]


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    label: str | None = None
    # Fields that become edges or edge endpoints, so they are not node or edge properties.
    linked: tuple[str, ...] = ()
    # Node tables whose owned out-edges are rebuilt when an existing row changes.
    relinks: bool = False

    @property
    def model(self) -> type[Row]:
        return TABLE_MODELS[self.name]

    def key_of(self, row: Row) -> tuple[str, ...]:
        values = row.__dict__
        return tuple([values[k] for k in self.key])

    def key_of_canonical(self, row: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(row[k]) for k in self.key)

    def key_dict(self, row: Row) -> dict[str, str]:
        return {k: str(getattr(row, k)) for k in self.key}


SPECS: dict[str, TableSpec] = {
    s.name: s
    for s in (
        TableSpec(
            "accounts",
            ("id",),
            (Ref("parent", "accounts"),),
            label="Account",
            linked=("parent",),
            relinks=True,
        ),
        TableSpec(
            "units",
            ("id",),
            (Ref("account", "accounts"), Ref("parent", "units")),
            label="Unit",
            linked=("account", "parent"),
            relinks=True,
        ),
        TableSpec(
            "people",
            ("id",),
            (Ref("account", "accounts"), Ref("unit", "units")),
            label="Person",
            linked=("account", "unit", "since", "until"),
            relinks=True,
        ),
        TableSpec("sellers", ("id",), label="Seller"),
        TableSpec(
            "opportunities",
            ("id",),
            (Ref("account", "accounts"),),
            label="Opportunity",
            linked=("account",),
            relinks=True,
        ),
        TableSpec(
            "reports_to",
            ("person", "manager"),
            (Ref("person", "people"), Ref("manager", "people")),
            linked=("person", "manager"),
        ),
        TableSpec(
            "influences",
            ("source", "target", "kind"),
            (Ref("source", "people"), Ref("target", "people")),
            linked=("source", "target"),
        ),
        TableSpec(
            "account_team",
            ("account", "seller"),
            (Ref("account", "accounts"), Ref("seller", "sellers")),
            linked=("account", "seller"),
        ),
        TableSpec(
            "relationships",
            ("seller", "person"),
            (Ref("seller", "sellers"), Ref("person", "people")),
            linked=("seller", "person"),
        ),
        TableSpec(
            "roles",
            ("opportunity", "person", "role"),
            (Ref("opportunity", "opportunities"), Ref("person", "people")),
            linked=("opportunity", "person"),
        ),
        TableSpec(
            "interactions",
            ("id",),
            (
                Ref("sellers", "sellers", many=True),
                Ref("people", "people", many=True),
                Ref("opportunity", "opportunities"),
            ),
            label="Interaction",
            linked=("sellers", "people", "opportunity"),
            relinks=True,
        ),
        TableSpec(
            "actions",
            ("id",),
            (
                Ref("account", "accounts"),
                Ref("people", "people", many=True),
                Ref("opportunity", "opportunities"),
                Ref("raci.R", "sellers"),
                Ref("raci.A", "sellers"),
                Ref("raci.C", "sellers", many=True),
                Ref("raci.I", "sellers", many=True),
            ),
            label="Action",
            linked=("account", "people", "opportunity", "raci"),
            relinks=True,
        ),
        TableSpec(
            "activity_targets",
            ("id",),
            (Ref("account", "accounts"), Ref("seller", "sellers")),
            label="ActivityTarget",
            linked=("account", "seller"),
            relinks=True,
        ),
    )
}

# Write order: a row's references are written before it.
WRITE_ORDER: tuple[str, ...] = (
    "accounts",
    "units",
    "people",
    "sellers",
    "opportunities",
    "reports_to",
    "influences",
    "account_team",
    "relationships",
    "roles",
    "interactions",
    "actions",
    "activity_targets",
)
TABLE_LABEL: dict[str, str] = {s.name: s.label for s in SPECS.values() if s.label}


def graph_props(row: Row, skip: tuple[str, ...]) -> dict[str, Any]:
    """Properties to store: nulls and empty lists left out (neither engine stores null)."""
    props: dict[str, Any] = {}
    # The instance dict holds exactly the model's fields (extra="forbid"); reading it directly
    # is several times faster than going through model_fields, and this runs once per row.
    for name, value in row.__dict__.items():
        if value is None or name in skip or value == []:
            continue
        if type(value) is dt.date:
            props[name] = value.isoformat()
            props[name + "_day"] = (value - EPOCH).days
        else:
            props[name] = value
    return props


def _date_props(**dates: dt.date | None) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, value in dates.items():
        if value is not None:
            props[name] = value.isoformat()
            props[f"{name}_day"] = day_number(value)
    return props


@dataclass(frozen=True)
class LinkWrite:
    """An optional or many-valued link of a node row, written by `ingest/<query>` as flat pairs.

    Pairs rather than nested lists: FalkorDB drops a row when a subquery unwinds an empty list,
    so one flat `UNWIND $rows` query per link type is the portable form (and the fastest).
    """

    query: str
    field: str
    column: str
    many: bool = False


LINKS: dict[str, tuple[LinkWrite, ...]] = {
    "accounts": (LinkWrite("link_accounts", "parent", "parent"),),
    "units": (LinkWrite("link_units", "parent", "parent"),),
    "people": (LinkWrite("link_people_unit", "unit", "unit"),),
    "interactions": (
        LinkWrite("link_interactions_sellers", "sellers", "seller", many=True),
        LinkWrite("link_interactions_people", "people", "person", many=True),
        LinkWrite("link_interactions_opportunity", "opportunity", "opportunity"),
    ),
    "actions": (
        LinkWrite("link_actions_people", "people", "person", many=True),
        LinkWrite("link_actions_opportunity", "opportunity", "opportunity"),
    ),
    "activity_targets": (
        LinkWrite("link_activity_targets_account", "account", "account"),
        LinkWrite("link_activity_targets_seller", "seller", "seller"),
    ),
}
# Links every row of a table carries, written by the upsert query itself.
REQUIRED_LINKS: dict[str, tuple[str, ...]] = {
    "units": ("account",),
    "people": ("account",),
    "opportunities": ("account",),
    "actions": ("account",),
}


def graph_row(spec: TableSpec, row: Row) -> dict[str, Any]:
    """The parameter map one row contributes to its table's `UNWIND $rows` upsert query."""
    out: dict[str, Any] = {k: getattr(row, k) for k in spec.key}
    out["props"] = graph_props(row, spec.linked)
    for name in REQUIRED_LINKS.get(spec.name, ()):
        out[name] = getattr(row, name)
    if isinstance(row, PersonRow):
        out["employment"] = _date_props(since=row.since, until=row.until)
        # The day numbers again on the node: path queries check that every person on a path is
        # current, and FalkorDB cannot match the EMPLOYED_BY edge inside a list predicate.
        out["props"].update({k: v for k, v in out["employment"].items() if k.endswith("_day")})
    return out


def link_queries(spec: TableSpec) -> list[str]:
    """The `ingest/link_*` queries of a node table, in the order they are written."""
    queries = [link.query for link in LINKS.get(spec.name, ())]
    return [*queries, "link_actions_sellers"] if spec.name == "actions" else queries


def link_rows(spec: TableSpec, row: Row) -> Iterator[tuple[str, dict[str, Any]]]:
    """(query, pair row) for every optional or many-valued link of a node row."""
    ident = getattr(row, "id", None)
    for link in LINKS.get(spec.name, ()):
        value = getattr(row, link.field)
        for v in value if link.many else [value] if value is not None else []:
            yield link.query, {"id": ident, link.column: v}
    if isinstance(row, ActionRow):
        raci = row.raci
        assigned = [(raci.R, "R")] + ([(raci.A, "A")] if raci.A is not None else [])
        assigned += [(s, "C") for s in raci.C] + [(s, "I") for s in raci.I]
        for seller, letter in assigned:
            yield "link_actions_sellers", {"id": ident, "seller": seller, "raci": letter}
