"""The REST API (FastAPI); see the API issue. Imports point inward: api uses kamgraph."""
