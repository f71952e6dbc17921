"""`kamgraph serve`: the REST API and the browser pages."""

from __future__ import annotations

from typing import Annotated

import typer

from kamgraph.cli import faces
from kamgraph.cli.common import (
    DbOption,
    app,
    run,
    settings_for,
)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    db: DbOption = None,
) -> None:
    """Run the HTTP API (embedded database unless --db / KAMGRAPH_DB says otherwise)."""

    def action() -> None:
        faces.serve(settings_for(db), host, port)

    run(action)
