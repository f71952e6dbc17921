"""Key-account scenarios on the sample account (Nordwind Telecom, as of 2026-11-20)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.results import (
    BriefResult,
    CoverageResult,
    DecayResult,
    InfluencersResult,
    PathsResult,
)
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.cli import app
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF
from kamgraph.interchange.ingest import import_data
from kamgraph.storage import GraphStore, open_store
from tests.conftest import embedded_settings
from tests.factories import tiny

CFG = AnalysisSettings()
T = SAMPLE_AS_OF


@pytest.fixture(scope="module")
def sample_store(engine_dir: Path, sample_data: dict[str, Any]) -> Iterator[GraphStore]:
    store = open_store(embedded_settings(engine_dir))
    import_data(store, sample_data)
    yield store
    store.raw_graph().delete()  # type: ignore[attr-defined]
    store.close()


def gaps(result: CoverageResult) -> dict[tuple[str, str], Any]:
    return {(g.kind, g.subject): g for g in result.gaps}


def test_economic_buyer_without_relationship_is_a_high_gap_with_a_warm_path(
    sample_store: GraphStore,
) -> None:
    result = coverage(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG))
    gap = gaps(result)[("uncovered_key_person", "nw-p02")]
    assert gap.severity == "high"
    best = warm_paths(Snapshot.of_person(sample_store, "nw-p02", T, CFG), "nw-p02", k=1).paths[0]
    assert best.nodes == ["s1", "nw-p27", "nw-p02"]
    # The prose names them (the subject keeps the id): Lena Hoffmann → ... → Katrin Vogel.
    names, _ = Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG).names()
    assert " → ".join(names[n] for n in best.nodes) in gap.suggestion
    assert gap.detail == "key person Katrin Vogel has no relationship with any seller"
    assert result.gaps[0] == gap  # high first, and first of the table's kinds


def test_deal_level_gaps(sample_store: GraphStore) -> None:
    found = gaps(coverage(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG)))
    assert found[("no_coach", "nw-o2")].severity == "high"
    assert found[("eb_not_receptive", "nw-p04")].severity == "medium"
    assert found[("opponent_with_power", "nw-p09")].severity == "high"
    assert found[("departed_role_holder", "nw-p15")].severity == "high"
    assert ("no_coach", "nw-o1") not in found  # the main deal has a coach


def test_a_person_who_left_is_absent_from_every_analysis(sample_store: GraphStore) -> None:
    assert all(
        r.person != "nw-p15" for r in decay(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG)).rows
    )
    rows = influencers(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG)).rows
    assert all("nw-p15" not in p.nodes for r in rows for p in r.paths)
    assert warm_paths(Snapshot.of_person(sample_store, "nw-p15", T, CFG), "nw-p15").paths == []


def test_time_travel_before_the_departure(sample_store: GraphStore) -> None:
    before = dt.date(2026, 8, 1)
    found = gaps(coverage(Snapshot(sample_store, SAMPLE_ACCOUNT, before, CFG)))
    assert ("departed_role_holder", "nw-p15") not in found
    people = {r.person for r in decay(Snapshot(sample_store, SAMPLE_ACCOUNT, before, CFG)).rows}
    assert "nw-p15" in people and "nw-p14" not in people  # the successor joined in September


def test_seller_concentration_shows_what_walks_out(sample_store: GraphStore) -> None:
    result = coverage(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG))
    sole = {c.seller: c.sole_key_persons for c in result.concentration}
    assert {"nw-p04", "nw-p05", "nw-p06", "nw-p08"} <= set(sole["s1"])
    singles = {s for (kind, s) in gaps(result) if kind == "single_threaded"}
    assert set(sole["s1"]) <= singles


def test_decaying_relationships_are_cooling_and_at_risk(sample_store: GraphStore) -> None:
    result = decay(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG))
    rows = {(r.seller, r.person): r for r in result.rows}
    for pair in (("s4", "nw-p07"), ("s2", "nw-p20"), ("s5", "nw-p34")):
        assert rows[pair].status == "cooling"
        assert rows[pair].strength_90d_ago > rows[pair].strength
    assert {"nw-p07", "nw-p20", "nw-p34"} <= set(result.at_risk)


def test_influencers_of_the_main_deal(sample_store: GraphStore) -> None:
    result = influencers(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG), opportunity="nw-o1")
    assert result.targets == ["nw-p02", "nw-p03"]
    scores = [r.score for r in result.rows]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert result.rows[0].person == "nw-p01"
    without = influencers(
        Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG), opportunity="nw-o1", include_reporting=False
    )
    assert without.rows != result.rows


def test_clear_errors(sample_store: GraphStore) -> None:
    with pytest.raises(NotFound, match="unknown account 'nope'"):
        coverage(Snapshot(sample_store, "nope", T, CFG))
    with pytest.raises(NotFound, match="unknown person 'nobody'"):
        warm_paths(Snapshot.of_person(sample_store, "nobody", T, CFG), "nobody")
    with pytest.raises(NotFound, match="unknown opportunity 'o9'"):
        influencers(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG), opportunity="o9")
    with pytest.raises(KamgraphError, match="max_hops must be between 1 and 5, got 6"):
        warm_paths(Snapshot.of_person(sample_store, "nw-p02", T, CFG), "nw-p02", max_hops=6)
    with pytest.raises(KamgraphError, match="max_hops must be between 1 and 5, got 0"):
        influencers(Snapshot(sample_store, SAMPLE_ACCOUNT, T, CFG), max_hops=0)


def test_account_without_sellers_or_opportunities_gets_a_meaningful_audit(
    falkor: GraphStore,
) -> None:
    data = tiny()
    for table in (
        "sellers",
        "account_team",
        "relationships",
        "opportunities",
        "roles",
        "actions",
        "activity_targets",
    ):
        data[table] = []
    for i in data["interactions"]:
        i["sellers"], i["opportunity"] = [], None
    data["accounts"].append({"id": "empty"})
    import_data(falkor, data)
    result = coverage(Snapshot(falkor, "acme", dt.date(2026, 11, 1), CFG))
    c = result.components
    assert c.roles is None and c.team == 0 and c.key == 0 and c.layers == 0
    assert result.score is not None and 0 <= result.score < 100
    kinds = {g.kind for g in result.gaps}
    assert {"missing_team_role", "uncovered_layer", "uncovered_key_person"} <= kinds
    assert result.concentration == []
    empty = coverage(Snapshot(falkor, "empty", dt.date(2026, 11, 1), CFG))  # nobody there at all
    assert empty.components.key is None and empty.components.broad is None
    assert empty.components.multithread is None and empty.score == 0


CONTRACT: dict[str, tuple[list[str], type[BaseModel], set[str] | None]] = {
    "influencers": (
        ["influencers", "--account", SAMPLE_ACCOUNT, "--opportunity", "nw-o1"],
        InfluencersResult,
        {"as_of", "targets", "rows"},
    ),
    "paths": (["paths", "--to", "nw-p02", "--k", "3"], PathsResult, {"as_of", "target", "paths"}),
    "decay": (["decay", "--account", SAMPLE_ACCOUNT], DecayResult, {"as_of", "rows", "at_risk"}),
    "coverage": (
        ["coverage", "--account", SAMPLE_ACCOUNT],
        CoverageResult,
        {"as_of", "account", "score", "components", "gaps", "concentration"},
    ),
    "brief": (["brief", "--person", "nw-p02"], BriefResult, None),
}


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {"KAMGRAPH_DATA_DIR": str(tmp_path_factory.mktemp("cli")), "KAMGRAPH_DB": ""}
    assert CliRunner().invoke(app, ["demo"], env=env).exit_code == 0
    return env


@pytest.mark.parametrize("command", sorted(CONTRACT))
def test_cli_json_follows_the_contract(command: str, cli_env: dict[str, str]) -> None:
    args, model, keys = CONTRACT[command]
    result = CliRunner().invoke(app, [*args, "--as-of", T.isoformat(), "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    model.model_validate(data)
    if keys is not None:
        assert set(data) == keys
    if command == "paths":
        assert set(data["paths"][0]) == {
            "seller",
            "score",
            "nodes",
            "strengths",
            "weakest",
            "last_touch",
            "cautions",
        }
        for path in data["paths"]:
            assert all(set(c) == {"person", "opportunity", "stance"} for c in path["cautions"])
    if command == "decay":
        assert set(data["rows"][0]) == {
            "seller",
            "person",
            "strength",
            "strength_90d_ago",
            "last_touch",
            "days_since",
            "status",
        }
    if command == "coverage":
        assert set(data["components"]) == {
            "key",
            "multithread",
            "broad",
            "organizational",
            "roles",
            "team",
            "layers",
        }
        assert set(data["gaps"][0]) == {"kind", "severity", "subject", "detail", "suggestion"}


def test_cli_unknown_ids_exit_1_naming_the_id(cli_env: dict[str, str]) -> None:
    for args, name in (
        (["coverage", "--account", "zz"], "zz"),
        (["paths", "--to", "p?"], "p?"),
        (["brief", "--person", "ghost"], "ghost"),
    ):
        result = CliRunner().invoke(app, args, env=cli_env)
        assert result.exit_code == 1 and f"'{name}'" in result.stderr
