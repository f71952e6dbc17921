"""The little of CalDAV that `kamgraph sync caldav` needs: find the user's calendars (RFC 4791,
RFC 5397), list what changed since a sync token (RFC 6578 sync-collection) or, on a server
without it, every object with its ETag (the calendar's ctag saying whether anything changed at
all), and fetch objects in batches (calendar-multiget).

Why not the `caldav` package: it requires niquests, whose urllib3-future installs itself as
the environment's `urllib3` and breaks `requests` and every library built on it (measured:
schemathesis failed with "'TrafficPolice' object has no attribute 'keys'" once caldav was
installed). These four requests over httpx2 (pydantic's httpx) are less than that risk.
Server XML is parsed with defusedxml: it comes from a server we do not control.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape

import httpx2
from defusedxml import ElementTree

from kamgraph.connectors.sync import SyncError

D = "{DAV:}"
C = "{urn:ietf:params:xml:ns:caldav}"
CS = "{http://calendarserver.org/ns/}"
NAMESPACES = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/"'


class TokenRefused(SyncError):
    """The server no longer knows our sync token (RFC 6578 valid-sync-token): list again."""


class NoSyncReport(SyncError):
    """The server has no sync-collection report: list the calendar and compare ETags."""


@dataclass(frozen=True)
class CalendarInfo:
    url: str  # absolute
    name: str
    ctag: str | None


@dataclass
class Changes:
    """What a calendar holds or changed: href → ETag (None when the server gave none),
    hrefs deleted, the new sync token; `full` when this lists the whole calendar."""

    etags: dict[str, str | None] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    token: str | None = None
    full: bool = False


@dataclass
class _Response:
    href: str
    status: int  # of the response, or of its first propstat
    props: dict[str, Element]


def _status(text: str | None) -> int:
    parts = (text or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip()


class DavClient:
    """One account's connection; `url` is the server, the principal or one calendar."""

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        timeout: float = 60.0,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.user = user
        self.http = httpx2.Client(
            auth=httpx2.BasicAuth(user, password),
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": "kamgraph-sync"},
            transport=transport,
        )

    def __enter__(self) -> DavClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.http.close()

    @property
    def where(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    # --- requests -------------------------------------------------------------------------
    def _request(self, method: str, url: str, body: str, depth: str | None) -> httpx2.Response:
        headers = {"Content-Type": "application/xml; charset=utf-8"}
        if depth is not None:
            headers["Depth"] = depth
        try:
            response = self.http.request(method, url, content=body.encode("utf-8"), headers=headers)
        except httpx2.TransportError as e:
            raise SyncError(f"cannot reach the CalDAV server {self.where}: {e}") from None
        if response.status_code == 401:
            raise SyncError(
                f"the CalDAV server {self.where} refused user {self.user}: wrong user name or "
                "password; nothing was written"
            )
        return response

    def _multistatus(
        self, method: str, url: str, body: str, depth: str | None
    ) -> tuple[list[_Response], Element]:
        response = self._request(method, url, body, depth)
        if response.status_code != 207:
            raise SyncError(
                f"the CalDAV server answered {method} {urlsplit(url).path} with "
                f"{response.status_code} {response.reason_phrase}"
            )
        return _read(response)

    def _propfind(self, url: str, props: str, depth: str) -> list[_Response]:
        body = (
            f'<?xml version="1.0"?><d:propfind {NAMESPACES}><d:prop>{props}</d:prop></d:propfind>'
        )
        return self._multistatus("PROPFIND", url, body, depth)[0]

    def _href(self, responses: list[_Response], prop: str) -> str | None:
        for r in responses:
            element = r.props.get(prop)
            href = _text(element.find(f"{D}href")) if element is not None else None
            if href:
                return urljoin(self.url, href)
        return None

    # --- what the sync asks -----------------------------------------------------------------
    def calendars(self) -> list[CalendarInfo]:
        """The calendars of the user (or the one calendar `url` names), by name."""
        props = "<d:resourcetype/><d:displayname/><cs:getctag/>"
        here = self._propfind(self.url, props + "<d:current-user-principal/>", "0")
        if here and _is_calendar(here[0]):
            return [_calendar(self.url, here[0])]
        principal = self._href(here, f"{D}current-user-principal") or self.url
        homes = self._propfind(principal, "<c:calendar-home-set/>", "0")
        home = self._href(homes, f"{C}calendar-home-set")
        if home is None:
            raise SyncError(
                f"{self.url} is no CalDAV server or calendar (no calendar-home-set for "
                f"{self.user}): give the server's CalDAV URL"
            )
        found = [
            _calendar(urljoin(home, r.href), r)
            for r in self._propfind(home, props, "1")
            if _is_calendar(r)
        ]
        return sorted(found, key=lambda c: (c.name.lower(), c.url))

    def changes(self, calendar: CalendarInfo, token: str | None) -> Changes:
        """What changed since `token` (everything, `full`, when None); following a
        truncated answer (RFC 6578 §3.6) until it is complete."""
        out = Changes(full=token is None)
        while True:
            body = (
                f'<?xml version="1.0"?><d:sync-collection {NAMESPACES}>'
                f"<d:sync-token>{escape(token or '')}</d:sync-token>"
                "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
            )
            # RFC 6578 §3.2: Depth 0 (the sync-level says how deep).
            response = self._request("REPORT", calendar.url, body, "0")
            if response.status_code in (403, 409, 412) and token is not None:
                raise TokenRefused(f"{calendar.name}: the server no longer knows our sync token")
            if response.status_code != 207:
                raise NoSyncReport(f"{calendar.name}: no sync-collection report")
            responses, root = _read(response)
            more = False
            for r in responses:
                if _same(urljoin(calendar.url, r.href), calendar.url):
                    more = more or r.status == 507  # truncated: ask again with the new token
                    continue
                if r.status == 404:
                    out.deleted.add(r.href)
                    out.etags.pop(r.href, None)
                else:
                    out.etags[r.href] = _text(r.props.get(f"{D}getetag"))
                    out.deleted.discard(r.href)
            token = _text(root.find(f"{D}sync-token")) or token
            out.token = token
            if not more:
                return out

    def listing(self, calendar: CalendarInfo) -> Changes:
        """Every object of the calendar with its ETag (servers without sync tokens)."""
        out = Changes(full=True)
        for r in self._propfind(calendar.url, "<d:getetag/><d:resourcetype/>", "1"):
            if _same(urljoin(calendar.url, r.href), calendar.url) or _is_collection(r):
                continue
            out.etags[r.href] = _text(r.props.get(f"{D}getetag"))
        return out

    def multiget(
        self, calendar: CalendarInfo, hrefs: Iterable[str]
    ) -> dict[str, tuple[str | None, str]]:
        """href → (ETag, iCalendar text) of the objects still there."""
        wanted = "".join(f"<d:href>{escape(h)}</d:href>" for h in hrefs)
        body = (
            f'<?xml version="1.0"?><c:calendar-multiget {NAMESPACES}>'
            f"<d:prop><d:getetag/><c:calendar-data/></d:prop>{wanted}</c:calendar-multiget>"
        )
        responses, _ = self._multistatus("REPORT", calendar.url, body, None)
        out: dict[str, tuple[str | None, str]] = {}
        for r in responses:
            data = _text(r.props.get(f"{C}calendar-data"))
            if r.status == 200 and data:
                out[r.href] = (_text(r.props.get(f"{D}getetag")), data)
        return out


def _read(response: httpx2.Response) -> tuple[list[_Response], Element]:
    """A multistatus answer: its responses and its root (where a sync token is)."""
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError as e:
        raise SyncError(f"the CalDAV server sent XML that cannot be read: {e}") from None
    return _responses(root), root


def _responses(root: Element) -> list[_Response]:
    out: list[_Response] = []
    for r in root.findall(f"{D}response"):
        href = _text(r.find(f"{D}href")) or ""
        status = _status(_text(r.find(f"{D}status")))
        props: dict[str, Element] = {}
        for ps in r.findall(f"{D}propstat"):
            code = _status(_text(ps.find(f"{D}status")))
            status = status or code
            if code == 200:
                for prop in ps.find(f"{D}prop") or []:
                    props[prop.tag] = prop
        out.append(_Response(href, status, props))
    return out


def _is_collection(r: _Response) -> bool:
    kind = r.props.get(f"{D}resourcetype")
    return kind is not None and kind.find(f"{D}collection") is not None


def _is_calendar(r: _Response) -> bool:
    kind = r.props.get(f"{D}resourcetype")
    return kind is not None and kind.find(f"{C}calendar") is not None


def _calendar(url: str, r: _Response) -> CalendarInfo:
    name = _text(r.props.get(f"{D}displayname")) or urlsplit(url).path.rstrip("/").split("/")[-1]
    return CalendarInfo(url, name, _text(r.props.get(f"{CS}getctag")))


def _same(a: str, b: str) -> bool:
    return urlsplit(a).path.rstrip("/") == urlsplit(b).path.rstrip("/")
