"""A real CalDAV server for the sync tests: Radicale (PyPI, a dev dependency), started by the
tests on 127.0.0.1 with its own storage folder and one user (htpasswd, plain: loopback only).
The tests' hands on it are plain HTTP: MKCALENDAR, PUT and DELETE, as a calendar app does."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx2
import icalendar

from tests.mail_server import free_port, wait_for_port

USER, PASSWORD = "lee.chen@ourco.example", "s3cret-cal"


class Radicale:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        (root / "users").write_text(f"{USER}:{PASSWORD}\n")
        conf = root / "radicale.conf"
        conf.write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {root}/users\n"
            "htpasswd_encryption = plain\n"
            f"[storage]\nfilesystem_folder = {root}/collections\n"
            "[logging]\nlevel = warning\n"
        )
        log = root / "radicale.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(conf)],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process, log)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.http = httpx2.Client(auth=httpx2.BasicAuth(USER, PASSWORD), timeout=30)

    def calendar_url(self, name: str) -> str:
        return f"{self.url}{USER}/{name}/"

    def make_calendar(self, name: str, display: str | None = None) -> str:
        url = self.calendar_url(name)
        body = (
            '<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" '
            'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
            f"<d:displayname>{display or name}</d:displayname></d:prop></d:set></c:mkcalendar>"
        )
        r = self.http.request("MKCALENDAR", url, content=body)
        assert r.status_code == 201, (r.status_code, r.text)
        return url

    def put(self, calendar: str, text: str, name: str | None = None) -> str | None:
        """Store one calendar object (as a calendar app saves an event); its URL, or None
        when Radicale refuses it (its vobject cannot read Outlook's `(UTC+01:00) ...` TZID)."""
        uid = str(icalendar.Calendar.from_ical(text).walk("VEVENT")[0]["UID"])
        name = name or hashlib.sha1(uid.encode()).hexdigest()[:12]
        url = f"{self.calendar_url(calendar)}{name}.ics"
        r = self.http.put(url, content=text.encode(), headers={"Content-Type": "text/calendar"})
        if r.status_code == 400:
            return None
        assert r.status_code in (201, 204), (r.status_code, r.text)
        return url

    def delete(self, url: str) -> None:
        r = self.http.delete(url)
        assert r.status_code in (200, 204), (r.status_code, r.text)

    def clear(self) -> None:
        r = self.http.request("DELETE", f"{self.url}{USER}/")
        assert r.status_code in (200, 204, 404), (r.status_code, r.text)

    def stop(self) -> None:
        self.http.close()
        self.process.terminate()
        self.process.wait(timeout=10)


def radicale() -> Iterator[Radicale]:
    tmp = Path(tempfile.mkdtemp(prefix="kamgraph-radicale-"))
    server = Radicale(tmp)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def objects(*files: Path) -> list[str]:
    """The events of invitation files as a calendar server stores them: one object per UID
    (master and overrides), the highest SEQUENCE of each (UID, RECURRENCE-ID) kept (a later
    update or cancellation replaces the earlier), METHOD dropped (not stored, RFC 4791)."""
    zones: dict[str, icalendar.Component] = {}
    best: dict[tuple[str, str], icalendar.Component] = {}
    order: list[str] = []
    for path in files:
        cal = icalendar.Calendar.from_ical(path.read_text(encoding="utf-8"))
        for tz in cal.walk("VTIMEZONE"):
            zones.setdefault(str(tz["TZID"]), tz)
        for ev in cal.walk("VEVENT"):
            uid = str(ev["UID"])
            rid = ev.get("RECURRENCE-ID")
            key = (uid, rid.to_ical().decode() if rid is not None else "")
            if uid not in order:
                order.append(uid)
            old = best.get(key)
            if old is None or int(ev.get("SEQUENCE", 0)) >= int(old.get("SEQUENCE", 0)):
                best[key] = ev
    out: list[str] = []
    for uid in order:
        cal = icalendar.Calendar()
        cal.add("PRODID", "-//kamgraph tests//EN")
        cal.add("VERSION", "2.0")
        events = [ev for (u, _), ev in best.items() if u == uid]
        text = "".join(ev.to_ical().decode() for ev in events)
        for tzid, tz in zones.items():
            if tzid in text:
                cal.add_component(tz)
        for ev in events:
            cal.add_component(ev)
        out.append(cal.to_ical().decode())
    return out
