"""The HTTP server of `kamgraph serve`: uvicorn, with a deadline for slow clients.

uvicorn closes an idle keep-alive connection after `timeout_keep_alive`, but a client that
connects and then sends its request line and headers a byte at a time (or never) holds the
connection for as long as it likes: 200 such half-open connections stayed open 32 s and more.
Here every connection must deliver a complete request head within `header_timeout` seconds of
connecting or of its previous answer, or it is closed. A body is bounded by BodyLimit
(api/app.py) and read only for a known caller (api/gate.py).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from kamgraph.settings import Settings


class DeadlineH11(H11Protocol):
    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _waiting_for_a_request(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def handle_events(self) -> None:
        super().handle_events()
        if not self._waiting_for_a_request():
            self._disarm()  # the head is complete: the app has the request now

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _too_slow(self) -> None:
        self._head_deadline = None
        if self._waiting_for_a_request() and not self.transport.is_closing():
            self.transport.close()


class NoQueryStrings(logging.Filter):
    """Access-log lines without their query strings: a search (`?q=`) or a filter (`?name=`)
    would write the names people looked for into the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].partition("?")[0], *args[3:])
        return True


def config(app: Any, settings: Settings, host: str, port: int) -> uvicorn.Config:
    logging.getLogger("uvicorn.access").addFilter(ACCESS_FILTER)
    protocol = type("Deadline", (DeadlineH11,), {"header_timeout": settings.header_timeout})
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        timeout_keep_alive=5,
        log_level="info",
    )


LOCAL_NAMES = ["localhost", "127.0.0.1", "::1", "[::1]"]


def hosts_for(settings: Settings, host: str) -> Settings:
    """The settings with `allowed_hosts` decided: on a loopback address and unset, the local
    names only — a browser page on a DNS name rebound to 127.0.0.1 then gets a 400."""
    if settings.allowed_hosts is not None:
        return settings
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    return settings.model_copy(update={"allowed_hosts": LOCAL_NAMES if loopback else None})


ACCESS_FILTER = NoQueryStrings()
