"""Which account an e-mail address belongs to, by the accounts' `domains` (DOMAIN.md).

An address at one of an account's domains, or at a subdomain of one, belongs to that account.
The same domain is never on two accounts (import refuses it), but a subsidiary may list a
subdomain of its parent's domain (`healthcare.acme.com` beside `acme.com`): the most specific
domain wins, so the subsidiary's people are not filed under the parent. The mail and calendar
connectors build one `DomainIndex` per run and ask it for every address.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kamgraph.storage.base import GraphStore

DomainsByAccount = Mapping[str, Iterable[str]]  # account id → its domains (the bundle's shape)


class DomainIndex:
    """Domain → account, looked up suffix by suffix (longest first)."""

    def __init__(self, domains: DomainsByAccount) -> None:
        self._owner: dict[str, str] = {}
        for account in sorted(domains):
            for domain in domains[account]:
                # Import keeps a domain on one account; a hand-made map might not: the
                # smaller account id wins, so the answer does not depend on dict order.
                self._owner.setdefault(domain.strip().lower().rstrip("."), account)

    @classmethod
    def of_store(cls, store: GraphStore) -> DomainIndex:
        rows = store.read("account/domains")
        return cls({str(r["account"]): list(r["domains"] or []) for r in rows})

    def account_for(self, email: str) -> str | None:
        """The account of `email`, or None (no "@", or no account claims its domain)."""
        local, at, host = email.strip().rpartition("@")
        if not at or not local or not host:
            return None
        labels = host.lower().rstrip(".").split(".")
        # acme.com for mail.eu.acme.com: try eu... then eu.acme.com, acme.com; never "com"
        # alone, which no account can hold (a domain has at least two labels).
        for start in range(len(labels) - 1):
            owner = self._owner.get(".".join(labels[start:]))
            if owner is not None:
                return owner
        return None


def account_for_address(source: GraphStore | DomainsByAccount, email: str) -> str | None:
    """The account an address belongs to, from a store or an {account: domains} map.

    For one address; to look up many, build a `DomainIndex` once (a store is read each call)."""
    index = DomainIndex.of_store(source) if isinstance(source, GraphStore) else DomainIndex(source)
    return index.account_for(email)
