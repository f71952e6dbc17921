"""Account plans and reviews from practice, on small hand-made accounts.

- Planning an action for the economic buyer nobody knows takes that gap off the unplanned list
  and raises `plan_coverage`; closing the action puts the gap back.
- The coach we stopped meeting: the review across the silence shows the relationship moving from
  strong to weak, the `key_person_at_risk` gap opened and the activity falling to nothing.
- An action done after its due date: overdue while open, then closed (not overdue) from the day
  it is closed; in a review it is `done` in the window that holds its closing and `became_overdue`
  only in a window where it was still open at the end.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.results import PlanAction, PlanResult, ReviewResult
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.errors import KamgraphError
from kamgraph.interchange.ingest import import_data
from kamgraph.storage import GraphStore
from tests.factories import tiny

CFG = AnalysisSettings()
D = dt.date


def plan_at(store: GraphStore, account: str, day: dt.date) -> PlanResult:
    from kamgraph.analysis.plan import plan

    return plan(Snapshot(store, account, day, CFG))


def review_of(store: GraphStore, account: str, d0: dt.date, d1: dt.date) -> ReviewResult:
    from kamgraph.analysis.review import review

    return review(Snapshot(store, account, d1, CFG), d0)


def unplanned(result: PlanResult) -> set[tuple[str, str]]:
    return {(g.kind, g.subject) for g in result.unplanned_gaps}


def ids(actions: list[PlanAction]) -> list[str]:
    return [a.id for a in actions]


def bundle(**tables: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "kamgraph/v1", **tables}


# --- planning the economic buyer ---------------------------------------------------------------
def test_an_action_for_the_uncovered_economic_buyer_takes_the_gap_off_the_unplanned_list(
    falkor: GraphStore,
) -> None:
    """TINY on 1 Nov 2026: nobody on our side knows Ana (p1, CIO, economic buyer of o1)."""
    day = D(2026, 11, 1)
    data = tiny()
    action = data.pop("actions")[0]  # a1: invite Ana to our HQ, addresses uncovered_key_person
    import_data(falkor, data)
    high = [g for g in coverage(Snapshot(falkor, "acme", day, CFG)).gaps if g.severity == "high"]
    assert ("uncovered_key_person", "p1") in {(g.kind, g.subject) for g in high}
    assert len(high) > 1  # also the deal's missing roles, no coach, the coach who left

    before = plan_at(falkor, "acme", day)
    assert ("uncovered_key_person", "p1") in unplanned(before)
    assert before.plan_coverage == 0.0
    ana = next(s for s in before.stakeholders if s.person == "p1")
    assert ana.best_seller is None and ana.band == "cold" and ana.open_actions == []

    # An action that targets Ana for another gap kind does not plan this one.
    other = {**action, "id": "a0", "addresses": "single_threaded", "due": "2026-12-15"}
    import_data(falkor, bundle(actions=[other]))
    assert ("uncovered_key_person", "p1") in unplanned(plan_at(falkor, "acme", day))

    import_data(falkor, bundle(actions=[action]))
    after = plan_at(falkor, "acme", day)
    assert ("uncovered_key_person", "p1") not in unplanned(after)
    assert after.plan_coverage == round(1 / len(high), 6) > before.plan_coverage
    assert unplanned(before) - unplanned(after) == {("uncovered_key_person", "p1")}
    ana = next(s for s in after.stakeholders if s.person == "p1")
    assert ana.open_actions == ["a1", "a0"]  # by due date: 30 Nov before 15 Dec
    assert ana.next_due == D(2026, 11, 30)
    assert ids(after.actions.open) == ["a1", "a0"] and after.actions.overdue == []
    assert after.stakeholders[0].person == "p1"  # the decision layer first
    planned = after.actions.open[0]
    assert (planned.owner, planned.people, planned.status, planned.closed_on) == (
        "s1",
        ["p1"],
        "open",
        None,
    )

    # An empty `addresses` plans every person gap of the people it targets.
    import_data(falkor, bundle(actions=[{**other, "addresses": None}]))
    import_data(
        falkor, bundle(actions=[{**action, "status": "dropped", "closed_on": "2026-10-20"}])
    )
    assert ("uncovered_key_person", "p1") not in unplanned(plan_at(falkor, "acme", day))

    # Dropping the last action that addressed it puts the gap back on the list.
    import_data(falkor, bundle(actions=[{**other, "status": "dropped", "closed_on": "2026-10-25"}]))
    back = plan_at(falkor, "acme", day)
    assert ("uncovered_key_person", "p1") in unplanned(back) and back.plan_coverage == 0.0
    assert back.actions.open == []
    assert ids(back.actions.recently_closed) == ["a0", "a1"]  # latest closing first


def test_a_deal_gap_is_planned_by_its_kind_whoever_the_action_targets(falkor: GraphStore) -> None:
    day = D(2026, 11, 1)
    data = tiny()
    data["actions"] = [
        {
            "id": "c1",
            "account": "acme",
            "strategy": "penetration",
            "people": ["p2"],
            "addresses": "no_coach",
            "raci": {"R": "s2"},
            "created": "2026-10-01",
        }
    ]
    import_data(falkor, data)
    result = plan_at(falkor, "acme", day)
    assert ("no_coach", "o1") not in unplanned(result)
    assert ("uncovered_key_person", "p1") in unplanned(result)
    # Not yet created on 1 Sep: the action is nowhere and plans nothing.
    earlier = plan_at(falkor, "acme", D(2026, 9, 1))
    assert ("no_coach", "o1") in unplanned(earlier)  # the coach left on 30 Jun
    assert earlier.actions.open == [] and earlier.actions.recently_closed == []


# --- the coach we stopped meeting --------------------------------------------------------------
MEETINGS = (D(2026, 1, 10), D(2026, 2, 10), D(2026, 3, 10))
SILENT_FROM, REVIEWED_ON = D(2026, 3, 10), D(2026, 7, 8)  # 120 days of silence


def coached_account() -> dict[str, Any]:
    return bundle(
        accounts=[{"id": "acme"}],
        people=[
            {"id": "ana", "account": "acme", "layer": "decision"},
            {"id": "cy", "account": "acme", "layer": "management", "title": "Head of network"},
        ],
        sellers=[{"id": "s1"}, {"id": "s2"}],
        account_team=[{"account": "acme", "seller": "s1", "role": "AR"}],
        relationships=[
            {
                "seller": "s2",
                "person": "ana",
                "level": 4,
                "since": "2025-01-01",
                "assessed_on": "2026-03-01",
            }
        ],
        opportunities=[{"id": "o1", "account": "acme", "stage": "bid"}],
        roles=[
            {"opportunity": "o1", "person": "ana", "role": "economic_buyer"},
            {"opportunity": "o1", "person": "cy", "role": "coach", "stance": "mentor"},
        ],
        interactions=[
            {
                "id": f"m{i}",
                "date": d.isoformat(),
                "kind": "meeting",
                "sellers": ["s1"],
                "people": ["cy"],
            }
            for i, d in enumerate(MEETINGS)
        ],
    )


def meeting_strength(day: dt.date) -> float:
    """DOMAIN.md's S_int of s1 with the coach: three meetings (w = 0.5), half-life 90 days."""
    a = sum(0.5 * 2 ** (-(day - m).days / 90) for m in MEETINGS if m <= day)
    return round(1 - math.exp(-a), 6)


