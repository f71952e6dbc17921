"""What the team workspace's pages show (home, account, person, deal, seller, search), as plain
view models: `viz/workspace.py` renders these and reads nothing itself.

Each page builds its analyses from one snapshot per account, as the offline pages do. Every id a
page shows is paired with a name here (`names`), so templates print names and put ids only in
URLs. Who may see what (KAMGRAPH_ACCESS=team) is the caller's business: builders take the
visible accounts (`within`, None for all) and a `visible` test for paths through other accounts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from kamgraph.analysis.action_history import ActionFact, by_due
from kamgraph.analysis.activity import activity
from kamgraph.analysis.brief import brief
from kamgraph.analysis.config import PERSON_GAPS, AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import band, decay
from kamgraph.analysis.facts import names_of
from kamgraph.analysis.plan import plan
from kamgraph.analysis.results import (
    ActivityRow,
    BriefResult,
    CoverageResult,
    DecayResult,
    DecayRow,
    Gap,
    PlanAction,
    PlanResult,
    PortfolioResult,
    PortfolioRow,
    ReviewResult,
)
from kamgraph.analysis.review import review
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.interchange.tables import day_number
from kamgraph.services.lookup import Hit, search
from kamgraph.services.summary import OpportunitySummary, account_summary
from kamgraph.storage.base import GraphStore

LinkKind = Literal["account", "person", "deal", "seller"]
REVIEW_DAYS = 90  # the account page's review window by default
DUE_SOON_DAYS = 14  # "due" in my day: open actions due within this many days
ACTIVITY_MONTHS = 3  # the activity shown on account and seller pages: this month and the two before
UPCOMING = 5
SUPPORTIVE = ("mentor", "supporter")
# Portfolio columns the home page sorts by (query parameter `sort`), and how a row sorts there.
SORTS: dict[str, Callable[[PortfolioRow], Any]] = {
    "rank": lambda r: 0,
    "score": lambda r: (r.score is None, r.score or 0.0),
    "pipeline": lambda r: sum(r.pipeline.values()),
    "touch": lambda r: (r.days_since_interaction is None, r.days_since_interaction or 0),
    "overdue": lambda r: r.overdue_actions,
    "gaps": lambda r: r.high_gaps,
}


def months_back(day: dt.date, months: int = ACTIVITY_MONTHS) -> dt.date:
    """The first day of the month `months - 1` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class GapItem:
    """A gap with what it points at: a person or a deal page, or nothing (a layer, a unit)."""

    gap: Gap
    kind: LinkKind | None
    target: str | None
    label: str
    text: str  # the suggestion (else the detail) with ids replaced by names


@dataclass(frozen=True)
class ActionItem:
    action: PlanAction
    account: str
    overdue: bool


@dataclass(frozen=True)
class Upcoming:
    id: str
    date: dt.date
    kind: str
    people: list[str]
    sellers: list[str]
    opportunity: str | None
    notes: str


# --- names ---------------------------------------------------------------------------------------
def account_names(store: GraphStore) -> dict[str, str]:
    return {str(r["id"]): str(r["name"] or r["id"]) for r in store.read("account/list")}


def _snap_names(snap: Snapshot) -> dict[str, str]:
    """People of the account, every seller, the account and its deals."""
    people, _ = snap.names()
    names = dict(people)
    names[snap.account] = str(snap.account_row().get("name") or snap.account)
    names |= {o.id: o.name or o.id for o in snap.opportunities()}
    return names


# A token of an analysis's text that may be an id ("warm path: s1 -> nw-p27 -> nw-p02 (...)").
_TOKEN = re.compile(r"[^\s(),;:]+")


def readable(text: str, names: dict[str, str]) -> str:
    """The text with every id it mentions replaced by that row's name."""
    return _TOKEN.sub(lambda m: names.get(m.group(), m.group()), text)


def gap_item(gap: Gap, names: dict[str, str], deals: set[str]) -> GapItem:
    subject = gap.subject
    deal, _, role = subject.partition("/")
    text = readable(gap.suggestion or gap.detail, names)
    if gap.kind in PERSON_GAPS and subject in names:
        return GapItem(gap, "person", subject, names[subject], text)
    if subject in deals:
        return GapItem(gap, "deal", subject, names.get(subject, subject), text)
    if role and deal in deals:
        return GapItem(gap, "deal", deal, f"{names.get(deal, deal)}: {role}", text)
    return GapItem(gap, None, None, names.get(subject, subject), text)


