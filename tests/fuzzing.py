"""Fuzzing of everything that takes a row: bundles (library, CLI, API) and row bodies (API).

The one property (issue 15): whatever comes in is accepted or refused with a clear error, never a
500 or a traceback, and a refused input changes nothing stored (the export before and after are
equal). Cases are small tiny() bundles and rows with a few fields replaced by hostile values
(control characters, lone surrogates, huge strings and numbers, wrong types, unknown fields) or
by plausible ones, so that both sides of every check are exercised.

Shared by tests/test_fuzz.py (a few hundred cases) and bench/fuzz.py (10 000 and more).
"""

from __future__ import annotations

import json
import re
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient
from hypothesis import strategies as st
from typer.testing import CliRunner

from api.app import create_app
from api.routes.crud import PATHS
from kamgraph.cli import app as cli
from kamgraph.errors import KamgraphError
from kamgraph.interchange.bundle import validate
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.interchange.limits import text_fields
from kamgraph.interchange.model import TABLE_MODELS
from kamgraph.interchange.tables import SPECS
from kamgraph.settings import Settings
from tests.factories import tiny

TABLES = tuple(TABLE_MODELS)
BASE = tiny()

# Strings every text check must get right: controls, surrogates, the edges of the bounds,
# markup and Cypher look-alikes (they must travel as parameters and come back unchanged).
SPECIAL = [
    "", " ", "x", "\x00", "a\x00b", "\ud800", "a\udfffb", "\t", "a\nb", "\r\n", "\x7f", "\x85",
    "\u2028", "/", "..", "%2F", "é", "😀", "\ufeff", "$\\nope$", "=1+1", "<script>x</script>",
    "'; MATCH (n) DETACH DELETE n //", "`x`", "{}", "null", "1e999", "2026-02-30", "0001-01-01",
    "2199-12-31", "2200-01-01", "USD", "acme", "p1", "s1", "o1",
]  # fmt: skip
LENGTHS = [15, 16, 17, 199, 200, 201, 253, 254, 255, 9_999, 10_000, 10_001, 200_000]

plain_text = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs", "Cc")),
    max_size=24,
)
hostile_text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=12),  # any code point but surrogates
    st.text(st.characters(min_codepoint=0, max_codepoint=0xDFFF), max_size=6),  # with them
    st.builds(lambda c, n: c * n, st.sampled_from(["x", "é", "😀", "\x00", " "]),
              st.sampled_from(LENGTHS)),
)  # fmt: skip
new_id = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
number = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 0.5, 1.0000001, 4, 5, 1e15, 1e15 + 1, 1_000_000, 1_000_001]),
)
scalar = st.one_of(st.none(), st.booleans(), number, hostile_text, plain_text)
value = st.one_of(
    scalar,
    st.lists(st.one_of(scalar, st.sampled_from(["p1", "p2", "s1", "s2"])), max_size=4),
    st.builds(lambda n: [f"v{i}" for i in range(n)], st.sampled_from([100, 101, 1_000, 1_001])),
    st.dictionaries(plain_text, scalar, max_size=3),
    st.builds(lambda: [["p1"], ["p2"]]),
)


def _fields(table: str) -> list[str]:
    return [*TABLE_MODELS[table].model_fields, "zzz_unknown"]


# The free-text fields of each table: a plausible new value there is any visible text.
FREE_TEXT = {t: {f.field for f in text_fields(t) if not f.is_id} for t in TABLES}


def _plausible(draw: st.DrawFn, table: str, name: str) -> Any:
    """A value the field may well take: text in a text field, another row's value elsewhere."""
    if name in FREE_TEXT[table]:
        text = draw(plain_text)
        return [text] if name == "interests" else text
    seen = [row[name] for row in BASE[table] if name in row]
    return draw(st.sampled_from(seen)) if seen else None


def _hostile(draw: st.DrawFn, table: str, name: str) -> Any:
    """Anything, but mostly of the field's own shape (a list for a list, text for text), where
    the checks are finest."""
    seen = [row[name] for row in BASE[table] if name in row]
    shape = type(seen[0]) if seen else str
    if shape is list and draw(st.booleans()):
        return draw(st.lists(st.one_of(value, st.sampled_from(["p1", "s1"])), max_size=4))
    if shape is str and draw(st.booleans()):
        return draw(hostile_text)
    if shape in (int, float) and draw(st.booleans()):
        return draw(number)
    return draw(value)


