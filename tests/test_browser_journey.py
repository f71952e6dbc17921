"""One account team's day in headless Chromium, with sign-in on, against a live server:
an editor signs in, walks home → account → person, logs the meeting just held (with a second
person of theirs, completed by name), sees it in the brief and the strength move, completes the
action it fulfilled and edits the person; markup typed into the fields stays text; two editors
closing one action: the second is told; a reader sees no forms and a forged POST is refused, as
is a POST without the CSRF token; signing out ends the session; wrong passwords slow down, then
lock."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Dialog, Page

from api.app import create_app
from kamgraph.interchange.ingest import import_data
from kamgraph.services.users import add_user
from kamgraph.settings import Settings
from tests.browser import ARTIFACTS
from tests.live import served, site
from tests.workspace_support import AS_OF, IMG, SCRIPT

PASSWORD = "correct horse battery"
SUFFIX = f"?as_of={AS_OF}"
# A form no page of ours shows, added to the page and sent: what a forged request looks like
# from the browser (same origin, the session's cookie on it).
FORGE = """([url, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = url;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}"""


def _forge(page: Page, url: str, fields: dict[str, str]) -> int:
    """The status of the answer to a forged form POST from `page`."""
    with page.expect_navigation() as sent:
        page.evaluate(FORGE, [url, fields])
    answer = sent.value
    assert answer is not None
    return answer.status


def _sign_in(page: Page, base: str, user: str, password: str = PASSWORD) -> None:
    page.goto(base + "/home")
    page.fill("input[name=user]", user)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _go(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _csrf(page: Page, base: str) -> str:
    """The session's CSRF token, as the sign-out form on /me carries it."""
    page.goto(base + "/me")
    token: str = page.locator("input[name=csrf]").first.input_value()
    return token


def _no_markup(page: Page) -> None:
    """Nothing typed into a field became an element or ran."""
    assert page.evaluate("() => document.querySelectorAll('main img, main script').length") == 0


def _journey(
    base: str, editor: BrowserContext, other: BrowserContext, reader: BrowserContext
) -> None:
    page = editor.new_page()
    dialogs: list[str] = []

    def dialog(d: Dialog) -> None:  # a script that ran would have opened one
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    _sign_in(page, base, "lena")
    assert page.url == base + "/home"
    page.goto(base + "/home" + SUFFIX)
    _go(page, "main a[href^='/accounts/nordwind']")
    assert page.locator("h1").inner_text() == "Nordwind Telecom"
    _go(page, "main table a[href^='/people/nw-p02']")
    assert page.locator("h1").inner_text() == "Katrin Vogel"
    relationships = page.locator("section:has(h2:text('Our relationships'))")
    assert "Nobody on our team knows them." in relationships.inner_text()

    # Log the meeting just held, with Mikael Lindqvist too, picked by name.
    _go(page, "text=Log an interaction with Katrin Vogel")
    page.fill("#f-date", "2026-11-19")
    page.select_option("#f-kind", "meeting")
    page.check("input[name=sellers][value=s1]")
    page.fill("#f-with-0", "mikael lindqvist")
    notes = f"Steering group {SCRIPT}{IMG}"
    page.fill("#f-notes", notes)
    _go(page, "main button[type=submit]")
    assert page.url.startswith(base + "/people/nw-p02?saved=")
    assert page.locator("h1").inner_text() == "Katrin Vogel"
    latest = page.locator("section:has(h2:text('Last interactions')) tbody tr").first
    assert latest.locator("td").nth(0).inner_text() == "2026-11-19"
    assert latest.locator("td").nth(3).inner_text() == "Mikael Lindqvist"  # who else of theirs
    assert latest.locator("td").nth(5).inner_text() == notes  # typed markup, shown as text
    _no_markup(page)
    row = relationships.locator("tbody tr").first  # the strength moved: s1 knows her now
    assert row.locator("td").nth(0).inner_text() == "Lena Hoffmann"
    assert float(row.locator("td").nth(1).inner_text()) > 0
    # Mikael Lindqvist's brief lists the same meeting.
    page.goto(base + "/people/nw-p03" + SUFFIX)
    mikael = page.locator("section:has(h2:text('Last interactions'))").inner_text()
    assert "Steering group" in mikael

    # Complete the action the meeting fulfilled, from the account's plan.
    page.goto(base + "/accounts/nordwind" + SUFFIX)
    _go(page, "main a[href^='/actions/nw-a01/close']")
    page.check("input[name=status][value=done]")
    page.fill("#f-on", AS_OF)
    _go(page, "main button[type=submit]")
    assert page.locator("a[href^='/actions/nw-a01/close']").count() == 0  # no longer open
    page.goto(base + "/actions/nw-a01/close" + SUFFIX)
    assert "This action is closed." in page.locator("main").inner_text()

    # Edit the person: markup typed into a field stays text on every page that shows it.
    page.goto(base + "/people/nw-p02/edit" + SUFFIX)
    page.fill("#f-title", f"CFO {IMG}")
    _go(page, "main button[type=submit]")
    for path in ("/people/nw-p02", "/accounts/nordwind", "/deals/nw-o1"):
        page.goto(base + path + SUFFIX)
        _no_markup(page)
    page.goto(base + "/people/nw-p02" + SUFFIX)
    assert f"CFO {IMG}" in page.locator("main").inner_text()

    # Two editors close one action: the second is told, and shown the other's change.
    second = other.new_page()
    _sign_in(second, base, "max")
    page.goto(base + "/actions/nw-a02/close" + SUFFIX)
    second.goto(base + "/actions/nw-a02/close" + SUFFIX)
    second.check("input[name=status][value=dropped]")
    second.fill("#f-on", AS_OF)
    _go(second, "main button[type=submit]")
    page.check("input[name=status][value=done]")
    page.fill("#f-on", AS_OF)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Someone else changed this action" in page.locator("[role=alert]").inner_text()
    assert "dropped" in page.locator("main dl").inner_text()  # the other's change

    # A POST without the session's CSRF token is refused, and nothing is logged.
    page.goto(base + "/people/nw-p02" + SUFFIX)
    fields = {"date": "2026-11-19", "kind": "call", "sellers": "s1", "notes": "no token"}
    assert _forge(page, base + "/people/nw-p02/log", fields) == 403

    # A reader sees no forms, and a POST forged with their own valid token is refused.
    look = reader.new_page()
    _sign_in(look, base, "rudi")
    for path in ("/people/nw-p02", "/accounts/nordwind", "/deals/nw-o1"):
        look.goto(base + path + SUFFIX)
        assert look.locator("main form[method=post]").count() == 0, path
        assert look.locator("a[href*='/log'], a[href*='/close'], a[href*='/edit']").count() == 0
    token = _csrf(look, base)
    forged = {**fields, "csrf": token, "notes": "forged"}
    assert _forge(look, base + "/people/nw-p02/log", forged) == 403
    page.goto(base + "/people/nw-p02" + SUFFIX)
    shown = page.locator("section:has(h2:text('Last interactions'))").inner_text()
    assert "forged" not in shown and "no token" not in shown

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "journey-person-after-meeting.png"), full_page=True)
    # Signing out ends the session: the pages lead back to the sign-in form.
    page.goto(base + "/me")
    _go(page, "text=Sign out")
    page.goto(base + "/people/nw-p02")
    assert page.url.startswith(base + "/signin?next=/people/nw-p02")
    assert dialogs == []


