"""A real IMAP server for the sync tests: Debian's Dovecot, started by the tests on 127.0.0.1
with a configuration of their own (maildir in a temporary folder, one user, plain login on
loopback only). `make test` and .ci/run install the package (dovecot-imapd)."""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "lee.chen@ourco.example", "s3cret-pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test server stopped: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the test server does not answer on port {port}")


def _config(root: Path, port: int) -> str:
    if os.geteuid() == 0:
        # Dovecot refuses to run mail processes as root: the package's own user does.
        owner, extra = "dovecot", ""
    else:
        import pwd

        owner = pwd.getpwuid(os.geteuid()).pw_name
        extra = f"default_internal_user = {owner}\ndefault_login_user = {owner}\n"
    for sub in ("mail", "home"):
        (root / sub).mkdir(exist_ok=True)
        shutil.chown(root / sub, owner, owner)
    return f"""{extra}protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={owner} gid={owner} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
"""


class Dovecot:
    """One running Dovecot; `client()` is a plain imaplib session of the test user, the tests'
    hands on the server (APPEND, STORE, EXPUNGE, folders)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        conf = root / "dovecot.conf"
        conf.write_text(_config(root, self.port))
        log = root / "dovecot.log"
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process, log)

    def client(self) -> imaplib.IMAP4:
        c = imaplib.IMAP4("127.0.0.1", self.port)
        c.login(USER, PASSWORD)
        return c

    def append(self, folder: str, *messages: bytes) -> None:
        c = self.client()
        try:
            for m in messages:
                typ, data = c.append(folder, None, None, m)
                assert typ == "OK", data
        finally:
            c.logout()

    def clear(self) -> None:
        """Every folder empty, Sent recreated: a fresh mailbox for the next test."""
        c = self.client()
        try:
            for folder in ("INBOX", "Sent"):
                _, count = c.select(folder)
                if count and count[0] not in (b"0", None):
                    c.store("1:*", "+FLAGS", "\\Deleted")
                    c.expunge()
            _, names = c.list()
            for raw in names or []:
                assert isinstance(raw, bytes)
                name = raw.decode().rsplit(" ", 1)[-1].strip('"')
                if name not in ("INBOX", "Sent"):
                    c.delete(name)
        finally:
            c.logout()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def dovecot() -> Iterator[Dovecot]:
    if not Path(DOVECOT).exists():
        if os.environ.get("CI"):
            pytest.fail("dovecot is not installed (.ci/run installs Debian's dovecot-imapd)")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    # Not pytest's temporary folder: its parents are root's alone, and the mail processes run
    # as the package's user.
    tmp = Path(tempfile.mkdtemp(prefix="kamgraph-dovecot-"))
    tmp.chmod(0o755)
    server = Dovecot(tmp)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def mbox_messages(path: Path) -> list[bytes]:
    """The messages of an mbox fixture as IMAP APPEND takes them (no `From ` line)."""
    found: list[list[bytes]] = []
    for line in path.read_bytes().splitlines(keepends=True):
        if line.startswith(b"From "):
            found.append([])
        elif found:
            found[-1].append(line.rstrip(b"\r\n") + b"\r\n")
    return [b"".join(m) for m in found]
