"""Advisory file locks (`fcntl.flock`) between the kamgraph processes of one data directory.

flock rather than a pid file: the kernel drops a process's locks when it exits in any way
(`kill -9` included), so a lock is never left behind by a process that is gone. Locks belong to
an open file, so two threads of one process that each open the file exclude each other too.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kamgraph.errors import DatabaseUnavailable

_POLL = 0.05


def take(
    path: Path,
    *,
    shared: bool = False,
    timeout: float,
    what: str,
    on_wait: Callable[[], None] | None = None,
    keep_waiting: Callable[[], bool] | None = None,
) -> IO[str]:
    """The open file holding the lock (close it to let go); waits up to `timeout` seconds,
    longer while `keep_waiting()` says the holder is making progress.

    Polls instead of a blocking flock: a blocking call cannot be given a deadline."""
    handle = path.open("a+", encoding="utf-8")
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    deadline = time.monotonic() + timeout
    waited = False
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            pass
        if not waited and on_wait is not None:
            on_wait()
        waited = True
        if keep_waiting is not None and keep_waiting():
            deadline = max(deadline, time.monotonic() + timeout)
        if time.monotonic() >= deadline:
            handle.close()
            raise DatabaseUnavailable(
                f"{what} did not finish within {timeout:.0f} s (lock {path}); try again later"
            )
        time.sleep(_POLL)


@contextmanager
def held(
    path: Path,
    *,
    timeout: float,
    what: str,
    on_wait: Callable[[], None] | None = None,
    keep_waiting: Callable[[], bool] | None = None,
) -> Iterator[None]:
    """An exclusive lock on `path` for the block (see `take`)."""
    handle = take(path, timeout=timeout, what=what, on_wait=on_wait, keep_waiting=keep_waiting)
    try:
        yield
    finally:
        handle.close()


def unused(path: Path) -> bool:
    """True when no process holds a shared lock on `path` (nor any lock): tried, not waited."""
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        handle.close()
    return True
