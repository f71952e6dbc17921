"""`kamgraph connect`: calendar, mail and CRM exports into the graph."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kamgraph.cli.common import (
    DbOption,
    JsonOption,
    app,
    err,
    out,
    parse_date,
    print_json,
    progress_bar,
    settings_for,
)
from kamgraph.cli.common import run as run_action
from kamgraph.connectors.common import ConnectorRun, Directory, Progress, stakeholder_bundle
from kamgraph.errors import KamgraphError
from kamgraph.interchange.ingest import ImportReport, import_data
from kamgraph.interchange.tables import SPECS
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store

connect_app = typer.Typer(
    help="Build the graph from what teams already have: CRM exports, calendars, mailboxes.",
    no_args_is_help=True,
)
app.add_typer(connect_app, name="connect")

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be added, changed and left out.")
]
StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="A record that cannot be decoded fails the whole run."),
]
InternalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--internal-domain",
        help="Our own e-mail domain (repeatable); default: KAMGRAPH_CONNECT__INTERNAL_DOMAINS, "
        "else the domains of the sellers' addresses.",
    ),
]
StakeholdersOption = Annotated[
    Path | None,
    typer.Option(
        "--stakeholders-out",
        help="Write the unknown stakeholders as a bundle of people, ready for kamgraph import.",
    ),
]
Build = Callable[[GraphStore, Settings, Progress], ConnectorRun]
SHOWN = 20


def _key(table: str, row: Any) -> str:
    return "/".join(SPECS[table].key_of(row))


def _summary(run: ConnectorRun, report: ImportReport) -> dict[str, Any]:
    return {
        "source": run.source,
        "files": run.files,
        "read": run.read,
        "written": report.written,
        "tables": {
            p.table: {
                "added": [_key(p.table, r) for r in p.new],
                "changed": [_key(p.table, r) for r in p.changed],
                "unchanged": p.unchanged,
            }
            for p in report.tables
        },
        **report.totals(),
        "left_out": [x.as_dict() for x in run.left_out],
        "skipped": dict(sorted(run.skipped.items())),
        "unmapped": run.unmapped,
        "unknown_stakeholders": run.stakeholders,
    }


def _print(summary: dict[str, Any], dry_run: bool) -> None:
    out.print(
        f"{summary['source']}: {summary['read']} records read from {len(summary['files'])} file(s)",
        highlight=False,
    )
    table = Table(title="would import" if dry_run else "imported", title_justify="left")
    for col in ("table", "added", "changed", "unchanged"):
        table.add_column(col, justify="left" if col == "table" else "right")
    for name, t in summary["tables"].items():
        table.add_row(name, str(len(t["added"])), str(len(t["changed"])), str(t["unchanged"]))
    table.add_row("total", *(str(summary[k]) for k in ("added", "changed", "unchanged")))
    out.print(table)
    if dry_run:
        for name, t in summary["tables"].items():
            for verb in ("added", "changed"):
                ids = t[verb]
                if ids:
                    more = f" ... and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
                    out.print(f"would be {verb} in {name}: {', '.join(ids[:SHOWN])}{more}")
    _lines(
        "left out (could not be decoded)",
        [f"{x['where']}: {x['record']}: {x['reason']}" for x in summary["left_out"]],
    )
    _lines("not imported", [f"{n} × {why}" for why, n in summary["skipped"].items()])
    _lines("not mapped", summary["unmapped"])
    stakeholders = summary["unknown_stakeholders"]
    if stakeholders:
        t = Table(title=f"unknown stakeholders ({len(stakeholders)})", title_justify="left")
        for col in ("e-mail", "name", "account", "with key persons", "appearances", "last seen"):
            t.add_column(col)
        for s in stakeholders[:SHOWN]:
            t.add_row(
                s["email"],
                s["name"],
                s["account"],
                str(s["with_key_persons"]),
                str(s["appearances"]),
                s["last_seen"] or "-",
            )
        out.print(t)
        if len(stakeholders) > SHOWN:
            out.print(f"... and {len(stakeholders) - SHOWN} more (--json lists them all)")


def _lines(title: str, lines: list[str]) -> None:
    if not lines:
        return
    out.print(f"{title} ({len(lines)}):", highlight=False)
    for line in lines[:SHOWN]:
        out.print(f"  {line}", markup=False, highlight=False)
    if len(lines) > SHOWN:
        out.print(f"  ... and {len(lines) - SHOWN} more (--json lists them all)")


def execute(
    db: str | None,
    what: str,
    build: Build,
    *,
    dry_run: bool,
    strict: bool,
    as_json: bool,
    stakeholders_out: Path | None = None,
) -> None:
    def action() -> None:
        settings = settings_for(db)
        with open_store(settings) as store, progress_bar() as bar:
            reading = bar.add_task(f"reading {what}", total=None)
            result = build(store, settings, lambda n: bar.update(reading, completed=n))
            bar.update(reading, visible=False)
            if strict and result.left_out:
                lines = [f"{x.where}: {x.record}: {x.reason}" for x in result.left_out]
                raise KamgraphError(
                    "\n".join(lines) + f"\n{len(lines)} record(s) cannot be decoded and --strict "
                    "is given; nothing was written"
                )
            tasks: dict[str, Any] = {}

            def advance(table: str, n: int, total: int) -> None:
                if table not in tasks:
                    tasks[table] = bar.add_task(f"writing {table}", total=total)
                bar.advance(tasks[table], n)

            report = import_data(store, result.bundle, dry_run=dry_run, progress=advance)
        if stakeholders_out is not None:
            text = json.dumps(stakeholder_bundle(result.stakeholders), indent=1, ensure_ascii=False)
            stakeholders_out.write_text(text + "\n", encoding="utf-8")
            err.print(
                f"wrote {len(result.stakeholders)} unknown stakeholder(s) to {stakeholders_out}"
            )
        summary = _summary(result, report)
        if as_json:
            print_json(summary)
        else:
            _print(summary, dry_run)

    run_action(action)


def _directory(store: GraphStore, settings: Settings, internal: list[str] | None) -> Directory:
    return Directory.load(store, settings.connect, internal or ())


# --- commands ----------------------------------------------------------------------------------
@connect_app.command("salesforce")
def salesforce_cmd(
    folder: Annotated[Path, typer.Argument(help="A Salesforce data export: a folder of CSVs.")],
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", help="A JSON file merged over the default field mapping."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="The CSVs' encoding (default: UTF-8, else ISO-8859-1)."),
    ] = None,
    dry_run: DryRunOption = False,
    strict: StrictOption = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A Salesforce data export: accounts, contacts, users, deals, roles, teams, activities."""
    from kamgraph.connectors.salesforce import convert

    def build(store: GraphStore, settings: Settings, progress: Progress) -> ConnectorRun:
        return convert(folder, settings.connect, mapping, encoding, progress)

    execute(db, folder.name, build, dry_run=dry_run, strict=strict, as_json=as_json)


