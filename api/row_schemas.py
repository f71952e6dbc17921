"""The JSON Schema of one row of a table, for the request bodies of the table routes.

The routes take the body as a plain mapping (kamgraph.services.rows validates it exactly as a row
of a bundle, so that errors read `table[0].field: ...` everywhere); this schema only documents it.
It carries every bound of the model (maxLength, maximum, enums), so that clients and schemathesis
see the limits. Nested models (an action's `raci`) are inlined: FastAPI would not move a `$defs`
of an overriding schema into the components, and a `#/$defs/...` reference would dangle.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def row_schema(model: type[BaseModel], *, id_optional: bool = False) -> dict[str, Any]:
    """The model's validation schema, self-contained. `id_optional`: a replace by id, whose
    path gives the id when the body leaves it out."""
    schema = model.model_json_schema(mode="validation")
    out: dict[str, Any] = _inline(schema, schema.get("$defs", {}))
    if id_optional and "required" in out:
        out["required"] = [f for f in out["required"] if f != "id"]
    return out
