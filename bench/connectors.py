"""Connector throughput: a synthetic calendar and a synthetic mailbox, read, converted and imported.

The files are written to a temporary folder line by line (never built whole in memory): a
calendar of `--events` VEVENTs (default 100 000: Outlook style with a Windows zone, one in ten a
weekly series of 8 with an override and a cancelled instance, rooms, declined and unknown
attendees) and an mbox of `--messages` messages (default 200 000, threads of 1 to 4 messages
with ~1 KB bodies, one in four threads never answered). Each connector runs in a child process
of its own, so that its peak RSS is its own: the conversion (reading, parsing, merging, the
bundle) is timed alone, then `import_data` of that bundle into a fresh embedded graph.

Then the live syncs beside the file connectors on the same records: `--sync-messages` of the
mailbox appended to a Dovecot and `--sync-events` events stored as objects (one per UID) in a
Radicale, both started on 127.0.0.1 as the tests start them; each side (the file converted and
imported, the first sync from the server) runs in a child process of its own, and the ratio is
printed. Loading the servers is not timed.

Run: `python -m bench.connectors` (about 5 minutes on 2 cores), or smaller:
`python -m bench.connectors --events 5000 --messages 10000 --sync-events 500 --sync-messages 2000`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import multiprocessing as mp
import random
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kamgraph.connectors.common import ConnectorRun, Directory
from kamgraph.connectors.config import ConnectSettings
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import open_store

RESULTS = Path(__file__).resolve().parent / "results"
ACCOUNTS, PEOPLE_PER_ACCOUNT, SELLERS = 50, 40, 20
START = dt.date(2025, 1, 6)
CFG = ConnectSettings(internal_domains=["ourco.example"])


def person(a: int, p: int) -> str:
    return f"p{p}@acct{a}.example"


def graph_bundle() -> dict[str, Any]:
    """The accounts, people and sellers the synthetic files refer to."""
    return {
        "format": "kamgraph/v1",
        "accounts": [{"id": f"a{a}", "name": f"Account {a}"} for a in range(ACCOUNTS)],
        "people": [
            {
                "id": f"a{a}-p{p}",
                "account": f"a{a}",
                "name": f"P {a}.{p}",
                "title": "CFO" if p == 0 else "Engineer",
                "email": person(a, p),
            }
            for a in range(ACCOUNTS)
            for p in range(PEOPLE_PER_ACCOUNT)
        ],
        "sellers": [{"id": f"s{s}", "email": f"s{s}@ourco.example"} for s in range(SELLERS)],
    }


def directory() -> Directory:
    bundle = graph_bundle()
    key = {p["id"] for p in bundle["people"] if p["id"].endswith(("-p0", "-p1"))}
    # Each account declares its domain (the connectors no longer guess it from addresses).
    domains = {f"a{a}": [f"acct{a}.example"] for a in range(ACCOUNTS)}
    return Directory.build(bundle["people"], bundle["sellers"], key, CFG, (), domains)


VTIMEZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
"""
TEAMS_URL = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NmQ3ZTk4%40thread.v2/0"
TEAMS_TEXT = (
    "\\n________________\\nMicrosoft Teams meeting\\nJoin on your computer\\, mobile app or "
    f"room device\\nClick here to join the meeting<{TEAMS_URL}>\\nMeeting ID: 312 456 789\\n"
)
SUMMARIES = (
    "Status meeting",
    "Architecture workshop",
    "Quarterly review",
    "Pilot check-in",
    "Lunch",
    "Weekly sync",
    "Contract call",
)


