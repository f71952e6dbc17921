"""Reading and validating `kamgraph/v1` bundles (JSON file or CSV folder).

Validation is complete before anything is written: every problem is collected and reported as
`<table>[<row>].<field>: <message>`, and a bundle with any problem is rejected whole.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from kamgraph.errors import InvalidBundle, KamgraphError
from kamgraph.interchange.csvcells import restored
from kamgraph.interchange.model import (
    FORMAT,
    TABLES,
    AccountRow,
    ActionRow,
    BundleHeader,
    PersonRow,
    Row,
    UnitRow,
)
from kamgraph.interchange.tables import SPECS, TABLE_LABEL

# Fields that are lists in the format: `;`-separated in CSV.
LIST_FIELDS = frozenset({"domains", "interests", "sellers", "people", "raci.C", "raci.I"})
MAX_ERRORS = 1000

# Looks up which of `ids` already exist in the database for a table (refs may point outside).
ExistingIds = Callable[[str, set[str]], set[str]]
# Which stored accounts hold which of these e-mail domains: domain → account ids.
DomainOwners = Callable[[set[str]], dict[str, set[str]]]


@dataclass(frozen=True)
class StoredUnits:
    """What the database holds about units a bundle refers to or carries, for the rule that a
    person's unit and a unit's parent belong to the person's (the unit's) account: a row of the
    bundle must agree with the stored rows it joins, not only with the bundle's own rows."""

    # unit ids → their stored account (ids not stored are left out)
    accounts: Callable[[set[str]], dict[str, str]]
    # unit ids → the stored people and child units in them, as
    # (unit, "people" | "units", member id, the member's account or None)
    members: Callable[[set[str]], list[tuple[str, str, str, str | None]]]


@dataclass
class Bundle:
    """A validated bundle: rows per table, in the order they came."""

    tables: dict[str, list[Row]] = field(default_factory=dict)
    # Each valid row's index in its table as given, for error messages (invalid rows are gaps).
    positions: dict[str, list[int]] = field(default_factory=dict)

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    def numbered(self, table: str) -> Iterable[tuple[int, Row]]:
        return zip(self.positions.get(table, []), self.rows(table), strict=True)

    def counts(self) -> dict[str, int]:
        return {t: len(rows) for t, rows in self.tables.items() if rows}


