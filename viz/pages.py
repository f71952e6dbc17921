"""The HTML pages: a power map of an account, and the meeting brief with the person's
neighbourhood map. Results in (`kamgraph.analysis.views`), HTML out: nothing here reads data."""

from __future__ import annotations

from kamgraph.analysis.results import BriefResult, PowerMapData
from kamgraph.analysis.views import BriefView
from viz.model import build_map
from viz.render import map_section, render_map, render_page


def map_page(data: PowerMapData, *, focus_above: int = 60, show_all: bool = False) -> str:
    return render_map(build_map(data, focus_above=focus_above, show_all=show_all))


def neighbourhood(data: PowerMapData, b: BriefResult) -> PowerMapData:
    """The part of an account's map around one person: their managers and reports, who
    influences them and whom they influence, our sellers who know them, and the people on
    their warm paths."""
    me = b.person.id
    keep = {me}
    keep |= {n for row in b.influencers for p in row.paths for n in p.nodes}
    keep |= {link.person for link in b.influences}
    keep |= {n for w in b.paths for n in w.nodes[1:]}
    keep |= {
        other
        for link in data.links
        if me in (link.source, link.target)
        for other in (link.source, link.target)
    }
    relationships = [r for r in data.relationships if r.person in keep]
    sellers = {r.seller for r in relationships} | {w.nodes[0] for w in b.paths}
    return data.model_copy(
        update={
            "people": [p for p in data.people if p.id in keep],
            "links": [x for x in data.links if x.source in keep and x.target in keep],
            "relationships": relationships,
            "sellers": [s for s in data.sellers if s.id in sellers],
            "gaps": [g for g in data.gaps if g.subject in keep],
        }
    )


def brief_page(view: BriefView) -> str:
    b, data = view.brief, view.map
    model = build_map(neighbourhood(data, b), show_all=True)
    html = render_page(
        "brief.html",
        title=f"Meeting brief: {b.person.name or b.person.id}",
        brief=b,
        names=view.names,
        map_title=f"Neighbourhood of {b.person.name or b.person.id}",
        map=map_section(model, "kg-brief-map"),
    )
    return html
