"""Shared by the connector tests: fixture files, a CLI on a fresh graph, the seeded graph."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from kamgraph.cli import app
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from kamgraph.storage.falkordb import FalkorStore

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "connectors"
SALESFORCE = FIXTURES / "salesforce"
CALENDAR = FIXTURES / "calendar"
MAIL = FIXTURES / "mail"
runner = CliRunner()


class Cli:
    """`kamgraph ...` in-process on one fresh graph of the session's embedded engine."""

    def __init__(self, engine_dir: Path) -> None:
        self.graph = f"t{uuid.uuid4().hex[:12]}"
        self.env = {
            "KAMGRAPH_DATA_DIR": str(engine_dir),
            "KAMGRAPH_DB": "",
            "KAMGRAPH_GRAPH": self.graph,
        }
        self.settings = Settings(db=None, data_dir=engine_dir, graph=self.graph)

    def __call__(self, *args: str) -> Result:
        return runner.invoke(app, list(args), env=self.env)

    def json(self, *args: str) -> dict[str, Any]:
        result = self(*args, "--json")
        assert result.exit_code == 0, result.output
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    def counts(self) -> dict[str, int]:
        with open_store(self.settings) as store:
            return store.counts()

    def export(self) -> dict[str, Any]:
        result = self("export")
        assert result.exit_code == 0, result.output
        data: dict[str, Any] = json.loads(result.stdout)
        return data

    def export_rows(self) -> list[tuple[str, str, list[str], list[str]]]:
        return interactions(self.export())

    def drop(self) -> None:
        store = open_store(self.settings)
        assert isinstance(store, FalkorStore)
        store.raw_graph().delete()
        store.close()


def cli_on_fresh_graph(engine_dir: Path) -> Iterator[Cli]:
    cli = Cli(engine_dir)
    yield cli
    cli.drop()


def seed(cli: Cli) -> None:
    """Import the Salesforce fixture export: people and sellers with e-mail addresses."""
    cli.json("connect", "salesforce", str(SALESFORCE))


def interactions(bundle: dict[str, Any]) -> list[tuple[str, str, list[str], list[str]]]:
    """(date, kind, sellers, people) of every interaction, sorted: what the tests compare."""
    rows = [
        (r["date"], r["kind"], r.get("sellers", []), r.get("people", []))
        for r in bundle.get("interactions", [])
    ]
    return sorted(rows)


def seeded_cli(engine_dir: Path) -> Iterator[Cli]:
    """A fresh graph holding the Salesforce fixture export, its interactions remembered (the
    sync tests compare what the syncs wrote beyond them)."""
    for cli in cli_on_fresh_graph(engine_dir):
        seed(cli)
        cli.baseline = interactions(cli.export())  # type: ignore[attr-defined]
        yield cli


def synced(cli: Cli) -> list[tuple[str, str, list[str], list[str]]]:
    """The interactions stored beyond the seeded CRM export's: those the syncs wrote."""
    rest = list(cli.export_rows())
    for row in cli.baseline:  # type: ignore[attr-defined]
        rest.remove(row)
    return rest
