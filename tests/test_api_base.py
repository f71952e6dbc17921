"""The API's base: lifespan store, /health and /ready."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.settings import Settings


def test_health_and_ready_on_the_embedded_engine(tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path))
    with TestClient(app) as client:
        assert client.get("/health").json()["status"] == "ok"
        ready = client.get("/ready")
        assert ready.status_code == 200
        assert ready.json()["engine"] == "falkordb" and ready.json()["status"] == "ok"


def test_ready_says_503_when_the_engine_is_gone(tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path))
    with TestClient(app) as client:
        engine = app.state.store._engine
        engine.process.kill()
        engine.process.wait()
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["status"] == "unavailable"
        assert "unreachable" in ready.json()["detail"]
        assert "Traceback" not in ready.text
