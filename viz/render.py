"""Step two of a power map: one self-contained HTML string from a `MapModel`.

pyvis assembles the vis-network node and edge options and ships vis-network itself; the page is
rendered through templates of our own, because pyvis's template links Bootstrap from a CDN.
Escaping, by context: the data travels as JSON inside a `<script type="application/json">`, with
`<`, `>`, `&` and the JavaScript line separators escaped so no string can close the element;
tooltips are built from that JSON as DOM text; every other string is HTML-escaped by Jinja. A
Content-Security-Policy with a per-page nonce refuses any other script and every network fetch.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from itertools import groupby
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.edge import Edge
from pyvis.node import Node

from kamgraph.interchange.model import LAYERS
from viz.glossary import glossary
from viz.model import (
    HIGHLIGHT_COLOR,
    LABEL_WIDTH,
    STANCE_COLORS,
    LegendEntry,
    MapModel,
    VisualEdge,
    VisualNode,
)

VIS_NETWORK = "templates/lib/vis-9.1.2/vis-network.min.js"
SELECTED_BORDER = "#1f2328"  # a hovered or selected person's border
# Straight edges and no physics: positions come from the org chart, so the map is still at once.
OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 80, "navigationButtons": False},
    "nodes": {
        "font": {"size": 14, "face": "system-ui, sans-serif", "multi": False},
        "widthConstraint": {"maximum": LABEL_WIDTH},
    },
    "edges": {"smooth": False, "font": {"size": 10, "align": "top", "strokeWidth": 3}},
}
# What JSON may hold but a <script> element (or a JS string) may not. Replaced one character at a
# time with str.replace: each pass runs in C, where str.translate with a table calls back per
# character (18x slower on a 5 MB payload, measured).
_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def path_segment(value: object) -> str:
    """An id as one URL path segment: every reserved character (`/`, `?`, `#`, ...) escaped."""
    return quote(str(value), safe="")


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("viz", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["seg"] = path_segment
    return env


@cache
def asset(name: str) -> str:
    return files("viz").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def vis_network_js() -> str:
    # vis-network as pyvis ships it; a literal "</script" would end the inline element early.
    text = files("pyvis").joinpath(VIS_NETWORK).read_text(encoding="utf-8")
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def script_json(value: Any) -> str:
    """JSON that is safe as the text of a `<script>` element (and in any JS string context)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JSON_ESCAPES:
        text = text.replace(char, escaped)
    return text


@dataclass(frozen=True)
class MapSection:
    """What the `_map.html` macro needs for one map on a page."""

    element: str
    json: str
    focused: bool
    people_total: int
    shown_people: int
    notes: list[str]
    legend: list[tuple[str, list[LegendEntry]]]
    # The filters' choices: deals (id, name), layers, stances and units present on the map.
    deals: list[tuple[str, str]] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)
    stances: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)


# The smallest label on screen a map page opens with (a page of its own; the brief's and the
# plan's maps, made for paper, always open fitted whole).
READABLE_PX = 11


def map_section(model: MapModel, element: str = "kg-map", readable: bool = False) -> MapSection:
    shown, _ = model.visible()
    nodes, edges = vis_options(model, {n.id for n in shown})
    tips = {n.id: [n.tooltip_title, n.facts] for n in model.nodes}
    tips |= {e.id: [e.tooltip_title, e.facts] for e in model.edges}
    people = [n for n in model.nodes if n.kind == "person"]
    # What map.js filters by, per node (the person's own id for the link to their page).
    meta = {
        n.id: {
            "kind": n.kind,
            "id": n.id.split(":", 1)[1],
            "name": n.tooltip_title,
            "layer": n.layer,
            "unit": n.unit,
            "stance": n.stance,
            "deals": list(n.deals),
        }
        for n in model.nodes
    }
    payload = {
        "nodes": nodes,
        "edges": edges,
        "tips": tips,
        "options": OPTIONS,
        "focused": model.focused,
        "positions": {n.id: [n.focus_x, n.focus_y, n.x, n.y, n.focus] for n in model.nodes},
        "meta": meta,
        "total": model.people_total,
        "min_font_px": READABLE_PX if readable else 0,
        "target": model.target,
    }
    return MapSection(
        element=element,
        json=script_json(payload),
        focused=model.focused,
        people_total=model.people_total,
        shown_people=sum(n.kind == "person" for n in shown),
        notes=model.notes,
        legend=[(g, list(entries)) for g, entries in groupby(model.legend, key=lambda e: e.group)],
        deals=sorted(
            ((d, model.deal_names.get(d, d)) for d in {d for n in people for d in n.deals}),
            key=lambda pair: (pair[1].casefold(), pair[0]),
        ),
        layers=[layer for layer in LAYERS if any(n.layer == layer for n in people)],
        stances=[s for s in STANCE_COLORS if any(n.stance == s for n in people)],
        units=sorted({n.unit for n in people if n.unit}, key=str.casefold),
    )


