"""Every CLI error is one message with no traceback, and no password is ever printed (#11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kamgraph.cli import app
from kamgraph.settings import Settings, redact

runner = CliRunner()
SECRET = "S3cretPW"


def one_error(result: object, *must: str) -> str:
    output: str = result.output  # type: ignore[attr-defined]
    assert result.exit_code == 1, output  # type: ignore[attr-defined]
    assert "Traceback" not in output and SECRET not in output
    lines = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, output
    for part in must:
        assert part in lines[0], output
    return lines[0]


def env(tmp_path: Path) -> dict[str, str]:
    return {"KAMGRAPH_DATA_DIR": str(tmp_path), "KAMGRAPH_DB": ""}


def test_a_password_in_a_neo4j_url_is_never_printed(tmp_path: Path) -> None:
    url = f"neo4j://neo4j:{SECRET}@127.0.0.1:1"
    result = runner.invoke(app, ["export", "--db", url], env=env(tmp_path))
    one_error(result, "Neo4j is unreachable")


def test_the_url_credentials_become_the_neo4j_settings() -> None:
    settings = Settings(db=f"bolt://ann:{SECRET}%21@db.example:7687")
    assert settings.db == "bolt://db.example:7687"
    assert settings.neo4j_user == "ann"
    assert settings.neo4j_password.get_secret_value() == SECRET + "!"
    assert SECRET not in settings.redacted_db() and SECRET not in repr(settings)
    # A FalkorDB server takes its password in the URL (redis AUTH): kept there, never shown.
    server = Settings(db=f"falkordb://:{SECRET}@cache:6379/g")
    assert server.db is not None and SECRET in server.db and SECRET not in server.redacted_db()


def test_redact_hides_every_url_password() -> None:
    text = f"tried neo4j://u:{SECRET}@a:1 and falkordb://:{SECRET}@b/g then bolt://c"
    assert redact(text) == "tried neo4j://u:***@a:1 and falkordb://:***@b/g then bolt://c"


@pytest.mark.parametrize(
    ("target", "says"),
    [("missing/x.json", "No such file or directory"), (".", "Is a directory")],
)
def test_export_to_a_path_that_cannot_be_written(tmp_path: Path, target: str, says: str) -> None:
    path = tmp_path / target if target != "." else tmp_path
    result = runner.invoke(app, ["export", "-o", str(path)], env=env(tmp_path / "data"))
    one_error(result, says, str(path))


def test_deeply_nested_json_is_one_message(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    result = runner.invoke(app, ["import", str(deep)], env=env(tmp_path / "data"))
    one_error(result)


def test_a_day_outside_the_supported_range_is_one_message(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["coverage", "--account", "acme", "--as-of", "0001-01-01"], env=env(tmp_path)
    )
    one_error(result, "outside the supported days 1900-01-01 to 2199-12-31")
