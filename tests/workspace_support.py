"""Shared by the workspace tests: the sample plus rows whose names are markup, and an HTML
reader that collects links and the text a person would see."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF

AS_OF = SAMPLE_AS_OF.isoformat()
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# Ids as they appear in the sample (nw-p02, nw-o1, nw-a3, s1...) and in the evil rows.
ID = re.compile(r"\b(?:nw-[a-z]+\d+|s\d+|evil-[a-z0-9]+)\b")
PAGES = {
    "home": "/home",
    "account": f"/accounts/{SAMPLE_ACCOUNT}",
    "person": "/people/nw-p02",
    "deal": "/deals/nw-o1",
    "seller": "/sellers/s1",
    "search": "/search?q=an",
}


def with_markup(sample: dict[str, Any]) -> dict[str, Any]:
    """The sample plus a person, a deal, a seller and an action whose names are markup."""
    data = copy.deepcopy(sample)
    data["accounts"].append({"id": "evil-acct", "name": IMG, "tier": "B"})
    data["people"] += [
        {
            "id": "evil-p1",
            "account": SAMPLE_ACCOUNT,
            "name": SCRIPT,
            "title": IMG,
            "layer": "decision",
            "profile": IMG,
        },
        {"id": "evil-p2", "account": SAMPLE_ACCOUNT, "name": IMG, "layer": "management"},
    ]
    data["sellers"].append({"id": "evil-s1", "name": IMG, "title": SCRIPT})
    data["account_team"].append({"account": SAMPLE_ACCOUNT, "seller": "evil-s1", "role": "other"})
    data["relationships"].append(
        {"seller": "evil-s1", "person": "evil-p1", "level": 2, "since": "2026-01-01"}
    )
    data["opportunities"].append(
        {"id": "evil-o1", "account": SAMPLE_ACCOUNT, "name": SCRIPT, "stage": "bid"}
    )
    data["roles"].append({"opportunity": "evil-o1", "person": "evil-p1", "role": "economic_buyer"})
    data["influences"].append(
        {"source": "evil-p2", "target": "evil-p1", "strength": 0.8, "kind": "advice"}
    )
    data["actions"].append(
        {
            "id": "evil-a1",
            "account": SAMPLE_ACCOUNT,
            "title": IMG,
            "strategy": "penetration",
            "people": ["evil-p1"],
            "opportunity": "evil-o1",
            "raci": {"R": "evil-s1"},
            "created": "2026-10-01",
            "due": "2026-11-01",
        }
    )
    return data


EVIL_PAGES = {
    "account": f"/accounts/{SAMPLE_ACCOUNT}",
    "person": "/people/evil-p1",
    "other person": "/people/evil-p2",
    "deal": "/deals/evil-o1",
    "seller": "/sellers/evil-s1",
    "search": "/search?q=alert",
    "home": "/home",
}


@dataclass
class Parsed:
    links: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def visible(self) -> str:
        return " ".join(self.text)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.out = Parsed()
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.tags.append(tag)
        if tag in ("style", "script", "title"):
            self.hidden += 1
        if tag == "a":
            self.out.links += [v for k, v in attrs if k == "href" and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.text.append(data)


def parse(html: str) -> Parsed:
    reader = _Reader()
    reader.feed(html)
    return reader.out


def paths(links: list[str]) -> set[str]:
    """Links without their query (`?as_of=...`)."""
    return {link.partition("?")[0] for link in links}
