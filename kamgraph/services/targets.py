"""Activity targets: set (create or change), list, remove. Writes go through `import_data`, so a
target is validated like a bundle row (unknown seller, account, metric or period refused)."""

from __future__ import annotations

from typing import Any

from kamgraph.errors import NotFound
from kamgraph.interchange.ingest import import_data, stored_rows
from kamgraph.interchange.model import FORMAT
from kamgraph.storage.base import GraphStore


def target_id(metric: str, period: str, seller: str | None, account: str | None) -> str:
    """One target per (seller, account, metric, period) when set by hand: `set` changes it."""
    return f"t-{seller or 'each'}-{account or 'all'}-{metric}-{period}"


def list_targets(
    store: GraphStore, *, seller: str | None = None, account: str | None = None
) -> list[dict[str, Any]]:
    ids = sorted(str(r["id"]) for r in store.read("activity/targets"))
    rows = [dict(row) for row in stored_rows(store, "activity_targets", ids).values()]
    return sorted(
        (
            r
            for r in rows
            if (seller is None or r.get("seller") == seller)
            and (account is None or r.get("account") == account)
        ),
        key=lambda r: str(r["id"]),
    )


def set_target(
    store: GraphStore,
    metric: str,
    target: int,
    period: str,
    seller: str | None = None,
    account: str | None = None,
    target_id_: str | None = None,
) -> dict[str, Any]:
    key = target_id_ or target_id(metric, period, seller, account)
    row = {
        "id": key,
        "metric": metric,
        "target": target,
        "period": period,
        "seller": seller,
        "account": account,
    }
    import_data(store, {"format": FORMAT, "activity_targets": [row]})
    return dict(stored_rows(store, "activity_targets", [key])[(key,)])


def remove_target(store: GraphStore, target: str) -> None:
    if not stored_rows(store, "activity_targets", [target]):
        raise NotFound(f"unknown activity target {target!r}")
    store.write("crud/delete_activity_targets", id=target)
