"""Input models of the `kamgraph/v1` interchange format: one pydantic model per table.

Each model is the canonical shape of one row: a row read from the database is validated by the same
model, so that import, export and the import diff all compare like with like.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
)

FORMAT = "kamgraph/v1"

# The vocabulary of DOMAIN.md, as Literal types so that errors list the allowed values.
BuyingRole = Literal[
    "economic_buyer",
    "decision_maker",
    "technical_buyer",
    "user_buyer",
    "coach",
    "influencer",
    "gatekeeper",
]
Stance = Literal["mentor", "supporter", "neutral", "non_supporter", "enemy", "unknown"]
Degree = Literal["high", "medium", "low"]
ResponseMode = Literal["growth", "trouble", "even_keel", "overconfident", "unknown"]
PoliticalStatus = Literal["outside", "structure", "inner_circle"]
Layer = Literal["decision", "management", "operation"]
UnitFunction = Literal["user", "technical", "finance", "procurement", "management", "other"]
TeamRole = Literal["AR", "SR", "FR", "exec_sponsor", "other"]
Tier = Literal["A", "B", "C"]
KamStage = Literal["exploratory", "basic", "cooperative", "interdependent", "integrated"]
OpportunityStage = Literal["lead", "qualified", "bid", "negotiation", "won", "lost"]
InteractionKind = Literal[
    "exec_meeting",
    "hq_visit",
    "site_visit",
    "trial",
    "tech_exchange",
    "meeting",
    "social",
    "call",
    "csr_event",
    "email",
    "other",
]
InfluenceKind = Literal["advice", "friendship", "sponsor", "formal", "family", "other"]
Polarity = Literal["positive", "conflict"]
ReportingKind = Literal["solid", "dotted"]
Strategy = Literal["business", "penetration", "resources"]
ActionStatus = Literal["open", "done", "dropped"]
GapKind = Literal[
    "uncovered_key_person",
    "key_person_at_risk",
    "single_threaded",
    "missing_role",
    "no_coach",
    "eb_not_receptive",
    "opponent_with_power",
    "uncovered_layer",
    "uncovered_unit",
    "missing_team_role",
    "departed_role_holder",
]
Metric = Literal["interactions", "key_person_touches", "org_events", "new_contacts", "actions_done"]
Period = Literal["week", "month", "quarter"]

# The same vocabularies as tuples, in the order written above (DOMAIN.md's): for loops, checks
# and messages elsewhere, so that no other module restates a set.
LAYERS: tuple[Layer, ...] = get_args(Layer)
POLITICAL_STATUSES: tuple[PoliticalStatus, ...] = get_args(PoliticalStatus)
TIERS: tuple[Tier, ...] = get_args(Tier)
KAM_STAGES: tuple[KamStage, ...] = get_args(KamStage)
INTERACTION_KINDS: tuple[InteractionKind, ...] = get_args(InteractionKind)
STRATEGIES: tuple[Strategy, ...] = get_args(Strategy)
ACTION_STATUSES: tuple[ActionStatus, ...] = get_args(ActionStatus)
METRICS: tuple[Metric, ...] = get_args(Metric)
PERIODS: tuple[Period, ...] = get_args(Period)

OPEN_STAGES: tuple[OpportunityStage, ...] = ("lead", "qualified", "bid", "negotiation")


# The days kamgraph works with: far enough back for any founding date or long relationship, far
# enough ahead for any plan; outside, date arithmetic (windows, half-lives) would leave Python's
# calendar (a 500 for as_of=0001-01-01 before this bound).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def supported_day(value: dt.date | None) -> dt.date | None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"{value} is outside the supported days {FIRST_DAY} to {LAST_DAY}")
    return value


def shown(value: str, limit: int = 60) -> str:
    """A value as an error message quotes it: cut short (a refused value may be megabytes)."""
    return value if len(value) <= limit else f"{value[:limit]}... ({len(value)} characters)"


def _iso_date(value: Any) -> Any:
    """Only `YYYY-MM-DD` strings (or dates): pydantic alone would also take Unix timestamps."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) != 10:
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{shown(value)!r} is not a date in the form YYYY-MM-DD") from None
    raise ValueError(f"expected a date string YYYY-MM-DD, got {type(value).__name__}")


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    AfterValidator(supported_day),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
]


