"""DOMAIN.md's vocabulary is stated once, as the Literal types of kamgraph/interchange/model.py.

Other modules take the sets from there (`model.LAYERS`, ...); tables that attach something to each
value (a weight, a colour, a severity) must name exactly those values, and subsets (key roles,
organization-level kinds) only values of the set. Orders are pinned where they are shown or sort.
"""

from __future__ import annotations

from typing import get_args

from kamgraph.analysis import config, coverage, influence, periods
from kamgraph.connectors import config as connect_config
from kamgraph.interchange import model
from viz import model as viz_model


def test_the_exported_tuples_are_the_literals_in_their_order() -> None:
    assert model.LAYERS == ("decision", "management", "operation")
    assert model.POLITICAL_STATUSES == ("outside", "structure", "inner_circle")
    assert model.TIERS == ("A", "B", "C")
    assert model.KAM_STAGES == (
        "exploratory", "basic", "cooperative", "interdependent", "integrated",
    )  # fmt: skip
    assert model.INTERACTION_KINDS == (
        "exec_meeting", "hq_visit", "site_visit", "trial", "tech_exchange", "meeting", "social",
        "call", "csr_event", "email", "other",
    )  # fmt: skip
    assert model.STRATEGIES == ("business", "penetration", "resources")
    assert model.ACTION_STATUSES == ("open", "done", "dropped")
    assert model.METRICS == (
        "interactions", "key_person_touches", "org_events", "new_contacts", "actions_done",
    )  # fmt: skip
    assert model.PERIODS == ("week", "month", "quarter")


def test_other_modules_use_the_models_tuples() -> None:
    assert periods.PERS is model.PERIODS
    assert get_args(periods.Per) == model.PERIODS
    # DOMAIN.md: the first five kinds are the organization-level events.
    assert config.ORG_LEVEL_KINDS == (
        "exec_meeting", "hq_visit", "site_visit", "trial", "tech_exchange",
    )  # fmt: skip


def test_tables_keyed_by_a_vocabulary_name_exactly_its_values() -> None:
    assert tuple(config.DEFAULT_WEIGHTS) == model.INTERACTION_KINDS
    assert tuple(coverage.GAP_KINDS) == get_args(model.GapKind)
    assert tuple(viz_model.STANCE_COLORS) == get_args(model.Stance)
    assert sorted(r[0] for r in viz_model.ROLES) == sorted(get_args(model.BuyingRole))
    assert sorted(viz_model.INFLUENCE_RANK) == sorted(get_args(model.Degree))


def test_subsets_name_only_values_of_their_vocabulary() -> None:
    roles = set(get_args(model.BuyingRole))
    assert set(config.KEY_ROLES) <= roles
    assert set(coverage.REQUIRED_ROLES) <= roles
    assert set(influence.DECIDERS) <= roles
    assert set(config.TEAM_ROLES) <= set(get_args(model.TeamRole))
    assert set(config.PERSON_GAPS) <= set(get_args(model.GapKind))
    assert set(viz_model.RINGS) <= set(get_args(model.GapKind))
    assert set(model.OPEN_STAGES) <= set(get_args(model.OpportunityStage))
    kinds = {r["kind"] for r in connect_config.KIND_RULES} | {connect_config.DEFAULT_KIND}
    assert kinds <= set(model.INTERACTION_KINDS)
