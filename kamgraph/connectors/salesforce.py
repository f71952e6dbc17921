"""A Salesforce data export (CSV per object) → a kamgraph/v1 bundle.

Objects read: Account (required), Contact, User, Opportunity, OpportunityContactRole,
AccountTeamMember, Task, Event. Column names and value maps come from `DEFAULT_MAPPING`, which a
JSON mapping file overrides key by key (`--mapping`, or KAMGRAPH_CONNECT__SALESFORCE_MAPPING).
Ids become `sf-<Salesforce id>`. What cannot be mapped is reported in `unmapped`, never dropped
silently; see the README's "Bring your data" for every rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kamgraph.connectors.common import (
    ConnectorError,
    ConnectorRun,
    LeftOut,
    Progress,
    empty_bundle,
    slug,
    valid_address,
)
from kamgraph.connectors.config import ConnectSettings
from kamgraph.interchange.model import KAM_STAGES, LAYERS, POLITICAL_STATUSES, TIERS, valid_domain

PREFIX = "sf-"
_WEBSITE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/]*@)?([^/:?#]+)", re.IGNORECASE)
PLACEHOLDER_IDS = frozenset({"000000000000000", "000000000000000AAA"})

# kamgraph field → CSV column, per object; None: not read unless a mapping names a column.
# Columns marked required must be in the file's header.
DEFAULT_MAPPING: dict[str, Any] = {
    "columns": {
        "Account": {"id": "Id", "name": "Name", "industry": "Industry", "parent": "ParentId",
                    "owner": "OwnerId", "currency": "CurrencyIsoCode", "deleted": "IsDeleted",
                    "website": "Website", "tier": None, "stage": None},
        "Contact": {"id": "Id", "account": "AccountId", "first_name": "FirstName",
                    "last_name": "LastName", "name": "Name", "title": "Title", "email": "Email",
                    "manager": "ReportsToId", "unit": "Department", "deleted": "IsDeleted",
                    "layer": None, "political_status": None},
        "User": {"id": "Id", "name": "Name", "first_name": "FirstName", "last_name": "LastName",
                 "title": "Title", "email": "Email", "user_type": "UserType"},
        "Opportunity": {"id": "Id", "account": "AccountId", "name": "Name", "stage": "StageName",
                        "amount": "Amount", "currency": "CurrencyIsoCode",
                        "close_date": "CloseDate", "closed": "IsClosed", "won": "IsWon",
                        "owner": "OwnerId", "deleted": "IsDeleted"},
        "OpportunityContactRole": {"opportunity": "OpportunityId", "contact": "ContactId",
                                   "role": "Role"},
        "AccountTeamMember": {"account": "AccountId", "user": "UserId",
                              "role": "TeamMemberRole"},
        "Task": {"id": "Id", "who": "WhoId", "what": "WhatId", "owner": "OwnerId",
                 "date": "ActivityDate", "type": "Type", "subtype": "TaskSubtype",
                 "status": "Status", "closed": "IsClosed", "subject": "Subject",
                 "deleted": "IsDeleted"},
        "Event": {"id": "Id", "who": "WhoId", "what": "WhatId", "owner": "OwnerId",
                  "date": "ActivityDate", "datetime": "ActivityDateTime", "type": "Type",
                  "subtype": "EventSubtype", "subject": "Subject", "deleted": "IsDeleted"},
    },
    # OpportunityContactRole.Role → buying role (case-insensitive); others are reported.
    "contact_roles": {
        "Economic Buyer": "economic_buyer", "Economic Decision Maker": "economic_buyer",
        "Decision Maker": "decision_maker", "Technical Buyer": "technical_buyer",
        "Evaluator": "technical_buyer", "Influencer": "influencer",
        "Business User": "user_buyer", "User": "user_buyer", "Coach": "coach",
        "Champion": "coach", "Gatekeeper": "gatekeeper", "Procurement": "gatekeeper",
    },
    # StageName → opportunity stage; unknown stages fall back to IsClosed/IsWon, else `lead`.
    "stages": {
        "Prospecting": "lead", "Qualification": "qualified", "Needs Analysis": "qualified",
        "Value Proposition": "qualified", "Id. Decision Makers": "qualified",
        "Perception Analysis": "qualified", "Proposal/Price Quote": "bid",
        "Negotiation/Review": "negotiation", "Closed Won": "won", "Closed Lost": "lost",
    },
    # AccountTeamMember.TeamMemberRole → account-team role; unknown roles become `other`.
    "team_roles": {
        "Account Manager": "AR", "Key Account Manager": "AR", "Sales Rep": "AR",
        "Pre-Sales Consultant": "SR", "Solution Consultant": "SR", "Sales Engineer": "SR",
        "Technical Sales": "SR", "Delivery Manager": "FR", "Customer Success Manager": "FR",
        "Project Manager": "FR", "Executive Sponsor": "exec_sponsor",
    },
    # Task/Event Type or subtype → interaction kind; else `other` (Task) or `meeting` (Event).
    "activity_types": {
        "Call": "call", "Email": "email", "Meeting": "meeting", "Demo": "tech_exchange",
        "Workshop": "tech_exchange", "Site Visit": "site_visit", "Executive Meeting":
        "exec_meeting", "Lunch": "social", "Dinner": "social",
    },
    # Contact.Department → unit function (case-insensitive); others `other`.
    "unit_functions": {
        "IT": "technical", "Information Technology": "technical", "Engineering": "technical",
        "Finance": "finance", "Procurement": "procurement", "Purchasing": "procurement",
        "Executive": "management", "Management": "management", "Operations": "user",
    },
    # Users that are not sellers even when they own records.
    "non_seller_user_types": ["AutomatedProcess", "CloudIntegrationUser", "Guest", "CsnOnly",
                              "PowerPartner", "CspLitePortal", "CustomerSuccess"],
    "non_seller_names": ["Automated Process", "License Manager", "Integration User",
                         "Platform Integration User", "Security User", "Chatter Expert",
                         "Insights Integration"],
    "default_currency": "USD",
}  # fmt: skip

REQUIRED: dict[str, tuple[str, ...]] = {
    "Account": ("id", "name"),
    "Contact": ("id", "account"),
    "User": ("id",),
    "Opportunity": ("id", "account", "stage"),
    "OpportunityContactRole": ("opportunity", "contact", "role"),
    "AccountTeamMember": ("account", "user"),
    "Task": ("id", "date"),
    "Event": ("id",),
}
OBJECTS = tuple(REQUIRED)
TRUE = frozenset({"true", "1", "yes"})


def load_mapping(path: Path | None) -> dict[str, Any]:
    """The default mapping with a JSON file merged over it (one level deep per section)."""
    mapping: dict[str, Any] = json.loads(json.dumps(DEFAULT_MAPPING))
    if path is None:
        return mapping
    try:
        user = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConnectorError(f"{path}: no such mapping file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConnectorError(f"{path}: cannot be read ({e})") from None
    except json.JSONDecodeError as e:
        raise ConnectorError(f"{path}, line {e.lineno}: not valid JSON ({e.msg})") from None
    if not isinstance(user, dict):
        raise ConnectorError(f"{path}: a mapping is a JSON object")
    for section, value in user.items():
        if section not in mapping:
            raise ConnectorError(
                f"{path}: unknown mapping section {section!r} (sections: {', '.join(mapping)})"
            )
        if section == "columns":
            if not isinstance(value, dict):
                raise ConnectorError(f"{path}: columns is an object of objects")
            for obj, cols in value.items():
                if obj not in mapping["columns"] or not isinstance(cols, dict):
                    raise ConnectorError(f"{path}: columns.{obj}: unknown object")
                mapping["columns"][obj].update(cols)
        elif isinstance(mapping[section], dict) and isinstance(value, dict):
            mapping[section].update(value)
        else:
            mapping[section] = value
    return mapping


@dataclass
class Record:
    line: int
    values: dict[str, str]  # kamgraph field → stripped cell


def _find_file(folder: Path, obj: str) -> Path | None:
    want = f"{obj.lower()}.csv"
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name.lower() == want:
            return path
    return None


def _decode(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as e:
            raise ConnectorError(f"{path}: cannot be read as {encoding} ({e})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Salesforce's default export encoding; every byte decodes.
        return data.decode("iso-8859-1")


def read_object(
    path: Path, obj: str, columns: dict[str, str | None], encoding: str | None
) -> Iterator[Record]:
    """Rows of one object's CSV, by kamgraph field; header case does not matter."""
    text = _decode(path, encoding)
    # strict: an unclosed quote is an error at its line, not the rest of the file in one cell
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ConnectorError(f"{path}, line 1: empty file (no header)") from None
    except csv.Error as e:
        raise ConnectorError(f"{path}, line 1: not a readable CSV file ({e})") from None
    position = {name.strip().lower(): i for i, name in enumerate(header)}
    if len(position) < len(header):
        seen = [h.strip().lower() for h in header]
        twice = sorted({h for h in seen if seen.count(h) > 1})
        raise ConnectorError(f"{path}, line 1: column(s) named twice: {', '.join(twice)}")
    wanted: dict[str, int] = {}
    for fld, column in columns.items():
        if column is None:
            continue
        if column.lower() in position:
            wanted[fld] = position[column.lower()]
        elif fld in REQUIRED[obj]:
            raise ConnectorError(
                f"{path}, line 1: required column {column!r} is missing "
                f"(header: {', '.join(h.strip() for h in header)})"
            )
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise ConnectorError(
                    f"{path}, line {reader.line_num}: {len(cells)} cells where the header has "
                    f"{len(header)}"
                )
            yield Record(reader.line_num, {f: cells[i].strip() for f, i in wanted.items()})
    except csv.Error as e:
        raise ConnectorError(f"{path}, line {reader.line_num}: not readable CSV ({e})") from None


