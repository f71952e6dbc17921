"""`kamgraph token`: bearer tokens of the HTTP API."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from kamgraph.cli.common import (
    DbOption,
    JsonOption,
    app,
    err,
    out,
    print_json,
    run,
    store_for,
)

token_app = typer.Typer(help="Bearer tokens of the HTTP API.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option("--role", help="reader, editor or admin.")],
    name: Annotated[str, typer.Option("--name", help="Who or what uses it.")],
    db: DbOption = None,
) -> None:
    """Create a token; its secret is printed once, as the last line (only a hash is kept)."""
    from kamgraph.services.tokens import create_token

    def action() -> None:
        with store_for(db) as store:
            secret = create_token(store, name, role)
        err.print(f"token {name!r} ({role}) created; store it now, it is not shown again:")
        sys.stdout.write(secret + "\n")

    run(action)


@token_app.command("list")
def token_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The tokens by name and role (never their secrets)."""
    from kamgraph.services.tokens import list_tokens

    def action() -> None:
        with store_for(db) as store:
            tokens = list_tokens(store)
        if as_json:
            print_json([{"name": t.name, "role": t.role, "created": t.created} for t in tokens])
            return
        table = Table(title="API tokens")
        for col in ("name", "role", "created"):
            table.add_column(col)
        for t in tokens:
            table.add_row(t.name, t.role, t.created or "")
        out.print(table)

    run(action)


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Argument(help="The token's name.")], db: DbOption = None
) -> None:
    """Revoke a token: requests with it get 401 from now on."""
    from kamgraph.services.tokens import revoke_token

    def action() -> None:
        with store_for(db) as store:
            revoke_token(store, name)
        err.print(f"token {name!r} revoked")

    run(action)
