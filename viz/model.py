"""Step one of a power map: the visual model, built from a `PowerMapData` alone (pure, no I/O).

Every encoding of DOMAIN.md's power map is decided here, so that tests can check it without a
browser: fill colour = stance (no other mark uses those colours), shape and badge = buying role,
size = influence on the decision-makers, grey reporting arrows (dashed when dotted-line),
influence arrows (width = strength; conflicts dashed), our coverage as a mark in each label
(sellers in a band of their own with `KNOWS` edges by decay band, drawn on request), gaps as a
mark before the name and a black ring, a highlighted warm path, and people laid out by
reporting hierarchy on shelves that keep a screen's shape.
Strings from the data stay plain strings here; escaping belongs to the renderer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kamgraph.analysis.results import DecayRow, MapPerson, PowerMapData
from kamgraph.interchange.model import LAYERS

# Stance is the fill of every person with a buying role, and no other mark uses these colours:
# the Okabe–Ito palette, told apart with every common colour-vision deficiency.
STANCE_COLORS: dict[str, str] = {
    "mentor": "#0072b2",
    "supporter": "#56b4e9",
    "neutral": "#f0e442",
    "non_supporter": "#e69f00",
    "enemy": "#d55e00",
    "unknown": "#bbbbbb",  # a buying role whose stance nobody knows: grey, not white
}
NO_ROLE_COLOR = "#ffffff"  # no buying role on the deal(s) shown
SELLER_COLOR = "#24292f"
# Most important role first: its shape stands for the person; every role gets a badge.
ROLES: tuple[tuple[str, str, str, str], ...] = (
    ("economic_buyer", "EB", "star", "★"),
    ("decision_maker", "DM", "diamond", "◆"),
    ("technical_buyer", "TB", "square", "■"),
    ("coach", "C", "hexagon", "⬢"),
    ("user_buyer", "UB", "triangle", "▲"),
    ("gatekeeper", "G", "triangleDown", "▼"),
    ("influencer", "I", "dot", "●"),
)
NO_ROLE_SHAPE = "dot"
INFLUENCE_RANK = {"high": 3, "medium": 2, "low": 1}
# Our relationships by decay band: one indigo scale, darker for the warmer band.
BAND_COLORS: dict[str, str] = {"active": "#332288", "cooling": "#7a6fb0", "cold": "#b5aed6"}
REPORTING_COLOR = "#6e7781"
INFLUENCE_COLOR = "#8250df"
CONFLICT_COLOR = "#882255"
HIGHLIGHT_COLOR = "#cc79a7"
# Gaps are marked in their own colour, never a stance's: the GAP_MARK before the name and a
# black ring, thin enough to leave the stance fill readable (wider for the more serious);
# dashed when no open action addresses the gap.
GAP_COLOR = "#000000"
GAP_MARK = "⚠"
RINGS: dict[str, tuple[str, int]] = {  # gap kind → border colour, width (most serious first)
    "uncovered_key_person": (GAP_COLOR, 3),
    "departed_role_holder": (GAP_COLOR, 3),
    "opponent_with_power": (GAP_COLOR, 3),
    "key_person_at_risk": (GAP_COLOR, 2),
    "single_threaded": (GAP_COLOR, 2),
    "eb_not_receptive": (GAP_COLOR, 2),
}
# What each ring width says, for the legend (the same table as the rings).
RING_MEANING = {
    3: "uncovered key person / departed role holder / opponent with power",
    2: "key person at risk / single-threaded / EB not receptive",
}
PLAIN_BORDER = ("#57606a", 1)
X_STEP, Y_STEP = 170.0, 190.0
STACK_FROM = 2
LEAF_STEP = 0.7  # rows between reports stacked in a column (labels of up to five lines)
SHELF_GAP = 0.35  # rows between a team's shelves
ASPECT = 1.5  # the map's width to height on a screen, which the chart's shape follows
MIN_COLUMNS = 4
LABEL_WIDTH = 150  # canvas px a label wraps at: narrower than X_STEP, so columns never touch
MIN_SIZE, MAX_SIZE = 14.0, 42.0


@dataclass
class VisualNode:
    id: str  # "p:<person>" or "s:<seller>": people and sellers may share ids
    kind: str  # person | seller
    label: str
    tooltip_title: str
    facts: list[tuple[str, str]]
    shape: str
    color: str
    border: str
    border_width: int
    size: float
    x: float
    y: float
    focus_x: float
    focus_y: float
    focus: bool = True
    highlight: bool = False
    dashed: bool = False  # a gap of this person that no open action of the plan addresses
    # What the page's filters compare (people only): layer, unit name, stance, deals with a role.
    layer: str = ""
    unit: str = ""
    stance: str = ""
    deals: tuple[str, ...] = ()


@dataclass
class VisualEdge:
    id: str
    kind: str  # reports_to | influence | conflict | knows | path
    source: str
    target: str
    color: str
    width: float
    dashes: bool
    arrows: bool
    label: str
    tooltip_title: str
    facts: list[tuple[str, str]]
    curved: bool = False
    highlight: bool = False


@dataclass(frozen=True)
class LegendEntry:
    group: str
    label: str
    color: str
    symbol: str  # a character for node shapes, "line"/"dashed" for edges, "ring" for borders


@dataclass
class MapModel:
    title: str
    subtitle: str
    notes: list[str]
    nodes: list[VisualNode]
    edges: list[VisualEdge]
    legend: list[LegendEntry]
    focused: bool = False
    people_total: int = 0
    deal_names: dict[str, str] = field(default_factory=dict)  # for the deal filter
    target: str | None = None  # the node the highlighted warm path leads to

    def visible(
        self, show_all: bool = False, ours: bool = False
    ) -> tuple[list[VisualNode], list[VisualEdge]]:
        """What the page draws at first (or with everyone shown, or with our relationships):
        our sellers and their lines only on the warm path unless `ours`; vis-network hides an
        edge whose end is hidden, so this is the count a browser must show."""
        nodes = [
            n
            for n in self.nodes
            if (show_all or n.focus) and (ours or n.kind != "seller" or n.highlight)
        ]
        ids = {n.id for n in nodes}
        return nodes, [
            e
            for e in self.edges
            if e.source in ids and e.target in ids and (ours or e.kind != "knows" or e.highlight)
        ]


def pid(person: str) -> str:
    return f"p:{person}"


def sid(seller: str) -> str:
    return f"s:{seller}"


def build_map(
    data: PowerMapData,
    *,
    focus_above: int = 60,
    show_all: bool = False,
    unplanned: dict[str, list[str]] | None = None,
) -> MapModel:
    """`unplanned`: person → gap kinds no open action addresses (from the account plan); those
    people get a dashed ring and the kinds in their tooltip."""
    people = {p.id: p for p in data.people}
    best = _best_relationships(data.relationships)
    gaps: dict[str, list[str]] = defaultdict(list)
    for g in data.gaps:
        if g.subject in people:
            gaps[g.subject].append(g.kind)
    path_nodes = list(data.path.nodes) if data.path else []
    focus = (
        _focus(data, path_nodes, focus_above)
        if len(people) > focus_above and not show_all
        else None
    )
    full = _layout(data, set(people))
    shown = _layout(data, focus) if focus is not None else full
    top = max((p.influence_score for p in data.people), default=0.0)
    names = {s.id: s.name or s.id for s in data.sellers} | {
        p.id: p.name or p.id for p in data.people
    }
    nodes: list[VisualNode] = []
    for p in data.people:
        border, width = _ring(gaps.get(p.id, []))
        x, y = full[pid(p.id)]
        fx, fy = shown.get(pid(p.id), (x, y))
        nodes.append(
            VisualNode(
                id=pid(p.id),
                kind="person",
                label=_person_label(p, bool(gaps.get(p.id)), best.get(p.id)),
                tooltip_title=p.name or p.id,
                facts=_person_facts(p, best.get(p.id), gaps.get(p.id, []), names, data),
                shape=_shape(p),
                color=_stance_color(p, data.opportunity),
                border=border,
                border_width=width,
                size=MIN_SIZE + (MAX_SIZE - MIN_SIZE) * (p.influence_score / top if top else 0),
                x=x,
                y=y,
                focus_x=fx,
                focus_y=fy,
                focus=focus is None or p.id in focus,
                highlight=p.id in path_nodes,
                dashed=bool(unplanned and unplanned.get(p.id)),
                layer=p.layer or "",
                unit=p.unit_name or "",
                stance=stance(p, data.opportunity) or "",
                deals=tuple(sorted({r.opportunity for r in p.roles})),
            )
        )
        for kind in (unplanned or {}).get(p.id, []):
            nodes[-1].facts.append(("Unplanned gap", kind))
    for s in data.sellers:
        x, y = full[sid(s.id)]
        fx, fy = shown[sid(s.id)]
        known = [r for r in data.relationships if r.seller == s.id]
        nodes.append(
            VisualNode(
                id=sid(s.id),
                kind="seller",
                label=s.name or s.id,
                tooltip_title=s.name or s.id,
                facts=[
                    ("Title", s.title or "—"),
                    ("Team role", s.team_role or "not on the account team"),
                    ("Relationships", str(len(known))),
                    ("Active", str(sum(r.status == "active" for r in known))),
                ],
                shape="box",
                color=SELLER_COLOR,
                border=SELLER_COLOR,
                border_width=1,
                size=MIN_SIZE,
                x=x,
                y=y,
                focus_x=fx,
                focus_y=fy,
                highlight=bool(path_nodes) and path_nodes[0] == s.id,
            )
        )
    edges = _edges(data, names)
    _highlight(data, nodes, edges)
    return MapModel(
        title=data.account_name,
        subtitle=_subtitle(data),
        notes=_notes(data, focus, len(people)),
        nodes=nodes,
        edges=edges,
        legend=legend(planned=unplanned is not None),
        focused=focus is not None,
        people_total=len(people),
        deal_names=dict(data.deal_names),
        target=pid(data.path.nodes[-1]) if data.path else None,
    )


# --- encodings ----------------------------------------------------------------------------
def _roles_in_order(p: MapPerson) -> list[str]:
    held = {r.role for r in p.roles}
    return [role for role, *_ in ROLES if role in held]


def _shape(p: MapPerson) -> str:
    held = _roles_in_order(p)
    return next(shape for role, _, shape, _ in ROLES if role == held[0]) if held else NO_ROLE_SHAPE


def _badges(p: MapPerson) -> str:
    return " ".join(badge for role, badge, *_ in ROLES if role in set(_roles_in_order(p)))


def stance(p: MapPerson, opportunity: str | None) -> str | None:
    """The stance on the chosen opportunity, else the strongest known one: the stance of the role
    with the highest influence among roles whose stance is known (ties: opportunity id order).
    None when the person holds no role; `unknown` when every stance is."""
    roles = [r for r in p.roles if opportunity is None or r.opportunity == opportunity]
    if not roles:
        return None
    known = [r for r in roles if r.stance != "unknown"] or roles
    known.sort(key=lambda r: (-INFLUENCE_RANK.get(r.influence, 0), r.opportunity))
    return known[0].stance


def _stance_color(p: MapPerson, opportunity: str | None) -> str:
    s = stance(p, opportunity)
    return NO_ROLE_COLOR if s is None else STANCE_COLORS.get(s, STANCE_COLORS["unknown"])


def _ring(kinds: list[str]) -> tuple[str, int]:
    for kind, ring in RINGS.items():
        if kind in kinds:
            return ring
    return PLAIN_BORDER


def _person_label(p: MapPerson, gap: bool = False, rel: DecayRow | None = None) -> str:
    """Name (after the gap mark), title, role badges, and our coverage of them: the best
    relationship's strength and band, drawn as this mark instead of a line per seller."""
    badges = _badges(p)
    name = p.name or p.id
    ours = f"us {rel.strength:.2f} {rel.status}" if rel and rel.strength > 0 else "us —"
    lines = [f"{GAP_MARK} {name}" if gap else name, p.title]
    lines += ([f"[{badges}]"] if badges else []) + [ours]
    return "\n".join(line for line in lines if line)


