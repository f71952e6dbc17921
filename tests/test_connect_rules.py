"""What becomes an interaction, and how it is reported (../shared/CONNECTORS.md, issue 17):
a seller and a customer person on every one; the accounts' declared domains (and
--customer-domain) find unknown stakeholders; a meeting held online is a call whoever attends,
by rules a user can replace; upcoming meetings are stored; the report names people, never
prints a zero line and parses as JSON; every help text has an example.

Fixtures in recorded real-world shapes: an Exchange 2010+ invitation with a Teams link
(DESCRIPTION, X-MICROSOFT-SKYPETEAMSMEETINGURL), Outlook 16 with a Zoom link and a phone number
as location, a Google export, Exchange-saved .eml (Thread-Index) and a Thunderbird mbox
(X-Mozilla-Status)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.connect_support import CALENDAR, FIXTURES, Cli, cli_on_fresh_graph, seed

RULES_CAL = FIXTURES / "calendar-rules"
RULES_MAIL = FIXTURES / "mail-rules"
LEE, MO = "sf-005A0000001SEL1AAA", "sf-005A0000001SEL2AAA"
INGRID, LARS, KARI = "sf-003A00000NH001AAA", "sf-003A00000NH002AAA", "sf-003A00000NH003AAA"
PER = "sf-003A00000NH005AAA"
NORDHAV = "sf-001A000001NHAV1AAA"
OCTOBER = ("--from", "2026-10-01", "--to", "2026-11-30", "--as-of", "2026-11-30")
EVA = "eva.strand@fjordkraft.example"


@pytest.fixture
def seeded(engine_dir: Path) -> Iterator[Cli]:
    for cli in cli_on_fresh_graph(engine_dir):
        seed(cli)
        yield cli


def _fjordkraft(cli: Cli, tmp_path: Path) -> None:
    """An account whose domain no known person uses: only its declaration names it."""
    bundle = tmp_path / "fjordkraft.json"
    account = {"id": "fjordkraft", "name": "Fjordkraft", "domains": ["fjordkraft.example"]}
    bundle.write_text(json.dumps({"format": "kamgraph/v1", "accounts": [account]}))
    assert cli("import", str(bundle)).exit_code == 0


def _rows(report: dict[str, object]) -> list[tuple[str, str, list[str], list[str]]]:
    rows = report["interactions"]
    assert isinstance(rows, list)
    return sorted(
        (r["date"], r["kind"], [s["id"] for s in r["sellers"]], [p["id"] for p in r["people"]])
        for r in rows
    )


def test_mail_among_customer_people_adds_nothing(seeded: Cli) -> None:
    exchange = seeded.json("connect", "eml", str(RULES_MAIL), "--dry-run")
    # A customer mailing himself, a customer writing to two colleagues, one writing to a list:
    # nothing. Only Kari's mail to Lee is ours.
    assert _rows(exchange) == [("2026-10-22", "email", [LEE], [KARI])]
    assert exchange["skipped"] == {"message among customer people only (no seller of ours)": 3}
    thunderbird = seeded.json("connect", "mbox", str(RULES_MAIL / "thunderbird.mbox"), "--dry-run")
    assert _rows(thunderbird) == [("2026-10-27", "email", [MO], [LARS])]
    # Nor does a list address at the customer's subdomain become an unknown stakeholder.
    assert [s["email"] for s in exchange["unknown_stakeholders"]] == []


def test_a_customer_internal_meeting_adds_nothing_and_calls_are_calls(seeded: Cli) -> None:
    report = seeded.json("connect", "ics", str(RULES_CAL), *OCTOBER, "--dry-run")
    assert _rows(report) == [
        # A weekly 30-minute Teams sync with the CEO: three calls, not three exec meetings.
        ("2026-10-06", "call", [LEE], [INGRID]),
        ("2026-10-13", "call", [LEE], [INGRID]),
        ("2026-10-15", "call", [MO], [LARS]),  # Zoom link as location, with the CFO
        ("2026-10-16", "call", [MO], [PER]),  # a phone number as location
        ("2026-10-20", "call", [LEE], [INGRID]),
        ("2026-10-22", "exec_meeting", [LEE], [INGRID]),  # in the boardroom: in person
    ]
    assert report["kinds"] == {"call": 5, "exec_meeting": 1}
    # Kari's own meeting with Ola, a copy in our calendar: no seller of ours took part.
    assert report["skipped"] == {"meeting among customer people only (no seller of ours)": 1}


def test_the_kind_rules_can_be_replaced(
    seeded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "kinds.json"
    rules.write_text(
        json.dumps(
            {
                "rules": [
                    {"kind": "exec_meeting", "executive": True},
                    {"kind": "call", "online": True},
                ],
                "online": [r"zoom\.us/"],
            }
        )
    )
    report = seeded.json(
        "connect", "ics", str(RULES_CAL), *OCTOBER, "--dry-run", "--kind-rules", str(rules)
    )
    # Executives first, whatever the medium; only Zoom counts as online; the rest: meeting.
    assert report["kinds"] == {"exec_meeting": 5, "meeting": 1}
    # The same file as a setting.
    seeded.env["KAMGRAPH_CONNECT__KIND_RULES_FILE"] = str(rules)
    again = seeded.json("connect", "ics", str(RULES_CAL), *OCTOBER, "--dry-run")
    assert again["kinds"] == report["kinds"]
    del seeded.env["KAMGRAPH_CONNECT__KIND_RULES_FILE"]
    rules.write_text(json.dumps({"rules": [{"kind": "lunch", "title": ["lunch"]}]}))
    bad = seeded("connect", "ics", str(RULES_CAL), *OCTOBER, "--kind-rules", str(rules))
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert "kinds.json: rules[0].kind: unknown interaction kind 'lunch'" in bad.stderr


def test_upcoming_meetings_are_stored_and_reported(seeded: Cli, tmp_path: Path) -> None:
    _fjordkraft(seeded, tmp_path)
    path = str(RULES_CAL / "google-upcoming.ics")
    # No --to: the window reaches AHEAD_DAYS past the as-of day.
    report = seeded.json("connect", "ics", path, "--as-of", "2026-11-30")
    assert report["written"] is True and report["added"] == 1
    (row,) = report["interactions"]
    assert (row["date"], row["kind"], row["upcoming"]) == ("2027-01-20", "meeting", True)
    assert report["upcoming"] == [row["id"]]
    stored = [i for i in seeded.export()["interactions"] if i["id"] == row["id"]]
    assert [i["date"] for i in stored] == ["2027-01-20"]
    text = seeded("connect", "ics", path, "--as-of", "2026-11-30", "--dry-run").stdout
    assert "upcoming (after 2026-11-30) (1):" in text
    assert "2027-01-20  meeting  Lee Chen with Kari Nilsen  Steering committee grid control" in text


def test_a_contact_at_a_declared_domain_is_an_unknown_stakeholder(
    seeded: Cli, tmp_path: Path
) -> None:
    _fjordkraft(seeded, tmp_path)
    mail = seeded.json("connect", "eml", str(RULES_MAIL), "--dry-run")
    (eva,) = mail["unknown_stakeholders"]
    assert (eva["email"], eva["name"], eva["account"]) == (EVA, "Eva Strand", "fjordkraft")
    (interaction,) = mail["interactions"]
    assert eva["seen_in"] == [{"date": "2026-10-22", "interaction": interaction["id"], "title": ""}]
    cal = seeded.json(
        "connect", "ics", str(RULES_CAL / "google-upcoming.ics"), "--as-of", "2026-11-30",
        "--dry-run",
    )  # fmt: skip
    (eva,) = cal["unknown_stakeholders"]
    assert eva["seen_in"][0]["title"] == "Steering committee grid control"
    text = seeded("connect", "ics", str(RULES_CAL / "google-upcoming.ics"), "--dry-run").stdout
    assert "Steering committee grid control" in text and EVA in text


def test_customer_domain_for_one_run(seeded: Cli) -> None:
    args = ("connect", "eml", str(RULES_MAIL), "--dry-run")
    assert seeded.json(*args)["unknown_stakeholders"] == []
    report = seeded.json(*args, "--customer-domain", f"{NORDHAV}=fjordkraft.example")
    assert [(s["email"], s["account"]) for s in report["unknown_stakeholders"]] == [(EVA, NORDHAV)]
    # A public mail provider names an account only when given explicitly.
    cal = seeded.json(
        "connect", "ics", str(CALENDAR / "google-export.ics"), "--from", "2026-09-01", "--to",
        "2026-11-30", "--dry-run", "--customer-domain", "sf-001A000001BAYL1AAA=gmail.com",
    )  # fmt: skip
    assert "jane.private@gmail.com" in [s["email"] for s in cal["unknown_stakeholders"]]
    for value, message in [
        ("nope=fjordkraft.example", "no account 'nope' in the graph"),
        ("fjordkraft.example", "expected ACCOUNT=DOMAIN"),
        ("sf-001A000001BAYL1AAA=nordhav.example", f"belongs to account '{NORDHAV}'"),
    ]:
        bad = seeded(*args, "--customer-domain", value)
        assert bad.exit_code == 1 and message in bad.stderr, bad.stderr
        assert "Traceback" not in bad.output and len(bad.stderr.strip().splitlines()) == 1


def test_the_report_names_people_and_prints_no_zero_lines(seeded: Cli, tmp_path: Path) -> None:
    # The cancelled 2 November instance is outside this window: no "0 × cancelled" line.
    window = ("--from", "2026-09-01", "--to", "2026-10-31", "--as-of", "2026-10-31")
    text = seeded("connect", "ics", str(CALENDAR), *window, "--dry-run")
    assert text.exit_code == 0, text.output
    out = text.stdout
    assert "interactions would be written (5)" in out
    assert "Nordhav SCADA weekly sync" in out and "Lee Chen" in out and "Kari Nilsen, Ola" in out
    assert "Jürgen Maier" in out and "ics-" not in out
    assert " 0 × " not in out and "kinds: 3 × meeting, 2 × exec_meeting" in out
    data = seeded.json("connect", "ics", str(CALENDAR), *window, "--dry-run")
    first = data["interactions"][0]
    assert first["sellers"] == [{"id": MO, "name": "Mo Park"}]
    assert first["status"] == "added" and first["upcoming"] is False
    # A left-out record in words, with file and line.
    odd = tmp_path / "issue-343.ics"
    odd.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n"
        "DTSTART:20261014T150000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    left = seeded("connect", "ics", str(odd), *window, "--dry-run").stdout
    assert f"{odd}, line 3: an event without UID" in left and ": :" not in left


@pytest.mark.parametrize("command", ["ics", "mbox", "eml", "salesforce", None])
def test_help_is_written_for_a_user(seeded: Cli, command: str | None) -> None:
    result = seeded("connect", *([command] if command else []), "--help")
    assert result.exit_code == 0
    text = result.stdout
    assert "Example" in text and "kamgraph connect" in text
    assert "<list[" not in text and "<bool>" not in text and "<str>" not in text
    if command in ("ics", "mbox", "eml", None):
        assert "--customer-domain" in text and "domain" in text


def test_whose_address_declared_domains_public_providers_and_the_fallback() -> None:
    from kamgraph.connectors.common import Directory, Parties
    from kamgraph.connectors.config import ConnectSettings

    people = [
        {"id": "p1", "account": "acme", "name": "A", "email": "ana@acme.example"},
        {"id": "p2", "account": "acme", "name": "B", "email": "bo@gmail.com"},
    ]
    sellers = [
        {"id": "s1", "name": "Lee", "email": "lee@ourco.example"},
        {"id": "s2", "name": "Moe", "email": "moe.private@gmail.com"},  # a seller's own address
    ]
    declared = {"acme": ["acme.example"], "acme-health": ["health.acme.example"]}
    d = Directory.build(people, sellers, set(), ConnectSettings(), (), declared)
    assert d.internal_domains == ["ourco.example"]  # not gmail.com, the other seller's domain
    assert d.customer_account("new@eu.acme.example") == "acme"  # a subdomain
    assert d.customer_account("new@health.acme.example") == "acme-health"  # the most specific
    assert d.customer_account("new@gmail.com") is None  # a provider: exact addresses only
    parties = Parties()
    for address in ("moe.private@gmail.com", "bo@gmail.com", "ops@ourco.example"):
        parties.add(d, address)
    assert (parties.sellers, set(parties.people), parties.ours) == ({"s2"}, {"p2"}, True)
    assert parties.internal_unknown == {"ops@ourco.example"}
    # Not guessed from the people's addresses unless asked.
    bare = Directory.build(people, sellers, set(), ConnectSettings())
    assert bare.customer_account("new@acme.example") is None
    guessed = Directory.build(people, sellers, set(), ConnectSettings(guess_account_domains=True))
    assert guessed.customer_account("new@acme.example") == "acme"
    assert guessed.customer_account("new@gmail.com") is None
