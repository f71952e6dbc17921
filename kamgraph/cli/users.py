"""`kamgraph user`: the people who sign in to the browser workspace.

A password never travels as a command-line argument (other users of the machine see the argument
lists of its processes): it is typed at a prompt, twice, or read from the first line of a file
(`--password-file F`, `-` for stdin), or from stdin when stdin is not a terminal (scripts)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kamgraph.cli.common import DbOption, JsonOption, app, err, out, print_json, run, store_for
from kamgraph.errors import KamgraphError

user_app = typer.Typer(help="Users who sign in to the browser workspace.", no_args_is_help=True)
app.add_typer(user_app, name="user")

PasswordFile = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help="Read the password from this file's first line ('-': stdin), not a prompt.",
        allow_dash=True,
    ),
]


def read_password(source: Path | None) -> str:
    """The new password: from the file, else a prompt twice, else stdin's first line."""
    if source is not None and str(source) != "-":
        lines = source.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    elif source is None and sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise KamgraphError("no password given (prompt, --password-file or stdin)")
    return password


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="The name they sign in with.")],
    role: Annotated[str, typer.Option("--role", help="reader, editor or admin.")],
    seller: Annotated[
        str | None,
        typer.Option(
            "--seller",
            help="The seller they are (with KAMGRAPH_ACCESS=team they see that seller's "
            "accounts only).",
        ),
    ] = None,
    password_file: PasswordFile = None,
    db: DbOption = None,
) -> None:
    """Add a user; only an argon2 hash of the password is kept.

    Example: kamgraph user add lena --role editor --seller s1
    """
    from kamgraph.services.users import add_user

    def action() -> None:
        password = read_password(password_file)
        with store_for(db) as store:
            add_user(store, name, role, password, seller=seller)
        err.print(f"user {name!r} ({role}) added")

    run(action)


@user_app.command("list")
def user_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The users by name, role and seller (never a password or hash)."""
    from kamgraph.services.users import list_users

    def action() -> None:
        with store_for(db) as store:
            users = list_users(store)
        if as_json:
            print_json([dataclasses.asdict(u) for u in users])
            return
        table = Table(title="Users")
        for col in ("name", "role", "seller", "created"):
            table.add_column(col)
        for u in users:
            table.add_row(u.name, u.role, u.seller or "", u.created or "")
        out.print(table)

    run(action)


@user_app.command("remove")
def user_remove(
    name: Annotated[str, typer.Argument(help="The user's name.")], db: DbOption = None
) -> None:
    """Remove a user: their sessions end at once."""
    from kamgraph.services.users import remove_user

    def action() -> None:
        with store_for(db) as store:
            remove_user(store, name)
        err.print(f"user {name!r} removed")

    run(action)


@user_app.command("passwd")
def user_passwd(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    password_file: PasswordFile = None,
    db: DbOption = None,
) -> None:
    """Set a new password for a user (an admin's reset): their sessions end."""
    from kamgraph.services.users import set_password

    def action() -> None:
        password = read_password(password_file)
        with store_for(db) as store:
            set_password(store, name, password)
        err.print(f"password of {name!r} changed; their sessions have ended")

    run(action)