def _best_relationships(rows: Iterable[DecayRow]) -> dict[str, DecayRow]:
    """Per person the strongest relationship (ties: seller id), as DOMAIN.md's best seller."""
    out: dict[str, DecayRow] = {}
    for r in rows:
        mine = out.get(r.person)
        if mine is None or (r.strength, mine.seller) > (mine.strength, r.seller):
            out[r.person] = r
    return out


def _person_facts(
    p: MapPerson,
    rel: DecayRow | None,
    gap_kinds: list[str],
    names: dict[str, str],
    data: PowerMapData,
) -> list[tuple[str, str]]:
    facts = [
        ("Title", p.title or "—"),
        ("Unit", p.unit_name or p.unit or "—"),
        ("Layer", p.layer or "—"),
        ("Political status", p.political_status or "—"),
    ]
    for r in p.roles:
        facts.append(
            (
                "Role",
                f"{r.role} on {data.deal_names.get(r.opportunity, r.opportunity)}: "
                f"stance {r.stance}, influence {r.influence}",
            )
        )
    facts.append(("Stance", stance(p, data.opportunity) or "no buying role"))
    facts.append(("Influence on decision-makers", f"{p.influence_score:g}"))
    if rel is None or rel.strength <= 0:
        facts.append(("Best relationship", "none"))
    else:
        age = "never touched" if rel.days_since is None else f"{rel.days_since} days ago"
        facts.append(
            (
                "Best relationship",
                f"{names.get(rel.seller, rel.seller)}: strength {rel.strength:g}, {rel.status}, "
                f"last touch {rel.last_touch or '—'} ({age})",
            )
        )
    if p.key:
        facts.append(("Key person", "yes"))
    for kind in gap_kinds:
        facts.append(("Gap", kind))
    return facts


