"""`kamgraph sync`: mail and calendars flowing in from their servers, run after run (the
report is `kamgraph connect`'s, plus what a sync removed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kamgraph.cli.common import app, err, out, print_json, progress_bar, settings_for
from kamgraph.cli.common import run as run_action
from kamgraph.cli.connect import (
    ConnectCommand,
    ConnectGroup,
    CustomerDomainOption,
    DbOption,
    DryRunOption,
    InternalOption,
    JsonOption,
    StakeholdersOption,
    directory_for,
)
from kamgraph.cli.connect_report import show, summary
from kamgraph.connectors.common import Directory, Progress, stakeholder_bundle
from kamgraph.connectors.sync import SyncRun
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store

sync_app = typer.Typer(
    cls=ConnectGroup,
    help="Keep mail and calendars flowing in: each run reads what is new on the server since "
    "the last run, by the same rules as `kamgraph connect`.\n\n"
    "Run it as often as you like (from cron, say): a run reads only what changed, a stopped run "
    "goes on where it stopped, and nothing is ever doubled. The password comes from the "
    "settings (KAMGRAPH_SYNC__IMAP__PASSWORD, KAMGRAPH_SYNC__CALDAV__PASSWORD) or from a file "
    "only you can read (--password-file, mode 0600), never from the command line.",
    epilog="Example: kamgraph sync imap --host imap.ourco.com --user lee@ourco.com "
    "--password-file ~/.kamgraph-imap --dry-run",
    no_args_is_help=True,
)
app.add_typer(sync_app, name="sync")

PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        metavar="FILE",
        help="A file holding the password, readable by you alone (chmod 600).",
        show_default=False,
    ),
]
UserOption = Annotated[
    str | None,
    typer.Option("--user", metavar="NAME", help="The user name on the server.", show_default=False),
]


def _run(
    db: str | None,
    what: str,
    sync: Any,
    *,
    internal: list[str] | None,
    customer: list[str] | None,
    dry_run: bool,
    as_json: bool,
    stakeholders_out: Path | None,
) -> None:
    """Settings, one store, the sync, its report (`sync(store, settings, directory, progress)`
    returns a SyncRun)."""

    def action() -> None:
        settings = settings_for(db)
        today = dt.date.today()
        with open_store(settings) as store, progress_bar() as bar:
            directory = directory_for(store, settings, internal, customer)
            reading = bar.add_task(f"reading {what}", total=None)
            result: SyncRun = sync(
                store, settings, directory, lambda n: bar.update(reading, completed=n)
            )
        if stakeholders_out is not None:
            text = json.dumps(
                stakeholder_bundle(result.run.stakeholders), indent=1, ensure_ascii=False
            )
            stakeholders_out.write_text(text + "\n", encoding="utf-8")
            err.print(
                f"wrote {len(result.run.stakeholders)} unknown stakeholder(s) to {stakeholders_out}"
            )
        report = summary(result.run, result.report(), today, result.removed, result.notes)
        if as_json:
            print_json(report)
        else:
            show(report, dry_run)

    run_action(action)


@sync_app.command(
    cls=ConnectCommand,
    name="imap",
    short_help="New mail from an IMAP server (INBOX and Sent): headers only.",
    epilog="Examples: kamgraph sync imap --host imap.ourco.com --user lee@ourco.com "
    "--password-file ~/.kamgraph-imap\n\n"
    "KAMGRAPH_SYNC__IMAP__HOST=imap.ourco.com KAMGRAPH_SYNC__IMAP__USER=lee@ourco.com "
    "KAMGRAPH_SYNC__IMAP__PASSWORD_FILE=~/.kamgraph-imap kamgraph sync imap",
)
def imap_cmd(
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            metavar="HOST",
            help="The IMAP server (default: KAMGRAPH_SYNC__IMAP__HOST).",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port", metavar="PORT", help="Default: 993 for ssl, else 143.", show_default=False
        ),
    ] = None,
    security: Annotated[
        str | None,
        typer.Option(
            "--security",
            metavar="ssl|starttls|plain",
            help="How the connection is encrypted (default: ssl); plain only to this machine.",
            show_default=False,
        ),
    ] = None,
    user: UserOption = None,
    password_file: PasswordFileOption = None,
    mailbox: Annotated[
        list[str] | None,
        typer.Option(
            "--mailbox",
            metavar="FOLDER",
            help="A folder to read, repeatable (default: INBOX and the server's Sent folder).",
            show_default=False,
        ),
    ] = None,
    internal_domain: InternalOption = None,
    customer_domain: CustomerDomainOption = None,
    dry_run: DryRunOption = False,
    stakeholders_out: StakeholdersOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Turn new mail into `email` interactions, as `kamgraph connect mbox` does: a message
    counts when one of our sellers and one customer person are among From, To and Cc. Only
    those headers are read (never the body or the subject); messages stay unread. Mail
    deleted on the server stays counted. Each folder's position (UIDVALIDITY and last UID) is
    kept in the database: the next run reads only newer mail."""
    from kamgraph.connectors import imap

    def sync(
        store: GraphStore, settings: Settings, directory: Directory, progress: Progress
    ) -> SyncRun:
        account = imap.ImapAccount.of(
            settings.sync.imap,
            host=host,
            port=port,
            security=security,
            user=user,
            password_file=password_file,
            mailboxes=mailbox,
        )
        return imap.sync(store, directory, account, dry_run=dry_run, progress=progress)

    _run(
        db,
        "mail",
        sync,
        internal=internal_domain,
        customer=customer_domain,
        dry_run=dry_run,
        as_json=as_json,
        stakeholders_out=stakeholders_out,
    )


