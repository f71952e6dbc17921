"""Account plans and actions through the CLI and the API: adding, closing, listing, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kamgraph.analysis.results import PlanResult, ReviewResult
from kamgraph.cli import app as cli
from kamgraph.settings import Settings
from tests.factories import tiny

runner = CliRunner()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans")
    bundle = path / "tiny.json"
    bundle.write_text(json.dumps(tiny()))
    result = runner.invoke(cli, ["import", str(bundle)], env=_env(path))
    assert result.exit_code == 0, result.output
    return path


def _env(path: Path) -> dict[str, str]:
    return {"KAMGRAPH_DATA_DIR": str(path), "KAMGRAPH_DB": ""}


def _cli(data_dir: Path, *args: str) -> Any:
    return runner.invoke(cli, list(args), env=_env(data_dir))


def test_action_add_done_list_through_the_cli(data_dir: Path) -> None:
    added = _cli(
        data_dir,
        "action",
        "add",
        "--account",
        "acme",
        "--title",
        "Lunch with Bo",
        "--owner",
        "s2",
        "--person",
        "p2",
        "--strategy",
        "business",
        "--created",
        "2026-11-01",
        "--due",
        "2026-11-10",
        "--addresses",
        "single_threaded",
        "--id",
        "a-cli",
        "--json",
    )
    assert added.exit_code == 0, added.output
    row = json.loads(added.stdout)
    assert (row["raci"]["R"], row["people"], row["status"]) == ("s2", ["p2"], "open")
    overdue = _cli(
        data_dir,
        "action",
        "list",
        "--account",
        "acme",
        "--overdue",
        "--as-of",
        "2026-11-20",
        "--json",
    )
    assert [a["id"] for a in json.loads(overdue.stdout)] == ["a-cli"]
    done = _cli(data_dir, "action", "done", "a-cli", "--on", "2026-11-21")
    assert done.exit_code == 0, done.output
    # Done after its due date: closed, not overdue, from that day on; still overdue before it.
    after = json.loads(
        _cli(
            data_dir, "action", "list", "--account", "acme", "--as-of", "2026-11-22", "--json"
        ).stdout
    )
    assert [(a["id"], a["status"]) for a in after if a["id"] == "a-cli"] == [("a-cli", "done")]
    assert (
        json.loads(
            _cli(data_dir, "action", "list", "--overdue", "--as-of", "2026-11-22", "--json").stdout
        )
        == []
    )
    before = json.loads(
        _cli(data_dir, "action", "list", "--overdue", "--as-of", "2026-11-20", "--json").stdout
    )
    assert [a["id"] for a in before] == ["a-cli"]


def test_action_errors_are_clear_and_change_nothing(data_dir: Path) -> None:
    base = ["action", "add", "--account", "acme", "--title", "x", "--created", "2026-11-01"]
    cases = [
        ([*base, "--owner", "s9"], "actions[0].raci.R"),
        ([*base, "--owner", "s1", "--person", "p9"], "actions[0].people"),
        ([*base, "--owner", "s1", "--addresses", "no_such_gap"], "actions[0].addresses"),
        ([*base, "--owner", "s1", "--due", "2026-10-01"], "actions[0].due"),
        (
            ["action", "add", "--account", "nope", "--title", "x", "--owner", "s1"],
            "actions[0].account",
        ),
        (["action", "done", "a-missing"], "unknown action 'a-missing'"),
        (["action", "list", "--account", "nope"], "unknown account 'nope'"),
        (["action", "list", "--status", "late"], "status must be open, done or dropped"),
    ]
    for args, message in cases:
        result = _cli(data_dir, *args)
        assert result.exit_code == 1, (args, result.output)
        assert message in " ".join(result.output.split()), (args, result.output)
    ids = [a["id"] for a in json.loads(_cli(data_dir, "action", "list", "--json").stdout)]
    assert "x" not in ids and len(ids) == len(set(ids))
    closed = _cli(data_dir, "action", "drop", "a1", "--on", "2026-11-05")
    assert closed.exit_code == 0, closed.output
    again = _cli(data_dir, "action", "done", "a1")
    assert again.exit_code == 1 and "already dropped" in again.output


def test_plan_and_review_commands(data_dir: Path, tmp_path: Path) -> None:
    got = _cli(data_dir, "plan", "--account", "acme", "--as-of", "2026-11-20", "--json")
    assert got.exit_code == 0, got.output
    PlanResult.model_validate_json(got.stdout)
    shown = _cli(data_dir, "plan", "--account", "acme", "--as-of", "2026-11-20")
    assert "plan coverage" in shown.output
    review = _cli(
        data_dir,
        "review",
        "--account",
        "acme",
        "--since",
        "2026-09-01",
        "--as-of",
        "2026-11-20",
        "--json",
    )
    assert review.exit_code == 0, review.output
    assert json.loads(review.stdout)["from"] == "2026-09-01"
    ReviewResult.model_validate_json(review.stdout)
    wrong = _cli(
        data_dir, "review", "--account", "acme", "--since", "2026-12-01", "--as-of", "2026-11-20"
    )
    assert wrong.exit_code == 1 and "is not before" in wrong.output
    page = tmp_path / "plan.html"
    assert _cli(data_dir, "plan", "--account", "acme", "--html", str(page)).exit_code == 0
    assert "Account plan: ACME" in page.read_text(encoding="utf-8")
    page = tmp_path / "review.html"
    made = _cli(
        data_dir, "review", "--account", "acme", "--since", "2026-09-01", "--html", str(page)
    )
    assert made.exit_code == 0, made.output
    assert "<svg" in page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=None, data_dir=data_dir))) as c:
        yield c


@pytest.fixture(scope="module")
def tokens(data_dir: Path) -> dict[str, str]:
    out = {}
    for role in ("reader", "editor"):
        made = _cli(data_dir, "token", "create", "--role", role, "--name", f"plans-{role}")
        assert made.exit_code == 0, made.output
        out[role] = made.stdout.strip().splitlines()[-1]
    return out


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_plan_review_and_action_filters(client: TestClient, tokens: dict[str, str]) -> None:
    reader = _auth(tokens["reader"])
    plan = client.get("/v1/accounts/acme/plan?as_of=2026-11-20", headers=reader)
    assert plan.status_code == 200
    PlanResult.model_validate(plan.json())
    review = client.get(
        "/v1/accounts/acme/review?since=2026-09-01&as_of=2026-11-20", headers=reader
    )
    assert review.status_code == 200 and review.json()["to"] == "2026-11-20"
    assert (
        client.get(
            "/v1/accounts/acme/review?since=2026-12-01&as_of=2026-11-20", headers=reader
        ).status_code
        == 422
    )
    page = client.get("/v1/accounts/acme/plan.html", headers=reader)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    listed = client.get("/v1/actions?account=acme&owner=s1&as_of=2026-11-20", headers=reader)
    assert listed.status_code == 200
    assert all(row["raci"]["R"] == "s1" for row in listed.json()["items"])
    assert client.get("/v1/actions?status=late", headers=reader).status_code == 422


def test_api_closing_actions_needs_an_editor(client: TestClient, tokens: dict[str, str]) -> None:
    row = {
        "id": "a-api",
        "account": "acme",
        "title": "Call Ana",
        "raci": {"R": "s1"},
        "people": ["p1"],
        "created": "2026-11-01",
        "due": "2026-11-15",
    }
    editor, reader = _auth(tokens["editor"]), _auth(tokens["reader"])
    assert client.post("/v1/actions", json=row, headers=editor).status_code == 201
    assert client.post("/v1/actions/a-api/done", headers=reader).status_code == 403
    assert client.post("/v1/actions/a-api/done").status_code == 401
    done = client.post("/v1/actions/a-api/done?on=2026-11-18", headers=editor)
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["closed_on"]) == ("done", "2026-11-18")
    assert client.post("/v1/actions/a-api/drop", headers=editor).status_code == 409
    assert client.post("/v1/actions/nope/drop", headers=editor).status_code == 404
    early = client.post(
        "/v1/actions",
        headers=editor,
        json={**row, "id": "a-early", "status": "done", "closed_on": "2026-10-01"},
    )
    assert early.status_code == 422
    assert "actions[0].closed_on" in json.dumps(early.json())


def test_plan_routes_document_an_example_for_every_parameter(client: TestClient) -> None:
    schema = client.app.openapi()  # type: ignore[attr-defined]
    from api.routes import plans

    paths = {r.path for r in plans.router.routes}  # type: ignore[attr-defined]
    checked = 0
    for path in paths:
        for op in schema["paths"][path].values():
            for param in op.get("parameters", []):
                assert param.get("examples") or param.get("schema", {}).get("examples"), (
                    path,
                    param["name"],
                )
                checked += 1
    assert checked >= 15
