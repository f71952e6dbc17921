"""`kamgraph connect`: calendar, mail and CRM exports into the graph (the report's shape is in
connect_report.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click  # typer 0.2x vendors click: its help classes take these types
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from kamgraph.cli.common import (
    app,
    err,
    parse_date,
    print_json,
    progress_bar,
    settings_for,
)
from kamgraph.cli.common import run as run_action
from kamgraph.cli.connect_report import show, summary
from kamgraph.connectors.common import ConnectorRun, Directory, Progress, stakeholder_bundle
from kamgraph.errors import KamgraphError
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store


# Typer 0.2x prints a type beside every parameter (`--help <bool>`, `FILES <list[Path]>`),
# which tells a user nothing: flags and arguments show no type, options their metavar.
def _plain_help(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.metavar = ""
    return option


class ConnectCommand(TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                # An instance attribute shadows the method typer's help calls.
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        return _plain_help(super().get_help_option(ctx))


class ConnectGroup(TyperGroup):
    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        return _plain_help(super().get_help_option(ctx))


connect_app = typer.Typer(
    cls=ConnectGroup,
    help="Build the graph from what teams already have: CRM exports, calendars, mailboxes.\n\n"
    "Import the CRM export first: calendars and mail find people and sellers by their e-mail "
    "address, and a customer's e-mail domains come from its account (`domains`, or "
    "--customer-domain for one run). Every command shows what it would write with --dry-run.",
    epilog="Example: kamgraph connect salesforce sf-export/ --dry-run",
    no_args_is_help=True,
)
app.add_typer(connect_app, name="connect")

# Flags get an empty metavar: typer would print <bool> beside them.
DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        metavar="",
        help="Show what would be written (each interaction, by name) and write nothing.",
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict", metavar="", help="A record that cannot be decoded fails the whole run."
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", metavar="", help="Print the report as one JSON object.")
]
InternalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--internal-domain",
        metavar="DOMAIN",
        help="Our own e-mail domain, repeatable (default: KAMGRAPH_CONNECT__INTERNAL_DOMAINS, "
        "else the domains of the sellers' addresses).",
        show_default=False,
    ),
]
CustomerDomainOption = Annotated[
    list[str] | None,
    typer.Option(
        "--customer-domain",
        metavar="ACCOUNT=DOMAIN",
        help="For this run, addresses at DOMAIN (and its subdomains) belong to the account with "
        "id ACCOUNT, repeatable. Unknown addresses there are listed as unknown stakeholders. "
        "To keep it, add the domain to the account's `domains`.",
        show_default=False,
    ),
]
StakeholdersOption = Annotated[
    Path | None,
    typer.Option(
        "--stakeholders-out",
        metavar="FILE",
        help="Write the unknown stakeholders as a bundle of people, to review and then "
        "`kamgraph import`.",
        show_default=False,
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL (neo4j://, bolt://, falkordb://); default: KAMGRAPH_DB, else the "
        "embedded engine.",
        show_default=False,
    ),
]
Build = Callable[[GraphStore, Settings, Progress], ConnectorRun]


def customer_domains(values: list[str] | None) -> dict[str, list[str]]:
    """`acme=acme.com` (repeatable) → {"acme": ["acme.com"]}."""
    found: dict[str, list[str]] = {}
    for value in values or []:
        account, eq, domain = value.partition("=")
        if not eq or not account.strip() or not domain.strip():
            raise KamgraphError(
                f"--customer-domain {value!r}: expected ACCOUNT=DOMAIN, e.g. acme=acme.com"
            )
        found.setdefault(account.strip(), []).append(domain.strip())
    return found


def execute(
    db: str | None,
    what: str,
    build: Build,
    *,
    dry_run: bool,
    strict: bool,
    as_json: bool,
    as_of: dt.date | None = None,
    stakeholders_out: Path | None = None,
) -> None:
    def action() -> None:
        settings = settings_for(db)
        with open_store(settings) as store, progress_bar() as bar:
            reading = bar.add_task(f"reading {what}", total=None)
            result = build(store, settings, lambda n: bar.update(reading, completed=n))
            bar.update(reading, visible=False)
            if strict and result.left_out:
                lines = [x.text() for x in result.left_out]
                raise KamgraphError(
                    "\n".join(lines) + f"\n{len(lines)} record(s) cannot be decoded and --strict "
                    "is given; nothing was written"
                )
            tasks: dict[str, Any] = {}

            def advance(table: str, n: int, total: int | None) -> None:
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
        report_ = summary(result, report, as_of or dt.date.today())
        if as_json:
            print_json(report_)
        else:
            show(report_, dry_run)

    run_action(action)


def directory_for(
    store: GraphStore, settings: Settings, internal: list[str] | None, customer: list[str] | None
) -> Directory:
    return Directory.load(store, settings.connect, internal or (), customer_domains(customer))


# --- commands ----------------------------------------------------------------------------------
@connect_app.command(
    cls=ConnectCommand,
    name="salesforce",
    short_help="A Salesforce data export: accounts, contacts, users, deals, roles, activities.",
    epilog="Example: kamgraph connect salesforce sf-export/ --mapping my-mapping.json --dry-run",
)
def salesforce_cmd(
    folder: Annotated[
        Path,
        typer.Argument(metavar="FOLDER", help="A Salesforce data export: a folder of CSVs."),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            metavar="FILE",
            help="A JSON file merged over the default field mapping.",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="The CSVs' encoding (default: UTF-8, else ISO-8859-1).",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    strict: StrictOption = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read a Salesforce data export (Account.csv, Contact.csv, User.csv, Opportunity.csv,
    OpportunityContactRole.csv, AccountTeamMember.csv, Task.csv, Event.csv): accounts (with
    their e-mail domains from Website), contacts, sellers, deals, buying roles, account teams
    and activities."""
    from kamgraph.connectors.salesforce import convert

    def build(store: GraphStore, settings: Settings, progress: Progress) -> ConnectorRun:
        return convert(folder, settings.connect, mapping, encoding, progress)

    execute(db, folder.name, build, dry_run=dry_run, strict=strict, as_json=as_json)


