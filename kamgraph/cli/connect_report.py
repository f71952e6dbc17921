"""The report of a `kamgraph connect` run: what a person checks before (dry run) or after
writing. Every interaction that would be or was written, with date, kind and both sides by
name; the count per kind; upcoming meetings; unknown stakeholders with where they were seen;
what was left out (file, line, reason) and what was not imported. `--json` prints the same
as one object; counts of zero are never shown."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from rich.table import Table

from kamgraph.cli.common import out
from kamgraph.connectors.common import ConnectorRun
from kamgraph.interchange.ingest import ImportReport
from kamgraph.interchange.tables import SPECS

SHOWN = 20  # lines per list in the readable report (--json lists everything)
SHOWN_INTERACTIONS = 100
SYNC_SOURCES = ("imap", "caldav")  # their "files" are folders and calendars on a server


def _key(table: str, row: Any) -> str:
    return "/".join(SPECS[table].key_of(row))


def _names(run: ConnectorRun) -> dict[str, str]:
    names = dict(run.names)
    for table in ("people", "sellers"):
        for row in run.bundle.get(table, []):
            names.setdefault(str(row["id"]), str(row.get("name") or row["id"]))
    return names


def _interactions(run: ConnectorRun, report: ImportReport, as_of: dt.date) -> list[dict[str, Any]]:
    status: dict[str, str] = {}
    for plan in report.tables:
        if plan.table == "interactions":
            status |= {_key("interactions", r): "changed" for r in plan.changed}
            status |= {_key("interactions", r): "added" for r in plan.new}
    names = _names(run)

    def who(ids: list[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": names.get(i, i)} for i in ids]

    rows = sorted(run.bundle.get("interactions", []), key=lambda r: (r["date"], r["id"]))
    return [
        {
            "id": r["id"],
            "date": r["date"],
            "kind": r["kind"],
            "status": status.get(r["id"], "unchanged"),
            "upcoming": r["date"] > as_of.isoformat(),
            "sellers": who(r.get("sellers", [])),
            "people": who(r.get("people", [])),
            "title": r.get("notes") or "",
        }
        for r in rows
    ]


def summary(
    run: ConnectorRun,
    report: ImportReport,
    as_of: dt.date,
    removed: list[dict[str, Any]] | None = None,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    """The report; a live sync adds the interactions it `removed` (their meeting cancelled,
    deleted or moved) and `notes` on its position."""
    interactions = _interactions(run, report, as_of)
    names = _names(run)
    gone = [
        {
            "id": r["id"],
            "date": r["date"],
            "kind": r["kind"],
            "sellers": [{"id": i, "name": names.get(i, i)} for i in r.get("sellers", [])],
            "people": [{"id": i, "name": names.get(i, i)} for i in r.get("people", [])],
            "title": r.get("notes") or "",
        }
        for r in sorted(removed or [], key=lambda r: (r["date"], r["id"]))
    ]
    kinds = Counter(i["kind"] for i in interactions)
    return {
        "source": run.source,
        "files": run.files,
        "read": run.read,
        "as_of": as_of.isoformat(),
        "written": report.written,
        "tables": {
            p.table: {
                "added": [_key(p.table, r) for r in p.new],
                "changed": [_key(p.table, r) for r in p.changed],
                "unchanged": p.unchanged,
            }
            for p in report.tables
        },
        **report.totals(),
        "interactions": interactions,
        "kinds": dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        "upcoming": [i["id"] for i in interactions if i["upcoming"]],
        "left_out": [x.as_dict() for x in run.left_out],
        "left_out_text": [x.text() for x in run.left_out],
        "skipped": {why: n for why, n in sorted(run.skipped.items()) if n > 0},
        "unmapped": run.unmapped,
        "unknown_stakeholders": run.stakeholders,
        "removed": gone,
        "notes": list(notes or []),
    }


def _people(who: list[dict[str, str]]) -> str:
    return ", ".join(p["name"] for p in who) or "-"


def show(s: dict[str, Any], dry_run: bool) -> None:
    """The readable report."""
    where = (
        f"{len(s['files'])} file(s)" if s["source"] not in SYNC_SOURCES else ", ".join(s["files"])
    )
    out.print(
        f"{s['source']}: {s['read']} records read from {where}, as of {s['as_of']}",
        highlight=False,
    )
    table = Table(title="would import" if dry_run else "imported", title_justify="left")
    for col in ("table", "added", "changed", "unchanged"):
        table.add_column(col, justify="left" if col == "table" else "right")
    for name, t in s["tables"].items():
        table.add_row(name, str(len(t["added"])), str(len(t["changed"])), str(t["unchanged"]))
    table.add_row("total", *(str(s[k]) for k in ("added", "changed", "unchanged")))
    out.print(table)
    _interaction_table(s, dry_run)
    _lines(
        "interactions that would be removed" if dry_run else "interactions removed",
        [_line(i) for i in s.get("removed", [])],
        SHOWN_INTERACTIONS,
    )
    _lines("note", s.get("notes", []))
    if s["kinds"]:
        kinds = ", ".join(f"{n} × {kind}" for kind, n in s["kinds"].items())
        out.print(f"kinds: {kinds}", highlight=False)
    upcoming = [i for i in s["interactions"] if i["upcoming"]]
    _lines(
        f"upcoming (after {s['as_of']})",
        [_line(i) for i in upcoming],
    )
    _lines("left out (could not be decoded)", s["left_out_text"])
    _lines("not imported", [f"{n} × {why}" for why, n in s["skipped"].items()])
    _lines("not mapped", s["unmapped"])
    _stakeholders(s["unknown_stakeholders"])


def _interaction_table(s: dict[str, Any], dry_run: bool) -> None:
    """One line per interaction that is (or would be) written: date, kind, our people, their
    people, title. Lines, not a table: a table wraps names and titles mid-word."""
    written = [i for i in s["interactions"] if i["status"] != "unchanged"]
    lines = [_line(i) + ("  (changed)" if i["status"] == "changed" else "") for i in written]
    verb = "would be written" if dry_run else "written"
    _lines(f"interactions {verb}", lines, SHOWN_INTERACTIONS)


def _line(i: dict[str, Any]) -> str:
    """`2026-10-05  meeting  Lee Chen with Kari Nilsen, Ola Hansen  Weekly sync`"""
    title = f"  {i['title']}" if i["title"] else ""
    return f"{i['date']}  {i['kind']}  {_people(i['sellers'])} with {_people(i['people'])}{title}"


def _stakeholders(stakeholders: list[dict[str, Any]]) -> None:
    lines = []
    for s in stakeholders:
        seen_in = [f"{x['date']} {x['title']}".strip() for x in s["seen_in"][:3]]
        if s["appearances"] > len(seen_in):
            seen_in.append(f"and {s['appearances'] - len(seen_in)} more")
        keys = f", {s['with_key_persons']} with key persons" if s["with_key_persons"] else ""
        lines.append(
            f"{s['email']}  {s['name']}  ({s['account']}): seen {s['appearances']} time(s)"
            f"{keys}: {'; '.join(seen_in)}"
        )
    _lines("unknown stakeholders (add them with --stakeholders-out)", lines)


def _lines(title: str, lines: list[str], shown: int = SHOWN) -> None:
    if not lines:
        return
    out.print(f"{title} ({len(lines)}):", highlight=False, soft_wrap=True)
    for line in lines[:shown]:
        out.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
    if len(lines) > shown:
        out.print(f"  ... and {len(lines) - shown} more (--json lists them all)")