# --- edges --------------------------------------------------------------------------------
def _edges(data: PowerMapData, names: dict[str, str]) -> list[VisualEdge]:
    edges: list[VisualEdge] = []
    for i, link in enumerate(data.links):
        source, target = names.get(link.source, link.source), names.get(link.target, link.target)
        if link.kind == "reports_to":
            dotted = link.style == "dotted"
            edges.append(
                VisualEdge(
                    id=f"r{i}",
                    kind="reports_to",
                    source=pid(link.source),
                    target=pid(link.target),
                    color=REPORTING_COLOR,
                    width=1.5,
                    dashes=dotted,
                    arrows=True,
                    label="",
                    tooltip_title=f"{source} reports to {target}",
                    facts=[("Line", "dotted" if dotted else "solid")],
                )
            )
            continue
        conflict = link.polarity == "conflict"
        strength = link.strength or 0.0
        edges.append(
            VisualEdge(
                id=f"i{i}",
                kind="conflict" if conflict else "influence",
                source=pid(link.source),
                target=pid(link.target),
                color=CONFLICT_COLOR if conflict else INFLUENCE_COLOR,
                width=1 + 6 * strength,
                dashes=conflict,
                arrows=True,
                label="",
                tooltip_title=f"{source} {'conflicts with' if conflict else 'influences'} {target}",
                facts=[("Kind", link.style or "—"), ("Strength", f"{strength:g}")],
                curved=True,
            )
        )
    for i, r in enumerate(data.relationships):
        touch = r.last_touch.isoformat() if r.last_touch else "no touch"
        edges.append(
            VisualEdge(
                id=f"k{i}",
                kind="knows",
                source=sid(r.seller),
                target=pid(r.person),
                color=BAND_COLORS[r.status],
                width=1 + 2 * r.strength,
                dashes=False,
                arrows=False,
                label=touch,
                tooltip_title=f"{names.get(r.seller, r.seller)} knows "
                f"{names.get(r.person, r.person)}",
                facts=[
                    ("Band", r.status),
                    ("Strength", f"{r.strength:g}"),
                    ("Strength 90 days before", f"{r.strength_90d_ago:g}"),
                    ("Last touch", touch),
                    ("Days since", "—" if r.days_since is None else str(r.days_since)),
                ],
            )
        )
    return edges


