"""The analyses of DOMAIN.md: Cypher finds, these modules compose and shape."""
