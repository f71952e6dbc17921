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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kamgraph.connectors.config import ConnectSettings
from kamgraph.errors import KamgraphError
from kamgraph.interchange.model import FORMAT
from kamgraph.services.domains import DomainIndex
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
    record: str  # the event's UID, the message's Message-ID (may be empty)
    reason: str  # in words, for a person

    def as_dict(self) -> dict[str, str | int]:
        file, _, line = self.where.rpartition(":")
        return {
            "where": self.where,
            "file": file,
            "line": int(line) if line.isdigit() else 0,
            "record": self.record,
            "reason": self.reason,
        }

    def text(self) -> str:
        """`cal.ics, line 20: an event without UID (record …)`: never an empty field."""
        file, _, line = self.where.rpartition(":")
        record = f" ({self.record})" if self.record else ""
        return f"{file}, line {line}: {self.reason}{record}"


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
    # The first SEEN_IN meetings or messages (date, interaction id, title): what to check.
    seen_in: list[tuple[dt.date, str, str]] = field(default_factory=list)

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
    # Seller and person id → name, for a report a person can read (the bundle's own people
    # and sellers are added by the report).
    names: dict[str, str] = field(default_factory=dict)

    def name_parties(self, directory: Directory) -> None:
        """Fill `names` for the sellers and people of the bundle's interactions."""
        for row in self.bundle.get("interactions", []):
            for sid in row.get("sellers", []):
                self.names[sid] = directory.seller_names.get(sid, sid)
            for pid in row.get("people", []):
                self.names[pid] = directory.person_names.get(pid, pid)


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


def merge_domains(
    declared: Mapping[str, Iterable[str]],
    extra: Mapping[str, Iterable[str]],
    accounts: set[str],
) -> dict[str, list[str]]:
    """The accounts' domains plus `--customer-domain ACCOUNT=DOMAIN` for one run: the account
    must exist, and a domain another account already declares is refused (one owner each)."""
    merged = {a: list(d) for a, d in declared.items()}
    owner = {d.lower(): a for a, ds in merged.items() for d in ds}
    for account, domains in extra.items():
        if account not in accounts:
            raise KamgraphError(
                f"--customer-domain {account}=...: no account {account!r} in the graph "
                "(give the account's id, as `kamgraph export` shows it)"
            )
        for domain in domains:
            host = domain.strip().lower().lstrip("@").rstrip(".")
            if host.count(".") < 1 or not valid_address(f"x@{host}"):
                raise KamgraphError(f"--customer-domain {account}={domain}: not a domain name")
            if owner.get(host, account) != account:
                raise KamgraphError(
                    f"--customer-domain {account}={host}: the domain belongs to account "
                    f"{owner[host]!r}"
                )
            owner[host] = account
            merged.setdefault(account, []).append(host)
    return merged


def guessed_domains(
    people: Mapping[str, PersonEntry], internal: Iterable[str], public: Iterable[str]
) -> dict[str, str]:
    """Domain → the account with the most known people at it (ties: the smaller id)."""
    public_set = set(public)
    counts: dict[str, Counter[str]] = {}
    for address, entry in people.items():
        host = domain_of(address)
        if not in_domains(address, internal) and host not in public_set:
            counts.setdefault(host, Counter())[entry.account] += 1
    return {h: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for h, c in counts.items()}


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
    """Who is who by e-mail address (../shared/CONNECTORS.md "Whose is an address"): a seller by
    a known seller's address; a customer person by a known person's address; our side by the
    internal domains; an unknown address at an account's declared `domains` (or a subdomain)
    an unknown stakeholder of that account. Public mail providers identify nobody by domain
    unless an account lists the domain itself."""

    people: dict[str, PersonEntry]  # address → person
    sellers: dict[str, str]  # address → seller id
    internal_domains: list[str]
    domains: DomainIndex  # customer domain → account id
    person_ids: set[str]
    executive_titles: list[str]
    seller_names: dict[str, str] = field(default_factory=dict)  # seller id → name
    person_names: dict[str, str] = field(default_factory=dict)  # person id → name
    _executive_titles: dict[str, bool] = field(default_factory=dict)
    _title_words: list[str] = field(default_factory=list)

    @classmethod
    def load(
        cls,
        store: GraphStore,
        cfg: ConnectSettings,
        extra_internal: Iterable[str] = (),
        customer_domains: Mapping[str, Iterable[str]] | None = None,
    ) -> Directory:
        """Read people, sellers (with their addresses), the accounts' domains and the key-person
        flags, today. `customer_domains` ({account: [domain]}, `--customer-domain`) adds to
        the declared domains for this run only."""
        from kamgraph.analysis.config import AnalysisSettings
        from kamgraph.analysis.snapshot import Snapshot
        from kamgraph.interchange.ingest import stored_rows

        person_ids = [r["id"] for r in store.read("bundle/keys_people", account=None)]
        people_rows = list(stored_rows(store, "people", person_ids).values())
        seller_ids = [r["id"] for r in store.read("bundle/keys_sellers", account=None)]
        seller_rows = list(stored_rows(store, "sellers", seller_ids).values())
        declared = {
            str(r["account"]): list(r["domains"] or []) for r in store.read("account/domains")
        }
        if customer_domains:
            accounts = {str(r["id"]) for r in store.read("bundle/keys_accounts", account=None)}
            declared = merge_domains(declared, customer_domains, accounts)
        today = dt.date.today()
        key: set[str] = set()
        for account in sorted({str(r["account"]) for r in people_rows}):
            snap = Snapshot(store, account, today, AnalysisSettings())  # key people: no setting
            key |= {p.id for p in snap.people() if p.key}
        return cls.build(people_rows, seller_rows, key, cfg, extra_internal, declared)

    @classmethod
    def build(
        cls,
        people_rows: list[dict[str, Any]],
        seller_rows: list[dict[str, Any]],
        key_people: set[str],
        cfg: ConnectSettings,
        extra_internal: Iterable[str] = (),
        account_domains: Mapping[str, Iterable[str]] | None = None,
    ) -> Directory:
        sellers: dict[str, str] = {}
        for s in sorted(seller_rows, key=lambda r: str(r["id"])):
            email = (s.get("email") or "").strip().lower()
            if email and valid_address(email):
                sellers.setdefault(email, str(s["id"]))
        internal = sorted({d.lower().lstrip("@") for d in (*cfg.internal_domains, *extra_internal)})
        if not internal:
            internal = sorted({domain_of(a) for a in sellers} - set(cfg.public_domains))
        if not internal:
            raise KamgraphError(
                "no internal e-mail domain: give --internal-domain ourco.com (or set "
                "KAMGRAPH_CONNECT__INTERNAL_DOMAINS), or import sellers with e-mail addresses"
            )
        people: dict[str, PersonEntry] = {}
        for p in sorted(people_rows, key=lambda r: str(r["id"])):
            email = (p.get("email") or "").strip().lower()
            if not email or not valid_address(email):
                continue
            people.setdefault(
                email,
                PersonEntry(
                    id=str(p["id"]),
                    account=str(p["account"]),
                    name=str(p.get("name") or ""),
                    title=str(p.get("title") or ""),
                    layer=p.get("layer"),
                    key=str(p["id"]) in key_people,
                ),
            )
        domains = {a: list(d) for a, d in (account_domains or {}).items()}
        if cfg.guess_account_domains:
            # The documented fallback (off by default): a domain no account declares goes to
            # the account with the most people using it.
            for host, account in guessed_domains(people, internal, cfg.public_domains).items():
                if DomainIndex(domains).account_for(f"x@{host}") is None:
                    domains.setdefault(account, []).append(host)
        return cls(
            people=people,
            sellers=sellers,
            internal_domains=internal,
            domains=DomainIndex(domains),
            person_ids={str(p["id"]) for p in people_rows},
            executive_titles=[t.lower() for t in cfg.executive_titles],
            seller_names={str(s["id"]): str(s.get("name") or s["id"]) for s in seller_rows},
            person_names={str(p["id"]): str(p.get("name") or p["id"]) for p in people_rows},
        )

    def is_internal(self, address: str) -> bool:
        return in_domains(address, self.internal_domains)

    def customer_account(self, address: str) -> str | None:
        """The account that declares this address's domain (or a parent domain of it)."""
        return self.domains.account_for(address)

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


