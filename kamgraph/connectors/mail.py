"""Mailboxes (mbox files, folders of .eml) → `email` interactions, from headers only.

Our own reader streams the file line by line: it splits an mbox at its `From ` lines, keeps the
header block of each message (with line numbers, for messages naming the file and line) and skips
the body without keeping it: bodies never reach the graph, nor memory beyond one line. Headers
read: From, To, Cc, Date, Message-ID, and In-Reply-To/References to find threads. Addresses are
parsed by `email.utils.getaddresses` and display names by `email.header.decode_header` (the
compat32 functions, which do not raise on real-world headers); raw 8-bit header bytes are UTF-8
if they decode as such, else Windows-1252.

A message is an interaction only when one of our sellers and one customer person of the graph
are among From, To and Cc (../shared/CONNECTORS.md): mail among customer people alone (a
customer writing to a colleague or to a list, with a copy in our mailbox) is no relationship of
ours. One-way mail counts for less: a thread (messages linked by Message-ID, In-Reply-To and
References) whose messages all come from one side (only ours, or only the customer's) becomes at
most one interaction, its first message that is one; a thread with messages from both sides
gives one interaction per message.
"""

from __future__ import annotations

import datetime as dt
import email.header
import email.utils
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kamgraph.connectors.common import (
    ConnectorError,
    ConnectorRun,
    Directory,
    LeftOut,
    Parties,
    Progress,
    StakeholderTally,
    empty_bundle,
    stable_id,
    valid_address,
)
from kamgraph.connectors.config import ConnectSettings