def test_review_across_the_coachs_silence(falkor: GraphStore) -> None:
    import_data(falkor, coached_account())
    assert meeting_strength(SILENT_FROM) >= 0.5 > meeting_strength(REVIEWED_ON) >= 0.2
    result = review_of(falkor, "acme", SILENT_FROM, REVIEWED_ON)

    moves = [m for m in result.moves if m.person == "cy"]
    assert [(m.seller, m.from_band, m.to_band) for m in moves] == [("s1", "strong", "weak")]
    assert moves[0].from_strength == pytest.approx(meeting_strength(SILENT_FROM), abs=1e-6)
    assert moves[0].to_strength == pytest.approx(meeting_strength(REVIEWED_ON), abs=1e-6)

    opened = {(g.kind, g.subject): g for g in result.gaps.opened}
    assert opened[("key_person_at_risk", "cy")].severity == "medium"
    # Still single-threaded at both ends: neither opened nor closed.
    assert ("single_threaded", "cy") not in opened
    assert ("single_threaded", "cy") not in {(g.kind, g.subject) for g in result.gaps.closed}
    assert result.coverage.from_.components.key == 1.0  # both key persons strong on 10 Mar
    assert result.coverage.to.components.key == 0.5
    assert result.coverage.delta.components["key"] == -0.5
    assert result.coverage.from_.score is not None and result.coverage.to.score is not None
    assert result.coverage.delta.score == pytest.approx(
        result.coverage.to.score - result.coverage.from_.score, abs=1e-6
    )
    assert result.coverage.delta.components["roles"] == 0.0  # no tech/user buyer either time
    # Three meetings in the 120 days before, none since.
    assert (result.activity.interactions, result.activity.previous_interactions) == (0, 3)
    assert (result.activity.org_events, result.activity.previous_org_events) == (0, 0)

    # The plan on the review day shows the coach weak, with the best seller's declared ladder.
    plan = plan_at(falkor, "acme", REVIEWED_ON)
    assert [s.person for s in plan.stakeholders] == ["ana", "cy"]
    cy = plan.stakeholders[1]
    assert (cy.best_seller, cy.band, cy.level, cy.ladder_gap) == ("s1", "weak", None, 0)
    assert [(r.opportunity, r.role, r.stance) for r in cy.roles] == [("o1", "coach", "mentor")]

    # s1 declared nothing: the ladder comes from the highest declared level, ties by seller id
    # (long-unassessed relationships, too cold to change the best seller).
    import_data(
        falkor,
        bundle(
            sellers=[{"id": "s3"}],
            relationships=[
                {
                    "seller": "s3",
                    "person": "cy",
                    "level": 2,
                    "target_level": 4,
                    "since": "2024-12-01",
                },
                {
                    "seller": "s2",
                    "person": "cy",
                    "level": 2,
                    "target_level": 3,
                    "since": "2024-12-01",
                },
            ],
        ),
    )
    cy = plan_at(falkor, "acme", REVIEWED_ON).stakeholders[1]
    assert (cy.best_seller, cy.level, cy.target_level, cy.ladder_gap) == ("s1", 2, 3, 1)


