"""Power maps by account size: build + render time, file size, and time to a still map in Chromium.

For synthetic accounts of 100, 500 and 2 000 people (on the embedded engine), it measures, in one
run: gathering the facts (`power_map`: the analyses), building the visual model, rendering the
HTML (p50 of `--repeat` runs each), the file size, and in headless Chromium (Debian's, network
refused) the time from navigation to the first drawn frame (`data-stable`: with no physics the
first frame is the final layout) and to the load event, and from a click on a person to the
side panel that answers it. Every map is drawn with every person
shown (`show_all`), the worst case; the focus view of large accounts draws fewer.
Targets: 500 people drawn under 1 s and still under 5 s (issue 5); 2 000 people drawn and
answering a click under 2 s (issue 16).
Run: `make bench`, or `python -m bench.maps --sizes 100 500 2000 --repeat 5`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from bench.analyses import RESULTS, executive, timed
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.powermap import power_map
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.generators.synth import synth
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from tests.browser import ARGS
from viz.model import build_map
from viz.render import render_map

T = dt.date(2026, 11, 20)
CFG = AnalysisSettings()


# A person in the middle of the view clicked: from the click to the side panel (map.js stamps
# the moment it opens), on the page's clock.
CLICK = """() => {
  const s = window.kamgraphMaps["kg-map"], net = s.network;
  const id = net.body.nodeIndices.find(n => net.body.nodes[n].options.kind === "person");
  net.focus(id, {animation: false});
  const p = net.canvasToDOM(net.getPosition(id));
  const r = document.getElementById("kg-map").getBoundingClientRect();
  return {x: r.left + p.x, y: r.top + p.y};
}"""


def in_browser(path: Path, repeat: int) -> tuple[float, float, float]:
    """(p50 ms to the first drawn frame, p50 ms to the load event, each from navigation;
    p50 ms from a click on a person to the panel that answers it)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("bench.maps needs Debian's chromium (apt-get install chromium)")
    drawn: list[float] = []
    loaded: list[float] = []
    answered: list[float] = []
    args = ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1600, "height": 1000}, offline=True)
            page = context.new_page()
            page.goto(path.resolve().as_uri(), wait_until="commit")
            page.wait_for_selector("#kg-map[data-stable]", state="attached", timeout=60_000)
            # Both on the page's own clock (ms from navigation), not Playwright's polling.
            stable = page.get_attribute("#kg-map", "data-stable")
            page.wait_for_load_state("load")
            load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            drawn.append(float(stable or "nan"))
            loaded.append(float(load))
            point = page.evaluate(CLICK)
            before = float(page.evaluate("performance.now()"))
            page.mouse.click(point["x"], point["y"])
            page.wait_for_selector("#kg-map-panel[data-opened]", state="attached", timeout=60_000)
            answered.append(
                float(page.get_attribute("#kg-map-panel", "data-opened") or "nan") - before
            )
            context.close()
        browser.close()
    return statistics.median(drawn), statistics.median(loaded), statistics.median(answered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kamgraph-bench-maps-") as tmp:
        for size in args.sizes:
            data = synth(1, size, seed=1, as_of=T)
            account = data["accounts"][0]["id"]
            target = executive(data)
            settings = Settings(db=None, data_dir=Path(tmp), graph=f"maps{size}")
            with open_store(settings) as store:
                import_data(store, data)
                facts = power_map(Snapshot(store, account, T, CFG), highlight_to=target)
                gather = timed(
                    lambda: power_map(Snapshot(store, account, T, CFG), highlight_to=target),  # noqa: B023
                    args.repeat,
                )
                store.wipe()
            model = build_map(facts, show_all=True)
            build = timed(lambda: build_map(facts, show_all=True), args.repeat)  # noqa: B023
            html = render_map(model)
            render = timed(lambda: render_map(model), args.repeat)  # noqa: B023
            path = Path(tmp) / f"map{size}.html"
            path.write_text(html, encoding="utf-8")
            drawn, loaded, answered = in_browser(path, args.repeat)
            row = {
                "people": size,
                "nodes": len(model.nodes),
                "edges": len(model.edges),
                "facts_ms": statistics.median(gather),
                "build_ms": statistics.median(build),
                "render_ms": statistics.median(render),
                "file_kib": len(html.encode()) / 1024,
                "browser_drawn_ms": drawn,
                "browser_load_ms": loaded,
                "browser_click_ms": answered,
            }
            rows.append(row)
            print(
                f"{size:>6} people  {row['nodes']:>5} nodes {row['edges']:>6} edges  "
                f"facts {row['facts_ms']:8.1f} ms  model {row['build_ms']:6.1f} ms  "
                f"html {row['render_ms']:6.1f} ms  {row['file_kib']:7.0f} KiB  "
                f"chromium: drawn (still) {drawn:7.0f} ms, load {loaded:7.0f} ms, "
                f"a click answered in {answered:5.0f} ms",
                flush=True,
            )
    by = {r["people"]: r for r in rows}
    if 500 in by:
        r = by[500]
        print(
            f"500 people: drawn {r['browser_drawn_ms'] / 1000:.2f} s (target < 1 s), "
            f"still at the same frame (target < 5 s); facts + model + html "
            f"{(r['facts_ms'] + r['build_ms'] + r['render_ms']) / 1000:.2f} s"
        )
    if 100 in by and 2000 in by:
        ratio = by[2000]["browser_drawn_ms"] / by[100]["browser_drawn_ms"]
        print(f"drawing 2 000 vs 100 people in the same run: {ratio:.1f}x")
    if 2000 in by:
        r = by[2000]
        ready = r["browser_drawn_ms"] + r["browser_click_ms"]
        print(
            f"2 000 people: drawn {r['browser_drawn_ms'] / 1000:.2f} s and a click answered "
            f"{r['browser_click_ms']:.0f} ms later: {ready / 1000:.2f} s (target < 2 s)"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "maps.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
