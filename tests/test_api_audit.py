"""Token changes made with the CLI are in the audit log: who (the local user), what, the token's
name and role, and never its secret or hash."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kamgraph.cli import app as cli
from kamgraph.services.tokens import digest
from kamgraph.settings import Settings


def test_cli_token_changes_are_audited_without_secrets(tmp_path: Path) -> None:
    # getpass.getuser() reads LOGNAME first: the entries must name this user.
    env = {"KAMGRAPH_DATA_DIR": str(tmp_path), "KAMGRAPH_DB": "", "LOGNAME": "ana-ops"}

    def kamgraph(*args: str) -> str:
        result = CliRunner().invoke(cli, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

    admin = kamgraph("token", "create", "--role", "admin", "--name", "auditor")
    bot = kamgraph("token", "create", "--role", "editor", "--name", "ci-bot")
    kamgraph("token", "revoke", "ci-bot")
    # Refused changes leave no entry.
    again = CliRunner().invoke(cli, ["token", "revoke", "ci-bot"], env=env)
    assert again.exit_code == 1
    twice = CliRunner().invoke(
        cli, ["token", "create", "--role", "admin", "--name", "auditor"], env=env
    )
    assert twice.exit_code == 1

    with TestClient(create_app(Settings(db=None, data_dir=tmp_path))) as client:
        page = client.get("/v1/audit", headers={"Authorization": f"Bearer {admin}"})
        assert page.status_code == 200, page.text
        log = page.json()
        entries = [(e["who"], e["action"], e["target"], e["ids"]) for e in log["items"]]
        assert entries == [
            ("cli:ana-ops", "revoke", "tokens", ["ci-bot", "editor"]),
            ("cli:ana-ops", "create", "tokens", ["ci-bot", "editor"]),
            ("cli:ana-ops", "create", "tokens", ["auditor", "admin"]),
        ]
        assert log["total"] == 3
        text = page.text
        for secret in (admin, bot):
            assert secret.startswith("kg_")
            assert secret not in text and secret[3:] not in text and digest(secret) not in text
        assert "kg_" not in text
        # The revoked token no longer works; the audit entry of its creation stays.
        revoked = client.get("/v1/audit", headers={"Authorization": f"Bearer {bot}"})
        assert revoked.status_code == 401
