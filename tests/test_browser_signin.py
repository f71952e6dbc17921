"""Signing in and out in headless Chromium against the served API: sign in, the home page,
sign out, and the home page leads back to the sign-in form."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, ConsoleMessage

from api.app import create_app
from kamgraph.services.users import add_user
from kamgraph.settings import Settings
from tests.browser import ARTIFACTS
from tests.live import served, site

PASSWORD = "correct horse battery"


def test_sign_in_home_sign_out(browser: Browser, tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path))
    with served(app) as base, site(browser, base) as (context, refused):
        add_user(app.state.store, "lena", "editor", PASSWORD)
        page = context.new_page()
        errors: list[str] = []

        def console(m: ConsoleMessage) -> None:
            if m.type in ("error", "warning"):
                errors.append(m.text)

        page.on("console", console)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/home")
        assert page.url == base + "/signin?next=/home"
        page.fill("input[name=user]", "lena")
        page.fill("input[name=password]", "not it at all")
        page.click("button[type=submit]")
        assert page.locator("[role=alert]").inner_text() == "wrong user name or password"
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/home")
        page.click("text=Me · sign out")
        page.wait_for_url(base + "/me")
        assert page.locator("#kg-user").inner_text() == "lena"
        cookie = next(c for c in context.cookies() if c["name"] == "kamgraph_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert page.evaluate("() => document.cookie") == ""  # not readable by scripts
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "signed-in-home.png"), full_page=True)
        page.click("text=Sign out")
        page.wait_for_url(base + "/signin")
        assert all(c["name"] != "kamgraph_session" for c in context.cookies())
        page.goto(base + "/home")
        assert page.url == base + "/signin?next=/home"
        page.goto(base + "/")
        assert page.url == base + "/signin"
        assert refused == []
        # The one answer that is no success: the wrong password's form (401).
        assert errors == [
            "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
        ]
