"""A few hundred fuzzed bundles and row bodies (tests/fuzzing.py): never a 500 or a traceback,
nothing stored changes on a refused input. `python -m bench.fuzz --cases 10000` runs more."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.fuzzing import Fuzzer, run

CASES = 300


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzer]:
    with Fuzzer(tmp_path_factory.mktemp("fuzz"), cli_every=30).running() as f:
        yield f


def test_fuzzed_inputs_never_fail_and_refusals_change_nothing(fuzzer: Fuzzer) -> None:
    run(fuzzer, CASES)
    counts = fuzzer.tally.counts
    assert not fuzzer.tally.failures, "\n\n".join(fuzzer.tally.failures)
    # Both sides were exercised: the property says something about each.
    assert counts["accepted"] >= 20 and counts["rejected"] >= 100, counts


@pytest.fixture()
def client(fuzzer: Fuzzer) -> TestClient:
    return fuzzer.client


@pytest.mark.parametrize(
    "raw",
    [b'"\\ud800"', b'{"id": "\\ud800"}', b'["\\udfff"]', b'{"a\\ud800": 1}'],
)
def test_a_lone_surrogate_in_a_refused_body_is_a_422(client: TestClient, raw: bytes) -> None:
    # Found by the fuzzer: FastAPI's 422 echoed the input, which UTF-8 cannot encode (a 500).
    got = client.post("/v1/units", content=raw, headers={"Content-Type": "application/json"})
    assert got.status_code == 422, got.text
    assert "input" not in got.text or "\\ud800" not in got.text


def test_a_refused_value_is_not_echoed_in_full(client: TestClient) -> None:
    huge = "9" * 1_000_000
    row = {"id": "i-huge", "date": huge, "people": ["p1"]}
    got = client.post("/v1/interactions", json=row)
    assert got.status_code == 422 and "(1000000 characters)" in got.text
    assert len(got.content) < 2_000
    got = client.post("/v1/units", json=huge)  # FastAPI's own refusal: no input echoed
    assert got.status_code == 422 and len(got.content) < 2_000, got.text[:300]


def test_repeated_long_ids_are_named_briefly(tmp_path: Path) -> None:
    from kamgraph.errors import InvalidBundle
    from kamgraph.interchange.bundle import validate
    from tests.factories import tiny

    data = tiny()
    data["interactions"][0]["people"] = ["q" * 5_000, "q" * 5_000]
    with pytest.raises(InvalidBundle) as caught:
        validate(data)
    assert all(len(e) < 500 for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize("domains", [[["acme.com"]], [{}, "acme.com"], [["a"], ["a"]]])
def test_a_domain_that_is_a_list_or_an_object_is_a_422(
    client: TestClient, domains: list[object]
) -> None:
    # Found by the fuzzer: the repeated-domain check hashed each item, and a list (unhashable)
    # raised TypeError: a 500 instead of the item validator's message.
    got = client.post("/v1/accounts", json={"id": "acme-x", "name": "X", "domains": domains})
    assert got.status_code == 422, got.text
    assert any(e.startswith("accounts[0].domains.") for e in got.json()["errors"]), got.text
