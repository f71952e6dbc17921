"""The people table: names, titles, political status, a few leavers and new hires."""

from __future__ import annotations

import random
from dataclasses import dataclass

from kamgraph.generators.synth.common import (
    DEC,
    FIRST,
    LAST,
    LAYER_NAMES,
    MAN,
    OPS,
    Days,
    Rows,
    words,
)
from kamgraph.generators.synth.org import Org
from kamgraph.interchange.model import PoliticalStatus

_STYLES = ("analytical", "driver", "amiable", "expressive")
_INTERESTS = words(
    "sailing cycling golf running football tennis skiing jazz opera photography cooking hiking "
    "chess history wine fishing climbing gardening podcasts motorsport volunteering reading padel "
    "yoga"
)


@dataclass(frozen=True)
class Staff:
    """Who the people of an account are, and since and until when they are there."""

    names: list[str]
    since_off: list[int]  # days before as_of the person joined (-1: unknown, long ago)
    until_off: list[int]  # days before as_of the person left (-1: still employed)

    @property
    def stable(self) -> list[int]:
        """The people neither new nor gone, in index order."""
        since_off, until_off = self.since_off, self.until_off
        return [i for i in range(len(self.names)) if since_off[i] < 0 and until_off[i] < 0]


def _status(layer: int, r: float) -> PoliticalStatus:
    if layer == DEC:
        return "inner_circle" if r < 0.5 else "structure"
    if layer == MAN:
        return "inner_circle" if r < 0.03 else "structure" if r < 0.35 else "outside"
    return "structure" if r < 0.04 else "outside"


def people(rng: random.Random, rows: Rows, org: Org, domain: str, days: Days) -> Staff:
    """Everyone in the org chart; a few individual contributors left or joined recently."""
    n = org.n
    staff = Staff([], [-1] * n, [-1] * n)
    since_off, until_off, person_names = staff.since_off, staff.until_off, staff.names
    dates = days.past
    used_emails: set[str] = set()
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}@{domain}"
        if email in used_emails:
            email = f"{first.lower()}.{last.lower()}{i + 1}@{domain}"
        used_emails.add(email)
        lay = org.layer[i]
        status = _status(lay, rng.random())
        since = until = None
        if lay == OPS and i > 0:
            r = rng.random()
            if r < 0.03:
                until_off[i] = rng.randint(1, 600)
                until = dates[until_off[i]]
            elif r < 0.08:
                since_off[i] = rng.randint(10, 400)
                since = dates[since_off[i]]
        k_interests = rng.choice((0, 0, 1, 1, 2))
        person_names.append(f"{first} {last}")
        rows.append(
            {
                "id": org.pid[i],
                "account": org.aid,
                "unit": org.unit_of[i],
                "name": person_names[i],
                "title": org.titles[i],
                "layer": LAYER_NAMES[lay],
                "political_status": status,
                "style": rng.choice(_STYLES),
                "profile": "",
                "interests": rng.sample(_INTERESTS, k_interests),
                "email": email if rng.random() < 0.95 else None,
                "since": since,
                "until": until,
            }
        )
    return staff
