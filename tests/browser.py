"""Headless Chromium (Debian's `chromium`) driven by Playwright, with the network refused.

Pages are opened from disk; every request that is not the page's own file is recorded and
aborted, and console errors and uncaught exceptions are collected, so a test can assert that a
page is self-contained and quiet.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# As the machine's own probe starts it: without the background-networking flags Chromium
# tries Google's hosts at every start.
ARGS = [
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


def launch_browser() -> Iterator[Browser]:
    """One Chromium for the whole session (a second sync Playwright in one process fails):
    the `browser` fixture of tests/conftest.py."""
    path = chromium_path()
    args = ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=args)
        yield b
        b.close()


@dataclass
class Opened:
    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def map_state(self, element: str = "kg-map") -> Any:
        return self.page.evaluate(
            """(id) => {
                const s = window.kamgraphMaps[id];
                return {nodes: s.network.body.nodeIndices.length,
                        edges: s.network.body.edgeIndices.length};
            }""",
            element,
        )


@contextmanager
def open_file(browser: Browser, path: Path, element: str = "kg-map") -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, offline=True)
    page = context.new_page()
    opened = Opened(page)
    own = path.resolve().as_uri()

    def refuse(route: Route) -> None:
        if route.request.url == own:
            route.continue_()
        else:
            opened.requests.append(route.request.url)
            route.abort()

    context.route("**/*", refuse)

    def request(r: Request) -> None:
        if r.url != own:
            opened.requests.append(r.url)

    def console(m: ConsoleMessage) -> None:
        if m.type in ("error", "warning"):
            opened.errors.append(m.text)

    page.on("request", request)
    page.on("console", console)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(own)
    page.wait_for_selector(f"#{element}[data-stable]", state="attached", timeout=15_000)
    try:
        yield opened
    finally:
        context.close()


def hover_node(opened: Opened, node: str, element: str = "kg-map") -> str:
    """Move the mouse onto a node and return the tooltip's text once it shows."""
    point = opened.page.evaluate(
        """([id, node]) => {
            const s = window.kamgraphMaps[id];
            s.network.focus(node, {animation: false});  // the node in the middle of its map,
            document.getElementById(id).scrollIntoView({block: "center"});  // the map on screen
            const p = s.network.canvasToDOM(s.network.getPosition(node));
            const r = document.getElementById(id).getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        [element, node],
    )
    opened.page.mouse.move(point["x"] + 40, point["y"] + 40)
    opened.page.mouse.move(point["x"], point["y"], steps=4)
    tip = opened.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return str(tip.inner_text())
