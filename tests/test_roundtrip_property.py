"""Property: for any valid bundle, import then export gives back the bundle in canonical form,
and importing it again writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph.interchange.bundle import validate
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import canonical, import_data
from kamgraph.interchange.model import TABLES
from kamgraph.interchange.tables import SPECS
from kamgraph.storage import GraphStore

# Text with the characters that break naive quoting, in names, notes and evidence.
# One-line text (names, titles) holds no control character; prose keeps tab and newline.
texts = st.text(alphabet=st.sampled_from("aZ é'\"\\$`{}<>/;,—🙂"), max_size=12)
prose = st.text(alphabet=st.sampled_from("aZ é'\"\\$`{}<>/;,\n\t—🙂"), max_size=12)
dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)).map(
    lambda d: d.isoformat()
)
maybe_date = st.none() | dates


@st.composite
def bundles(draw: st.DrawFn) -> dict[str, Any]:
    n_acc = draw(st.integers(1, 3))
    accounts = [
        {
            "id": f"a{i}",
            "name": draw(texts),
            "tier": draw(st.sampled_from([None, "A", "B", "C"])),
            "potential": draw(st.none() | st.integers(0, 10**9)),
            "parent": "a0" if i > 0 and draw(st.booleans()) else None,
        }
        for i in range(n_acc)
    ]
    units = [
        {
            "id": f"u{i}",
            "account": "a0",
            "name": draw(texts),
            "function": draw(st.sampled_from(["user", "technical", "finance", "other"])),
            "parent": "u0" if i > 0 and draw(st.booleans()) else None,
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    n_people = draw(st.integers(1, 6))
    people = []
    for i in range(n_people):
        since = draw(maybe_date)
        until = draw(maybe_date)
        if since and until and until < since:
            since, until = until, since
        people.append(
            {
                "id": f"p{i}",
                "account": f"a{i % n_acc}",
                "unit": draw(st.sampled_from([None] + [u["id"] for u in units])),
                "name": draw(texts),
                "title": draw(texts),
                "layer": draw(st.sampled_from([None, "decision", "management", "operation"])),
                "interests": draw(st.lists(texts, max_size=3)),
                "since": since,
                "until": until,
            }
        )
    for p in people:
        if p["unit"] is not None:
            p["account"] = "a0"
    pids = [p["id"] for p in people]
    pairs = [(a, b) for a in pids for b in pids if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=5)) if pairs else []
    influences = [
        {
            "source": a,
            "target": b,
            "strength": draw(st.floats(0.01, 1.0)),
            "kind": draw(st.sampled_from(["advice", "sponsor", "other"])),
            "polarity": draw(st.sampled_from(["positive", "conflict"])),
            "evidence": draw(prose),
        }
        for a, b in chosen
    ]
    sellers = [{"id": f"s{i}", "name": draw(texts)} for i in range(draw(st.integers(1, 3)))]
    sids = [s["id"] for s in sellers]
    interactions = [
        {
            "id": f"i{i}",
            "date": draw(dates),
            "kind": draw(st.sampled_from(["meeting", "email", "exec_meeting", "other"])),
            "sellers": draw(st.lists(st.sampled_from(sids), unique=True, max_size=2)),
            "people": draw(st.lists(st.sampled_from(pids), unique=True, max_size=3)),
            "sentiment": draw(st.integers(-2, 2)),
            "notes": draw(prose),
        }
        for i in range(draw(st.integers(0, 6)))
    ]
    relationships = [
        {
            "seller": s,
            "person": p,
            "level": draw(st.integers(1, 4)),
            "target_level": draw(st.none() | st.integers(1, 4)),
            "since": draw(maybe_date),
        }
        for s, p in draw(
            st.lists(
                st.tuples(st.sampled_from(sids), st.sampled_from(pids)), unique=True, max_size=4
            )
        )
    ]
    status = draw(st.sampled_from(["open", "done", "dropped"]))
    actions = (
        [
            {
                "id": "x1",
                "account": "a0",
                "title": draw(texts),
                "people": draw(st.lists(st.sampled_from(pids), unique=True, max_size=2)),
                "raci": {"R": sids[0], "C": sids[1:]},
                "status": status,
                "created": "2020-01-01",
                "closed_on": None if status == "open" else "2021-01-01",
            }
        ]
        if draw(st.booleans())
        else []
    )
    return {
        "format": "kamgraph/v1",
        "accounts": accounts,
        "units": units,
        "people": people,
        "influences": influences,
        "sellers": sellers,
        "relationships": relationships,
        "interactions": interactions,
        "actions": actions,
    }


def canonical_bundle(data: dict[str, Any]) -> dict[str, Any]:
    bundle = validate(data)
    out: dict[str, Any] = {"format": "kamgraph/v1"}
    for table in TABLES:
        spec = SPECS[table]
        rows = [canonical(r) for r in bundle.rows(table)]
        out[table] = sorted(rows, key=spec.key_of_canonical)
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=bundles())
def test_import_then_export_is_canonical_identity(
    falkor_module: GraphStore, data: dict[str, Any]
) -> None:
    falkor_module.wipe()
    # Through JSON, as a file would be.
    data = json.loads(json.dumps(data))
    import_data(falkor_module, data)
    exported = export_bundle(falkor_module)
    assert exported == canonical_bundle(data)
    again = import_data(falkor_module, exported)
    assert again.totals()["added"] == 0 and again.totals()["changed"] == 0
