"""Activity, portfolio and targets through the CLI, the API and the browser; synth's patterns."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, Request
from typer.testing import CliRunner

from api.app import create_app
from kamgraph.analysis.activity import activity
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.results import ActivityResult, PortfolioResult
from kamgraph.cli import app as cli
from kamgraph.generators.synth import synth
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage.base import GraphStore
from tests.factories import tiny

runner = CliRunner()
CFG = AnalysisSettings()
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("activity")
    bundle = path / "tiny.json"
    bundle.write_text(json.dumps(tiny()))
    assert _cli(path, "import", str(bundle)).exit_code == 0
    return path


def _cli(path: Path, *args: str) -> Any:
    return runner.invoke(cli, list(args), env={"KAMGRAPH_DATA_DIR": str(path), "KAMGRAPH_DB": ""})


def test_targets_set_list_remove(data_dir: Path) -> None:
    made = _cli(
        data_dir,
        "target",
        "set",
        "--metric",
        "interactions",
        "--target",
        "8",
        "--seller",
        "s2",
        "--json",
    )
    assert made.exit_code == 0, made.output
    row = json.loads(made.stdout)
    assert (row["id"], row["period"], row["target"]) == ("t-s2-all-interactions-month", "month", 8)
    # `set` again changes the same target rather than adding one
    again = _cli(
        data_dir,
        "target",
        "set",
        "--metric",
        "interactions",
        "--target",
        "9",
        "--seller",
        "s2",
        "--json",
    )
    assert json.loads(again.stdout)["target"] == 9
    mine = json.loads(_cli(data_dir, "target", "list", "--seller", "s2", "--json").stdout)
    assert [(t["id"], t["target"]) for t in mine] == [("t-s2-all-interactions-month", 9)]
    assert _cli(data_dir, "target", "remove", "t-s2-all-interactions-month").exit_code == 0
    assert json.loads(_cli(data_dir, "target", "list", "--seller", "s2", "--json").stdout) == []
    for args, message in [
        (["target", "remove", "nope"], "unknown activity target 'nope'"),
        (["target", "set", "--metric", "calls", "--target", "1"], "activity_targets[0].metric"),
        (
            ["target", "set", "--metric", "org_events", "--target", "1", "--seller", "s9"],
            "activity_targets[0].seller",
        ),
        (
            ["target", "set", "--metric", "org_events", "--target", "-1"],
            "activity_targets[0].target",
        ),
    ]:
        result = _cli(data_dir, *args)
        assert result.exit_code == 1 and message in " ".join(result.output.split()), result.output


def test_activity_and_portfolio_commands(data_dir: Path, tmp_path: Path) -> None:
    got = _cli(
        data_dir,
        "activity",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--per",
        "week",
        "--account",
        "acme",
        "--json",
    )
    assert got.exit_code == 0, got.output
    result = ActivityResult.model_validate_json(got.stdout)
    assert {r.period for r in result.rows} == {f"2026-W{w}" for w in range(40, 45)}
    assert json.loads(got.stdout)["from"] == "2026-10-01"
    for args, message in [
        (
            ["activity", "--from", "2026-10-01", "--to", "2026-10-31", "--per", "day"],
            "per must be week, month or quarter",
        ),
        (["activity", "--from", "2026-10-31", "--to", "2026-10-01"], "before it starts"),
        (
            ["activity", "--from", "2026-10-01", "--to", "2026-10-31", "--seller", "s9"],
            "unknown seller 's9'",
        ),
        (
            ["activity", "--from", "2026-10-01", "--to", "2026-10-31", "--account", "nope"],
            "unknown account 'nope'",
        ),
        (["portfolio", "--seller", "s9"], "unknown seller 's9'"),
        (
            ["activity", "--from", "2000-01-01", "--to", "2026-01-01", "--per", "week"],
            "at most 520 periods",
        ),
    ]:
        failed = _cli(data_dir, *args)
        assert failed.exit_code == 1 and message in failed.output, failed.output
    port = _cli(data_dir, "portfolio", "--as-of", "2026-11-20", "--json")
    assert port.exit_code == 0, port.output
    rows = PortfolioResult.model_validate_json(port.stdout).rows
    assert [r.account for r in rows] == ["acme", "acme-de"]  # tier A first, untiered last
    page = tmp_path / "portfolio.html"
    assert _cli(data_dir, "portfolio", "--html", str(page)).exit_code == 0
    assert "<svg" in page.read_text(encoding="utf-8")
    page = tmp_path / "activity.html"
    made = _cli(
        data_dir,
        "activity",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--html",
        str(page),
        "--timeline",
        "2026-10",
    )
    assert made.exit_code == 0, made.output
    wrong = _cli(
        data_dir,
        "activity",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--html",
        str(page),
        "--timeline",
        "2025-01",
    )
    assert wrong.exit_code == 1 and "not a period of this report" in wrong.output


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    settings = Settings(db=None, data_dir=data_dir, auth_disabled=True)
    with TestClient(create_app(settings)) as c:
        yield c


def test_api_activity_portfolio_and_targets(client: TestClient) -> None:
    got = client.get(
        "/v1/activity",
        params={"from": "2026-10-01", "to": "2026-10-31", "per": "quarter", "seller": ["s1", "s2"]},
    )
    assert got.status_code == 200, got.text
    assert [(r["seller"], r["period"]) for r in got.json()["rows"]] == [
        ("s1", "2026-Q4"),
        ("s2", "2026-Q4"),
    ]
    assert (
        client.get(
            "/v1/activity", params={"from": "2026-10-01", "to": "2026-10-31", "per": "day"}
        ).status_code
        == 422
    )
    port = client.get("/v1/portfolio", params={"tier": "A", "as_of": "2026-11-20"})
    assert [r["account"] for r in port.json()["rows"]] == ["acme"]
    assert client.get("/v1/portfolio.html").headers["content-type"].startswith("text/html")
    page = client.get("/v1/activity.html", params={"from": "2026-10-01", "to": "2026-10-31"})
    assert page.status_code == 200 and "<svg" in page.text
    made = client.post(
        "/v1/activity-targets",
        json={"id": "t9", "metric": "org_events", "period": "quarter", "target": 3},
    )
    assert made.status_code == 201
    assert client.get("/v1/activity-targets/t9").json()["target"] == 3


def test_pages_are_offline_and_show_markup_as_text(
    browser: Browser, falkor: GraphStore, tmp_path: Path
) -> None:
    from kamgraph.analysis.portfolio import portfolio
    from kamgraph.analysis.views import activity_view, portfolio_view
    from viz.portfolio import activity_page, portfolio_page

    data = tiny()
    data["accounts"][0]["name"] = EVIL
    data["sellers"][0]["id"] = "s1"
    import_data(falkor, data)
    day = dt.date(2026, 11, 20)
    pages = {
        "portfolio.html": portfolio_page(portfolio_view(falkor, portfolio(falkor, day, CFG))),
        "activity.html": activity_page(
            activity_view(falkor, activity(falkor, dt.date(2026, 10, 1), day, "month", CFG), None)
        ),
    }
    for name, html in pages.items():
        assert "<script" not in html  # charts are SVG drawn by matplotlib: no script at all
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        context = browser.new_context(offline=True)
        page = context.new_page()
        asked = _record(page)
        page.goto(path.as_uri())
        assert asked == [path.as_uri()]
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        if name == "portfolio.html":
            assert EVIL in page.locator("table").inner_text()
            # Each point of the chart is named on hover (an SVG <title>), as text.
            titles = page.evaluate(
                "() => [...document.querySelectorAll('svg g > title')].map(t => t.textContent)"
            )
            assert EVIL in titles
        context.close()


def _record(page: Page) -> list[str]:
    """Every URL the page asks for."""
    asked: list[str] = []

    def seen(request: Request) -> None:
        asked.append(request.url)

    page.on("request", seen)
    return asked


def test_synth_makes_targets_long_tailed_economics_and_end_loaded_sellers() -> None:
    data = synth(6, 120, seed=5, as_of=dt.date(2026, 11, 20))
    assert {t["metric"] for t in data["activity_targets"]} >= {"key_person_touches", "org_events"}
    sizes = sorted(
        ((a["potential"] or 0) + (a["revenue"] or 0) for a in data["accounts"]), reverse=True
    )
    assert sizes[0] > 2 * sizes[len(sizes) // 2]  # a long tail: the largest dwarfs the median
    late: dict[str, list[int]] = {}
    for i in data["interactions"]:
        day = dt.date.fromisoformat(i["date"])
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        for s in i["sellers"]:
            late.setdefault(s, []).append(int((nxt - day).days <= 7))
    shares = {s: sum(v) / len(v) for s, v in late.items() if len(v) >= 40}
    assert any(x > 0.6 for x in shares.values())  # end-loaded sellers
    assert any(x < 0.4 for x in shares.values())  # and sellers who spread their visits
