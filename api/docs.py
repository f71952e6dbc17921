"""The API's documentation page, served whole by kamgraph: Swagger UI's files come from the
`swagger-ui-bundle` package, not from a CDN, so `/docs` works offline and under a strict CSP
(its one inline script carries the page's nonce; Swagger UI sets style attributes, hence
`'unsafe-inline'` for styles on this page only)."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' \
'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
base-uri 'none'; form-action 'none'">
<title>{title} — API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script nonce="{nonce}">
SwaggerUIBundle({{url: "{openapi}", dom_id: "#swagger-ui", deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout"}});
</script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    """`/docs` and its files (create the app with `docs_url=None, redoc_url=None`)."""
    folder = Path(str(swagger_ui_path))
    app.mount(ASSETS, StaticFiles(directory=folder), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = PAGE.format(
            nonce=secrets.token_urlsafe(16),
            title=app.title,
            assets=ASSETS,
            openapi=app.openapi_url,
        )
        return HTMLResponse(page)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(folder / "favicon-32x32.png")
