"""kamgraph's own exceptions: engine errors are translated into these, never leaked raw."""

from __future__ import annotations


class KamgraphError(Exception):
    """Base of every error kamgraph raises on purpose; the message is meant for the user."""


class DatabaseUnavailable(KamgraphError):
    """The database cannot be reached or did not start."""


class ConflictError(KamgraphError):
    """A write would break a uniqueness rule (duplicate id)."""


class QueryError(KamgraphError):
    """The engine rejected a query (a bug in a query file or an unsupported construct)."""


class NotFound(KamgraphError):
    """An id named by the user does not exist."""


class InvalidInput(KamgraphError):
    """A value the database cannot take as it is (e.g. a NUL character in a text)."""


class InvalidBundle(KamgraphError):
    """A bundle failed validation; `errors` lists every problem as `table[row].field: message`."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} invalid value(s) in the bundle; nothing was written")