def window(
    start: str | None, end: str | None, as_of: dt.date, back: int, ahead: int
) -> tuple[dt.date, dt.date]:
    first = parse_date(start) if start else as_of - dt.timedelta(days=back)
    last = parse_date(end) if end else as_of + dt.timedelta(days=ahead)
    if first > last:
        raise KamgraphError(f"--from {first} is after --to {last}")
    return first, last


@connect_app.command(
    cls=ConnectCommand,
    name="ics",
    short_help="Calendar files (.ics): meetings with a seller and a customer person.",
    epilog="Examples: kamgraph connect ics calendars/ --internal-domain ourco.com --dry-run\n\n"
    "kamgraph connect ics lee.ics --customer-domain acme=acme.com --kind-rules kinds.json",
)
def ics_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE_OR_FOLDER", help="Calendar files (.ics), or folders of them."),
    ],
    internal_domain: InternalOption = None,
    customer_domain: CustomerDomainOption = None,
    as_of_: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DAY",
            help="The day of the run (default: today); later meetings are reported as upcoming.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DAY",
            help="First day read (default: --as-of minus KAMGRAPH_CONNECT__WINDOW_DAYS, 730).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="DAY",
            help="Last day read (default: --as-of plus KAMGRAPH_CONNECT__AHEAD_DAYS, 180).",
            show_default=False,
        ),
    ] = None,
    kind_rules: Annotated[
        Path | None,
        typer.Option(
            "--kind-rules",
            metavar="FILE",
            help='A JSON file {"rules": [...], "online": [...]} replacing the rules that '
            "decide a meeting's kind (see the README).",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    strict: StrictOption = False,
    stakeholders_out: StakeholdersOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Turn meetings into interactions. A meeting counts when one of our sellers and one
    customer person of the graph take part (organizer and attendees, less declined, rooms and
    non-participants). Recurring meetings are expanded, cancelled occurrences skipped. The kind
    is what the meeting was: online (Teams, Zoom, Meet, Webex, a phone number) or "call" in
    the title is a call; an executive meeting is one in person. Addresses at a customer's
    domain that are no person yet are listed as unknown stakeholders."""
    from kamgraph.connectors.calendar import convert
    from kamgraph.connectors.kinds import KindRules

    day = parse_date(as_of_) if as_of_ else dt.date.today()

    def build(store: GraphStore, settings: Settings, progress: Progress) -> ConnectorRun:
        cfg = settings.connect
        first, last = window(start, end, day, cfg.window_days, cfg.ahead_days)
        kinds = KindRules.of(cfg, kind_rules)
        directory = directory_for(store, settings, internal_domain, customer_domain)
        return convert(files, directory, cfg, first, last, progress, kinds)

    execute(
        db,
        "calendar",
        build,
        dry_run=dry_run,
        strict=strict,
        as_json=as_json,
        as_of=day,
        stakeholders_out=stakeholders_out,
    )


MAIL_HELP = """Turn e-mail headers (never bodies or subjects) into `email` interactions. A
message counts when one of our sellers and one customer person of the graph are among From, To
and Cc: mail among customer people alone adds nothing. A thread answered by nobody counts once.
Addresses at a customer's domain that are no person yet are listed as unknown stakeholders."""


@connect_app.command(
    cls=ConnectCommand,
    name="mbox",
    help=MAIL_HELP + "\n\nImport the Inbox and the Sent folder in one run: a thread is two-way "
    "only if both sides are in the run.",
    short_help="Mailboxes (mbox): messages between a seller and a customer person.",
    epilog="Example: kamgraph connect mbox Inbox.mbox Sent.mbox --customer-domain acme=acme.com "
    "--dry-run",
)
def mbox_cmd(
    files: Annotated[
        list[Path], typer.Argument(metavar="MBOX", help="mbox files (e.g. Inbox and Sent).")
    ],
    internal_domain: InternalOption = None,
    customer_domain: CustomerDomainOption = None,
    dry_run: DryRunOption = False,
    strict: StrictOption = False,
    stakeholders_out: StakeholdersOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    from kamgraph.connectors.mail import convert_mbox

    def build(store: GraphStore, settings: Settings, progress: Progress) -> ConnectorRun:
        directory = directory_for(store, settings, internal_domain, customer_domain)
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


@connect_app.command(
    cls=ConnectCommand,
    name="eml",
    help=MAIL_HELP + "\n\nLike `connect mbox`, for a folder of single messages (.eml, searched "
    "recursively).",
    short_help="A folder of .eml messages, like `connect mbox`.",
    epilog="Example: kamgraph connect eml exported-mail/ --internal-domain ourco.com --dry-run",
)
def eml_cmd(
    folder: Annotated[
        Path,
        typer.Argument(metavar="FOLDER", help="A folder of .eml files (searched recursively)."),
    ],
    internal_domain: InternalOption = None,
    customer_domain: CustomerDomainOption = None,
    dry_run: DryRunOption = False,
    strict: StrictOption = False,
    stakeholders_out: StakeholdersOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    from kamgraph.connectors.mail import convert_eml

    def build(store: GraphStore, settings: Settings, progress: Progress) -> ConnectorRun:
        directory = directory_for(store, settings, internal_domain, customer_domain)
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
