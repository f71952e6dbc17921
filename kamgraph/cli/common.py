"""What every command of the `kamgraph` command line shares: the root app, options, output,
settings, errors as one message (exit code 1), progress, dates, tables and HTML files."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from pydantic_settings import SettingsError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.errors import InvalidBundle, KamgraphError
from kamgraph.interchange.model import supported_day
from kamgraph.services.names import Labels
from kamgraph.settings import Settings, redact
from kamgraph.storage import GraphStore, open_store

app = typer.Typer(
    name="kamgraph",
    help="Relationship intelligence for key-account selling.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

out = Console()
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (neo4j://, bolt://, falkordb://); default: KAMGRAPH_DB, else embedded.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead.")]

T = TypeVar("T")


def settings_for(db: str | None) -> Settings:
    try:
        return Settings(db=db) if db is not None else Settings()
    except ValidationError as e:
        messages = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors())
        raise KamgraphError(f"invalid settings: {messages}") from None
    except SettingsError as e:
        # A complex setting (e.g. KAMGRAPH_ANALYSIS__WEIGHTS) whose value is not valid JSON.
        raise KamgraphError(f"invalid settings: {e}") from None


@contextmanager
def store_for(db: str | None) -> Iterator[GraphStore]:
    with open_store(settings_for(db)) as store:
        yield store


def fail(message: str) -> NoReturn:
    """One line on stderr, any password in it hidden, and exit code 1."""
    err.print(f"[red]error:[/] {escape(redact(message))}", highlight=False)
    raise typer.Exit(1)


def run(action: Callable[[], T]) -> T:
    """Turn kamgraph errors into a message on stderr and exit code 1 (no traceback)."""
    try:
        return action()
    except InvalidBundle as e:
        for line in e.errors:
            err.print(line, markup=False, highlight=False)
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(1) from None
    except KamgraphError as e:
        fail(str(e))
    except OSError as e:
        # A file the command was given: missing, a folder, not allowed, a full disk.
        where = f": {e.filename}" if e.filename else ""
        fail(f"{e.strerror or e}{where}")
    except RecursionError:
        fail("the input is nested too deeply to read")
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: run the same command again to complete the work")
        raise typer.Exit(130) from None


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def parse_date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise KamgraphError(f"{value!r} is not a date in the form YYYY-MM-DD") from None
    try:
        supported_day(day)
    except ValueError as e:
        raise KamgraphError(str(e)) from None
    return day


AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The day to look at (YYYY-MM-DD; default: today).")
]
MaxHopsOption = Annotated[
    int | None, typer.Option("--max-hops", help="Longest influence chain, 1..5 (default 3).")
]
NoReportingOption = Annotated[
    bool, typer.Option("--no-reporting", help="Do not count reporting lines as influence.")
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a tunable for this call: name=value (repeatable)."),
]


def load_config(db: str | None, overrides: list[str] | None) -> tuple[Any, AnalysisSettings]:
    settings = settings_for(db)
    if not overrides:
        return settings, settings.analysis
    values: dict[str, Any] = settings.analysis.model_dump()
    for item in overrides:
        name, sep, raw = item.partition("=")
        if not sep or name.strip() not in values:
            allowed = ", ".join(sorted(values))
            raise KamgraphError(f"--set takes name=value with a name among: {allowed}")
        try:
            values[name.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            values[name.strip()] = raw
    try:
        return settings, AnalysisSettings.model_validate(values)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors())
        raise KamgraphError(f"invalid --set: {problems}") from None


def day_of(as_of: str | None) -> dt.date:
    return parse_date(as_of) if as_of else dt.date.today()


def account_snapshot(store: GraphStore, account: str, as_of: str | None, cfg: Any) -> Any:
    """The account (an id or exact name) on the day; the day is read first, so that a bad
    `--as-of` is the error shown whatever the account."""
    from kamgraph.analysis.snapshot import Snapshot
    from kamgraph.services.names import resolve

    day = day_of(as_of)
    return Snapshot(store, resolve(store, "account", account), day, cfg)


def person_day(store: GraphStore, person: str, as_of: str | None) -> tuple[str, dt.date]:
    """The person's id (from an id or exact name) and the day, the day read first."""
    from kamgraph.services.names import resolve

    day = day_of(as_of)
    return resolve(store, "person", person), day


def emit_json(result: BaseModel) -> None:
    sys.stdout.write(result.model_dump_json(indent=1, by_alias=True) + "\n")


def new_table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col)
    return table


def num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def run_analysis(
    db: str | None,
    overrides: list[str] | None,
    as_json: bool,
    compute: Callable[[GraphStore, AnalysisSettings], Any],
    show: Callable[[Any, Labels], None],
) -> None:
    """The shape of every analysis command: settings, one store, compute, then JSON or tables
    (which show names where the JSON has ids: `show` gets them as labels)."""

    def action() -> None:
        settings, cfg = load_config(db, overrides)
        with open_store(settings) as store:
            result = compute(store, cfg)
            labels = None if as_json else Labels.load(store)
        if labels is None:
            emit_json(result)
        else:
            show(result, labels)

    run(action)


def write_page(path: Path, html: str) -> None:
    """Write a page whole or not at all: a half-written map must not replace a good one."""
    if not path.parent.is_dir():
        raise KamgraphError(f"cannot write {path}: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise KamgraphError(f"cannot write {path}: {e.strerror}") from None


HtmlOption = Annotated[
    Path | None, typer.Option("--html", help="Write one self-contained, printable HTML page.")
]


def write_html(
    html: Path,
    as_json: bool,
    db: str | None,
    overrides: list[str] | None,
    build: Callable[[GraphStore, Any, AnalysisSettings], str],
) -> None:
    """Write an HTML page built by `build(store, settings, cfg)`."""
    if as_json:
        raise typer.BadParameter("give either --json or --html, not both")

    def action() -> None:
        settings, cfg = load_config(db, overrides)
        with open_store(settings) as store:
            page = build(store, settings, cfg)
        write_page(html, page)
        out.print(f"page written to {html.resolve()}", highlight=False)

    run(action)
