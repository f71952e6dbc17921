"""The interactions table: ``round(people * interactions_per_person)`` interactions per account.

Interactions fall on the contact pairs by their weight, dated within the pair's window and denser
near its end; group kinds bring colleagues of the same unit and sometimes a second seller; some
sellers end-load (most of their meetings in the last week of a month).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from itertools import accumulate

from kamgraph.generators.synth.common import OPS, Days, Rows
from kamgraph.generators.synth.contacts import Pairs
from kamgraph.generators.synth.deals import Deals
from kamgraph.generators.synth.org import Org
from kamgraph.generators.synth.people import Staff
from kamgraph.interchange.model import InteractionKind

END_LOADED_EVERY = 5  # every fifth seller (by number) end-loads

# Interaction kinds and their mix (relative frequency) for synthetic contacts.
_KIND_MIX: dict[InteractionKind, float] = {
    "email": 34.0,
    "call": 20.0,
    "meeting": 19.0,
    "other": 5.0,
    "social": 3.0,
    "tech_exchange": 7.0,
    "exec_meeting": 3.0,
    "trial": 2.0,
    "site_visit": 2.0,
    "hq_visit": 1.5,
    "csr_event": 1.5,
}
_KINDS = tuple(_KIND_MIX)
_KIND_CUM = tuple(accumulate(_KIND_MIX.values()))
_GROUP_KINDS: frozenset[InteractionKind] = frozenset(
    {"exec_meeting", "hq_visit", "site_visit", "trial", "tech_exchange", "csr_event", "social"}
)
_NOTES: dict[InteractionKind, tuple[str, ...]] = {
    "email": (
        "",
        "",
        "Sent follow-up material",
        "Shared a case study",
        "Meeting minutes sent",
        "Answered open questions",
    ),
    "call": ("", "Check-in call", "Call about next steps", "Escalation call"),
    "meeting": (
        "",
        "Status meeting",
        "Working session",
        "Requirements walkthrough",
        "Account review",
    ),
    "other": ("", "Webinar attended", "Met at a trade fair", "LinkedIn exchange"),
    "social": ("Lunch", "Dinner", "Coffee catch-up", "Team event"),
    "tech_exchange": ("Technical deep dive", "Architecture workshop", "Roadmap exchange"),
    "exec_meeting": ("Executive alignment", "Steering meeting", "Quarterly business review"),
    "trial": ("Lab trial session", "Pilot review", "Proof of concept"),
    "site_visit": ("Reference site visit",),
    "hq_visit": ("Visit to our headquarters", "Innovation centre visit"),
    "csr_event": ("Joint volunteering day", "Sustainability forum"),
}
_SENTIMENTS = (-2, -1, 0, 1, 2)
_SENTIMENT_CUM = tuple(accumulate((1.0, 5.0, 35.0, 42.0, 17.0)))


def month_end(as_of: datetime.date, off: int, back: int, limit: int) -> int:
    """The offset (days before as_of) of a day `back` days before the end of the month of the
    day `off` days before as_of, never after as_of."""
    day = as_of - datetime.timedelta(days=off)
    nxt = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    target = min(nxt - datetime.timedelta(days=1 + back), as_of)
    return min(max((as_of - target).days, 0), limit - 1)


def interactions(
    rng: random.Random,
    rows: Rows,
    org: Org,
    staff: Staff,
    sellers: list[str],
    pairs: Pairs,
    deals: Deals,
    per_person: float,
    days: Days,
) -> None:
    pair_seller, pair_person = pairs.seller, pairs.person
    pair_end, pair_span = pairs.end, pairs.span
    total = round(org.n * per_person) if pair_person else 0
    cum = list(accumulate(pairs.weight))
    picks = rng.choices(range(len(pair_person)), cum_weights=cum, k=total) if total else []
    kinds = rng.choices(_KINDS, cum_weights=_KIND_CUM, k=total)
    sentiments = rng.choices(_SENTIMENTS, cum_weights=_SENTIMENT_CUM, k=total)
    rand = rng.random
    offsets = [pair_end[q] + int(pair_span[q] * rand() ** 1.6) for q in picks]
    order = sorted(range(total), key=offsets.__getitem__, reverse=True)
    colleagues: dict[str, list[int]] = {}
    for i in staff.stable:
        colleagues.setdefault(org.unit_of[i], []).append(i)
    aid, pid, layer, unit_of, dates = org.aid, org.pid, org.layer, org.unit_of, days.past
    opp_of_person = deals.of_person
    append = rows.append
    # Some sellers end-load: most of their meetings fall in the last week of a month (the
    # "everyone visits in week four" pattern the activity report flags).
    as_of = days.as_of
    late = {s for s in sellers if int(s.rsplit("s", 1)[1]) % END_LOADED_EVERY == 2}
    for seq, j in enumerate(order, start=1):
        q = picks[j]
        i = pair_person[q]
        off = offsets[j]
        seller = sellers[pair_seller[q]]
        if seller in late and rand() < 0.8:
            off = month_end(as_of, off, int(rand() * 7), len(dates))
        kind = kinds[j]
        if kind == "exec_meeting" and layer[i] == OPS:
            kind = "meeting"
        seller_list = [seller]
        person_list = [pid[i]]
        if kind in _GROUP_KINDS:
            _group(rand, colleagues.get(unit_of[i]), pid, person_list, sellers, seller_list)
        elif rand() < 0.06:
            _one_colleague(rand, colleagues.get(unit_of[i]), pid, person_list)
        opportunity = None
        opps = opp_of_person.get(i)
        if opps is not None and rand() < 0.4:
            oid, close_off = opps[int(rand() * len(opps))]
            if off >= close_off:
                opportunity = oid
        notes = _NOTES[kind]
        append(
            {
                "id": f"{aid}-i{seq}",
                "date": dates[off],
                "kind": kind,
                "sellers": seller_list,
                "people": person_list,
                "opportunity": opportunity,
                "sentiment": sentiments[j],
                "notes": notes[int(rand() * len(notes))],
            }
        )


def _group(
    rand: Callable[[], float],
    mates: list[int] | None,
    pid: list[str],
    person_list: list[str],
    sellers: list[str],
    seller_list: list[str],
) -> None:
    """Some colleagues of the same unit join a group interaction, sometimes a second seller."""
    if rand() < 0.5 and mates:
        for _ in range(1 + int(rand() * 3)):
            c = pid[mates[int(rand() * len(mates))]]
            if c not in person_list:
                person_list.append(c)
        person_list.sort()
    team_size = len(sellers)
    if team_size > 1 and rand() < 0.35:
        extra_seller = sellers[int(rand() * team_size)]
        if extra_seller not in seller_list:
            seller_list.append(extra_seller)
            seller_list.sort()


def _one_colleague(
    rand: Callable[[], float], mates: list[int] | None, pid: list[str], person_list: list[str]
) -> None:
    if mates:
        c = pid[mates[int(rand() * len(mates))]]
        if c not in person_list:
            person_list.append(c)
            person_list.sort()
