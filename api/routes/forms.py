"""The workspace's recording forms: log an interaction, complete or drop an action.

Post-redirect-get: a good save answers 303 to the page it belongs to (which says it was saved);
a bad one shows the form again, with what was typed and each message beside its field (the row
validation of the API: `create_row`, `close_action`). A form carries the version of the row it
showed; a save of a row changed since is refused (409) and shows the other's change, with the
new version, so saving again is a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.audit import record
from api.deps import AnalysisDep, Editor, Guarded, ReachDep, StoreDep
from api.errors import RESPONSES
from api.routes.analyses import HTML, AsOf, PersonId, _day
from api.session import csrf_token
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.workspace import close_form, log_form, people_choice
from kamgraph.errors import ConflictError, InvalidBundle
from kamgraph.interchange.model import INTERACTION_KINDS, supported_day
from kamgraph.services import access
from kamgraph.services.actions import close_action, get_action
from kamgraph.services.forms import field_errors, interaction_id, version
from kamgraph.services.rows import create_row
from viz.workspace import close_page, log_page

router = APIRouter(tags=["workspace forms"], responses=RESPONSES, dependencies=[Guarded])
Fields = dict[str, list[str]]
ActionId = Annotated[str, Path(description="An action id.", examples=["nw-a01"])]


async def form_fields(request: Request) -> Fields:
    """The fields of an url-encoded form (the workspace's forms post nothing else)."""
    # request.form(), not the raw body: the CSRF check (api/session.py) reads the form too, and
    # Starlette parses it once for both.
    form = await request.form()
    return {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}


FormDep = Annotated[Fields, Depends(form_fields)]


def one(form: Mapping[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0].strip()


def _day_field(text: str, errors: Fields, field: str) -> dt.date | None:
    try:
        return supported_day(dt.date.fromisoformat(text))
    except ValueError as e:
        errors.setdefault(field, []).append(
            str(e) if "outside" in str(e) else f"{text!r} is not a date (YYYY-MM-DD)"
        )
        return None


def _back(path: str, saved: str, as_of: dt.date | None) -> RedirectResponse:
    query = f"?saved={saved}" + (f"&as_of={as_of.isoformat()}" if as_of else "")
    return RedirectResponse(path + query, status_code=303)


# --- log an interaction --------------------------------------------------------------------------
@router.get("/people/{person}/log", response_class=HTMLResponse, responses=HTML)
def get_log(
    request: Request,
    person: PersonId,
    store: StoreDep,
    cfg: AnalysisDep,
    who: Editor,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The form to log an interaction with a person."""
    day = _day(as_of)
    values: Fields = {"date": [day.isoformat()], "kind": ["meeting"]}
    if who.seller:
        values["sellers"] = [who.seller]
    view = log_form(Snapshot.of_person(store, person, day, cfg), person, values)
    return HTMLResponse(log_page(view, as_of, kinds=INTERACTION_KINDS, csrf=csrf_token(request)))


@router.post("/people/{person}/log", response_class=HTMLResponse, responses=HTML)
def post_log(
    request: Request,
    person: PersonId,
    form: FormDep,
    store: StoreDep,
    cfg: AnalysisDep,
    who: Editor,
    reach: ReachDep,
    as_of: AsOf = None,
) -> Response:
    """Log the interaction; 303 to the person's page, or the form again with the messages."""
    errors: Fields = {}
    day = _day_field(one(form, "date"), errors, "date")
    snap = Snapshot.of_person(store, person, _day(as_of), cfg)
    row = {
        "id": interaction_id(day or dt.date.today()),
        "date": one(form, "date"),
        "kind": one(form, "kind"),
        "sellers": [s for s in form.get("sellers", []) if s],
        "people": [person, *_also_with(snap, person, form.get("with", []), errors)],
        "opportunity": one(form, "opportunity") or None,
        "notes": one(form, "notes"),
    }
    if not row["sellers"]:
        errors.setdefault("sellers", []).append("choose at least one of us who took part")
    if not errors:
        try:
            access.check_row(store, reach, "interactions", row)
            create_row(store, "interactions", row)
            record(store, who, "create", "interactions", [str(row["id"])])
            return _back(f"/people/{person}", "interaction", as_of)
        except InvalidBundle as e:
            errors = field_errors(e)
    view = log_form(snap, person, form, errors)
    return HTMLResponse(
        log_page(view, as_of, kinds=INTERACTION_KINDS, csrf=csrf_token(request)), status_code=422
    )


def _also_with(snap: Snapshot, person: str, typed: list[str], errors: Fields) -> list[str]:
    """The people typed in "also with" (names as completed from the account's current people),
    each once; a name that is no one there gets a message."""
    choice = people_choice(snap, person)
    found: list[str] = []
    for text in (t.strip() for t in typed):
        if not text:
            continue
        if (pid := choice.find(text)) is None:
            account = snap.account_row().get("name") or snap.account
            errors.setdefault("with", []).append(
                f"no one at {account} is called {text!r}: choose a name from the list"
            )
        elif pid not in found:
            found.append(pid)
    return found


# --- complete or drop an action ------------------------------------------------------------------
@router.get("/actions/{action}/close", response_class=HTMLResponse, responses=HTML)
def get_close(
    request: Request,
    action: ActionId,
    store: StoreDep,
    cfg: AnalysisDep,
    _: Editor,
    as_of: AsOf = None,
) -> HTMLResponse:
    """The form to mark an action done or drop it."""
    row = get_action(store, action)
    day = _day(as_of)
    values: Fields = {"on": [day.isoformat()], "status": ["done"]}
    snap = Snapshot(store, str(row["account"]), day, cfg)
    return HTMLResponse(
        close_page(close_form(snap, row, version(row), values), as_of, csrf_token(request))
    )


@router.post("/actions/{action}/close", response_class=HTMLResponse, responses=HTML)
def post_close(
    request: Request,
    action: ActionId,
    form: FormDep,
    store: StoreDep,
    cfg: AnalysisDep,
    who: Editor,
    as_of: AsOf = None,
) -> Response:
    """Close the action as shown; 303 to its account, else the form again (422 for a bad
    field, 409 when the action changed since the form was shown or is closed already)."""
    row = get_action(store, action)
    errors: Fields = {}
    status = one(form, "status")
    if status not in ("done", "dropped"):
        errors["status"] = ["choose done or dropped"]
    on = _day_field(one(form, "on"), errors, "on")
    conflict = None
    if one(form, "version") != version(row):
        conflict = (
            "Someone else changed this action since you opened the form; it is shown as it "
            "is now. Save again to close it anyway."
        )
    elif not errors and on is not None and status in ("done", "dropped"):
        try:
            close_action(store, action, "done" if status == "done" else "dropped", on, row)
            record(store, who, status, "actions", [action])
            return _back(f"/accounts/{row['account']}", "action", as_of)
        except ConflictError as e:
            conflict = str(e)
        row = get_action(store, action)
    snap = Snapshot(store, str(row["account"]), _day(as_of), cfg)
    view = close_form(snap, row, version(row), form, errors, conflict)
    return HTMLResponse(
        close_page(view, as_of, csrf_token(request)), status_code=409 if conflict else 422
    )
