"""Two people saving one row at the same instant: the version a form carries is checked again
inside the write's unit (its guard), so the second save is refused and shown the first's
change, never applied over it. The race is made deterministic by letting a colleague's save
land between the early check and the write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kamgraph.errors import ConflictError
from kamgraph.interchange.ingest import import_data
from kamgraph.services import actions, forms
from kamgraph.services.forms import Stale, save_row, version
from kamgraph.services.rows import get_row, replace_row
from kamgraph.storage.base import GraphStore

ROLE = ("nw-o1", "nw-p09", "technical_buyer")


@pytest.fixture
def sample_store(falkor: GraphStore, sample_data: dict[str, Any]) -> GraphStore:
    import_data(falkor, sample_data)
    return falkor


def test_a_save_racing_a_colleagues_is_refused_and_shows_theirs(
    sample_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = get_row(sample_store, "roles", ROLE)
    real = forms.stored
    reads = 0

    def colleague_saves_after_the_first_check(store: GraphStore, table: str, key: Any) -> Any:
        nonlocal reads
        reads += 1
        row = real(store, table, key)
        if reads == 1:  # the early check has read the row as the form showed it …
            replace_row(store, "roles", {**shown, "stance": "neutral"})  # … then a colleague saves
        return row

    monkeypatch.setattr(forms, "stored", colleague_saves_after_the_first_check)
    with pytest.raises(Stale) as refused:
        save_row(sample_store, "roles", {**shown, "stance": "mentor"}, version(shown))
    assert refused.value.current is not None and refused.value.current["stance"] == "neutral"
    assert get_row(sample_store, "roles", ROLE)["stance"] == "neutral"  # the colleague's stays


def test_a_save_of_an_unchanged_row_goes_through(sample_store: GraphStore) -> None:
    shown = get_row(sample_store, "roles", ROLE)
    save_row(sample_store, "roles", {**shown, "stance": "mentor"}, version(shown))
    assert get_row(sample_store, "roles", ROLE)["stance"] == "mentor"


def test_closing_an_action_changed_since_it_was_shown_is_refused(
    sample_store: GraphStore,
) -> None:
    shown = actions.get_action(sample_store, "nw-a01")
    assert shown.get("status", "open") == "open"
    replace_row(sample_store, "actions", {**shown, "title": "Renamed by a colleague"})
    with pytest.raises(ConflictError, match="changed by someone else"):
        actions.close_action(sample_store, "nw-a01", "done", dt.date(2026, 11, 20), shown)
    now = actions.get_action(sample_store, "nw-a01")
    assert now.get("status", "open") == "open" and now["title"] == "Renamed by a colleague"


def test_two_closings_at_one_instant_close_once(
    sample_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = actions.get_action
    reads = 0

    def colleague_closes_after_the_first_check(store: GraphStore, action: str) -> Any:
        nonlocal reads
        reads += 1
        row = real(store, action)
        if reads == 2:  # after close_action's early check: the colleague drops it
            import_data(store, {"format": "kamgraph/v1", "actions": [
                {**row, "status": "dropped", "closed_on": "2026-11-19"}]})  # fmt: skip
        return row

    monkeypatch.setattr(actions, "get_action", colleague_closes_after_the_first_check)
    with pytest.raises(ConflictError, match="already dropped"):
        actions.close_action(sample_store, "nw-a01", "done", dt.date(2026, 11, 20))
    assert real(sample_store, "nw-a01")["status"] == "dropped"
