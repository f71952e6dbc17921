"""The command line: exit codes, messages, files written, the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kamgraph.cli import app
from tests.factories import tiny

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"KAMGRAPH_DATA_DIR": str(tmp_path / "data"), "KAMGRAPH_DB": ""}


def _bundle(tmp_path: Path, data: object, name: str = "bundle.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_import_export_import_export(tmp_path: Path, env: dict[str, str]) -> None:
    sample = Path(__file__).resolve().parent.parent / "kamgraph" / "data" / "sample.json"
    first = runner.invoke(app, ["import", str(sample), "--json"], env=env)
    assert first.exit_code == 0, first.output
    added = json.loads(first.stdout)["added"]
    assert added > 900
    out1, out2 = tmp_path / "e1.json", tmp_path / "e2.json"
    assert runner.invoke(app, ["export", "-o", str(out1)], env=env).exit_code == 0
    info1 = json.loads(runner.invoke(app, ["db", "info", "--json"], env=env).stdout)
    again = runner.invoke(app, ["import", str(out1), "--json"], env=env)
    assert json.loads(again.stdout)["unchanged"] == added
    info2 = json.loads(runner.invoke(app, ["db", "info", "--json"], env=env).stdout)
    assert info1["counts"] == info2["counts"] and info1["ok"] is True
    assert runner.invoke(app, ["export", "-o", str(out2)], env=env).exit_code == 0
    assert out1.read_bytes() == out2.read_bytes()


def test_invalid_bundle_exits_1_listing_every_error(tmp_path: Path, env: dict[str, str]) -> None:
    data = tiny()
    data["influences"][0]["strength"] = 2
    data["roles"][0]["role"] = "boss"
    data["interactions"][0]["people"] = ["ghost"]
    result = runner.invoke(app, ["import", str(_bundle(tmp_path, data))], env=env)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "influences[0].strength: Input should be less than or equal to 1" in lines
    assert any(line.startswith("roles[0].role: Input should be 'economic_buyer'") for line in lines)
    assert (
        "interactions[0].people: unknown person 'ghost' (not in this bundle nor in the database)"
        in lines
    )
    assert "nothing was written" in result.stderr
    info = json.loads(runner.invoke(app, ["db", "info", "--json"], env=env).stdout)
    assert info["counts"] == {}


def test_dry_run_writes_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    result = runner.invoke(app, ["import", str(_bundle(tmp_path, tiny())), "--dry-run"], env=env)
    assert result.exit_code == 0 and "would import" in result.stdout
    info = json.loads(runner.invoke(app, ["db", "info", "--json"], env=env).stdout)
    assert info["counts"] == {}


def test_unreadable_input_is_one_clear_line(tmp_path: Path, env: dict[str, str]) -> None:
    result = runner.invoke(app, ["import", str(tmp_path / "nope.json")], env=env)
    assert result.exit_code == 1
    assert "nope.json: no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_wipe_needs_yes(tmp_path: Path, env: dict[str, str]) -> None:
    runner.invoke(app, ["import", str(_bundle(tmp_path, tiny()))], env=env)
    refused = runner.invoke(app, ["db", "wipe"], env=env)
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert json.loads(runner.invoke(app, ["db", "info", "--json"], env=env).stdout)["counts"]
    assert runner.invoke(app, ["db", "wipe", "--yes"], env=env).exit_code == 0
    assert json.loads(runner.invoke(app, ["db", "info", "--json"], env=env).stdout)["counts"] == {}


def test_bad_db_url_is_refused(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["db", "info", "--db", "mysql://x"], env=env)
    assert result.exit_code == 1
    assert "unsupported database URL scheme 'mysql'" in result.stderr


def test_unreachable_falkordb_server_is_reported(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["db", "info", "--db", "falkordb://127.0.0.1:1/g"], env=env)
    assert result.exit_code == 1
    assert "FalkorDB is unreachable" in result.stderr


def test_export_of_unknown_account(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["export", "--account", "nope"], env=env)
    assert result.exit_code == 1 and "unknown account 'nope'" in result.stderr


def test_csv_export_then_import(tmp_path: Path, env: dict[str, str]) -> None:
    runner.invoke(app, ["import", str(_bundle(tmp_path, tiny()))], env=env)
    folder = tmp_path / "csv"
    assert runner.invoke(app, ["export", "--csv", str(folder)], env=env).exit_code == 0
    assert (folder / "people.csv").read_text().startswith("id,account,unit,name")
    again = runner.invoke(app, ["import", str(folder), "--json"], env=env)
    assert json.loads(again.stdout)["added"] == 0


def test_demo_prints_the_sample_account_summary(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["demo"], env=env)
    assert result.exit_code == 0, result.output
    assert "Nordwind" in result.stdout
    assert "people by layer" in result.stdout and "opportunities" in result.stdout
    again = runner.invoke(app, ["demo"], env=env)
    assert again.exit_code == 0 and "0 rows added" in again.stderr


def test_synth_is_deterministic(tmp_path: Path, env: dict[str, str]) -> None:
    args = ["synth", "--accounts", "2", "--people", "30", "--seed", "7", "--as-of", "2026-11-01"]
    a = runner.invoke(app, [*args, "-o", str(tmp_path / "a.json")], env=env)
    b = runner.invoke(app, [*args, "-o", str(tmp_path / "b.json")], env=env)
    assert a.exit_code == 0 and b.exit_code == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    imported = runner.invoke(app, ["import", str(tmp_path / "a.json"), "--json"], env=env)
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["tables"]["people"]["added"] == 60


def test_a_setting_that_is_not_json_is_one_clear_line(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["db", "info"], env={**env, "KAMGRAPH_ANALYSIS__WEIGHTS": "{bad"})
    assert result.exit_code == 1
    assert "invalid settings" in result.output and "analysis" in result.output
    assert "Traceback" not in result.output
