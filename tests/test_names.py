"""Names instead of ids: resolving what a user typed, search, list filters, names in the
readable tables and the pages (the JSON keeps its ids)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kamgraph.cli import app as cli
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.generators.sample import SAMPLE_AS_OF
from kamgraph.interchange.ingest import import_data
from kamgraph.services.names import AmbiguousName, Labels, normalize, resolve, search
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store
from tests.conftest import SAMPLE

AS_OF = SAMPLE_AS_OF.isoformat()
runner = CliRunner()

# Beside the sample: two people called Anna Berg in two accounts, and a person whose name is
# another person's id (the id wins).
TWINS: dict[str, Any] = {
    "format": "kamgraph/v1",
    "accounts": [
        {"id": "north", "name": "Northwind"},
        {"id": "cont", "name": "Contoso"},
    ],
    "people": [
        {"id": "p3", "account": "north", "name": "Anna Berg", "title": "CTO"},
        {"id": "p9", "account": "cont", "name": "Anna Berg", "title": "CFO"},
        {"id": "p5", "account": "cont", "name": "nw-p02"},
        {"id": "p6", "account": "cont", "name": "Zoë Ångström"},
    ],
}


def _load(store: GraphStore) -> None:
    import_data(store, json.loads(SAMPLE.read_text(encoding="utf-8")))
    import_data(store, copy.deepcopy(TWINS))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names")
    with open_store(Settings(db=None, data_dir=path)) as store:
        _load(store)
    return path


@pytest.fixture(scope="module")
def store(data_dir: Path) -> Iterator[GraphStore]:
    with open_store(Settings(db=None, data_dir=data_dir)) as s:
        yield s


@pytest.fixture(scope="module")
def client(data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=None, data_dir=data_dir, auth_disabled=True))) as c:
        yield c


def _cli(data_dir: Path, *args: str) -> Any:
    env = {"KAMGRAPH_DATA_DIR": str(data_dir), "KAMGRAPH_DB": "", "COLUMNS": "200"}
    return runner.invoke(cli, list(args), env=env)


# --- the service ----------------------------------------------------------------------------


def test_normalize_folds_case_accents_and_spaces() -> None:
    assert normalize("  Kátrin   VOGEL ") == "katrin vogel"
    assert normalize("Zoë Ångström") == "zoe angstrom"


def test_resolve_takes_an_id_or_an_exact_name(store: GraphStore) -> None:
    assert resolve(store, "person", "nw-p02") == "nw-p02"
    for typed in ("Katrin Vogel", "katrin vogel", "KÁTRIN  Vogel", "zoe angstrom"):
        assert resolve(store, "person", typed) in ("nw-p02", "p6")
    assert resolve(store, "account", "Nordwind Telecom") == "nordwind"
    assert resolve(store, "seller", "Lena Hoffmann") == "s1"
    assert resolve(store, "opportunity", "5G Standalone Core Modernisation") == "nw-o1"


def test_an_id_wins_over_a_name(store: GraphStore) -> None:
    # p5 is called "nw-p02", which is Katrin Vogel's id.
    assert resolve(store, "person", "nw-p02") == "nw-p02"


def test_unknown_lists_the_closest(store: GraphStore) -> None:
    with pytest.raises(NotFound) as e:
        resolve(store, "person", "Katrin Vogl")
    assert str(e.value).startswith("unknown person 'Katrin Vogl'; closest: Katrin Vogel (nw-p02)")
    with pytest.raises(NotFound, match=r"^unknown account 'nope'$"):
        resolve(store, "account", "nope")


def test_ambiguous_lists_the_candidates_with_their_accounts(store: GraphStore) -> None:
    with pytest.raises(AmbiguousName) as e:
        resolve(store, "person", "anna berg")
    assert str(e.value) == (
        "'anna berg' is ambiguous: Anna Berg (p3, Northwind), Anna Berg (p9, Contoso); give the id"
    )


@pytest.mark.parametrize("q", ["vogel", "katrin", "kátrin", "KATRIN VOGEL", "trin vo"])
def test_search_is_case_and_accent_insensitive_by_prefix_and_substring(
    store: GraphStore, q: str
) -> None:
    hits = search(store, q)
    assert hits[0].kind == "person" and hits[0].id == "nw-p02" and hits[0].name == "Katrin Vogel"
    assert hits[0].account_name == "Nordwind Telecom" and hits[0].title


def test_search_ranks_exact_then_prefix_then_word_then_substring(store: GraphStore) -> None:
    found = [(e.kind, e.name) for e in search(store, "berg", 50)]
    # No name is exactly "berg" and none starts with it: words first, then substrings.
    words = [n for _, n in found if any(w.lower().startswith("berg") for w in n.split())]
    assert [n for _, n in found[: len(words)]] == words
    assert ("seller", "Jonas Berg") in found and ("person", "Greta Holmberg") in found
    assert found.index(("person", "Anna Berg")) < found.index(("person", "Greta Holmberg"))
    exact = search(store, "anna berg")
    assert [e.id for e in exact[:2]] == ["p3", "p9"]
    assert search(store, "nordwind")[0].kind == "account"
    assert len(search(store, "e", 3)) == 3


def test_search_refuses_empty_and_long_queries(store: GraphStore) -> None:
    for q in ("", "x" * 101, "   "):
        with pytest.raises(KamgraphError):
            search(store, q)


def test_labels_add_the_id_only_for_shared_names(store: GraphStore) -> None:
    labels = Labels.load(store)
    assert labels.text("person", "nw-p02") == "Katrin Vogel"
    assert labels.text("person", "p3") == "Anna Berg (p3)"
    assert labels.text("person", "ghost") == "ghost"


# --- the command line -----------------------------------------------------------------------


def test_cli_takes_names(data_dir: Path) -> None:
    by_name = _cli(data_dir, "brief", "--person", "Katrin Vogel", "--as-of", AS_OF, "--json")
    by_id = _cli(data_dir, "brief", "--person", "nw-p02", "--as-of", AS_OF, "--json")
    assert by_name.exit_code == 0, by_name.output
    assert json.loads(by_name.stdout) == json.loads(by_id.stdout)
    paths = _cli(
        data_dir, "paths", "--to", "kátrin vogel", "--from", "Lena Hoffmann", "--as-of", AS_OF,
        "--json",
    )  # fmt: skip
    assert paths.exit_code == 0, paths.output
    data = json.loads(paths.stdout)
    assert data["target"] == "nw-p02" and {p["nodes"][0] for p in data["paths"]} == {"s1"}
    cov = _cli(data_dir, "coverage", "--account", "Nordwind Telecom", "--as-of", AS_OF, "--json")
    assert cov.exit_code == 0 and json.loads(cov.stdout)["account"] == "nordwind"


def test_cli_unknown_and_ambiguous_are_one_line(data_dir: Path) -> None:
    unknown = _cli(data_dir, "brief", "--person", "Katrin Vogl")
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == (
        "error: unknown person 'Katrin Vogl'; closest: Katrin Vogel (nw-p02)"
    )
    twins = _cli(data_dir, "paths", "--to", "Anna Berg")
    assert twins.exit_code == 1 and len(twins.stderr.strip().splitlines()) == 1
    assert "'Anna Berg' is ambiguous: Anna Berg (p3, Northwind)" in twins.stderr


def test_cli_readable_tables_show_names(data_dir: Path) -> None:
    cov = _cli(data_dir, "coverage", "--account", "nordwind", "--as-of", AS_OF)
    assert cov.exit_code == 0, cov.output
    assert "Katrin Vogel" in cov.stdout and "nw-p02" not in cov.stdout
    assert "s1 ->" not in cov.stdout
    paths = _cli(data_dir, "paths", "--to", "nw-p02", "--as-of", AS_OF)
    assert "Lena Hoffmann → Stefan Gruber → Katrin Vogel" in paths.stdout
    assert "nw-p" not in paths.stdout
    decay = _cli(data_dir, "decay", "--account", "nordwind", "--as-of", AS_OF)
    assert "Lena Hoffmann" in decay.stdout and "nw-p" not in decay.stdout
    plan = _cli(data_dir, "plan", "--account", "Nordwind Telecom", "--as-of", AS_OF)
    assert plan.exit_code == 0, plan.output
    assert "Katrin Vogel" in plan.stdout and "nw-p02" not in plan.stdout
    brief = _cli(data_dir, "brief", "--person", "Katrin Vogel", "--as-of", AS_OF)
    assert "Lena Hoffmann →" in brief.stdout and "nw-p" not in brief.stdout
    who = _cli(data_dir, "influencers", "--account", "nordwind", "--opportunity", "nw-o1")
    assert "Katrin Vogel" in who.stdout and "nw-p" not in who.stdout
    portfolio = _cli(data_dir, "portfolio", "--as-of", AS_OF)
    assert "Nordwind Telecom" in portfolio.stdout and "Contoso" in portfolio.stdout


def test_cli_search(data_dir: Path) -> None:
    found = _cli(data_dir, "search", "kátrin", "--json")
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)[0]["id"] == "nw-p02"
    table = _cli(data_dir, "search", "vogel")
    assert "Katrin Vogel" in table.stdout and "Nordwind Telecom" in table.stdout
    assert _cli(data_dir, "search", "x" * 101).exit_code == 1


# --- the API --------------------------------------------------------------------------------


def test_api_takes_names_in_paths_and_queries(client: TestClient) -> None:
    by_id = client.get(f"/v1/people/nw-p02/brief?as_of={AS_OF}").json()
    by_name = client.get(f"/v1/people/{quote('Katrin Vogel')}/brief?as_of={AS_OF}")
    assert by_name.status_code == 200 and by_name.json() == by_id
    paths = client.get(
        f"/v1/people/{quote('KÁTRIN vogel')}/paths",
        params={"from": "Lena Hoffmann", "as_of": AS_OF},
    )
    assert paths.status_code == 200 and {p["nodes"][0] for p in paths.json()["paths"]} == {"s1"}
    cov = client.get(f"/v1/accounts/{quote('Nordwind Telecom')}/coverage?as_of={AS_OF}")
    assert cov.status_code == 200 and cov.json()["account"] == "nordwind"
    who = client.get(
        "/v1/accounts/nordwind/influencers",
        params={"opportunity": "5G Standalone Core Modernisation", "as_of": AS_OF},
    )
    same = client.get(f"/v1/accounts/nordwind/influencers?opportunity=nw-o1&as_of={AS_OF}")
    assert who.status_code == 200 and who.json() == same.json()
    plan = client.get(f"/v1/accounts/{quote('nordwind telecom')}/plan?as_of={AS_OF}")
    assert plan.status_code == 200
    mine = client.get("/v1/portfolio", params={"seller": "Lena Hoffmann", "as_of": AS_OF})
    assert mine.status_code == 200 and [r["account"] for r in mine.json()["rows"]] == ["nordwind"]
    acts = client.get(
        "/v1/actions", params={"account": "Nordwind Telecom", "owner": "Lena Hoffmann"}
    )
    assert acts.status_code == 200 and acts.json()["total"] > 0


def test_api_unknown_is_404_and_ambiguous_is_409(client: TestClient) -> None:
    unknown = client.get(f"/v1/people/{quote('Katrin Vogl')}/brief")
    assert unknown.status_code == 404
    assert unknown.json()["detail"].startswith(
        "unknown person 'Katrin Vogl'; closest: Katrin Vogel (nw-p02)"
    )
    twins = client.get(f"/v1/people/{quote('Anna Berg')}/paths")
    assert twins.status_code == 409
    assert twins.json()["detail"] == (
        "'Anna Berg' is ambiguous: Anna Berg (p3, Northwind), Anna Berg (p9, Contoso); give the id"
    )
    bad_seller = client.get("/v1/portfolio", params={"seller": "Lena Hofman"})
    assert bad_seller.status_code == 404 and "Lena Hoffmann (s1)" in bad_seller.json()["detail"]


def test_api_search(client: TestClient) -> None:
    for q in ("vogel", "katrin", "kátrin"):
        got = client.get("/v1/search", params={"q": q})
        assert got.status_code == 200
        first = got.json()["hits"][0]
        assert first["kind"] == "person" and first["id"] == "nw-p02"
        assert first["name"] == "Katrin Vogel" and first["account_name"] == "Nordwind Telecom"
    assert len(client.get("/v1/search", params={"q": "a", "limit": 2}).json()["hits"]) == 2
    bad_ones: list[dict[str, str | int]] = [{"q": ""}, {"q": "x" * 101}, {"q": "a", "limit": 0}, {}]
    for bad in bad_ones:
        assert client.get("/v1/search", params=bad).status_code == 422


def test_api_lists_filter_by_name(client: TestClient) -> None:
    people = client.get("/v1/people", params={"name": "Katrin"}).json()
    assert [p["id"] for p in people["items"]] == ["nw-p02"] and people["total"] == 1
    accents = client.get("/v1/people", params={"name": "angstrom"}).json()
    assert [p["id"] for p in accents["items"]] == ["p6"]
    both = client.get("/v1/people", params={"name": "anna berg", "account": "Contoso"}).json()
    assert [p["id"] for p in both["items"]] == ["p9"]
    sellers = client.get("/v1/sellers", params={"name": "hoff"}).json()
    assert [s["id"] for s in sellers["items"]] == ["s1"]
    assert client.get("/v1/accounts", params={"name": "conto"}).json()["total"] == 1


# --- the pages ------------------------------------------------------------------------------


def test_pages_show_names(client: TestClient) -> None:
    brief = client.get(f"/v1/people/{quote('Katrin Vogel')}/brief.html?as_of={AS_OF}").text
    assert "warm path to Katrin Vogel" in brief and "warm path to nw-p02" not in brief
    assert "s1 -&gt;" not in brief and "s1 ->" not in brief
    plan = client.get(f"/v1/accounts/nordwind/plan.html?as_of={AS_OF}").text
    assert ">nw-fin<" not in plan and ">nw-o" not in plan
    activity = client.get(
        "/v1/activity.html",
        params={"from": "2026-08-01", "to": "2026-10-31", "account": "nordwind"},
    ).text
    assert "Lena Hoffmann" in activity and "Activity against targets: Nordwind Telecom" in activity