def write_calendar(path: Path, events: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    zone = "TZID=W. Europe Standard Time"
    with path.open("w", encoding="utf-8", newline="\r\n") as f:
        f.write("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//bench//EN\nMETHOD:REQUEST\n" + VTIMEZONE)
        written = 0
        n = 0
        while written < events:
            n += 1
            a = rng.randrange(ACCOUNTS)
            day = START + dt.timedelta(days=rng.randrange(600))
            start = f"{day:%Y%m%d}T{rng.randrange(8, 18):02d}0000"
            people = rng.sample(range(PEOPLE_PER_ACCOUNT), rng.randint(1, 4))
            lines = [
                f"UID:bench-{n}@ourco.example",
                "SEQUENCE:0",
                f"SUMMARY:{rng.choice(SUMMARIES)}",
                f"DTSTART;{zone}:{start}",
                f"DTEND;{zone}:{start[:9]}{start[9:11]}3000",
                f"ORGANIZER:mailto:s{rng.randrange(SELLERS)}@ourco.example",
            ]
            if rng.random() < 0.4:  # Outlook's Teams meeting: place, link and invitation text
                lines += [
                    "LOCATION:Microsoft Teams Meeting",
                    f"DESCRIPTION:{TEAMS_TEXT}",
                    f"X-MICROSOFT-SKYPETEAMSMEETINGURL:{TEAMS_URL}",
                ]
            else:
                lines.append(f"LOCATION:Meeting room {rng.randrange(20)}")
            for i, p in enumerate(people):
                stat = "DECLINED" if i and rng.random() < 0.1 else "ACCEPTED"
                lines.append(f"ATTENDEE;CN=P {p};PARTSTAT={stat}:mailto:{person(a, p)}")
            if rng.random() < 0.05:
                lines.append(f"ATTENDEE;CN=New:mailto:new{rng.randrange(500)}@acct{a}.example")
            lines.append("ATTENDEE;CUTYPE=ROOM;CN=Room:mailto:room1@ourco.example")
            series = rng.random() < 0.1 and written + 3 <= events
            if series:
                lines.append("RRULE:FREQ=WEEKLY;COUNT=8")
            f.write("BEGIN:VEVENT\n" + "\n".join(lines) + "\nEND:VEVENT\n")
            written += 1
            if series:
                moved = day + dt.timedelta(days=7)
                rid = f"{moved:%Y%m%d}T{start[9:]}"
                f.write(
                    f"BEGIN:VEVENT\nUID:bench-{n}@ourco.example\nRECURRENCE-ID;{zone}:{rid}\n"
                    f"SEQUENCE:1\nSUMMARY:Moved\nDTSTART;{zone}:{moved:%Y%m%d}T170000\n"
                    "END:VEVENT\n"
                )
                gone = day + dt.timedelta(days=14)
                f.write(
                    f"BEGIN:VEVENT\nUID:bench-{n}@ourco.example\n"
                    f"RECURRENCE-ID;{zone}:{gone:%Y%m%d}T{start[9:]}\nSEQUENCE:1\n"
                    f"STATUS:CANCELLED\nDTSTART;{zone}:{gone:%Y%m%d}T{start[9:]}\n"
                    "END:VEVENT\n"
                )
                written += 2
        f.write("END:VCALENDAR\n")


BODY = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua.\n"
) * 8


