"""`kamgraph connect ics`: Outlook invitations (Windows zones, folded lines, rooms, a moved and a
cancelled instance in another file), a Google export (UTC times, resources), exact interactions,
kinds and unknown stakeholders; a second run changes nothing; a truncated file writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamgraph.connectors.calendar import (
    _quote_tzid,
    blocks,
    convert,
    local_day,
    resolve_tzid,
)
from kamgraph.connectors.common import (
    ConnectorError,
    ConnectorRun,
    Directory,
    PersonEntry,
    stable_id,
)
from kamgraph.connectors.config import ConnectSettings
from kamgraph.connectors.kinds import KindRules
from kamgraph.storage import open_store
from tests.connect_support import CALENDAR, Cli, cli_on_fresh_graph, interactions, seed

CFG = ConnectSettings()
WINDOW = ("--from", "2026-09-01", "--to", "2026-11-30")
SERIES = (
    "040000008200E00074C5B7101A82E00800000000D0F1A2B3C4D5E60100000000000000001000000077A3B2C1D0E0F"
    "1A2B3C4D5E6F7A8B9C0"
)
LEE, MO, ANA = "sf-005A0000001SEL1AAA", "sf-005A0000001SEL2AAA", "sf-005A0000001SEL3AAA"
INGRID, KARI, OLA = "sf-003A00000NH001AAA", "sf-003A00000NH003AAA", "sf-003A00000NH004AAA"
MAIER = "sf-003A00000BY001AAA"


@pytest.fixture
def seeded(engine_dir: Path) -> Iterator[Cli]:
    for cli in cli_on_fresh_graph(engine_dir):
        seed(cli)
        yield cli


def _convert(cli: Cli, *paths: Path) -> ConnectorRun:
    with open_store(cli.settings) as store:
        directory = Directory.load(store, CFG)
    return convert(
        list(paths) or [CALENDAR], directory, CFG, dt.date(2026, 9, 1), dt.date(2026, 11, 30)
    )


def test_exact_interactions_kinds_and_ids(seeded: Cli) -> None:
    run = _convert(seeded)
    assert interactions(run.bundle) == [
        # floating time; the Geschäftsführer is an executive
        ("2026-09-30", "exec_meeting", [MO], [MAIER]),
        # weekly series: the room is no one; Ola's TENTATIVE is taking part
        ("2026-10-05", "meeting", [LEE], [KARI, OLA]),
        # Lars declined; "(UTC+01:00) Amsterdam, ..." resolved; Ana on our side
        ("2026-10-14", "exec_meeting", [LEE, ANA], [INGRID]),
        # the 19th moved to the 20th; the override has no ATTENDEE: it inherits the master's
        ("2026-10-20", "meeting", [LEE], [KARI, OLA]),
        ("2026-10-26", "meeting", [LEE], [KARI, OLA]),  # after the DST change
        # 00:30 in Oslo is 23:30 UTC the day before: the meeting's own date counts
        ("2026-11-03", "call", [ANA], [KARI]),  # "call" in the title: a call, not a trial
        ("2026-11-09", "meeting", [LEE], [KARI, OLA]),  # 11-02 cancelled (RECURRENCE-ID in UTC)
        # Google, UTC, a resource; a Google Meet link in its DESCRIPTION: held online
        ("2026-11-10", "call", [LEE], [KARI, OLA]),
    ]
    rows = {r["id"]: r for r in run.bundle["interactions"]}
    keys = ("20261005T070000Z", "20261019T070000Z", "20261026T080000Z", "20261109T080000Z")
    series = {stable_id("ics", SERIES, key) for key in keys}
    assert series <= set(rows)
    assert rows[stable_id("ics", SERIES, "20261019T070000Z")]["date"] == "2026-10-20"
    single = stable_id("ics", "b7e1c2d0-strategy-review@ourco.example")
    assert rows[single]["notes"] == "Strategy review with Ingrid Solberg"
    # DESCRIPTION is never read.
    assert "confidential" not in json.dumps(run.bundle).lower()
    assert dict(run.skipped) == {
        "cancelled event (METHOD:CANCEL or STATUS:CANCELLED)": 1,  # the site visit
        "cancelled occurrence": 1,
        "meeting whose customer people all declined": 1,  # the dinner
    }
    assert run.left_out == [] and run.read == 11


def test_unknown_stakeholders_ranked_with_key_persons(seeded: Cli) -> None:
    run = _convert(seeded)
    got = [
        (s["email"], s["name"], s["appearances"], s["with_key_persons"], s["key_persons"])
        for s in run.stakeholders
    ]
    # Sigrid: 4 series occurrences (the moved one inherits her) + the workshop; gmail, a
    # partner's domain and a NON-PARTICIPANT are no stakeholders.
    assert got == [
        ("sigrid.berg@nordhav.example", "Sigrid Berg", 5, 5, [KARI, OLA]),
        ("t.huber@bayernlog.example", "Huber, Thomas", 1, 1, [MAIER]),
    ]
    first = run.stakeholders[0]
    assert (first["first_seen"], first["last_seen"]) == ("2026-10-05", "2026-11-10")
    assert first["person"] == {
        "id": "sf-001A000001NHAV1AAA-sigrid-berg",
        "account": "sf-001A000001NHAV1AAA",
        "name": "Sigrid Berg",
        "email": "sigrid.berg@nordhav.example",
    }


def test_cli_second_run_changes_nothing_and_stakeholders_import(
    seeded: Cli, tmp_path: Path
) -> None:
    dry = seeded.json("connect", "ics", str(CALENDAR), *WINDOW, "--dry-run")
    assert dry["added"] == 8 and dry["written"] is False
    before = seeded.counts()
    out = tmp_path / "stakeholders.json"
    first = seeded.json("connect", "ics", str(CALENDAR), *WINDOW, "--stakeholders-out", str(out))
    assert (first["added"], first["changed"]) == (8, 0)
    assert seeded.counts()["Interaction"] == before["Interaction"] + 8
    again = seeded.json("connect", "ics", str(CALENDAR), *WINDOW)
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, 8)
    # The stakeholders file is a bundle of people: once imported, the meetings they were in
    # gain them on the next run, and they are no longer unknown.
    assert seeded("import", str(out)).exit_code == 0
    after = seeded.json("connect", "ics", str(CALENDAR), *WINDOW)
    assert (after["added"], after["changed"], after["unchanged"]) == (0, 6, 2)
    assert after["unknown_stakeholders"] == []


def test_internal_domain_option_and_window(seeded: Cli) -> None:
    result = seeded.json(
        "connect",
        "ics",
        str(CALENDAR / "outlook-invites.ics"),
        "--internal-domain",
        "ourco.example",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--dry-run",
    )
    assert result["added"] == 1  # only the 2025 kickoff is inside this window


def test_a_truncated_calendar_names_file_and_line_and_writes_nothing(
    seeded: Cli, tmp_path: Path
) -> None:
    lines = (CALENDAR / "outlook-invites.ics").read_bytes().split(b"\r\n")
    cut = tmp_path / "cut.ics"
    cut.write_bytes(b"\r\n".join(lines[:66]))
    before = seeded.counts()
    result = seeded("connect", "ics", str(CALENDAR / "google-export.ics"), str(cut), *WINDOW)
    assert result.exit_code == 1
    opened = max(i for i, line in enumerate(lines[:66], 1) if line == b"BEGIN:VEVENT")
    assert opened < 66
    assert (
        f"cut.ics, line {opened}: BEGIN:VEVENT is never closed (the file ends at line 66: "
        "truncated?)" in result.stderr
    )
    assert "Traceback" not in result.output
    assert seeded.counts() == before  # not even the good file's events


def test_unbalanced_and_foreign_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
    with pytest.raises(ConnectorError, match=r"bad.ics, line 4: END:VTODO closes BEGIN:VEVENT"):
        list(blocks(bad))
    bad.write_text("<html>not a calendar</html>\r\n")
    with pytest.raises(ConnectorError, match=r"bad.ics, line 1: not a calendar"):
        list(blocks(bad))


def test_a_broken_line_leaves_out_its_event_and_strict_fails(seeded: Cli, tmp_path: Path) -> None:
    text = (CALENDAR / "google-export.ics").read_text(encoding="utf-8")
    broken = tmp_path / "broken.ics"
    broken.write_text(text.replace("SUMMARY:Abstimmung", "THIS LINE IS BROKEN\r\nSUMMARY:Abst"))
    line = broken.read_text().splitlines().index("THIS LINE IS BROKEN") + 1
    loose = seeded.json("connect", "ics", str(broken), *WINDOW, "--dry-run")
    assert loose["left_out"] == [
        {
            "where": f"{broken}:{line}",
            "file": str(broken),
            "line": line,
            "record": "7h8j9k0l-lager@google.com",
            "reason": "not a content line (NAME:value): event left out",
        }
    ]
    assert loose["added"] == 1
    strict = seeded("connect", "ics", str(broken), *WINDOW, "--strict")
    assert strict.exit_code == 1 and f"broken.ics, line {line}: not a content line" in strict.stderr
    assert "nothing was written" in strict.stderr


def test_time_zone_names() -> None:
    berlin, how = resolve_tzid('"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"')
    assert berlin == zoneinfo.ZoneInfo("Europe/Amsterdam") and how == ""
    assert resolve_tzid("W. Europe Standard Time")[0] == zoneinfo.ZoneInfo("Europe/Berlin")
    eastern, how = resolve_tzid("(UTC-05:00) Eastern Time (US & Canada)")
    assert eastern == dt.timezone(-dt.timedelta(hours=5)) and "offset only" in how
    assert resolve_tzid("Customized Time Zone") == (None, "unknown: times taken as written")
    late = dt.datetime(2026, 11, 10, 23, 30, tzinfo=dt.UTC)
    assert local_day(late, "UTC") == dt.date(2026, 11, 10)
    assert local_day(late, "Asia/Tokyo") == dt.date(2026, 11, 11)
    oslo = dt.datetime(2026, 11, 3, 0, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
    assert local_day(oslo, "UTC") == dt.date(2026, 11, 3)


def test_kind_rules() -> None:
    def person(title: str = "", layer: str | None = None) -> PersonEntry:
        return PersonEntry("p", "a", "", title, layer, False)

    directory = Directory.build([], [{"id": "s", "email": "s@ourco.example"}], set(), CFG)
    rules = KindRules.of(CFG)
    cases = [
        ("HQ visit and showroom tour", [person("CEO")], False, "hq_visit"),
        ("Reference site visit", [person()], False, "site_visit"),
        ("PoC review", [person("Chief Technology Officer")], False, "trial"),
        ("Quarterly review", [person("VP Operations")], False, "exec_meeting"),
        ("Quarterly review", [person("Engineer", layer="decision")], False, "exec_meeting"),
        # Held online: a call, whoever attends (not 3 × exec_meeting for a weekly Teams sync).
        ("Quarterly review", [person("VP Operations")], True, "call"),
        ("HQ visit and showroom tour", [person("CEO")], True, "call"),
        ("Architecture deep-dive", [person("Engineer")], False, "tech_exchange"),
        ("Charity run", [person()], False, "csr_event"),
        ("Team dinner", [person()], False, "social"),
        ("Quick call", [person("Vice-president of sales")], False, "call"),
        ("Pilot kickoff (late call)", [person()], False, "call"),
        ("Status", [person("Head of IT")], False, "meeting"),
        ("Status", [person("Vice chair of the choir")], False, "meeting"),
    ]
    for text, people, online, kind in cases:
        executive = any(directory.is_executive(p) for p in people)
        assert rules.kind_of(text, online, executive) == kind, text


def test_outlook_display_names_are_quoted_before_parsing() -> None:
    line = r"DTSTART;TZID=(UTC+01:00) Amsterdam\, Berlin\, Vienna:20261014T150000"
    assert (
        _quote_tzid(line) == 'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Vienna":20261014T150000'
    )
    many = r"EXDATE;TZID=(UTC-05:00) Eastern Time (US & Canada);X=1:20261014T150000,20261021T150000"
    assert _quote_tzid(many) == (
        'EXDATE;TZID="(UTC-05:00) Eastern Time (US & Canada)";X=1:20261014T150000,20261021T150000'
    )
    assert _quote_tzid('DTSTART;TZID="x":20261014T150000') == 'DTSTART;TZID="x":20261014T150000'


def test_bad_values_are_left_out_and_unknown_zones_reported(seeded: Cli, tmp_path: Path) -> None:
    def event(uid: str, *lines: str) -> str:
        people = [
            "ORGANIZER:mailto:lee.chen@ourco.example",
            "ATTENDEE:mailto:ingrid.solberg@nordhav.example",
        ]
        return "\r\n".join(
            ["BEGIN:VEVENT", f"UID:{uid}", *lines, "SUMMARY:x", *people, "END:VEVENT"]
        )

    ics = tmp_path / "odd.ics"
    ics.write_text(
        "\r\n".join(
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                event("bad-date", "DTSTART:2026-10-14 15:00"),
                event("bad-rule", "DTSTART:20261014T150000", "RRULE:FREQ=SOMETIMES"),
                event("custom-zone", "DTSTART;TZID=Customized Time Zone:20261015T150000"),
                "END:VCALENDAR",
                "",
            ]
        )
    )
    result = seeded.json("connect", "ics", str(ics), *WINDOW, "--dry-run")
    assert [(x["where"], x["record"]) for x in result["left_out"]] == [
        (f"{ics}:3", "bad-date"),
        (f"{ics}:10", "bad-rule"),
    ]
    assert result["tables"]["interactions"]["added"] == [stable_id("ics", "custom-zone")]
    assert result["unmapped"] == [
        "time zone 'Customized Time Zone' unknown: times taken as written"
    ]