def _highlight(data: PowerMapData, nodes: list[VisualNode], edges: list[VisualEdge]) -> None:
    """Mark the warm path's edges; a step with no drawn edge gets a path edge of its own.

    A warm path may run through people of another account (a bridge), who are not on this
    account's map: the stretch through them is drawn as one path edge that says so."""
    if data.path is None:
        return
    ids = [sid(data.path.nodes[0])] + [pid(p) for p in data.path.nodes[1:]]
    drawn = {n.id for n in nodes}
    by_pair: dict[frozenset[str], VisualEdge] = {}
    for e in edges:
        if e.kind != "conflict":
            by_pair.setdefault(frozenset((e.source, e.target)), e)
    start: int | None = None  # the last node of the path that is on the map
    for i, b in enumerate(ids):
        if b not in drawn:
            continue
        if start is not None:
            a, outside = ids[start], i - start - 1
            strength = min(data.path.strengths[start:i])
            edge = None if outside else by_pair.get(frozenset((a, b)))
            if edge is None:
                via = f"via {outside} outside this account" if outside else ""
                edge = VisualEdge(
                    id=f"w{i}",
                    kind="path",
                    source=a,
                    target=b,
                    color=HIGHLIGHT_COLOR,
                    width=6,
                    dashes=bool(outside),
                    arrows=True,
                    label=via,
                    tooltip_title=f"warm path step {via}".strip(),
                    facts=[("Strength", f"{strength:g}")],
                )
                edges.append(edge)
            edge.highlight = True
            edge.color = HIGHLIGHT_COLOR
            edge.width = max(edge.width, 6.0)
        start = i
    on_path = set(ids)
    for n in nodes:
        n.highlight = n.id in on_path


