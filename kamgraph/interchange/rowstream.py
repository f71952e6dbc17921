"""The interactions of a bundle, checked a slice at a time while they are read.

An account's interactions are most of a bundle (a million of its 1.2 million rows in the
benchmark's), so an import does not hold them: `Source` reads every other table whole and hands
the interactions over in slices of `SLICE`; `StreamedRows` checks each slice as `bundle.check`
checks a whole table (shape and values, duplicate ids, references to the bundle's other tables
or to the database) and reports its problems under the same names (`interactions[12].people`).
What it keeps between slices is one entry per id, for the duplicate check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kamgraph.interchange import jsonstream
from kamgraph.interchange.bundle import (
    Errors,
    ExistingIds,
    csv_files,
    csv_rows,
    list_adapter,
    load,
    named_ids,
    validate_rows,
)
from kamgraph.interchange.model import FORMAT, Row
from kamgraph.interchange.tables import SPECS

STREAMED = "interactions"
SLICE = 5000  # rows checked, compared and written at a time


@dataclass(frozen=True)
class Source:
    """A bundle to import: every table but the interactions as read, and those row by row
    (`streamed` gives a new pass over them each call; None when there is no such array)."""

    head: Mapping[str, Any]
    streamed: Callable[[], Iterator[Any]] | None = None
    # How many rows the streamed table has, when known without reading it (a bundle in memory).
    streamed_count: int | None = None

    @staticmethod
    def of(data: Mapping[str, Any]) -> Source:
        """A bundle already in memory (the API, the forms, the connectors)."""
        raw = data.get(STREAMED)
        if not isinstance(raw, list):
            return Source(data)  # absent, or not an array: validation names it
        head = {k: v for k, v in data.items() if k != STREAMED}
        return Source(head, lambda: iter(raw), len(raw))

    @staticmethod
    def read(path: Path) -> Source:
        """A JSON bundle or a CSV folder; unreadable input raises KamgraphError (a file that
        fails part way through, while its interactions are read, raises then: the import's
        unit is dropped, nothing is written)."""
        if path.is_dir():
            files = csv_files(path)
            head: dict[str, Any] = {"format": FORMAT}
            head |= {t: list(csv_rows(p)) for t, p in files.items() if t != STREAMED}
            if STREAMED not in files:
                return Source(head)
            return Source(head, lambda: csv_rows(files[STREAMED]))
        if path.exists() and not path.is_file():
            # A pipe (`kamgraph import /dev/stdin`, a FIFO) cannot be read twice: read it once,
            # whole, as a bundle in memory.
            return Source.of(load(path))
        data, there = jsonstream.read_except(path, STREAMED)
        if not there:
            return Source(data)
        return Source(data, lambda: jsonstream.rows(path, STREAMED))

    def slices(self) -> Iterator[list[Any]]:
        if self.streamed is None:
            return
        rows = self.streamed()
        while chunk := list(islice(rows, SLICE)):
            yield chunk


class StreamedRows:
    """Checks the streamed table slice by slice against the bundle's other tables."""

    def __init__(
        self, head: Mapping[str, Any], errors: Errors, existing: ExistingIds | None
    ) -> None:
        self.spec = SPECS[STREAMED]
        # The table has no rule across the fields of a row (`bundle._check_rules`): its own
        # checks are the model, the key and the references.
        self._known = named_ids(head)
        self._errors = errors
        self._existing = existing
        self._stored: dict[str, set[str]] = {}  # looked up in the database: found
        self._absent: dict[str, set[str]] = {}  # and not found
        self._first: dict[str, int] = {}  # id → position of its first row
        self._position = 0

    def check(self, raw: list[Any]) -> list[Row]:
        """The valid rows of this slice (rows with a problem are reported and left out)."""
        start, self._position = self._position, self._position + len(raw)
        try:
            numbered = list(enumerate(list_adapter(STREAMED).validate_python(raw), start))
        except ValidationError:
            numbered = validate_rows(STREAMED, raw, self._errors, start)
        valid = [(i, row) for i, row in numbered if self._unique(i, row)]
        bad = self._dangling(valid)
        return [row for i, row in valid if i not in bad]

    def _unique(self, position: int, row: Row) -> bool:
        key = row.__dict__["id"]
        first = self._first.setdefault(key, position)
        if first != position:
            self._errors.add(
                f"{STREAMED}[{position}].id",
                f"duplicate key (id={key}) already in {STREAMED}[{first}]",
            )
            return False
        return True

    def _dangling(self, rows: list[tuple[int, Row]]) -> set[int]:
        """Report references neither in the bundle nor in the database; their positions."""
        missing: list[tuple[int, str, str, str]] = []
        for ref in self.spec.refs:
            present = self._known.get(ref.table, set())
            for i, row in rows:
                for value in ref.values(row):
                    if value not in present:
                        missing.append((i, ref.field, ref.table, value))
        if not missing:
            return set()
        self._look_up(missing)
        bad: set[int] = set()
        for i, name, target, value in missing:
            if value in self._absent[target]:
                noun = "person" if target == "people" else target[:-1]
                self._errors.add(
                    f"{STREAMED}[{i}].{name}",
                    f"unknown {noun} {value!r} (not in this bundle nor in the database)",
                )
                bad.add(i)
        return bad

    def _look_up(self, missing: Iterable[tuple[int, str, str, str]]) -> None:
        wanted: dict[str, set[str]] = {}
        for _, _, target, value in missing:
            found = self._stored.setdefault(target, set())
            absent = self._absent.setdefault(target, set())
            if value not in found and value not in absent:
                wanted.setdefault(target, set()).add(value)
        for target, ids in wanted.items():
            hits = self._existing(target, ids) if self._existing is not None else set()
            self._stored[target] |= hits
            self._absent[target] |= ids - hits
