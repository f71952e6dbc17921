"""The layering of ARCHITECTURE.md, beyond what ruff's banned-api rule can say per folder:
viz/ never reads the store, and the CLI's modules share only public names."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in a file, at any depth (lazy imports too)."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [a.name for a in node.names]))
    return found


def test_viz_never_reads_the_store() -> None:
    banned = ("kamgraph.storage", "kamgraph.interchange.ingest", "api")
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted((ROOT / "viz").rglob("*.py"))
        for module, _ in _imports(path)
        if any(module == b or module.startswith(b + ".") for b in banned)
    ]
    assert offenders == []


def test_cli_modules_import_no_private_name_of_another() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name} from {module}"
        for path in sorted((ROOT / "kamgraph" / "cli").glob("*.py"))
        for module, names in _imports(path)
        if module.startswith("kamgraph.")
        for name in names
        if name.startswith("_")
    ]
    assert offenders == []


def test_the_detector_sees_a_lazy_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from kamgraph.storage.base import GraphStore\n")
    assert ("kamgraph.storage.base", ["GraphStore"]) in _imports(probe)
