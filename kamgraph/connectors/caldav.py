"""Live calendar sync over CalDAV (`kamgraph sync caldav`): meetings added, changed, cancelled
or deleted on the server become, change or remove interactions, by the same rules as
`kamgraph connect calendar` (one calendar object is one event: its master and overrides).

The position is each calendar's sync token (RFC 6578), or on a server without one its ctag and
every object's ETag: a run fetches only the objects that changed. The ledger keeps, per
object, its ETag and the interactions it became (ids, days, kinds, parties: never a title or an
address). Past meetings stay: an occurrence is removed (cancelled, deleted, dropped from a
series) only when it had not yet taken place the last time the sync saw the meeting; what had
taken place by then stays counted, as mail deleted on the server does.

The window is `kamgraph connect calendar`'s, from the day of the run: a recurring meeting is
read again once the window has moved past where it was last expanded, so that a weekly
meeting keeps bringing its new occurrences.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kamgraph.connectors.calendar import Reading, blocks, finish, read
from kamgraph.connectors.common import (
    ConnectorError,
    Directory,
    LeftOut,
    Progress,
    StakeholderTally,
)
from kamgraph.connectors.config import ConnectSettings
from kamgraph.connectors.dav import CalendarInfo, Changes, DavClient, NoSyncReport, TokenRefused
from kamgraph.connectors.kinds import KindRules
from kamgraph.connectors.ledger import Ledger
from kamgraph.connectors.sync import SyncError, SyncRun, batched
from kamgraph.connectors.sync_config import CaldavSettings, is_loopback, read_password
from kamgraph.storage.base import GraphStore

RECURRING = re.compile(r"^(RRULE|RDATE)[;:]", re.MULTILINE)
SLIM = ("id", "date", "kind", "sellers", "people")  # what the ledger keeps of an interaction


@dataclass(frozen=True)
class CaldavAccount:
    url: str
    user: str
    password: str
    calendars: tuple[str, ...]
    batch: int

    @property
    def source(self) -> str:
        return f"caldav:{self.user}@{urlsplit(self.url).netloc}"

    @classmethod
    def of(
        cls,
        cfg: CaldavSettings,
        *,
        url: str | None = None,
        user: str | None = None,
        password_file: Path | None = None,
        calendars: list[str] | None = None,
    ) -> CaldavAccount:
        url = url or cfg.url
        user = user or cfg.user
        if not url:
            raise SyncError("no CalDAV server: give --url or set KAMGRAPH_SYNC__CALDAV__URL")
        if not user:
            raise SyncError("no CalDAV user: give --user or set KAMGRAPH_SYNC__CALDAV__USER")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SyncError(f"--url {url!r}: an http(s) URL such as https://dav.ourco.com/")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise SyncError(
                f"http would send the password to {parts.hostname} unencrypted: use https "
                "(http is for a server on this machine only)"
            )
        password = read_password(cfg.password, password_file or cfg.password_file, "caldav")
        return cls(url, user, password, tuple(calendars or cfg.calendars), cfg.batch)


def connect(account: CaldavAccount) -> DavClient:
    return DavClient(account.url, account.user, account.password)


def chosen(found: list[CalendarInfo], wanted: tuple[str, ...]) -> list[CalendarInfo]:
    """The calendars asked for by name (each must exist), else all of them."""
    if not wanted:
        return found
    names = {c.name: c for c in found}
    missing = [w for w in wanted if w not in names]
    if missing:
        there = ", ".join(c.name for c in found) or "none"
        raise SyncError(f"no calendar {', '.join(missing)} on the server (it has: {there})")
    return [names[w] for w in wanted]


def _label(calendar: CalendarInfo, href: str) -> str:
    return f"{calendar.name}/{unquote(href.rstrip('/').rsplit('/', 1)[-1])}"


def _removable(item: dict[str, Any], keep: set[str]) -> tuple[list[Any], list[Any]]:
    """An object's earlier interactions not in `keep`: (to remove: not yet taken place when
    the object was last seen, to carry: taken place by then)."""
    gone: list[Any] = []
    carried: list[Any] = []
    for row in item.get("rows", []):
        if row["id"] in keep:
            continue
        (gone if row["date"] >= item.get("seen", "") else carried).append(row)
    return gone, carried


class _CalendarSync:
    """One calendar of one run."""

    def __init__(
        self,
        result: SyncRun,
        reading: Reading,
        ledger: Ledger,
        calendar: CalendarInfo,
        today: dt.date,
        folder: Path,
    ) -> None:
        self.result, self.reading, self.ledger = result, reading, ledger
        self.calendar, self.today, self.folder = calendar, today, folder
        self.written: set[str] = set()

    def changes(self, client: DavClient, position: dict[str, Any]) -> Changes:
        token = position.get("token")
        name = self.calendar.name
        if token:
            try:
                return client.changes(self.calendar, token)
            except TokenRefused:
                self.result.notes.append(
                    f"{name}: the server no longer knows where the last run stopped (its sync "
                    "token expired): the calendar was listed again; nothing is doubled"
                )
            except NoSyncReport:
                pass
        elif position.get("ctag") and position["ctag"] == self.calendar.ctag:
            return Changes()  # a server without sync tokens: its ctag says nothing changed
        try:
            return client.changes(self.calendar, None)
        except NoSyncReport:
            return client.listing(self.calendar)

    def deletions(self, hrefs: set[str]) -> list[Any]:
        gone: list[Any] = []
        for href in sorted(hrefs):
            item = self.ledger.items.get(href)
            if item is not None:
                gone += _removable(item, set())[0]
                self.ledger.drop(href)
        return gone

    def batch(
        self, hrefs: list[str], got: dict[str, tuple[str | None, str]]
    ) -> tuple[list[Any], list[Any]]:
        """Read the fetched objects: (rows to write, rows to remove); the ledger updated."""
        run, reading = self.run, self.reading
        files: dict[str, str] = {}
        for n, (href, (_, data)) in enumerate(sorted(got.items())):
            path = self.folder / f"{n}.ics"
            path.write_text(data, encoding="utf-8", newline="")
            try:
                for _ in blocks(path):
                    pass
            except ConnectorError as e:
                # One broken object is one record left out, not a stopped run; what it
                # became before stays until it can be read again.
                where = str(e).replace(str(path), _label(self.calendar, href), 1)
                run.left_out.append(LeftOut(f"{_label(self.calendar, href)}:0", "", where))
                continue
            files[str(path)] = href
        reading.rows, reading.origins = {}, {}
        start = len(run.left_out)
        read(reading, [Path(p) for p in files])
        for i in range(start, len(run.left_out)):
            lo = run.left_out[i]
            file, _, line = lo.where.rpartition(":")
            if file in files:
                run.left_out[i] = LeftOut(
                    f"{_label(self.calendar, files[file])}:{line}", lo.record, lo.reason
                )
        made: dict[str, list[dict[str, Any]]] = {}
        for iid, row in reading.rows.items():
            made.setdefault(files[reading.origins[iid]], []).append(row)
        rows: list[Any] = []
        gone: list[Any] = []
        last = reading.last.isoformat()
        for href in hrefs:
            item = self.ledger.items.get(href)
            if href not in got:  # deleted since it was listed
                gone += self.deletions({href})
                continue
            if href not in files.values():
                continue  # unreadable: left out above, its ledger entry kept
            etag, data = got[href]
            new = made.get(href, [])
            old_gone, carried = _removable(item or {}, {r["id"] for r in new})
            gone += old_gone
            kept = [{k: r[k] for k in SLIM} for r in new] + carried
            self.ledger.put(
                href,
                {
                    "calendar": self.calendar.url,
                    "etag": etag,
                    "seen": self.today.isoformat(),
                    "until": last if RECURRING.search(data) else None,
                    "rows": sorted(kept, key=lambda r: (r["date"], r["id"])),
                },
            )
            rows += new
        self.written.update(str(r["id"]) for r in rows)
        return rows, gone

    @property
    def run(self) -> Any:
        return self.result.run


def sync(
    store: GraphStore,
    directory: Directory,
    account: CaldavAccount,
    cfg: ConnectSettings,
    *,
    today: dt.date,
    kinds: KindRules | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    client_for: Callable[[CaldavAccount], DavClient] = connect,
) -> SyncRun:
    ledger = Ledger.load(store, account.source)
    result = SyncRun.start("caldav", dry_run)
    run = result.run
    first = today - dt.timedelta(days=cfg.window_days)
    last = today + dt.timedelta(days=cfg.ahead_days)
    reading = Reading(directory, cfg, first, last, run, StakeholderTally(directory))
    reading.kinds = kinds or KindRules.of(cfg)
    positions: dict[str, Any] = ledger.position.setdefault("calendars", {})
    written: set[str] = set()
    with (
        client_for(account) as client,
        tempfile.TemporaryDirectory(prefix="kamgraph-caldav-") as tmp,
    ):
        calendars = chosen(client.calendars(), account.calendars)
        run.files = [f"{account.user}/{c.name}" for c in calendars]
        for calendar in calendars:
            one = _CalendarSync(result, reading, ledger, calendar, today, Path(tmp))
            position = positions.get(calendar.url, {})
            changes = one.changes(client, position)
            mine = {k for k, v in ledger.items.items() if v.get("calendar") == calendar.url}
            deleted = set(changes.deleted) & mine
            if changes.full:
                deleted |= mine - set(changes.etags)
            wanted = sorted(
                h
                for h, etag in changes.etags.items()
                if etag is None or ledger.items.get(h, {}).get("etag") != etag
            )
            due = last.isoformat()
            rolling = sorted(
                h
                for h in mine - deleted - set(wanted)
                if (ledger.items[h].get("until") or due) < due
            )
            if deleted:
                result.step(store, directory, ledger, [], one.deletions(deleted))
            for chunk in batched([*wanted, *rolling], account.batch):
                got = client.multiget(calendar, chunk)
                rows, gone = one.batch(list(chunk), got)
                result.step(store, directory, ledger, rows, gone)
                if progress is not None:
                    progress(run.read)
            token = changes.token if changes.full else changes.token or position.get("token")
            positions[calendar.url] = {
                "token": token,
                "ctag": calendar.ctag,
            }
            result.step(store, directory, ledger, [])  # the calendar's position, and the time
            written |= one.written
    names = {**directory.seller_names, **directory.person_names}
    for row in result.removed:
        for i in [*row["sellers"], *row["people"]]:
            run.names.setdefault(i, names.get(i, i))
    finish(reading, written)
    return result
