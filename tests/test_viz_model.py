"""The power map's visual model and HTML, without a database or a browser."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from kamgraph.analysis.results import (
    DecayRow,
    Gap,
    MapLink,
    MapPerson,
    MapRole,
    MapSeller,
    PowerMapData,
    WarmPath,
)
from viz.model import (
    BAND_COLORS,
    CONFLICT_COLOR,
    GAP_MARK,
    HIGHLIGHT_COLOR,
    INFLUENCE_COLOR,
    NO_ROLE_COLOR,
    REPORTING_COLOR,
    RINGS,
    ROLES,
    STANCE_COLORS,
    MapModel,
    VisualEdge,
    VisualNode,
    build_map,
    stance,
)
from viz.render import render_map, script_json

DAY = dt.date(2026, 11, 20)
EVIL = ["<img src=x onerror=alert(1)>", '"</script><script>window.pwned=1</script>']


def person(pid: str, name: str = "", **kw: Any) -> MapPerson:
    values: dict[str, Any] = {
        "id": pid,
        "name": name or pid.upper(),
        "title": "",
        "unit": None,
        "unit_name": None,
        "layer": None,
        "political_status": None,
        "key": False,
        "roles": [],
        "influence_score": 0.0,
    }
    values.update(kw)
    return MapPerson(**values)


def role(opp: str, r: str, stance: str = "unknown", influence: str = "medium") -> MapRole:
    return MapRole(opportunity=opp, role=r, stance=stance, influence=influence)


def rel(seller: str, who: str, strength: float, status: str, touch: dt.date | None) -> DecayRow:
    return DecayRow(
        seller=seller,
        person=who,
        strength=strength,
        strength_90d_ago=strength,
        last_touch=touch,
        days_since=None if touch is None else (DAY - touch).days,
        status=status,
    )


def data(**kw: Any) -> PowerMapData:
    """A small account: CEO c, CFO f (EB, neutral), CTO t (DM + TB), engineer e (coach)."""
    values: dict[str, Any] = {
        "as_of": DAY,
        "account": "acme",
        "account_name": "ACME",
        "opportunity": None,
        "opportunity_name": None,
        "decision_makers": ["f", "t"],
        "people": [
            person("c", "Cleo", layer="decision", unit="u-board", unit_name="Board"),
            person(
                "f",
                "Finn",
                layer="decision",
                unit="u-fin",
                unit_name="Finance",
                key=True,
                roles=[role("o1", "economic_buyer", "neutral", "high")],
            ),
            person(
                "t",
                "Tia",
                layer="decision",
                unit="u-it",
                unit_name="IT",
                key=True,
                roles=[
                    role("o1", "technical_buyer", "supporter"),
                    role("o1", "decision_maker", "supporter", "high"),
                ],
                influence_score=0.0,
            ),
            person(
                "e",
                "Eli",
                layer="operation",
                unit="u-it",
                unit_name="IT",
                key=True,
                roles=[role("o1", "coach", "mentor", "low")],
                influence_score=0.9,
            ),
            person(
                "x", "Xan", layer="management", unit="u-it", unit_name="IT", influence_score=0.3
            ),
        ],
        "sellers": [
            MapSeller(id="s1", name="Lee", title="AM", team_role="AR"),
            MapSeller(id="s2", name="Mo", title="SE", team_role=None),
        ],
        "links": [
            MapLink(
                kind="reports_to",
                source="f",
                target="c",
                style="solid",
                strength=None,
                polarity=None,
            ),
            MapLink(
                kind="reports_to",
                source="t",
                target="c",
                style="solid",
                strength=None,
                polarity=None,
            ),
            MapLink(
                kind="reports_to",
                source="e",
                target="t",
                style="dotted",
                strength=None,
                polarity=None,
            ),
            MapLink(
                kind="reports_to",
                source="x",
                target="t",
                style="solid",
                strength=None,
                polarity=None,
            ),
            MapLink(
                kind="influence",
                source="e",
                target="t",
                style="advice",
                strength=0.8,
                polarity="positive",
            ),
            MapLink(
                kind="influence",
                source="x",
                target="f",
                style="other",
                strength=0.5,
                polarity="conflict",
            ),
        ],
        "relationships": [
            rel("s1", "e", 0.7, "active", dt.date(2026, 11, 2)),
            rel("s2", "e", 0.3, "cooling", dt.date(2026, 8, 1)),
            rel("s2", "x", 0.1, "cold", None),
        ],
        "gaps": [
            Gap(
                kind="uncovered_key_person", severity="high", subject="f", detail="", suggestion=""
            ),
            Gap(
                kind="key_person_at_risk", severity="medium", subject="t", detail="", suggestion=""
            ),
        ],
        "path": None,
        "highlight_target": None,
    }
    values.update(kw)
    return PowerMapData(**values)


def node(model: MapModel, nid: str) -> VisualNode:
    return next(n for n in model.nodes if n.id == nid)


def edges(model: MapModel, kind: str) -> list[VisualEdge]:
    return [e for e in model.edges if e.kind == kind]


def test_colour_is_the_stance_and_white_without_a_role() -> None:
    m = build_map(data())
    assert node(m, "p:f").color == STANCE_COLORS["neutral"]
    assert node(m, "p:e").color == STANCE_COLORS["mentor"]
    assert node(m, "p:c").color == NO_ROLE_COLOR


def test_strongest_known_stance_prefers_high_influence_and_known_stances() -> None:
    p = person(
        "q",
        roles=[
            role("o1", "user_buyer", "enemy", "low"),
            role("o2", "influencer", "supporter", "high"),
            role("o3", "coach", "unknown", "high"),
        ],
    )
    assert stance(p, None) == "supporter"
    assert stance(p, "o1") == "enemy"  # the chosen deal wins
    assert stance(p, "o9") is None  # no role on that deal
    assert stance(person("r", roles=[role("o1", "coach")]), None) == "unknown"


def test_opportunity_choice_recolours_by_that_deal() -> None:
    roles = [role("o1", "user_buyer", "enemy", "low"), role("o2", "user_buyer", "mentor", "high")]
    d = data(people=[person("q", roles=roles)], links=[], relationships=[], gaps=[])
    assert node(build_map(d), "p:q").color == STANCE_COLORS["mentor"]
    chosen = d.model_copy(update={"opportunity": "o1"})
    assert node(build_map(chosen), "p:q").color == STANCE_COLORS["enemy"]


def test_shape_is_the_most_important_role_and_every_role_has_a_badge() -> None:
    m = build_map(data())
    shapes = {role: shape for role, _, shape, _ in ROLES}
    assert node(m, "p:f").shape == shapes["economic_buyer"]
    tia = node(m, "p:t")
    assert tia.shape == shapes["decision_maker"]  # decision maker outranks technical buyer
    assert "[DM TB]" in tia.label.split("\n")
    assert "[C]" in node(m, "p:e").label


def test_our_coverage_is_a_mark_on_each_person_and_our_lines_wait_to_be_asked_for() -> None:
    m = build_map(data())
    # The last line of a label: our best relationship's strength and band, or none.
    assert node(m, "p:e").label.split("\n")[-1] == "us 0.70 active"  # Lee knows Eli
    assert node(m, "p:c").label.split("\n")[-1] == "us —"
    nodes, edges = m.visible()
    assert not [n for n in nodes if n.kind == "seller"] and not [
        e for e in edges if e.kind == "knows"
    ]
    more_nodes, more_edges = m.visible(ours=True)
    assert {e.kind for e in more_edges} >= {"knows"} and len(more_nodes) > len(nodes)
    assert len({shape for _, _, shape, _ in ROLES}) == len(ROLES)


def test_size_grows_with_influence_on_the_decision_makers() -> None:
    m = build_map(data())
    assert node(m, "p:e").size > node(m, "p:x").size > node(m, "p:c").size
    flat = build_map(data(people=[person("a"), person("b")], links=[], relationships=[], gaps=[]))
    assert node(flat, "p:a").size == node(flat, "p:b").size


def test_lines_encode_reporting_influence_and_conflict() -> None:
    m = build_map(data())
    reporting = {(e.source, e.target): e for e in edges(m, "reports_to")}
    assert reporting[("p:f", "p:c")].color == REPORTING_COLOR
    assert not reporting[("p:f", "p:c")].dashes
    assert reporting[("p:e", "p:t")].dashes  # dotted line
    (advice,) = edges(m, "influence")
    (conflict,) = edges(m, "conflict")
    assert advice.color == INFLUENCE_COLOR and not advice.dashes
    assert conflict.color == CONFLICT_COLOR and conflict.dashes
    assert advice.width > conflict.width  # width = strength (0.8 vs 0.5)


def test_relationships_are_coloured_by_band_and_labelled_with_the_last_touch() -> None:
    m = build_map(data())
    knows = {(e.source, e.target): e for e in edges(m, "knows")}
    assert knows[("s:s1", "p:e")].color == BAND_COLORS["active"]
    assert knows[("s:s1", "p:e")].label == "2026-11-02"
    assert knows[("s:s2", "p:e")].color == BAND_COLORS["cooling"]
    assert knows[("s:s2", "p:x")].label == "no touch"


def test_gaps_ring_the_person_most_serious_first() -> None:
    m = build_map(data())
    assert (node(m, "p:f").border, node(m, "p:f").border_width) == RINGS["uncovered_key_person"]
    assert (node(m, "p:t").border, node(m, "p:t").border_width) == RINGS["key_person_at_risk"]
    assert node(m, "p:c").border_width < node(m, "p:t").border_width


def test_a_gap_is_marked_before_the_name_and_in_no_stance_colour() -> None:
    m = build_map(data())
    assert node(m, "p:f").label.startswith(f"{GAP_MARK} Finn")  # uncovered key person
    assert not node(m, "p:c").label.startswith(GAP_MARK)  # no gap
    stances = {c.lower() for c in STANCE_COLORS.values()} | {NO_ROLE_COLOR}
    # Stance is the fill of the people, and nothing else is drawn in those colours.
    others = [n.border for n in m.nodes] + [e.color for e in m.edges]
    others += [n.color for n in m.nodes if n.kind == "seller"]
    others += [e.color for e in m.legend if not e.group.startswith("Stance")]
    assert others and not {c.lower() for c in others} & stances
    # The legend's stance entries are the table the fills come from.
    shown = {e.label: e.color for e in m.legend if e.group.startswith("Stance")}
    assert shown == {**STANCE_COLORS, "no buying role": NO_ROLE_COLOR}


def test_tooltips_list_the_facts() -> None:
    facts = dict(node(build_map(data()), "p:e").facts)
    assert facts["Unit"] == "IT"
    assert facts["Stance"] == "mentor"
    assert facts["Influence on decision-makers"] == "0.9"
    assert facts["Best relationship"].startswith("Lee: strength 0.7, active, last touch 2026-11-02")
    assert "(18 days ago)" in facts["Best relationship"]
    assert dict(node(build_map(data()), "p:f").facts)["Gap"] == "uncovered_key_person"


def test_legend_names_every_encoding() -> None:
    labels = {e.label for e in build_map(data()).legend}
    assert set(STANCE_COLORS) <= labels
    assert {f"{r} [{b}]" for r, b, *_ in ROLES} <= labels
    assert set(BAND_COLORS) <= labels
    assert {"reports to", "reports to (dotted line)", "conflict", "highlighted path"} <= labels


def test_layout_puts_managers_above_and_sellers_in_a_band_below() -> None:
    m = build_map(data())
    y = {n.id: n.y for n in m.nodes}
    assert y["p:c"] < y["p:t"] < y["p:x"]
    people_bottom = max(n.y for n in m.nodes if n.kind == "person")
    assert all(n.y > people_bottom for n in m.nodes if n.kind == "seller")
    xs = [n.x for n in m.nodes if n.kind == "seller"]
    assert len(set(xs)) == len(xs)


def test_layout_keeps_a_unit_together_and_survives_a_reporting_cycle() -> None:
    people = [
        person(f"p{i}", f"N{i}", unit=f"u{i % 2}", unit_name=f"Unit {i % 2}") for i in range(6)
    ]
    boss = [
        MapLink(
            kind="reports_to",
            source=f"p{i}",
            target="p0",
            style="solid",
            strength=None,
            polarity=None,
        )
        for i in range(1, 6)
    ]
    m = build_map(data(people=people, links=boss, relationships=[], gaps=[]))
    order = sorted(
        (n for n in m.nodes if n.kind == "person" and n.id != "p:p0"), key=lambda n: (n.x, n.y)
    )
    units = [n.facts[1][1] for n in order]
    assert units == sorted(units)  # grouped, not interleaved
    cycle = [
        MapLink(kind="reports_to", source=a, target=b, style="solid", strength=None, polarity=None)
        for a, b in (("p1", "p2"), ("p2", "p1"))
    ]
    looped = build_map(data(people=people[:3], links=cycle, relationships=[], gaps=[]))
    assert len([n for n in looped.nodes if n.kind == "person"]) == 3


def test_highlighted_path_marks_its_nodes_and_edges() -> None:
    path = WarmPath(
        seller="s1",
        score=0.5,
        nodes=["s1", "e", "t"],
        strengths=[0.7, 0.8],
        weakest=0.7,
        last_touch=dt.date(2026, 11, 2),
    )
    m = build_map(data(path=path, highlight_target="t"))
    lit = [e for e in m.edges if e.highlight]
    assert {(e.source, e.target) for e in lit} == {("s:s1", "p:e"), ("p:e", "p:t")}
    assert all(e.color == HIGHLIGHT_COLOR for e in lit)
    assert {n.id for n in m.nodes if n.highlight} == {"s:s1", "p:e", "p:t"}
    assert any("warm path to Tia " in note for note in m.notes)  # by name, not id
    # A step without a drawn edge (here s2 → c) still shows, as an edge of its own.
    odd = WarmPath(
        seller="s2", score=0.1, nodes=["s2", "c"], strengths=[0.1], weakest=0.1, last_touch=None
    )
    m2 = build_map(data(path=odd, highlight_target="c"))
    (step,) = [e for e in m2.edges if e.highlight]
    assert (step.kind, step.source, step.target) == ("path", "s:s2", "p:c")


def test_a_path_through_another_accounts_people_is_one_dashed_stretch() -> None:
    # s1 knows x1 of another account, who knows x2, who influences Tia: x1 and x2 are not on
    # this account's map, so s1 → Tia is drawn as one stretch that says who it runs through.
    bridge = WarmPath(
        seller="s1",
        score=0.2,
        nodes=["s1", "x1", "x2", "t"],
        strengths=[0.9, 0.4, 0.6],
        weakest=0.4,
        last_touch=None,
    )
    m = build_map(data(path=bridge, highlight_target="t"))
    (step,) = [e for e in m.edges if e.highlight]
    assert (step.source, step.target, step.dashes) == ("s:s1", "p:t", True)
    assert step.label == "via 2 outside this account"
    assert step.facts == [("Strength", "0.4")]  # the weakest link of the stretch
    assert {n.id for n in m.nodes if n.highlight} == {"s:s1", "p:t"}


def test_no_path_says_so() -> None:
    m = build_map(data(highlight_target="c"))
    assert "No warm path to Cleo on" in " ".join(m.notes)  # by name, not id
    assert not any(e.highlight for e in m.edges)


def test_large_accounts_show_key_people_influencers_and_path_first() -> None:
    m = build_map(data(), focus_above=4)
    shown, shown_edges = m.visible()
    assert m.focused
    # key persons f, t, e first, then the strongest influencer x while there is room
    assert {n.id for n in shown if n.kind == "person"} == {"p:f", "p:t", "p:e", "p:x"}
    tight = build_map(data(), focus_above=3).visible()[0]
    assert {n.id for n in tight if n.kind == "person"} == {"p:f", "p:t", "p:e"}
    assert all(n.kind == "seller" for n in tight if n.id not in {"p:f", "p:t", "p:e"})
    assert not node(m, "p:c").focus
    assert all("p:c" not in (e.source, e.target) for e in shown_edges)
    assert len(m.visible(show_all=True, ours=True)[0]) == len(m.nodes)
    assert not build_map(data(), focus_above=3, show_all=True).focused
    assert not build_map(data(), focus_above=5).focused


# --- HTML ----------------------------------------------------------------------------------
def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"name": EVIL[1], "x": "a&b>\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": EVIL[1], "x": "a&b>\u2028"}


def _evil_page() -> str:
    people = [person("a", EVIL[0], title=EVIL[1], unit_name=EVIL[0]), person("b", EVIL[1])]
    d = data(
        people=people,
        links=[],
        relationships=[],
        gaps=[],
        account_name=EVIL[0],
        sellers=[MapSeller(id="s", name=EVIL[0], title=EVIL[1], team_role=None)],
    )
    return render_map(build_map(d))


def test_page_is_self_contained() -> None:
    page = _evil_page()
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.IGNORECASE)
    assert "cdn" not in page.lower().replace("vis-network", "")
    assert "default-src 'none'" in page  # and the browser refuses any fetch


def test_names_from_the_data_cannot_inject_markup() -> None:
    page = _evil_page()
    assert EVIL[0] not in page and "</script><script>window.pwned" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the title, as text
    tags = _Tags()
    tags.feed(page)
    # The data, vis-network and the map's own code, each with the page's nonce; no other
    # element was made from the data.
    assert [t for t, _ in tags.seen if t == "script"] == ["script"] * 3
    nonce = re.search(r"nonce-([\w-]+)", page).group(1)  # type: ignore[union-attr]
    assert all(a.get("nonce") == nonce for t, a in tags.seen if t == "script")
    assert not [t for t, _ in tags.seen if t in {"img", "iframe", "object", "embed"}]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, dict(attrs)))


def test_nonce_changes_per_page() -> None:
    nonces = {re.search(r"nonce-([\w-]+)", _evil_page()).group(1) for _ in range(2)}  # type: ignore[union-attr]
    assert len(nonces) == 2


@pytest.mark.parametrize("focus_above", [2, 150])
def test_page_carries_every_node_and_edge_of_the_model(focus_above: int) -> None:
    m = build_map(data(), focus_above=focus_above)
    page = render_map(m)
    raw = re.search(r'data-kg-map="kg-map"[^>]*>(.*?)</script>', page, re.DOTALL)
    assert raw is not None
    payload = json.loads(raw.group(1))
    assert [n["id"] for n in payload["nodes"]] == [n.id for n in m.nodes]
    assert [e["id"] for e in payload["edges"]] == [e.id for e in m.edges]
    hidden = {n["id"] for n in payload["nodes"] if n["hidden"]}
    drawn = {n.id for n in m.visible()[0]}  # focus, and our sellers only on the warm path
    assert hidden == {n.id for n in m.nodes} - drawn


def test_unplanned_gaps_get_a_dashed_ring_and_say_why() -> None:
    m = build_map(data(), unplanned={"f": ["uncovered_key_person"]})
    assert node(m, "p:f").dashed and not node(m, "p:t").dashed
    assert ("Unplanned gap", "uncovered_key_person") in node(m, "p:f").facts
    assert any("no open action" in e.label for e in m.legend)
    assert not any("no open action" in e.label for e in build_map(data()).legend)
    page = render_map(m)
    assert '"borderDashes":[6,4]' in page
