"""JSON Schema (draft 2020-12) generated from the pydantic models: never written by hand.

``pamc schema`` writes the files under schema/; a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from pamc.model import tables as m
from pamc.model.kinds import FILE_KINDS, RELEASE_ROW_MODELS
from pamc.model.schema_fingerprint import FINGERPRINT, fingerprint

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://putin-assad-meetings-corpus.invalid/schema/"  # a name, not a location: nothing is fetched

# Hand-edited files: which model each one follows (a list of records or one mapping).
ANNOTATION_FILES: dict[str, Any] = {
    kind.schema: list[getattr(m, kind.model)] if kind.is_list else getattr(m, kind.model) for kind in FILE_KINDS.values()
}

# Published tables: the row model of each config.
RELEASE_TABLES: dict[str, type] = {name: getattr(m, model) for name, model in RELEASE_ROW_MODELS.items()}


def _schema(name: str, tp: Any) -> dict[str, Any]:
    body = TypeAdapter(tp).json_schema()
    return {"$schema": DRAFT, "$id": BASE_ID + name + ".schema.json", **body}


@lru_cache(maxsize=None)
def generate_annotation_schema(name: str) -> dict[str, Any]:
    """The schema of one kind of hand-edited file (validation needs only these, not the release tables')."""
    return _schema(name, ANNOTATION_FILES[name])


@lru_cache(maxsize=1)
def generated() -> dict[str, dict[str, Any]]:
    """Relative path under schema/ → schema (computed once per process; callers must not mutate it)."""
    out = {f"{name}.schema.json": generate_annotation_schema(name) for name in ANNOTATION_FILES}
    out.update({f"release/{name}.schema.json": _schema("release/" + name, tp) for name, tp in RELEASE_TABLES.items()})
    return out


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def files() -> dict[str, str]:
    """Relative path under schema/ → content: every schema, and the fingerprint of the sources that generate
    them (``validate`` reads the committed schemas instead of importing pydantic only while it matches)."""
    out = {rel: dumps(schema) for rel, schema in generated().items()}
    out[FINGERPRINT] = fingerprint()
    return out


def write(directory: Path) -> list[Path]:
    written = []
    for rel, text in files().items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(directory: Path) -> list[str]:
    """Relative paths whose committed file differs from what the models generate (or is missing / left over)."""
    expected = files()
    problems = [rel for rel, text in expected.items()
                if not (directory / rel).is_file() or (directory / rel).read_text(encoding="utf-8") != text]
    if directory.is_dir():
        present = {p.relative_to(directory).as_posix() for p in directory.rglob("*.json")}
        problems += sorted(present - set(expected))
    return problems