@st.composite
def mutated_row(draw: st.DrawFn, table: str) -> Any:
    """A row of `table` from tiny() with one to three fields replaced or removed (or, rarely,
    no row at all: a list, a string, a number). Half the rows get plausible values only, so
    that accepted inputs are common too."""
    if draw(st.integers(0, 19)) == 0:
        return draw(st.one_of(scalar, st.lists(scalar, max_size=2)))
    row: dict[str, Any] = dict(draw(st.sampled_from(BASE[table])))
    hostile = draw(st.booleans())
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(_fields(table)))
        kind = draw(st.integers(0, 9))
        if kind == 0:
            row.pop(name, None)
        elif kind <= 4 or not hostile:
            row[name] = _plausible(draw, table, name)
        else:
            row[name] = _hostile(draw, table, name)
    return row


@st.composite
def bundles(draw: st.DrawFn) -> Any:
    """tiny() with one to three tables changed: a mutated row replaced, added, or the table
    (or the envelope) made something else."""
    data: dict[str, Any] = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(TABLES))
        kind = draw(st.integers(0, 19))
        if kind == 0:
            data[table] = draw(scalar)
        elif kind == 1:
            data["format"] = draw(st.one_of(scalar, st.just("kamgraph/v2")))
        elif kind == 2:
            data[draw(plain_text)] = draw(value)
        elif isinstance(data[table], list) and data[table]:  # not replaced by a scalar
            rows = data[table]
            at = draw(st.integers(0, len(rows) - 1)) if kind > 8 else len(rows)
            rows[at : at + 1] = [draw(mutated_row(table))]
    return data


@dataclass(frozen=True)
class BodyCase:
    method: str
    path: str
    body: Any
    raw: bytes | None = None  # sent as is instead of the body's JSON


@st.composite
def body_cases(draw: st.DrawFn) -> BodyCase:
    """A POST, PUT or PATCH of a (mutated) row of any table."""
    table = draw(st.sampled_from(TABLES))
    path = f"/v1/{PATHS[table]}"
    body = draw(mutated_row(table))
    method = draw(st.sampled_from(["POST", "POST", "POST", "PUT", "PUT", "PATCH"]))
    if method == "POST" and isinstance(body, dict) and "id" in body and draw(st.booleans()):
        body["id"] = draw(new_id)  # a create that may succeed (the base ids all exist)
    if method != "POST" and SPECS[table].key == ("id",):
        ident = body.get("id") if isinstance(body, dict) else None
        ident = ident if isinstance(ident, str) and ident else draw(hostile_text) or "x"
        ident = ident[:2_000]  # the client refuses longer URLs itself (httpx: "URL too long")
        path = f"{path}/{quote(ident, safe='', errors='surrogatepass')}"
    raw = None
    if draw(st.integers(0, 24)) == 0:
        raw = draw(st.sampled_from([b"{", b"\xff\xfe", b'{"id": "\xc3"}', b"[" * 5000, b""]))
    return BodyCase(method, path, body, raw)


