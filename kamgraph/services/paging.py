"""Paging bounds shared by every listing (rows, audit log, actions).

The engine counts SKIP in 32 bits (an offset of 2**32 returned the first page), and nobody pages
a million rows deep in a browser: deeper offsets are refused with a message, not wrapped.
"""

from __future__ import annotations

from kamgraph.errors import InvalidInput

MAX_OFFSET = 1_000_000


def checked_offset(offset: int) -> int:
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidInput(f"offset must be between 0 and {MAX_OFFSET}, not {offset}")
    return offset