def _upcoming(rows: list[dict[str, Any]]) -> list[Upcoming]:
    return [
        Upcoming(
            id=str(r["id"]),
            date=dt.date.fromisoformat(r["date"]),
            kind=str(r["kind"]),
            people=sorted(r.get("people") or []),
            sellers=sorted(r.get("sellers") or []),
            opportunity=r["opportunity"],
            notes=str(r["notes"] or ""),
        )
        for r in rows
    ]


# --- home ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HomeView:
    as_of: dt.date
    rows: list[PortfolioRow]
    names: dict[str, str]
    sort: str
    descending: bool
    tier: str | None
    flag: str | None
    flags: list[str]
    me: SellerView | None


def home_view(
    store: GraphStore,
    result: PortfolioResult,
    *,
    sort: str = "rank",
    descending: bool = False,
    tier: str | None = None,
    flag: str | None = None,
    me: SellerView | None = None,
) -> HomeView:
    """The portfolio's rows (already limited to the caller's accounts), filtered and sorted."""
    if sort not in SORTS:
        raise KamgraphError(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")
    every_flag = sorted({f for r in result.rows for f in r.flags})
    rows = [
        r
        for r in result.rows
        if (tier is None or r.tier == tier) and (flag is None or flag in r.flags)
    ]
    if sort != "rank":  # stable: the portfolio's own ranking breaks ties
        rows.sort(key=SORTS[sort], reverse=descending)
    names = account_names(store)
    if me is not None:
        names = {**me.names, **names}
    return HomeView(
        as_of=result.as_of,
        rows=rows,
        names=names,
        sort=sort,
        descending=descending,
        tier=tier,
        flag=flag,
        flags=every_flag,
        me=me,
    )


# --- seller (and "my day") -----------------------------------------------------------------------
@dataclass(frozen=True)
class SellerAccount:
    account: str
    role: str | None


@dataclass(frozen=True)
class Relationship:
    row: DecayRow
    account: str
    key: bool


@dataclass(frozen=True)
class SellerView:
    as_of: dt.date
    id: str
    name: str
    title: str
    accounts: list[SellerAccount]
    relationships: dict[str, list[Relationship]]  # by status: active, cooling, cold
    overdue: list[ActionItem]
    due: list[ActionItem]
    open: list[ActionItem]
    upcoming: list[Upcoming]
    activity: list[ActivityRow]
    names: dict[str, str] = field(default_factory=dict)

    @property
    def cooling_key(self) -> list[Relationship]:
        return [r for r in self.relationships.get("cooling", []) if r.key]


def seller_view(
    store: GraphStore,
    seller: str,
    day: dt.date,
    cfg: AnalysisSettings,
    within: frozenset[str] | None = None,
    snapshot: Callable[[str], Snapshot] | None = None,
) -> SellerView:
    """A seller's accounts (their team's, and those of people they know), relationships by decay
    status, the actions they are responsible for, upcoming meetings and activity. `snapshot`:
    as for `portfolio`."""
    found = store.read("workspace/seller", seller=seller)
    if not found:
        raise NotFound(f"unknown seller {seller!r}")
    row = found[0]
    team = {str(t["account"]): t["role"] for t in row["team"] if t and t["account"]}
    accounts = sorted(set(team) | {str(a) for a in row["known"]})
    if within is not None:
        accounts = [a for a in accounts if a in within]
    names = account_names(store)
    relationships: dict[str, list[Relationship]] = {"active": [], "cooling": [], "cold": []}
    actions: list[ActionItem] = []
    for account in accounts:
        snap = snapshot(account) if snapshot else Snapshot(store, account, day, cfg)
        names |= _snap_names(snap)
        key = {p.id for p in snap.people() if p.key}
        for d in decay(snap).rows:
            if d.seller == seller:
                relationships[d.status].append(Relationship(d, account, d.person in key))
        actions += _open_actions(snap.actions(), day, account, owner=seller)
    upcoming = _upcoming(
        store.read("workspace/seller_upcoming", seller=seller, day=day_number(day), limit=UPCOMING)
    )
    mentioned = {p for u in upcoming for p in u.people} | {u.opportunity for u in upcoming}
    names |= names_of(store, {m for m in mentioned if m} - names.keys())
    report = activity(store, months_back(day), day, "month", cfg, sellers=[seller])
    soon = day + dt.timedelta(days=DUE_SOON_DAYS)
    return SellerView(
        as_of=day,
        id=seller,
        name=str(row["name"] or seller),
        title=str(row["title"] or ""),
        accounts=[SellerAccount(a, team.get(a)) for a in accounts],
        relationships=relationships,
        overdue=[a for a in actions if a.overdue],
        due=[
            a
            for a in actions
            if not a.overdue and a.action.due is not None and a.action.due <= soon
        ],
        open=actions,
        upcoming=upcoming,
        activity=report.rows,
        names=names,
    )


def _open_actions(
    facts: Iterable[ActionFact], day: dt.date, account: str, owner: str | None = None
) -> list[ActionItem]:
    return [
        ActionItem(x.at(day), account, x.due is not None and x.due < day)
        for x in by_due(facts)
        if x.open_at(day) and (owner is None or x.owner == owner)
    ]


# --- account -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AccountView:
    as_of: dt.date
    id: str
    props: dict[str, Any]
    team: list[tuple[str, str | None]]  # seller, team role
    coverage: CoverageResult
    gaps: list[GapItem]
    decay: DecayResult
    plan: PlanResult
    since: dt.date
    review: ReviewResult
    review_gaps: tuple[list[GapItem], list[GapItem]]  # opened, closed
    deals: list[OpportunitySummary]  # open ones
    open_actions: list[ActionItem]
    unplanned: list[GapItem]
    activity: list[ActivityRow]
    action_titles: dict[str, str]
    names: dict[str, str]


def account_view(snap: Snapshot, since: dt.date | None = None) -> AccountView:
    """`since`: the review's start (default: REVIEW_DAYS before the day)."""
    day = snap.day
    since = since or day - dt.timedelta(days=REVIEW_DAYS)
    if since >= day:
        raise KamgraphError(f"the review starts ({since}) on or after its end ({day})")
    snap.prefetch("account_row", "people", "strengths", "strengths_before", "opportunities")
    summary = account_summary(snap.store, snap.account, day)
    names = _snap_names(snap) | {u.id: u.name or u.id for u in summary.units}
    open_ids = {o.id for o in snap.opportunities() if o.open}
    deals = [o for o in summary.opportunities if o.id in open_ids]
    audit = coverage(snap)
    the_plan = plan(snap)
    result = review(snap, since)
    everything = {o.id for o in snap.opportunities()}
    team_ids = {m.id for m in summary.team}
    report = activity(snap.store, months_back(day), day, "month", snap.cfg, account=snap.account)
    rows = [
        r for r in report.rows if r.seller in team_ids or any(m.actual for m in r.metrics.values())
    ]
    return AccountView(
        as_of=day,
        id=snap.account,
        props=snap.account_row(),
        team=[(m.id, m.role) for m in summary.team],
        coverage=audit,
        gaps=[gap_item(g, names, everything) for g in audit.gaps],
        decay=decay(snap),
        plan=the_plan,
        since=since,
        review=result,
        review_gaps=(
            [gap_item(g, names, everything) for g in result.gaps.opened],
            [gap_item(g, names, everything) for g in result.gaps.closed],
        ),
        deals=deals,
        open_actions=[
            ActionItem(a, snap.account, a.due is not None and a.due < day)
            for a in the_plan.actions.open
        ],
        unplanned=[gap_item(g, names, everything) for g in the_plan.unplanned_gaps],
        activity=rows,
        action_titles={a.id: a.title or "(untitled)" for a in snap.actions()},
        names=names,
    )


# --- person --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonView:
    as_of: dt.date
    brief: BriefResult
    account_name: str
    email: str | None
    profile_text: str
    upcoming: list[Upcoming]
    gaps: list[GapItem]
    names: dict[str, str]


def person_view(snap: Snapshot, person: str) -> PersonView:
    """The person page: the brief, as the snapshot's caller may see it (`Snapshot.visible`)."""
    b = brief(snap, person)
    names = _snap_names(snap)
    props = snap.profile(person)["props"]
    upcoming = _upcoming(snap.person_rows("workspace/person_upcoming", person, limit=UPCOMING))
    on_paths = {n for p in b.paths for n in p.nodes}
    on_paths |= {n for row in b.influencers for p in row.paths for n in p.nodes}
    names |= names_of(snap.store, on_paths - names.keys())
    deals = {o.id for o in snap.opportunities()}
    return PersonView(
        as_of=snap.day,
        brief=b,
        account_name=names[snap.account],
        email=props.get("email"),
        profile_text=str(props.get("profile") or ""),
        upcoming=upcoming,
        gaps=[gap_item(g, names, deals) for g in b.gaps],
        names=names,
    )


# --- deal (the Blue Sheet) -----------------------------------------------------------------------
@dataclass(frozen=True)
class Coverer:
    seller: str
    strength: float
    band: str


@dataclass(frozen=True)
class BuyingInfluence:
    person: str
    role: str
    stance: str
    influence: str
    response_mode: str
    wins: str | None
    current: bool
    covered_by: list[Coverer]  # strongest first

    @property
    def best_band(self) -> str:
        return self.covered_by[0].band if self.covered_by else "none"


@dataclass(frozen=True)
class DealView:
    as_of: dt.date
    id: str
    name: str
    stage: str
    open: bool
    value: float | None
    currency: str | None
    close_date: str | None
    account: str
    influences: list[BuyingInfluence]
    red_flags: list[GapItem]
    strengths: list[Strength]
    actions: list[ActionItem]
    names: dict[str, str]


def deal_account(store: GraphStore, deal: str) -> str:
    found = store.read("workspace/deal", opportunity=deal)
    if not found:
        raise NotFound(f"unknown deal {deal!r}")
    return str(found[0]["account"])


def deal_view(snap: Snapshot, deal: str) -> DealView:
    found = snap.store.read("workspace/deal", opportunity=deal)
    if not found:
        raise NotFound(f"unknown deal {deal!r}")
    row = found[0]
    opp = next(o for o in snap.opportunities() if o.id == deal)
    wins = {(w["person"], w["role"]): w["wins"] for w in row["wins"] if w}
    holders = [r.person for r in opp.roles]
    pairs = snap.strengths_of(holders)
    names = _snap_names(snap)
    influences = []
    for r in sorted(opp.roles, key=lambda r: (ROLE_ORDER.get(r.role, 99), r.person)):
        covered = sorted(
            (
                Coverer(f.seller, f.strength, band(f.strength, snap.cfg))
                for (_, p), f in pairs.items()
                if p == r.person and f.strength > 0
            ),
            key=lambda c: (-c.strength, c.seller),
        )
        w = wins.get((r.person, r.role))
        influences.append(
            BuyingInfluence(
                person=r.person,
                role=r.role,
                stance=r.stance,
                influence=r.influence,
                response_mode=r.response_mode,
                wins=str(w) if w else None,
                current=r.current,
                covered_by=covered,
            )
        )
    deals = {o.id for o in snap.opportunities()}
    flags = [
        gap_item(g, names, deals)
        for g in coverage(snap).gaps
        if g.subject == deal or g.subject.startswith(deal + "/") or g.subject in holders
    ]
    return DealView(
        as_of=snap.day,
        id=deal,
        name=str(row["name"] or deal),
        stage=opp.stage,
        open=opp.open,
        value=row["value"],
        currency=row["currency"],
        close_date=row["close_date"],
        account=snap.account,
        influences=influences,
        red_flags=flags,
        strengths=_strengths(influences),
        actions=[
            a
            for a in _open_actions(snap.actions(), snap.day, snap.account)
            if a.action.opportunity == deal
        ],
        names=names,
    )


ROLE_ORDER = {
    r: i
    for i, r in enumerate(
        (
            "economic_buyer",
            "decision_maker",
            "technical_buyer",
            "user_buyer",
            "coach",
            "influencer",
            "gatekeeper",
        )
    )
}


@dataclass(frozen=True)
class Strength:
    """What speaks for us on a deal: `person` (and `seller`, for a relationship) and why."""

    person: str
    seller: str | None
    reason: str


def _strengths(influences: list[BuyingInfluence]) -> list[Strength]:
    """Supporters (mentor, supporter) with high influence, and strong relationships."""
    found = []
    for b in influences:
        if b.current and b.stance in SUPPORTIVE and b.influence == "high":
            found.append(Strength(b.person, None, f"{b.stance} with high influence"))
        if b.current and b.best_band == "strong":
            c = b.covered_by[0]
            found.append(Strength(b.person, c.seller, f"strong relationship ({c.strength:.2f})"))
    return found


# --- search --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchView:
    q: str
    groups: dict[str, list[Hit]]  # by kind, in KINDS order, only kinds with hits
    names: dict[str, str]


def search_view(
    store: GraphStore, q: str, within: frozenset[str] | None = None, limit: int = 50
) -> SearchView:
    hits = [
        h
        for h in search(store, q, limit)
        if within is None or h.kind == "seller" or h.account in within
    ]
    groups: dict[str, list[Hit]] = {}
    for h in hits:
        groups.setdefault(h.kind, []).append(h)
    return SearchView(q=q, groups=groups, names=account_names(store))


# --- recording forms -----------------------------------------------------------------------------
@dataclass(frozen=True)
class LogForm:
    """The "log an interaction" form of a person: what it offers and what was typed."""

    as_of: dt.date
    person: str
    account: str
    sellers: list[str]  # the account team first, then every other seller
    deals: list[str]  # open deals of the account
    values: dict[str, list[str]]
    errors: dict[str, list[str]]
    names: dict[str, str]
    others: list[str]  # the account's other current people, as offered while you type


@dataclass(frozen=True)
class PeopleChoice:
    """The account's other current people as the log form offers them while you type: each by
    a label (their name; a name two people share gets their title, then their unit, then
    their id, so that each label is one person), found again by that label or, when unique,
    by the plain name."""

    labels: list[str]
    by_text: dict[str, str]  # casefolded label or unique name -> person id

    def find(self, text: str) -> str | None:
        return self.by_text.get(text.strip().casefold())


def people_choice(snap: Snapshot, person: str) -> PeopleChoice:
    names, titles = snap.names()
    units = {p.id: names.get(p.unit) for p in snap.people() if p.unit}
    ids = sorted((i for i in snap.current_ids() if i != person), key=lambda i: (names.get(i, i), i))
    labels = {i: names.get(i) or i for i in ids}
    for extra in (titles.get, units.get, str):
        shared = Counter(labels.values())
        labels = {
            i: f"{t} · {extra(i)}" if shared[t] > 1 and extra(i) else t for i, t in labels.items()
        }
    plain = Counter((names.get(i) or i).casefold() for i in ids)
    by_text = {
        (names.get(i) or i).casefold(): i for i in ids if plain[(names.get(i) or i).casefold()] == 1
    }
    by_text |= {t.casefold(): i for i, t in labels.items()}
    return PeopleChoice([labels[i] for i in ids], by_text)


def log_form(
    snap: Snapshot,
    person: str,
    values: dict[str, list[str]],
    errors: dict[str, list[str]] | None = None,
) -> LogForm:
    snap.profile(person)  # NotFound for an unknown person
    names = _snap_names(snap)
    team = [str(t["id"]) for t in snap.team()]
    others = sorted(snap.all_seller_ids() - set(team), key=lambda s: (names.get(s, s), s))
    return LogForm(
        as_of=snap.day,
        person=person,
        account=snap.account,
        sellers=team + others,
        deals=[o.id for o in snap.opportunities() if o.open],
        values=values,
        errors=errors or {},
        names=names,
        others=people_choice(snap, person).labels,
    )


@dataclass(frozen=True)
class CloseForm:
    """The "complete or drop an action" form: the action as stored and its version."""

    as_of: dt.date
    row: dict[str, Any]
    version: str
    values: dict[str, list[str]]
    errors: dict[str, list[str]]
    conflict: str | None  # why the save did not happen (changed meanwhile, already closed)
    names: dict[str, str]


def close_form(
    snap: Snapshot,
    row: dict[str, Any],
    version: str,
    values: dict[str, list[str]],
    errors: dict[str, list[str]] | None = None,
    conflict: str | None = None,
) -> CloseForm:
    return CloseForm(
        as_of=snap.day,
        row=row,
        version=version,
        values=values,
        errors=errors or {},
        conflict=conflict,
        names=_snap_names(snap),
    )
