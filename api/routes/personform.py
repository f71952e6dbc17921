"""The workspace's person form: add a person to an account, or edit one (name, title, unit,
manager, e-mail, layer, left on, profile). The manager is a `reports_to` row, so the version the
form carries covers the person and their current manager: a colleague's change to either makes
a second save a 409 that shows it. Fields the form does not show (political status, interests…)
are kept as stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.audit import record
from api.deps import AnalysisDep, Editor, Guarded, ReachDep, StoreDep
from api.errors import RESPONSES
from api.routes.analyses import HTML, AccountId, AsOf, PersonId, _day
from api.routes.forms import Fields, FormDep, _back, one
from api.routes.rowforms import CHANGED, _page
from kamgraph.analysis.rowforms import FormField, RowForm, choices, named, people_options
from kamgraph.analysis.rowforms import values_of as _values
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.workspace import _snap_names
from kamgraph.errors import InvalidBundle
from kamgraph.interchange.model import Layer
from kamgraph.services import access
from kamgraph.services.forms import field_errors, new_id, stored, version
from kamgraph.services.rows import create_row, list_rows, replace_row, validated_key
from kamgraph.services.tokens import TokenInfo
from kamgraph.storage.base import GraphStore

router = APIRouter(tags=["workspace forms"], responses=RESPONSES, dependencies=[Guarded])
SHOWN = ("name", "title", "unit", "email", "layer", "until", "profile")
MANY = 100_000  # every row of one account's table (list_rows pages; a form needs them all)


def manager_line(store: GraphStore, account: str, person: str) -> dict[str, Any] | None:
    """The person's open reporting line (no `until`), if any."""
    lines = list_rows(store, "reports_to", account=account, limit=MANY).items
    return next((r for r in lines if r["person"] == person and not r.get("until")), None)


def person_version(row: dict[str, Any] | None, line: dict[str, Any] | None) -> str:
    return version({"person": row, "manager": line}) if row else ""


def person_values(row: dict[str, Any] | None, line: dict[str, Any] | None) -> Fields:
    values = _values(row)
    values["manager"] = [str(line["manager"])] if line else [""]
    return values


def _form(
    snap: Snapshot, person: str | None, values: Fields, shown: str, errors: Fields | None = None
) -> RowForm:
    names = _snap_names(snap)
    units = list_rows(snap.store, "units", account=snap.account, limit=MANY).items
    unit_names = {str(u["id"]): str(u.get("name") or u["id"]) for u in units}
    managers = tuple(o for o in people_options(snap, "nobody") if o[0] != person)
    fields = (
        FormField("name", "Name", required=True),
        FormField("title", "Title"),
        FormField("unit", "Unit", "select", named(unit_names, unit_names, "none")),
        FormField("manager", "Manager", "select", managers),
        FormField("email", "E-mail", "email"),
        FormField("layer", "Org layer", "select", choices(Layer, "unknown")),
        FormField("until", "Left on", "date", hint="Only when they have left the account."),
        FormField("profile", "Profile", "textarea"),
    )
    where = f"/people/{person}" if person else f"/accounts/{snap.account}"
    return RowForm(
        as_of=snap.day,
        title=f"Edit {names.get(person) or '(unnamed)'}" if person else "Add a person",
        subtitle=f"At {names.get(snap.account) or '(unnamed)'}",
        action=f"/people/{person}/edit" if person else f"/accounts/{snap.account}/people/new",
        back=(where, "the person" if person else "the account"),
        submit="Save the person",
        fields=fields,
        values=values,
        errors=errors or {},
        version=shown,
        names=names,
    )


@router.get("/accounts/{account}/people/new", response_class=HTMLResponse, responses=HTML)
def get_new_person(
    request: Request, account: AccountId, store: StoreDep, cfg: AnalysisDep, _: Editor,
    as_of: AsOf = None,
) -> Response:  # fmt: skip
    """The form to add a person to the account."""
    snap = Snapshot(store, account, _day(as_of), cfg)
    return _page(request, _form(snap, None, {}, ""), as_of)


