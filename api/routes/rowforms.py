"""The workspace's row forms: set a buying influence's role on a deal, add an action to the
plan, add an influence link with its evidence (the person form is in api/routes/personform.py).

The same pattern as api/routes/forms.py: post-redirect-get with a "saved" notice; the row
validation of the API (`create_row`/`replace_row` through `save_row`) with each message beside
its field and what was typed kept; a hidden version of the row as shown, so that a save of a
row someone changed (or created) meanwhile is refused with 409 and shows the row as it is now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.audit import record
from api.deps import AnalysisDep, Editor, Guarded, ReachDep, StoreDep
from api.errors import RESPONSES
from api.routes.analyses import HTML, AccountId, AsOf, PersonId, _day
from api.routes.forms import Fields, FormDep, _back, one
from api.routes.workspace import DealId
from api.session import csrf_token
from kamgraph.analysis.rowforms import (
    FormField,
    RowForm,
    choices,
    named,
    people_options,
    values_of,
)
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.workspace import _snap_names, deal_account
from kamgraph.errors import InvalidBundle
from kamgraph.interchange.model import (
    BuyingRole,
    Degree,
    GapKind,
    InfluenceKind,
    InteractionKind,
    Polarity,
    ResponseMode,
    Stance,
    Strategy,
)
from kamgraph.services import access
from kamgraph.services.forms import Stale, field_errors, new_id, save_row, stored, version
from viz.workspace import row_form_page

router = APIRouter(tags=["workspace forms"], responses=RESPONSES, dependencies=[Guarded])
CHANGED = (
    "Someone else saved this {what} since you opened the form; it is shown below as it is now "
    "and what you typed was not saved. Save again to replace it with what you typed."
)
Prefill = Annotated[str, Query(max_length=200, description="Pre-fills the form.")]


def _page(request: Request, form: RowForm, as_of: dt.date | None, status: int = 200) -> Response:
    return HTMLResponse(row_form_page(form, as_of, csrf_token(request)), status_code=status)


def locked(fields: tuple[FormField, ...], keys: set[str]) -> tuple[FormField, ...]:
    """A row's key fields shown as text once the form edits a stored row: changing them would
    be another row (add that one instead)."""
    return tuple(
        FormField(f.name, f.label, "locked", f.options) if f.name in keys else f for f in fields
    )


def _refused(
    build: Callable[[str], RowForm], shown: str, stale: Stale | None
) -> tuple[RowForm, int]:
    """The form again, built for a version: 422 with the messages, or 409 after a conflict,
    with the row as it is now and its version (so saving again is a decision)."""
    if stale is None:
        return build(shown), 422
    form = build(version(stale.current) if stale.current else "")
    what = form.submit.lower().removeprefix("save the ")
    changes = {"conflict": CHANGED.format(what=what), "current": values_of(stale.current)}
    return RowForm(**{**form.__dict__, **changes}), 409


# --- set a role on a deal ------------------------------------------------------------------------
def _role_fields(snap: Snapshot, edit: bool) -> tuple[FormField, ...]:
    fields = (
        FormField("person", "Person", "select", people_options(snap, "choose…"), True),
        FormField("role", "Role", "select", choices(BuyingRole, "choose…"), True),
        FormField("stance", "Stance", "select", choices(Stance)),
        FormField("influence", "Degree of influence", "select", choices(Degree)),
        FormField("response_mode", "Response mode", "select", choices(ResponseMode)),
        FormField("wins", "Personal win", "textarea", hint="What they want for themselves."),
    )
    return locked(fields, {"person", "role"}) if edit else fields


def _role_form(
    snap: Snapshot, deal: str, values: Fields, shown: str, errors: Fields | None = None
) -> RowForm:
    names = _snap_names(snap)
    return RowForm(
        as_of=snap.day,
        title=f"Buying influence on {names.get(deal) or '(unnamed)'}",
        subtitle="Set a role on the deal",
        action=f"/deals/{deal}/role",
        back=(f"/deals/{deal}", "the deal"),
        submit="Save the role",
        fields=_role_fields(snap, bool(shown)),
        values=values,
        errors=errors or {},
        version=shown,
        names=names,
    )


@router.get("/deals/{opportunity}/role", response_class=HTMLResponse, responses=HTML)
def get_role(
    request: Request,
    opportunity: DealId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Editor,
    person: Prefill = "",
    role: Prefill = "",
    as_of: AsOf = None,
) -> Response:
    """The form to add a buying influence to a deal, or (with person and role) to edit one."""
    snap = Snapshot(store, deal_account(store, opportunity), _day(as_of), cfg)
    row = stored(store, "roles", (opportunity, person, role)) if person and role else None
    values = values_of(row) or {
        "person": [person],
        "stance": ["unknown"],
        "influence": ["medium"],
        "response_mode": ["unknown"],
    }
    return _page(request, _role_form(snap, opportunity, values, version(row) if row else ""), as_of)


@router.post("/deals/{opportunity}/role", response_class=HTMLResponse, responses=HTML)
def post_role(
    request: Request,
    opportunity: DealId,
    form: FormDep,
    store: StoreDep,
    cfg: AnalysisDep,
    who: Editor,
    reach: ReachDep,
    as_of: AsOf = None,
) -> Response:
    """Save the role; 303 to the deal, else the form again (422 bad field, 409 changed)."""
    fields = ("person", "role", "stance", "influence", "response_mode")
    row: dict[str, Any] = {"opportunity": opportunity} | {f: one(form, f) for f in fields}
    row["wins"] = one(form, "wins")
    snap = Snapshot(store, deal_account(store, opportunity), _day(as_of), cfg)
    errors: Fields = {}
    stale = None
    if row["person"] and row["person"] not in snap.current_ids():
        # Only the deal's own account's people (the select's), never someone of another account.
        errors["person"] = ["choose one of the account's current people"]
    if not errors:
        try:
            access.check_row(store, reach, "roles", row)
            key, before = save_row(store, "roles", row, one(form, "version"))
            record(store, who, "replace" if before else "create", "roles", list(key))
            return _back(f"/deals/{opportunity}", "role", as_of)
        except InvalidBundle as e:
            errors = field_errors(e)
        except Stale as e:
            stale = e
    view, status = _refused(
        lambda v: _role_form(snap, opportunity, form, v, errors), one(form, "version"), stale
    )
    return _page(request, view, as_of, status)


# --- add an action -------------------------------------------------------------------------------
def _action_form(snap: Snapshot, values: Fields, errors: Fields | None = None) -> RowForm:
    names = _snap_names(snap)
    team = [str(t["id"]) for t in snap.team()]
    sellers = named(team, names) + named(sorted(snap.all_seller_ids() - set(team)), names)
    deals = named([o.id for o in snap.opportunities() if o.open], names, "none")
    fields = (
        FormField("title", "Title", required=True),
        FormField("strategy", "Strategy", "select", choices(Strategy)),
        FormField(
            "kind", "Kind of interaction it plans", "select", choices(InteractionKind, "none")
        ),
        FormField("people", "People it targets", "multi", people_options(snap)),
        FormField("opportunity", "Deal", "select", deals),
        FormField("addresses", "Gap it addresses", "select", choices(GapKind, "none")),
        FormField("owner", "Owner (R)", "select", (("", "choose…"), *sellers), True),
        FormField("due", "Due", "date"),
    )
    return RowForm(
        as_of=snap.day,
        title=f"Add an action for {names.get(snap.account) or '(unnamed)'}",
        subtitle="The plan's next step",
        action=f"/accounts/{snap.account}/actions/new",
        back=(f"/accounts/{snap.account}", "the account"),
        submit="Add the action",
        fields=fields,
        values=values,
        errors=errors or {},
        version="",
        names=names,
    )


@router.get("/accounts/{account}/actions/new", response_class=HTMLResponse, responses=HTML)
def get_action_form(
    request: Request,
    account: AccountId,
    store: StoreDep,
    cfg: AnalysisDep,
    who: Editor,
    addresses: Prefill = "",
    person: Prefill = "",
    opportunity: Prefill = "",
    as_of: AsOf = None,
) -> Response:
    """The form to add an action; a coverage gap's link pre-fills what it addresses, its
    person or its deal."""
    snap = Snapshot(store, account, _day(as_of), cfg)
    values: Fields = {"strategy": ["penetration"], "owner": [who.seller or ""]}
    values |= {"addresses": [addresses], "people": [person], "opportunity": [opportunity]}
    return _page(request, _action_form(snap, values), as_of)


@router.post("/accounts/{account}/actions/new", response_class=HTMLResponse, responses=HTML)
def post_action(
    request: Request,
    account: AccountId,
    form: FormDep,
    store: StoreDep,
    cfg: AnalysisDep,
    who: Editor,
    reach: ReachDep,
    as_of: AsOf = None,
) -> Response:
    """Add the action (open, created as of the day); 303 to the account, else the form again."""
    day = _day(as_of)
    snap = Snapshot(store, account, day, cfg)
    people = [p for p in form.get("people", []) if p]
    row: dict[str, Any] = {
        "id": new_id("act", day),
        "account": snap.account,
        "title": one(form, "title"),
        "strategy": one(form, "strategy"),
        "kind": one(form, "kind") or None,
        "people": people,
        "opportunity": one(form, "opportunity") or None,
        "addresses": one(form, "addresses") or None,
        "raci": {"R": one(form, "owner")},
        "created": day.isoformat(),
        "due": one(form, "due") or None,
        "status": "open",
    }
    errors: Fields = {}
    if not row["title"]:
        errors["title"] = ["say what the action is"]
    if not one(form, "owner"):
        errors["owner"] = ["choose the seller who owns it"]
    if set(people) - set(snap.current_ids()):
        errors["people"] = ["choose among the account's current people"]
    if not errors:
        try:
            access.check_row(store, reach, "actions", row)
            key, _ = save_row(store, "actions", row, "")
            record(store, who, "create", "actions", list(key))
            return _back(f"/accounts/{snap.account}", "planned", as_of)
        except InvalidBundle as e:
            errors = field_errors(e, {"raci.R": "owner", "raci": "owner"})
    return _page(request, _action_form(snap, form, errors), as_of, 422)


# --- add an influence link -----------------------------------------------------------------------
def _influence_form(
    snap: Snapshot, person: str, values: Fields, shown: str, errors: Fields | None = None
) -> RowForm:
    names = _snap_names(snap)
    name = names.get(person) or "(unnamed)"
    others = tuple(o for o in people_options(snap, "choose…") if o[0] != person)
    fields = (
        FormField("other", "The other person", "select", others, True),
        FormField(
            "direction",
            "Direction",
            "select",
            (("to", f"{name} influences them"), ("from", f"they influence {name}")),
        ),
        FormField("kind", "Kind", "select", choices(InfluenceKind)),
        FormField("strength", "Strength", "number", hint="More than 0, at most 1.", required=True),
        FormField("polarity", "Polarity", "select", choices(Polarity)),
        FormField("evidence", "Evidence", "textarea", hint="What shows the influence."),
    )
    return RowForm(
        as_of=snap.day,
        title=f"Add an influence link of {name}",
        subtitle="Who influences whom, and how we know",
        action=f"/people/{person}/influence",
        back=(f"/people/{person}", "the person"),
        submit="Save the influence link",
        fields=locked(fields, {"other", "direction", "kind"}) if shown else fields,
        values=values,
        errors=errors or {},
        version=shown,
        names=names,
    )


def _influence_row(person: str, form: Fields, errors: Fields) -> dict[str, Any]:
    other = one(form, "other")
    outward = one(form, "direction") != "from"
    text = one(form, "strength")
    try:
        strength: float | str = float(text)
    except ValueError:
        errors["strength"] = [f"{text!r} is not a number (more than 0, at most 1)"]
        strength = text
    return {
        "source": person if outward else other,
        "target": other if outward else person,
        "strength": strength,
        "kind": one(form, "kind"),
        "polarity": one(form, "polarity"),
        "evidence": one(form, "evidence"),
    }


@router.get("/people/{person}/influence", response_class=HTMLResponse, responses=HTML)
def get_influence(
    request: Request, person: PersonId, store: StoreDep, cfg: AnalysisDep, _: Editor,
    as_of: AsOf = None,
) -> Response:  # fmt: skip
    """The form to add an influence link from or to a person, with its evidence."""
    snap = Snapshot.of_person(store, person, _day(as_of), cfg)
    values: Fields = {"direction": ["from"], "kind": ["advice"], "strength": ["0.5"]}
    return _page(request, _influence_form(snap, person, values, ""), as_of)


@router.post("/people/{person}/influence", response_class=HTMLResponse, responses=HTML)
def post_influence(
    request: Request,
    person: PersonId,
    form: FormDep,
    store: StoreDep,
    cfg: AnalysisDep,
    who: Editor,
    reach: ReachDep,
    as_of: AsOf = None,
) -> Response:
    """Save the link; 303 to the person, else the form again (422 bad field, 409 exists)."""
    snap = Snapshot.of_person(store, person, _day(as_of), cfg)
    errors: Fields = {}
    row = _influence_row(person, form, errors)
    if not one(form, "other"):
        errors["other"] = ["choose the other person"]
    stale = None
    if not errors:
        try:
            access.check_row(store, reach, "influences", row)
            key, before = save_row(store, "influences", row, one(form, "version"))
            record(store, who, "replace" if before else "create", "influences", list(key))
            return _back(f"/people/{person}", "influence", as_of)
        except InvalidBundle as e:
            errors = field_errors(e, {"source": "other", "target": "other"})
        except Stale as e:
            stale = e
    view, status = _refused(
        lambda v: _influence_form(snap, person, form, v, errors), one(form, "version"), stale
    )
    if stale is not None and stale.current is not None:
        # Shown in the form's own terms: the other person and the direction, not source/target.
        now = values_of(stale.current)
        outward = stale.current.get("source") == person
        now["other"] = [str(stale.current["target" if outward else "source"])]
        now["direction"] = ["to" if outward else "from"]
        view = RowForm(**{**view.__dict__, "current": now})
    return _page(request, view, as_of, status)
