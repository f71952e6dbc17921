"""Live mail sync over IMAP (`kamgraph sync imap`): new messages of INBOX and Sent (or the
folders asked for) become `email` interactions by the same rules as `kamgraph connect mbox`.

Only the headers the mail connector reads are fetched (`BODY.PEEK[HEADER.FIELDS (...)]`: no
body, no subject, and the messages stay unread). The position is each folder's UIDVALIDITY and
the last UID read; a folder whose UIDVALIDITY changed (rebuilt on the server) is read again
from its start, and the messages seen before (kept by Message-ID in the ledger, ids and days
only) are no news: nothing is doubled. Threads span runs: a reply that makes a one-way thread
two-way writes the thread's earlier messages too, as one file run of all the mail would.

Mail deleted or moved on the server stays counted: a seller who cleans up the inbox does not
erase a relationship.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kamgraph.connectors.common import Directory, Progress
from kamgraph.connectors.ledger import Ledger
from kamgraph.connectors.mail import (
    Collector,
    Message,
    RawMessage,
    decide,
    header_fields,
    note_internal_unknown,
)
from kamgraph.connectors.sync import SyncError, SyncRun, batched
from kamgraph.connectors.sync_config import ImapSettings, is_loopback, read_password
from kamgraph.storage.base import GraphStore

FIELDS = "FROM TO CC DATE MESSAGE-ID IN-REPLY-TO REFERENCES"
FETCH = f"BODY.PEEK[HEADER.FIELDS ({FIELDS})]"


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    security: str
    user: str
    password: str
    mailboxes: tuple[str, ...]
    batch: int

    @property
    def source(self) -> str:
        return f"imap:{self.user}@{self.host}"

    @classmethod
    def of(
        cls,
        cfg: ImapSettings,
        *,
        host: str | None = None,
        port: int | None = None,
        security: str | None = None,
        user: str | None = None,
        password_file: Path | None = None,
        mailboxes: list[str] | None = None,
    ) -> ImapAccount:
        """The account from the settings, with the command line's non-secret choices."""
        host = host or cfg.host
        user = user or cfg.user
        if not host:
            raise SyncError("no IMAP server: give --host or set KAMGRAPH_SYNC__IMAP__HOST")
        if not user:
            raise SyncError("no IMAP user: give --user or set KAMGRAPH_SYNC__IMAP__USER")
        security = security or cfg.security
        if security not in ("ssl", "starttls", "plain"):
            raise SyncError(f"--security {security!r}: one of ssl, starttls, plain")
        if security == "plain" and not is_loopback(host):
            raise SyncError(
                f"plain IMAP would send the password to {host} unencrypted: use "
                "--security ssl or starttls (plain is for a server on this machine only)"
            )
        password = read_password(cfg.password, password_file or cfg.password_file, "imap")
        return cls(
            host=host,
            port=port or cfg.port or (993 if security == "ssl" else 143),
            security=security,
            user=user,
            password=password,
            mailboxes=tuple(mailboxes or cfg.mailboxes),
            batch=cfg.batch,
        )


Client = Any  # imapclient.IMAPClient (imported when a sync runs: it is no start-up cost)


def connect(account: ImapAccount) -> Client:
    """A logged-in client; SyncError (in words) when the server is unreachable or refuses."""
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{account.host}:{account.port}"
    context = ssl.create_default_context()
    try:
        client = IMAPClient(
            account.host,
            port=account.port,
            ssl=account.security == "ssl",
            ssl_context=context,
            timeout=60,
        )
        if account.security == "starttls":
            client.starttls(context)
    except (OSError, IMAPClientError) as e:  # TimeoutError is an OSError
        raise SyncError(f"cannot reach the IMAP server {where}: {e}") from None
    try:
        client.login(account.user, account.password)
    except LoginError:
        client.shutdown()
        raise SyncError(
            f"the IMAP server {where} refused user {account.user}: wrong user name or "
            "password; nothing was written"
        ) from None
    return client


