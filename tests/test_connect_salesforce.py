"""`kamgraph connect salesforce`: the fixture export (Latin-1, mixed header case, placeholder
ids, automation users, custom stages, empty contact roles) mapped exactly, reported, idempotent."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamgraph.connectors.common import ConnectorError
from kamgraph.connectors.config import ConnectSettings
from kamgraph.connectors.salesforce import convert, load_mapping
from tests.connect_support import SALESFORCE, Cli, cli_on_fresh_graph, interactions

CFG = ConnectSettings()


@pytest.fixture
def cli(engine_dir: Path) -> Iterator[Cli]:
    yield from cli_on_fresh_graph(engine_dir)


def sf(x: str) -> str:
    return f"sf-{x}"


def test_export_maps_to_the_exact_bundle() -> None:
    run = convert(SALESFORCE, CFG)
    b = run.bundle
    assert [(a["id"], a["name"], a.get("parent")) for a in b["accounts"]] == [
        (sf("001A000001NHAV1AAA"), "Nordhav Energi ASA", None),
        (sf("001A000001BAYL1AAA"), "Bayern Logistik München GmbH", None),  # Latin-1 decoded
    ]
    # AnnualRevenue is the customer's revenue, not ours: never mapped.
    assert all("revenue" not in a for a in b["accounts"])
    people = {p["id"]: (p["name"], p.get("email"), p.get("unit")) for p in b["people"]}
    assert people == {
        sf("003A00000NH001AAA"): (
            "Ingrid Solberg",
            "ingrid.solberg@nordhav.example",
            sf("001A000001NHAV1AAA-executive"),
        ),
        sf("003A00000NH002AAA"): (
            "Lars Eriksen",
            "lars.eriksen@nordhav.example",
            sf("001A000001NHAV1AAA-executive"),
        ),
        sf("003A00000NH003AAA"): (
            "Kari Nilsen",
            "kari.nilsen@nordhav.example",
            sf("001A000001NHAV1AAA-it"),
        ),
        sf("003A00000NH004AAA"): (
            "Ola Hansen",
            "ola.hansen@nordhav.example",
            sf("001A000001NHAV1AAA-it"),
        ),
        sf("003A00000NH005AAA"): (
            "Per Dahl",
            "per.dahl@nordhav.example",
            sf("001A000001NHAV1AAA-procurement"),
        ),
        sf("003A00000BY001AAA"): (
            "Jürgen Maier",
            "j.maier@bayernlog.example",
            sf("001A000001BAYL1AAA-geschaftsleitung"),
        ),
        sf("003A00000BY002AAA"): (
            "Ma?gorzata Nowak",
            "m.nowak@bayernlog.example",
            sf("001A000001BAYL1AAA-it"),
        ),
    }
    units = {u["id"]: u["function"] for u in b["units"]}
    assert units[sf("001A000001NHAV1AAA-it")] == "technical"
    assert units[sf("001A000001NHAV1AAA-procurement")] == "procurement"
    assert units[sf("001A000001BAYL1AAA-geschaftsleitung")] == "other"
    assert sorted((r["person"], r["manager"]) for r in b["reports_to"]) == sorted(
        [
            (sf("003A00000NH002AAA"), sf("003A00000NH001AAA")),
            (sf("003A00000NH003AAA"), sf("003A00000NH001AAA")),
            (sf("003A00000NH004AAA"), sf("003A00000NH003AAA")),
            (sf("003A00000BY002AAA"), sf("003A00000BY001AAA")),
        ]
    )
    # Automation and licence users own records but are no sellers; unused users are left out.
    assert [s["id"] for s in b["sellers"]] == [
        sf("005A0000001SEL1AAA"),
        sf("005A0000001SEL2AAA"),
        sf("005A0000001SEL3AAA"),
    ]
    assert {
        o["id"]: (o["stage"], o.get("value"), o["currency"], o.get("close_date"))
        for o in b["opportunities"]
    } == {
        sf("006A00000OPP1AAA"): ("bid", 2400000.0, "NOK", "2027-03-31"),
        sf("006A00000OPP2AAA"): ("won", 350000.0, "NOK", "2026-06-30"),
        sf("006A00000OPP3AAA"): ("lead", 900000.0, "EUR", "2027-01-15"),  # Negociación: unmapped
        sf("006A00000OPP4AAA"): ("lost", None, "EUR", "2026-05-31"),  # custom closed stage
    }
    assert sorted((r["opportunity"][-7:-3], r["person"][-6:-3], r["role"]) for r in b["roles"]) == [
        ("OPP1", "001", "economic_buyer"),
        ("OPP1", "002", "decision_maker"),
        ("OPP1", "003", "technical_buyer"),
        ("OPP1", "003", "user_buyer"),
        ("OPP1", "004", "technical_buyer"),  # Evaluator
        ("OPP1", "005", "influencer"),
        ("OPP2", "001", "economic_buyer"),  # "economic buyer": case does not matter
        ("OPP3", "001", "economic_buyer"),
    ]
    nordhav, bayern = sf("001A000001NHAV1AAA"), sf("001A000001BAYL1AAA")
    assert sorted((t["account"], t["seller"], t["role"]) for t in b["account_team"]) == [
        (bayern, sf("005A0000001SEL2AAA"), "AR"),
        (bayern, sf("005A0000001SEL3AAA"), "other"),  # Lead Qualifier: not in the mapping
        (nordhav, sf("005A0000001SEL1AAA"), "AR"),
        (nordhav, sf("005A0000001SEL3AAA"), "SR"),
    ]
    s1, s2 = sf("005A0000001SEL1AAA"), sf("005A0000001SEL2AAA")
    assert interactions(b) == [
        ("2026-09-14", "call", [s1], [sf("003A00000NH003AAA")]),
        ("2026-09-20", "email", [], [sf("003A00000BY002AAA")]),  # owner: Automated Process
        ("2026-10-02", "email", [s1], [sf("003A00000NH002AAA")]),
        ("2026-10-07", "exec_meeting", [s1], [sf("003A00000NH001AAA")]),
        ("2026-10-20", "meeting", [s2], [sf("003A00000BY001AAA")]),  # ActivityDateTime, UTC
    ]
    by_id = {i["id"]: i for i in b["interactions"]}
    assert by_id[sf("00TA0000TSK1AAA")]["opportunity"] == sf("006A00000OPP1AAA")
    assert run.read == 45


def test_what_is_not_mapped_is_reported() -> None:
    run = convert(SALESFORCE, CFG)
    assert [x.as_dict() for x in run.left_out] == [
        {
            "where": "Task.csv:7",
            "file": "Task.csv",
            "line": 7,
            "record": "00TA0000TSK6AAA",
            "reason": "date '31/09/2026' cannot be read",
        },
    ]
    assert dict(run.skipped) == {
        "Contact: deleted records": 1,
        "Task: deleted records": 1,
        "Task: not completed (a to-do, no interaction)": 1,
        "Task: no contact of the export (WhoId)": 1,
        "User: owns nothing in the export (not a seller)": 2,
    }
    assert run.unmapped == [
        "Account.csv:3: parent account 001A000009GONE1AAA is not in the export: left out",
        "Account.csv:4: placeholder id '000000000000000AAA': not a record",
        "Contact.csv:10: contact 003A00000XX001AAA has no account: left out",
        "Contact.csv:6: ReportsToId 003A00000GONE01AAA is not a contact of the export: "
        "reporting line left out",
        "User.csv:5: user 'Automated Process' (AutomatedProcess) is not a seller: its records "
        "have no seller",
        "Opportunity.csv:4: stage 'Negociación' is not in the mapping: imported as lead "
        '(add it to "stages")',
        "Opportunity.csv:5: stage 'Cerrada perdida' is not in the mapping: imported as lost "
        '(add it to "stages")',
        "OpportunityContactRole.csv:10: contact 003A00000BY002AAA on 006A00000OPP3AAA has no role",
        "OpportunityContactRole.csv:11: contact role 'Executive Sponsor' is not in the mapping: "
        'left out (add it to "contact_roles")',
        "AccountTeamMember.csv:5: team role 'Lead Qualifier' is not in the mapping: imported as "
        "other",
    ]


def test_a_mapping_file_overrides_the_defaults(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SALESFORCE, export)
    contact = export / "Contact.csv"
    text = contact.read_bytes().decode("latin-1").splitlines()
    layers = [
        "LAYER__C",
        "decision",
        "decision",
        "management",
        "operation",
        "operation",
        "",
        "Decision",
        "management",
        "",
    ]
    contact.write_bytes(
        "\r\n".join(f'{line},"{v}"' for line, v in zip(text, layers, strict=True)).encode("latin-1")
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "stages": {"negociación": "negotiation"},
                "contact_roles": {"Executive Sponsor": "coach"},
                "columns": {"Contact": {"layer": "Layer__c"}},
            }
        )
    )
    run = convert(export, CFG, mapping)
    stages = {o["id"]: o["stage"] for o in run.bundle["opportunities"]}
    assert stages[sf("006A00000OPP3AAA")] == "negotiation"
    roles = {(r["person"], r["role"]) for r in run.bundle["roles"]}
    assert (sf("003A00000BY002AAA"), "coach") in roles
    layer = {p["id"]: p.get("layer") for p in run.bundle["people"]}
    assert layer[sf("003A00000NH001AAA")] == "decision"
    assert layer[sf("003A00000BY001AAA")] == "decision"
    assert layer[sf("003A00000NH004AAA")] == "operation"
    assert not any("Negociación" in n or "Executive Sponsor" in n for n in run.unmapped)


def test_a_bad_mapping_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text('{"stages": {"x": "lead"},\n "colums": {}}')
    with pytest.raises(ConnectorError, match="unknown mapping section 'colums'"):
        load_mapping(bad)
    bad.write_text('{"stages": \n oops}')
    with pytest.raises(ConnectorError, match=r"m.json, line 2: not valid JSON"):
        load_mapping(bad)


def test_import_is_idempotent_and_dry_run_writes_nothing(cli: Cli) -> None:
    dry = cli.json("connect", "salesforce", str(SALESFORCE), "--dry-run")
    assert dry["written"] is False and dry["added"] == 42
    assert cli.counts() == {}
    first = cli.json("connect", "salesforce", str(SALESFORCE))
    assert (first["added"], first["changed"], first["unchanged"]) == (42, 0, 0)
    assert first["tables"]["interactions"]["added"] == [
        sf(x)
        for x in (
            "00TA0000TSK1AAA",
            "00TA0000TSK2AAA",
            "00TA0000TSK5AAA",
            "00UA0000EVT1AAA",
            "00UA0000EVT2AAA",
        )
    ]
    again = cli.json("connect", "salesforce", str(SALESFORCE))
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, 42)
    exported = cli.export()
    assert len(exported["people"]) == 7 and len(exported["roles"]) == 8


def test_readable_report(cli: Cli) -> None:
    result = cli("connect", "salesforce", str(SALESFORCE), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would import" in result.stdout
    assert "Task.csv, line 7: date '31/09/2026' cannot be read (00TA0000TSK6AAA)" in result.stdout
    assert "not mapped (10)" in result.stdout


def test_a_missing_column_is_an_error_naming_file_and_line(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SALESFORCE, export)
    contact = export / "Contact.csv"
    rows = list(csv.reader(io.StringIO(contact.read_bytes().decode("latin-1"))))
    with contact.open("w", encoding="latin-1", newline="") as handle:
        csv.writer(handle).writerows(row[:1] + row[2:] for row in rows)  # no ACCOUNTID
    result = cli("connect", "salesforce", str(export))
    assert result.exit_code == 1
    assert "Contact.csv, line 1: required column 'AccountId' is missing" in result.stderr
    assert "Traceback" not in result.output
    assert cli.counts() == {}


def test_a_ragged_row_is_an_error_with_its_line(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SALESFORCE, export)
    (export / "Event.csv").write_text(
        (SALESFORCE / "Event.csv").read_text() + "00UA0000EVT9AAA,003A00000NH001AAA\r\n"
    )
    with pytest.raises(ConnectorError, match=r"Event.csv, line 4: 2 cells where the header has 10"):
        convert(export, CFG)


def test_an_unclosed_quote_is_an_error_not_a_merged_row(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SALESFORCE, export)
    lines = (SALESFORCE / "Contact.csv").read_text("latin-1").splitlines(keepends=True)
    # A quote opened in the second record's first cell and never closed.
    lines[1] = '"' + lines[1]
    (export / "Contact.csv").write_text("".join(lines), "latin-1")
    with pytest.raises(ConnectorError, match=r"Contact.csv, line \d+: not readable CSV"):
        convert(export, CFG)


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SALESFORCE, export)
    text = (SALESFORCE / "Account.csv").read_text("latin-1")
    header, _, rest = text.partition("\n")
    first = header.split(",")[0]
    (export / "Account.csv").write_text(
        f"{header},{first.lower()}\n"
        + "".join(line.rstrip("\r") + ",x\n" for line in rest.splitlines() if line)
    )
    with pytest.raises(ConnectorError, match=r"Account.csv, line 1: column\(s\) named twice"):
        convert(export, CFG)


def test_strict_refuses_a_record_that_cannot_be_decoded(cli: Cli) -> None:
    result = cli("connect", "salesforce", str(SALESFORCE), "--strict")
    assert result.exit_code == 1
    assert "Task.csv, line 7: date '31/09/2026' cannot be read (00TA0000TSK6AAA)" in result.stderr
    assert "nothing was written" in result.stderr
    assert cli.counts() == {}


def test_without_a_team_file_the_owner_is_the_account_responsible(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SALESFORCE, export)
    (export / "AccountTeamMember.csv").unlink()
    run = convert(export, CFG)
    assert sorted((t["account"], t["seller"], t["role"]) for t in run.bundle["account_team"]) == [
        (sf("001A000001BAYL1AAA"), sf("005A0000001SEL2AAA"), "AR"),
        (sf("001A000001NHAV1AAA"), sf("005A0000001SEL1AAA"), "AR"),
    ]
    assert "AccountTeamMember.csv is not in the export" in run.unmapped
