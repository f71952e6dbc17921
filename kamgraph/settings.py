"""The one place where kamgraph reads its configuration (`KAMGRAPH_*` environment variables)."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

import platformdirs
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.connectors.config import ConnectSettings
from kamgraph.connectors.sync_config import SyncSettings


class Engine(StrEnum):
    EMBEDDED = "embedded"
    NEO4J = "neo4j"
    FALKORDB = "falkordb"


NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/@:\s]*):[^/@\s]*@")


def redact(text: str) -> str:
    """`text` with the password of every URL in it replaced by `***` (for every message)."""
    return USERINFO.sub(r"\g<scheme>\g<user>:***@", text)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("kamgraph", appauthor=False))


class Settings(BaseSettings):
    """Every tunable of kamgraph, from `KAMGRAPH_*` variables or keyword arguments."""

    model_config = SettingsConfigDict(
        env_prefix="KAMGRAPH_", env_nested_delimiter="__", extra="ignore"
    )

    db: str | None = Field(
        default=None,
        description="Database URL: unset = embedded FalkorDB; neo4j://, neo4j+s://, bolt:// = "
        "Neo4j; falkordb://host:port/graph = a FalkorDB server.",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    graph: str = Field(
        default="kamgraph", description="Graph name on FalkorDB (embedded or server)."
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str | None = None
    falkordb_password: SecretStr = SecretStr("")
    batch_size: int = Field(default=5000, ge=1, le=100_000)
    engine_start_timeout: float = Field(default=30.0, gt=0)
    engine_answer_timeout: float = Field(
        default=300.0,
        gt=0,
        description="Seconds a query on the embedded engine may go unanswered before the engine "
        "is checked (a stuck one is restarted): far above any single query or import batch "
        "(a 5 000-row batch takes under a second). An import's EXEC is waited for as long as "
        "the engine works on it.",
    )
    engine_ping_timeout: float = Field(
        default=20.0,
        gt=0,
        description="Seconds the embedded engine has to answer a ping on a fresh connection, the "
        "schema setup or the health check; mute and idle that long, it is killed and restarted.",
    )
    query_timeout_ms: int = Field(default=0, ge=0, description="0 = the engine's default.")
    analysis: AnalysisSettings = Field(default_factory=AnalysisSettings)
    connect: ConnectSettings = Field(default_factory=ConnectSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    auth_disabled: bool = Field(
        default=False,
        description="Serve the API without tokens: for one user on their own machine only.",
    )
    access: Literal["all", "team"] = Field(
        default="all",
        description="team: a caller that is not an admin sees only the accounts whose team "
        "includes the seller its token or user is bound to.",
    )
    allowed_hosts: list[str] | None = Field(
        default=None,
        description='Host names the server answers to (e.g. ["kam.example.com"]); unset: '
        "`kamgraph serve` on a loopback address answers to localhost names only (no DNS "
        "rebinding), elsewhere to any.",
    )
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        le=600,
        description="Seconds a client has to send a complete request head (slow clients are "
        "closed).",
    )
    session_hours: int = Field(
        default=12, ge=1, le=24 * 31, description="A browser session ends this long after sign-in."
    )
    session_idle_minutes: int = Field(
        default=120,
        ge=0,
        description="A browser session unused this long ends too (0: only session_hours counts).",
    )
    signin_free_failures: int = Field(
        default=3, ge=0, description="Failed sign-ins of one user name before each next one waits."
    )
    signin_max_delay: float = Field(
        default=30.0, ge=0, description="The longest wait (s) before a sign-in attempt is checked."
    )
    signin_max_failures: int = Field(
        default=10,
        ge=1,
        description="Failed sign-ins of one user name (five times as many from one client "
        "address) that lock it for signin_lock_minutes.",
    )
    signin_lock_minutes: int = Field(default=15, ge=1, le=24 * 60)
    cookie_secure: bool = Field(
        default=False,
        description="Mark cookies Secure whatever the request says (they are anyway when the "
        "request is https, directly or by X-Forwarded-Proto).",
    )
    max_body_bytes: int = Field(default=50_000_000, ge=1_000, description="API request size cap.")
    page_cache_seconds: float = Field(
        default=300.0,
        ge=0,
        le=3600,
        description="How long a workspace page's analyses are reused at most while nobody "
        "writes (any process's write drops them at once: the store's write stamp). 0: never "
        "reuse.",
    )
    map_focus_above: int = Field(
        default=60,
        ge=1,
        description="Power maps of accounts with more people show key persons, their influencers "
        "and the people on warm paths first (the rest one click away).",
    )

    @field_validator("db")
    @classmethod
    def _check_db(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        scheme = urlsplit(value).scheme.lower()
        if scheme not in NEO4J_SCHEMES and scheme != "falkordb":
            allowed = ", ".join(f"{s}://" for s in (*NEO4J_SCHEMES, "falkordb"))
            raise ValueError(f"unsupported database URL scheme {scheme!r}; use one of {allowed}")
        return value.strip()

    @model_validator(mode="after")
    def _credentials_out_of_the_url(self) -> Settings:
        # The Neo4j driver refuses a user and password in the URL, and its error repeats the
        # URL: take them out into the settings they belong to instead.
        if self.db is None or self.engine is not Engine.NEO4J:
            return self
        parts = urlsplit(self.db)
        if parts.username is None and parts.password is None:
            return self
        if parts.username:
            self.neo4j_user = unquote(parts.username)
        if parts.password is not None:
            self.neo4j_password = SecretStr(unquote(parts.password))
        netloc = parts.netloc.rpartition("@")[2]
        self.db = urlunsplit(parts._replace(netloc=netloc))
        return self

    @property
    def engine(self) -> Engine:
        if self.db is None:
            return Engine.EMBEDDED
        if urlsplit(self.db).scheme.lower() == "falkordb":
            return Engine.FALKORDB
        return Engine.NEO4J

    def redacted_db(self) -> str:
        """The database URL without any password, for messages and `db info`."""
        if self.db is None:
            return f"embedded FalkorDB in {self.data_dir}"
        parts = urlsplit(self.db)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        user = f"{parts.username}@" if parts.username else ""
        return f"{parts.scheme}://{user}{host}{parts.path}"