# --- layout -------------------------------------------------------------------------------
def _focus(data: PowerMapData, path_nodes: list[str], limit: int) -> set[str]:
    """Key persons, decision-makers and the warm path's people, then the decision-makers'
    strongest influencers (score, then id) while the map has room for `limit` people. With
    reporting lines counted as influence nearly everyone has a score, so a bare "score > 0"
    would show the whole account."""
    people = {p.id for p in data.people}
    # The warm path and the decision-makers always; then key persons and then influencers,
    # the most influential first, while there is room: at most `limit` unless those two alone
    # are more (a map opened at first stays readable on a large account).
    chosen = (set(data.decision_makers) | set(path_nodes[1:])) & people
    by_weight = sorted(data.people, key=lambda p: (-p.influence_score, p.id))
    for wanted in (
        [p for p in by_weight if p.key],
        [p for p in by_weight if p.influence_score > 0],
    ):
        for p in wanted:
            if len(chosen) >= limit:
                return chosen
            chosen.add(p.id)
    return chosen


def _layout(data: PowerMapData, shown: set[str]) -> dict[str, tuple[float, float]]:
    """Org-chart positions: a person sits one row below their solid-line manager, roots by
    layer (decision at the top); siblings are ordered by unit then name, so units stay
    together; a parent is centred over its reports. Reports without reports of their own hang
    in a column under their manager, and a team wider than the map's row wraps onto a shelf
    below, so the chart keeps about the shape of the screen and its labels stay readable when
    it is fitted. Sellers get a band below everyone."""
    people = {p.id: p for p in data.people if p.id in shown}
    manager: dict[str, str] = {}
    for link in data.links:
        if (
            link.kind == "reports_to"
            and link.style != "dotted"
            and link.source in people
            and link.target in people
            and link.source not in manager
        ):
            manager[link.source] = link.target
    # Break reporting cycles (bad data must not hang the map): the first person met again
    # on the way up becomes a root.
    for start in sorted(manager):
        seen = {start}
        at = start
        while at in manager:
            up = manager[at]
            if up in seen:
                del manager[at]
                break
            seen.add(up)
            at = up
    reports: dict[str, list[str]] = defaultdict(list)
    for person, boss in manager.items():
        reports[boss].append(person)

    def order(ids: Iterable[str]) -> list[str]:
        return sorted(ids, key=lambda i: (people[i].unit_name or "~", people[i].name, i))

    def block(person: str, limit: int) -> _Block:
        kids = order(reports.get(person, []))
        leaves = [k for k in kids if not reports.get(k)]
        parts: list[_Block] = []
        if len(leaves) >= STACK_FROM:
            column = {pid(k): (0.0, i * LEAF_STEP) for i, k in enumerate(leaves)}
            parts.append(_Block(1, 1 + LEAF_STEP * (len(leaves) - 1), column))
            kids = [k for k in kids if reports.get(k)]
        parts += [block(k, limit) for k in kids]
        if not parts:
            return _Block(1, 1.0, {pid(person): (0.0, 0.0)})
        packed = _shelves(parts, limit, top=1.0)
        first = packed.first_width
        packed.at[pid(person)] = ((first - 1) / 2, 0.0)
        return packed

    layer_row: dict[str, int] = {layer: row for row, layer in enumerate(LAYERS)}
    roots = [p for p in people if p not in manager]
    roots.sort(key=lambda i: (layer_row.get(people[i].layer or "", 1), *_key(people[i])))

    def chart_at(limit: int) -> _Block:
        return _shelves([block(r, limit) for r in roots], limit, top=0.0)

    # Columns per row: of a few around the screen's shape (about 1.5 : 1), the one whose
    # chart, fitted to a screen, is drawn largest (the sellers' band below counted in).
    guess = math.sqrt(ASPECT * Y_STEP / X_STEP * max(len(people), 1))
    tried = sorted({max(MIN_COLUMNS, round(guess * f)) for f in (0.6, 0.8, 1.0, 1.25, 1.6, 2.0)})

    def fitted(b: _Block) -> float:
        return min(ASPECT / max(b.width, 1) / X_STEP, 1.0 / ((b.height + 1.6) * Y_STEP))

    chart = max((chart_at(n) for n in tried), key=fitted) if roots else _Block(1, 0.0, {})
    pos = {node: (x * X_STEP, y * Y_STEP) for node, (x, y) in chart.at.items()}
    width = max(chart.width - 1, 0) * X_STEP
    band_y = (chart.height + 0.6) * Y_STEP
    sellers = sorted(data.sellers, key=lambda s: (s.team_role is None, s.name, s.id))
    gap = width / max(len(sellers) - 1, 1) if len(sellers) > 1 else 0.0
    for i, s in enumerate(sellers):
        pos[sid(s.id)] = ((i * gap) if len(sellers) > 1 else width / 2, band_y)
    return pos