# --- reading -------------------------------------------------------------------------------------
def load(path: Path) -> dict[str, Any]:
    """Read a JSON bundle or a CSV folder into the plain JSON shape; unreadable input raises."""
    if path.is_dir():
        return load_csv_dir(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KamgraphError(f"{path}: no such file or folder") from None
    except (OSError, UnicodeDecodeError) as e:
        raise KamgraphError(f"{path}: cannot be read ({e})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise KamgraphError(
            f"{path}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    if not isinstance(data, dict):
        raise KamgraphError(f"{path}: a bundle is a JSON object, got {type(data).__name__}")
    return data


def _csv_value(column: str, cell: str) -> Any:
    if column in LIST_FIELDS:
        return [v.strip() for v in cell.split(";") if v.strip()]
    return cell


def load_csv_dir(folder: Path) -> dict[str, Any]:
    """One `<table>.csv` per table; empty cells take the default; lists are `;`-separated."""
    data: dict[str, Any] = {"format": FORMAT}
    for table, path in csv_files(folder).items():
        data[table] = list(csv_rows(path))
    return data


def csv_files(folder: Path) -> dict[str, Path]:
    """The folder's `<table>.csv` files by table."""
    # `People.CSV` is the people table too (exports from Windows tools); two spellings of one
    # table in one folder are refused rather than one silently winning.
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise KamgraphError(f"{folder}: no <table>.csv files (tables: {', '.join(TABLES)})")
    seen: dict[str, Path] = {}
    for path in files:
        table = path.stem.lower()
        if table not in TABLES:
            raise KamgraphError(f"{path}: unknown table {table!r} (tables: {', '.join(TABLES)})")
        if table in seen:
            raise KamgraphError(f"{path}: table {table!r} is also in {seen[table].name}")
        seen[table] = path
    return seen


def csv_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of one table's CSV file, one at a time, in the format's JSON shape."""
    reader: csv.DictReader[str] | None = None
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            # strict: an unclosed quote is an error, not the next rows merged into one cell
            reader = csv.DictReader(handle, strict=True)
            _check_header(path, reader.fieldnames)
            for record in reader:
                if None in record:
                    raise KamgraphError(
                        f"{path}, line {reader.line_num}: more cells than header columns"
                    )
                row: dict[str, Any] = {}
                for column, cell in record.items():
                    if cell is None or cell.strip() == "":
                        continue
                    value = _csv_value(column.strip(), restored(cell.strip()))
                    _put(row, column.strip(), value)
                yield row
    except UnicodeDecodeError as e:
        raise KamgraphError(f"{path}: not UTF-8 text ({e.reason})") from None
    except csv.Error as e:
        line = f", line {reader.line_num}" if reader is not None else ""
        raise KamgraphError(f"{path}{line}: not a readable CSV file ({e})") from None


def _check_header(path: Path, names: Sequence[str] | None) -> None:
    seen: set[str] = set()
    for name in names or ():
        column = name.strip()
        if column in seen:
            raise KamgraphError(f"{path}, line 1: column {column!r} appears twice")
        seen.add(column)


def _put(row: dict[str, Any], column: str, value: Any) -> None:
    """`raci.R` → row["raci"]["R"]: CSV flattens the one nested object of the format."""
    head, dot, rest = column.partition(".")
    if dot:
        sub = row.setdefault(head, {})
        if isinstance(sub, dict):
            sub[rest] = value
    else:
        row[column] = value


# --- validating ----------------------------------------------------------------------------------
def _loc(parts: Iterable[Any]) -> str:
    return ".".join(str(p) for p in parts)


class Errors:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.dropped = 0

    def add(self, where: str, message: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(f"{where}: {message}")
        else:
            self.dropped += 1

    def raise_if_any(self) -> None:
        if self.items:
            if self.dropped:
                self.items.append(f"... and {self.dropped} more error(s)")
            raise InvalidBundle(self.items)


def validate(
    data: Mapping[str, Any],
    existing: ExistingIds | None = None,
    domain_owners: DomainOwners | None = None,
    stored_units: StoredUnits | None = None,
) -> Bundle:
    """Check everything (shape, values, duplicate keys, references, units of another account,
    e-mail domains held by two accounts); raise InvalidBundle."""
    errors = Errors()
    bundle = check(data, errors, existing, domain_owners, stored_units)
    errors.raise_if_any()
    return bundle


def check(
    data: Mapping[str, Any],
    errors: Errors,
    existing: ExistingIds | None = None,
    domain_owners: DomainOwners | None = None,
    stored_units: StoredUnits | None = None,
) -> Bundle:
    """`validate` without raising: the problems go to `errors` (an import streaming its
    interactions adds theirs before raising)."""
    try:
        BundleHeader.model_validate({"format": data.get("format")})
    except ValidationError as e:
        for err in e.errors():
            errors.add("format", err["msg"].removeprefix("Value error, "))
    for key in data:
        if key != "format" and key not in TABLES:
            errors.add(key, f"unknown table (tables: {', '.join(TABLES)})")
    bundle = Bundle()
    for table in TABLES:
        raw = data.get(table)
        if raw is None:
            continue
        if not isinstance(raw, list):
            errors.add(table, f"must be a list of rows, got {type(raw).__name__}")
            continue
        try:
            # Fast path: one call for the whole table (most bundles are valid).
            bundle.tables[table] = list_adapter(table).validate_python(raw)
            bundle.positions[table] = list(range(len(raw)))
        except ValidationError:
            numbered = validate_rows(table, raw, errors)
            bundle.tables[table] = [row for _, row in numbered]
            bundle.positions[table] = [i for i, _ in numbered]
    # Rows that failed validation still name their ids, so that rows referring to them are not
    # also reported as dangling: each problem is reported once, where it is.
    raw_ids = named_ids(data)
    _check_keys(bundle, errors)
    _check_rules(bundle, errors)
    _check_refs(bundle, errors, existing, raw_ids)
    _check_account_consistency(bundle, errors, stored_units)
    _check_domains(bundle, errors, domain_owners)
    return bundle


def named_ids(data: Mapping[str, Any]) -> dict[str, set[str]]:
    """The ids each table of `data` names, its valid rows and its invalid ones."""
    return {
        t: {str(r["id"]) for r in data.get(t) or [] if isinstance(r, dict) and "id" in r}
        for t in TABLE_LABEL
        if isinstance(data.get(t), list)
    }


@cache
def list_adapter(table: str) -> TypeAdapter[list[Row]]:
    model: Any = SPECS[table].model
    return TypeAdapter(list[model])


def validate_rows(
    table: str, raw: list[Any], errors: Errors, start: int = 0
) -> list[tuple[int, Row]]:
    """The valid rows with their positions (`start` is that of raw[0]); errors for the rest."""
    model = SPECS[table].model
    rows: list[tuple[int, Row]] = []
    for i, item in enumerate(raw, start):
        if not isinstance(item, dict):
            errors.add(f"{table}[{i}]", f"a row is an object, got {type(item).__name__}")
            continue
        try:
            rows.append((i, model.model_validate(item)))
        except ValidationError as e:
            for err in e.errors():
                where = _loc(err["loc"])
                message = err["msg"].removeprefix("Value error, ")
                if err["type"] == "missing":
                    message = "required field is missing"
                elif err["type"] == "extra_forbidden":
                    allowed = ", ".join(model.model_fields)
                    message = f"unknown field (fields: {allowed})"
                errors.add(f"{table}[{i}].{where}", message)
    return rows


def _check_keys(bundle: Bundle, errors: Errors) -> None:
    for table, rows in bundle.tables.items():
        spec = SPECS[table]
        if len({spec.key_of(row) for row in rows}) == len(rows):
            continue  # fast path: no duplicate, nothing to locate
        first: dict[tuple[str, ...], int] = {}
        for i, row in bundle.numbered(table):
            key = spec.key_of(row)
            if key in first:
                shown = ", ".join(f"{k}={v}" for k, v in zip(spec.key, key, strict=True))
                errors.add(
                    f"{table}[{i}].{spec.key[-1] if len(spec.key) > 1 else spec.key[0]}",
                    f"duplicate key ({shown}) already in {table}[{first[key]}]",
                )
            else:
                first[key] = i


def _check_rules(bundle: Bundle, errors: Errors) -> None:
    """Rules across fields of one row: time spans, self links, action life cycle."""
    for table in bundle.tables:
        fields = SPECS[table].model.model_fields
        spans = "since" in fields and "until" in fields
        selfish = [
            (a, b)
            for a, b in (("person", "manager"), ("source", "target"))
            if a in fields and b in fields
        ]
        if not spans and not selfish and table != "actions":
            continue
        for i, row in bundle.numbered(table):
            if spans:
                since, until = getattr(row, "since"), getattr(row, "until")  # noqa: B009
                if since is not None and until is not None and until < since:
                    errors.add(f"{table}[{i}].until", f"{until} is before since ({since})")
            for a, b in selfish:
                if getattr(row, a) == getattr(row, b):
                    errors.add(f"{table}[{i}].{b}", f"a person cannot link to themself ({a} = {b})")
            if isinstance(row, ActionRow):
                status, closed = row.status, row.closed_on
                if status == "open" and closed is not None:
                    errors.add(f"actions[{i}].closed_on", "an open action has no closed_on")
                if status != "open" and closed is None:
                    errors.add(f"actions[{i}].closed_on", f"a {status} action needs closed_on")
                created = row.created
                if created is not None and closed is not None and closed < created:
                    errors.add(f"actions[{i}].closed_on", f"{closed} is before created ({created})")
                if created is not None and row.due is not None and row.due < created:
                    errors.add(f"actions[{i}].due", f"{row.due} is before created ({created})")


def _check_refs(
    bundle: Bundle, errors: Errors, existing: ExistingIds | None, raw_ids: dict[str, set[str]]
) -> None:
    known: dict[str, set[str]] = {t: raw_ids.get(t, set()) for t in TABLE_LABEL}
    # One pass: references not in the bundle are candidates, then looked up in the database.
    missing: list[tuple[str, str, str]] = []
    for table, rows in bundle.tables.items():
        spec = SPECS[table]
        for ref in spec.refs:
            present = known[ref.table]
            # Fast path: the whole column at once; rows are visited only to name a miss.
            column = {v for row in rows for v in ref.values(row)}
            if column <= present:
                continue
            for i, row in bundle.numbered(table):
                for value in ref.values(row):
                    if value not in present:
                        missing.append((f"{table}[{i}].{ref.field}", ref.table, value))
    wanted: dict[str, set[str]] = defaultdict(set)
    for _, target, value in missing:
        wanted[target].add(value)
    found = {
        target: existing(target, ids) if existing is not None else set()
        for target, ids in wanted.items()
    }
    for where, target, value in missing:
        if value not in found[target]:
            noun = "person" if target == "people" else target[:-1]
            errors.add(where, f"unknown {noun} {value!r} (not in this bundle nor in the database)")


def _check_account_consistency(bundle: Bundle, errors: Errors, stored: StoredUnits | None) -> None:
    """A person's unit, and a unit's parent, must belong to the same account (when both known).

    After an import the bundle's rows sit beside the stored ones, so both directions are
    checked against the database too: a row naming a stored unit (a new person in unit
    `acme-it`) takes that unit's stored account, and a unit the bundle moves to another account
    must not leave stored people or child units behind in the old one. Otherwise the write is
    accepted and the next export no longer validates."""
    unit_account = {u.id: u.account for u in bundle.rows("units") if isinstance(u, UnitRow)}
    if stored is not None:
        named = {
            unit
            for table, field_name in (("people", "unit"), ("units", "parent"))
            for row in bundle.rows(table)
            if (unit := getattr(row, field_name)) is not None and unit not in unit_account
        }
        if named:
            unit_account.update(stored.accounts(named))
    for table, field_name in (("people", "unit"), ("units", "parent")):
        for i, row in bundle.numbered(table):
            assert isinstance(row, PersonRow | UnitRow)
            unit, account = getattr(row, field_name), row.account
            if unit is not None and unit in unit_account and unit_account[unit] != account:
                errors.add(
                    f"{table}[{i}].{field_name}",
                    f"unit {unit!r} belongs to account {unit_account[unit]!r}, not {account!r}",
                )
    units = {u.id: i for i, u in bundle.numbered("units") if isinstance(u, UnitRow)}
    if stored is None or not units:
        return
    # Members the bundle carries are checked above, with their new unit and account.
    carried = {"people": {p.id for p in bundle.rows("people") if isinstance(p, PersonRow)}}
    carried["units"] = set(units)
    # One error per unit and account left behind, naming the first member: a department of
    # thousands moved by mistake must not flood the list (MAX_ERRORS).
    left: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for unit, kind, member, theirs in stored.members(set(units)):
        if member in carried.get(kind, set()) or theirs is None or theirs == unit_account[unit]:
            continue
        left.setdefault((unit, theirs), []).append((kind, member))
    for (unit, theirs), members in sorted(left.items(), key=lambda x: (units[x[0][0]], x[0][1])):
        kind, member = members[0]
        noun = "person" if kind == "people" else "unit"
        more = f"and {len(members) - 1} more; " if len(members) > 1 else ""
        errors.add(
            f"units[{units[unit]}].account",
            f"unit {unit!r} belongs to account {unit_account[unit]!r}, not {theirs!r}, the "
            f"account of stored {noun} {member!r} in it ({more}move them in the same bundle)",
        )


def _check_domains(bundle: Bundle, errors: Errors, owners: DomainOwners | None) -> None:
    """An e-mail domain names one account: an address must not belong to two customers.

    A bundle's account row replaces the stored one, so a stored account's domains count only
    when the bundle does not carry that account (moving a domain in one bundle is allowed)."""
    first: dict[str, tuple[int, str]] = {}
    clashes: list[tuple[str, str, str, str]] = []  # (where, domain, account, other account)
    for i, row in bundle.numbered("accounts"):
        assert isinstance(row, AccountRow)
        for domain in row.domains:
            if domain in first and first[domain][1] != row.id:
                j, other = first[domain]
                clashes.append(
                    (f"accounts[{i}].domains", domain, row.id, f"{other!r} (accounts[{j}])")
                )
            else:
                first.setdefault(domain, (i, row.id))
    if first and owners is not None:
        carried = {row.id for row in bundle.rows("accounts") if isinstance(row, AccountRow)}
        stored = owners(set(first))
        for domain, (i, account) in sorted(first.items(), key=lambda x: x[1][0]):
            for other in sorted(stored.get(domain, set()) - carried):
                clashes.append((f"accounts[{i}].domains", domain, account, f"{other!r} (stored)"))
    for where, domain, account, other in clashes:
        errors.add(
            where,
            f"e-mail domain {domain!r} is on both account {account!r} and account {other}: "
            "a domain belongs to one account (a subsidiary may use a subdomain)",
        )
