"""Lint Cypher with Neo4j's own analyzer (``tests/cypher_lint/lint.mjs``) from pytest.

The Neo4j variant of every query must pass Neo4j's analyzer so a FalkorDB-only construct cannot
land. Node is started once for a whole batch: the analyzer takes about a second to load and tens
of milliseconds per query after that.
"""

import json
import shutil
import subprocess
from pathlib import Path

LINT_DIR: Path = Path(__file__).resolve().parent / "cypher_lint"
_PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
_SCRIPT = LINT_DIR / "lint.mjs"
_TIMEOUT_S = 300

ERROR = 1
"""LSP severity of an error; 2 is a warning, 3 information, 4 a hint."""


def node_ready() -> str | None:
    """Say why linting cannot run here, so a test can skip with a useful reason."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not _PACKAGE.is_dir():
        return f"{_PACKAGE} is missing; run `npm ci` in {LINT_DIR}"
    return None


def lint(items: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """Lint every ``{"name", "query", "parameters"}`` item in one node process.

    Returns name -> diagnostics, each ``{"severity", "message", "line", "column"}`` with 1-based
    line and column. ``parameters`` maps each declared parameter to a sample value; a ``$param``
    not in it is reported as an error.
    """
    names = [item.get("name") for item in items]
    if len(set(names)) != len(names):
        raise ValueError("item names must be unique")
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH")
    try:
        proc = subprocess.run(
            [node, str(_SCRIPT)],
            input=json.dumps(items),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=LINT_DIR,
            timeout=_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise RuntimeError(f"lint.mjs did not finish in {_TIMEOUT_S}s") from e
    if proc.returncode != 0:
        raise RuntimeError(f"lint.mjs failed (exit {proc.returncode}):\n{proc.stderr}")
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise RuntimeError(f"lint.mjs printed invalid JSON:\n{proc.stdout[:2000]}") from e
    if not isinstance(results, list):
        raise RuntimeError(f"lint.mjs printed {type(results).__name__}, expected a list")
    return {str(r["name"]): list(r["diagnostics"]) for r in results}


def errors(diags: list[dict[str, object]]) -> list[dict[str, object]]:
    """Keep the diagnostics that fail a query; warnings (deprecations and the like) pass."""
    return [d for d in diags if d.get("severity") == ERROR]