def test_an_account_teams_day(
    browser: Browser, tmp_path: Path, sample_data: dict[str, Any]
) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path))
    with (
        served(app) as base,
        site(browser, base) as (editor, refused),
        site(browser, base) as (other, refused_other),
        site(browser, base) as (reader, refused_reader),
    ):
        store = app.state.store
        import_data(store, sample_data)
        add_user(store, "lena", "editor", PASSWORD, seller="s1")
        add_user(store, "max", "editor", PASSWORD, seller="s2")
        add_user(store, "rudi", "reader", PASSWORD)
        _journey(base, editor, other, reader)
        assert refused == refused_other == refused_reader == []


def test_wrong_passwords_slow_down_then_lock(browser: Browser, tmp_path: Path) -> None:
    settings = Settings(
        db=None,
        data_dir=tmp_path,
        signin_free_failures=1,
        signin_max_delay=1.0,
        signin_max_failures=3,
        signin_lock_minutes=1,
    )
    app = create_app(settings)
    with served(app) as base, site(browser, base) as (context, refused):
        add_user(app.state.store, "lena", "editor", PASSWORD)
        page = context.new_page()
        took: list[float] = []
        messages: list[str] = []
        for password in ("wrong one", "wrong two", "wrong three", PASSWORD):
            start = time.monotonic()
            _sign_in(page, base, "lena", password)
            took.append(time.monotonic() - start)
            messages.append(page.locator("[role=alert]").inner_text())
        # The first failure is free; the next attempts wait the configured second first.
        assert took[1] >= 1.0 and took[2] >= 1.0 and took[0] < took[1]
        assert messages[:2] == ["wrong user name or password"] * 2
        # The third failure locks the name: even the right password is refused for a while.
        assert messages[2] == messages[3] == "too many failed sign-ins; try again in 1 minute"
        assert page.url.startswith(base + "/signin")
        assert refused == []