def window(start: str | None, end: str | None, days: int) -> tuple[dt.date, dt.date]:
    last = parse_date(end) if end else dt.date.today()
    first = parse_date(start) if start else last - dt.timedelta(days=days)
    if first > last:
        raise KamgraphError(f"--from {first} is after --to {last}")
    return first, last


@connect_app.command("ics")
def ics_cmd(
    files: Annotated[list[Path], typer.Argument(help="Calendar files (.ics), or folders of them.")],
    internal_domain: InternalOption = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (default: --to minus WINDOW_DAYS, 730).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    dry_run: DryRunOption = False,
    strict: StrictOption = False,
    stakeholders_out: StakeholdersOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Meetings → interactions: recurring events expanded within the window, cancelled and
    declined ones skipped, the kind inferred from attendees and keywords."""
    from kamgraph.connectors.calendar import convert

    def build(store: GraphStore, settings: Settings, progress: Progress) -> ConnectorRun:
        first, last = window(start, end, settings.connect.window_days)
        directory = _directory(store, settings, internal_domain)
        return convert(files, directory, settings.connect, first, last, progress)

    execute(
        db,
        "calendar",
        build,
        dry_run=dry_run,
        strict=strict,
        as_json=as_json,
        stakeholders_out=stakeholders_out,
    )


@connect_app.command("mbox")
def mbox_cmd(
    files: Annotated[list[Path], typer.Argument(help="mbox files (e.g. Inbox and Sent).")],
    internal_domain: InternalOption = None,
    dry_run: DryRunOption = False,
    strict: StrictOption = False,
    stakeholders_out: StakeholdersOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """E-mail headers (never bodies) → `email` interactions; one-way threads count once."""
    from kamgraph.connectors.mail import convert_mbox

    def build(store: GraphStore, settings: Settings, progress: Progress) -> ConnectorRun:
        directory = _directory(store, settings, internal_domain)
        return convert_mbox(files, directory, settings.connect, progress)

    execute(
        db,
        "mail",
        build,
        dry_run=dry_run,
        strict=strict,
        as_json=as_json,
        stakeholders_out=stakeholders_out,
    )


@connect_app.command("eml")
def eml_cmd(
    folder: Annotated[Path, typer.Argument(help="A folder of .eml files (searched recursively).")],
    internal_domain: InternalOption = None,
    dry_run: DryRunOption = False,
    strict: StrictOption = False,
    stakeholders_out: StakeholdersOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Like `connect mbox`, for a folder of single messages."""
    from kamgraph.connectors.mail import convert_eml

    def build(store: GraphStore, settings: Settings, progress: Progress) -> ConnectorRun:
        directory = _directory(store, settings, internal_domain)
        return convert_eml(folder, directory, settings.connect, progress)

    execute(
        db,
        "mail",
        build,
        dry_run=dry_run,
        strict=strict,
        as_json=as_json,
        stakeholders_out=stakeholders_out,
    )
