"""The API's base: lifespan store, /health and /ready."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.settings import Settings
from tests.conftest import break_engine_start


def test_health_and_ready_on_the_embedded_engine(tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path))
    with TestClient(app) as client:
        assert client.get("/health").json()["status"] == "ok"
        ready = client.get("/ready")
        assert ready.status_code == 200
        assert ready.json()["engine"] == "falkordb" and ready.json()["status"] == "ok"


def test_503_while_the_engine_is_down_then_recovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path, auth_disabled=True))
    with TestClient(app) as client:
        engine = app.state.store._engine
        repair = break_engine_start(monkeypatch, tmp_path)
        engine.process.kill()
        engine.process.wait()
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["status"] == "unavailable"
        assert "unreachable" in ready.json()["detail"]
        down = client.get("/v1/accounts")
        assert down.status_code == 503 and "unreachable" in down.json()["detail"]
        assert "Traceback" not in down.text
        repair()
        assert client.get("/ready").status_code == 200
        assert client.get("/v1/accounts").status_code == 200