def _fifteen_digits(value: float) -> float:
    """Numbers keep 15 significant digits: what FalkorDB returns exactly (it prints doubles
    with %.15g), so that a stored number compares equal to the one imported on both engines."""
    return float(f"{value:.15g}")


# Finite only: JSON's 1e999 parses as infinity, which no engine stores and no sum survives.
Number = Annotated[float, Field(allow_inf_nan=False), AfterValidator(_fifteen_digits)]
# Money in one currency: a thousand trillion is beyond any account's potential; past it, a
# value is a typo (or an attack on the sums), and doubles stop counting cents.
MAX_MONEY = 1e15
# Interactions, meetings or contacts of one seller in one period.
MAX_TARGET = 1_000_000


# --- bounds of every text field ---------------------------------------------------------------
# One table of limits (README "Limits" restates it). Past these a value is a paste accident or
# an attack (a 10 MB name travels into every page, map and brief that shows it), not data.
MAX_ID = 200  # an id (one segment of a web address)
MAX_SHORT_TEXT = 200  # one line: names, titles, industry, style, one item of a list
MAX_EMAIL = 254  # RFC 5321's limit of a forward path
MAX_CODE = 16  # a currency code ("USD"; ISO 4217 uses 3 letters, a CRM may add a suffix)
MAX_LONG_TEXT = 10_000  # notes, profile, evidence: a page of prose
MAX_LIST_ITEMS = 100  # items of a free-text list (interests)
MAX_REFERENCES = 1_000  # ids in one reference list (the people of one town-hall meeting)

