"""Power-map rendering (pyvis); see the maps issue. viz uses kamgraph, never the reverse."""
