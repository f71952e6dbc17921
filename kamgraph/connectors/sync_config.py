"""The settings of the live syncs (`KAMGRAPH_SYNC__IMAP__*`, `KAMGRAPH_SYNC__CALDAV__*`) and
where their passwords come from: the settings (an environment variable) or a file only its
owner can read (mode 0600), never the command line (it would show in `ps` and the shell's
history).

Kept free of heavy imports: `kamgraph.settings` imports this module on every start.
"""

from __future__ import annotations

import ipaddress
import stat
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from kamgraph.errors import KamgraphError

Words = Annotated[list[str], NoDecode]


def _words(value: Any) -> Any:
    if isinstance(value, str):
        return [w.strip() for w in value.split(",") if w.strip()]
    return value


class ImapSettings(BaseModel):
    """`KAMGRAPH_SYNC__IMAP__HOST=imap.ourco.com`, `..._USER=lee@ourco.com`, ..."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str | None = Field(default=None, description="The IMAP server.")
    port: int | None = Field(
        default=None, ge=1, le=65535, description="Default: 993 (ssl), else 143."
    )
    security: Literal["ssl", "starttls", "plain"] = Field(
        default="ssl",
        description="ssl (IMAPS), starttls, or plain (only to this machine: 127.0.0.1).",
    )
    user: str | None = None
    password: SecretStr = SecretStr("")
    password_file: Path | None = Field(
        default=None, description="A file holding the password, readable by its owner only."
    )
    mailboxes: Words = Field(
        default_factory=list,
        description="Folders to read; empty: INBOX and the server's Sent folder.",
    )
    batch: int = Field(default=500, ge=1, le=10_000, description="Messages per step.")

    @field_validator("mailboxes", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return _words(value)


class CaldavSettings(BaseModel):
    """`KAMGRAPH_SYNC__CALDAV__URL=https://dav.ourco.com/`, `..._USER=lee@ourco.com`, ..."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str | None = Field(default=None, description="The CalDAV server (or principal) URL.")
    user: str | None = None
    password: SecretStr = SecretStr("")
    password_file: Path | None = Field(
        default=None, description="A file holding the password, readable by its owner only."
    )
    calendars: Words = Field(
        default_factory=list, description="Calendars to read, by name; empty: all."
    )
    batch: int = Field(default=200, ge=1, le=10_000, description="Calendar objects per step.")

    @field_validator("calendars", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return _words(value)


class SyncSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    imap: ImapSettings = Field(default_factory=ImapSettings)
    caldav: CaldavSettings = Field(default_factory=CaldavSettings)


def read_password(setting: SecretStr, file: Path | None, what: str) -> str:
    """The password from its file (which must be the owner's alone) or from the settings."""
    if file is not None:
        try:
            info = file.stat()
        except FileNotFoundError:
            raise KamgraphError(f"{what} password file {file}: no such file") from None
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            raise KamgraphError(
                f"{what} password file {file} can be read by others (mode {mode:04o}): "
                f"run `chmod 600 {file}`"
            )
        text = file.read_text(encoding="utf-8").strip("\r\n")
        if not text:
            raise KamgraphError(f"{what} password file {file} is empty")
        return text
    value = setting.get_secret_value()
    if not value:
        variable = f"KAMGRAPH_SYNC__{what.upper()}__PASSWORD"
        raise KamgraphError(
            f"no {what} password: give --password-file FILE (mode 0600) or set {variable}"
        )
    return value


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