@dataclass
class Parties:
    """Who took part in one meeting occurrence or message, by the directory."""

    sellers: set[str] = field(default_factory=set)
    people: dict[str, PersonEntry] = field(default_factory=dict)
    declined: set[str] = field(default_factory=set)  # customer people who declined
    ours: bool = False  # a seller or an internal address took part
    internal_unknown: set[str] = field(default_factory=set)  # internal, but no seller

    def add(self, d: Directory, address: str, took_part: bool = True) -> None:
        if address in d.sellers:
            if took_part:
                self.sellers.add(d.sellers[address])
                self.ours = True
        elif address in d.people:
            if took_part:
                self.people[d.people[address].id] = d.people[address]
            else:
                self.declined.add(d.people[address].id)
        elif d.is_internal(address):
            self.internal_unknown.add(address)
            self.ours = self.ours or took_part

    def why_not(self, what: str) -> str | None:
        """None when this is an interaction (a seller and a customer person took part), else
        the reason in words (../shared/CONNECTORS.md "What becomes an interaction")."""
        if self.sellers and self.people:
            return None
        if not self.people and self.declined:
            return f"{what} whose customer people all declined"
        if self.people:
            return f"{what} among customer people only (no seller of ours)"
        if self.sellers:
            return f"{what} among our own people only (no customer person of the graph)"
        return f"{what} with neither a seller of ours nor a customer person of the graph"


# --- unknown stakeholders ---------------------------------------------------------------------
SEEN_IN = 10  # meetings or messages kept per unknown stakeholder (memory stays bounded)


class StakeholderTally:
    """Customer-domain addresses seen in meetings or mail that are no person in the graph.
    Only meetings and messages our side took part in count: mail among customer people alone
    tells nothing about our relationships (../shared/CONNECTORS.md)."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.seen: dict[str, SeenAddress] = {}

    def observe(
        self,
        addresses: Iterable[tuple[str, str]],
        known: Iterable[PersonEntry],
        day: dt.date,
        ref: tuple[str, str] = ("", ""),
    ) -> None:
        """One meeting occurrence or message: its (address, display name) pairs, the graph
        people who took part in it and (interaction id, title) to show where it was seen."""
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
            if len(s.seen_in) < SEEN_IN:
                s.seen_in.append((day, *ref))

    def ranked(self, written: set[str] | None = None) -> list[dict[str, Any]]:
        """Most often with key persons first, then most often at all, then by address. Each
        lists the meetings or messages it was seen in (`interaction`: the id when it became
        one, among `written`, else null)."""
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
                    "seen_in": [
                        {
                            "date": day.isoformat(),
                            "interaction": iid if written is None or iid in written else None,
                            "title": title,
                        }
                        for day, iid, title in sorted(s.seen_in)
                    ],
                    "person": {"id": pid, "account": s.account, "name": s.name(), "email": s.email},
                }
            )
        return out


def stakeholder_bundle(stakeholders: list[dict[str, Any]]) -> dict[str, Any]:
    """The unknown stakeholders as a bundle of people, ready for `kamgraph import`."""
    return {"format": FORMAT, "people": [s["person"] for s in stakeholders]}
