"""Calendar files (RFC 5545) → `interactions`.

Files are streamed twice: a light pass of our own over the content lines (unfolding, BEGIN/END
balance, so that a broken file is reported with its line before anything is built) counts the
components of each UID; the second pass hands each UID's components to `icalendar` as soon as
the last of them has been read, merges them (highest SEQUENCE wins, cancellations per
RECURRENCE-ID), expands recurrences with `recurring-ical-events` inside the window and frees
them. Only the components of UIDs still open are in memory at a time.

An occurrence is an interaction when a seller and a customer person took part (common.Parties);
its kind comes from kinds.KindRules, with whether it was held online noted while reading
(LOCATION, DESCRIPTION and conferencing properties are searched, never kept).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

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
from kamgraph.connectors.kinds import KindRules

_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")
_OFFSET_NAME = re.compile(r"^\((?:UTC|GMT)(?:([+-])(\d{1,2}):?(\d{2}))?\)\s*(.*)$")
# The event properties read; the rest of an event is dropped while reading.
KEEP = frozenset(
    {
        "UID",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "CATEGORIES",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "EXRULE",
        "RECURRENCE-ID",
        "ORGANIZER",
        "ATTENDEE",
    }
)
TIME_PROPS = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")
NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})
# Where a conferencing link or a dial-in number sits (Exchange, Google, RFC 7986). They are
# searched while reading and dropped: only the verdict travels on, as ONLINE.
ONLINE_PROPS = frozenset(
    {
        "LOCATION",
        "DESCRIPTION",
        "CONFERENCE",
        "X-GOOGLE-CONFERENCE",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL",
        "X-MICROSOFT-ONLINEMEETINGCONFLINK",
        "X-MICROSOFT-ONLINEMEETINGINFORMATION",
        "X-MICROSOFT-LOCATIONDISPLAYNAME",
    }
)
ONLINE = "X-KAMGRAPH-ONLINE"  # our own property: TRUE/FALSE, absent = nothing said (inherit)


# --- the light pass: content lines and components, with line numbers ---------------------------
def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def content_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Unfolded content lines (a line starting with a space or a TAB continues the one before,
    even inside an e-mail address) with the number of the physical line each starts on."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise ConnectorError(f"{path}: no such file") from None
    except OSError as e:
        raise ConnectorError(f"{path}: cannot be read ({e})") from None
    with handle:
        current: bytes | None = None
        start = 0
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip(b"\r\n")
            if line[:1] in (b" ", b"\t"):
                if current is None:
                    raise ConnectorError(
                        f"{path}, line {number}: a folded line with no line before"
                    )
                current += line[1:]
                continue
            if current is not None:
                yield start, _decode(current)
            current, start = line, number
        if current is not None:
            yield start, _decode(current)


@dataclass
class Block:
    """One VEVENT (or VTIMEZONE) as content lines, where it is, and the calendar's METHOD."""

    kind: str
    lines: list[str]
    path: Path
    line: int
    method: str = ""
    bad_line: int | None = None
    online: bool | None = None  # None: no location, description or conferencing property

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def value(self, name: str) -> str | None:
        for line in self.lines[1:]:
            head, sep, rest = line.partition(":")
            if sep and head.split(";", 1)[0].upper() == name:
                return rest.strip()
        return None


def _property(
    current: Block, depth: int, number: int, line: str, upper: str, kinds: KindRules | None
) -> None:
    """One content line inside an event or time zone: kept, skipped, or noted as malformed."""
    if not _CONTENT_LINE.match(line):
        if current.bad_line is None:
            current.bad_line = number
    elif current.kind == "VTIMEZONE":
        current.lines.append(line)
    elif depth == 2:
        name = _name(upper)
        if name in KEEP:
            current.lines.append(_quote_tzid(line) if "TZID=" in upper else line)
        elif kinds is not None and name in ONLINE_PROPS and not current.online:
            value = _value(line).replace("\\,", ",").replace("\\n", "\n").replace("\\N", "\n")
            current.online = kinds.is_online(value)


