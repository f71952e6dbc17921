"""`kamgraph user`: add, list, remove, passwd; a password never on the command line, only its
argon2 hash in the store."""

from __future__ import annotations

import json
from pathlib import Path

from argon2 import PasswordHasher
from typer.testing import CliRunner

from kamgraph.cli import app
from kamgraph.services.audit import entries
from kamgraph.services.users import authenticate
from kamgraph.settings import Settings
from kamgraph.storage import open_store

runner = CliRunner()
PASSWORD = "a long enough secret"


def _env(tmp_path: Path) -> dict[str, str]:
    return {"KAMGRAPH_DATA_DIR": str(tmp_path / "data"), "KAMGRAPH_DB": ""}


def test_add_list_passwd_remove(tmp_path: Path) -> None:
    env = _env(tmp_path)
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n")
    added = runner.invoke(
        app, ["user", "add", "lena", "--role", "editor", "--password-file", str(secret)], env=env
    )
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output
    # From stdin (a script's pipe), and never as an argument: there is no --password option.
    piped = runner.invoke(
        app, ["user", "add", "rudi", "--role", "reader"], input=PASSWORD + "\n", env=env
    )
    assert piped.exit_code == 0, piped.output
    argv = runner.invoke(app, ["user", "add", "x", "--role", "reader", "--password", "p"], env=env)
    assert argv.exit_code == 2
    listed = runner.invoke(app, ["user", "list", "--json"], env=env)
    assert listed.exit_code == 0
    users = json.loads(listed.stdout)
    assert [(u["name"], u["role"]) for u in users] == [("lena", "editor"), ("rudi", "reader")]
    assert "hash" not in listed.stdout and "argon2" not in listed.stdout
    new = "another long secret"
    changed = runner.invoke(app, ["user", "passwd", "lena"], input=new + "\n", env=env)
    assert changed.exit_code == 0, changed.output
    removed = runner.invoke(app, ["user", "remove", "rudi"], env=env)
    assert removed.exit_code == 0
    again = runner.invoke(app, ["user", "remove", "rudi"], env=env)
    assert again.exit_code == 1 and "unknown user 'rudi'" in again.output
    with open_store(Settings(db=None, data_dir=tmp_path / "data")) as store:
        stored = str(store.read("auth/find_user", user="lena")[0]["hash"])
        assert stored.startswith("$argon2id$") and PASSWORD not in stored and new not in stored
        assert PasswordHasher().verify(stored, new)
        assert authenticate(store, "lena", PASSWORD) is None
        assert authenticate(store, "lena", new) is not None
        assert store.read("auth/find_user", user="rudi") == []
        log, _ = entries(store)
        seen = [(e.action, e.target, e.ids) for e in log]
    assert ("create", "users", ["lena", "editor"]) in seen
    assert ("delete", "users", ["rudi", "reader"]) in seen
    assert ("passwd", "users", ["lena"]) in seen
    assert all(PASSWORD not in str(e) and new not in str(e) for e in log)


def test_bad_input_is_one_clear_error(tmp_path: Path) -> None:
    env = _env(tmp_path)
    short = runner.invoke(
        app, ["user", "add", "lena", "--role", "editor"], input="short\n", env=env
    )
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    role = runner.invoke(app, ["user", "add", "lena", "--role", "boss"], input=PASSWORD, env=env)
    assert role.exit_code == 1 and "unknown role 'boss'" in role.output
    seller = ["user", "add", "lena", "--role", "editor", "--seller", "nope"]
    unknown = runner.invoke(app, seller, input=PASSWORD, env=env)
    assert unknown.exit_code == 1 and "unknown seller 'nope'" in unknown.output
    ok = runner.invoke(app, ["user", "add", "lena", "--role", "editor"], input=PASSWORD, env=env)
    assert ok.exit_code == 0
    twice = runner.invoke(app, ["user", "add", "lena", "--role", "reader"], input=PASSWORD, env=env)
    assert twice.exit_code == 1 and "already exists" in twice.output
    missing = runner.invoke(app, ["user", "passwd", "ghost"], input=PASSWORD, env=env)
    assert missing.exit_code == 1 and "unknown user 'ghost'" in missing.output