def _ref(value: str | None) -> str | None:
    if not value or value in PLACEHOLDER_IDS:
        return None
    return value


def _flag(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    return value.lower() in TRUE


def _date(value: str) -> dt.date:
    """`2026-10-05`, `2026-10-05 00:00:00`, `2026-10-05T09:00:00.000Z` or `10/5/2026`."""
    head = value[:10]
    try:
        return dt.date.fromisoformat(head)
    except ValueError:
        pass
    return dt.datetime.strptime(value.split(" ")[0], "%m/%d/%Y").date()


def _instant_date(value: str, zone: str) -> dt.date:
    """A UTC date-time (ActivityDateTime) → the calendar date in `zone`."""
    text = value.replace("Z", "+00:00").replace(" ", "T")
    when = dt.datetime.fromisoformat(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(zoneinfo.ZoneInfo(zone)).date()


def _lookup(table: dict[str, str], value: str) -> str | None:
    folded = {k.lower(): v for k, v in table.items()}
    return folded.get(value.strip().lower())


def convert(
    folder: Path,
    cfg: ConnectSettings,
    mapping_file: Path | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> ConnectorRun:
    if not folder.is_dir():
        raise ConnectorError(f"{folder}: not a folder (a Salesforce export is a folder of CSVs)")
    if mapping_file is None and cfg.salesforce_mapping:
        mapping_file = Path(cfg.salesforce_mapping)
    mapping = load_mapping(mapping_file)
    files = {obj: _find_file(folder, obj) for obj in OBJECTS}
    if files["Account"] is None:
        raise ConnectorError(f"{folder}: no Account.csv (a Salesforce export has one per object)")
    run = ConnectorRun("salesforce", [str(p) for p in files.values() if p], empty_bundle())
    # Read every file completely first: a file error stops the run before anything is built.
    records: dict[str, list[Record]] = {}
    for obj, path in files.items():
        if path is None:
            records[obj] = []
            if obj != "Account":
                run.unmapped.append(f"{obj}.csv is not in the export")
            continue
        rows: list[Record] = []
        for rec in read_object(path, obj, mapping["columns"][obj], encoding):
            rows.append(rec)
            run.read += 1
            if progress is not None:
                progress(run.read)
        records[obj] = rows
    _Builder(run, mapping, cfg, files).build(records)
    return run


class _Builder:
    def __init__(
        self,
        run: ConnectorRun,
        mapping: dict[str, Any],
        cfg: ConnectSettings,
        files: dict[str, Path | None],
    ) -> None:
        self.run = run
        self.m = mapping
        self.cfg = cfg
        self.files = files
        self.tables: dict[str, list[dict[str, Any]]] = {}

    def where(self, obj: str, rec: Record) -> str:
        path = self.files[obj]
        return f"{path.name if path else obj}:{rec.line}"

    def note(self, obj: str, rec: Record, message: str) -> None:
        self.run.unmapped.append(f"{self.where(obj, rec)}: {message}")

    def left_out(self, obj: str, rec: Record, reason: str) -> None:
        self.run.left_out.append(LeftOut(self.where(obj, rec), rec.values.get("id", ""), reason))

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def build(self, records: dict[str, list[Record]]) -> None:
        live = {
            obj: [r for r in rows if not _flag(r.values.get("deleted"))]
            for obj, rows in records.items()
        }
        for obj in OBJECTS:
            deleted = len(records[obj]) - len(live[obj])
            if deleted:
                self.run.skipped[f"{obj}: deleted records"] += deleted
        accounts = self.accounts(live["Account"])
        contacts = self.contacts(live["Contact"], accounts)
        users = self.users(live, accounts)
        opps = self.opportunities(live["Opportunity"], accounts, users)
        self.roles(live["OpportunityContactRole"], opps, contacts)
        self.team(live, accounts, users)
        self.activities(live, contacts, users, opps)
        for table, rows in self.tables.items():
            self.run.bundle[table] = rows

    def accounts(self, rows: list[Record]) -> set[str]:
        ids = {r.values["id"] for r in rows if _ref(r.values["id"])}
        claimed: dict[str, str] = {}  # e-mail domain → the account that took it
        for rec in rows:
            v = rec.values
            if not _ref(v["id"]):
                self.note("Account", rec, f"placeholder id {v['id']!r}: not a record")
                continue
            row: dict[str, Any] = {"id": PREFIX + v["id"], "name": v.get("name", "")}
            if v.get("industry"):
                row["industry"] = v["industry"]
            parent = _ref(v.get("parent"))
            if parent and parent in ids:
                row["parent"] = PREFIX + parent
            elif parent:
                self.note("Account", rec, f"parent account {parent} is not in the export: left out")
            if v.get("currency"):
                row["currency"] = v["currency"]
            self._domain(rec, row, claimed)
            for fld, allowed in (
                ("tier", TIERS),
                ("stage", KAM_STAGES),
            ):
                value = v.get(fld)
                if value and value in allowed:
                    row[fld] = value
                elif value:
                    self.note("Account", rec, f"{fld} {value!r} is not one of {', '.join(allowed)}")
            self.add("accounts", row)
        return ids

    def _domain(self, rec: Record, row: dict[str, Any], claimed: dict[str, str]) -> None:
        """The account's Website as its e-mail domain (`www.acme.com/de` → acme.com).

        A domain names one account in kamgraph; Salesforce lets several accounts share a
        website (subsidiaries, duplicates), so the first account in the file keeps it and the
        others are reported, rather than the whole import being refused."""
        website = (rec.values.get("website") or "").strip()
        if not website:
            return
        domain = website_domain(website)
        if domain is None:
            self.note("Account", rec, f"website {website!r} has no domain name: left out")
        elif domain in claimed:
            self.note(
                "Account",
                rec,
                f"website domain {domain} is already the domain of {claimed[domain]}: left out",
            )
        else:
            claimed[domain] = row["id"]
            row["domains"] = [domain]

    def contacts(self, rows: list[Record], accounts: set[str]) -> set[str]:
        kept: dict[str, Record] = {}
        units: dict[str, dict[str, Any]] = {}
        functions = self.m["unit_functions"]
        for rec in rows:
            v = rec.values
            account = _ref(v.get("account"))
            if not _ref(v["id"]):
                self.note("Contact", rec, f"placeholder id {v['id']!r}: not a record")
                continue
            if account is None or account not in accounts:
                why = "has no account" if account is None else f"account {account} not in export"
                self.note("Contact", rec, f"contact {v['id']} {why}: left out")
                continue
            name = v.get("name") or " ".join(
                x for x in (v.get("first_name"), v.get("last_name")) if x
            )
            row: dict[str, Any] = {"id": PREFIX + v["id"], "account": PREFIX + account}
            row["name"] = name
            if v.get("title"):
                row["title"] = v["title"]
            email = (v.get("email") or "").lower()
            if email and valid_address(email):
                row["email"] = email
            elif email:
                self.note("Contact", rec, f"e-mail {v['email']!r} is not an address: left empty")
            department = v.get("unit")
            if department:
                unit_id = f"{PREFIX}{account}-{slug(department)}"
                if unit_id not in units:
                    units[unit_id] = {
                        "id": unit_id,
                        "account": PREFIX + account,
                        "name": department,
                        "function": _lookup(functions, department) or "other",
                    }
                row["unit"] = unit_id
            for fld, allowed in (
                ("layer", LAYERS),
                ("political_status", POLITICAL_STATUSES),
            ):
                value = (v.get(fld) or "").lower().replace(" ", "_")
                if value and value in allowed:
                    row[fld] = value
                elif value:
                    self.note(
                        "Contact", rec, f"{fld} {v[fld]!r} is not one of {', '.join(allowed)}"
                    )
            kept[v["id"]] = rec
            self.add("people", row)
        if units:
            self.tables["units"] = list(units.values())
        self._reporting_lines(kept)
        return set(kept)

    def _reporting_lines(self, kept: dict[str, Record]) -> None:
        """ReportsToId between contacts that were kept (a line to a contact left out goes)."""
        for cid, rec in kept.items():
            manager = _ref(rec.values.get("manager"))
            if manager is None:
                continue
            if manager not in kept:
                self.note("Contact", rec, f"ReportsToId {manager} is not a contact of the export: "
                          "reporting line left out")  # fmt: skip
            elif manager != cid:
                self.add("reports_to", {"person": PREFIX + cid, "manager": PREFIX + manager})

    def users(self, live: dict[str, list[Record]], accounts: set[str]) -> set[str]:
        """Users who own or take part in something and are people (not automation)."""
        referenced: set[str] = set()
        for obj, fld in (("Account", "owner"), ("Opportunity", "owner"), ("Task", "owner"),
                         ("Event", "owner"), ("AccountTeamMember", "user")):  # fmt: skip
            referenced |= {str(r.values.get(fld)) for r in live[obj] if _ref(r.values.get(fld))}
        types = {t.lower() for t in self.m["non_seller_user_types"]}
        names = {n.lower() for n in self.m["non_seller_names"]}
        sellers: set[str] = set()
        for rec in live["User"]:
            v = rec.values
            uid = _ref(v["id"])
            if uid is None or uid not in referenced:
                self.run.skipped["User: owns nothing in the export (not a seller)"] += 1
                continue
            name = v.get("name") or " ".join(
                x for x in (v.get("first_name"), v.get("last_name")) if x
            )
            if (v.get("user_type") or "").lower() in types or name.lower() in names:
                self.note("User", rec, f"user {name or uid!r} ({v.get('user_type') or '-'}) is "
                          "not a seller: its records have no seller")  # fmt: skip
                continue
            row: dict[str, Any] = {"id": PREFIX + uid, "name": name}
            if v.get("title"):
                row["title"] = v["title"]
            email = (v.get("email") or "").lower()
            if email and valid_address(email):
                row["email"] = email
            sellers.add(uid)
            self.add("sellers", row)
        return sellers

    def opportunities(self, rows: list[Record], accounts: set[str], users: set[str]) -> set[str]:
        ids: set[str] = set()
        stages = self.m["stages"]
        for rec in rows:
            v = rec.values
            account = _ref(v.get("account"))
            if not _ref(v["id"]):
                continue
            if account is None or account not in accounts:
                self.note("Opportunity", rec, f"opportunity {v['id']} has no account of the "
                          "export: left out")  # fmt: skip
                continue
            stage = _lookup(stages, v["stage"])
            if stage is None:
                closed, won = _flag(v.get("closed")), _flag(v.get("won"))
                stage = ("won" if won else "lost") if closed else "lead"
                self.note("Opportunity", rec, f"stage {v['stage']!r} is not in the mapping: "
                          f"imported as {stage} (add it to \"stages\")")  # fmt: skip
            row: dict[str, Any] = {"id": PREFIX + v["id"], "account": PREFIX + account}
            row["name"] = v.get("name", "")
            row["stage"] = stage
            row["currency"] = v.get("currency") or self.m["default_currency"]
            try:
                if v.get("amount"):
                    row["value"] = float(v["amount"])
                if v.get("close_date"):
                    row["close_date"] = _date(v["close_date"]).isoformat()
            except ValueError:
                self.left_out("Opportunity", rec, "Amount or CloseDate cannot be read")
                continue
            ids.add(v["id"])
            self.add("opportunities", row)
        return ids

    def roles(self, rows: list[Record], opps: set[str], contacts: set[str]) -> None:
        seen: set[tuple[str, str, str]] = set()
        table = self.m["contact_roles"]
        for rec in rows:
            v = rec.values
            opp, contact = _ref(v.get("opportunity")), _ref(v.get("contact"))
            if opp not in opps or contact not in contacts:
                self.note("OpportunityContactRole", rec, f"opportunity {opp} or contact {contact} "
                          "is not in the export: role left out")  # fmt: skip
                continue
            assert opp is not None and contact is not None
            if not v.get("role"):
                self.note("OpportunityContactRole", rec, f"contact {contact} on {opp} has no role")
                continue
            role = _lookup(table, v["role"])
            if role is None:
                self.note("OpportunityContactRole", rec, f"contact role {v['role']!r} is not in "
                          "the mapping: left out (add it to \"contact_roles\")")  # fmt: skip
                continue
            key = (opp, contact, role)
            if key in seen:
                continue
            seen.add(key)
            self.add("roles", {"opportunity": PREFIX + opp, "person": PREFIX + contact,
                               "role": role})  # fmt: skip

    def team(self, live: dict[str, list[Record]], accounts: set[str], users: set[str]) -> None:
        seen: set[tuple[str, str]] = set()
        if self.files["AccountTeamMember"] is None:
            # No team file: the account owner is the account responsible.
            for rec in live["Account"]:
                owner = _ref(rec.values.get("owner"))
                if owner in users and _ref(rec.values["id"]):
                    assert owner is not None
                    seen.add((rec.values["id"], owner))
                    self.add("account_team", {"account": PREFIX + rec.values["id"],
                                              "seller": PREFIX + owner, "role": "AR"})  # fmt: skip
            return
        roles = self.m["team_roles"]
        for rec in live["AccountTeamMember"]:
            v = rec.values
            account, user = _ref(v.get("account")), _ref(v.get("user"))
            if account not in accounts or user not in users:
                self.note("AccountTeamMember", rec, f"account {account} or seller {user} is not "
                          "in the export: left out")  # fmt: skip
                continue
            assert account is not None and user is not None
            if (account, user) in seen:
                continue
            seen.add((account, user))
            role = _lookup(roles, v.get("role") or "")
            if role is None:
                role = "other"
                if v.get("role"):
                    self.note("AccountTeamMember", rec, f"team role {v['role']!r} is not in the "
                              "mapping: imported as other")  # fmt: skip
            self.add("account_team", {"account": PREFIX + account, "seller": PREFIX + user,
                                      "role": role})  # fmt: skip

    def activities(
        self, live: dict[str, list[Record]], contacts: set[str], users: set[str], opps: set[str]
    ) -> None:
        kinds = self.m["activity_types"]
        for obj, default in (("Task", "other"), ("Event", "meeting")):
            for rec in live[obj]:
                v = rec.values
                if obj == "Task":
                    closed = _flag(v.get("closed"))
                    status = (v.get("status") or "").lower()
                    if closed is False or (closed is None and status and status != "completed"):
                        self.run.skipped["Task: not completed (a to-do, no interaction)"] += 1
                        continue
                who = _ref(v.get("who"))
                if who is None or who not in contacts:
                    self.run.skipped[f"{obj}: no contact of the export (WhoId)"] += 1
                    continue
                try:
                    if v.get("date"):
                        day = _date(v["date"])
                    elif v.get("datetime"):
                        day = _instant_date(v["datetime"], self.cfg.timezone)
                    else:
                        self.left_out(obj, rec, "no ActivityDate: an undated activity cannot decay")
                        continue
                except ValueError:
                    self.left_out(obj, rec, f"date {v.get('date') or v.get('datetime')!r} "
                                  "cannot be read")  # fmt: skip
                    continue
                kind = (
                    _lookup(kinds, v.get("subtype") or "")
                    or _lookup(kinds, v.get("type") or "")
                    or default
                )
                row: dict[str, Any] = {"id": PREFIX + v["id"], "date": day.isoformat(),
                                       "kind": kind, "people": [PREFIX + who]}  # fmt: skip
                owner = _ref(v.get("owner"))
                if owner in users:
                    row["sellers"] = [PREFIX + str(owner)]
                what = _ref(v.get("what"))
                if what in opps:
                    row["opportunity"] = PREFIX + str(what)
                if v.get("subject"):
                    row["notes"] = v["subject"][:500]
                self.add("interactions", row)


def website_domain(website: str) -> str | None:
    """The host of a web address without `www.`, if it is a valid domain name."""
    found = _WEBSITE.match(website.strip())
    if found is None:
        return None
    host = found[1].lower().rstrip(".")
    host = host.removeprefix("www.")
    return valid_domain(host)
