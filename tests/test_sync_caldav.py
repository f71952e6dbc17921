"""`kamgraph sync caldav` against a real Radicale on 127.0.0.1: the same interactions as the
calendar files on the same objects, run after run; meetings added, moved, cancelled and deleted
between runs (past ones stay); a recurring meeting bringing new occurrences as the window
moves; a run stopped halfway and resumed; an expired sync token; a wrong password."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamgraph.connectors.caldav import CaldavAccount, sync
from kamgraph.connectors.calendar import convert
from kamgraph.connectors.common import Directory
from kamgraph.connectors.config import ConnectSettings
from kamgraph.connectors.dav import CalendarInfo, Changes, DavClient, NoSyncReport
from kamgraph.connectors.ledger import Ledger
from kamgraph.connectors.sync import SyncError
from kamgraph.connectors.sync_config import CaldavSettings
from kamgraph.storage import open_store
from tests.connect_support import (
    CALENDAR,
    Cli,
    interactions,
    seeded_cli,
    synced,
)
from tests.dav_server import PASSWORD, USER, Radicale, objects, radicale

LEE, MO = "sf-005A0000001SEL1AAA", "sf-005A0000001SEL2AAA"
KARI, MAIER, INGRID = "sf-003A00000NH003AAA", "sf-003A00000BY001AAA", "sf-003A00000NH001AAA"
LEE_AT, MO_AT = "lee.chen@ourco.example", "mo.park@ourco.example"
KARI_AT, MAIER_AT = "kari.nilsen@nordhav.example", "j.maier@bayernlog.example"
INGRID_AT = "ingrid.solberg@nordhav.example"
DAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def server() -> Iterator[Radicale]:
    yield from radicale()


@pytest.fixture
def dav(server: Radicale) -> Iterator[Radicale]:
    server.clear()
    server.make_calendar("work", "Work")
    yield server
    server.clear()


@pytest.fixture
def seeded(engine_dir: Path) -> Iterator[Cli]:
    yield from seeded_cli(engine_dir)


def event(
    uid: str,
    start: str,
    organizer: str,
    *attendees: str,
    summary: str = "Meeting",
    extra: tuple[str, ...] = (),
    sequence: int = 0,
    overrides: tuple[str, ...] = (),
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kamgraph tests//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261001T080000Z",
        f"DTSTART:{start}",
        f"SEQUENCE:{sequence}",
        f"SUMMARY:{summary}",
        f"ORGANIZER:mailto:{organizer}",
        *[f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{a}" for a in attendees],
        *extra,
        "END:VEVENT",
        *overrides,
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines)


def account(server: Radicale, batch: int = 200, password: str = PASSWORD) -> CaldavAccount:
    return CaldavAccount(server.url, USER, password, (), batch)


def run_sync(
    cli: Cli,
    acct: CaldavAccount,
    today: dt.date = DAY,
    cfg: ConnectSettings | None = None,
    **kw: Any,
) -> Any:
    with open_store(cli.settings) as store:
        directory = Directory.load(store, ConnectSettings())
        return sync(store, directory, acct, cfg or ConnectSettings(), today=today, **kw)


def password_file(tmp_path: Path, text: str = PASSWORD) -> Path:
    secret = tmp_path / "caldav-password"
    secret.write_text(text + "\n")
    secret.chmod(0o600)
    return secret


def test_same_interactions_as_the_calendar_files_and_nothing_new_the_second_time(
    seeded: Cli, dav: Radicale, tmp_path: Path
) -> None:
    stored: list[Path] = []
    files_given = (CALENDAR / "outlook-invites.ics", CALENDAR / "google-export.ics")
    for n, text in enumerate(objects(*files_given)):
        if dav.put("work", text) is not None:  # Radicale refuses Outlook's `(UTC+01:00)` TZID
            path = tmp_path / f"object-{n}.ics"
            path.write_text(text)
            stored.append(path)
    assert len(stored) >= 6
    today = dt.date.today()
    cfg = ConnectSettings()
    with open_store(seeded.settings) as store:
        directory = Directory.load(store, cfg)
    first, last = today - dt.timedelta(days=730), today + dt.timedelta(days=180)
    files = convert(stored, directory, cfg, first, last)
    assert files.bundle["interactions"]

    secret = password_file(tmp_path)
    args = ("sync", "caldav", "--url", dav.url, "--user", USER, "--password-file", str(secret))
    one = seeded.json(*args)
    assert synced(seeded) == interactions(files.bundle)
    assert one["files"] == [f"{USER}/Work"]
    assert one["added"] == len(files.bundle["interactions"])
    assert one["skipped"] == files.skipped
    names = {s["name"] for i in one["interactions"] for s in i["sellers"]}
    assert "Lee Chen" in names

    two = seeded.json(*args)
    assert two["read"] == 0 and two["added"] == 0 and two["removed"] == []
    assert synced(seeded) == interactions(files.bundle)
    assert seeded("sync", "status").output.count(f"caldav:{USER}@127.0.0.1") == 1


def test_meetings_added_moved_cancelled_and_deleted_between_runs(
    seeded: Cli, dav: Radicale
) -> None:
    weekly = event(
        "weekly@ourco", "20261005T090000Z", LEE_AT, KARI_AT, summary="SCADA weekly",
        extra=("RRULE:FREQ=WEEKLY;COUNT=6",),
    )  # fmt: skip
    pilot = event("pilot@ourco", "20261110T090000Z", LEE_AT, KARI_AT, summary="Roadmap review")
    lager = event("lager@ourco", "20261120T090000Z", MO_AT, MAIER_AT, summary="Lager plan")
    past = event("past@ourco", "20261015T090000Z", MO_AT, MAIER_AT, summary="Kick-off")
    urls = {name: dav.put("work", text) for name, text in [
        ("weekly", weekly), ("pilot", pilot), ("lager", lager), ("past", past),
    ]}  # fmt: skip
    run_sync(seeded, account(dav))
    assert synced(seeded) == sorted(
        [(f"2026-10-{d:02d}", "meeting", [LEE], [KARI]) for d in (5, 12, 19, 26)]
        + [(f"2026-11-{d:02d}", "meeting", [LEE], [KARI]) for d in (2, 9, 10)]
        + [("2026-10-15", "exec_meeting", [MO], [MAIER])]
        + [("2026-11-20", "exec_meeting", [MO], [MAIER])]
    )

    # Between the runs: the pilot review moves to the 12th, one weekly occurrence is
    # cancelled, the Lager meeting (upcoming) and the kick-off (long past) are deleted, and a
    # Teams call with the CEO is added (a call, not an executive meeting).
    dav.put("work", pilot.replace("20261110T090000Z", "20261112T090000Z").replace(
        "SEQUENCE:0", "SEQUENCE:1"))  # fmt: skip
    cancelled = (
        "BEGIN:VEVENT", "UID:weekly@ourco", "RECURRENCE-ID:20261109T090000Z",
        "DTSTAMP:20261101T080000Z", "DTSTART:20261109T090000Z", "SEQUENCE:1",
        "SUMMARY:SCADA weekly", "STATUS:CANCELLED", "END:VEVENT",
    )  # fmt: skip
    dav.put("work", weekly.replace("END:VCALENDAR", "\r\n".join([*cancelled, "END:VCALENDAR"])))
    assert urls["lager"] and urls["past"]
    dav.delete(urls["lager"])
    dav.delete(urls["past"])
    dav.put("work", event(
        "teams@ourco", "20261105T150000Z", LEE_AT, INGRID_AT, summary="Quarterly check-in",
        extra=("LOCATION:Microsoft Teams Meeting",
               "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/x"),
    ))  # fmt: skip

    two = run_sync(seeded, account(dav))
    assert synced(seeded) == sorted(
        [(f"2026-10-{d:02d}", "meeting", [LEE], [KARI]) for d in (5, 12, 19, 26)]
        + [("2026-11-02", "meeting", [LEE], [KARI]), ("2026-11-12", "meeting", [LEE], [KARI])]
        + [("2026-10-15", "exec_meeting", [MO], [MAIER])]  # deleted, but it had taken place
        + [("2026-11-05", "call", [LEE], [INGRID])]
    )
    removed = sorted((r["date"], r["notes"]) for r in two.removed)
    assert removed == [("2026-11-09", "SCADA weekly"), ("2026-11-20", "Lager plan")]
    assert two.run.skipped["cancelled occurrence"] == 1
    assert two.run.read == 4  # the objects that changed, no more


def test_a_recurring_meeting_brings_new_occurrences_as_the_window_moves(
    seeded: Cli, dav: Radicale
) -> None:
    dav.put("work", event(
        "open@ourco", "20261102T090000Z", LEE_AT, KARI_AT, summary="Open-ended weekly",
        extra=("RRULE:FREQ=WEEKLY",),
    ))  # fmt: skip
    cfg = ConnectSettings(ahead_days=14)
    run_sync(seeded, account(dav), DAY, cfg)
    assert [r[0] for r in synced(seeded)] == ["2026-11-02", "2026-11-09"]
    unchanged = run_sync(seeded, account(dav), DAY, cfg)
    assert unchanged.run.read == 0
    later = run_sync(seeded, account(dav), DAY + dt.timedelta(days=14), cfg)
    assert later.run.read == 1 and later.removed == []
    assert [r[0] for r in synced(seeded)] == [f"2026-11-{d:02d}" for d in (2, 9, 16, 23)]


def test_a_run_stopped_halfway_goes_on_where_it_stopped(seeded: Cli, dav: Radicale) -> None:
    for i in range(6):
        dav.put("work", event(f"m{i}@ourco", f"202610{i + 10:02d}T090000Z", LEE_AT, KARI_AT))
    calls: list[int] = []

    def stop_after_two_steps(read: int) -> None:
        calls.append(read)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sync(seeded, account(dav, batch=2), progress=stop_after_two_steps)
    assert len(synced(seeded)) == 4

    resumed = run_sync(seeded, account(dav, batch=2))
    assert resumed.run.read == 2  # only the objects the stopped run had not written
    assert len(synced(seeded)) == 6
    with open_store(seeded.settings) as store:
        ledger = Ledger.load(store, f"caldav:{USER}@127.0.0.1:{dav.port}")
    assert len(ledger.items) == 6
    text = json.dumps(ledger.items)  # ids, days, kinds and parties: no address, no title
    assert "@ourco.example" not in text and "nordhav" not in text and "Meeting" not in text


def test_an_expired_sync_token_lists_the_calendar_again_without_doubling(
    seeded: Cli, dav: Radicale
) -> None:
    kept = dav.put("work", event("k@ourco", "20261110T090000Z", LEE_AT, KARI_AT))
    gone = dav.put("work", event("g@ourco", "20261111T090000Z", LEE_AT, KARI_AT))
    run_sync(seeded, account(dav))
    assert len(synced(seeded)) == 2 and kept and gone
    source = f"caldav:{USER}@127.0.0.1:{dav.port}"
    with open_store(seeded.settings) as store:
        ledger = Ledger.load(store, source)
        for position in ledger.position["calendars"].values():
            position["token"] = "http://radicale.org/ns/sync/expired"
        ledger.save(store)
    dav.delete(gone)
    again = run_sync(seeded, account(dav))
    assert any("sync token expired" in n for n in again.notes)
    assert again.run.read == 0  # the kept object's ETag is unchanged: not fetched again
    assert [r["date"] for r in again.removed] == ["2026-11-11"]
    assert synced(seeded) == [("2026-11-10", "meeting", [LEE], [KARI])]


def test_a_wrong_password_is_a_clear_error_and_writes_nothing(
    seeded: Cli, dav: Radicale, tmp_path: Path
) -> None:
    dav.put("work", event("w@ourco", "20261110T090000Z", LEE_AT, KARI_AT))
    before = seeded.counts()
    with pytest.raises(SyncError, match="refused user lee.chen@ourco.example: wrong user name"):
        run_sync(seeded, account(dav, password="wrong"))
    secret = password_file(tmp_path, "wrong")
    result = seeded(
        "sync", "caldav", "--url", dav.url, "--user", USER, "--password-file", str(secret)
    )
    assert result.exit_code == 1
    assert "wrong user name or password; nothing was written" in result.output
    assert "Traceback" not in result.output
    assert seeded.counts() == before
    assert seeded("sync", "status").output.strip() == "no sync has run on this database yet"


def test_a_missing_calendar_is_named_with_those_there(seeded: Cli, dav: Radicale) -> None:
    acct = CaldavAccount(dav.url, USER, PASSWORD, ("Nope",), 200)
    with pytest.raises(SyncError, match="no calendar Nope on the server .*Work"):
        run_sync(seeded, acct)


def test_the_password_never_goes_unencrypted_to_another_host(tmp_path: Path) -> None:
    secret = password_file(tmp_path)
    cfg = CaldavSettings(url="http://dav.ourco.example/", user=USER)
    with pytest.raises(SyncError, match="unencrypted: use https"):
        CaldavAccount.of(cfg, password_file=secret)
    https = CaldavAccount.of(cfg, url="https://dav.ourco.example/", password_file=secret)
    assert https.password == PASSWORD and https.source == f"caldav:{USER}@dav.ourco.example"


def test_a_server_without_sync_tokens_is_followed_by_its_ctag_and_etags(
    seeded: Cli, dav: Radicale, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_sync_report(self: DavClient, calendar: CalendarInfo, token: str | None) -> Changes:
        raise NoSyncReport(f"{calendar.name}: no sync-collection report")

    monkeypatch.setattr(DavClient, "changes", no_sync_report)
    a = event("a@ourco", "20261110T090000Z", LEE_AT, KARI_AT, summary="A")
    b_url = dav.put("work", event("b@ourco", "20261111T090000Z", LEE_AT, KARI_AT, summary="B"))
    dav.put("work", a)
    assert run_sync(seeded, account(dav)).run.read == 2
    assert run_sync(seeded, account(dav)).run.read == 0  # the ctag says nothing changed
    dav.put("work", a.replace("20261110T", "20261113T").replace("SEQUENCE:0", "SEQUENCE:1"))
    assert b_url
    dav.delete(b_url)
    three = run_sync(seeded, account(dav))
    assert three.run.read == 1  # only the object whose ETag changed
    assert [r["notes"] for r in three.removed] == ["B"]
    assert synced(seeded) == [("2026-11-13", "meeting", [LEE], [KARI])]
