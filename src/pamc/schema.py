"""JSON Schema (draft 2020-12) generated from the pydantic models: never written by hand.

``pamc schema`` writes the files under schema/; a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from dataclasses import dataclass

from pydantic import BaseModel, TypeAdapter

from . import models as m

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://putin-assad-meetings-corpus.invalid/schema/"  # a name, not a location: nothing is fetched

@dataclass(frozen=True)
class FileKind:
    """A kind of hand-edited file: its schema, its model and where its records are."""

    schema: str                # name of schema/<schema>.schema.json
    model: type[BaseModel]     # the model of one record (list files) or of the whole file
    is_list: bool              # the file is a list of records
    record_depth: int          # length of a record's JSON pointer (findings are grouped per record)


FILE_KINDS: dict[str, FileKind] = {
    "annotations/documents.yaml": FileKind("documents", m.Document, True, 1),
    "annotations/events.yaml": FileKind("events", m.Event, True, 1),
    "annotations/persons.yaml": FileKind("persons", m.Person, True, 1),
    "annotations/entities.yaml": FileKind("entities", m.Entity, True, 1),
    "annotations/vocabularies/": FileKind("vocabulary", m.Vocabulary, False, 0),
    "annotations/documents/": FileKind("document-annotations", m.DocumentAnnotations, False, 2),
    "annotations/alignments.yaml": FileKind("alignments", m.AlignmentsFile, False, 2),
}


def file_kind(rel: str) -> FileKind | None:
    """The kind of the file at ``rel`` (a path relative to the repository root), or None."""
    if rel in FILE_KINDS:
        return FILE_KINDS[rel]
    folder = rel.rsplit("/", 1)[0] + "/"
    return FILE_KINDS.get(folder) if rel.endswith(".yaml") else None


# Hand-edited files: which model each one follows (a list of records or one mapping).
ANNOTATION_FILES: dict[str, Any] = {
    kind.schema: list[kind.model] if kind.is_list else kind.model for kind in FILE_KINDS.values()
}

# Published tables: the row model of each config.
RELEASE_TABLES: dict[str, type] = {
    "utterances": m.UtteranceRow,
    "dialogue_acts": m.DialogueActRow,
    "mentions": m.MentionRow,
    "speech_events": m.SpeechEventRow,
    "alignments": m.AlignmentRow,
    "documents": m.DocumentRow,
    "events": m.Event,
    "persons": m.Person,
    "entities": m.Entity,
    "vocabularies": m.VocabularyRow,
}


def _schema(name: str, tp: Any) -> dict[str, Any]:
    body = TypeAdapter(tp).json_schema()
    return {"$schema": DRAFT, "$id": BASE_ID + name + ".schema.json", **body}


@lru_cache(maxsize=None)
def annotation_schema(name: str) -> dict[str, Any]:
    """The schema of one kind of hand-edited file (validation needs only these, not the release tables')."""
    return _schema(name, ANNOTATION_FILES[name])


@lru_cache(maxsize=1)
def generated() -> dict[str, dict[str, Any]]:
    """Relative path under schema/ → schema (computed once per process; callers must not mutate it)."""
    out = {f"{name}.schema.json": annotation_schema(name) for name in ANNOTATION_FILES}
    out.update({f"release/{name}.schema.json": _schema("release/" + name, tp) for name, tp in RELEASE_TABLES.items()})
    return out


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(directory: Path) -> list[Path]:
    written = []
    for rel, schema in generated().items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(schema), encoding="utf-8")
        written.append(path)
    return written


def stale(directory: Path) -> list[str]:
    """Relative paths whose committed schema differs from the models (or is missing / left over)."""
    expected = generated()
    problems = [rel for rel, schema in expected.items()
                if not (directory / rel).is_file() or (directory / rel).read_text(encoding="utf-8") != dumps(schema)]
    if directory.is_dir():
        present = {p.relative_to(directory).as_posix() for p in directory.rglob("*.json")}
        problems += sorted(present - set(expected))
    return problems