@dataclass
class _Block:
    """A laid-out part of the chart: its width in columns, height in rows, and each node's
    place in it (column, row); `first_width`: the columns of its first shelf."""

    width: int
    height: float
    at: dict[str, tuple[float, float]]
    first_width: int = 1


def _shelves(parts: list[_Block], limit: int, top: float) -> _Block:
    """Blocks side by side from row `top`, a new shelf below when the next would pass `limit`
    columns (a block wider than that gets a shelf of its own)."""
    at: dict[str, tuple[float, float]] = {}
    x, y, shelf, width, first = 0, top, 0.0, 0, 0
    for b in parts:
        if x and x + b.width > limit:
            y += shelf + SHELF_GAP
            x, shelf = 0, 0.0
        for node, (cx, cy) in b.at.items():
            at[node] = (x + cx, y + cy)
        x += b.width
        shelf = max(shelf, b.height)
        width = max(width, x)
        if y == top:
            first = x
    return _Block(width, y + shelf, at, first_width=max(first, 1))


def _key(p: MapPerson) -> tuple[str, str, str]:
    return (p.unit_name or "~", p.name, p.id)


# --- texts ---------------------------------------------------------------------------------
def _subtitle(data: PowerMapData) -> str:
    deal = (
        f"opportunity {data.opportunity_name or data.opportunity} ({data.opportunity})"
        if data.opportunity
        else "all open opportunities"
    )
    return f"Power map as of {data.as_of.isoformat()}, {deal}"


def _notes(data: PowerMapData, focus: set[str] | None, total: int) -> list[str]:
    notes = []
    if data.highlight_target is not None:
        # The person by name, as the team knows them (the id only when they have none).
        target = next(
            (p.name for p in data.people if p.id == data.highlight_target and p.name),
            data.highlight_target,
        )
        if data.path is None:
            notes.append(f"No warm path to {target} on this date.")
        else:
            notes.append(
                f"Highlighted: the strongest warm path to {target} "
                f"(score {data.path.score:g}, weakest step {data.path.weakest:g})."
            )
    if focus is not None:
        notes.append(
            f"Showing {len(focus & {p.id for p in data.people})} of {total} people: key persons, "
            "the decision-makers' influencers and the warm path."
        )
    return notes


def legend(planned: bool = False) -> list[LegendEntry]:
    entries = [LegendEntry("Stance (colour)", s, c, "●") for s, c in STANCE_COLORS.items()]
    entries.append(LegendEntry("Stance (colour)", "no buying role", NO_ROLE_COLOR, "●"))
    entries += [
        LegendEntry("Buying role (shape, badge)", f"{role} [{badge}]", "#57606a", symbol)
        for role, badge, _, symbol in ROLES
    ]
    entries.append(LegendEntry("Size", "influence on the decision-makers", "#57606a", "●"))
    entries += [
        LegendEntry("Lines", "reports to", REPORTING_COLOR, "line"),
        LegendEntry("Lines", "reports to (dotted line)", REPORTING_COLOR, "dashed"),
        LegendEntry("Lines", "influences (width = strength)", INFLUENCE_COLOR, "line"),
        LegendEntry("Lines", "conflict", CONFLICT_COLOR, "dashed"),
    ]
    entries += [
        LegendEntry("Our relationships (label: last touch)", band, color, "line")
        for band, color in BAND_COLORS.items()
    ]
    entries.append(
        LegendEntry("Our relationships (label: last touch)", "seller", SELLER_COLOR, "■")
    )
    entries += [
        *(
            LegendEntry(
                f"Gaps ({GAP_MARK} and a black ring)",
                f"{meaning} (ring {width} px)",
                GAP_COLOR,
                "ring",
            )
            for width, meaning in RING_MEANING.items()
        ),
        *(
            [
                LegendEntry(
                    f"Gaps ({GAP_MARK} and a black ring)",
                    "dashed: no open action addresses it",
                    GAP_COLOR,
                    "dashed",
                )
            ]
            if planned
            else []
        ),
        LegendEntry("Warm path", "highlighted path", HIGHLIGHT_COLOR, "line"),
    ]
    return entries
