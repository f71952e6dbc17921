"""The team workspace's pages: view models in (`kamgraph.analysis.workspace`), HTML out.

Every page shares `workspace/_layout.html`: the product name, Home/Portfolio/Activity and the
search box. No script runs on these pages (forms and links do the work), and the policy refuses
every other source, so data can only ever be text: Jinja escapes every value, and ids travel
only in URLs, each escaped as one path segment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.rowforms import RowForm
from kamgraph.analysis.workspace import (
    DUE_SOON_DAYS,
    SORTS,
    AccountView,
    CloseForm,
    DealView,
    HomeView,
    LogForm,
    PersonView,
    SearchView,
    SellerView,
)
from viz.glossary import glossary
from viz.render import asset, render_page

METRICS = ("interactions", "key_person_touches", "org_events", "new_contacts", "actions_done")
ROWS = 50  # rows of a long table shown on a page (a 1 000-person account has thousands)
SORT_LABELS = {
    "rank": "ranking (tier, weakest first)",
    "score": "coverage score",
    "pipeline": "open pipeline",
    "touch": "days since last touch",
    "overdue": "overdue actions",
    "gaps": "high gaps",
}
NOTICES = {
    "interaction": "The interaction is logged.",
    "action": "The action is closed.",
    "planned": "The action is added to the plan.",
    "role": "The buying influence is saved.",
    "person": "The person is saved.",
    "influence": "The influence link is saved.",
}
HEADINGS = {"account": "Accounts", "person": "People", "deal": "Deals", "seller": "Sellers"}


def _render(template: str, as_of_param: dt.date | None, **context: Any) -> str:
    """`as_of_param`: the day asked for in the URL (kept in every link), None for today."""
    suffix = f"?{urlencode({'as_of': as_of_param.isoformat()})}" if as_of_param else ""
    return render_page(
        f"workspace/{template}",
        workspace_css=asset("workspace/workspace.css"),
        suffix=suffix,
        amp=suffix.replace("?", "&", 1),
        as_of_param=as_of_param.isoformat() if as_of_param else "",
        metrics=METRICS,
        limit=ROWS,
        **context,
    )


def home_page(view: HomeView, as_of_param: dt.date | None = None, editor: bool = False) -> str:
    return _render(
        "home.html",
        as_of_param,
        editor=editor,
        title="Home",
        subtitle="Your day and the accounts you can see",
        section="home",
        view=view,
        names=view.names,
        as_of=view.as_of,
        sorts=[(s, SORT_LABELS[s]) for s in SORTS],
        due_days=DUE_SOON_DAYS,
    )


def account_page(
    view: AccountView,
    as_of_param: dt.date | None = None,
    saved: str | None = None,
    editor: bool = False,
) -> str:
    name = view.names.get(view.id) or "(unnamed)"
    return _render(
        "account.html",
        as_of_param,
        editor=editor,
        notice=NOTICES.get(saved or ""),
        title=name,
        subtitle="Account",
        view=view,
        names=view.names,
        as_of=view.as_of,
    )


def person_page(
    view: PersonView,
    as_of_param: dt.date | None = None,
    saved: str | None = None,
    editor: bool = False,
) -> str:
    p = view.brief.person
    return _render(
        "person.html",
        as_of_param,
        editor=editor,
        notice=NOTICES.get(saved or ""),
        title=p.name or "(unnamed)",
        subtitle=" · ".join(x for x in (p.title, view.account_name) if x),
        view=view,
        names=view.names,
        as_of=view.as_of,
    )


def deal_page(
    view: DealView,
    as_of_param: dt.date | None = None,
    saved: str | None = None,
    editor: bool = False,
) -> str:
    return _render(
        "deal.html",
        as_of_param,
        notice=NOTICES.get(saved or ""),
        editor=editor,
        title=view.name,
        subtitle="Deal · the Blue Sheet",
        view=view,
        names=view.names,
        as_of=view.as_of,
        has_wins=any(b.wins for b in view.influences),
    )


def seller_page(view: SellerView, as_of_param: dt.date | None = None, editor: bool = False) -> str:
    return _render(
        "seller.html",
        as_of_param,
        editor=editor,
        title=view.name,
        subtitle=view.title or "Seller",
        view=view,
        names=view.names,
        as_of=view.as_of,
    )


def search_page(view: SearchView, as_of: dt.date, as_of_param: dt.date | None = None) -> str:
    return _render(
        "search.html",
        as_of_param,
        title=f"Search: {view.q}" if view.q else "Search",
        subtitle="",
        view=view,
        names=view.names,
        q=view.q,
        headings=HEADINGS,
        as_of=as_of,
    )


def log_page(
    view: LogForm, as_of_param: dt.date | None, kinds: tuple[str, ...], csrf: str = ""
) -> str:
    return _render(
        "log.html",
        as_of_param,
        csrf=csrf,
        title=f"Log an interaction with {view.names.get(view.person) or '(unnamed)'}",
        subtitle="",
        view=view,
        names=view.names,
        as_of=view.as_of,
        kinds=kinds,
    )


def close_page(view: CloseForm, as_of_param: dt.date | None = None, csrf: str = "") -> str:
    return _render(
        "close.html",
        as_of_param,
        csrf=csrf,
        title=str(view.row.get("title") or "(untitled action)"),
        subtitle="Complete or drop the action",
        view=view,
        names=view.names,
        as_of=view.as_of,
    )


def row_form_page(view: RowForm, as_of_param: dt.date | None = None, csrf: str = "") -> str:
    """A row form (kamgraph.analysis.rowforms): every field described by the view model."""
    return _render(
        "row_form.html",
        as_of_param,
        csrf=csrf,
        title=view.title,
        subtitle=view.subtitle,
        view=view,
        names=view.names,
        as_of=view.as_of,
    )


def glossary_page(cfg: AnalysisSettings, as_of: dt.date, as_of_param: dt.date | None = None) -> str:
    return _render(
        "glossary.html",
        as_of_param,
        title="What the words mean",
        subtitle="",
        glossary=glossary(cfg),
        as_of=as_of,
    )
