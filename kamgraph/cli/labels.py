"""Names instead of ids in the readable tables (the `--json` outputs keep DOMAIN.md's ids).

A name is followed by its id, dimmed, only where another row of the same kind has that name:
the id is then what tells them apart (and what to type to choose one)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.markup import escape

from kamgraph.services.names import Kind, Labels

ARROW = " → "


def shown(labels: Labels, kind: Kind, id: str | None) -> str:
    """Rich markup for one id: `Katrin Vogel`, or `Anna Berg [dim]p3[/]`."""
    if id is None:
        return "-"
    name, with_id = labels.shown(kind, id)
    return escape(name) + (f" [dim]{escape(id)}[/]" if with_id else "")


def many(labels: Labels, kind: Kind, ids: Iterable[str]) -> str:
    return ", ".join(shown(labels, kind, i) for i in ids)


def warm_path(labels: Labels, nodes: Sequence[str]) -> str:
    """A warm path starts at one of our sellers, then the customer's people."""
    return ARROW.join(
        [shown(labels, "seller", nodes[0]), *(shown(labels, "person", n) for n in nodes[1:])]
    )


def people_path(labels: Labels, nodes: Sequence[str]) -> str:
    """An influence path runs between the customer's people only."""
    return ARROW.join(shown(labels, "person", n) for n in nodes)


def subject(labels: Labels, id: str) -> str:
    """A gap's subject: a person, a deal, a unit, a seller, else a word (a layer, a role);
    a missing role's subject is `<deal>/<role>`."""
    deal, slash, role = id.partition("/")
    if slash:
        return f"{shown(labels, 'opportunity', deal)}/{escape(role)}"
    return shown(labels, labels.kind_of(id, ("person", "opportunity", "unit", "seller")), id)