WANTED = frozenset({"from", "to", "cc", "date", "message-id", "in-reply-to", "references"})
_HEADER = re.compile(rb"^[!-9;-~]+:")
_MSGID = re.compile(r"<([^<>\s]+)>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(slots=True)
class RawMessage:
    path: Path
    line: int
    headers: list[tuple[str, bytes, int]]  # (lower-case name, unfolded value, line)


def header_fields(lines: list[tuple[int, bytes]]) -> list[tuple[str, bytes, int]]:
    fields: list[tuple[str, bytes, int]] = []
    for number, raw in lines:
        line = raw.rstrip(b"\r\n")
        if line[:1] in (b" ", b"\t"):
            if fields:
                head, value, start = fields[-1]
                fields[-1] = (head, value + b" " + line.strip(), start)
            continue
        if not _HEADER.match(line):
            continue  # a broken header line is no relevant field
        field_name, _, field_value = line.partition(b":")
        fields.append((field_name.decode("ascii").strip().lower(), field_value.strip(), number))
    return [f for f in fields if f[0] in WANTED]


def _open(path: Path) -> Iterator[bytes]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise ConnectorError(f"{path}: no such file") from None
    except OSError as e:
        raise ConnectorError(f"{path}: cannot be read ({e})") from None
    with handle:
        yield from handle


def mbox_messages(path: Path) -> Iterator[RawMessage]:
    """The messages of an mbox file, headers only; a file that is not mbox raises."""
    start = 0
    lines: list[tuple[int, bytes]] = []
    in_headers = False
    for number, raw in enumerate(_open(path), 1):
        if raw.startswith(b"From "):
            if start:
                yield RawMessage(path, start, header_fields(lines))
            start, lines, in_headers = number, [], True
            continue
        if not start:
            if raw.strip():
                raise ConnectorError(
                    f"{path}, line {number}: not an mbox file (a mailbox starts with a "
                    f"'From ' line, this one with {raw[:30].decode('ascii', 'replace')!r})"
                )
            continue
        if in_headers:
            if not raw.strip():
                in_headers = False
            else:
                lines.append((number, raw))
    if start:
        yield RawMessage(path, start, header_fields(lines))


def eml_message(path: Path) -> RawMessage:
    lines: list[tuple[int, bytes]] = []
    for number, raw in enumerate(_open(path), 1):
        if number == 1 and raw.startswith(b"From "):
            continue  # an mbox separator saved with the message
        if not raw.strip():
            break
        if not lines and not _HEADER.match(raw):
            raise ConnectorError(f"{path}, line {number}: not an e-mail message (no header)")
        lines.append((number, raw))
    if not lines:
        raise ConnectorError(f"{path}, line 1: not an e-mail message (empty)")
    return RawMessage(path, 1, header_fields(lines))


# --- decoding ------------------------------------------------------------------------------------
def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("iso-8859-1")


def decode_words(text: str) -> str:
    """RFC 2047 encoded words in any charset; unknown charsets fall back to Windows-1252."""
    if "=?" not in text:
        return _CONTROL.sub(" ", text).strip()
    try:
        parts = email.header.decode_header(text)
    except Exception:  # a malformed encoded word: keep the text as it is
        return _CONTROL.sub(" ", text).strip()
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        try:
            out.append(chunk.decode(charset or "ascii"))
        except (LookupError, UnicodeDecodeError):
            out.append(chunk.decode("cp1252", errors="replace"))
    return _CONTROL.sub(" ", " ".join(p.strip() for p in out)).strip()


class BadRecord(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def addresses(value: bytes, line: int) -> list[tuple[str, str]]:
    """(address, display name) pairs; an address with bytes that do not decode is a bad record,
    group syntax and words that are no address are skipped."""
    pairs: list[tuple[str, str]] = []
    for name, address in email.utils.getaddresses([_text(value)]):
        address = address.strip()
        if not address or "@" not in address:
            continue
        if not address.isascii():
            raise BadRecord(line, f"address {address!r} holds 8-bit bytes: no e-mail address")
        address = address.lower()
        if valid_address(address):
            pairs.append((address, decode_words(name)))
    return pairs


@dataclass(slots=True)
class Message:
    """What a message leaves in memory until the threads are known (no body, no subject)."""

    key: str
    id: str
    day: dt.date
    ours: bool  # sent by our side
    sellers: tuple[str, ...]
    people: tuple[str, ...]
    refs: tuple[str, ...]
    skip: str | None  # why it is no interaction (None: it is one)

    def row(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.day.isoformat(),
            "kind": "email",
            "sellers": list(self.sellers),
            "people": list(self.people),
        }

    def item(self) -> dict[str, object]:
        """What a live sync keeps of the message (ids only: no address, no subject)."""
        return {
            "day": self.day.isoformat(),
            "ours": self.ours,
            "sellers": list(self.sellers),
            "people": list(self.people),
            "refs": list(self.refs),
            "skip": self.skip,
        }

    @classmethod
    def from_item(cls, key: str, item: dict[str, object]) -> Message:
        return cls(
            key=key,
            id=stable_id("mail", key),
            day=dt.date.fromisoformat(str(item["day"])),
            ours=bool(item["ours"]),
            sellers=tuple(str(s) for s in item["sellers"]),  # type: ignore[attr-defined]
            people=tuple(str(p) for p in item["people"]),  # type: ignore[attr-defined]
            refs=tuple(str(r) for r in item["refs"]),  # type: ignore[attr-defined]
            skip=None if item["skip"] is None else str(item["skip"]),
        )


class _Threads:
    """Union-find over Message-IDs: a thread is every message linked by replies/references."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class Collector:
    def __init__(self, directory: Directory, run: ConnectorRun) -> None:
        self.directory = directory
        self.run = run
        self.tally = StakeholderTally(directory)
        self.messages: list[Message] = []
        self.keys: set[str] = set()
        self.internal_unknown: set[str] = set()
        # A live sync's messages of earlier runs: read again (a reset mailbox, another
        # folder), they are no news and no duplicate either.
        self.known: set[str] = set()
        self.fresh: list[Message] = []

    def add(self, raw: RawMessage) -> None:
        self.run.read += 1
        try:
            message = self._parse(raw)
        except BadRecord as e:
            self.run.left_out.append(LeftOut(f"{raw.path}:{e.line}", _mid(raw), e.reason))
            return
        if message is not None:
            self.messages.append(message)
            self.fresh.append(message)

    def _parse(self, raw: RawMessage) -> Message | None:
        fields: dict[str, list[tuple[bytes, int]]] = {}
        for name, value, line in raw.headers:
            fields.setdefault(name, []).append((value, line))
        date_value = fields.get("date", [(b"", raw.line)])[0]
        if not date_value[0].strip():
            raise BadRecord(raw.line, "no Date header: a message without a date is no interaction")
        try:
            when = email.utils.parsedate_to_datetime(_text(date_value[0]))
        except (TypeError, ValueError, IndexError, OverflowError):
            raise BadRecord(
                date_value[1], f"Date {_text(date_value[0])!r} cannot be read"
            ) from None
        senders = [p for v, line in fields.get("from", []) for p in addresses(v, line)]
        recipients = [
            p for h in ("to", "cc") for v, line in fields.get(h, []) for p in addresses(v, line)
        ]
        mid = _mid(raw)
        if mid:
            key = mid
        else:
            # No Message-ID: the same headers make the same id on every run.
            parts = [_text(v) for h in ("date", "from", "to", "cc") for v, _ in fields.get(h, [])]
            key = "derived:" + stable_id("x", *(" ".join(p.split()) for p in parts))
        if key in self.known:
            return None
        if key in self.keys:
            self.run.skipped["the same message again (same Message-ID)"] += 1
            return None
        self.keys.add(key)
        refs = tuple(
            m
            for h in ("in-reply-to", "references")
            for v, _ in fields.get(h, [])
            for m in _MSGID.findall(_text(v))
        )
        d = self.directory
        parties = Parties()
        for address, _ in (*senders, *recipients):
            parties.add(d, address)
        self.internal_unknown |= parties.internal_unknown
        day = when.date()
        iid = stable_id("mail", key)
        if parties.ours:
            self.tally.observe((*senders, *recipients), parties.people.values(), day, (iid, ""))
        return Message(
            key=key,
            id=iid,
            day=day,
            ours=any(a in d.sellers or d.is_internal(a) for a, _ in senders),
            sellers=tuple(sorted(parties.sellers)),
            people=tuple(sorted(parties.people)),
            refs=refs,
            skip=parties.why_not("message"),
        )

    def finish(self) -> None:
        reasons = decide(self.messages)
        rows = []
        for m in self.messages:
            reason = reasons[m.key]
            if reason is not None:
                self.run.skipped[reason] += 1
            else:
                rows.append(m.row())
        self.run.bundle["interactions"] = rows
        self.run.stakeholders = self.tally.ranked({str(r["id"]) for r in rows})
        self.run.name_parties(self.directory)
        note_internal_unknown(self.run, self.internal_unknown)


ONE_WAY_LATER = "one-way thread: later message (the thread counts once)"


def decide(messages: Iterable[Message]) -> dict[str, str | None]:
    """For each message's key: None when it is an interaction, else why it is not. A thread
    with messages from both sides gives one interaction per message; a one-way thread at most
    one, its first message that is one (by day, then id)."""
    messages = list(messages)
    threads = _Threads()
    for m in messages:
        for ref in m.refs:
            threads.union(m.key, ref)
    sides: dict[str, set[bool]] = {}
    first: dict[str, Message] = {}
    for m in messages:
        root = threads.find(m.key)
        sides.setdefault(root, set()).add(m.ours)
        if m.skip is None:
            best = first.get(root)
            if best is None or (m.day, m.id) < (best.day, best.id):
                first[root] = m
    reasons: dict[str, str | None] = {}
    for m in messages:
        root = threads.find(m.key)
        if m.skip is not None:
            reasons[m.key] = m.skip
        elif len(sides[root]) == 1 and first[root] is not m:
            reasons[m.key] = ONE_WAY_LATER
        else:
            reasons[m.key] = None
    return reasons


def note_internal_unknown(run: ConnectorRun, addresses: set[str]) -> None:
    """One line for the addresses at our own domains that are no seller of the graph."""
    if addresses:
        shown = sorted(addresses)
        more = f" and {len(shown) - 10} more" if len(shown) > 10 else ""
        run.unmapped.append(
            f"{len(shown)} internal address(es) are no seller of the graph: "
            f"{', '.join(shown[:10])}{more}"
        )


def _mid(raw: RawMessage) -> str:
    for name, value, _ in raw.headers:
        if name == "message-id":
            found = _MSGID.findall(_text(value))
            return found[0] if found else _text(value).strip()
    return ""


def _collect(
    source: Iterable[RawMessage],
    files: list[Path],
    directory: Directory,
    progress: Progress | None,
) -> ConnectorRun:
    run = ConnectorRun("mail", [str(p) for p in files], empty_bundle())
    collector = Collector(directory, run)
    for raw in source:
        collector.add(raw)
        if progress is not None and run.read % 500 == 0:
            progress(run.read)
    collector.finish()
    if progress is not None:
        progress(run.read)
    return run


def convert_mbox(
    files: list[Path],
    directory: Directory,
    cfg: ConnectSettings,
    progress: Progress | None = None,
) -> ConnectorRun:
    """Import the Inbox and the Sent folder in one run: threads need both sides."""
    if not files:
        raise ConnectorError("no mbox file given")
    for path in files:
        if path.is_dir():
            raise ConnectorError(f"{path}: a folder; use `kamgraph connect eml` for .eml files")
    source = (m for path in files for m in mbox_messages(path))
    return _collect(source, files, directory, progress)


def convert_eml(
    folder: Path,
    directory: Directory,
    cfg: ConnectSettings,
    progress: Progress | None = None,
) -> ConnectorRun:
    if not folder.is_dir():
        raise ConnectorError(f"{folder}: not a folder of .eml files")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".eml")
    if not files:
        raise ConnectorError(f"{folder}: no .eml files")
    return _collect((eml_message(p) for p in files), files, directory, progress)
