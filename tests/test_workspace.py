"""The team workspace (issue 14): every page type answers with names and links to the others,
markup in the data is text, the offline pages work without parameters, team access holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.viewcache import ViewCache
from kamgraph.generators.sample import SAMPLE_ACCOUNT
from kamgraph.services.lookup import fold, search
from kamgraph.services.tokens import create_token
from kamgraph.settings import Settings
from tests.test_access import RIVAL
from tests.workspace_support import AS_OF, EVIL_PAGES, ID, IMG, PAGES, SCRIPT, parse, paths
from tests.workspace_support import with_markup as markup_bundle

NAV = {"/home", "/v1/portfolio.html", "/v1/activity.html"}


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, sample_data: dict[str, Any]
) -> Iterator[TestClient]:
    app = create_app(Settings(db=None, data_dir=tmp_path_factory.mktemp("ws"), auth_disabled=True))
    with TestClient(app) as c:
        assert c.post("/v1/import", json=sample_data).status_code == 200
        yield c


def get(c: TestClient, url: str, **kw: Any) -> str:
    sep = "&" if "?" in url else "?"
    answer = c.get(f"{url}{sep}as_of={AS_OF}", **kw)
    assert answer.status_code == 200, (url, answer.text[:300])
    assert answer.headers["content-type"].startswith("text/html")
    return answer.text


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_has_the_header_and_shows_names_never_ids(client: TestClient, page: str) -> None:
    text = get(client, PAGES[page])
    parsed = parse(text)
    assert paths(parsed.links) >= NAV
    assert parsed.links[0].startswith("/home")  # the product name leads home
    assert 'action="/search"' in text and 'name="q"' in text
    assert "kamgraph" in parsed.visible
    assert ID.findall(parsed.visible) == []
    assert "Content-Security-Policy" in text and "script" not in parsed.tags


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_links_the_glossary_of_its_words(client: TestClient, page: str) -> None:
    assert "/glossary" in paths(parse(get(client, PAGES[page])).links)


def test_one_glossary_explains_both_sets_of_relationship_words(
    client: TestClient, tmp_path: Path
) -> None:
    words = parse(get(client, "/glossary")).visible
    for word in ("strong", "weak", "cooling", "active", "stance", "unknown"):
        assert word in words, word
    assert "strength 0.5 or more" in words
    # The offline pages carry the same table (a file opened from disk has no server to ask).
    for page in ("/v1/accounts/nordwind/map", "/v1/people/nw-p02/brief.html"):
        assert "strength 0.5 or more" in parse(get(client, page)).visible, page
    # The words follow the thresholds in effect.
    settings = Settings(
        db=None, data_dir=tmp_path, auth_disabled=True, analysis=AnalysisSettings(strong=0.6)
    )
    with TestClient(create_app(settings)) as other:
        assert "strength 0.6 or more" in parse(get(other, "/glossary")).visible


def test_home_links_every_account_and_sorts_and_filters(client: TestClient) -> None:
    parsed = parse(get(client, "/home"))
    assert f"/accounts/{SAMPLE_ACCOUNT}" in paths(parsed.links)
    assert "Nordwind Telecom" in parsed.visible
    assert "My day" not in parsed.visible  # auth disabled: no seller behind the caller
    assert "Nordwind" in parse(get(client, "/home?sort=score&desc=1&tier=A")).visible
    assert "No account matches" in parse(get(client, "/home?tier=C")).visible
    assert client.get("/home?sort=nonsense").status_code == 422


def test_account_page_links_gaps_deals_people_sellers_and_files(client: TestClient) -> None:
    parsed = parse(get(client, f"/accounts/{SAMPLE_ACCOUNT}"))
    found = paths(parsed.links)
    # Katrin Vogel (nw-p02) is an uncovered key person: her gap links to her page.
    assert "/people/nw-p02" in found
    assert {"/deals/nw-o1", "/sellers/s1"} <= found
    assert {
        f"/v1/accounts/{SAMPLE_ACCOUNT}/map",
        f"/v1/accounts/{SAMPLE_ACCOUNT}/plan.html",
        f"/v1/accounts/{SAMPLE_ACCOUNT}/review.html",
    } <= found
    for heading in ("Coverage", "Gaps", "Relationship decay", "Open deals", "Plan", "Review"):
        assert heading in parsed.visible
    assert "The team's activity" in parsed.visible
    since = parse(get(client, f"/accounts/{SAMPLE_ACCOUNT}?since=2026-06-01")).visible
    assert "Review 2026-06-01 to 2026-11-20" in since


def test_person_page_is_the_brief_with_links(client: TestClient) -> None:
    parsed = parse(get(client, "/people/nw-p02"))
    found = paths(parsed.links)
    assert {f"/accounts/{SAMPLE_ACCOUNT}", "/deals/nw-o1", "/v1/people/nw-p02/brief.html"} <= found
    # Her best warm path runs Lena Hoffmann (s1) -> Stefan Gruber (nw-p27) -> her.
    assert {"/sellers/s1", "/people/nw-p27"} <= found
    for heading in ("Profile", "Roles on open deals", "Warm paths", "Gaps", "Last interactions"):
        assert heading in parsed.visible
    assert "Katrin Vogel" in parsed.visible


def test_deal_page_is_the_blue_sheet(client: TestClient) -> None:
    parsed = parse(get(client, "/deals/nw-o1"))
    assert "/people/nw-p02" in paths(parsed.links)
    assert f"/accounts/{SAMPLE_ACCOUNT}" in paths(parsed.links)
    for text in ("economic buyer", "Stance", "Response mode", "Covered by", "Red flags"):
        assert text in parsed.visible
    assert "Strengths" in parsed.visible and "Best actions" in parsed.visible


def test_seller_page_lists_accounts_relationships_actions(client: TestClient) -> None:
    parsed = parse(get(client, "/sellers/s1"))
    assert f"/accounts/{SAMPLE_ACCOUNT}" in paths(parsed.links)
    assert any(p.startswith("/people/") for p in paths(parsed.links))
    assert "Lena Hoffmann" in parsed.visible
    for heading in ("Relationships", "Open actions", "Activity against target"):
        assert heading in parsed.visible


def test_search_groups_by_kind_with_links(client: TestClient) -> None:
    parsed = parse(get(client, "/search?q=wojcik"))  # Daniel Wójcik, accent and case folded
    assert "/people/nw-p16" in paths(parsed.links)
    assert "People (1)" in parsed.visible
    everything = parse(get(client, "/search?q=n"))
    for heading in ("Accounts", "People", "Deals", "Sellers"):
        assert heading in everything.visible
    assert "Type a name" in parse(get(client, "/search")).visible
    assert "Nothing found" in parse(get(client, "/search?q=zzzzqqq")).visible


def test_unknown_rows_are_404(client: TestClient) -> None:
    for url in ("/accounts/nope", "/people/nope", "/deals/nope", "/sellers/nope"):
        assert client.get(url).status_code == 404, url


def test_offline_pages_without_parameters(client: TestClient) -> None:
    assert client.get("/v1/activity.html").status_code == 200
    answer = client.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/review.html")
    assert answer.status_code == 200
    assert (
        client.get(f"/v1/accounts/{SAMPLE_ACCOUNT}/review.html?since=2026-09-01").status_code == 200
    )


def test_root_leads_home(client: TestClient) -> None:
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/home"


def test_lookup_folds_case_and_accents() -> None:
    assert fold("Wójcik ÉLAN") == "wojcik elan"


@pytest.fixture(scope="module")
def evil(
    tmp_path_factory: pytest.TempPathFactory, sample_data: dict[str, Any]
) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("evil")
    app = create_app(Settings(db=None, data_dir=path, auth_disabled=True))
    with TestClient(app) as c:
        assert c.post("/v1/import", json=markup_bundle(sample_data)).status_code == 200
        yield c


@pytest.mark.parametrize("page", sorted(EVIL_PAGES))
def test_markup_in_the_data_is_text(evil: TestClient, page: str) -> None:
    text = get(evil, EVIL_PAGES[page])
    parsed = parse(text)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert SCRIPT not in text and IMG not in text
    shown = parsed.visible
    assert SCRIPT in shown or IMG in shown, page
    assert "&lt;script&gt;" in text or "&lt;img src=x" in text


def test_search_finds_the_markup_as_text(evil: TestClient) -> None:
    parsed = parse(get(evil, "/search?q=<script"))
    assert SCRIPT in parsed.visible and "/people/evil-p1" in paths(parsed.links)


# --- KAMGRAPH_ACCESS=team ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def team(
    tmp_path_factory: pytest.TempPathFactory, sample_data: dict[str, Any]
) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    app = create_app(Settings(db=None, data_dir=tmp_path_factory.mktemp("team"), access="team"))
    with TestClient(app) as c:
        store = app.state.store
        admin = {"Authorization": f"Bearer {create_token(store, 'admin', 'admin')}"}
        assert c.post("/v1/import", json=sample_data, headers=admin).status_code == 200
        assert c.post("/v1/import", json=RIVAL, headers=admin).status_code == 200
        heads = {
            "s1": {"Authorization": f"Bearer {create_token(store, 'lena', 'reader', seller='s1')}"},
            "s9": {"Authorization": f"Bearer {create_token(store, 'noa', 'reader', seller='s9')}"},
        }
        yield c, heads


def test_another_teams_pages_are_404(team: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    c, h = team
    for url in (f"/accounts/{SAMPLE_ACCOUNT}", "/people/nw-p02", "/deals/nw-o1"):
        assert c.get(url, headers=h["s9"]).status_code == 404, url
        assert c.get(url, headers=h["s1"]).status_code == 200, url
    for url in ("/accounts/rival", "/people/rv-p1", "/deals/rv-o1"):
        assert c.get(url, headers=h["s1"]).status_code == 404, url
    assert c.get("/home").status_code == 401  # a Reader is needed


def test_lists_keep_to_the_callers_accounts(
    team: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    c, h = team
    home = parse(get(c, "/home", headers=h["s9"]))
    assert "/accounts/rival" in paths(home.links)
    assert f"/accounts/{SAMPLE_ACCOUNT}" not in paths(home.links)
    hits = parse(get(c, "/search?q=a", headers=h["s9"]))
    assert not any(p.startswith("/people/nw-") for p in paths(hits.links))
    seller = parse(get(c, "/sellers/s1", headers=h["s9"]))  # sellers are everyone's
    assert f"/accounts/{SAMPLE_ACCOUNT}" not in paths(seller.links)


def test_my_day_for_a_seller(team: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    c, h = team
    parsed = parse(get(c, "/home", headers=h["s1"]))
    text = parsed.visible
    assert "My day" in text and "Lena Hoffmann" in text
    for heading in ("Overdue actions", "Cooling key relationships", "Upcoming meetings"):
        assert heading in text
    assert "My activity against target" in text
    assert ID.findall(text) == []


def test_the_lookup_service_directly(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    hits = search(store, "NORDWIND", 10)
    assert [(h.kind, h.id) for h in hits if h.kind == "account"] == [("account", SAMPLE_ACCOUNT)]
    assert search(store, "   ", 10) == []
    assert len([h for h in search(store, "a", 2) if h.kind == "person"]) == 2


# --- reuse of the views between requests ---------------------------------------------------------
def test_a_write_shows_on_the_next_page_at_once(tmp_path: Path) -> None:
    app = create_app(Settings(db=None, data_dir=tmp_path, auth_disabled=True))
    with TestClient(app) as c:
        assert c.post("/v1/import", json=RIVAL).status_code == 200
        assert "Rita Vos" in parse(c.get("/people/rv-p1").text).visible
        assert "Rita Vos" in parse(c.get("/people/rv-p1").text).visible  # the reused view
        renamed = {"format": "kamgraph/v1", "people": [{**RIVAL["people"][0], "name": "Rita Moll"}]}
        assert c.post("/v1/import", json=renamed).status_code == 200
        shown = parse(c.get("/people/rv-p1").text).visible
        assert "Rita Moll" in shown and "Rita Vos" not in shown


def test_the_view_cache_keeps_until_a_write_or_the_ttl() -> None:
    class Store:
        generation = 0
        token: str | None = "s1"

        def stamp(self) -> str | None:
            return self.token

    store: Any = Store()
    cache, built = ViewCache(size=2), []

    def build() -> int:
        built.append(1)
        return len(built)

    assert cache.get(store, "k", 60, build) == 1
    assert cache.get(store, "k", 60, build) == 1
    store.generation = 1  # a write of this process
    assert cache.get(store, "k", 60, build) == 2
    assert cache.get(store, "k", 60, build) == 2
    store.token = "s2"  # a write of another process
    assert cache.get(store, "k", 60, build) == 3
    assert cache.get(store, "k", 0, build) == 4  # ttl 0: never reused
    assert cache.get(store, "k", 60, build, sound=lambda v: v != 3) == 5  # not sound: rebuilt
    cache.get(store, "a", 60, build)
    cache.get(store, "b", 60, build)
    assert cache.get(store, "k", 60, build) == 8  # dropped: least recently used beyond size
    store.token = None  # no stamp: another process's writes could not be told, nothing kept
    assert cache.get(store, "n", 60, build) == 9
    assert cache.get(store, "n", 60, build) == 10
