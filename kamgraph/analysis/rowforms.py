"""The view model of the workspace's row forms (set a role, add or edit a person, add an
influence link, add an action): one description of fields that a single template renders, so
every form gets the same labels, messages beside the field and the same "as it is now" panel
after a conflict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from kamgraph.analysis.snapshot import Snapshot

Fields = dict[str, list[str]]
Options = tuple[tuple[str, str], ...]  # (value, label)
Widget = Literal["text", "textarea", "select", "multi", "date", "number", "email", "locked"]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    widget: Widget = "text"
    options: Options = ()
    required: bool = False
    hint: str = ""


@dataclass(frozen=True)
class RowForm:
    """A form as shown: where it posts, its fields, what was typed, the messages by field, the
    version of the row it edits ("" for none yet) and, after a conflict, the row as it is now."""

    as_of: dt.date
    title: str
    subtitle: str
    action: str  # the path it posts to (without the as_of suffix)
    back: tuple[str, str]  # (path, label) of the page it belongs to
    submit: str
    fields: tuple[FormField, ...]
    values: Fields
    errors: Fields
    version: str
    conflict: str | None = None
    current: Fields | None = None
    names: dict[str, str] = field(default_factory=dict)


def choices(literal: Any, none: str | None = None) -> Options:
    """The values of a Literal type as options (labels with spaces), optionally after a blank."""
    found = tuple((v, v.replace("_", " ")) for v in get_args(literal))
    return ((("", none),) if none is not None else ()) + found


def named(ids: Iterable[str], names: dict[str, str], none: str | None = None) -> Options:
    """Ids as options labelled with their names, by name (a blank first when `none`)."""
    found = sorted(ids, key=lambda i: ((names.get(i) or i).casefold(), i))
    head: Options = (("", none),) if none is not None else ()
    return head + tuple((i, names.get(i) or "(unnamed)") for i in found)


def people_options(snap: Snapshot, none: str | None = None) -> Options:
    """The account's current people, by name."""
    names, _ = snap.names()
    return named(snap.current_ids(), names, none)


def values_of(row: dict[str, Any] | None) -> Fields:
    """A stored row as form values (lists stay lists; None is blank)."""
    if not row:
        return {}
    out: Fields = {}
    for k, v in row.items():
        if isinstance(v, list | tuple):
            out[k] = [str(x) for x in v]
        elif isinstance(v, dict):
            continue
        else:
            out[k] = ["" if v is None else str(v)]
    return out
