"""A JSON bundle read table by table and row by row, never whole.

A bundle is one JSON object whose tables are arrays. This reader walks that object with the
standard library's own decoder (`json.JSONDecoder.raw_decode`, in C) on a sliding window of the
file's text, one array element at a time, so that a 277 MB bundle is never one string nor one
Python structure in memory. The window grows only when a single value is larger than it.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kamgraph.errors import KamgraphError

WINDOW = 1 << 20  # characters read at a time
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Text:
    """The file's text as a window that slides forward, with line counting for messages."""

    def __init__(self, handle: IO[bytes], path: Path) -> None:
        self._handle = handle
        self._path = path
        self._decode = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0  # in buf
        self._eof = False
        self._line = 1  # line number of buf[0]
        self._col0 = 0  # characters before buf[0] on its line

    def _more(self) -> bool:
        """Read the next part of the file into the window; False at the end of the file."""
        if self._eof:
            return False
        try:
            chunk = self._handle.read(WINDOW)
            text = self._decode.decode(chunk, final=not chunk)
        except UnicodeDecodeError as e:
            raise KamgraphError(f"{self._path}: cannot be read ({e})") from None
        if not chunk:
            self._eof = True
        # Drop what was consumed, counting its lines for later messages.
        done = self.buf[: self.pos]
        lines = done.count("\n")
        if lines:
            self._line += lines
            self._col0 = len(done) - done.rfind("\n") - 1
        else:
            self._col0 += len(done)
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return bool(chunk) or bool(text)

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, chars: str) -> str:
        found = self.peek()
        if not found or found not in chars:
            shown = repr(found) if found else "the end of the file"
            wanted = " or ".join(repr(c) for c in chars)
            self.fail(f"expected {wanted}, found {shown}")
        self.pos += 1
        return found

    def value(self) -> Any:
        """The next JSON value, decoded whole (refilling the window while it is cut short)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as e:
                # A value cut by the window's end looks invalid there: read more and retry.
                if self._eof or not self._more():
                    self.fail(e.msg, at=e.pos)
                continue
            # A number at the window's end may go on in the next part ("12" of "1234").
            if end == len(self.buf) and not self._eof and self._more():
                continue
            self.pos = end
            return value

    def fail(self, message: str, at: int | None = None) -> None:
        where = self.pos if at is None else at
        before = self.buf[:where]
        lines = before.count("\n")
        line = self._line + lines
        col = (where - before.rfind("\n")) if lines else (self._col0 + where + 1)
        raise KamgraphError(f"{self._path}: not valid JSON (line {line}, column {col}: {message})")


def _keys(text: _Text) -> Iterator[str]:
    """The keys of the top-level object, leaving the window at each key's value."""
    text.expect("{")
    if text.peek() == "}":
        text.pos += 1
        return
    while True:
        if text.peek() != '"':
            text.fail("expected a table name in double quotes")
        key = text.value()
        text.expect(":")
        yield key
        if text.expect(",}") == "}":
            break
    if text.peek():
        text.fail("extra data after the bundle's object")


def _items(text: _Text) -> Iterator[Any]:
    """The elements of the array at the window, one at a time."""
    text.expect("[")
    if text.peek() == "]":
        text.pos += 1
        return
    while True:
        yield text.value()
        if text.expect(",]") == "]":
            return


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise KamgraphError(f"{path}: no such file or folder") from None
    except OSError as e:
        raise KamgraphError(f"{path}: cannot be read ({e})") from None


def read_except(path: Path, streamed: str) -> tuple[dict[str, Any], bool]:
    """The bundle's top-level values except table `streamed` when it is an array (read past
    row by row, nothing kept); and whether that array is there. A `streamed` value that is not
    an array is returned with the rest, for validation to name."""
    data: dict[str, Any] = {}
    there = False
    with _open(path) as handle:
        text = _Text(handle, path)
        if text.peek() != "{":
            found = text.peek()
            kind = "nothing" if not found else "an array" if found == "[" else "not an object"
            text.fail(f"a bundle is a JSON object, got {kind}")
        for key in _keys(text):
            if key in data or (key == streamed and there):
                text.fail(f"table {key!r} appears twice")
            if key == streamed and text.peek() == "[":
                there = True
                for _ in _items(text):
                    pass  # checked as JSON here, read again by `rows`
                continue
            data[key] = text.value()
    return data, there


def rows(path: Path, table: str) -> Iterator[Any]:
    """The elements of the top-level array `table`, one at a time (the file was checked as
    JSON by `read_except` first)."""
    with _open(path) as handle:
        text = _Text(handle, path)
        for key in _keys(text):
            if key == table and text.peek() == "[":
                yield from _items(text)
                return
            text.value()
