"""Validation of bundles without a database: messages, rules, CSV reading."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from kamgraph.errors import InvalidBundle, KamgraphError
from kamgraph.interchange.bundle import load, load_csv_dir, validate
from tests.factories import tiny


def errors_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidBundle) as info:
        validate(data)
    return info.value.errors


def test_tiny_bundle_is_valid() -> None:
    bundle = validate(tiny())
    assert bundle.counts()["people"] == 4


def test_format_and_unknown_tables() -> None:
    data = tiny()
    data["format"] = "kamgraph/v0"
    data["contacts"] = []
    assert errors_of(data) == [
        "format: this is not a kamgraph/v1 bundle (format = 'kamgraph/v0')",
        "contacts: unknown table (tables: accounts, units, people, reports_to, influences, "
        "sellers, account_team, relationships, opportunities, roles, interactions, actions, "
        "activity_targets)",
    ]


def test_every_kind_of_row_error_is_listed_with_its_place() -> None:
    data = tiny()
    data["influences"][0]["strength"] = 0
    data["influences"][1]["polarity"] = "hostile"
    data["people"][0]["since"] = "01/02/2020"
    data["people"][1]["nickname"] = "B"
    data["sellers"][0].pop("id")
    data["actions"][0]["raci"]["R"] = None
    data["interactions"][2]["sentiment"] = 7
    data["opportunities"][0]["value"] = "a lot"
    data["units"].append({"id": "acme-it", "account": "acme"})
    assert errors_of(data) == [
        "people[0].since: '01/02/2020' is not a date in the form YYYY-MM-DD",
        "people[1].nickname: unknown field (fields: id, account, unit, name, title, layer, "
        "political_status, style, profile, interests, email, since, until)",
        "influences[0].strength: Input should be greater than 0",
        "influences[1].polarity: Input should be 'positive' or 'conflict'",
        "sellers[0].id: required field is missing",
        "opportunities[0].value: Input should be a valid number, unable to parse string as a "
        "number",
        "interactions[2].sentiment: Input should be less than or equal to 2",
        "actions[0].raci.R: Input should be a valid string",
        "units[2].id: duplicate key (id=acme-it) already in units[0]",
        # sellers[0] has no id: its references are reported once each, where they are.
        "account_team[0].seller: unknown seller 's1' (not in this bundle nor in the database)",
        "relationships[0].seller: unknown seller 's1' (not in this bundle nor in the database)",
        "interactions[0].sellers: unknown seller 's1' (not in this bundle nor in the database)",
        "interactions[3].sellers: unknown seller 's1' (not in this bundle nor in the database)",
        "activity_targets[0].seller: unknown seller 's1' (not in this bundle nor in the database)",
    ]


def test_rules_across_fields() -> None:
    data = tiny()
    data["people"][2]["until"] = "2019-12-31"
    data["reports_to"].append({"person": "p1", "manager": "p1"})
    data["actions"][0]["status"] = "done"
    data["influences"].append({"source": "p2", "target": "p1", "kind": "advice"})
    data["people"][1]["unit"] = "acme-de-unit"
    data["units"].append({"id": "acme-de-unit", "account": "acme-de"})
    assert errors_of(data) == [
        "influences[3].kind: duplicate key (source=p2, target=p1, kind=advice) already in "
        "influences[0]",
        "people[2].until: 2019-12-31 is before since (2020-01-01)",
        "reports_to[2].manager: a person cannot link to themself (person = manager)",
        "actions[0].closed_on: a done action needs closed_on",
        "people[1].unit: unit 'acme-de-unit' belongs to account 'acme-de', not 'acme'",
    ]


def test_repeated_ids_in_a_list_are_an_error() -> None:
    data = tiny()
    data["interactions"][0]["people"] = ["p2", "p2"]
    assert errors_of(data) == ["interactions[0].people: repeated id(s) p2"]


def test_references_can_be_satisfied_by_the_database() -> None:
    data = {
        "format": "kamgraph/v1",
        "roles": [{"opportunity": "o1", "person": "p1", "role": "coach"}],
    }
    asked: list[tuple[str, set[str]]] = []

    def existing(table: str, ids: set[str]) -> set[str]:
        asked.append((table, ids))
        return {"o1"} if table == "opportunities" else set()

    with pytest.raises(InvalidBundle) as info:
        validate(data, existing)
    assert info.value.errors == [
        "roles[0].person: unknown person 'p1' (not in this bundle nor in the database)"
    ]
    assert sorted(asked) == [("opportunities", {"o1"}), ("people", {"p1"})]


def test_load_reports_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kamgraph/v1", "people": [\n  {"id": }\n]}')
    with pytest.raises(KamgraphError, match=r"bad.json: not valid JSON \(line 2, column"):
        load(bad)
    with pytest.raises(KamgraphError, match="no such file"):
        load(tmp_path / "missing.json")
    arr = tmp_path / "arr.json"
    arr.write_text("[]")
    with pytest.raises(KamgraphError, match="a bundle is a JSON object"):
        load(arr)


def test_csv_folder_reads_lists_nested_raci_and_empty_cells(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(
        "id,account,name,interests,since\np1,acme,Ana,sailing;chess,\n"
    )
    (tmp_path / "actions.csv").write_text("id,account,raci.R,raci.C,people\na1,acme,s1,s2;s3,p1\n")
    data = load_csv_dir(tmp_path)
    assert data["people"] == [
        {"id": "p1", "account": "acme", "name": "Ana", "interests": ["sailing", "chess"]}
    ]
    assert data["actions"] == [
        {"id": "a1", "account": "acme", "raci": {"R": "s1", "C": ["s2", "s3"]}, "people": ["p1"]}
    ]


def test_csv_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(KamgraphError, match="no <table>.csv files"):
        load_csv_dir(tmp_path)
    (tmp_path / "contacts.csv").write_text("id\nx\n")
    with pytest.raises(KamgraphError, match="unknown table 'contacts'"):
        load_csv_dir(tmp_path)
    (tmp_path / "contacts.csv").unlink()
    (tmp_path / "people.csv").write_bytes(b"id,account,name\np1,acme,Jos\xe9\n")
    with pytest.raises(KamgraphError, match="people.csv: not UTF-8"):
        load_csv_dir(tmp_path)
    (tmp_path / "people.csv").write_text("id,account\np1,acme,extra\n")
    with pytest.raises(KamgraphError, match="line 2: more cells than header columns"):
        load_csv_dir(tmp_path)


def test_json_numbers_and_strings_in_csv_validate_alike(tmp_path: Path) -> None:
    (tmp_path / "influences.csv").write_text("source,target,strength\np2,p1,0.7\n")
    (tmp_path / "people.csv").write_text("id,account\np1,acme\np2,acme\n")
    (tmp_path / "accounts.csv").write_text("id\nacme\n")
    bundle = validate(load_csv_dir(tmp_path))
    assert json.loads(bundle.rows("influences")[0].model_dump_json())["strength"] == 0.7


def test_bundled_sample_is_the_generators_output_and_valid() -> None:
    from kamgraph.generators.sample import build_sample, sample_path

    shipped = json.loads(sample_path().read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(build_sample()))
    counts = validate(shipped).counts()
    assert counts["people"] >= 40 and counts["units"] >= 6 and counts["interactions"] >= 250
    assert counts["opportunities"] >= 3 and 4 <= counts["sellers"] <= 6
    layers = {p["layer"] for p in shipped["people"]}
    assert layers == {"decision", "management", "operation"}
    kinds = {i["kind"] for i in shipped["interactions"]}
    assert len(kinds) == 11
    stances = {r["stance"] for r in shipped["roles"]}
    assert {"enemy", "non_supporter"} <= stances
    roles = {t["role"] for t in shipped["account_team"]}
    assert {"AR", "SR", "FR"} <= roles
    dates = sorted(i["date"] for i in shipped["interactions"])
    first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])
    assert (last - first).days >= 540


def test_synth_is_valid_realistic_and_deterministic() -> None:
    from kamgraph.generators.synth import synth

    day = dt.date(2026, 11, 1)
    a = synth(accounts=3, people=120, seed=5, as_of=day)
    assert a == synth(accounts=3, people=120, seed=5, as_of=day)
    assert a != synth(accounts=3, people=120, seed=6, as_of=day)
    counts = validate(a).counts()
    assert counts["people"] == 360 and counts["accounts"] == 3
    assert counts["interactions"] == 3600
    # Org trees: everyone but the top of each account reports to someone, spans stay human.
    managers: dict[str, int] = {}
    for line in a["reports_to"]:
        if line["kind"] == "solid":
            managers[line["manager"]] = managers.get(line["manager"], 0) + 1
    assert max(managers.values()) <= 8
    assert all(i["date"] <= day.isoformat() for i in a["interactions"])
    recent = sum(1 for i in a["interactions"] if i["date"] >= "2026-05-01")
    assert recent > len(a["interactions"]) * 0.25  # recency: activity is denser lately


def test_synth_weighs_the_whole_vocabulary_of_the_model() -> None:
    """synth weighs the model's Literal values by name or by position: the two must line up."""
    from typing import get_args

    from kamgraph.generators.synth import actions, contacts, deals, interactions, org, sellers
    from kamgraph.interchange import model

    kinds = set(get_args(model.InteractionKind))
    assert set(interactions._KIND_MIX) == set(interactions._NOTES) == kinds
    assert kinds >= interactions._GROUP_KINDS
    roles = set(get_args(model.BuyingRole))
    assert set(deals._ROLE_STANCE_W) == set(deals._ROLE_INFLUENCE) == roles
    assert {len(w) for w in deals._ROLE_STANCE_W.values()} == {len(get_args(model.Stance))}
    assert {len(w) for w in deals._ROLE_INFLUENCE.values()} == {len(get_args(model.Degree))}
    assert len(deals._MODE_W) == len(get_args(model.ResponseMode))
    assert len(deals._STAGE_CUM) == len(get_args(model.OpportunityStage))
    assert len(actions._STRATEGY_W) == len(get_args(model.Strategy))
    team_roles = set(get_args(model.TeamRole))
    assert set(contacts._REACH) == set(sellers._SELLER_TITLES) == team_roles
    assert set(org._STAFF_TITLES) == set(get_args(model.UnitFunction))


def test_action_rules() -> None:
    data = tiny()
    data["actions"][0]["due"] = "2026-10-01"  # created 2026-10-02
    second = {
        **data["actions"][0],
        "id": "a2",
        "due": None,
        "status": "open",
        "closed_on": "2026-11-01",
        "raci": {"R": ["s1", "s2"]},
    }
    data["actions"].append(second)
    found = errors_of(data)
    assert "actions[0].due: 2026-10-01 is before created (2026-10-02)" in found
    assert any(e.startswith("actions[1].raci.R:") for e in found)  # one responsible seller
    data["actions"].pop()
    data["actions"][0]["due"] = "2026-11-30"
    data["actions"][0].update(status="open", closed_on="2026-11-01")
    assert errors_of(data) == ["actions[0].closed_on: an open action has no closed_on"]