# C0 controls, DEL and C1 controls: invisible, they break CSV, terminals and the engine (NUL).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Prose may keep its layout: tab, line feed and carriage return (mail notes arrive as CRLF).
_CONTROL_IN_PROSE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _real_characters(value: Any) -> Any:
    """Before pydantic's own string check, which refuses some lone surrogates (with a length
    bound) with a message no user can act on, and lets the others through."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ("\ud800" in JSON): no engine stores it
            raise ValueError("text may not contain a lone surrogate (not a character)") from None
    return value


REAL_CHARACTERS = BeforeValidator(_real_characters)


def _refuse(pattern: re.Pattern[str], value: str, allowed: str) -> str:
    found = pattern.search(value)
    if found is not None:
        raise ValueError(
            f"text may not contain control characters ({allowed}); "
            f"found U+{ord(found.group()):04X} at position {found.start()}"
        )
    return value


def _one_line(value: str) -> str:
    return _refuse(_CONTROL, value, "no tab, newline or NUL in a one-line field")


def _prose(value: str) -> str:
    return _refuse(_CONTROL_IN_PROSE, value, "only tab and newline in long text")


def _id(value: str) -> str:
    """The one id grammar of every table: 1 to 200 characters, no "/" (an id is one segment of
    a web address), no control characters, no space at either end, only real characters."""
    if "/" in value:
        raise ValueError("an id may not contain '/' (it is part of the web address of its row)")
    if _CONTROL.search(value):
        raise ValueError("an id may not contain control characters (tab, newline, NUL, ...)")
    if value != value.strip():
        raise ValueError("an id may not start or end with a space")
    return value


class FreeTextMarker:
    """Marks the fields whose prose may name a person (kamgraph.services.privacy scans them)."""

    def __repr__(self) -> str:
        return "FREE_TEXT"


TEXT_CHECK = FreeTextMarker()

# The reusable text types: give a new field one of these and it is bounded everywhere (bundle,
# API with maxLength in the OpenAPI schema, CLI, connectors).
Id = Annotated[str, Field(min_length=1, max_length=MAX_ID), REAL_CHARACTERS, AfterValidator(_id)]
ShortText = Annotated[
    str, Field(max_length=MAX_SHORT_TEXT), REAL_CHARACTERS, AfterValidator(_one_line)
]
LongText = Annotated[str, Field(max_length=MAX_LONG_TEXT), REAL_CHARACTERS, AfterValidator(_prose)]
# Not checked further: an address from a CRM export is kept as written (lookups compare it).
Email = Annotated[str, Field(max_length=MAX_EMAIL), REAL_CHARACTERS, AfterValidator(_one_line)]
Code = Annotated[
    str, Field(min_length=1, max_length=MAX_CODE), REAL_CHARACTERS, AfterValidator(_one_line)
]
TextList = Annotated[list[ShortText], Field(max_length=MAX_LIST_ITEMS)]
# Free text that privacy scans for a person's name: names and titles, and prose.
Name = Annotated[ShortText, TEXT_CHECK]
Text = Annotated[LongText, TEXT_CHECK]


def _sorted_ids(value: Any) -> Any:
    """Reference lists are sets: kept sorted so that export → import → export is the identity."""
    if type(value) is list:
        if not all(type(v) is str for v in value):
            return value  # not ids (numbers, lists, ...): the item validator reports them
        ordered = sorted(value)
        if len(set(ordered)) != len(ordered):
            dups = sorted({a for a, b in zip(ordered, ordered[1:], strict=False) if a == b})
            raise ValueError(f"repeated id(s) {', '.join(map(shown, dups[:5]))}")
        return ordered
    return value


IdList = Annotated[list[Id], Field(max_length=MAX_REFERENCES), BeforeValidator(_sorted_ids)]

# A host name as in an e-mail address after the "@": labels of letters, digits and inner
# hyphens, at least two of them (a bare "com" would claim every address of a top-level domain).
_HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
MAX_DOMAINS = 100  # e-mail domains per account: groups with many brands stay far below


def _domain(value: str) -> str:
    """A customer's e-mail domain, lower-cased (DOMAIN.md: domains are lower case, and mail
    addresses compare case-insensitively); anything that is not a host name is refused, so
    that a pasted address or web address is caught at import rather than never matching."""
    host = value.strip().lower()
    if not host.isascii():
        raise ValueError(f"{value!r}: write an international domain in its xn-- (ASCII) form")
    if "@" in host or "/" in host or ":" in host:
        raise ValueError(
            f"{value!r} is not a domain (give only the part after the @, e.g. acme.com)"
        )
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(_HOST_LABEL.match(x) for x in labels):
        raise ValueError(f"{value!r} is not a domain name like acme.com")
    return host


def valid_domain(value: str) -> str | None:
    """`value` as a domain (lower-cased), or None when it is not one (for connectors)."""
    try:
        return _domain(value)
    except ValueError:
        return None


def _unique_domains(value: Any) -> Any:
    if type(value) is list:
        seen: set[Any] = set()
        for item in value:
            if not isinstance(item, str):
                continue  # a list or an object is no domain: the item validator says so
            key = item.strip().lower()
            if key in seen:
                raise ValueError(f"repeated domain {key!r}")
            seen.add(key)
    return value


# `format: hostname` in the schema: clients (and schemathesis) send host names, and the text
# limits' checks (interchange/limits.py) leave this formatted field to its own tests.
Domain = Annotated[
    str, Field(max_length=253, json_schema_extra={"format": "hostname"}), AfterValidator(_domain)
]
# Kept in the order given (the first is usually the main one); no domain twice.
DomainList = Annotated[
    list[Domain], Field(max_length=MAX_DOMAINS), BeforeValidator(_unique_domains)
]


class Row(BaseModel):
    """Strict about unknown fields (a typo must not silently drop data), lax about number types."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AccountRow(Row):
    id: Id
    name: Name = ""
    industry: ShortText | None = None
    tier: Tier | None = None
    stage: KamStage = "exploratory"
    parent: Id | None = None
    potential: Annotated[Number, Field(ge=0, le=MAX_MONEY)] | None = None
    revenue: Annotated[Number, Field(ge=0, le=MAX_MONEY)] | None = None
    currency: Code = "USD"
    domains: DomainList = []


