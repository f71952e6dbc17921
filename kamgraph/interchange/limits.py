"""The text fields of every table and their bounds, read off the model's own JSON Schema.

For tests and the fuzzer (bench.fuzz): they cover every field the model bounds, new fields
included, without a second list to keep in step with kamgraph.interchange.model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kamgraph.interchange.model import MAX_ID, MAX_LONG_TEXT, TABLE_MODELS


@dataclass(frozen=True)
class TextField:
    table: str
    field: str
    max_length: int
    max_items: int | None  # a list of strings: its bound; None for one string
    prose: bool  # tab and newline allowed
    is_id: bool  # an id or a reference to one (the id grammar)


def _string(schema: dict[str, Any]) -> dict[str, Any] | None:
    if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        return schema
    for option in schema.get("anyOf", ()):
        found = _string(option)
        if found is not None:
            return found
    return None


def _array(schema: dict[str, Any]) -> dict[str, Any] | None:
    if schema.get("type") == "array":
        return schema
    return next((o for o in schema.get("anyOf", ()) if o.get("type") == "array"), None)


def text_fields(table: str) -> list[TextField]:
    """Every top-level string (or list of strings) field of `table`, with its bounds."""
    model = TABLE_MODELS[table]
    out = []
    for name, prop in model.model_json_schema(mode="validation")["properties"].items():
        items, array = None, _array(prop)
        if array is not None:
            items, prop = array.get("maxItems"), array.get("items", {})
        string = _string(prop)
        if string is None:
            continue
        bound = string["maxLength"]
        is_id = bound == MAX_ID and string.get("minLength") == 1
        out.append(TextField(table, name, bound, items, bound == MAX_LONG_TEXT, is_id))
    return out


def all_text_fields() -> list[TextField]:
    return [f for table in TABLE_MODELS for f in text_fields(table)]
