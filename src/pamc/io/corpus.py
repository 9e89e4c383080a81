"""The corpus as records: each record remembers the file and place it came from; the annotation files and their
reading order. Reading and judging the files against their schemas is ``pamc.checks.load``'s work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from pamc.io.paths import Paths
from pamc.io.sources import Pointer, Source
from pamc.model.findings import Finding
from pamc.model.records import Model

if TYPE_CHECKING:  # the records follow the models; checking never imports pydantic
    from pamc.model import tables as m
T = TypeVar("T", bound=Model)

VOCABULARY_FILES = ("topics", "dialogue_act_functions", "entity_types", "event_kinds", "languages",
                    "alignment_relations")


@dataclass(slots=True)  # no per-record __dict__: a large corpus holds one per document
class Record(Generic[T]):
    source: Source
    pointer: Pointer
    model: T

    def finding(self, check_id: str, rel: Pointer, message: str) -> Finding:
        return self.source.finding(check_id, (*self.pointer, *rel), message)


@dataclass
class AnnotationFile:
    source: Source
    document: str
    utterances: list[Record[m.Utterance]]
    speech_events: list[Record[m.SpeechEvent]]
    invalid_ids: set[str] = field(default_factory=set)  # records of this file that failed the schema


class Aligned(NamedTuple):
    """What the alignment checks and rows need of an utterance that an alignment names."""

    document: str
    model: m.Utterance


@dataclass
class Corpus:
    paths: Paths
    documents: list[Record[m.Document]] = field(default_factory=list)
    events: list[Record[m.Event]] = field(default_factory=list)
    persons: list[Record[m.Person]] = field(default_factory=list)
    entities: list[Record[m.Entity]] = field(default_factory=list)
    vocabularies: dict[str, Record[m.Vocabulary]] = field(default_factory=dict)
    # Held only when the run keeps them (small corpora, tools that look at utterances); see validate.
    annotations: list[AnnotationFile] = field(default_factory=list)
    alignments: list[Record[m.Alignment]] = field(default_factory=list)
    passages: list[Record[m.Passage]] = field(default_factory=list)  # in the alignments file
    alignments_file: Source | None = None  # set when annotations/alignments.yaml exists and is well-formed
    # Ids of records that failed the schema, or (utterances) have errors of their own: they exist, so references
    # to them are not reported again, and the checks across files leave them out.
    invalid_ids: set[str] = field(default_factory=set)
    # document → its raw file (relative to the root, as documents.yaml gives it), for files that passed fixity;
    # text, not Path: a Path costs four objects, 330 bytes per document of a large corpus
    intact: dict[str, str] = field(default_factory=dict)
    raw_texts: dict[str, str] = field(default_factory=dict)  # cache of raw texts, filled when the run keeps them
    annotated: set[str] = field(default_factory=set)  # documents with an annotation file
    # Documents whose annotation file exists but could not be read: its own finding says why, and nothing
    # else is reported about its records (they exist, unread).
    unreadable: set[str] = field(default_factory=set)
    # The utterances named by an alignment (id → document, model), collected while the files stream past.
    aligned: dict[str, Aligned] = field(default_factory=dict)

    def unchecked(self, record_id: str) -> bool:
        """The record exists but was not checked (it failed the schema, or its file could not be read)."""
        return record_id in self.invalid_ids or record_id.rsplit(".", 1)[0] in self.unreadable

    def vocabulary(self, name: str) -> set[str]:
        rec = self.vocabularies.get(name)
        return {v.id for v in rec.model.values} if rec else set()

    def utterances(self) -> list[tuple[AnnotationFile, Record[m.Utterance]]]:
        return [(f, u) for f in self.annotations for u in f.utterances]

    def raw_text(self, document: str) -> str | None:
        """The text of a document whose raw file is intact (read again from disk unless cached)."""
        rel = self.intact.get(document)
        if rel is None:
            return None
        text = self.raw_texts.get(document)
        return text if text is not None else (self.paths.root / rel).read_bytes().decode("utf-8")

    def aligned_ids(self) -> set[str]:
        """The utterances an alignment or a passage names (the checks across files and the passages table need them)."""
        return {i for rec in self.alignments
                for i in (rec.model.news_utterance, rec.model.transcript_utterance) if i is not None} | {
                rec.model.witness for rec in self.passages}

    def passages_by_witness(self) -> dict[str, list[Record[m.Passage]]]:
        """witness utterance id → its passages in text order."""
        out: dict[str, list[Record[m.Passage]]] = {}
        for rec in sorted(self.passages, key=lambda r: (r.model.span.start, r.model.id)):
            out.setdefault(rec.model.witness, []).append(rec)
        return out


def records_of(source: Source, items: Any, prefix: Pointer, cls: type[Model], invalid: set[Pointer],
             invalid_ids: set[str]) -> list[Record[Any]]:
    """Records of the schema-valid items; the ids of the others go to ``invalid_ids``."""
    out: list[Record[Any]] = []
    if not isinstance(items, list):
        return out
    build = cls._build
    for i, item in enumerate(items):
        pointer = (*prefix, i)
        if pointer in invalid:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                invalid_ids.add(item["id"])
            continue
        out.append(Record(source, pointer, build(item)))
    return out


def annotation_names(paths: Paths) -> list[str]:
    """The names of the document annotation files in reading order (their names sort like the ids they
    hold). Names, not paths: a Path costs four objects, 330 bytes per file of a large corpus."""
    doc_dir = paths.document_annotations
    if not doc_dir.is_dir():
        return []
    return sorted(entry.name for entry in os.scandir(doc_dir) if entry.name.endswith(".yaml"))


def annotation_paths(paths: Paths) -> list[Path]:
    """The document annotation files in reading order."""
    return [paths.document_annotations / name for name in annotation_names(paths)]
