"""The `kamgraph` command line (typer + rich). Errors are one readable message and exit code 1.

One module per command group; `common` holds what they share (the root app, options, output),
`faces` the lazy door to the pages and the server, `demo` the demo. Importing a command module
registers its commands on the root app; `COMMAND_MODULES` gives the order of `kamgraph --help`."""

from __future__ import annotations

import importlib

from kamgraph.cli.common import app

COMMAND_MODULES = (
    "data",
    "demo",
    "db",
    "tokens",
    "users",
    "serve",
    "analyses",
    "plans",
    "portfolio",
    "connect",
    "sync",
    "privacy",
    "search",
)
for _module in COMMAND_MODULES:
    importlib.import_module(f"kamgraph.cli.{_module}")

__all__ = ["app", "main"]


def main() -> None:
    app()


if __name__ == "__main__":
    main()
