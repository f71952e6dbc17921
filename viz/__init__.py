"""Power maps and HTML pages (pyvis, vis-network inlined). viz uses kamgraph, never the reverse."""

from viz.model import MapModel, build_map
from viz.render import render_map

__all__ = ["MapModel", "build_map", "render_map"]
