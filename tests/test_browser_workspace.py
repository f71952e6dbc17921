"""The workspace in headless Chromium against a live server: a walk home → account → person →
deal → seller by clicking links, with no console error and no request outside the server;
axe-core finds no serious or critical violation on any page type; screenshots at 1280 and
390 px in tests/artifacts."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Route

from api.app import create_app
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from tests.browser import ARTIFACTS
from tests.workspace_support import AS_OF, EVIL_PAGES, PAGES, with_markup

AXE = (
    Path(__file__).resolve().parent / "browser_assets" / "node_modules" / "axe-core" / "axe.min.js"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sample_data: dict[str, Any]) -> Iterator[str]:
    """The app on a local port (auth disabled), holding the sample and rows named with markup."""
    app = create_app(
        Settings(db=None, data_dir=tmp_path_factory.mktemp("live"), auth_disabled=True)
    )
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not live.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the live server did not start")
        time.sleep(0.05)
    import_data(app.state.store, with_markup(sample_data))
    yield f"http://127.0.0.1:{port}"
    live.should_exit = True
    thread.join(timeout=30)


class Watched:
    """A browser context that refuses (and records) every request outside the server and
    collects console errors, uncaught exceptions and dialogs."""

    def __init__(self, browser: Browser, base: str, width: int = 1280) -> None:
        self.base = base
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context: BrowserContext = browser.new_context(viewport={"width": width, "height": 900})
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)

    def _dialog(self, dialog: Dialog) -> None:
        self.errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _route(self, route: Route) -> None:
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str) -> Page:
        sep = "&" if "?" in path else "?"
        answer = self.page.goto(f"{self.base}{path}{sep}as_of={AS_OF}")
        assert answer is not None and answer.status == 200, path
        return self.page

    def click(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()
        assert self.page.title().endswith("· kamgraph")

    def quiet(self) -> None:
        assert self.outside == []
        assert self.errors == []

    def close(self) -> None:
        self.context.close()


def test_walk_home_account_person_deal_seller(browser: Browser, server: str) -> None:
    w = Watched(browser, server)
    try:
        page = w.open("/home")
        assert page.locator("h1").inner_text() == "Home"
        w.click("main a[href^='/accounts/nordwind']")
        assert page.locator("h1").inner_text() == "Nordwind Telecom"
        w.click("main table a[href^='/people/nw-p02']")  # her gap: uncovered key person
        assert page.locator("h1").inner_text() == "Katrin Vogel"
        w.click("main a[href^='/deals/nw-o1']")
        assert page.locator("h1").inner_text() == "5G Standalone Core Modernisation"
        w.click("main a[href^='/sellers/']")
        assert page.url.startswith(f"{server}/sellers/")
        w.click("header a.ws-brand")
        assert page.locator("h1").inner_text() == "Home"
        page.fill("#ws-q", "katrin")
        with page.expect_navigation():
            page.click("form.ws-search button")
        assert page.locator("main a[href^='/people/nw-p02']").count() == 1
        w.quiet()
    finally:
        w.close()


def test_markup_in_the_data_stays_text_in_the_browser(browser: Browser, server: str) -> None:
    w = Watched(browser, server)
    try:
        for path in EVIL_PAGES.values():
            page = w.open(path)
            assert page.evaluate("() => document.querySelectorAll('img, main script').length") == 0
        w.quiet()
    finally:
        w.close()


# The page types, and the two recording forms.
CHECKED = {
    **PAGES,
    "log form": "/people/nw-p02/log",
    "glossary": "/glossary",
    "close form": "/actions/nw-a01/close",
    "role form": "/deals/nw-o1/role",
    "action form": "/accounts/nordwind/actions/new",
    "new person form": "/accounts/nordwind/people/new",
    "person form": "/people/nw-p02/edit",
    "influence form": "/people/nw-p02/influence",
}


@pytest.mark.parametrize("kind", sorted(CHECKED))
def test_no_serious_accessibility_violation(browser: Browser, server: str, kind: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make unit runs npm ci in tests/browser_assets)")
    w = Watched(browser, server)
    try:
        page = w.open(CHECKED[kind])
        # Evaluated through DevTools, not as a page <script>: the page's CSP stays as it is.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        found = page.evaluate(
            "async () => (await axe.run(document)).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
        )
        assert found == []
        # Keyboard and screen-reader use: every field a person fills in has its own label.
        unlabelled = page.evaluate(
            "() => [...document.querySelectorAll('main input:not([type=hidden]), main select,"
            " main textarea')].filter(e => e.labels.length === 0).map(e => e.name)"
        )
        assert unlabelled == []
        w.quiet()
    finally:
        w.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_every_page_type(browser: Browser, server: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    w = Watched(browser, server, width)
    try:
        for kind, path in PAGES.items():
            page = w.open(path)
            # Nothing wider than the screen but the tables' own scrolling boxes.
            overflow = page.evaluate("() => document.documentElement.scrollWidth")
            assert overflow <= width + 1, (kind, overflow)
            page.screenshot(path=str(ARTIFACTS / f"workspace-{kind}-{width}.png"), full_page=True)
        w.quiet()
    finally:
        w.close()


def test_the_served_map_leads_from_a_person_to_their_page(browser: Browser, server: str) -> None:
    w = Watched(browser, server)
    try:
        page = w.open("/v1/accounts/nordwind/map")
        page.wait_for_selector("#kg-map[data-stable]", state="attached")
        page.fill("#kg-map-find", "vogel")
        link = page.locator("#kg-map-panel a")
        assert link.get_attribute("href") == "/people/nw-p02"
        with page.expect_navigation():
            link.click()
        assert page.locator("h1").inner_text() == "Katrin Vogel"
        w.quiet()
    finally:
        w.close()
