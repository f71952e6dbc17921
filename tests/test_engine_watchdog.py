"""A mute embedded engine (FalkorDB can deadlock: upstream issue #2129) never hangs kamgraph.

SIGSTOP stands in for the deadlock: a stopped engine still accepts connections (the kernel
queues them) but answers nothing and uses no CPU, as a deadlocked one. Every call runs in a
thread with a deadline, so a hang fails the test instead of the suite; the stopped engine is
killed at the end whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from kamgraph.errors import DatabaseUnavailable
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.services.audit import append
from kamgraph.settings import Settings
from kamgraph.storage import engine as embedded
from kamgraph.storage import open_store
from tests.factories import tiny

T = TypeVar("T")
DEADLINE = 40.0  # seconds; the recoveries below take a few (2 s pings, a restart)

HOLDER = """
import sys
from pathlib import Path
from kamgraph.settings import Settings
from kamgraph.storage import open_store
with open_store(Settings(db=None, data_dir=Path(sys.argv[1]))) as store:
    print((Path(sys.argv[1]) / "falkordb" / "engine.pid").read_text().strip(), flush=True)
    sys.stdin.read()
"""


def _settings(path: Path) -> Settings:
    return Settings(
        db=None,
        data_dir=path,
        engine_answer_timeout=3,
        engine_ping_timeout=2,
        engine_start_timeout=20,
    )


@pytest.fixture
def stop() -> Iterator[Callable[[int], None]]:
    """SIGSTOP an engine; whatever the test did, a stopped engine left is killed at the end."""
    stopped: list[int] = []

    def _stop(pid: int) -> None:
        stopped.append(pid)
        os.kill(pid, signal.SIGSTOP)

    yield _stop
    for pid in stopped:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _bounded(call: Callable[[], T], deadline: float = DEADLINE) -> T:
    """`call()`'s result or exception, or a failure if it has not returned within `deadline`."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = call()
        except BaseException as e:  # noqa: BLE001 - handed to the test thread
            out["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(deadline)
    if thread.is_alive():
        pytest.fail(f"hung: no return within {deadline:.0f} s")
    if "error" in out:
        raise out["error"]
    return out["value"]  # type: ignore[no-any-return]


def _pid(store: Any) -> int:
    pid = store._engine.pid
    assert pid is not None
    return int(pid)


def test_a_read_on_a_stopped_engine_restarts_it_and_answers(
    tmp_path: Path, stop: Callable[[int], None]
) -> None:
    with open_store(_settings(tmp_path)) as store:
        import_data(store, tiny())
        before = export_bundle(store)
        pid = _pid(store)
        stop(pid)
        counts = _bounded(store.counts)
        assert counts["Person"] > 0
        assert _pid(store) != pid
        assert export_bundle(store) == before
        assert "killed (SIGKILL) and started again" in store._engine.log_file.read_text()  # type: ignore[attr-defined]


def test_a_write_queued_on_a_stopped_engine_fails_clearly_and_applies_nothing(
    tmp_path: Path, stop: Callable[[int], None]
) -> None:
    with open_store(_settings(tmp_path)) as store:
        import_data(store, tiny())
        before = export_bundle(store)

        def write() -> None:
            with store.atomic():
                stop(_pid(store))
                append(store, "test", "import", "bundle", ["x"])

        with pytest.raises(DatabaseUnavailable, match="nothing of this write was applied"):
            _bounded(write)
        assert export_bundle(store) == before
        # The store goes on: the next unit lands on the restarted engine.
        _bounded(lambda: import_data(store, tiny()))


def test_the_schema_setup_of_a_new_store_on_a_stopped_engine_recovers(
    tmp_path: Path, stop: Callable[[int], None]
) -> None:
    with open_store(_settings(tmp_path)) as first:
        import_data(first, tiny())
        before = export_bundle(first)
        pid = _pid(first)
        stop(pid)
        # The same process: the engine is shared, so opening goes straight to the schema setup.
        with _bounded(lambda: open_store(_settings(tmp_path))) as second:
            assert _pid(second) != pid
            assert export_bundle(second) == before


def test_opening_a_store_when_the_engine_is_mute_at_start_recovers(
    tmp_path: Path, stop: Callable[[int], None]
) -> None:
    with open_store(_settings(tmp_path)) as store:
        import_data(store, tiny())
        before = export_bundle(store)
    # Another process starts the engine and is killed: the engine stays, then goes mute.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    pid = int(holder.stdout.readline())
    holder.kill()
    holder.wait()
    stop(pid)
    with _bounded(lambda: open_store(_settings(tmp_path))) as store:
        assert _pid(store) != pid
        assert export_bundle(store) == before


def test_a_busy_engine_is_not_killed(tmp_path: Path) -> None:
    """Mute but working (a long EXEC holds the main thread, as an import does): left alone."""
    with open_store(_settings(tmp_path)) as store:
        engine: embedded.EmbeddedEngine = store._engine  # type: ignore[attr-defined]
        pid = _pid(store)
        client = embedded._client(engine.socket_path, 60)
        pipe = client.pipeline(transaction=True)
        query = "UNWIND range(1, 60000000) AS x RETURN sum(x)"
        pipe.execute_command("GRAPH.QUERY", "busy", query)  # type: ignore[no-untyped-call]
        done = threading.Event()

        def run() -> None:
            pipe.execute()
            done.set()

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        try:
            verdict = _bounded(engine.recover)
        finally:
            worker.join(DEADLINE)
        # "busy" when the probe caught the EXEC running; on a loaded machine the EXEC may not
        # have started (or may be done) by then: "answering". Never killed and restarted.
        assert verdict in ("busy", "answering")
        assert _pid(store) == pid
        assert done.is_set()
