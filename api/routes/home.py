"""`/me`: who is signed in, the link to change the password, and the sign-out button (every
workspace page links here from its header)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import Reader, SettingsDep
from api.session import csrf_token
from kamgraph.services.users import PREFIX
from viz.signin import home_placeholder_page

router = APIRouter(include_in_schema=False)


@router.get("/me", response_class=HTMLResponse)
def me(request: Request, who: Reader, settings: SettingsDep) -> HTMLResponse:
    page = home_placeholder_page(
        name=who.name.removeprefix(PREFIX),
        csrf=csrf_token(request),
        signed_in=not settings.auth_disabled and who.name.startswith(PREFIX),
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})
