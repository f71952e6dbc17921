"""The query registry: one Cypher query per file under `cypher/`, loaded by name and checked.

A file opens with a `//` header::

    // params: rows, account
    // returns: n
    // mode: write

`mode` is `read`, `write` or `schema` (a schema file may hold several `;`-separated statements,
because DDL takes no parameters and differs per engine).

Cypher takes no parameter for the bound of a variable-length pattern, so a file may say
`// hops: 1..5` and write the bound as `{{hops}}`: it is registered once per bound, as
`<name>@1` … `<name>@5`. The bound is an integer from that fixed range, never a value from input.
A file under `cypher/neo4j/` or `cypher/falkordb/` overrides the portable file of the same name
for that engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from kamgraph.errors import QueryError

Dialect = Literal["neo4j", "falkordb"]
DIALECTS: tuple[Dialect, ...] = ("neo4j", "falkordb")
Mode = Literal["read", "write", "schema"]

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_LINE_COMMENT = re.compile(r"//[^\n]*")


def cypher_dir() -> Path:
    """The query folder: inside the package in a wheel, at the repository root in a checkout."""
    here = Path(__file__).resolve().parent.parent  # kamgraph/
    for candidate in (here / "cypher", here.parent / "cypher"):
        if candidate.is_dir():
            return candidate
    raise QueryError(f"no cypher/ folder found next to {here}")


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    params: frozenset[str]
    returns: tuple[str, ...]
    mode: Mode
    path: Path

    @property
    def statements(self) -> list[str]:
        """Schema files hold several statements; other files exactly one."""
        if self.mode != "schema":
            return [self.text]
        body = strip_comments(self.text)
        return [s.strip() for s in body.split(";") if s.strip()]


def strip_comments(text: str) -> str:
    return "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("//")
    ).strip()


def used_params(text: str) -> set[str]:
    body = _LINE_COMMENT.sub("", _STRING.sub("''", text))
    return set(_PARAM.findall(body))


_HOPS = re.compile(r"^(\d+)\.\.(\d+)$")


def parse_queries(name: str, path: Path) -> list[Query]:
    """The query of a file, or one query per bound when the header says `// hops: a..b`."""
    query = parse_query(name, path)
    header = _header(query.text)
    if "hops" not in header:
        if "{{hops}}" in query.text:
            raise QueryError(f"{path}: uses {{{{hops}}}} without a `// hops: a..b` header")
        return [query]
    bounds = _HOPS.match(header["hops"])
    if bounds is None or "{{hops}}" not in query.text:
        raise QueryError(f"{path}: `// hops: a..b` needs integers and a {{{{hops}}}} placeholder")
    low, high = int(bounds[1]), int(bounds[2])
    return [
        Query(
            f"{name}@{n}",
            query.text.replace("{{hops}}", str(n)),
            query.params,
            query.returns,
            query.mode,
            path,
        )
        for n in range(low, high + 1)
    ]


def _header(text: str) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        key, sep, value = stripped[2:].partition(":")
        if sep:
            header[key.strip().lower()] = value.strip()
    return header


def parse_query(name: str, path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    header = _header(text)
    mode = header.get("mode")
    if mode not in ("read", "write", "schema"):
        raise QueryError(f"{path}: header must say `// mode: read|write|schema`, got {mode!r}")
    if "params" not in header or "returns" not in header:
        raise QueryError(f"{path}: header must name `// params:` and `// returns:`")
    params = frozenset(p.strip() for p in header["params"].split(",") if p.strip())
    used = used_params(text)
    if used != params:
        missing, unused = sorted(used - params), sorted(params - used)
        raise QueryError(
            f"{path}: declared parameters differ from used ones"
            f" (used but not declared: {missing}; declared but not used: {unused})"
        )
    returns = tuple(r.strip() for r in header["returns"].split(",") if r.strip())
    return Query(name, text, params, returns, mode, path)  # type: ignore[arg-type]


class Registry:
    """All queries of one engine dialect, loaded once and cached by name."""

    def __init__(self, dialect: Dialect, root: Path | None = None) -> None:
        self.dialect = dialect
        self.root = root or cypher_dir()
        self._queries = self._load()

    def _load(self) -> dict[str, Query]:
        files: dict[str, Path] = {}
        for path in sorted(self.root.rglob("*.cypher")):
            rel = path.relative_to(self.root)
            if rel.parts[0] in DIALECTS:
                continue
            files[rel.with_suffix("").as_posix()] = path
        override_root = self.root / self.dialect
        if override_root.is_dir():
            for path in sorted(override_root.rglob("*.cypher")):
                files[path.relative_to(override_root).with_suffix("").as_posix()] = path
        return {q.name: q for name, path in files.items() for q in parse_queries(name, path)}

    def names(self) -> list[str]:
        return sorted(self._queries)

    def get(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryError(f"no query named {name!r} for {self.dialect}") from None


@cache
def registry(dialect: Dialect) -> Registry:
    return Registry(dialect)