@router.get("/people/{person}/edit", response_class=HTMLResponse, responses=HTML)
def get_edit_person(
    request: Request, person: PersonId, store: StoreDep, cfg: AnalysisDep, _: Editor,
    as_of: AsOf = None,
) -> Response:  # fmt: skip
    """The form to edit a person, with their current manager."""
    snap = Snapshot.of_person(store, person, _day(as_of), cfg)
    row = stored(store, "people", (person,))
    line = manager_line(store, snap.account, person)
    shown = person_version(row, line)
    return _page(request, _form(snap, person, person_values(row, line), shown), as_of)


@router.post("/accounts/{account}/people/new", response_class=HTMLResponse, responses=HTML)
def post_new_person(
    request: Request, account: AccountId, form: FormDep, store: StoreDep, cfg: AnalysisDep,
    who: Editor, reach: ReachDep, as_of: AsOf = None,
) -> Response:  # fmt: skip
    """Add the person; 303 to their page, else the form again."""
    day = _day(as_of)
    snap = Snapshot(store, account, day, cfg)
    return _save(request, snap, new_id("per", day), None, form, who, reach, as_of)


@router.post("/people/{person}/edit", response_class=HTMLResponse, responses=HTML)
def post_edit_person(
    request: Request, person: PersonId, form: FormDep, store: StoreDep, cfg: AnalysisDep,
    who: Editor, reach: ReachDep, as_of: AsOf = None,
) -> Response:  # fmt: skip
    """Save the person as typed if nobody changed them since the form was shown (else 409)."""
    snap = Snapshot.of_person(store, person, _day(as_of), cfg)
    return _save(request, snap, person, stored(store, "people", (person,)), form, who, reach, as_of)


def _save(
    request: Request,
    snap: Snapshot,
    person: str,
    before: dict[str, Any] | None,
    form: Fields,
    who: TokenInfo,
    reach: access.Reach,
    as_of: dt.date | None,
) -> Response:
    store, editing = snap.store, before is not None
    line = manager_line(store, snap.account, person) if editing else None
    typed = {f: one(form, f) for f in SHOWN}
    # Blank optional fields are absent values, not empty strings (the row schema refuses those).
    blanks: dict[str, Any] = {f: typed[f] or None for f in ("unit", "email", "layer", "until")}
    row: dict[str, Any] = {**(before or {}), "id": person, "account": snap.account, **typed}
    row |= blanks
    manager = one(form, "manager")
    errors: Fields = {}
    known = {o[0] for o in people_options(snap)} | {str((line or {}).get("manager"))}
    if manager and manager not in known:
        errors["manager"] = ["choose one of the account's people"]
    if manager == person:
        errors["manager"] = ["a person cannot report to themselves"]
    try:
        validated_key("people", row)
    except InvalidBundle as e:
        errors = field_errors(e) | errors
    now = person_version(before, line)
    shown_id = person if editing else None
    if not errors and one(form, "version") != now:
        view = _form(snap, shown_id, form, now)
        current = person_values(before, line)
        changes = {"conflict": CHANGED.format(what="person"), "current": current}
        return _page(request, RowForm(**{**view.__dict__, **changes}), as_of, 409)
    if not errors:
        try:
            access.check_row(store, reach, "people", row)
            if editing:
                replace_row(store, "people", row)
            else:
                create_row(store, "people", row)
            record(store, who, "replace" if editing else "create", "people", [person])
            _move_manager(store, who, person, line, manager, snap.day)
            return _back(f"/people/{person}", "person", as_of)
        except InvalidBundle as e:
            errors = field_errors(e)
    return _page(request, _form(snap, shown_id, form, one(form, "version"), errors), as_of, 422)


def _move_manager(
    store: GraphStore, who: TokenInfo, person: str, line: dict[str, Any] | None, manager: str,
    day: dt.date,
) -> None:  # fmt: skip
    """A new manager ends the open reporting line the day before and starts one (history
    stays: "how did this account look on 1 March" still shows the old line)."""
    if (line or {}).get("manager") == (manager or None):
        return
    if line is not None:
        ended = {**line, "until": (day - dt.timedelta(days=1)).isoformat()}
        replace_row(store, "reports_to", ended)
        record(store, who, "replace", "reports_to", [person, str(line["manager"])])
    if manager:
        new = {"person": person, "manager": manager, "kind": "solid", "until": None}
        before = stored(store, "reports_to", (person, manager))
        if before is None:
            create_row(store, "reports_to", new)
        else:
            replace_row(store, "reports_to", {**before, "until": None})
        record(store, who, "create", "reports_to", [person, manager])
