"""Several kamgraph processes on one data directory: none owns the engine. Whoever leaves, the
others go on; the last to leave stops it; imports take turns instead of failing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import kamgraph.storage.falkordb as falkordb
from kamgraph.errors import DatabaseUnavailable
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from kamgraph.storage.falkordb import FalkorStore
from tests.factories import tiny

HOLDER = """
import sys
from pathlib import Path
from kamgraph.settings import Settings
from kamgraph.storage import open_store
with open_store(Settings(db=None, data_dir=Path(sys.argv[1]))) as store:
    print((Path(sys.argv[1]) / "falkordb" / "engine.pid").read_text().strip(), flush=True)
    sys.stdin.read()  # until the test closes it: then leave normally
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAMGRAPH_")}
    return {**env, "KAMGRAPH_DATA_DIR": str(data_dir), "KAMGRAPH_AUTH_DISABLED": "1"}


def _kamgraph(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kamgraph.cli import main; main()", *args]


def _engine_pid(data_dir: Path) -> int:
    return int((data_dir / "falkordb" / "engine.pid").read_text())


def _dead(pid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        # A zombie of another process (A started the engine, and has not reaped it yet).
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists() and stat.read_text().rsplit(")", 1)[-1].split()[0] == "Z":
            return True
        time.sleep(0.05)
    return False


def _hold(data_dir: Path) -> tuple[subprocess.Popen[str], int]:
    """Process A: the first on the directory (it starts the engine), holding a store open."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    proc, engine_pid = _hold(tmp_path)
    yield proc, engine_pid
    proc.kill()
    proc.wait()


def _leave(proc: subprocess.Popen[str], how: str) -> None:
    if how == "exits":
        assert proc.stdin is not None
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    else:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


@pytest.mark.parametrize("how", ["exits", "is killed with -9"])
def test_a_second_process_goes_on_when_the_first_leaves(
    tmp_path: Path, holder: tuple[subprocess.Popen[str], int], how: str
) -> None:
    proc, engine_pid = holder
    store = open_store(Settings(db=None, data_dir=tmp_path))
    try:
        assert _engine_pid(tmp_path) == engine_pid  # shared, not a second engine
        import_data(store, tiny())
        _leave(proc, how)
        os.kill(engine_pid, 0)  # still running: B uses it
        assert store.counts()["Person"] == 4
        import_data(store, {"format": "kamgraph/v1", "sellers": [{"id": "s9"}]})
        assert "s9" in {s["id"] for s in export_bundle(store)["sellers"]}
    finally:
        store.close()
    assert _dead(engine_pid), "the last process left; the engine must stop with it"


def test_a_long_data_dir_engine_is_stopped_by_the_last_process_too(tmp_path: Path) -> None:
    """Its socket lies in a temp dir, so the engine's title does not name the data dir."""
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    proc, engine_pid = _hold(deep)
    try:
        store = open_store(Settings(db=None, data_dir=deep))
        try:
            _leave(proc, "is killed with -9")
            import_data(store, tiny())
        finally:
            store.close()
    finally:
        proc.kill()
        proc.wait()
    assert _dead(engine_pid)


def test_a_process_that_finds_the_engine_gone_starts_it_again(
    tmp_path: Path, holder: tuple[subprocess.Popen[str], int]
) -> None:
    """The engine killed under two processes: the one that asks next starts it, the other
    reconnects to that one (not a second engine on the same files)."""
    proc, engine_pid = holder
    store = open_store(Settings(db=None, data_dir=tmp_path))
    try:
        import_data(store, tiny())
        os.kill(engine_pid, signal.SIGKILL)
        assert _dead(engine_pid)
        assert store.counts()["Person"] == 4  # started again by this process
        again = _engine_pid(tmp_path)
        assert again != engine_pid
        _leave(proc, "exits")  # A leaves: not the last, so the engine B started goes on
        assert store.counts()["Person"] == 4
    finally:
        store.close()
    assert _dead(again)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(url: str, bundle: dict[str, Any] | None = None, timeout: float = 30) -> tuple[int, Any]:
    """Status and JSON body of a GET (or of a POST of `bundle`), errors included."""
    body = None if bundle is None else json.dumps(bundle).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def _wait_ready(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = _call(f"{base}/ready", timeout=2)[0]
            if last == 200:
                return
        except OSError as e:
            last = e
        time.sleep(0.1)
    raise AssertionError(f"serve did not become ready: {last}")


@pytest.mark.parametrize("how", ["exits", "is killed with -9"])
def test_serve_keeps_answering_when_the_process_that_started_the_engine_leaves(
    tmp_path: Path, holder: tuple[subprocess.Popen[str], int], how: str
) -> None:
    proc, engine_pid = holder
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen(
        _kamgraph("serve", "--port", str(port)),
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(base)
        _leave(proc, how)
        assert _call(f"{base}/ready") == (200, {"status": "ok", **_call(f"{base}/ready")[1]})
        imported = _call(f"{base}/v1/import", tiny())
        assert imported[0] == 200 and imported[1]["added"] > 0, imported
        accounts = _call(f"{base}/v1/accounts")
        assert accounts[0] == 200 and accounts[1], accounts
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=30)
    assert _dead(engine_pid), "serve was the last process; the engine must stop with it"


def _sellers(first: int, n: int) -> dict[str, Any]:
    return {"format": "kamgraph/v1", "sellers": [{"id": f"s{i}"} for i in range(first, first + n)]}


def _writer(fifo: Path, proc: subprocess.Popen[str], timeout: float = 60.0) -> int:
    """Once `proc` reads its bundle from `fifo` (the CLI opens the store before that), the
    FIFO's write end. Kept open: closing it would hand the reader an empty bundle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:  # a FIFO opens for writing without blocking only once a reader has it open
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)
        return fd
    raise AssertionError(f"{proc.args!r} never read {fifo}")


def _send(fd: int, bundle: dict[str, Any]) -> None:
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(bundle))


def test_concurrent_imports_take_turns_and_both_land(tmp_path: Path) -> None:
    """Two `kamgraph import`s with the store open at once (the first started the engine), then
    both given their bundle together: both exit 0 and the store holds both."""
    data = tmp_path / "data"
    runs, writers = [], []
    for name in ("a.json", "b.json"):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        runs.append(
            subprocess.Popen(
                _kamgraph("import", str(fifo)),
                env=_env(data),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        writers.append(_writer(fifo, runs[-1]))
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(_send, writers, [tiny(), _sellers(100, 20000)]))
    outcomes = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outcomes
    with open_store(Settings(db=None, data_dir=data)) as store:
        exported = export_bundle(store)
        engine_pid = _engine_pid(data)
    sellers = {s["id"] for s in exported["sellers"]}
    assert {s["id"] for s in tiny()["sellers"]} <= sellers
    assert {f"s{i}" for i in range(100, 20100)} <= sellers
    assert len(exported["people"]) == 4
    assert _dead(engine_pid)  # the last one left: no engine behind


def test_an_import_waits_for_the_one_running_then_lands(tmp_path: Path) -> None:
    bundle = tmp_path / "b.json"
    bundle.write_text(json.dumps(_sellers(1, 3)))
    errors = tmp_path / "stderr.txt"
    store = open_store(Settings(db=None, data_dir=tmp_path))
    try:
        assert isinstance(store, FalkorStore)
        with store.import_turn(), errors.open("w") as sink:  # an import of this process runs
            second = subprocess.Popen(
                _kamgraph("import", str(bundle)),
                env=_env(tmp_path),
                stdout=subprocess.DEVNULL,
                stderr=sink,
            )
            # Held until the second import says it waits (however slowly it starts up).
            deadline = time.monotonic() + 60
            while "waiting for another import to finish" not in errors.read_text():
                assert second.poll() is None, errors.read_text()
                assert time.monotonic() < deadline, "the second import never waited"
                time.sleep(0.05)
            time.sleep(0.5)
            assert second.poll() is None, errors.read_text()  # still waiting, not failed
        assert second.wait(timeout=60) == 0, errors.read_text()
        assert store.counts()["Seller"] == 3
    finally:
        store.close()


def test_an_import_that_waits_too_long_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(falkordb, "IMPORT_WAIT_TIMEOUT", 0.3)
    with (
        open_store(Settings(db=None, data_dir=tmp_path)) as a,
        open_store(Settings(db=None, data_dir=tmp_path, graph="other")) as b,
    ):
        with a.import_turn(), ThreadPoolExecutor(1) as pool:
            # Another thread's import waits for its turn too, and gives up with a reason.
            waited = pool.submit(import_data, b, _sellers(1, 1))
            with pytest.raises(DatabaseUnavailable, match="another import into this"):
                waited.result(timeout=30)
        assert b.counts().get("Seller", 0) == 0
