"""The embedded engine: persistence across restarts and kill -9, one engine per data directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from kamgraph.errors import DatabaseUnavailable
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from tests.conftest import break_engine_start
from tests.factories import tiny


def _settings(path: Path) -> Settings:
    return Settings(db=None, data_dir=path)


def _wait_dead(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return
        except ChildProcessError:
            pass
        time.sleep(0.02)
    raise AssertionError(f"process {pid} still alive")


def test_data_survives_a_clean_restart(tmp_path: Path) -> None:
    with open_store(_settings(tmp_path)) as store:
        import_data(store, tiny())
        before = export_bundle(store)
        engine_pid = store._engine.process.pid  # type: ignore[attr-defined]
    _wait_dead(engine_pid)  # stopped on close
    with open_store(_settings(tmp_path)) as store:
        assert export_bundle(store) == before


def test_data_survives_kill_9_of_the_engine(tmp_path: Path) -> None:
    store = open_store(_settings(tmp_path))
    try:
        import_data(store, tiny())
        before = export_bundle(store)
        engine = store._engine  # type: ignore[attr-defined]
        os.kill(engine.process.pid, signal.SIGKILL)
        _wait_dead(engine.process.pid)
    finally:
        store.close()
    with open_store(_settings(tmp_path)) as store:
        assert export_bundle(store) == before


def test_engine_listens_on_a_private_unix_socket_only(tmp_path: Path) -> None:
    with open_store(_settings(tmp_path)) as store:
        engine = store._engine  # type: ignore[attr-defined]
        sock = engine.socket_path
        assert sock.is_socket()
        assert oct(sock.stat().st_mode & 0o777) == oct(0o700)
        client = redis.Redis(unix_socket_path=str(sock))
        try:
            assert client.config_get("port") == {"port": "0"}
            assert client.config_get("appendonly") == {"appendonly": "yes"}
            assert client.config_get("appendfsync") == {"appendfsync": "always"}
        finally:
            client.close()


def test_a_long_data_dir_gets_a_short_socket(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    with open_store(_settings(deep)) as store:
        engine = store._engine  # type: ignore[attr-defined]
        assert len(str(engine.socket_path)) <= 100
        import_data(store, tiny())
    with open_store(_settings(deep)) as store:
        assert len(export_bundle(store)["people"]) == 4


SECOND_PROCESS = """
import sys
from pathlib import Path
from kamgraph.settings import Settings
from kamgraph.storage import open_store
with open_store(Settings(db=None, data_dir=Path(sys.argv[1]))) as store:
    print(store.counts().get("Person", 0))
    print(store._engine.process is None)
"""


def test_second_process_reuses_the_running_engine(tmp_path: Path) -> None:
    with open_store(_settings(tmp_path)) as store:
        import_data(store, tiny())
        pid = store._engine.process.pid  # type: ignore[attr-defined]
        result = subprocess.run(
            [sys.executable, "-c", SECOND_PROCESS, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert result.stdout.split() == ["4", "True"]  # it did not start an engine
        # The second process did not stop the engine it reused.
        os.kill(pid, 0)
        assert store.counts()["Person"] == 4


def test_an_orphaned_engine_is_adopted(tmp_path: Path) -> None:
    """A last user killed with -9 leaves its engine running; the next start uses it, and stops
    it when it leaves."""
    script = SECOND_PROCESS.replace(
        "print(store._engine.process is None)",
        "import os, signal; os.kill(os.getpid(), signal.SIGKILL)",
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, timeout=60)
    orphan = int((tmp_path / "falkordb" / "engine.pid").read_text())
    os.kill(orphan, 0)  # still running
    with open_store(_settings(tmp_path)) as store:
        assert store._engine.process is None and store._engine.pid == orphan  # type: ignore[attr-defined]
        import_data(store, tiny())
    _wait_dead(orphan)


def test_engine_that_cannot_start_gives_a_readable_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_engine_start(monkeypatch, tmp_path)
    with pytest.raises(DatabaseUnavailable, match="exited at start"):
        open_store(_settings(tmp_path / "data"))


def test_a_clean_stop_leaves_a_snapshot_not_a_long_log(tmp_path: Path) -> None:
    """Replaying a long log of write queries at start is slow in FalkorDB; a snapshot is not."""
    with open_store(_settings(tmp_path)) as store:
        import_data(store, tiny())
        import_data(store, {"format": "kamgraph/v1", "sellers": [{"id": "s9"}]})
    aof = tmp_path / "falkordb" / "aof"
    base = [p for p in aof.iterdir() if p.name.endswith(".base.rdb")]
    incr = [p for p in aof.iterdir() if p.name.endswith(".incr.aof")]
    assert len(base) == 1 and base[0].stat().st_size > 1000  # the graph is in the snapshot
    assert all(p.stat().st_size == 0 for p in incr)  # nothing left to replay
    with open_store(_settings(tmp_path)) as store:
        assert store.counts()["Seller"] == 4
