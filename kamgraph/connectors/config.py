"""The tunables of the connectors (`KAMGRAPH_CONNECT__*`), with the defaults the README documents.

Kept free of heavy imports: `kamgraph.settings` imports this module on every start.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import NoDecode

# Mail providers whose domains never identify a customer account.
PUBLIC_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "proton.me",
    "protonmail.com",
    "mail.com",
    "yandex.ru",
    "qq.com",
    "163.com",
)

# A customer person whose title holds one of these words is an executive (besides layer
# `decision`): a meeting with one is an `exec_meeting`.
EXECUTIVE_TITLES: tuple[str, ...] = (
    "chief",
    "ceo",
    "cfo",
    "cio",
    "cto",
    "coo",
    "cmo",
    "cdo",
    "ciso",
    "president",
    "vp",
    "vice president",
    "evp",
    "svp",
    "managing director",
    "general manager",
    "board",
    "owner",
    "founder",
    "geschäftsführer",
    "vorstand",
    "director general",
)

# Calendar kind rules (README "Kinds"): the kind is what the meeting was, not who came. The
# first rule whose every condition holds wins; a user's rules file replaces this list whole.
# `title`: a keyword that is a whole word (or phrase) of SUMMARY or CATEGORIES; `online`: true =
# held online (a conferencing link or a phone number, see ONLINE_PATTERNS), false = in person;
# `executive`: a customer executive takes part. Calls come first: a Teams call with a VP is a
# call (0.3), not an executive meeting (1.0).
KIND_RULES: tuple[dict[str, Any], ...] = (
    {"kind": "call", "online": True},
    {"kind": "call", "title": ["call", "calls", "phone", "dial-in", "conference call"]},
    {
        "kind": "hq_visit",
        "title": [
            "hq visit",
            "headquarters",
            "showroom",
            "executive briefing",
            "ebc",
            "customer visit to",
        ],
    },
    {
        "kind": "site_visit",
        "title": ["site visit", "reference visit", "reference site", "plant tour"],
    },
    {
        "kind": "trial",
        "title": ["trial", "pilot", "poc", "proof of concept", "lab test", "lab session"],
    },
    {"kind": "exec_meeting", "executive": True, "online": False},
    {
        "kind": "tech_exchange",
        "title": [
            "workshop",
            "deep dive",
            "deep-dive",
            "architecture",
            "technical",
            "tech exchange",
            "design review",
            "demo",
        ],
    },
    {
        "kind": "csr_event",
        "title": ["charity", "volunteering", "volunteer", "csr", "sustainability day"],
    },
    {
        "kind": "social",
        "title": [
            "dinner",
            "lunch",
            "breakfast",
            "golf",
            "drinks",
            "reception",
            "party",
            "concert",
            "game",
        ],
    },
)
DEFAULT_KIND = "meeting"

# What makes a meeting online: a regular expression found (case-insensitively) in its LOCATION,
# DESCRIPTION or conferencing properties (RFC 7986 CONFERENCE, Google's X-GOOGLE-CONFERENCE,
# Exchange's X-MICROSOFT-SKYPETEAMSMEETINGURL / ONLINEMEETINGCONFLINK), or a LOCATION that is a
# phone number. DESCRIPTION is only searched, never stored.
ONLINE_PATTERNS: tuple[str, ...] = (
    r"teams\.microsoft\.com",
    r"teams\.live\.com",
    r"microsoft teams meeting",
    r"zoom\.us/",
    r"zoomgov\.com/",
    r"meet\.google\.com",
    r"\bwebex\.com",
    r"gotomeeting\.com|gotomeet\.me|meet\.goto\.com",
    r"whereby\.com",
    r"bluejeans\.com",
    r"chime\.aws",
    r"meet\.jit\.si",
    r"join\.skype\.com|lync\.",
    r"^\s*(tel:)?\+?[0-9][0-9 ()./-]{6,}[0-9]\s*(,,?[0-9#*]+)*\s*$",
)


class KindRule(BaseModel):
    """One line of the kind rules; every condition given must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    title: list[str] = Field(default_factory=list)
    online: bool | None = None
    executive: bool | None = None

    @field_validator("kind")
    @classmethod
    def _known(cls, value: str) -> str:
        from kamgraph.interchange.model import INTERACTION_KINDS

        if value not in INTERACTION_KINDS:
            raise ValueError(f"unknown interaction kind {value!r} ({', '.join(INTERACTION_KINDS)})")
        return value


# `a.com,b.com` in an environment variable (a JSON list works too).
Words = Annotated[list[str], NoDecode]


def _words(value: Any) -> Any:
    if isinstance(value, str) and value.lstrip().startswith("["):
        import json

        return json.loads(value)
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


class ConnectSettings(BaseModel):
    """`KAMGRAPH_CONNECT__INTERNAL_DOMAINS=ourco.com,ourco.de` etc."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    internal_domains: Words = Field(
        default_factory=list,
        description="E-mail domains of our own company; empty: the domains of the sellers' "
        "e-mail addresses in the graph.",
    )
    public_domains: Words = Field(default_factory=lambda: list(PUBLIC_DOMAINS))
    executive_titles: Words = Field(default_factory=lambda: list(EXECUTIVE_TITLES))
    kind_rules: list[KindRule] = Field(
        default_factory=lambda: [KindRule.model_validate(r) for r in KIND_RULES],
        description="Calendar kind rules, first match wins (a JSON list; see KIND_RULES).",
    )
    online_patterns: list[str] = Field(
        default_factory=lambda: list(ONLINE_PATTERNS),
        description="Regular expressions that make a meeting online (a call).",
    )
    kind_rules_file: str | None = Field(
        default=None,
        description='A JSON file {"rules": [...], "online": [...]} replacing the kind rules '
        "and/or the online patterns (as --kind-rules).",
    )
    guess_account_domains: bool = Field(
        default=False,
        description="Also treat the domains of known people's addresses as their account's "
        "domains (the old behaviour). Off: only the accounts' declared `domains` count.",
    )
    ahead_days: int = Field(
        default=180,
        ge=0,
        description="Calendar window when --to is not given: this many days after the as-of "
        "day, so that upcoming meetings are stored too.",
    )
    timezone: str = Field(
        default="UTC",
        description="IANA zone in which instants given in UTC (calendar times ending in Z, "
        "Salesforce ActivityDateTime) become calendar dates.",
    )
    window_days: int = Field(
        default=730,
        ge=1,
        description="Default calendar window: the as-of day minus this many days.",
    )
    salesforce_mapping: str | None = Field(
        default=None, description="A JSON file merged over the default Salesforce mapping."
    )

    @field_validator("internal_domains", "public_domains", "executive_titles", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return _words(value)

    @field_validator("internal_domains", "public_domains")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [v.lower().lstrip("@") for v in value]

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (an IANA name like Europe/Berlin)"
            ) from None
        return value

    @field_validator("online_patterns")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        import re

        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as e:
                raise ValueError(
                    f"online pattern {pattern!r} is no regular expression ({e})"
                ) from None
        return value
