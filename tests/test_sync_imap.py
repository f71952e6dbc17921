"""`kamgraph sync imap` against a real Dovecot on 127.0.0.1: the same interactions as the mbox
connector on the same mail, run after run; mail added, flagged and deleted between runs; a run
stopped halfway and resumed; a folder renumbered (UIDVALIDITY); a wrong password."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kamgraph.connectors.common import Directory
from kamgraph.connectors.config import ConnectSettings
from kamgraph.connectors.imap import ImapAccount, sync
from kamgraph.connectors.ledger import Ledger
from kamgraph.connectors.mail import convert_mbox
from kamgraph.connectors.sync import SyncError
from kamgraph.connectors.sync_config import ImapSettings
from kamgraph.errors import KamgraphError
from kamgraph.storage import open_store
from tests.connect_support import (
    MAIL,
    Cli,
    interactions,
    seeded_cli,
    synced,
)
from tests.mail_server import PASSWORD, USER, Dovecot, dovecot, mbox_messages

LEE, MO = "sf-005A0000001SEL1AAA", "sf-005A0000001SEL2AAA"
KARI, MAIER = "sf-003A00000NH003AAA", "sf-003A00000BY001AAA"
LEE_AT, MO_AT = "lee.chen@ourco.example", "mo.park@ourco.example"
KARI_AT, MAIER_AT = "kari.nilsen@nordhav.example", "j.maier@bayernlog.example"


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    yield from dovecot()


@pytest.fixture
def imap(server: Dovecot) -> Iterator[Dovecot]:
    server.clear()
    yield server
    server.clear()


@pytest.fixture
def seeded(engine_dir: Path) -> Iterator[Cli]:
    yield from seeded_cli(engine_dir)


def message(
    mid: str, sender: str, to: str, date: str, refs: str = "", cc: str = "", subject: str = "x"
) -> bytes:
    lines = [
        f"From: {sender}",
        f"To: {to}",
        *([f"Cc: {cc}"] if cc else []),
        f"Date: {date}",
        f"Message-ID: <{mid}>",
        *([f"In-Reply-To: <{refs}>", f"References: <{refs}>"] if refs else []),
        f"Subject: {subject}",
        "",
        "The body, never read.",
        "",
    ]
    return "\r\n".join(lines).encode()


def account(server: Dovecot, batch: int = 500, password: str = PASSWORD, **kw: Any) -> ImapAccount:
    return ImapAccount(
        host="127.0.0.1",
        port=server.port,
        security="plain",
        user=USER,
        password=password,
        mailboxes=tuple(kw.get("mailboxes", ())),
        batch=batch,
    )


def run_sync(cli: Cli, acct: ImapAccount, **kw: Any) -> Any:
    with open_store(cli.settings) as store:
        directory = Directory.load(store, ConnectSettings())
        return sync(store, directory, acct, **kw)


def cli_sync(cli: Cli, server: Dovecot, tmp_path: Path, *extra: str) -> dict[str, Any]:
    secret = tmp_path / "imap-password"
    secret.write_text(PASSWORD + "\n")
    secret.chmod(0o600)
    return cli.json(
        "sync",
        "imap",
        "--host",
        "127.0.0.1",
        "--port",
        str(server.port),
        "--security",
        "plain",
        "--user",
        USER,
        "--password-file",
        str(secret),
        *extra,
    )


def test_same_interactions_as_the_mbox_files_and_nothing_new_the_second_time(
    seeded: Cli, imap: Dovecot, tmp_path: Path
) -> None:
    imap.append("INBOX", *mbox_messages(MAIL / "inbox.mbox"))
    imap.append("Sent", *mbox_messages(MAIL / "sent.mbox"))
    with open_store(seeded.settings) as store:
        directory = Directory.load(store, ConnectSettings())
    files = convert_mbox([MAIL / "inbox.mbox", MAIL / "sent.mbox"], directory, ConnectSettings())

    first = cli_sync(seeded, imap, tmp_path)
    assert synced(seeded) == interactions(files.bundle)
    assert first["read"] == 15
    assert first["added"] == len(files.bundle["interactions"])
    assert first["files"] == [f"{USER}@127.0.0.1/INBOX", f"{USER}@127.0.0.1/Sent"]
    # The report names people, not ids, and says what was left out where, in words.
    lines = {(i["date"], i["sellers"][0]["name"]) for i in first["interactions"]}
    assert ("2026-10-05", "Lee Chen") in lines
    left = " ".join(first["left_out_text"])
    assert "UID" in left and "line" in left and "Date" in left
    assert first["skipped"] == files.skipped

    second = cli_sync(seeded, imap, tmp_path)
    assert second["read"] == 0 and second["added"] == 0 and second["interactions"] == []
    assert synced(seeded) == interactions(files.bundle)


def test_mail_added_flagged_and_deleted_between_runs(seeded: Cli, imap: Dovecot) -> None:
    # Run 1: Mo's two reminders to Maier, never answered: a one-way thread counts once.
    imap.append(
        "Sent",
        message("r1@ourco", MO_AT, MAIER_AT, "Thu, 01 Oct 2026 09:00:00 +0200"),
        message("r2@ourco", MO_AT, MAIER_AT, "Tue, 06 Oct 2026 09:00:00 +0200", refs="r1@ourco"),
    )
    imap.append("INBOX", message("k1@nordhav", KARI_AT, LEE_AT, "Mon, 05 Oct 2026 10:00:00 +0000"))
    one = run_sync(seeded, account(imap))
    assert synced(seeded) == [
        ("2026-10-01", "email", [MO], [MAIER]),
        ("2026-10-05", "email", [LEE], [KARI]),
    ]
    assert one.run.skipped["one-way thread: later message (the thread counts once)"] == 1

    # Between the runs: Maier answers (the thread is two-way now: both reminders count), the
    # reply is flagged and read, Kari's message is deleted, and mail among customer people
    # alone arrives (it adds nothing).
    imap.append(
        "INBOX",
        message("m1@bayern", MAIER_AT, MO_AT, "Wed, 07 Oct 2026 08:00:00 +0200", refs="r2@ourco"),
        message("c1@nordhav", KARI_AT, "ingrid.solberg@nordhav.example", "Thu, 08 Oct 2026 08:00"),
    )
    c = imap.client()
    c.select("INBOX")
    c.store("1", "+FLAGS", "\\Deleted")  # Kari's message: the first in INBOX
    c.expunge()
    c.store("1:*", "+FLAGS", "(\\Seen \\Flagged)")
    c.logout()

    two = run_sync(seeded, account(imap))
    assert synced(seeded) == [
        ("2026-10-01", "email", [MO], [MAIER]),
        ("2026-10-05", "email", [LEE], [KARI]),  # deleted on the server: still counted
        ("2026-10-06", "email", [MO], [MAIER]),  # the second reminder, now part of a dialogue
        ("2026-10-07", "email", [MO], [MAIER]),
    ]
    assert two.run.read == 2
    assert sorted(r["date"] for r in two.run.bundle["interactions"]) == ["2026-10-06", "2026-10-07"]
    assert two.removed == []
    assert sum(two.run.skipped.values()) == 1  # the customer-internal message


def test_a_run_stopped_halfway_goes_on_where_it_stopped(seeded: Cli, imap: Dovecot) -> None:
    mails = [
        message(f"t{i}@nordhav", KARI_AT, LEE_AT, f"Mon, {i + 1:02d} Jun 2026 10:00:00 +0000")
        for i in range(9)
    ]
    imap.append("INBOX", *mails)
    steps: list[int] = []

    def stop_after_two_steps(read: int) -> None:
        steps.append(read)
        if len(steps) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sync(seeded, account(imap, batch=2), progress=stop_after_two_steps)
    assert len(synced(seeded)) == 4  # two whole steps of two messages

    resumed = run_sync(seeded, account(imap, batch=2))
    assert resumed.run.read == 5  # only what the stopped run had not written
    rows = synced(seeded)
    assert len(rows) == 9 and len({r[0] for r in rows}) == 9
    with open_store(seeded.settings) as store:
        ledger = Ledger.load(store, f"imap:{USER}@127.0.0.1")
    c = imap.client()
    c.select("INBOX", readonly=True)
    uids = [int(u) for u in c.uid("SEARCH", "ALL")[1][0].split()]
    c.logout()
    assert ledger.position["folders"]["INBOX"]["uid"] == max(uids)
    assert len(ledger.items) == 9, sorted(ledger.items)
    # What the ledger keeps: ids and days, never an address or a subject.
    text = json.dumps(ledger.items)
    assert "@" not in text.replace("@nordhav", "") and "Subject" not in text


def test_a_renumbered_folder_is_read_again_without_doubling(seeded: Cli, imap: Dovecot) -> None:
    first = message("a1@ourco", LEE_AT, KARI_AT, "Tue, 02 Jun 2026 10:00:00 +0000")
    c = imap.client()
    c.create("Archive")
    c.logout()
    imap.append("Archive", first)
    run_sync(seeded, account(imap, mailboxes=["Archive"]))
    assert len(synced(seeded)) == 1

    # The server rebuilds the folder: a new UIDVALIDITY, the same message and a new one.
    c = imap.client()
    c.delete("Archive")
    c.create("Archive")
    c.logout()
    later = message("a2@nordhav", KARI_AT, LEE_AT, "Wed, 03 Jun 2026 10:00:00 +0000")
    imap.append("Archive", first, later)
    again = run_sync(seeded, account(imap, mailboxes=["Archive"]))
    assert any("UIDVALIDITY" in n for n in again.notes)
    assert [r["date"] for r in again.run.bundle["interactions"]] == ["2026-06-03"]
    assert synced(seeded) == [
        ("2026-06-02", "email", [LEE], [KARI]),
        ("2026-06-03", "email", [LEE], [KARI]),
    ]


def test_a_wrong_password_is_a_clear_error_and_writes_nothing(
    seeded: Cli, imap: Dovecot, tmp_path: Path
) -> None:
    imap.append("INBOX", message("w1@nordhav", KARI_AT, LEE_AT, "Mon, 01 Jun 2026 10:00:00 +0000"))
    before = seeded.counts()
    with pytest.raises(SyncError, match="refused user lee.chen@ourco.example: wrong user name"):
        run_sync(seeded, account(imap, password="wrong"))
    secret = tmp_path / "pw"
    secret.write_text("wrong\n")
    secret.chmod(0o600)
    result = seeded(
        "sync", "imap", "--host", "127.0.0.1", "--port", str(imap.port), "--security", "plain",
        "--user", USER, "--password-file", str(secret),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "wrong user name or password; nothing was written" in result.output
    assert "Traceback" not in result.output
    assert seeded.counts() == before
    assert seeded("sync", "status").output.strip() == "no sync has run on this database yet"


def test_a_missing_folder_is_named_with_those_there(seeded: Cli, imap: Dovecot) -> None:
    with pytest.raises(SyncError, match="no folder Nope on the server .*INBOX"):
        run_sync(seeded, account(imap, mailboxes=["Nope"]))


def test_passwords_never_from_a_file_others_can_read_nor_plain_to_another_host(
    tmp_path: Path,
) -> None:
    secret = tmp_path / "pw"
    secret.write_text("x\n")
    secret.chmod(0o644)
    cfg = ImapSettings(host="imap.ourco.example", user=USER)
    with pytest.raises(KamgraphError, match=r"can be read by others \(mode 0644\): run `chmod 600"):
        ImapAccount.of(cfg, password_file=secret)
    secret.chmod(0o600)
    assert ImapAccount.of(cfg, password_file=secret).password == "x"
    assert ImapAccount.of(cfg, password_file=secret).port == 993
    with pytest.raises(KamgraphError, match="unencrypted"):
        ImapAccount.of(cfg, password_file=secret, security="plain")
    with pytest.raises(KamgraphError, match="KAMGRAPH_SYNC__IMAP__PASSWORD"):
        ImapAccount.of(cfg)


def test_the_cli_takes_no_password_option(seeded: Cli) -> None:
    result = seeded("sync", "imap", "--password", "x")
    assert result.exit_code == 2
    assert "--password-file" in seeded("sync", "imap", "--help").output


def test_erasing_a_person_leaves_no_trace_in_the_sync_memory(seeded: Cli, imap: Dovecot) -> None:
    imap.append(
        "INBOX",
        message("e1@nordhav", KARI_AT, LEE_AT, "Mon, 01 Jun 2026 10:00:00 +0000"),
        message("e2@bayern", MAIER_AT, MO_AT, "Tue, 02 Jun 2026 10:00:00 +0000"),
    )
    run_sync(seeded, account(imap))
    source = f"imap:{USER}@127.0.0.1"
    with open_store(seeded.settings) as store:
        assert KARI in json.dumps(Ledger.load(store, source).items)
    assert seeded("person", "erase", "Kari Nilsen", "--yes").exit_code == 0
    with open_store(seeded.settings) as store:
        items = Ledger.load(store, source).items
    assert len(items) == 2 and KARI not in json.dumps(items) and MAIER in json.dumps(items)
    # The next run writes nothing for her again (and her message is not read again).
    again = run_sync(seeded, account(imap))
    assert again.run.read == 0
    rows = seeded.export_rows()
    assert ("2026-06-02", "email", [MO], [MAIER]) in rows
    assert not any(KARI in r[3] for r in rows)
