"""The account plan and review pages in headless Chromium, from disk, with the network refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.views import plan_view, review_view
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF
from kamgraph.interchange.ingest import import_data
from kamgraph.storage.base import GraphStore
from tests.browser import ARTIFACTS, Opened, open_file
from tests.factories import tiny
from viz.plans import plan_page, review_page

CFG = AnalysisSettings()
EVIL = ["<img src=x onerror=alert(1)>", '"</script><script>window.pwned=1</script>']


def _quiet(opened: Opened) -> None:
    assert opened.requests == []
    assert opened.errors == []
    assert opened.dialogs == []


def _write(tmp: Path, name: str, html: str) -> Path:
    path = tmp / name
    path.write_text(html, encoding="utf-8")
    return path


def test_sample_plan_page(
    browser: Browser, falkor: GraphStore, sample_data: dict[str, Any], tmp_path: Path
) -> None:
    import_data(falkor, sample_data)
    path = _write(
        tmp_path,
        "plan.html",
        plan_page(plan_view(Snapshot(falkor, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG))),
    )
    with open_file(browser, path, "kg-plan-map") as opened:
        page = opened.page
        assert page.locator("h1").inner_text() == "Account plan: Nordwind Telecom"
        assert opened.map_state("kg-plan-map")["nodes"] > 40
        assert page.locator("text=overdue").count() >= 1
        _quiet(opened)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sample-plan.png"), full_page=True)


def test_plan_and_review_pages_show_markup_from_the_data_as_text(
    browser: Browser, falkor: GraphStore, tmp_path: Path
) -> None:
    data = tiny()
    data["accounts"][0]["name"] = EVIL[0]
    data["people"][0]["name"] = EVIL[1]
    data["people"][0]["title"] = EVIL[0]
    data["actions"][0]["title"] = EVIL[0]
    import_data(falkor, data)
    day = dt.date(2026, 11, 20)
    plan = _write(tmp_path, "plan.html", plan_page(plan_view(Snapshot(falkor, "acme", day, CFG))))
    with open_file(browser, plan, "kg-plan-map") as opened:
        page = opened.page
        assert page.locator("h1").inner_text() == f"Account plan: {EVIL[0]}"
        text = page.locator("main").inner_text()
        assert EVIL[0] in text and EVIL[1] in text
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => window.pwned === undefined")
        _quiet(opened)
    review = review_page(review_view(Snapshot(falkor, "acme", day, CFG), dt.date(2026, 9, 1)))
    assert "<script" not in review  # no map, so no script at all
    path = _write(tmp_path, "review.html", review)
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert page.locator("h1").inner_text() == f"Account review: {EVIL[0]}"
    assert page.locator("svg").count() == 2  # the before/after charts
    assert requests == [path.as_uri()]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-injection.png"), full_page=True)
    context.close()
