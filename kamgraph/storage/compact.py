"""FalkorDB's compact result format → plain Python rows, without the client's generic parse.

Why not `falkordb.QueryResult`: it builds every cell through a dispatch table and our `plain`
then walks the value again; for the analyses' large reads (27 000 strength rows of a 10 000-person
account) that was about 4 µs a cell, more than the engine took to find them. Here the scalars our
queries return (null, string, integer, boolean, double, and lists and maps of them) are read in
place; anything else (a node, an edge, a path, a date, ...) goes through the client's own parser,
so every type still comes back as before.
"""

from __future__ import annotations

from typing import Any

from falkordb.query_result import QueryResult, parse_scalar
from redis.exceptions import ResponseError

from kamgraph.storage.base import plain

# The compact format's type tags (falkordb.query_result.ResultSetScalarTypes).
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10


def _text(raw: Any) -> str:
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def value(cell: list[Any], graph: Any) -> Any:
    """One compact cell, `[type, value]`, as `plain(parse_scalar(cell))` would give it."""
    kind, raw = cell
    if kind == _STRING:
        return _text(raw)
    if kind == _INTEGER:
        return int(raw)
    if kind == _DOUBLE:
        return float(raw)
    if kind == _NULL:
        return None
    if kind == _BOOLEAN:
        return (raw.decode() if isinstance(raw, bytes) else raw) == "true"
    if kind == _ARRAY:
        return [value(c, graph) for c in raw]
    if kind == _MAP:
        return {_text(raw[i]): value(raw[i + 1], graph) for i in range(0, len(raw), 2)}
    return plain(parse_scalar(cell, graph))


def columns(response: list[Any]) -> list[str]:
    """The column names of a compact response (none for a write without RETURN)."""
    if len(response) == 1:
        return []
    return [str(c[1]) if isinstance(c, list | tuple) else str(c) for c in response[0]]


def records(response: list[Any], graph: Any) -> list[dict[str, Any]]:
    """A compact response's rows as dicts by column name; the engine's errors raised as the
    client raises them (a schema version mismatch included)."""
    check(response, graph)
    names = columns(response)
    if not names:
        return []
    out = []
    for row in response[1]:
        # Scalars first, in line: a function call per cell is what this module saves.
        cells: list[Any] = []
        for cell in row:
            kind = cell[0]
            raw = cell[1]
            if (kind == _STRING and type(raw) is str) or (kind == _INTEGER and type(raw) is int):
                cells.append(raw)
            elif kind == _DOUBLE:
                cells.append(float(raw))
            elif kind == _NULL:
                cells.append(None)
            else:
                cells.append(value(cell, graph))
        out.append(dict(zip(names, cells, strict=True)))
    return out


def check(response: list[Any], graph: Any) -> None:
    """Raise the error a response carries, as `QueryResult` would."""
    if isinstance(response[0], ResponseError):
        QueryResult(graph, response)  # raises it (a version mismatch refreshes the schema)
    if isinstance(response[-1], ResponseError):
        raise response[-1]