def folders(client: Client, wanted: tuple[str, ...]) -> list[str]:
    """The folders asked for (each must exist), else INBOX and the server's Sent folder."""
    listed = client.list_folders()
    names = [str(name) for _, _, name in listed]
    if wanted:
        missing = [w for w in wanted if w not in names]
        if missing:
            raise SyncError(
                f"no folder {', '.join(missing)} on the server (it has: {', '.join(names)})"
            )
        return list(wanted)
    sent = [str(name) for flags, _, name in listed if b"\\Sent" in flags]
    found = ["INBOX", *sent[:1]] if "INBOX" in names else sent[:1]
    if not found:
        raise SyncError("no INBOX and no Sent folder on the server: give --mailbox NAME")
    return found


def raw_message(folder: str, uid: int, header: bytes) -> RawMessage:
    """A fetched header block as the mail connector reads a file's: lines numbered from 1
    within the message, the place named `INBOX UID 42`."""
    lines = list(enumerate(header.splitlines(keepends=True), 1))
    return RawMessage(Path(f"{folder} UID {uid}"), 1, header_fields(lines))


def _header(data: dict[bytes, Any]) -> bytes:
    for key, value in data.items():
        if key.startswith(b"BODY[HEADER"):
            return bytes(value or b"")
    return b""


def sync(
    store: GraphStore,
    directory: Directory,
    account: ImapAccount,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    client_for: Callable[[ImapAccount], Client] = connect,
) -> SyncRun:
    ledger = Ledger.load(store, account.source)
    result = SyncRun.start("imap", dry_run)
    run = result.run
    collector = Collector(directory, run)
    messages = {k: Message.from_item(k, v) for k, v in ledger.items.items()}
    collector.known = set(messages)
    counted = {k for k, why in decide(messages.values()).items() if why is None}
    fresh: list[Message] = []
    positions: dict[str, Any] = ledger.position.setdefault("folders", {})
    unsaved = False
    client = client_for(account)
    try:
        boxes = folders(client, account.mailboxes)
        run.files = [f"{account.user}@{account.host}/{b}" for b in boxes]
        for box in boxes:
            uidvalidity = int(client.select_folder(box, readonly=True)[b"UIDVALIDITY"])
            known = positions.get(box)
            start = 1
            if known and known["uidvalidity"] == uidvalidity:
                start = int(known["uid"]) + 1
            elif known:
                result.notes.append(
                    f"{box}: the server renumbered the folder (its UIDVALIDITY changed): read "
                    "again from the start; messages read before are not doubled"
                )
            uids = sorted(u for u in client.search(["UID", f"{start}:*"]) if u >= start)
            for chunk in batched(uids, account.batch):
                collector.fresh = []
                fetched = client.fetch(chunk, [FETCH])
                for uid in chunk:
                    if uid in fetched:  # else expunged since the search
                        collector.add(raw_message(box, uid, _header(fetched[uid])))
                for m in collector.fresh:
                    messages[m.key] = m
                    ledger.put(m.key, m.item())
                fresh.extend(collector.fresh)
                now = {k for k, why in decide(messages.values()).items() if why is None}
                positions[box] = {"uidvalidity": uidvalidity, "uid": int(chunk[-1])}
                result.step(
                    store,
                    directory,
                    ledger,
                    [messages[k].row() for k in sorted(now - counted)],
                    [messages[k].row() for k in sorted(counted - now)],
                )
                counted = now
                if progress is not None:
                    progress(run.read)
            last = {"uidvalidity": uidvalidity, "uid": max([start - 1, *uids])}
            unsaved = unsaved or positions.get(box) != last
            positions[box] = last
        if unsaved or not result.steps:
            # A folder first seen empty, or renumbered with nothing new: its position, and
            # the time of this run, are saved all the same.
            result.step(store, directory, ledger, [])
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone: the result stands
            client.logout()
    reasons = decide(messages.values())
    for m in fresh:
        why = reasons[m.key]
        if why is not None:
            run.skipped[why] += 1
    written = run.bundle.setdefault("interactions", [])
    run.stakeholders = collector.tally.ranked({str(r["id"]) for r in written})
    run.name_parties(directory)
    note_internal_unknown(run, collector.internal_unknown)
    return result
