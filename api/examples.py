"""Examples of request parameters for the OpenAPI page.

As `openapi_examples` (OpenAPI's own `examples` map): Swagger UI fills those in, while JSON Schema
`examples` on a parameter's schema it does not show."""

from __future__ import annotations

from typing import Any

from fastapi.openapi.models import Example


def one(value: Any, summary: str) -> dict[str, Example]:
    return {"example": Example(summary=summary, value=value)}