def write_mbox(path: Path, messages: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        written = 0
        thread = 0
        while written < messages:
            thread += 1
            a = rng.randrange(ACCOUNTS)
            seller = f"s{rng.randrange(SELLERS)}@ourco.example"
            customer = person(a, rng.randrange(PEOPLE_PER_ACCOUNT))
            one_way = rng.random() < 0.25
            day = START + dt.timedelta(days=rng.randrange(600))
            previous: list[str] = []
            for i in range(min(rng.randint(1, 4), messages - written)):
                ours = one_way or i % 2 == 0
                sender, rcpt = (seller, customer) if ours else (customer, seller)
                mid = f"<{thread}.{i}@{'ourco' if ours else f'acct{a}'}.example>"
                when = dt.datetime.combine(day + dt.timedelta(days=i), dt.time(9, 30))
                refs = ""
                if previous:
                    refs = f"In-Reply-To: {previous[-1]}\nReferences: {' '.join(previous)}\n"
                cc = f"Cc: New <new{rng.randrange(500)}@acct{a}.example>\n" if i == 0 else ""
                f.write(
                    f"From {sender} {when:%a %b %d %H:%M:%S %Y}\nMessage-ID: {mid}\n{refs}"
                    f"Date: {when:%a, %d %b %Y %H:%M:%S} +0100\nFrom: X <{sender}>\n"
                    f"To: Y <{rcpt}>\n{cc}Subject: Re: {thread}\n\n{BODY}\n"
                )
                previous.append(mid)
                written += 1


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(name: str, convert: Callable[[], ConnectorRun], data_dir: str, queue: Any) -> None:
    t = time.perf_counter()
    run = convert()
    convert_s = time.perf_counter() - t
    convert_peak = peak_mib()
    settings = Settings(db=None, data_dir=Path(data_dir), graph=f"bench-{name}")
    with open_store(settings) as store:
        import_data(store, graph_bundle())
        t = time.perf_counter()
        report = import_data(store, run.bundle)
        import_s = time.perf_counter() - t
        store.raw_graph().delete()  # type: ignore[attr-defined]
    queue.put(
        {
            "records": run.read,
            "interactions": len(run.bundle.get("interactions", [])),
            "convert_s": round(convert_s, 2),
            "import_s": round(import_s, 2),
            "added": report.totals()["added"],
            "stakeholders": len(run.stakeholders),
            "kinds": dict(Counter(r["kind"] for r in run.bundle.get("interactions", []))),
            "peak_rss_convert_mib": round(convert_peak),
            "peak_rss_mib": round(peak_mib()),
        }
    )


def _measure_sync(name: str, sync: Callable[[Any], Any], data_dir: str, queue: Any) -> None:
    settings = Settings(db=None, data_dir=Path(data_dir), graph=f"bench-{name}")
    with open_store(settings) as store:
        import_data(store, graph_bundle())
        t = time.perf_counter()
        result = sync(store)
        seconds = time.perf_counter() - t
        store.raw_graph().delete()  # type: ignore[attr-defined]
    queue.put(
        {
            "records": result.run.read,
            "interactions": len(result.run.bundle.get("interactions", [])),
            "steps": result.steps,
            "sync_s": round(seconds, 2),
            "peak_rss_mib": round(peak_mib()),
        }
    )


def measure(
    name: str, convert: Callable[..., Any], data_dir: str, target: Callable[..., None] = _measure
) -> dict[str, Any]:
    """In a child process, so that peak RSS is this connector's alone."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=target, args=(name, convert, data_dir, queue))
    child.start()
    result: dict[str, Any] = queue.get()
    child.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--sync-events", type=int, default=2_000)
    parser.add_argument("--sync-messages", type=int, default=5_000)
    args = parser.parse_args()
    from kamgraph.connectors.calendar import convert as convert_ics
    from kamgraph.connectors.mail import convert_mbox

    with tempfile.TemporaryDirectory(prefix="kamgraph-bench-connectors-") as tmp:
        folder = Path(tmp)
        ics, mbox = folder / "calendar.ics", folder / "mail.mbox"
        t = time.perf_counter()
        write_calendar(ics, args.events)
        write_mbox(mbox, args.messages)
        print(
            f"files: calendar {ics.stat().st_size / 2**20:.0f} MiB ({args.events:,} events), "
            f"mailbox {mbox.stat().st_size / 2**20:.0f} MiB ({args.messages:,} messages), "
            f"written in {time.perf_counter() - t:.1f} s",
            flush=True,
        )
        d = directory()
        first, last = START, START + dt.timedelta(days=700)
        data_dir = str(folder / "engine")
        # One engine for both children, started (and stopped) here.
        with open_store(Settings(db=None, data_dir=Path(data_dir), graph="bench-warm")):
            cal = measure("ics", lambda: convert_ics([ics], d, CFG, first, last), data_dir)
            mail = measure("mbox", lambda: convert_mbox([mbox], d, CFG), data_dir)
            cal["file_mib"] = round(ics.stat().st_size / 2**20)
            mail["file_mib"] = round(mbox.stat().st_size / 2**20)
            synced = sync_side_by_side(folder, d, data_dir, args.sync_events, args.sync_messages)
    for name, r, unit in (("calendar", cal, "events"), ("mailbox", mail, "messages")):
        r[f"{unit}_per_s"] = round(r["records"] / r["convert_s"])
        r["with_import_per_s"] = round(r["records"] / (r["convert_s"] + r["import_s"]))
        print(
            f"{name}: {r['records']:,} {unit} → {r['interactions']:,} interactions, "
            f"{r['stakeholders']} unknown stakeholders; kinds {r['kinds']}\n"
            f"  convert {r['convert_s']:.1f} s = {r[f'{unit}_per_s']:,} {unit}/s; "
            f"with import {r['with_import_per_s']:,} {unit}/s (import {r['import_s']:.1f} s)\n"
            f"  peak RSS {r['peak_rss_convert_mib']} MiB converting, {r['peak_rss_mib']} MiB "
            f"with the import (file {r['file_mib']} MiB)",
            flush=True,
        )
    for name, unit in (("imap", "messages"), ("caldav", "events")):
        r = synced[name]
        file, live = r["file"], r["sync"]
        print(
            f"{name} sync: {live['records']:,} {unit} → {live['interactions']:,} interactions "
            f"in {live['steps']} steps: {live['per_s']:,} {unit}/s, peak RSS "
            f"{live['peak_rss_mib']} MiB; the same as a file: {file['per_s']:,} {unit}/s, "
            f"{file['peak_rss_mib']} MiB; sync/file {r['ratio']:.2f}",
            flush=True,
        )
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "calendar": cal,
        "mailbox": mail,
        "sync": synced,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"connectors-{args.events}e-{args.messages}m.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {out}")


def sync_side_by_side(
    folder: Path, d: Directory, data_dir: str, events: int, messages: int
) -> dict[str, Any]:
    """The first sync of a mailbox and a calendar from local servers, beside the file
    connector on the same records (both with the import, each in a child process)."""
    from kamgraph.connectors import caldav, imap
    from kamgraph.connectors.calendar import convert as convert_ics
    from kamgraph.connectors.mail import convert_mbox
    from tests.dav_server import PASSWORD as DAV_PASSWORD
    from tests.dav_server import USER as DAV_USER
    from tests.dav_server import objects, radicale
    from tests.mail_server import DOVECOT, PASSWORD, USER, dovecot, mbox_messages

    mbox, ics = folder / "sync.mbox", folder / "sync.ics"
    write_mbox(mbox, messages, seed=3)
    write_calendar(ics, events, seed=4)
    today = START + dt.timedelta(days=700)
    first = today - dt.timedelta(days=CFG.window_days)
    last = today + dt.timedelta(days=CFG.ahead_days)
    out: dict[str, Any] = {}
    if not Path(DOVECOT).exists():
        raise SystemExit("the sync half needs Dovecot: run `make dovecot`")
    with contextlib.contextmanager(dovecot)() as server:
        t = time.perf_counter()
        server.append("INBOX", *mbox_messages(mbox))
        print(f"dovecot: {messages:,} messages appended in {time.perf_counter() - t:.0f} s")
        acct = imap.ImapAccount("127.0.0.1", server.port, "plain", USER, PASSWORD, (), 500)
        out["imap"] = _pair(
            measure("imap-file", lambda: convert_mbox([mbox], d, CFG), data_dir),
            measure(
                "imap", lambda store: imap.sync(store, d, acct), data_dir, target=_measure_sync
            ),
        )
    with contextlib.contextmanager(radicale)() as dav:
        dav.make_calendar("bench", "Bench")
        stored = folder / "stored"
        stored.mkdir()
        t = time.perf_counter()
        for n, text in enumerate(objects(ics)):
            if dav.put("bench", text) is not None:
                (stored / f"{n}.ics").write_text(text)
        print(f"radicale: {len(list(stored.iterdir())):,} objects stored in "
              f"{time.perf_counter() - t:.0f} s")  # fmt: skip
        cal = caldav.CaldavAccount(dav.url, DAV_USER, DAV_PASSWORD, (), 200)
        out["caldav"] = _pair(
            measure("caldav-file", lambda: convert_ics([stored], d, CFG, first, last), data_dir),
            measure(
                "caldav",
                lambda store: caldav.sync(store, d, cal, CFG, today=today),
                data_dir,
                target=_measure_sync,
            ),
        )
    return out


def _pair(file: dict[str, Any], live: dict[str, Any]) -> dict[str, Any]:
    file["per_s"] = round(file["records"] / (file["convert_s"] + file["import_s"]))
    live["per_s"] = round(live["records"] / live["sync_s"])
    return {"file": file, "sync": live, "ratio": round(live["per_s"] / file["per_s"], 3)}


if __name__ == "__main__":
    main()