@dataclass
class Tally:
    """What a run saw: counts by outcome, and the first failures in full."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    # Failures by kind: what failed and how, without the row numbers and the input.
    kinds: Counter[str] = field(default_factory=Counter)

    def fail(self, what: str, kind: str | None = None) -> None:
        self.counts["failures"] += 1
        self.kinds[(kind or what.splitlines()[0])[:300]] += 1
        if len(self.failures) < 20:
            self.failures.append(what[:2000])


# `people[4].unit` → `people[].unit`: one kind of failure, whichever row it hit.
_ROW = re.compile(r"\[\d+\]")


def _json(data: Any) -> bytes:
    # allow_nan: a client may send NaN (Python's json reads it); ensure_ascii writes lone
    # surrogates as \ud800 escapes, which is how they arrive over the wire.
    return json.dumps(data, allow_nan=True).encode()


class Fuzzer:
    """One app (with its store) over one data directory with tiny() in it."""

    def __init__(self, folder: Path, tally: Tally | None = None, cli_every: int = 25) -> None:
        self.folder = folder
        self.tally = tally or Tally()
        self.cli_every = cli_every
        self.settings = Settings(db=None, data_dir=folder / "data", auth_disabled=True)
        self.client = TestClient(create_app(self.settings), raise_server_exceptions=False)
        self._bundles = 0

    @contextmanager
    def running(self) -> Iterator[Fuzzer]:
        with self.client:
            self.reset()
            yield self

    def reset(self) -> dict[str, Any]:
        """Empties the store and imports tiny() again; returns the export."""
        self.store.wipe()
        import_data(self.store, BASE)
        self.stored = export_bundle(self.store)
        return self.stored

    @property
    def store(self) -> Any:
        return self.client.app.state.store  # type: ignore[attr-defined]

    def _settle(self, accepted: bool, what: str) -> None:
        """After an input: a refused one left the store as it was; an accepted one left it
        valid (its export reads back as a bundle); if not, the store is reset (`reset`)."""
        now = export_bundle(self.store)
        if not accepted and now != self.stored:
            self.tally.fail(f"{what}: refused, but the stored data changed")
        if accepted:
            try:
                validate(now)
            except KamgraphError as e:
                errors = getattr(e, "errors", None) or [str(e)]
                kind = "export no longer validates: " + "; ".join(
                    sorted({_ROW.sub("[]", x) for x in errors})
                )
                self.tally.fail(
                    f"{what}: accepted, and the export no longer validates: {errors}", kind
                )
                # Back to the starting data: otherwise every later input sees the same broken
                # store and reports it again, and one cause is counted hundreds of times.
                now = self.reset()
                self.tally.counts["resets"] += 1
        self.stored = now
        self.tally.counts["accepted" if accepted else "rejected"] += 1

    def bundle(self, data: Any) -> None:
        """The same bundle through the library, the API and (every `cli_every`th) the CLI."""
        self._bundles += 1
        self._library(data)
        self._http(BodyCase("POST", "/v1/import", data), "bundle via API")
        if self.cli_every and self._bundles % self.cli_every == 0:
            self._cli(data)

    def _library(self, data: Any) -> None:
        try:
            import_data(self.store, data)
        except KamgraphError:
            self._settle(False, "bundle via library")
        except Exception:
            self.tally.fail(f"bundle via library raised\n{traceback.format_exc()}\n{data!r}")
        else:
            self._settle(True, "bundle via library")

    def _cli(self, data: Any) -> None:
        path = self.folder / "case.json"
        path.write_bytes(_json(data))
        env = {"KAMGRAPH_DATA_DIR": str(self.settings.data_dir), "KAMGRAPH_DB": ""}
        result = CliRunner().invoke(cli, ["import", str(path)], env=env)
        what = f"bundle via CLI (exit {result.exit_code})"
        if result.exit_code not in (0, 1) or "Traceback" in result.output:
            self.tally.fail(f"{what}\n{result.output[-1500:]}\n{data!r}")
        elif result.exit_code == 1 and not result.output.rstrip().splitlines()[-1:][0].startswith(
            "error:"
        ):
            self.tally.fail(f"{what}: no error line\n{result.output[-500:]}")
        self._settle(result.exit_code == 0, what)

    def body(self, case: BodyCase) -> None:
        self._http(case, f"{case.method} {case.path[:80]}")

    def _http(self, case: BodyCase, what: str) -> None:
        content = case.raw if case.raw is not None else _json(case.body)
        response = self.client.request(
            case.method, case.path, content=content, headers={"Content-Type": "application/json"}
        )
        status = response.status_code
        self.tally.counts[f"http {status}"] += 1
        if status >= 500 or "Traceback" in response.text:
            self.tally.fail(f"{what}: {status} {response.text[:500]}\n{case!r}"[:2000])
        self._settle(status < 300, what)


def run(fuzzer: Fuzzer, cases: int, seed: int = 0) -> float:
    """`cases` inputs, alternately bundles and row bodies; returns the seconds taken."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded

    started = time.monotonic()

    # No shrinking: a failure is recorded (with its input), not raised, so that one run
    # reports every kind of failure with its count.
    @settings(
        max_examples=cases,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=seed == 0,
    )
    @given(st.one_of(bundles(), body_cases()))
    def one(case: Any) -> None:
        if isinstance(case, BodyCase):
            fuzzer.body(case)
        else:
            fuzzer.bundle(case)

    (seeded(seed)(one) if seed else one)()
    return time.monotonic() - started