def vis_options(
    model: MapModel, drawn: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The vis-network options of the map's nodes and edges, assembled by pyvis's Node and Edge;
    the nodes not in `drawn` (`MapModel.visible`: what the page shows at first) hidden.

    As `Network.add_node` and `add_edge` do, but with the node ids in a set: those look every id
    up in a list, which made a 10 000-person map quadratic (6 of the 9 s of its plan page).
    """
    ids: set[str] = set()
    nodes: list[dict[str, Any]] = []
    for node in model.nodes:
        if node.id in ids:  # add_node keeps the first of a repeated id
            continue
        ids.add(node.id)
        options = _node_options(node, model.focused, node.id in drawn)
        shape, label, color = options.pop("shape"), options.pop("label"), options.pop("color")
        nodes.append(Node(node.id, shape, label=label or node.id, color=color, **options).options)
    edges: list[dict[str, Any]] = []
    for edge in model.edges:
        if edge.source not in ids or edge.target not in ids:
            raise ValueError(f"edge {edge.id!r} joins a node that is not on the map")
        edges.append(Edge(edge.source, edge.target, directed=True, **_edge_options(edge)).options)
    return nodes, edges


def render_page(template: str, **context: Any) -> str:
    """Render one of our page templates with the inlined assets every page needs."""
    return (
        _env()
        .get_template(template)
        .render(
            nonce=secrets.token_urlsafe(16),
            css=asset("base.css"),
            vis_js=vis_network_js(),
            map_js=asset("map.js"),
            **({"glossary": glossary()} | context),
        )
    )


def render_map(model: MapModel) -> str:
    return render_page(
        "map.html",
        title=model.title,
        subtitle=model.subtitle,
        map=map_section(model, readable=True),
    )


def _node_options(node: VisualNode, focused: bool, drawn: bool) -> dict[str, Any]:
    seller = node.kind == "seller"
    x, y = (node.focus_x, node.focus_y) if focused else (node.x, node.y)
    options: dict[str, Any] = {
        "label": node.label,
        "shape": node.shape,
        "size": round(node.size, 2),
        "x": round(x, 1),
        "y": round(y, 1),
        "hidden": not drawn,
        "borderWidth": node.border_width,
        "color": {
            "background": node.color,
            "border": node.border,
            # Hover and selection change the border only, in no stance's or gap's colour.
            "highlight": {"background": node.color, "border": SELECTED_BORDER},
            "hover": {"background": node.color, "border": SELECTED_BORDER},
        },
        "font": {"color": "#ffffff"} if seller else {"color": "#1f2328"},
        "kind": node.kind,
        "highlighted": node.highlight,
    }
    if node.dashed:
        options["shapeProperties"] = {"borderDashes": [6, 4]}
    if node.highlight:
        options["shadow"] = {"enabled": True, "color": HIGHLIGHT_COLOR, "size": 28, "x": 0, "y": 0}
    return options


def _edge_options(edge: VisualEdge) -> dict[str, Any]:
    options: dict[str, Any] = {
        "id": edge.id,
        "color": {"color": edge.color, "highlight": edge.color, "hover": edge.color},
        "width": round(edge.width, 2),
        "dashes": edge.dashes,
        "arrows": {"to": {"enabled": edge.arrows, "scaleFactor": 0.6}},
        "kind": edge.kind,
        "highlighted": edge.highlight,
        # Our relationships are a mark on each person at first; their lines on request.
        "hidden": edge.kind == "knows" and not edge.highlight,
    }
    if edge.label:
        options["label"] = edge.label
        options["font"] = {"color": edge.color}
    if edge.curved:
        options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18}
    return options
