"""The power map and the brief in headless Chromium, opened from disk with the network refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.powermap import power_map
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.views import brief_view
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF
from kamgraph.generators.synth import synth
from kamgraph.interchange.ingest import import_data
from kamgraph.storage.base import GraphStore
from tests.browser import ARTIFACTS, Opened, hover_node, open_file
from tests.factories import tiny
from viz.model import (
    GAP_COLOR,
    GAP_MARK,
    HIGHLIGHT_COLOR,
    NO_ROLE_COLOR,
    STANCE_COLORS,
    MapModel,
    build_map,
    stance,
)
from viz.pages import brief_page
from viz.render import render_map

CFG = AnalysisSettings()
EB = "nw-p02"  # the economic buyer of the sample's main deal
EVIL = ["<img src=x onerror=alert(1)>", '"</script><script>window.pwned=1</script>']


@pytest.fixture(scope="module")
def sample_store(falkor_module: GraphStore, sample_data: dict[str, Any]) -> GraphStore:
    falkor_module.wipe()
    import_data(falkor_module, sample_data)
    return falkor_module


def _write(tmp: Path, name: str, model: MapModel) -> Path:
    path = tmp / name
    path.write_text(render_map(model), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_map(sample_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Any:
    data = power_map(Snapshot(sample_store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG), highlight_to=EB)
    model = build_map(data)
    return model, _write(tmp_path_factory.mktemp("map"), "sample.html", model)


@pytest.fixture
def opened_sample(browser: Browser, sample_map: Any) -> Iterator[Opened]:
    with open_file(browser, sample_map[1]) as opened:
        yield opened


def _quiet(opened: Opened) -> None:
    assert opened.requests == []
    assert opened.errors == []
    assert opened.dialogs == []


def test_sample_map_draws_the_model_offline_and_quietly(
    opened_sample: Opened, sample_map: Any
) -> None:
    model: MapModel = sample_map[0]
    nodes, edges = model.visible()
    assert opened_sample.map_state() == {"nodes": len(nodes), "edges": len(edges)}
    _quiet(opened_sample)
    ARTIFACTS.mkdir(exist_ok=True)
    opened_sample.page.screenshot(path=str(ARTIFACTS / "sample-map.png"), full_page=True)


def test_hovering_a_person_shows_the_facts(opened_sample: Opened, sample_map: Any) -> None:
    model: MapModel = sample_map[0]
    me = next(n for n in model.nodes if n.id == f"p:{EB}")
    text = hover_node(opened_sample, me.id)
    assert me.tooltip_title in text
    for label, value in me.facts:
        assert label in text and value in text
    _quiet(opened_sample)


def test_the_warm_path_is_highlighted(opened_sample: Opened, sample_map: Any) -> None:
    model: MapModel = sample_map[0]
    wanted = sorted(e.id for e in model.edges if e.highlight)
    assert wanted, "the sample has a warm path to its economic buyer"
    drawn = opened_sample.page.evaluate(
        """(colour) => {
            const s = window.kamgraphMaps["kg-map"];
            return Object.values(s.network.body.edges)
              .filter(e => e.options.color.color === colour && e.options.width >= 6)
              .map(e => e.id).sort();
        }""",
        HIGHLIGHT_COLOR,
    )
    assert drawn == wanted


def test_stance_is_the_fill_and_no_gap_mark_uses_a_stance_colour(
    opened_sample: Opened, sample_store: GraphStore
) -> None:
    drawn = opened_sample.page.evaluate(
        """() => Object.values(window.kamgraphMaps["kg-map"].network.body.nodes)
            .filter(n => n.options.kind === "person")
            .map(n => ({id: n.id, fill: n.options.color.background,
                        border: n.options.color.border, width: n.options.borderWidth,
                        label: n.options.label}))"""
    )
    by_id = {n["id"]: n for n in drawn}
    data = power_map(Snapshot(sample_store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG), highlight_to=EB)
    eb = next(p for p in data.people if p.id == EB)
    her = stance(eb, None)
    assert her == "unknown"  # the sample's economic buyer: nobody knows where she stands
    assert by_id[f"p:{EB}"]["fill"] == STANCE_COLORS[her]
    gapped = [n for n in drawn if n["label"].startswith(GAP_MARK)]
    assert gapped and by_id[f"p:{EB}"] in gapped  # she is an uncovered key person
    stances = set(STANCE_COLORS.values()) | {NO_ROLE_COLOR}
    assert all(n["border"] == GAP_COLOR and n["width"] >= 2 for n in gapped)
    assert not {n["border"] for n in drawn} & stances


def test_our_lines_on_request_and_each_filter_reduces_what_is_drawn(
    opened_sample: Opened, sample_map: Any
) -> None:
    model: MapModel = sample_map[0]
    page = opened_sample.page
    nodes, edges = model.visible()
    assert opened_sample.map_state() == {"nodes": len(nodes), "edges": len(edges)}
    page.check("#kg-map-ours")  # our sellers and every relationship line
    more_nodes, more_edges = model.visible(ours=True)
    assert opened_sample.map_state() == {"nodes": len(more_nodes), "edges": len(more_edges)}
    page.uncheck("#kg-map-ours")
    everyone = int(page.get_attribute("#kg-map", "data-people") or 0)
    assert everyone == sum(n.kind == "person" for n in nodes)
    for name in ("deal", "layer", "stance", "unit"):
        choices = page.locator(f"#kg-map-{name} option").all()
        values = [c.get_attribute("value") for c in choices if c.get_attribute("value")]
        assert values, name
        page.select_option(f"#kg-map-{name}", values[-1])
        fewer = int(page.get_attribute("#kg-map", "data-people") or 0)
        assert 0 < fewer < everyone, (name, values[-1], fewer)
        assert page.locator("#kg-map-count").inner_text() == f"{fewer} of 43 people"
        page.select_option(f"#kg-map-{name}", "")
    page.uncheck("#kg-map-reports")
    without = opened_sample.map_state()["edges"]
    assert without < len(edges)  # the reporting lines are gone
    # Units as labelled groups: drawn for the units whose people sit together, on request.
    boxes = 'window.kamgraphMaps["kg-map"].unitBoxes'
    assert "Finance" in opened_sample.page.evaluate(f"() => {boxes}")
    page.uncheck("#kg-map-units")
    page.wait_for_function(f"() => {boxes}.length === 0", timeout=5_000)  # at the next frame
    _quiet(opened_sample)


def test_a_click_or_a_search_opens_the_persons_panel(opened_sample: Opened) -> None:
    page = opened_sample.page
    panel = page.locator("#kg-map-panel")
    assert panel.is_hidden()
    point = page.evaluate(
        """() => {
            const s = window.kamgraphMaps["kg-map"];
            s.network.focus("p:nw-p03", {animation: false});  // on screen, whatever the view
            const p = s.network.canvasToDOM(s.network.getPosition("p:nw-p03"));
            const r = document.getElementById("kg-map").getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    assert panel.is_visible() and panel.locator("h3").inner_text() == "Mikael Lindqvist"
    assert panel.locator("a").count() == 0  # a file from disk: no server to link to
    page.fill("#kg-map-find", "kátrin")  # accents and case do not matter
    assert panel.locator("h3").inner_text() == "Katrin Vogel"
    assert page.evaluate('() => window.kamgraphMaps["kg-map"].network.getSelectedNodes()') == [
        f"p:{EB}"
    ]
    _quiet(opened_sample)


# Each drawn node's label box on screen; how many pairs overlap; the smallest label font on screen.
LABELS = """(id) => {
  const net = window.kamgraphMaps[id].network, scale = net.getScale();
  const boxes = net.body.nodeIndices.map(n => {
    const node = net.body.nodes[n], b = node.labelModule.size;
    const p = net.canvasToDOM({x: b.left, y: b.top});
    const q = net.canvasToDOM({x: b.left + b.width, y: b.top + b.height});
    return {x0: p.x, y0: p.y, x1: q.x, y1: q.y, px: node.options.font.size * scale};
  });
  let overlaps = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) overlaps += 1;
  }));
  return {people: Object.values(net.body.nodes).filter(n => n.options.kind === "person"
            && net.body.nodeIndices.includes(n.id)).length,
          overlaps, smallest: Math.min(...boxes.map(b => b.px))};
}"""


@pytest.mark.parametrize("size", ["sample", "300 people"])
def test_at_first_open_labels_are_legible_and_apart(
    browser: Browser, sample_store: GraphStore, tmp_path: Path, size: str
) -> None:
    if size == "sample":
        data = power_map(Snapshot(sample_store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG), highlight_to=EB)
    else:
        big = synth(1, 300, seed=3, as_of=SAMPLE_AS_OF)
        import_data(sample_store, big)
        data = power_map(Snapshot(sample_store, big["accounts"][0]["id"], SAMPLE_AS_OF, CFG))
        assert len(data.people) > 250
    model = build_map(data)
    path = _write(tmp_path, "map.html", model)
    with open_file(browser, path) as opened:  # 1400 x 1000 of map page, as a laptop shows it
        opened.page.set_viewport_size({"width": 1400, "height": 1000})
        opened.page.reload()
        opened.page.wait_for_selector("#kg-map[data-stable]", state="attached")
        found = opened.page.evaluate(LABELS, "kg-map")
        assert found["people"] <= 60
        assert found["overlaps"] == 0
        assert found["smallest"] >= 11
        _quiet(opened)
        ARTIFACTS.mkdir(exist_ok=True)
        name = "map-sample" if size == "sample" else "map-300"
        opened.page.screenshot(path=str(ARTIFACTS / f"{name}-first-open.png"))
        if model.focused:
            # The people not shown at first are one choice away: a unit chosen opens it whole.
            people = [n for n in model.nodes if n.kind == "person"]
            unit = max(
                {n.unit for n in people if n.unit}, key=lambda u: sum(n.unit == u for n in people)
            )
            members = [n for n in people if n.unit == unit]
            assert sum(n.focus for n in members) < len(members)
            opened.page.select_option("#kg-map-unit", unit)
            drawn = int(opened.page.get_attribute("#kg-map", "data-people") or 0)
            assert drawn == len(members)


def test_names_that_look_like_markup_show_as_text(
    browser: Browser, falkor: GraphStore, tmp_path: Path
) -> None:
    data = tiny()
    data["accounts"][0]["name"] = EVIL[0]
    data["people"][0]["name"] = EVIL[0]
    data["people"][0]["title"] = EVIL[1]
    data["people"][1]["name"] = EVIL[1]
    data["sellers"][0]["name"] = EVIL[1]
    import_data(falkor, data)
    model = build_map(power_map(Snapshot(falkor, "acme", SAMPLE_AS_OF, CFG), highlight_to="p1"))
    with open_file(browser, _write(tmp_path, "evil.html", model)) as opened:
        page = opened.page
        assert page.locator("h1").inner_text() == EVIL[0]
        text = hover_node(opened, "p:p1")
        assert EVIL[0] in text and EVIL[1] in text
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert page.evaluate("() => window.pwned === undefined")
        assert page.evaluate("() => document.querySelectorAll('script').length") == 3
        _quiet(opened)


def test_large_accounts_show_key_people_first_and_all_on_request(
    browser: Browser, sample_store: GraphStore, tmp_path: Path
) -> None:
    data = power_map(Snapshot(sample_store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG))
    model = build_map(data, focus_above=10)
    assert model.focused
    with open_file(browser, _write(tmp_path, "focus.html", model)) as opened:
        first, _ = model.visible()
        assert opened.map_state()["nodes"] == len(first) < len(model.nodes)
        opened.page.click("#kg-map-all")
        every, every_edge = model.visible(show_all=True)
        assert opened.map_state() == {"nodes": len(every), "edges": len(every_edge)}
        _quiet(opened)


def test_brief_page_embeds_the_neighbourhood_map(
    browser: Browser, sample_store: GraphStore, tmp_path: Path
) -> None:
    view = brief_view(Snapshot.of_person(sample_store, EB, SAMPLE_AS_OF, CFG), EB)
    b, html = view.brief, brief_page(view)
    path = tmp_path / "brief.html"
    path.write_text(html, encoding="utf-8")
    with open_file(browser, path, "kg-brief-map") as opened:
        assert b.person.name in opened.page.locator("h1").inner_text()
        state = opened.map_state("kg-brief-map")
        assert (
            1
            < state["nodes"]
            < len(power_map(Snapshot(sample_store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, CFG)).people)
        )
        assert hover_node(opened, f"p:{EB}", "kg-brief-map")
        _quiet(opened)
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "sample-brief.png"), full_page=True)
        # Printed, the brief is one page, A4 or Letter, with its map whole (the map keeps its
        # size on paper).
        for paper in ("A4", "Letter"):
            pdf = opened.page.pdf(format=paper)
            (ARTIFACTS / f"sample-brief-{paper}.pdf").write_bytes(pdf)
            assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, paper