def test_review_needs_a_start_before_its_end(falkor: GraphStore) -> None:
    import_data(falkor, coached_account())
    with pytest.raises(KamgraphError):
        review_of(falkor, "acme", REVIEWED_ON, REVIEWED_ON)
    with pytest.raises(KamgraphError):
        review_of(falkor, "acme", REVIEWED_ON, SILENT_FROM)


# --- done after the due date -------------------------------------------------------------------
CREATED, DUE, CLOSED = D(2026, 1, 5), D(2026, 2, 1), D(2026, 2, 20)


def late_action(status: str = "open", closed_on: dt.date | None = None) -> dict[str, Any]:
    return {
        "id": "x1",
        "account": "acme",
        "title": "Workshop with Cy",
        "strategy": "business",
        "people": ["cy"],
        "opportunity": "o1",
        "addresses": "single_threaded",
        "raci": {"R": "s1", "A": "s2", "C": [], "I": ["s2"]},
        "created": CREATED.isoformat(),
        "due": DUE.isoformat(),
        "status": status,
        "closed_on": None if closed_on is None else closed_on.isoformat(),
    }


def test_an_action_done_late_is_closed_not_overdue(falkor: GraphStore) -> None:
    data = coached_account()
    data["actions"] = [late_action("done", CLOSED)]
    import_data(falkor, data)

    # Before it was closed it was open and overdue, as it stood then.
    then = plan_at(falkor, "acme", D(2026, 2, 10))
    assert ids(then.actions.open) == ["x1"] and ids(then.actions.overdue) == ["x1"]
    assert then.actions.open[0].status == "open" and then.actions.open[0].closed_on is None
    assert then.actions.recently_closed == []
    cy = next(s for s in then.stakeholders if s.person == "cy")
    assert cy.open_actions == ["x1"] and cy.next_due == DUE
    assert ("single_threaded", "cy") not in unplanned(then)

    # On its due date it is open, not yet overdue; before it was created it is nowhere.
    on_due = plan_at(falkor, "acme", DUE)
    assert ids(on_due.actions.open) == ["x1"] and on_due.actions.overdue == []
    before = plan_at(falkor, "acme", D(2026, 1, 4))
    assert before.actions.open == before.actions.overdue == before.actions.recently_closed == []

    # From the day it is closed: done, in the recently closed, neither open nor overdue.
    for day in (CLOSED, D(2026, 5, 20)):  # 20 May: still within the last 90 days
        now = plan_at(falkor, "acme", day)
        assert now.actions.open == [] and now.actions.overdue == []
        assert ids(now.actions.recently_closed) == ["x1"]
        done = now.actions.recently_closed[0]
        assert (done.status, done.closed_on, done.due) == ("done", CLOSED, DUE)
        cy = next(s for s in now.stakeholders if s.person == "cy")
        assert cy.open_actions == [] and cy.next_due is None
    assert plan_at(falkor, "acme", D(2026, 5, 21)).actions.recently_closed == []  # 90 days on

    # Reviews: done in the window that holds its closing, whether or not it was due in it.
    def changes(d0: dt.date, d1: dt.date) -> tuple[list[str], ...]:
        a = review_of(falkor, "acme", d0, d1).actions
        return a.created, a.done, a.dropped, a.became_overdue

    assert changes(D(2026, 1, 15), D(2026, 3, 1)) == ([], ["x1"], [], [])
    assert changes(D(2026, 1, 1), CLOSED) == (["x1"], ["x1"], [], [])  # D1 = closing day
    assert changes(CLOSED, D(2026, 3, 1)) == ([], [], [], [])  # closed on D0: the window before
    # Still open at the window's end: it became overdue in it (D0 <= due < D1).
    assert changes(D(2026, 1, 15), D(2026, 2, 15)) == ([], [], [], ["x1"])
    assert changes(DUE, D(2026, 2, 10)) == ([], [], [], ["x1"])
    assert changes(D(2026, 1, 15), DUE) == ([], [], [], [])  # due on D1: not overdue yet
    assert changes(D(2026, 2, 2), D(2026, 2, 19)) == ([], [], [], [])  # overdue before D0


