"""`kamgraph connect mbox` / `eml`: Inbox and Sent mboxes with a two-way thread, a one-way
thread of reminders, a duplicate, encoded-word and raw Latin-1 headers, group syntax, a message
without Message-ID, one without Date and one with 8-bit bytes in an address."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamgraph.connectors.common import ConnectorError, ConnectorRun, Directory, stable_id
from kamgraph.connectors.config import ConnectSettings
from kamgraph.connectors.mail import (
    BadRecord,
    addresses,
    convert_eml,
    convert_mbox,
    decode_words,
    mbox_messages,
)
from kamgraph.errors import KamgraphError
from kamgraph.storage import open_store
from tests.connect_support import MAIL, Cli, cli_on_fresh_graph, interactions, seed

CFG = ConnectSettings()
BOXES = [MAIL / "inbox.mbox", MAIL / "sent.mbox"]
LEE, MO = "sf-005A0000001SEL1AAA", "sf-005A0000001SEL2AAA"
INGRID, LARS, KARI = "sf-003A00000NH001AAA", "sf-003A00000NH002AAA", "sf-003A00000NH003AAA"
OLA, PER, MAIER = "sf-003A00000NH004AAA", "sf-003A00000NH005AAA", "sf-003A00000BY001AAA"


@pytest.fixture
def seeded(engine_dir: Path) -> Iterator[Cli]:
    for cli in cli_on_fresh_graph(engine_dir):
        seed(cli)
        yield cli


def _directory(cli: Cli) -> Directory:
    with open_store(cli.settings) as store:
        return Directory.load(store, CFG)


def _mbox(cli: Cli) -> ConnectorRun:
    return convert_mbox(BOXES, _directory(cli), CFG)


def test_exact_interactions_and_one_way_threads(seeded: Cli) -> None:
    run = _mbox(seeded)
    assert interactions(run.bundle) == [
        # three reminders Mo sent that never got a reply: the thread counts once, its first
        ("2026-10-01", "email", [MO], [MAIER]),
        # a two-way thread: every message counts (Ola in Cc of the first)
        ("2026-10-05", "email", [LEE], [KARI, OLA]),
        ("2026-10-06", "email", [LEE], [KARI]),  # Kari's reply (in the Inbox twice: once)
        ("2026-10-06", "email", [LEE], [KARI]),  # 23:55 -0700: the sender's own date
        ("2026-10-09", "email", [LEE], [PER]),  # a single message is its own first
        ("2026-10-13", "email", [LEE], [LARS]),  # no Message-ID: id from the other headers
        ("2026-10-20", "email", [MO], [MAIER]),  # raw Latin-1 display name
        ("2026-10-21", "email", [MO], [MAIER]),  # Mo's reply makes that thread two-way
    ]
    ids = {r["id"] for r in run.bundle["interactions"]}
    assert stable_id("mail", "t1-1.20261005101200@ourco.example") in ids
    assert stable_id("mail", "t2-1@ourco.example") in ids
    assert stable_id("mail", "t2-2@ourco.example") not in ids
    assert run.read == 15
    assert [x.as_dict() for x in run.left_out] == [
        {
            "where": f"{MAIL / 'inbox.mbox'}:75",
            "file": str(MAIL / "inbox.mbox"),
            "line": 75,
            "record": "nodate-1@mail.nordhav.example",
            "reason": "no Date header: a message without a date is no interaction",
        },
        {
            "where": f"{MAIL / 'inbox.mbox'}:89",
            "file": str(MAIL / "inbox.mbox"),
            "line": 89,
            "record": "badaddr-1@ourco.example",
            "reason": "address 'käri.nilsen@nordhav.example' holds 8-bit bytes: no e-mail address",
        },
    ]
    assert dict(run.skipped) == {
        "the same message again (same Message-ID)": 1,
        "one-way thread: later message (the thread counts once)": 2,
        "message among our own people only (no customer person of the graph)": 1,  # news
        # To: unlisted-recipients:; (no seller named): Ingrid's mail to her own list
        "message among customer people only (no seller of ours)": 1,
    }
    # Headers only: neither bodies nor subjects reach the bundle.
    text = json.dumps(run.bundle)
    assert "price floor" not in text and "SCADA" not in text and "not-a-header" not in text


def test_unknown_stakeholders_from_mail(seeded: Cli) -> None:
    run = _mbox(seeded)
    got = [
        (s["email"], s["name"], s["account"], s["appearances"], s["with_key_persons"])
        for s in run.stakeholders
    ]
    assert got == [
        ("sigrid.berg@nordhav.example", "Sigrid Berg", "sf-001A000001NHAV1AAA", 1, 1),
        ("t.huber@bayernlog.example", "Huber, Thomas", "sf-001A000001BAYL1AAA", 1, 1),
    ]


def test_eml_folder_gives_the_same_ids_as_the_mailbox(seeded: Cli) -> None:
    run = convert_eml(MAIL / "eml", _directory(seeded), CFG)
    assert interactions(run.bundle) == [
        ("2026-10-05", "email", [LEE], [KARI, OLA]),
        ("2026-10-06", "email", [LEE], [KARI]),
    ]
    mbox_ids = {r["id"] for r in _mbox(seeded).bundle["interactions"]}
    assert {r["id"] for r in run.bundle["interactions"]} <= mbox_ids


def test_cli_second_run_changes_nothing(seeded: Cli) -> None:
    before = seeded.counts()["Interaction"]
    args = ["connect", "mbox", *map(str, BOXES)]
    dry = seeded.json(*args, "--dry-run")
    assert dry["added"] == 8 and seeded.counts()["Interaction"] == before
    first = seeded.json(*args)
    assert (first["added"], first["changed"], first["unchanged"]) == (8, 0, 0)
    again = seeded.json(*args)
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, 8)
    eml = seeded.json("connect", "eml", str(MAIL / "eml"))
    assert (eml["added"], eml["changed"], eml["unchanged"]) == (0, 0, 2)
    assert seeded.counts()["Interaction"] == before + 8


def test_strict_names_the_undecodable_record_and_writes_nothing(seeded: Cli) -> None:
    before = seeded.counts()
    result = seeded("connect", "mbox", *map(str, BOXES), "--strict")
    assert result.exit_code == 1
    assert "inbox.mbox, line 89: address 'käri.nilsen@nordhav.example' holds" in result.stderr
    assert "inbox.mbox, line 75: no Date header" in result.stderr
    assert "(nodate-1@mail.nordhav.example)" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.output
    assert seeded.counts() == before


def test_a_file_that_is_no_mailbox_names_file_and_line(seeded: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "export.mbox"
    bad.write_bytes(b"\n\nDate,From,To\n2026-10-01,a@b.example,c@d.example\n")
    before = seeded.counts()
    result = seeded("connect", "mbox", str(MAIL / "sent.mbox"), str(bad))
    assert result.exit_code == 1
    assert f"{bad}, line 3: not an mbox file" in result.stderr
    assert seeded.counts() == before
    folder = tmp_path / "eml"
    folder.mkdir()
    (folder / "a.eml").write_bytes(b"\xff\xfe binary attachment\n")
    with pytest.raises(ConnectorError, match=r"a.eml, line 1: not an e-mail message"):
        convert_eml(folder, _directory(seeded), CFG)


def test_header_decoding() -> None:
    assert decode_words("=?iso-8859-1?q?Per_Dahl_=28Innkj=F8p=29?=") == "Per Dahl (Innkjøp)"
    assert decode_words("=?utf-8?q?line=0Afeed?=") == "line feed"  # no line feed in a name
    assert decode_words("=?x-unknown?q?caf=E9?=") == "café"  # unknown charset: Windows-1252
    assert addresses(b"J\xfcrgen Maier <j.maier@bayernlog.example>", 3) == [
        ("j.maier@bayernlog.example", "Jürgen Maier")
    ]
    assert addresses(b"unlisted-recipients:; (no To-header on input)", 4) == []
    assert addresses(b'"Smith, Jo" <JO@X.example>, b@y.example', 5) == [
        ("jo@x.example", "Smith, Jo"),
        ("b@y.example", ""),
    ]
    with pytest.raises(BadRecord) as caught:
        addresses(b"K <k\xe4ri@nordhav.example>", 7)
    assert caught.value.line == 7


def test_mbox_reader_keeps_headers_only(tmp_path: Path) -> None:
    box = tmp_path / "a.mbox"
    box.write_bytes(
        b"From a@b Mon Oct  5 08:12:00 2026\nMessage-ID: <m1@x>\nTo: a@b.example,\n c@d.example"
        b"\n\nFrom: body@e.example\n>From the body\n\nFrom c@d Mon Oct  5 08:13:00 2026\n"
        b"Message-ID: <m2@x>\n\n"
    )
    got = list(mbox_messages(box))
    assert [(m.line, [(n, v, line) for n, v, line in m.headers]) for m in got] == [
        (1, [("message-id", b"<m1@x>", 2), ("to", b"a@b.example, c@d.example", 3)]),
        (9, [("message-id", b"<m2@x>", 10)]),
    ]


def test_internal_domains_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from kamgraph.settings import Settings

    monkeypatch.setenv("KAMGRAPH_CONNECT__INTERNAL_DOMAINS", "OurCo.example, @ourco.de")
    assert Settings().connect.internal_domains == ["ourco.example", "ourco.de"]
    monkeypatch.setenv("KAMGRAPH_CONNECT__INTERNAL_DOMAINS", '["a.example"]')
    assert Settings().connect.internal_domains == ["a.example"]
    # Neither given nor derivable from sellers' addresses: a clear error.
    with pytest.raises(KamgraphError, match="no internal e-mail domain"):
        Directory.build([], [{"id": "s1"}], set(), ConnectSettings())
