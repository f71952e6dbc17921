"""What every connector shares: the run report, the directory of the graph (who is who by
e-mail address), the unknown-stakeholder tally and stable ids.

Errors follow ../shared/CONNECTORS.md: a file that cannot be read as a whole raises
`ConnectorError` naming the file and line (nothing is written); one record whose relevant field
cannot be decoded is a `LeftOut` (reported with file and line; `--strict` turns it into an error).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kamgraph.connectors.config import ConnectSettings
from kamgraph.errors import KamgraphError
from kamgraph.interchange.model import FORMAT
from kamgraph.storage.base import GraphStore

# progress(records read so far): called as a connector reads.
Progress = Callable[[int], None]

# An addr-spec we accept: ASCII only (an address with bytes that do not decode is not one).
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_SLUG = re.compile(r"[^a-z0-9]+")


class ConnectorError(KamgraphError):
    """A source file cannot be read as a whole; the message names the file and the line."""


@dataclass(frozen=True)
class LeftOut:
    """A record of a readable file that could not be decoded: reported, not imported."""

    where: str  # file:line
    record: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "record": self.record, "reason": self.reason}


@dataclass
class SeenAddress:
    """One customer address that is no person in the graph, as the tally has seen it (the
    analyses' `Stakeholder` is a person on a plan: a different thing)."""

    email: str
    account: str
    names: Counter[str] = field(default_factory=Counter)
    appearances: int = 0
    with_key_persons: int = 0
    key_persons: Counter[str] = field(default_factory=Counter)
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None

    def name(self) -> str:
        if self.names:
            return sorted(self.names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        local = self.email.split("@")[0]
        return " ".join(p.capitalize() for p in re.split(r"[._-]+", local) if p)


@dataclass
class ConnectorRun:
    """A connector's result: the bundle to import and what the user should know about it."""

    source: str
    files: list[str]
    bundle: dict[str, Any]
    read: int = 0  # records read (rows, events, messages)
    left_out: list[LeftOut] = field(default_factory=list)
    # Records that were read fine but are no interaction / not mapped, by reason (counted).
    skipped: Counter[str] = field(default_factory=Counter)
    # Values that could not be mapped (Salesforce roles, stages, references), one line each.
    unmapped: list[str] = field(default_factory=list)
    stakeholders: list[dict[str, Any]] = field(default_factory=list)


def stable_id(prefix: str, *parts: str) -> str:
    """A short id that is the same on every run for the same source key."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


def slug(text: str) -> str:
    """`Geschäftsleitung` → `geschaftsleitung`: ids stay ASCII and readable."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG.sub("-", plain.lower()).strip("-")


def valid_address(address: str) -> bool:
    return bool(_ADDRESS.match(address)) and len(address) <= 254


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower()


def in_domains(address: str, domains: Iterable[str]) -> bool:
    host = domain_of(address)
    return any(host == d or host.endswith("." + d) for d in domains)


def empty_bundle() -> dict[str, Any]:
    return {"format": FORMAT}


# --- the directory: the graph's people and sellers by address ---------------------------------
@dataclass(frozen=True)
class PersonEntry:
    id: str
    account: str
    name: str
    title: str
    layer: str | None
    key: bool


@dataclass
class Directory:
    people: dict[str, PersonEntry]  # address → person
    sellers: dict[str, str]  # address → seller id
    internal_domains: list[str]
    account_domains: dict[str, str]  # customer domain → account id
    person_ids: set[str]
    executive_titles: list[str]
    _executive_titles: dict[str, bool] = field(default_factory=dict)
    _title_words: list[str] = field(default_factory=list)

    @classmethod
    def load(
        cls, store: GraphStore, cfg: ConnectSettings, extra_internal: Iterable[str] = ()
    ) -> Directory:
        """Read people and sellers (with their addresses) and the key-person flags, today."""
        from kamgraph.analysis.facts import account_people
        from kamgraph.interchange.ingest import stored_rows

        person_ids = [r["id"] for r in store.read("bundle/keys_people", account=None)]
        people_rows = list(stored_rows(store, "people", person_ids).values())
        seller_ids = [r["id"] for r in store.read("bundle/keys_sellers", account=None)]
        seller_rows = list(stored_rows(store, "sellers", seller_ids).values())
        today = dt.date.today()
        key: set[str] = set()
        for account in sorted({str(r["account"]) for r in people_rows}):
            key |= {p.id for p in account_people(store, account, today) if p.key}
        return cls.build(people_rows, seller_rows, key, cfg, extra_internal)

    @classmethod
    def build(
        cls,
        people_rows: list[dict[str, Any]],
        seller_rows: list[dict[str, Any]],
        key_people: set[str],
        cfg: ConnectSettings,
        extra_internal: Iterable[str] = (),
    ) -> Directory:
        sellers: dict[str, str] = {}
        for s in sorted(seller_rows, key=lambda r: str(r["id"])):
            email = (s.get("email") or "").strip().lower()
            if email and valid_address(email):
                sellers.setdefault(email, str(s["id"]))
        internal = sorted({d.lower().lstrip("@") for d in (*cfg.internal_domains, *extra_internal)})
        if not internal:
            internal = sorted({domain_of(a) for a in sellers})
        if not internal:
            raise KamgraphError(
                "no internal e-mail domain: give --internal-domain ourco.com (or set "
                "KAMGRAPH_CONNECT__INTERNAL_DOMAINS), or import sellers with e-mail addresses"
            )
        people: dict[str, PersonEntry] = {}
        domains: dict[str, Counter[str]] = {}
        for p in sorted(people_rows, key=lambda r: str(r["id"])):
            email = (p.get("email") or "").strip().lower()
            if not email or not valid_address(email):
                continue
            entry = PersonEntry(
                id=str(p["id"]),
                account=str(p["account"]),
                name=str(p.get("name") or ""),
                title=str(p.get("title") or ""),
                layer=p.get("layer"),
                key=str(p["id"]) in key_people,
            )
            people.setdefault(email, entry)
            host = domain_of(email)
            if not in_domains(email, internal) and host not in cfg.public_domains:
                domains.setdefault(host, Counter())[entry.account] += 1
        account_domains = {
            host: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            for host, c in domains.items()
        }
        return cls(
            people=people,
            sellers=sellers,
            internal_domains=internal,
            account_domains=account_domains,
            person_ids={str(p["id"]) for p in people_rows},
            executive_titles=[t.lower() for t in cfg.executive_titles],
        )

    def is_internal(self, address: str) -> bool:
        return in_domains(address, self.internal_domains)

    def customer_account(self, address: str) -> str | None:
        """The account whose people use this address's domain (none for unknown domains)."""
        host = domain_of(address)
        while host:
            if host in self.account_domains:
                return self.account_domains[host]
            _, dot, host = host.partition(".")
            if not dot:
                break
        return None

    def is_executive(self, person: PersonEntry) -> bool:
        """Layer `decision`, or a title holding one of the executive words."""
        if person.layer == "decision":
            return True
        found = self._executive_titles.get(person.title)
        if found is None:
            if not self._title_words:
                self._title_words = [
                    f" {slug(t).replace('-', ' ')} " for t in self.executive_titles
                ]
            title = f" {slug(person.title).replace('-', ' ')} "
            found = any(w in title for w in self._title_words)
            self._executive_titles[person.title] = found
        return found


# --- unknown stakeholders ---------------------------------------------------------------------
class StakeholderTally:
    """Customer-domain addresses seen in meetings or mail that are no person in the graph."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.seen: dict[str, SeenAddress] = {}

    def observe(
        self, addresses: Iterable[tuple[str, str]], known: Iterable[PersonEntry], day: dt.date
    ) -> None:
        """One meeting occurrence or message: its (address, display name) pairs and the graph
        people who took part in it."""
        keys = sorted({p.id for p in known if p.key})
        for address, name in addresses:
            if address in self.directory.people or self.directory.is_internal(address):
                continue
            account = self.directory.customer_account(address)
            if account is None:
                continue
            s = self.seen.get(address)
            if s is None:
                s = self.seen[address] = SeenAddress(email=address, account=account)
            s.appearances += 1
            if name and name.lower() != address:
                s.names[name] += 1
            if keys:
                s.with_key_persons += 1
                s.key_persons.update(keys)
            s.first_seen = day if s.first_seen is None else min(s.first_seen, day)
            s.last_seen = day if s.last_seen is None else max(s.last_seen, day)

    def ranked(self) -> list[dict[str, Any]]:
        """Most often with key persons first, then most often at all, then by address."""
        rows = sorted(
            self.seen.values(), key=lambda s: (-s.with_key_persons, -s.appearances, s.email)
        )
        taken = set(self.directory.person_ids)
        out: list[dict[str, Any]] = []
        for s in rows:
            base = f"{s.account}-{slug(s.email.split('@')[0])}"
            pid, n = base, 2
            while pid in taken:
                pid, n = f"{base}-{n}", n + 1
            taken.add(pid)
            out.append(
                {
                    "email": s.email,
                    "name": s.name(),
                    "account": s.account,
                    "appearances": s.appearances,
                    "with_key_persons": s.with_key_persons,
                    "key_persons": sorted(s.key_persons, key=lambda p: (-s.key_persons[p], p)),
                    "first_seen": s.first_seen.isoformat() if s.first_seen else None,
                    "last_seen": s.last_seen.isoformat() if s.last_seen else None,
                    "person": {"id": pid, "account": s.account, "name": s.name(), "email": s.email},
                }
            )
        return out


def stakeholder_bundle(stakeholders: list[dict[str, Any]]) -> dict[str, Any]:
    """The unknown stakeholders as a bundle of people, ready for `kamgraph import`."""
    return {"format": FORMAT, "people": [s["person"] for s in stakeholders]}
