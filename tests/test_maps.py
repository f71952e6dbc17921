"""Power maps from the database: the facts equal the analyses; the CLI, the demo and the API."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.powermap import power_map
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.cli import app as cli
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage.base import GraphStore
from tests.factories import tiny

CFG = AnalysisSettings()
runner = CliRunner()


def _payload(page: str) -> dict[str, Any]:
    raw = re.search(r'data-kg-map="kg-map"[^>]*>(.*?)</script>', page, re.DOTALL)
    assert raw is not None
    data: dict[str, Any] = json.loads(raw.group(1))
    return data


def test_map_facts_are_the_analyses(falkor: GraphStore, sample_data: dict[str, Any]) -> None:
    import_data(falkor, sample_data)
    got = power_map(Snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG), highlight_to="nw-p02")
    who = influencers(Snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG))
    assert got.decision_makers == who.targets
    assert {p.id: p.influence_score for p in got.people if p.influence_score} == {
        r.person: r.score for r in who.rows
    }
    assert got.relationships == decay(Snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)).rows
    assert got.gaps == coverage(Snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)).gaps
    assert (
        got.path
        == warm_paths(Snapshot.of_person(falkor, "nw-p02", SAMPLE_AS_OF, CFG), "nw-p02", k=1).paths[
            0
        ]
    )
    current = [
        p
        for p in sample_data["people"]
        if p["account"] == SAMPLE_ACCOUNT
        and (p.get("since") or "") <= SAMPLE_AS_OF.isoformat()
        and (p.get("until") or "9999") >= SAMPLE_AS_OF.isoformat()
    ]
    assert sorted(p.id for p in got.people) == sorted(p["id"] for p in current)
    ids = {p["id"] for p in current}
    lines = {
        (r["person"], r["manager"])
        for r in sample_data["reports_to"]
        if r["person"] in ids and r["manager"] in ids and not r.get("until")
    }
    assert {(x.source, x.target) for x in got.links if x.kind == "reports_to"} == lines


def test_the_chosen_opportunity_limits_roles_and_targets(falkor: GraphStore) -> None:
    import_data(falkor, tiny())
    got = power_map(Snapshot(falkor, "acme", SAMPLE_AS_OF, CFG), opportunity="o1")
    assert got.opportunity_name == "Core upgrade"
    assert got.decision_makers == ["p1"]
    roles = {p.id: [(r.role, r.stance) for r in p.roles] for p in got.people}
    assert roles["p1"] == [("economic_buyer", "neutral")]
    assert "p3" not in roles  # left the account before the as-of date


def test_map_errors_name_what_is_wrong(falkor: GraphStore) -> None:
    import_data(falkor, tiny())
    with pytest.raises(NotFound, match="unknown account 'nope'"):
        power_map(Snapshot(falkor, "nope", SAMPLE_AS_OF, CFG))
    with pytest.raises(NotFound, match="unknown opportunity 'o9'"):
        power_map(Snapshot(falkor, "acme", SAMPLE_AS_OF, CFG), opportunity="o9")
    with pytest.raises(NotFound, match="unknown person 'p9'"):
        power_map(Snapshot(falkor, "acme", SAMPLE_AS_OF, CFG), highlight_to="p9")
    with pytest.raises(KamgraphError, match="'p4' is not on account 'acme'"):
        power_map(Snapshot(falkor, "acme", SAMPLE_AS_OF, CFG), highlight_to="p4")
    with pytest.raises(KamgraphError, match="'p3' is not current"):
        power_map(Snapshot(falkor, "acme", SAMPLE_AS_OF, CFG), highlight_to="p3")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("maps")
    result = runner.invoke(cli, ["demo"], env={"KAMGRAPH_DATA_DIR": str(path), "KAMGRAPH_DB": ""})
    assert result.exit_code == 0, result.output
    assert f"power map of the sample account written to {path / 'nordwind-map.html'}" in (
        " ".join(result.output.split())
    )
    return path


def test_demo_writes_the_sample_map_with_the_path_to_the_economic_buyer(demo_dir: Path) -> None:
    assert "Account plan: Nordwind Telecom" in (demo_dir / "nordwind-plan.html").read_text()
    page = (demo_dir / "nordwind-map.html").read_text(encoding="utf-8")
    payload = _payload(page)
    assert any(e["highlighted"] for e in payload["edges"])
    assert "Nordwind Telecom" in page


def _env(demo_dir: Path) -> dict[str, str]:
    return {"KAMGRAPH_DATA_DIR": str(demo_dir), "KAMGRAPH_DB": ""}


def test_cli_map_and_brief_write_their_files(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "deal.html"
    args = ["map", "--account", SAMPLE_ACCOUNT, "--opportunity", "nw-o1", "--as-of", "2026-11-20"]
    result = runner.invoke(
        cli, [*args, "--highlight-path-to", "nw-p02", "-o", str(out)], env=_env(demo_dir)
    )
    assert result.exit_code == 0, result.output
    assert "Power map as of 2026-11-20, opportunity" in out.read_text(encoding="utf-8")
    brief = tmp_path / "brief.html"
    result = runner.invoke(
        cli, ["brief", "--person", "nw-p02", "--html", str(brief)], env=_env(demo_dir)
    )
    assert result.exit_code == 0, result.output
    assert "Meeting brief: Katrin Vogel" in brief.read_text(encoding="utf-8")


def test_cli_map_refuses_clearly_and_leaves_the_old_file(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    out.write_text("old")
    result = runner.invoke(cli, ["map", "--account", "nope", "-o", str(out)], env=_env(demo_dir))
    assert result.exit_code == 1
    assert "unknown account 'nope'" in result.output
    assert out.read_text() == "old"
    missing = tmp_path / "no" / "map.html"
    result = runner.invoke(
        cli, ["map", "--account", SAMPLE_ACCOUNT, "-o", str(missing)], env=_env(demo_dir)
    )
    assert result.exit_code == 1
    assert "does not exist" in result.output
    both = ["brief", "--person", "nw-p02", "--json", "--html", str(out)]
    assert runner.invoke(cli, both, env=_env(demo_dir)).exit_code != 0


@pytest.fixture(scope="module")
def client(demo_dir: Path) -> Iterator[TestClient]:
    settings = Settings(db=None, data_dir=demo_dir, auth_disabled=True, map_focus_above=20)
    with TestClient(create_app(settings)) as c:
        yield c


def test_api_serves_the_map_and_the_brief_as_html(client: TestClient) -> None:
    got = client.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/map?as_of=2026-11-20")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/html")
    payload = _payload(got.text)
    assert payload["focused"]  # the setting reaches the page: 43 people > 20
    everyone = client.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/map?as_of=2026-11-20&show_all=true")
    assert not _payload(everyone.text)["focused"]
    lit = client.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/map?highlight_path_to=nw-p02")
    assert any(e["highlighted"] for e in _payload(lit.text)["edges"])
    brief = client.get("/v1/people/nw-p02/brief.html?as_of=2026-11-20")
    assert brief.status_code == 200 and "Meeting brief: Katrin Vogel" in brief.text
    # What a reader sees names the account, people and deals, never their ids (the map's data,
    # in its script, keeps them).
    shown = re.sub(r"<[^>]*>", " ", brief.text.split("<script")[0])  # the text, not markup
    assert "· Nordwind Telecom ·" in shown
    assert re.findall(r"\bnw-[a-z]+\d+\b|· nordwind ·", shown) == []


def test_api_map_errors_are_json(client: TestClient) -> None:
    missing = client.get("/v1/accounts/nope/map")
    assert missing.status_code == 404
    assert "unknown account 'nope'" in missing.json()["detail"]
    assert client.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/map?opportunity=zz").status_code == 404
    assert client.get("/v1/people/nope/brief.html").status_code == 404
