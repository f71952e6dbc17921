"""DOMAIN.md of 2026-12-01: account `domains`, role `wins`, warm-path `cautions` with
`avoid_opposed`, and the brief's profile text, e-mail, upcoming interactions and wins."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kamgraph.analysis.brief import brief
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.influence import warm_paths
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.analysis.views import brief_view
from kamgraph.cli import app
from kamgraph.connectors.config import ConnectSettings
from kamgraph.connectors.salesforce import convert, website_domain
from kamgraph.errors import InvalidBundle
from kamgraph.interchange.bundle import load_csv_dir, validate
from kamgraph.interchange.export import export_bundle, write_csv_dir
from kamgraph.interchange.ingest import import_data
from kamgraph.services.domains import DomainIndex, account_for_address
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore
from tests.connect_support import SALESFORCE
from tests.oracle import Oracle
from viz.pages import brief_page

T = dt.date(2026, 6, 1)
CFG = AnalysisSettings()
EVIL = "<img src=x onerror=alert(1)>"
runner = CliRunner()


def day(offset: int) -> str:
    return (T + dt.timedelta(days=offset)).isoformat()


# The target t; two routes to it: s1 → p1 → t (strong, but p1 is an enemy on the open deal
# o1 and a non_supporter as its user buyer) and s2 → p2 → t (weaker, p2 neutral). p3 opposes
# us only on the lost deal o2, which makes no caution; t's own stance makes none either.
ROUTES: dict[str, Any] = {
    "format": "kamgraph/v1",
    "accounts": [
        {"id": "acme", "name": "ACME", "domains": ["ACME.com", "acme-group.example"]},
        {"id": "acme-health", "name": "ACME Health", "domains": ["health.acme.com"]},
    ],
    "people": [
        {
            "id": "t",
            "account": "acme",
            "name": "Ana Diaz",
            "title": "CFO",
            "profile": "Ex-banker; prefers one-page memos.",
            "email": "ana.diaz@acme.com",
        },
        {"id": "p1", "account": "acme", "name": "Piet One"},
        {"id": "p2", "account": "acme", "name": "Paula Two"},
        {"id": "p3", "account": "acme", "name": "Peer Three"},
    ],
    "influences": [
        {"source": "p1", "target": "t", "strength": 0.9, "kind": "advice"},
        {"source": "p2", "target": "t", "strength": 0.5, "kind": "advice"},
        {"source": "p3", "target": "t", "strength": 0.4, "kind": "advice"},
    ],
    "sellers": [{"id": "s1"}, {"id": "s2"}, {"id": "s3"}],
    "relationships": [
        {"seller": "s1", "person": "p1", "level": 4, "assessed_on": day(-5)},
        {"seller": "s2", "person": "p2", "level": 4, "assessed_on": day(-5)},
        {"seller": "s3", "person": "p3", "level": 4, "assessed_on": day(-5)},
    ],
    "opportunities": [
        {"id": "o1", "account": "acme", "stage": "bid"},
        {"id": "o2", "account": "acme", "stage": "lost"},
    ],
    "roles": [
        {
            "opportunity": "o1",
            "person": "t",
            "role": "economic_buyer",
            "stance": "enemy",
            "wins": "A budget the board signs in one round",
        },  # fmt: skip
        {"opportunity": "o1", "person": "p1", "role": "technical_buyer", "stance": "enemy"},
        {"opportunity": "o1", "person": "p1", "role": "user_buyer", "stance": "non_supporter"},
        {"opportunity": "o1", "person": "p2", "role": "influencer", "stance": "neutral"},
        {"opportunity": "o2", "person": "p3", "role": "influencer", "stance": "enemy"},
    ],
    # Without sellers: they would make direct paths to t. Six after T (five are upcoming),
    # one on T itself (the past).
    "interactions": [
        *[
            {
                "id": f"next{i}",
                "date": day(6 - i),
                "kind": "meeting",
                "people": ["t"],
                "notes": f"planned {i}",
            }  # fmt: skip
            for i in range(6)
        ],
        {"id": "today", "date": day(0), "kind": "meeting", "people": ["t"], "notes": "today"},
        {"id": "past", "date": day(-3), "kind": "call", "people": ["t"]},
    ],
}
P1_CAUTIONS = [
    {"person": "p1", "opportunity": "o1", "stance": "enemy"},
    {"person": "p1", "opportunity": "o1", "stance": "non_supporter"},
]


def routes() -> dict[str, Any]:
    return copy.deepcopy(ROUTES)


@pytest.fixture
def loaded(falkor: GraphStore) -> GraphStore:
    import_data(falkor, routes())
    return falkor


def paths_json(store: GraphStore, **kw: Any) -> dict[str, Any]:
    result = warm_paths(Snapshot.of_person(store, "t", T, CFG), "t", **kw)
    found: dict[str, Any] = json.loads(result.model_dump_json())
    return found


# --- the model ------------------------------------------------------------------------------------
def test_domains_are_lower_cased_and_wins_kept() -> None:
    bundle = validate(routes())
    assert bundle.rows("accounts")[0].model_dump()["domains"] == ["acme.com", "acme-group.example"]
    assert bundle.rows("roles")[0].model_dump()["wins"] == "A budget the board signs in one round"
    assert validate({"format": "kamgraph/v1", "roles": []}).rows("roles") == []


@pytest.mark.parametrize(
    ("domain", "says"),
    [
        ("ana@acme.com", "only the part after the @"),
        ("https://acme.com", "only the part after the @"),
        ("com", "not a domain name"),
        ("acme..com", "not a domain name"),
        ("-acme.com", "not a domain name"),
        ("acme.com ", None),  # spaces around are trimmed: accepted
        ("bücher.example", "xn--"),
    ],
)
def test_malformed_domains_are_refused_with_the_reason(domain: str, says: str | None) -> None:
    data = {"format": "kamgraph/v1", "accounts": [{"id": "a", "domains": [domain]}]}
    if says is None:
        assert validate(data).rows("accounts")[0].model_dump()["domains"] == ["acme.com"]
        return
    with pytest.raises(InvalidBundle) as e:
        validate(data)
    assert e.value.errors[0].startswith("accounts[0].domains.0: ")
    assert says in e.value.errors[0]


def test_a_domain_repeated_on_one_account_is_refused() -> None:
    data = {"format": "kamgraph/v1", "accounts": [{"id": "a", "domains": ["a.com", "A.com"]}]}
    with pytest.raises(InvalidBundle) as e:
        validate(data)
    assert e.value.errors == ["accounts[0].domains: repeated domain 'a.com'"]


def test_the_same_domain_on_two_accounts_is_refused_naming_both() -> None:
    data = routes()
    data["accounts"][1]["domains"] = ["health.acme.com", "acme.com"]
    with pytest.raises(InvalidBundle) as e:
        validate(data)
    assert e.value.errors == [
        "accounts[1].domains: e-mail domain 'acme.com' is on both account 'acme-health' and "
        "account 'acme' (accounts[0]): a domain belongs to one account (a subsidiary may use "
        "a subdomain)"
    ]


def test_a_stored_account_keeps_its_domain_unless_the_bundle_moves_it(falkor: GraphStore) -> None:
    import_data(falkor, routes())
    other = {"format": "kamgraph/v1", "accounts": [{"id": "rival", "domains": ["acme.com"]}]}
    with pytest.raises(InvalidBundle) as e:
        import_data(falkor, other)
    assert "'acme.com' is on both account 'rival' and account 'acme' (stored)" in e.value.errors[0]
    assert not [a for a in export_bundle(falkor)["accounts"] if a["id"] == "rival"]
    # One bundle that takes the domain off acme and gives it to rival is consistent.
    moved = {
        "format": "kamgraph/v1",
        "accounts": [{"id": "acme", "domains": []}, {"id": "rival", "domains": ["acme.com"]}],
    }
    import_data(falkor, moved)
    assert account_for_address(falkor, "x@acme.com") == "rival"


# --- import and export --------------------------------------------------------------------------
def test_json_round_trip_keeps_domains_and_wins(loaded: GraphStore) -> None:
    first = export_bundle(loaded)
    accounts = {a["id"]: a["domains"] for a in first["accounts"]}
    assert accounts == {
        "acme": ["acme.com", "acme-group.example"],
        "acme-health": ["health.acme.com"],
    }
    wins = {(r["person"], r["role"]): r["wins"] for r in first["roles"]}
    assert wins[("t", "economic_buyer")] == "A budget the board signs in one round"
    assert wins[("p1", "user_buyer")] == ""
    assert import_data(loaded, first).totals()["changed"] == 0
    assert export_bundle(loaded) == first


def test_csv_round_trip_keeps_domains_and_wins(loaded: GraphStore, tmp_path: Path) -> None:
    first = export_bundle(loaded)
    write_csv_dir(first, tmp_path)
    with (tmp_path / "accounts.csv").open(encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert rows["acme"]["domains"] == "acme.com;acme-group.example"
    with (tmp_path / "roles.csv").open(encoding="utf-8") as f:
        assert "wins" in next(csv.reader(f))
    again = load_csv_dir(tmp_path)
    assert import_data(loaded, again).totals() == {
        "added": 0,
        "changed": 0,
        "unchanged": sum(len(v) for k, v in first.items() if k != "format"),
    }
    assert export_bundle(loaded) == first


# --- which account an address belongs to --------------------------------------------------------
def test_account_for_address_takes_subdomains_and_the_most_specific_domain(
    loaded: GraphStore,
) -> None:
    assert account_for_address(loaded, "Ana.Diaz@ACME.com") == "acme"
    assert account_for_address(loaded, "ops@eu.mail.acme.com") == "acme"
    assert account_for_address(loaded, "dr.x@health.acme.com") == "acme-health"
    assert account_for_address(loaded, "dr.y@lab.health.acme.com") == "acme-health"
    assert account_for_address(loaded, "x@notacme.com") is None  # a suffix, not a subdomain
    assert account_for_address(loaded, "x@acme.co") is None
    assert account_for_address(loaded, "not an address") is None
    index = DomainIndex({"a": ["a.example"], "b": ["b.example"]})
    assert [index.account_for(x) for x in ("m@a.example", "m@x.b.example", "@a.example")] == [
        "a",
        "b",
        None,
    ]
    assert account_for_address({"a": ["A.Example"]}, "m@a.example") == "a"


# --- warm paths ---------------------------------------------------------------------------------
def test_paths_list_their_cautions_by_person_then_opportunity(loaded: GraphStore) -> None:
    found = paths_json(loaded)
    by_seller = {p["seller"]: p for p in found["paths"]}
    assert [p["seller"] for p in found["paths"]] == ["s1", "s2", "s3"]
    assert by_seller["s1"]["nodes"] == ["s1", "p1", "t"]
    assert by_seller["s1"]["cautions"] == P1_CAUTIONS
    assert by_seller["s2"]["cautions"] == []
    assert by_seller["s3"]["cautions"] == []  # p3's enemy stance is on a lost deal
    assert found == Oracle(export_bundle(loaded)).paths("t", T)


def test_avoid_opposed_leaves_out_paths_with_a_caution_before_choosing_k(
    loaded: GraphStore,
) -> None:
    found = paths_json(loaded, avoid_opposed=True, k=1)
    assert [p["nodes"] for p in found["paths"]] == [["s2", "p2", "t"]]
    assert found == Oracle(export_bundle(loaded)).paths("t", T, k=1, avoid_opposed=True)
    assert [p["seller"] for p in paths_json(loaded, k=1)["paths"]] == ["s1"]  # default: off
    cfg = AnalysisSettings(avoid_opposed=True)  # a setting too (KAMGRAPH_ANALYSIS__...)
    snap = Snapshot.of_person(loaded, "t", T, cfg)
    assert [p.seller for p in warm_paths(snap, "t").paths] == ["s2", "s3"]


def test_cli_paths_avoid_opposed_json_and_table(tmp_path: Path) -> None:
    # Wide enough that rich does not wrap the cells the test looks for.
    env = {"KAMGRAPH_DATA_DIR": str(tmp_path / "data"), "KAMGRAPH_DB": "", "COLUMNS": "300"}
    bundle = tmp_path / "b.json"
    bundle.write_text(json.dumps(routes()))
    assert runner.invoke(app, ["import", str(bundle)], env=env).exit_code == 0
    base = ["paths", "--to", "t", "--as-of", T.isoformat()]
    plain = runner.invoke(app, [*base, "--json"], env=env)
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout)["paths"][0]["cautions"] == P1_CAUTIONS
    avoided = runner.invoke(app, [*base, "--avoid-opposed", "--json"], env=env)
    assert [p["seller"] for p in json.loads(avoided.stdout)["paths"]] == ["s2", "s3"]
    table = runner.invoke(app, base, env=env)
    assert "Piet One enemy on o1; Piet One non_supporter on o1" in table.stdout
    shown = runner.invoke(app, ["brief", "--person", "t", "--as-of", T.isoformat()], env=env)
    assert shown.exit_code == 0, shown.output
    wanted = ["ana.diaz@acme.com", "Ex-banker; prefers one-page memos.", "coming up"]
    wanted += ["planned 5", "A budget the board signs in one round", "Piet One enemy on o1"]
    for text in wanted:
        assert text in shown.stdout, text
    assert "planned 0" not in shown.stdout  # the sixth after T
    assert "today" in shown.stdout.split("last interactions")[1]


# --- the brief ----------------------------------------------------------------------------------
def test_brief_has_profile_email_upcoming_wins_and_cautions(loaded: GraphStore) -> None:
    b = brief(Snapshot.of_person(loaded, "t", T, CFG), "t")
    assert b.person.profile == "Ex-banker; prefers one-page memos."
    assert b.person.email == "ana.diaz@acme.com"
    # After T, at most 5, earliest first (next5 is T + 1, next0 T + 6; "today" is T: past).
    assert [i.id for i in b.upcoming] == ["next5", "next4", "next3", "next2", "next1"]
    assert [i.id for i in b.interactions] == ["today", "past"]
    assert [(r.role, r.wins) for r in b.roles] == [
        ("economic_buyer", "A budget the board signs in one round")
    ]
    assert {p.seller: [c.model_dump() for c in p.cautions] for p in b.paths}["s1"] == P1_CAUTIONS


def test_api_paths_and_brief_carry_the_new_fields(tmp_path: Path) -> None:
    settings = Settings(db=None, data_dir=tmp_path, auth_disabled=True)
    with TestClient(create_app(settings)) as c:
        assert c.post("/v1/import", json=routes()).status_code == 200
        found = c.get(f"/v1/people/t/paths?as_of={T}").json()
        assert found["paths"][0]["cautions"] == P1_CAUTIONS
        avoided = c.get(f"/v1/people/t/paths?as_of={T}&avoid_opposed=true").json()
        assert [p["seller"] for p in avoided["paths"]] == ["s2", "s3"]
        b = c.get(f"/v1/people/t/brief?as_of={T}").json()
        assert b["person"]["email"] == "ana.diaz@acme.com"
        assert b["person"]["profile"].startswith("Ex-banker")
        assert [i["id"] for i in b["upcoming"]] == ["next5", "next4", "next3", "next2", "next1"]
        assert b["roles"][0]["wins"] == "A budget the board signs in one round"
        # Rows through the table routes: domains checked, wins stored.
        bad = c.post("/v1/accounts", json={"id": "x", "domains": ["x@y.com"]})
        assert bad.status_code == 422 and "accounts[0].domains.0" in bad.text
        clash = c.post("/v1/accounts", json={"id": "x", "domains": ["acme.com"]})
        assert clash.status_code == 422 and "account 'acme' (stored)" in clash.text
        role = {"opportunity": "o1", "person": "p2", "role": "coach", "wins": "a promotion"}
        assert c.post("/v1/roles", json=role).status_code in (200, 201)
        listed = c.get("/v1/roles?limit=500").json()["items"]
        assert [r["wins"] for r in listed if r["role"] == "coach"] == ["a promotion"]


def test_brief_page_escapes_the_new_fields(falkor: GraphStore) -> None:
    data = routes()
    data["people"][0].update(profile=EVIL, email=f"{EVIL}@acme.com")
    data["people"][1]["name"] = EVIL  # p1 is named in the cautions
    data["roles"][0]["wins"] = EVIL
    data["interactions"][5]["notes"] = EVIL  # an upcoming one
    import_data(falkor, data)
    page = brief_page(brief_view(Snapshot.of_person(falkor, "t", T, CFG), "t"))
    assert EVIL not in page
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    assert page.count(escaped) >= 5  # profile, e-mail, wins, upcoming notes, caution's person
    assert "Coming up" in page and "Their win" in page and "Cautions" in page


# --- connectors and generators ------------------------------------------------------------------
def test_salesforce_website_becomes_the_account_domain(tmp_path: Path) -> None:
    assert website_domain("https://www.Nordhav.example/no/") == "nordhav.example"
    assert website_domain("bayern-logistik.example") == "bayern-logistik.example"
    assert website_domain("n/a") is None
    folder = tmp_path / "sf"
    shutil.copytree(SALESFORCE, folder)
    path = folder / "Account.csv"
    with path.open(encoding="latin-1", newline="") as f:
        rows = list(csv.reader(f))
    sites = ["Website", "https://www.nordhav.example/", "http://nordhav.example", "", ""]
    # The recorded export may carry a Website column already: these values replace it.
    if "Website" in rows[0]:
        at = rows[0].index("Website")
        rows = [r[:at] + r[at + 1 :] for r in rows]
    with path.open("w", encoding="latin-1", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(
            [*row, sites[i] if i < len(sites) else ""] for i, row in enumerate(rows)
        )
    run = convert(folder, ConnectSettings())
    domains = {a["id"]: a.get("domains") for a in run.bundle["accounts"]}
    assert domains == {"sf-001A000001NHAV1AAA": ["nordhav.example"], "sf-001A000001BAYL1AAA": None}
    assert any("already the domain of sf-001A000001NHAV1AAA" in n for n in run.unmapped)
    validate(run.bundle)


def test_sample_shows_domains_and_wins(sample_data: dict[str, Any]) -> None:
    assert sample_data["accounts"][0]["domains"] == ["nordwind.example"]
    assert all(
        p["email"].endswith("@nordwind.example") for p in sample_data["people"] if p.get("email")
    )
    assert sum(1 for r in sample_data["roles"] if r.get("wins")) >= 2


@pytest.fixture
def synth_bundle() -> Iterator[dict[str, Any]]:
    from kamgraph.generators.synth import synth

    yield synth(accounts=3, people=60, seed=5, as_of=T)


def test_synth_accounts_have_the_domain_of_their_people(synth_bundle: dict[str, Any]) -> None:
    index = DomainIndex({a["id"]: a["domains"] for a in synth_bundle["accounts"]})
    people = [p for p in synth_bundle["people"] if p.get("email")]
    assert people and all(index.account_for(p["email"]) == p["account"] for p in people)


def test_a_domain_that_is_not_text_is_refused_not_a_crash() -> None:
    with pytest.raises(InvalidBundle) as refused:
        validate({"format": "kamgraph/v1", "accounts": [{"id": "a", "domains": [{}, "a.example"]}]})
    assert any("accounts[0].domains.0" in e for e in refused.value.errors)
