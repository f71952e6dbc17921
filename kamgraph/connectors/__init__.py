"""Connectors: build kamgraph/v1 bundles from what teams already have (CRM exports, calendars,
mailboxes). Each connector returns a `ConnectorRun` whose bundle goes through the same validation
and `import_data` as `kamgraph import` (all or nothing)."""