class UnitRow(Row):
    id: Id
    account: Id
    name: Name = ""
    function: UnitFunction = "other"
    parent: Id | None = None


class PersonRow(Row):
    id: Id
    account: Id
    unit: Id | None = None
    name: Name = ""
    title: Name = ""
    layer: Layer | None = None
    political_status: PoliticalStatus = "outside"
    style: ShortText | None = None
    profile: Text = ""
    interests: TextList = []
    email: Email | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None


class ReportsToRow(Row):
    person: Id
    manager: Id
    kind: ReportingKind = "solid"
    since: IsoDate | None = None
    until: IsoDate | None = None


class InfluenceRow(Row):
    source: Id
    target: Id
    strength: Annotated[Number, Field(gt=0, le=1)] = 0.5
    kind: InfluenceKind = "other"
    polarity: Polarity = "positive"
    confidence: Annotated[Number, Field(ge=0, le=1)] = 1.0
    evidence: Text = ""
    since: IsoDate | None = None
    until: IsoDate | None = None


class SellerRow(Row):
    id: Id
    name: Name = ""
    title: Name = ""
    email: Email | None = None


class TeamRow(Row):
    account: Id
    seller: Id
    role: TeamRole = "other"


class RelationshipRow(Row):
    seller: Id
    person: Id
    level: Annotated[int, Field(ge=1, le=4)] = 1
    target_level: Annotated[int, Field(ge=1, le=4)] | None = None
    since: IsoDate | None = None
    assessed_on: IsoDate | None = None


class OpportunityRow(Row):
    id: Id
    account: Id
    name: Name = ""
    stage: OpportunityStage = "lead"
    value: Annotated[Number, Field(ge=0, le=MAX_MONEY)] | None = None
    currency: Code = "USD"
    close_date: IsoDate | None = None


class RoleRow(Row):
    opportunity: Id
    person: Id
    role: BuyingRole
    stance: Stance = "unknown"
    influence: Degree = "medium"
    response_mode: ResponseMode = "unknown"
    # The holder's personal win on this deal (Miller-Heiman's "win-result"), free text.
    wins: Text = ""
    since: IsoDate | None = None


class InteractionRow(Row):
    id: Id
    date: IsoDate
    kind: InteractionKind = "other"
    sellers: IdList = []
    people: IdList = []
    opportunity: Id | None = None
    sentiment: Annotated[int, Field(ge=-2, le=2)] = 0
    notes: Text = ""


class Raci(Row):
    R: Id
    A: Id | None = None
    C: IdList = []
    I: IdList = []  # noqa: E741 - the RACI letter is the field name of the format


class ActionRow(Row):
    id: Id
    account: Id
    title: Name = ""
    strategy: Strategy = "penetration"
    kind: InteractionKind | None = None
    people: IdList = []
    opportunity: Id | None = None
    addresses: GapKind | None = None
    raci: Raci
    created: IsoDate | None = None
    due: IsoDate | None = None
    status: ActionStatus = "open"
    closed_on: IsoDate | None = None


class ActivityTargetRow(Row):
    id: Id
    account: Id | None = None
    seller: Id | None = None
    metric: Metric
    period: Period = "month"
    target: Annotated[int, Field(ge=0, le=MAX_TARGET)]


TABLE_MODELS: dict[str, type[Row]] = {
    "accounts": AccountRow,
    "units": UnitRow,
    "people": PersonRow,
    "reports_to": ReportsToRow,
    "influences": InfluenceRow,
    "sellers": SellerRow,
    "account_team": TeamRow,
    "relationships": RelationshipRow,
    "opportunities": OpportunityRow,
    "roles": RoleRow,
    "interactions": InteractionRow,
    "actions": ActionRow,
    "activity_targets": ActivityTargetRow,
}
TABLES: tuple[str, ...] = tuple(TABLE_MODELS)


class BundleHeader(BaseModel):
    """Only the envelope: tables are validated row by row so that every bad row is reported."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["kamgraph/v1"]

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        if value != FORMAT:
            raise ValueError(f"this is not a {FORMAT} bundle (format = {value!r})")
        return value
