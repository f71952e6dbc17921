"""Findings of the adversarial review (issue 15) that are one small rule each: chart text is shown
literally (#7), paging offsets are bounded (#8), every answer carries security headers (#13)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kamgraph.errors import InvalidInput, QueryError
from kamgraph.interchange.ingest import import_data
from kamgraph.services.audit import entries
from kamgraph.services.paging import MAX_OFFSET
from kamgraph.services.rows import list_rows
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from tests.factories import tiny

SELLER = "s$\\nope$"  # what the review used: "$...$" is mathtext to matplotlib, "\n" a bad macro
CURRENCY = "E$\\nope$"
SELLER_NAME = "Lee $\\nope$ Chen"  # the heatmap's row labels are sellers' names


def dollar_bundle() -> dict[str, object]:
    text = json.dumps(tiny()).replace('"s1"', json.dumps(SELLER))
    text = text.replace('"Lee Chen"', json.dumps(SELLER_NAME))
    data: dict[str, object] = json.loads(text)
    accounts = data["accounts"]
    assert isinstance(accounts, list)
    accounts[0]["currency"] = CURRENCY
    return data


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("hardening")
    settings = Settings(db=None, data_dir=folder, auth_disabled=True, max_body_bytes=100_000)
    store = open_store(settings)
    import_data(store, dollar_bundle())
    store.close()
    with TestClient(create_app(settings)) as c:
        yield c


def test_the_bundle_really_holds_the_dollar_texts(client: TestClient) -> None:
    assert client.get(f"/v1/sellers/{SELLER}").status_code == 200
    assert {a["currency"] for a in client.get("/v1/accounts").json()["items"]} >= {CURRENCY}


def test_chart_text_is_shown_literally(client: TestClient) -> None:
    window = {"from": "2026-10-01", "to": "2026-11-20"}
    activity = client.get("/v1/activity.html", params=window)
    portfolio = client.get("/v1/portfolio.html", params={"as_of": "2026-11-20"})
    assert activity.status_code == 200, activity.text[:300]
    assert portfolio.status_code == 200, portfolio.text[:300]
    # The seller's name is a label of the activity heatmap: as written, inside an SVG <text>.
    svg_text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", activity.text))
    assert SELLER_NAME in svg_text
    assert CURRENCY in portfolio.text


def test_offsets_past_the_bound_are_refused_not_wrapped(client: TestClient) -> None:
    for path in ("/v1/audit", "/v1/people", "/v1/actions"):
        deep = client.get(path, params={"offset": 4294967296})
        assert deep.status_code == 422, (path, deep.text)
        assert client.get(path, params={"offset": MAX_OFFSET}).status_code == 200
    assert client.get("/v1/people", params={"offset": MAX_OFFSET}).json()["items"] == []


def test_the_library_refuses_deep_offsets_too(tmp_path: Path) -> None:
    store = open_store(Settings(db=None, data_dir=tmp_path))
    try:
        with pytest.raises(InvalidInput, match="offset must be between 0 and"):
            entries(store, offset=2**32)
        with pytest.raises(InvalidInput, match="offset must be between 0 and"):
            list_rows(store, "people", offset=-1)
        assert list_rows(store, "people", offset=MAX_OFFSET).items == []
    finally:
        store.close()


def headers_of(response: object) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items()}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path",
    [
        "/health",
        "/v1/people",
        "/v1/portfolio.html",
        "/v1/accounts/acme/plan.html",
        "/v1/accounts/acme/map",
        "/docs",
    ],
)
def test_every_answer_carries_security_headers(client: TestClient, path: str) -> None:
    got = headers_of(client.get(path, params={"as_of": "2026-11-20"} if "html" in path else None))
    assert got["x-content-type-options"] == "nosniff"
    assert got["x-frame-options"] == "DENY"
    assert got["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in got["content-security-policy"]


def test_a_page_header_policy_repeats_the_page_meta_policy(client: TestClient) -> None:
    page = client.get("/v1/accounts/acme/plan.html", params={"as_of": "2026-11-20"})
    assert page.status_code == 200, page.text[:300]
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page.text)
    assert meta is not None and "nonce-" in meta.group(1)
    assert headers_of(page)["content-security-policy"].startswith(meta.group(1) + ";")
    api = headers_of(client.get("/v1/people"))
    assert api["content-security-policy"].startswith("default-src 'none'")


def test_the_api_docs_are_served_by_kamgraph_itself(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    # Nothing from another host: every script, style and icon is one of ours.
    assert not re.search(r"(src|href|url)\s*[=:]\s*[\"']?(https?:)?//", page.text)
    policy = headers_of(page)["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy and "cdn" not in policy
    script = client.get("/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert len(script.content) > 500_000  # the real bundle, not a stub
    assert client.get("/docs/assets/swagger-ui.css").status_code == 200
    assert client.get("/docs/assets/../../app.py").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "kamgraph"


def test_a_refused_body_carries_the_headers_too(client: TestClient) -> None:
    big = client.post(
        "/v1/import", content=b"x" * 100_001, headers={"Content-Type": "application/json"}
    )
    assert big.status_code == 413
    assert headers_of(big)["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/accounts/acme/coverage", {"as_of": "0001-01-01"}),
        ("/v1/accounts/acme/decay", {"as_of": "9999-12-31"}),
        ("/v1/activity", {"from": "0001-01-01", "to": "9999-12-31"}),
        ("/v1/activity.html", {"from": "2026-01-01", "to": "9999-12-31"}),
        ("/v1/accounts/acme/review", {"since": "0001-01-01", "as_of": "2026-11-20"}),
    ],
)
def test_days_outside_the_supported_range_are_422(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    got = client.get(path, params=params)
    assert got.status_code == 422, got.text[:300]
    assert "outside the supported days 1900-01-01 to 2199-12-31" in got.text


def test_the_edges_of_the_range_are_answered(client: TestClient) -> None:
    for day in ("1900-01-01", "2199-12-31"):
        got = client.get("/v1/accounts/acme/coverage", params={"as_of": day})
        assert got.status_code == 200, got.text[:300]


def test_bundle_dates_outside_the_range_are_refused_and_nothing_is_stored(
    client: TestClient,
) -> None:
    before = client.get("/v1/export").json()
    data = tiny()
    data["interactions"][0]["date"] = "0001-01-01"
    got = client.post("/v1/import", json=data)
    assert got.status_code == 422 and "outside the supported days" in got.text
    assert client.get("/v1/export").json() == before


def test_a_cross_site_write_is_refused_even_with_auth_disabled(client: TestClient) -> None:
    before = client.get("/v1/export").json()
    body = {"id": "x1", "name": "Mallory"}
    foreign = client.post("/v1/sellers", json=body, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and "cross-site write refused" in foreign.text
    marked = client.post("/v1/sellers", json=body, headers={"Sec-Fetch-Site": "cross-site"})
    assert marked.status_code == 403
    blank = client.post("/v1/sellers", json=body, headers={"Origin": "null"})
    assert blank.status_code == 403
    hidden = {"Origin": "null", "Sec-Fetch-Site": "same-site"}  # a sibling subdomain's page
    assert client.post("/v1/sellers", json=body, headers=hidden).status_code == 403
    assert client.get("/v1/export").json() == before
    # The same write from the server's own page, and from a client that is not a browser:
    own = client.post("/v1/sellers", json=body, headers={"Origin": "http://testserver"})
    assert own.status_code == 201, own.text
    assert client.delete("/v1/sellers/x1").status_code == 204
    # A form of our own pages: no-referrer makes the browser send Origin null, and say so.
    form = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/v1/sellers", json=body, headers=form).status_code == 201
    assert client.delete("/v1/sellers/x1").status_code == 204
    assert client.post("/v1/sellers", json=body).status_code == 201
    # Reads from elsewhere are not writes (a page may link to a map).
    assert client.get("/v1/people", headers={"Origin": "https://evil.example"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "raw", "says"),
    [
        ("/v1/accounts", '{"id": "big", "name": "Big", "potential": 1e999}', "finite number"),
        ("/v1/accounts", '{"id": "big", "name": "Big", "revenue": 1e16}', "less than or equal"),
        (
            "/v1/activity-targets",
            '{"id": "t9", "metric": "interactions", "target": 1000000000000000000000000000000}',
            "less than or equal to 1000000",
        ),
    ],
)
def test_numbers_are_finite_and_within_their_ranges(
    client: TestClient, path: str, raw: str, says: str
) -> None:
    before = client.get("/v1/export").json()
    got = client.post(path, content=raw, headers={"Content-Type": "application/json"})
    assert got.status_code == 422 and says in got.text, got.text[:300]
    assert client.get("/v1/export").json() == before


@pytest.mark.parametrize("kind", [RuntimeError, QueryError])
def test_a_logged_failure_holds_no_row_data(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    kind: type[Exception],
) -> None:
    secret = "Ana Diaz <ana.diaz@acme.example>"

    def failing(*_: object, **__: object) -> None:
        raise kind(f"the engine refused {secret!r}")

    monkeypatch.setattr("api.routes.crud.rows.get_row", failing)
    with caplog.at_level("ERROR", logger="kamgraph.api"):
        answer = TestClient(client.app, raise_server_exceptions=False).get(
            "/v1/people/ana-diaz-p77"
        )
    assert answer.status_code == 500
    ref = re.search(r"\(([0-9a-f]{12})\)", answer.json()["detail"])
    assert ref is not None and ref.group(1) in caplog.text
    assert "/v1/people/{id}" in caplog.text and kind.__name__ in caplog.text
    for leak in ("Ana Diaz", "ana.diaz@acme.example", "ana-diaz-p77"):
        assert leak not in caplog.text and leak not in answer.text