def test_marking_the_late_action_done_moves_it_out_of_overdue(falkor: GraphStore) -> None:
    """The same story told by imports: open past its due date, then marked done."""
    data = coached_account()
    data["actions"] = [late_action()]
    import_data(falkor, data)
    assert ids(plan_at(falkor, "acme", CLOSED).actions.overdue) == ["x1"]
    assert review_of(falkor, "acme", D(2026, 1, 15), CLOSED).actions.became_overdue == ["x1"]

    import_data(falkor, bundle(actions=[late_action("done", CLOSED)]))
    now = plan_at(falkor, "acme", CLOSED)
    assert now.actions.overdue == [] and ids(now.actions.recently_closed) == ["x1"]
    # With it closed, the coach's single-threaded gap is no longer planned.
    assert ("single_threaded", "cy") in unplanned(now)
    window = review_of(falkor, "acme", D(2026, 1, 15), CLOSED).actions
    assert window.done == ["x1"] and window.became_overdue == []


# --- a stakeholder from another account --------------------------------------------------------
def test_a_role_holder_from_a_subsidiary_is_a_stakeholder(falkor: GraphStore) -> None:
    """Dee Dorn works for ACME Germany and screens the suppliers of ACME's core upgrade."""
    day = D(2026, 11, 1)
    data = tiny()
    data["roles"].append(
        {
            "opportunity": "o1",
            "person": "p4",
            "role": "technical_buyer",
            "stance": "supporter",
            "influence": "high",
        }
    )
    import_data(falkor, data)
    missing = {(g.kind, g.subject) for g in coverage(Snapshot(falkor, "acme", day, CFG)).gaps}
    assert ("missing_role", "o1/technical_buyer") not in missing  # coverage counts her
    dee = [s for s in plan_at(falkor, "acme", day).stakeholders if s.person == "p4"]
    assert [(r.opportunity, r.role) for s in dee for r in s.roles] == [("o1", "technical_buyer")]
    assert dee[0].best_seller == "s3"  # the call of 3 Oct
