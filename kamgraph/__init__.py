"""kamgraph: relationship intelligence for key-account selling."""

__version__ = "0.1.0"
