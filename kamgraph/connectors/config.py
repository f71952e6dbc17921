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

# Calendar kind rules: the first kind whose keyword is a whole word (or phrase) of the event's
# SUMMARY or CATEGORIES wins; an executive attendee decides between `trial` and `tech_exchange`
# (see calendar.py for the full order).
KIND_KEYWORDS: dict[str, tuple[str, ...]] = {
    "hq_visit": (
        "hq visit",
        "headquarters",
        "showroom",
        "executive briefing",
        "ebc",
        "customer visit to",
    ),
    "site_visit": ("site visit", "reference visit", "reference site", "plant tour"),
    "trial": ("trial", "pilot", "poc", "proof of concept", "lab test", "lab session"),
    "tech_exchange": (
        "workshop",
        "deep dive",
        "deep-dive",
        "architecture",
        "technical",
        "tech exchange",
        "design review",
        "demo",
    ),
    "csr_event": ("charity", "volunteering", "volunteer", "csr", "sustainability day"),
    "social": (
        "dinner",
        "lunch",
        "breakfast",
        "golf",
        "drinks",
        "reception",
        "party",
        "concert",
        "game",
    ),
    "call": ("call", "phone", "dial-in", "teams call", "zoom call"),
}


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
    kind_keywords: dict[str, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in KIND_KEYWORDS.items()}
    )
    timezone: str = Field(
        default="UTC",
        description="IANA zone in which instants given in UTC (calendar times ending in Z, "
        "Salesforce ActivityDateTime) become calendar dates.",
    )
    window_days: int = Field(
        default=730, ge=1, description="Default calendar window: --to minus this many days."
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
