"""The kamgraph/v1 interchange format: the model, its tables, bundles, import and export."""
