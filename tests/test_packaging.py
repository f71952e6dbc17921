"""The wheel carries the query files and the sample, and the registry finds them installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kamgraph.storage.queries import Registry

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import kamgraph, kamgraph.storage.queries as q, kamgraph.generators.sample as s
print(kamgraph.__file__)
print(q.cypher_dir())
print(len(q.Registry("neo4j").names()), len(q.Registry("falkordb").names()))
print(s.sample_path().is_file())
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("kamgraph-*.whl")
    return path


def test_wheel_contains_every_query_file_and_the_sample(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (REPO / "cypher").rglob("*.cypher"):
        assert f"kamgraph/cypher/{path.relative_to(REPO / 'cypher').as_posix()}" in names
    assert "kamgraph/data/sample.json" in names
    assert "api/__init__.py" in names and "viz/__init__.py" in names
    for path in (REPO / "viz" / "templates").rglob("*"):
        if path.is_file():
            assert f"viz/{path.relative_to(REPO / 'viz').as_posix()}" in names


def test_installed_wheel_finds_its_queries(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    module, folder, counts, sample = result.stdout.split("\n")[:4]
    assert Path(module).is_relative_to(site)
    assert Path(folder) == site / "kamgraph" / "cypher"
    expected = f"{len(Registry('neo4j').names())} {len(Registry('falkordb').names())}"
    assert counts == expected
    assert sample == "True"


def test_editable_install_finds_the_repository_queries() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert Path(result.stdout.split("\n")[1]) == REPO / "cypher"
