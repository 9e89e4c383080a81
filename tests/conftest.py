"""Shared helpers: the repository, copies of corpora in temporary directories, and the CLI as users run it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pamc.cli import cli

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def parse_cache(tmp_path_factory) -> Path:
    """The tests' own cache of parsed YAML (never the user's): one for the whole run, so that it is both filled
    and read, as in use. A test of the cache itself sets its own."""
    folder = tmp_path_factory.mktemp("parse-cache")
    os.environ["PAMC_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture
def no_parse_cache(monkeypatch):
    """No cache of parsed YAML: every read parses."""
    monkeypatch.setenv("PAMC_CACHE", "off")


def run(*args: str):
    """Invoke the CLI in-process (click's runner), as ``pamc ARGS``."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def copy_inputs(src: Path, dst: Path) -> Path:
    """A corpus checkout without releases: everything a build reads (raw texts, annotations, the agreement
    passes, changelog, citation), so that a test build is the real one."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("raw", "annotations", "agreement"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name)
    for name in ("CHANGELOG.md", "CITATION.cff"):
        if (src / name).is_file():
            shutil.copy2(src / name, dst / name)
    return dst


def apply_fixture(fixture: Path, root: Path) -> dict:
    """Overlay an invalid fixture's files on a copy of the valid corpus, then its actions (fixture.json); return
    the spec (its ``env`` and ``args`` are for the validator run)."""
    for path in sorted(fixture.rglob("*")):
        rel = path.relative_to(fixture)
        if path.is_file() and rel.as_posix() != "fixture.json":
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, root / rel)
    spec_file = fixture / "fixture.json"
    spec = json.loads(spec_file.read_text()) if spec_file.is_file() else {}
    for rel, to in spec.get("move", {}).items():
        (root / to).parent.mkdir(parents=True, exist_ok=True)
        os.replace(root / rel, root / to)
    for rel in spec.get("remove", []):
        (root / rel).unlink()
    for rel in spec.get("mkdir", []):
        (root / rel).mkdir(parents=True)
        (root / rel / "placeholder.txt").write_text("a directory where a file is expected\n")
    for rel, target in spec.get("symlink", {}).items():
        (root / rel).unlink(missing_ok=True)
        os.symlink(target, root / rel)
    for rel, text in spec.get("write", {}).items():
        (root / rel).write_text(text, encoding="utf-8")
    for rel, source in spec.get("copy", {}).items():
        shutil.copy2(root / source, root / rel)
    for rel, size in spec.get("grow", {}).items():
        with open(root / rel, "r+b") as fh:
            fh.truncate(size)  # sparse: no disk is used
    return spec


@pytest.fixture(scope="session")
def real_release(tmp_path_factory) -> Path:
    """The real corpus published once as version 9.9.9 into a temporary dist/ (read-only for the tests)."""
    root = copy_inputs(REPO, tmp_path_factory.mktemp("real-release") / "corpus")
    with (root / "CHANGELOG.md").open("a", encoding="utf-8") as fh:
        fh.write("\n## 9.9.9\n\nTest release.\n")
    result = run("build", "--root", str(root), "--version", "9.9.9")
    assert result.exit_code == 0, result.output
    return root / "dist" / "9.9.9"


@pytest.fixture
def valid_corpus(tmp_path: Path) -> Path:
    return copy_inputs(FIXTURES / "valid", tmp_path / "corpus")


@pytest.fixture
def real_corpus(tmp_path: Path) -> Path:
    return copy_inputs(REPO, tmp_path / "corpus")


def tree_digest(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (to compare directory states)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def walk(node):
    """Every mapping inside a JSON document (depth first)."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def iso_dates(value):
    """``value`` read from Parquet with its dates (date32 columns) written back as the ISO text of JSON Lines."""
    import datetime

    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso_dates(v) for v in value]
    return value
