"""The charts in headless Chromium: the activity heatmap's colours mean the same whatever the
page's highest attainment (exactly on target is the on-target colour)."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.browser import ARTIFACTS
from viz.charts import ON_TARGET, heatmap

FILL = "(id) => getComputedStyle(document.querySelector(`#${id} path`)).fill"


def _rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_on_target_is_the_on_target_colour_whatever_the_maximum(browser: Browser) -> None:
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        for highest in (1.0, 3.0, 12.0):  # the page's best attainment moves the scale's top
            chart = heatmap(
                "interactions",
                ["Lena", "Marco"],
                ["2026-09", "2026-10", "2026-11"],
                [[1.0, 0.5, highest], [None, 0.0, 6 / 6]],
                [["6/6", "3/6", "top"], ["—", "0/6", "6/6"]],
            )
            page.set_content(f"<!doctype html><html><body>{chart}</body></html>")
            on_target = _rgb(ON_TARGET)
            assert page.evaluate(FILL, "kg-heat-0-0") == on_target, highest
            assert page.evaluate(FILL, "kg-heat-1-2") == on_target, highest  # 6 of 6
            short = page.evaluate(FILL, "kg-heat-0-1")
            nothing = page.evaluate(FILL, "kg-heat-1-1")
            assert len({on_target, short, nothing}) == 3  # half way and none: other colours
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "heatmap-centred.png"), full_page=True)
    finally:
        context.close()