@sync_app.command(
    cls=ConnectCommand,
    name="caldav",
    short_help="Calendar changes from a CalDAV server: added, moved, cancelled, deleted.",
    epilog="Examples: kamgraph sync caldav --url https://dav.ourco.com/ --user lee@ourco.com "
    "--password-file ~/.kamgraph-caldav\n\n"
    "kamgraph sync caldav --calendar Work --dry-run (the rest from KAMGRAPH_SYNC__CALDAV__*)",
)
def caldav_cmd(
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="The CalDAV server, your principal or one calendar (default: "
            "KAMGRAPH_SYNC__CALDAV__URL); https, or http to this machine only.",
            show_default=False,
        ),
    ] = None,
    user: UserOption = None,
    password_file: PasswordFileOption = None,
    calendar: Annotated[
        list[str] | None,
        typer.Option(
            "--calendar",
            metavar="NAME",
            help="A calendar to read by its name, repeatable (default: all of yours).",
            show_default=False,
        ),
    ] = None,
    internal_domain: InternalOption = None,
    customer_domain: CustomerDomainOption = None,
    dry_run: DryRunOption = False,
    stakeholders_out: StakeholdersOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Turn meetings into interactions as `kamgraph connect calendar` does, and keep them
    in step: a moved meeting moves, a cancelled or deleted one that had not yet taken place
    is removed (past meetings stay counted). Only the calendar objects that changed since the
    last run are fetched (sync token, or ctag and ETags); recurring meetings bring their new
    occurrences as the window (2 years back, 180 days ahead) moves on."""
    from kamgraph.connectors import caldav
    from kamgraph.connectors.kinds import KindRules

    def sync(
        store: GraphStore, settings: Settings, directory: Directory, progress: Progress
    ) -> SyncRun:
        account = caldav.CaldavAccount.of(
            settings.sync.caldav,
            url=url,
            user=user,
            password_file=password_file,
            calendars=calendar,
        )
        cfg = settings.connect
        return caldav.sync(
            store,
            directory,
            account,
            cfg,
            today=dt.date.today(),
            kinds=KindRules.of(cfg),
            dry_run=dry_run,
            progress=progress,
        )

    _run(
        db,
        "calendar changes",
        sync,
        internal=internal_domain,
        customer=customer_domain,
        dry_run=dry_run,
        as_json=as_json,
        stakeholders_out=stakeholders_out,
    )


@sync_app.command(
    cls=ConnectCommand,
    name="status",
    short_help="Where each sync stands: its source and when it last ran.",
    epilog="Example: kamgraph sync status",
)
def status_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the mailboxes and calendars synced into this database and when each last ran."""
    from kamgraph.connectors.ledger import sources

    def action() -> None:
        with open_store(settings_for(db)) as store:
            rows = [{"source": r["source"], "updated": r["updated"]} for r in sources(store)]
        if as_json:
            print_json(rows)
            return
        if not rows:
            out.print("no sync has run on this database yet")
            return
        table = Table("source", "last run (UTC)", title_justify="left")
        for r in rows:
            table.add_row(str(r["source"]), str(r["updated"]))
        out.print(table)

    run_action(action)


@sync_app.command(
    cls=ConnectCommand,
    name="forget",
    short_help="Forget a sync's position: its next run reads everything again.",
    epilog="Example: kamgraph sync forget imap:lee@ourco.com@imap.ourco.com",
)
def forget_cmd(
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="As `kamgraph sync status` lists it.")
    ],
    db: DbOption = None,
) -> None:
    """Forget where a sync stopped and what it saw. The interactions it wrote stay; the next
    run reads the whole mailbox or calendar again and writes nothing twice."""
    from kamgraph.connectors.ledger import forget
    from kamgraph.errors import KamgraphError

    def action() -> None:
        with open_store(settings_for(db)) as store:
            n = forget(store, source)
        if not n:
            raise KamgraphError(f"no sync source {source!r} (see `kamgraph sync status`)")
        out.print(f"forgot {source}: its next run reads everything again", highlight=False)

    run_action(action)
