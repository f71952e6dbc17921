"""Who sees what (issue 15 #9): KAMGRAPH_ACCESS=team binds a non-admin to its seller's accounts;
bulk export is for admins and audited; tokens expire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.generators.sample import SAMPLE_ACCOUNT
from kamgraph.services import tokens
from kamgraph.services.tokens import create_token
from kamgraph.settings import Settings

# A second account with a team of its own (seller s9 only), beside the sample's.
RIVAL: dict[str, Any] = {
    "format": "kamgraph/v1",
    "accounts": [{"id": "rival", "name": "Rival AG"}],
    "sellers": [{"id": "s9", "name": "Noa Field"}],
    "account_team": [{"account": "rival", "seller": "s9", "role": "AR"}],
    "people": [
        {"id": "rv-p1", "account": "rival", "name": "Rita Vos", "layer": "decision"},
        {"id": "rv-p2", "account": "rival", "name": "Ravi Das", "layer": "management"},
    ],
    "relationships": [{"seller": "s9", "person": "rv-p1", "level": 3}],
    "opportunities": [{"id": "rv-o1", "account": "rival", "name": "Rival deal", "stage": "bid"}],
    "actions": [
        {
            "id": "rv-a1",
            "account": "rival",
            "title": "Call Rita",
            "strategy": "penetration",
            "raci": {"R": "s9"},
        }
    ],
}


def _head(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def team(tmp_path: Path, sample_data: dict[str, Any]) -> Iterator[tuple[TestClient, Any]]:
    app = create_app(Settings(db=None, data_dir=tmp_path, access="team"))
    with TestClient(app) as c:
        store = app.state.store
        admin = _head(create_token(store, "admin", "admin"))
        assert c.post("/v1/import", json=sample_data, headers=admin).status_code == 200
        assert c.post("/v1/import", json=RIVAL, headers=admin).status_code == 200
        heads = {
            "admin": admin,
            # s1 is on the sample account's team only; s9 on the rival's only.
            "s1": _head(create_token(store, "lena", "editor", seller="s1")),
            "s9": _head(create_token(store, "noa", "reader", seller="s9")),
            "nobody": _head(create_token(store, "loose", "reader")),
        }
        yield c, heads


def test_a_seller_reaches_its_own_accounts_only(team: tuple[TestClient, Any]) -> None:
    c, h = team
    assert c.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/coverage", headers=h["s1"]).status_code == 200
    for url in (
        "/v1/accounts/rival/coverage",
        "/v1/accounts/rival/plan",
        "/v1/accounts/rival/map",
        "/v1/people/rv-p1/brief",
        "/v1/people/rv-p1/paths",
        "/v1/people/rv-p1",
        "/v1/accounts/rival",
        "/v1/opportunities/rv-o1",
        "/v1/people?account=rival",
    ):
        answer = c.get(url, headers=h["s1"])
        assert answer.status_code == 404, url
        assert "among your accounts" in answer.json()["detail"], url
    assert c.get("/v1/accounts/rival/coverage", headers=h["s9"]).status_code == 200
    assert c.get("/v1/accounts/rival/coverage", headers=h["admin"]).status_code == 200


def test_lists_and_the_portfolio_hold_only_the_callers_accounts(
    team: tuple[TestClient, Any],
) -> None:
    c, h = team
    people = c.get("/v1/people?limit=500", headers=h["s9"]).json()
    assert sorted(p["id"] for p in people["items"]) == ["rv-p1", "rv-p2"]
    assert people["total"] == 2
    mine = c.get("/v1/people?limit=500", headers=h["s1"]).json()["items"]
    assert mine and all(p["account"] == SAMPLE_ACCOUNT for p in mine)
    assert [a["id"] for a in c.get("/v1/accounts", headers=h["s9"]).json()["items"]] == ["rival"]
    rows = c.get("/v1/portfolio", headers=h["s9"]).json()["rows"]
    assert [r["account"] for r in rows] == ["rival"]
    actions = c.get("/v1/actions", headers=h["s9"]).json()["items"]
    assert [a["id"] for a in actions] == ["rv-a1"]
    # Sellers are our own team: everyone sees them all.
    assert c.get("/v1/sellers", headers=h["s9"]).json()["total"] == 6
    everything = c.get("/v1/people?limit=500", headers=h["admin"]).json()["total"]
    assert everything == people["total"] + len(mine)
    assert c.get("/v1/people", headers=h["nobody"]).json()["total"] == 0


def test_writes_stay_inside_the_callers_accounts(team: tuple[TestClient, Any]) -> None:
    c, h = team
    new = {"id": "rv-p3", "account": "rival", "name": "Intruder Test"}
    assert c.post("/v1/people", json=new, headers=h["s1"]).status_code == 404
    assert c.post("/v1/actions/rv-a1/done", headers=h["s1"]).status_code == 404
    moved = c.get("/v1/people/nw-p01", headers=h["s1"]).json() | {"account": "rival"}
    assert c.put("/v1/people/nw-p01", json=moved, headers=h["s1"]).status_code == 404
    role = {"opportunity": "rv-o1", "person": "rv-p2", "role": "coach"}
    assert c.put("/v1/roles", json=role, headers=h["s1"]).status_code == 404
    after = c.get("/v1/export?account=rival", headers=h["admin"]).json()
    assert [p["id"] for p in after["people"]] == ["rv-p1", "rv-p2"]
    assert after["actions"][0]["status"] == "open" and after["roles"] == []
    assert c.get("/v1/people/nw-p01", headers=h["s1"]).json()["account"] == SAMPLE_ACCOUNT
    mine = {"id": "nw-p99", "account": SAMPLE_ACCOUNT, "name": "Newcomer Test"}
    assert c.post("/v1/people", json=mine, headers=h["s1"]).status_code == 201


def test_access_all_is_unchanged(tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path))
    with TestClient(app) as c:
        admin = _head(create_token(app.state.store, "admin", "admin"))
        assert c.post("/v1/import", json=RIVAL, headers=admin).status_code == 200
        loose = _head(create_token(app.state.store, "loose", "reader"))
        assert c.get("/v1/accounts/rival/coverage", headers=loose).status_code == 200


def test_bulk_export_needs_admin_and_is_audited(team: tuple[TestClient, Any]) -> None:
    c, h = team
    assert c.get("/v1/export", headers=h["s1"]).status_code == 403
    assert c.get("/v1/export?account=rival", headers=h["s9"]).status_code == 403
    assert c.get("/v1/export", headers=h["admin"]).status_code == 200
    entries = c.get("/v1/audit", headers=h["admin"]).json()["items"]
    exports = [e for e in entries if e["action"] == "export"]
    assert [(e["who"], e["ids"]) for e in exports] == [("admin", ["*"])]


def test_tokens_expire(
    team: tuple[TestClient, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c, h = team
    assert c.get("/v1/sellers", headers=h["s9"]).status_code == 200
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=tokens.DEFAULT_DAYS, minutes=1)
    monkeypatch.setattr(tokens, "_now", lambda: later)
    refused = c.get("/v1/sellers", headers=h["s9"])
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]


def test_a_token_bound_to_an_unknown_seller_is_refused(team: tuple[TestClient, Any]) -> None:
    c, _ = team
    store = c.app.state.store  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="unknown seller 'ghost'"):
        create_token(store, "ghostly", "reader", seller="ghost")
    with pytest.raises(Exception, match="1 to 3650 days"):
        create_token(store, "forever", "reader", days=100_000)


def test_cli_tokens_carry_seller_and_expiry(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from kamgraph.cli import app as cli

    env = {"KAMGRAPH_DATA_DIR": str(tmp_path / "data"), "KAMGRAPH_DB": ""}
    bundle = tmp_path / "rival.json"
    bundle.write_text(json.dumps(RIVAL))
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(bundle)], env=env).exit_code == 0
    made = runner.invoke(
        cli,
        ["token", "create", "--role", "reader", "--name", "noa", "--seller", "s9", "--days", "5"],
        env=env,
    )
    assert made.exit_code == 0, made.output
    [listed] = json.loads(runner.invoke(cli, ["token", "list", "--json"], env=env).stdout)
    assert listed["seller"] == "s9"
    lifetime = dt.datetime.fromisoformat(listed["expires"]) - dt.datetime.fromisoformat(
        listed["created"]
    )
    assert lifetime == dt.timedelta(days=5)
    ghost = runner.invoke(
        cli, ["token", "create", "--role", "reader", "--name", "g", "--seller", "ghost"], env=env
    )
    assert ghost.exit_code == 1 and "unknown seller 'ghost'" in ghost.stderr


def test_team_access_holds_for_names_too(team: tuple[TestClient, Any]) -> None:
    c, h = team
    refused = c.get("/v1/accounts/Rival AG/coverage", headers=h["s1"])
    assert refused.status_code == 404 and "among your accounts" in refused.json()["detail"]
    assert c.get("/v1/people/Rita Vos/brief", headers=h["s1"]).status_code == 404
    assert c.get("/v1/accounts/Rival AG/coverage", headers=h["s9"]).status_code == 200
    assert c.get("/v1/people?account=Rival AG", headers=h["s1"]).status_code == 404


def test_the_brief_leaves_out_paths_through_another_teams_people(
    team: tuple[TestClient, Any],
) -> None:
    c, h = team
    across = {
        "format": "kamgraph/v1",
        "influences": [{"source": "rv-p1", "target": "nw-p02", "strength": 0.95, "kind": "advice"}],
        "interactions": [
            {"id": f"rv-i{n}", "date": f"2026-11-{10 + n}", "kind": "meeting", "sellers": ["s9"],
             "people": ["rv-p1"]}
            for n in range(5)
        ],
    }  # fmt: skip
    assert c.post("/v1/import", json=across, headers=h["admin"]).status_code == 200
    url = "/v1/people/nw-p02/brief?as_of=2026-11-20"

    def through_rival(who: str) -> bool:
        paths = c.get(url, headers=h[who]).json()["paths"]
        return any("rv-p1" in p["nodes"] for p in paths)

    assert through_rival("admin")  # the path exists …
    assert not through_rival("s1")  # … and s1, on the sample's team only, does not see it

    def influenced_by_rival(who: str) -> bool:
        rows = c.get(url, headers=h[who]).json()["influencers"]
        return any("rv-p1" in p["nodes"] for r in rows for p in r["paths"])

    assert influenced_by_rival("admin") and not influenced_by_rival("s1")
    # The printable brief (with its map) and the workspace's person page leave out the same.
    for page in (
        "/v1/people/nw-p02/brief.html?as_of=2026-11-20",
        "/people/nw-p02?as_of=2026-11-20",
    ):
        seen = c.get(page, headers=h["admin"]).text
        assert "Rita Vos" in seen, page
        shown = c.get(page, headers=h["s1"])
        assert shown.status_code == 200 and "Rita Vos" not in shown.text, page
        assert "rv-p1" not in shown.text, page
    # The coverage audit's suggestions, the account page, the plan and the highlighted map path
    # never run through them either.
    for page in (
        "/v1/accounts/nordwind/coverage?as_of=2026-11-20",
        "/v1/accounts/nordwind/plan?as_of=2026-11-20",
        "/accounts/nordwind?as_of=2026-11-20",
        "/v1/accounts/nordwind/map?highlight_path_to=nw-p02&as_of=2026-11-20",
    ):
        seen = c.get(page, headers=h["admin"]).text
        assert "rv-p1" not in seen, page  # a name, never an id, where the path is shown
        shown = c.get(page, headers=h["s1"])
        assert shown.status_code == 200, page
        assert "Rita Vos" not in shown.text and "rv-p1" not in shown.text, page
    suggested = c.get("/v1/accounts/nordwind/coverage?as_of=2026-11-20", headers=h["admin"]).text
    assert "Rita Vos" in suggested  # the admin's suggestion runs through her, by name
    # The paths route chooses its best `k` among the paths s1 may see: still some, none via her.
    paths = c.get("/v1/people/nw-p02/paths?k=50&as_of=2026-11-20", headers=h["s1"]).json()["paths"]
    assert paths and not any("rv-p1" in p["nodes"] for p in paths)
