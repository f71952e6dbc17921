"""Data generators: the bundled sample account and synthetic portfolios."""
