"""Erasure erases: no byte of the person left in the engine's files, free text that names them
reported (or scrubbed), and the audit log keeps that it happened, not whom."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from kamgraph.errors import NotFound
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.services.privacy import Mention, erase_person, mentions
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from tests.factories import tiny

NAME = "Zebulon Quartermaine"
EMAIL = "zebulon.quartermaine@acme.example"
PID = "erase-me-7q4x"


def _bundle() -> dict[str, Any]:
    data = copy.deepcopy(tiny())
    data["people"].append(
        {
            "id": PID,
            "account": "acme",
            "name": NAME,
            "email": EMAIL,
            "title": "CFO",
            "profile": "Collects vintage barometers.",
            "layer": "decision",
        }
    )
    other = data["people"][0]["id"]
    data["interactions"] += [
        {
            "id": "alone",
            "date": "2026-10-01",
            "kind": "meeting",
            "sellers": ["s1"],
            "people": [PID],
            "notes": f"Lunch with {NAME}",
        },
        {
            "id": "shared",
            "date": "2026-10-02",
            "kind": "meeting",
            "sellers": ["s1"],
            "people": [PID, other],
            "notes": f"{NAME} ({EMAIL}) brought the budget",
        },
    ]
    return data


def _engine_bytes(data_dir: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file() and not p.is_socket()
    )


@pytest.mark.parametrize("scrub", [False, True])
def test_erased_person_leaves_no_byte_in_the_engine_files(tmp_path: Path, scrub: bool) -> None:
    settings = Settings(db=None, data_dir=tmp_path, graph="erasure")
    with open_store(settings) as store:
        import_data(store, _bundle())
        store.rewrite_files()
        assert NAME.encode() in _engine_bytes(tmp_path)  # the check below can see it
        done = erase_person(store, PID, scrub=scrub)
        assert (done.people, done.interactions, done.files_rewritten) == (1, 1, True)
        left = export_bundle(store)
        shared = next(i for i in left["interactions"] if i["id"] == "shared")
        assert PID not in shared["people"]
        if scrub:
            assert done.scrubbed == 1 and done.mentions == []
            assert shared["notes"] == "[erased] ([erased]) brought the budget"
            on_disk = _engine_bytes(tmp_path)
            for secret in (NAME, EMAIL, PID, "vintage barometers"):
                assert secret.encode() not in on_disk, secret
        else:
            assert done.mentions == [Mention("interactions", ("shared",), "notes")]
            on_disk = _engine_bytes(tmp_path)
            for secret in (PID, "vintage barometers"):  # the shared notes still name them
                assert secret.encode() not in on_disk, secret


def test_mentions_are_listed_before_erasing(tmp_path: Path) -> None:
    with open_store(Settings(db=None, data_dir=tmp_path, graph="erasure")) as store:
        import_data(store, _bundle())
        assert mentions(store, PID) == [Mention("interactions", ("shared",), "notes")]
        with pytest.raises(NotFound):
            erase_person(store, "nobody")


def test_cli_erases_as_the_api_does_and_logs_it_without_the_person(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from kamgraph.cli import app as cli

    env = {"KAMGRAPH_DATA_DIR": str(tmp_path), "KAMGRAPH_DB": "", "LOGNAME": "ana-ops"}
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(_bundle()), encoding="utf-8")

    def kamgraph(*args: str) -> str:
        result = CliRunner().invoke(cli, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.stdout

    kamgraph("import", str(bundle))
    assert json.loads(kamgraph("person", "mentions", PID, "--json")) == [
        {"table": "interactions", "key": ["shared"], "field": "notes"}
    ]
    done = json.loads(kamgraph("person", "erase", PID, "--yes", "--scrub", "--json"))
    assert (done["people"], done["interactions"], done["scrubbed"]) == (1, 1, 1)
    refused = CliRunner().invoke(cli, ["person", "erase", PID, "--yes"], env=env)
    assert refused.exit_code == 1 and "unknown person" in refused.output
    log = json.loads(kamgraph("audit", "--json"))["items"]
    assert (log[0]["who"], log[0]["action"], log[0]["ids"]) == ("cli:ana-ops", "erase", [])
    for secret in (NAME, EMAIL, PID):
        assert secret.encode() not in _engine_bytes(tmp_path / "falkordb"), secret