def _value(line: str) -> str:
    """The value of a content line: after the first colon outside a quoted parameter."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return line[i + 1 :]
    return ""


def blocks(path: Path, kinds: KindRules | None = None) -> Iterator[Block]:
    """The VEVENT and VTIMEZONE components of a file; a file that cannot be read as a whole
    (not a calendar, unbalanced BEGIN/END: truncated) raises ConnectorError with the line.
    An event keeps only the properties that are read (`KEEP`): DESCRIPTION, alarms and X-
    properties never go further."""
    stack: list[tuple[str, int]] = []
    method = ""
    current: Block | None = None
    last = 0
    for number, line in content_lines(path):
        last = number
        if not line.strip():
            continue
        upper = line.upper()
        if not stack and upper != "BEGIN:VCALENDAR":
            raise ConnectorError(
                f"{path}, line {number}: not a calendar "
                f"(expected BEGIN:VCALENDAR, got {line[:40]!r})"
            )
        if upper.startswith("BEGIN:"):
            name = upper[6:].strip()
            stack.append((name, number))
            if len(stack) == 1:
                method = ""
            elif len(stack) == 2 and name in ("VEVENT", "VTIMEZONE"):
                current = Block(name, [line], path, number, method)
            elif current is not None and current.kind == "VTIMEZONE":
                current.lines.append(line)
        elif upper.startswith("END:"):
            name = upper[4:].strip()
            if not stack or stack[-1][0] != name:
                opened = f"BEGIN:{stack[-1][0]} (line {stack[-1][1]})" if stack else "nothing"
                raise ConnectorError(f"{path}, line {number}: END:{name} closes {opened}")
            stack.pop()
            if current is not None and (len(stack) == 1 or current.kind == "VTIMEZONE"):
                current.lines.append(line)
            if current is not None and len(stack) == 1:
                yield current
                current = None
        elif len(stack) == 1 and upper.startswith("METHOD:"):
            method = upper[7:].strip()
        elif current is not None:
            _property(current, len(stack), number, line, upper, kinds)
    if stack:
        unclosed, opened_at = stack[-1]
        raise ConnectorError(
            f"{path}, line {opened_at}: BEGIN:{unclosed} is never closed "
            f"(the file ends at line {last}: truncated?)"
        )


_TIME_VALUE = re.compile(r":(\d{8}(?:T\d{6}Z?)?(?:,\d{8}(?:T\d{6}Z?)?)*)$")


def _quote_tzid(line: str) -> str:
    """`DTSTART;TZID=(UTC+01:00) Amsterdam\\, Berlin:2026...` → `TZID="(UTC+01:00) Amsterdam,
    Berlin"`: Outlook writes display names unquoted, and their colon would end the parameters."""
    value = _TIME_VALUE.search(line)
    at = line.upper().find(";TZID=")
    if value is None or at < 0 or line[at + 6 : at + 7] == '"':
        return line
    end = line.find(";", at + 6, value.start())
    end = value.start() if end < 0 else end
    tzid = line[at + 6 : end].replace("\\,", ",").replace('"', "")
    return f'{line[: at + 6]}"{tzid}"{line[end:]}'


def _name(upper: str) -> str:
    end = len(upper)
    for sep in (";", ":"):
        at = upper.find(sep)
        if 0 <= at < end:
            end = at
    return upper[:end]


def _expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".ics", ".ical"))
        else:
            files.append(path)
    return files


# --- time zones ----------------------------------------------------------------------------------
@cache
def _city_zones() -> dict[str, str]:
    zones: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        zones.setdefault(city, name)
    return zones


@cache
def resolve_tzid(tzid: str) -> tuple[dt.tzinfo | None, str]:
    """A TZID icalendar could not resolve → a zone, and how it was found ('' = exactly)."""
    name = tzid.strip().strip('"')
    if name in WINDOWS_TO_OLSON:
        return zoneinfo.ZoneInfo(WINDOWS_TO_OLSON[name]), ""
    try:
        return zoneinfo.ZoneInfo(name), ""
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    match = _OFFSET_NAME.match(name.replace("\\,", ","))
    if match:
        sign, hours, minutes, cities = match.groups()
        for city in (c.strip().lower() for c in cities.split(",")):
            if city in _city_zones():
                return zoneinfo.ZoneInfo(_city_zones()[city]), ""
        if sign is None:
            return dt.UTC, ""
        offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
        return dt.timezone(offset if sign == "+" else -offset), "by its UTC offset only (no DST)"
    return None, "unknown: times taken as written"


def _fix_times(component: Any, notes: set[str]) -> None:
    """Attach a zone to date-times whose TZID icalendar did not know (Windows display names)."""
    for prop in TIME_PROPS:
        values = component.get(prop)
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            items = getattr(value, "dts", None) or [value]
            tzid = value.params.get("TZID") if hasattr(value, "params") else None
            if not tzid:
                continue
            for item in items:
                when = getattr(item, "dt", None)
                if isinstance(when, dt.datetime) and when.tzinfo is None:
                    zone, how = resolve_tzid(str(tzid))
                    if how:
                        notes.add(f"time zone {tzid!r} {how}")
                    if zone is not None:
                        item.dt = when.replace(tzinfo=zone)


def instant_key(value: dt.date) -> str:
    """Where an occurrence sits in its series: UTC for zoned times (a RECURRENCE-ID in UTC
    matches the local instance), as written for floating times and dates."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def local_day(value: dt.date, zone: str) -> dt.date:
    """The calendar date of a start: in its own zone; a UTC time in the configured zone."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
            name = str(getattr(value.tzinfo, "key", value.tzinfo.tzname(value)) or "")
            if name.upper() in ("UTC", "Z", "ETC/UTC", "GMT"):
                return value.astimezone(zoneinfo.ZoneInfo(zone)).date()
        return value.date()
    return value


# --- merging and expanding one UID ----------------------------------------------------------------
@dataclass
class Version:
    component: Any
    block: Block
    sequence: int
    cancelled: bool
    rid: str | None
    order: int


@dataclass
class Reading:
    """One reading of calendar objects: what they became so far. `convert` reads files once;
    a live sync reads batch after batch into one Reading (its stakeholders counted across)."""

    directory: Directory
    cfg: ConnectSettings
    first: dt.date
    last: dt.date
    run: ConnectorRun
    tally: StakeholderTally
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    kinds: KindRules = field(default_factory=lambda: KindRules([], []))
    zone_notes: set[str] = field(default_factory=set)
    internal_unknown: set[str] = field(default_factory=set)
    order: int = 0
    # Interaction id → the file it came from (a sync tells its calendar objects apart by it).
    origins: dict[str, str] = field(default_factory=dict)
    current: str = ""


def _versions(group: list[Block], zones: dict[str, str], state: Reading) -> list[Version]:
    out: list[Version] = []
    for block in group:
        state.order += 1
        if block.bad_line is not None:
            state.run.left_out.append(
                LeftOut(
                    f"{block.path}:{block.bad_line}",
                    block.value("UID") or "",
                    "not a content line (NAME:value): event left out",
                )
            )
            continue
        # A VTIMEZONE only where its name is no zone we know: a Windows or IANA name is
        # resolved to the IANA zone (its full history), the file's own offsets are the fallback.
        body = "\n".join(block.lines)
        wanted = [
            text
            for tzid, text in zones.items()
            if resolve_tzid(tzid)[1] and (f"TZID={tzid}" in body or f'TZID="{tzid}"' in body)
        ]
        said = [] if block.online is None else [f"{ONLINE}:{'TRUE' if block.online else 'FALSE'}"]
        lines = [*block.lines[:-1], *said, block.lines[-1]]
        text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *wanted, *lines, "END:VCALENDAR"])
        try:
            cal = icalendar.Calendar.from_ical(text)
            events = cal.walk("VEVENT")
        except (ValueError, KeyError, TypeError) as e:
            state.run.left_out.append(
                LeftOut(block.where, block.value("UID") or "", f"an event that cannot be read: {e}")
            )
            continue
        if not events or events[0].errors:
            problem = events[0].errors[0][1] if events else "no event in it"
            state.run.left_out.append(
                LeftOut(
                    block.where, block.value("UID") or "", f"a value that cannot be read: {problem}"
                )
            )
            continue
        event = events[0]
        _fix_times(event, state.zone_notes)
        if event.get("DTSTART") is None:
            state.run.left_out.append(
                LeftOut(block.where, str(event.get("UID")), "an event without a start (DTSTART)")
            )
            continue
        try:
            sequence = int(event.get("SEQUENCE", 0))
        except (TypeError, ValueError):
            sequence = 0
        status = str(event.get("STATUS", "")).upper()
        rid = event.get("RECURRENCE-ID")
        out.append(
            Version(
                event,
                block,
                sequence,
                block.method == "CANCEL" or status == "CANCELLED",
                instant_key(rid.dt) if rid is not None else None,
                state.order,
            )
        )
    return out


def _latest(versions: Iterable[Version]) -> Version | None:
    return max(versions, key=lambda v: (v.sequence, v.order), default=None)


def process_uid(uid: str, group: list[Block], zones: dict[str, str], state: Reading) -> None:
    state.current = str(group[0].path)
    versions = _versions(group, zones, state)
    if not versions:
        return
    master = _latest(v for v in versions if v.rid is None)
    instances: dict[str, list[Version]] = {}
    for v in versions:
        if v.rid is not None:
            instances.setdefault(v.rid, []).append(v)
    if master is not None and master.cancelled:
        state.run.skipped["cancelled event (METHOD:CANCEL or STATUS:CANCELLED)"] += 1
        return
    winners = {rid: _latest(vs) for rid, vs in instances.items()}
    cancelled = {rid for rid, v in winners.items() if v is not None and v.cancelled}
    overrides = [v for v in winners.values() if v is not None and not v.cancelled]
    gone = sum(1 for rid in cancelled if state.first <= _rid_day(rid) <= state.last)
    if gone:  # never a "0 × cancelled occurrence" line
        state.run.skipped["cancelled occurrence"] += gone
    recurring = bool(overrides or cancelled) or (
        master is not None and any(master.component.get(p) is not None for p in ("RRULE", "RDATE"))
    )
    occurrences: list[tuple[Any, str | None]]
    if master is None:
        occurrences = [(v.component, v.rid) for v in overrides]
        parent = None
    elif not recurring:
        occurrences = [(master.component, None)]
        parent = master.component
    else:
        cal = icalendar.Calendar()
        cal.add_component(master.component)
        for v in overrides:
            cal.add_component(v.component)
        lo = state.first - dt.timedelta(days=1)
        hi = state.last + dt.timedelta(days=2)
        try:
            found = recurring_ical_events.of(cal).between(lo, hi)
        except Exception as e:  # the library's own errors on a bad rule: this UID only
            state.run.left_out.append(
                LeftOut(master.block.where, uid, f"a recurrence rule that cannot be expanded: {e}")
            )
            return
        occurrences = []
        for occ in found:
            rid = occ.get("RECURRENCE-ID")
            where = instant_key(rid.dt if rid is not None else occ.get("DTSTART").dt)
            if where in cancelled:
                continue
            occurrences.append((occ, where))
        parent = master.component
    for occ, key in occurrences:
        _occurrence(uid, occ, key, parent, state)


def _rid_day(key: str) -> dt.date:
    return dt.date(int(key[:4]), int(key[4:6]), int(key[6:8]))


def _addresses(component: Any, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _address(value: Any) -> str:
    email = value.params.get("EMAIL") if hasattr(value, "params") else None
    text = str(email or value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower()


def _parties(occ: Any, parent: Any, state: Reading) -> tuple[Parties, list[tuple[str, str]]]:
    """Who took part: the organizer and the attendees, less rooms, resources, non-participants
    and (for the interaction, not the tally) those who declined."""
    attendees = _addresses(occ, "ATTENDEE")
    if not attendees and parent is not None:
        attendees = _addresses(parent, "ATTENDEE")  # an override without ATTENDEE inherits
    organizer = occ.get("ORGANIZER") or (parent.get("ORGANIZER") if parent is not None else None)
    parties = Parties()
    seen: list[tuple[str, str]] = []
    entries = [(organizer, True)] if organizer is not None else []
    entries += [(a, False) for a in attendees]
    for value, is_organizer in entries:
        params = getattr(value, "params", {})
        if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
            continue
        if str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
            continue
        address = _address(value)
        if not valid_address(address):
            state.run.skipped["attendee that is no e-mail address"] += 1
            continue
        seen.append((address, str(params.get("CN", "")).strip()))
        took_part = is_organizer or str(params.get("PARTSTAT", "")).upper() != "DECLINED"
        parties.add(state.directory, address, took_part)
    state.internal_unknown |= parties.internal_unknown
    return parties, seen


def _online(occ: Any, parent: Any) -> bool:
    said = occ.get(ONLINE)
    if said is None and parent is not None:
        said = parent.get(ONLINE)  # an override that says nothing of its place keeps the series'
    return str(said or "").upper() == "TRUE"


def _occurrence(uid: str, occ: Any, key: str | None, parent: Any, state: Reading) -> None:
    start = occ.get("DTSTART").dt
    day = local_day(start, state.cfg.timezone)
    if not state.first <= day <= state.last:
        return
    if str(occ.get("STATUS", "")).upper() == "CANCELLED":
        state.run.skipped["cancelled occurrence"] += 1
        return
    parties, seen = _parties(occ, parent, state)
    summary = str(occ.get("SUMMARY", "") or "")
    iid = stable_id("ics", uid, key) if key is not None else stable_id("ics", uid)
    if parties.ours:
        state.tally.observe(seen, parties.people.values(), day, (iid, summary[:120]))
    reason = parties.why_not("meeting")
    if reason is not None:
        state.run.skipped[reason] += 1
        return
    people = list(parties.people.values())
    executive = any(state.directory.is_executive(p) for p in people)
    kind = state.kinds.kind_of(f"{summary} {_categories(occ)}", _online(occ, parent), executive)
    state.origins.setdefault(iid, state.current)
    state.rows.setdefault(
        iid,
        {
            "id": iid,
            "date": day.isoformat(),
            "kind": kind,
            "sellers": sorted(parties.sellers),
            "people": sorted(parties.people),
            "notes": summary[:500],
        },
    )


def _categories(component: Any) -> str:
    value = component.get("CATEGORIES")
    if value is None:
        return ""
    items = value if isinstance(value, list) else [value]
    words: list[str] = []
    for item in items:
        cats = getattr(item, "cats", None)
        words += [str(c) for c in cats] if cats is not None else [str(item)]
    return " ".join(words)


# --- the connector --------------------------------------------------------------------------------
def convert(
    paths: Iterable[Path],
    directory: Directory,
    cfg: ConnectSettings,
    first: dt.date,
    last: dt.date,
    progress: Progress | None = None,
    kinds: KindRules | None = None,
) -> ConnectorRun:
    """The meetings of `paths` between `first` and `last` (both included) as interactions;
    `kinds`: the kind rules (default: the settings')."""
    files = _expand(paths)
    if not files:
        raise ConnectorError("no calendar files (.ics) given")
    run = ConnectorRun("ics", [str(p) for p in files], empty_bundle())
    state = Reading(directory, cfg, first, last, run, StakeholderTally(directory))
    state.kinds = kinds or KindRules.of(cfg)
    read(state, files, progress)
    run.bundle["interactions"] = list(state.rows.values())
    finish(state, set(state.rows))
    return run


def read(state: Reading, files: list[Path], progress: Progress | None = None) -> None:
    """Read `files` into `state`: every file is checked whole first (a broken one stops the
    reading before anything is built), then each UID is merged and expanded."""
    run, kinds = state.run, state.kinds
    expected: Counter[str] = Counter()
    for path in files:
        for block in blocks(path):
            if block.kind == "VEVENT":
                expected[block.value("UID") or f"{block.path}:{block.line}"] += 1
    pending: dict[str, list[Block]] = {}
    zones: dict[str, str] = {}
    for path in files:
        for block in blocks(path, kinds):
            if block.kind == "VTIMEZONE":
                tzid = (block.value("TZID") or "").replace("\\,", ",")
                if tzid:
                    zones.setdefault(tzid, "\r\n".join(block.lines))
                continue
            uid = block.value("UID")
            if uid is None:
                run.left_out.append(
                    LeftOut(
                        block.where,
                        "",
                        "an event without UID (its updates and cancellations cannot be matched)",
                    )
                )
                run.read += 1
                continue
            group = pending.setdefault(uid, [])
            group.append(block)
            run.read += 1
            if progress is not None and run.read % 100 == 0:
                progress(run.read)
            if len(group) == expected[uid]:
                del pending[uid]
                process_uid(uid, group, zones, state)
    if progress is not None:
        progress(run.read)


def finish(state: Reading, written: set[str]) -> None:
    """The run's unknown stakeholders (each meeting marked when it is among `written`), the
    names of its parties and its notes on zones and internal addresses."""
    run = state.run
    run.stakeholders = state.tally.ranked(written)
    run.name_parties(state.directory)
    for note in sorted(state.zone_notes):
        run.unmapped.append(note)
    if state.internal_unknown:
        shown = sorted(state.internal_unknown)
        more = f" and {len(shown) - 10} more" if len(shown) > 10 else ""
        run.unmapped.append(
            f"{len(shown)} internal address(es) are no seller of the graph: "
            f"{', '.join(shown[:10])}{more}"
        )
