"""The annotation sources read into models, each record remembering where it came from.

Reading never raises on bad data: unreadable files and schema errors become findings, and records that
fail the schema are left out of the cross-record checks (they would only add noise).

The corpus-wide tables (documents, events, persons, entities, vocabularies, alignments) are small and read
whole (``load_metadata``); the document annotation files, which grow with the corpus, are read one at a
time (``read_annotation_file``) so that a run's memory is bounded by the largest document.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from .checks import schema as schema_checks
from .findings import Finding, make
from .kinds import FILE_KINDS, file_kind
from .paths import Paths
from .records import Model, model
from .sources import Pointer, Source, display_path, is_clean_utf8, read_yaml
from .yamlload import UNUSUAL, NotAList, iter_items

if TYPE_CHECKING:  # the records follow the models; checking never imports pydantic
    from . import models as m

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
    alignments_file: Source | None = None  # set when annotations/alignments.yaml exists and is well-formed
    # Ids of records that failed the schema: they exist, so references to them are not reported again.
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
        return {i for rec in self.alignments
                for i in (rec.model.news_utterance, rec.model.transcript_utterance) if i is not None}


def _records(source: Source, items: Any, prefix: Pointer, cls: type[Model], invalid: set[Pointer],
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


def _read(paths: Paths, path: Path, findings: list[Finding],
          required: bool = True) -> tuple[Source, set[Pointer]] | None:
    """Parse one file and check it against its schema; None if it cannot be read (findings say why)."""
    rel = path.relative_to(paths.root).as_posix()
    if not path.exists() and not path.is_symlink():
        if required:
            findings.append(make("file-missing", rel, "does not exist"))
        return None
    source, problems = read_yaml(path, paths.root)
    findings.extend(problems)
    if source is None:
        return None
    kind = file_kind(rel)
    problems, invalid = schema_checks.check_source(source, kind.schema, kind.record_depth)
    findings.extend(problems)
    return source, invalid


def _read_records(paths: Paths, path: Path, findings: list[Finding], invalid_ids: set[str]) -> list[Record[Any]]:
    """The schema-valid records of a list file (documents.yaml...). Each item is parsed, schema-checked and
    made a record before the next is parsed, so the file never exists whole as plain data (34 MiB for
    10,000 documents, where the records take 4). Anything unusual (a YAML problem, a root that is not a
    list) is read again by the whole-file path, which reports it; the findings are the same either way."""
    rel = path.relative_to(paths.root).as_posix()
    kind = FILE_KINDS[rel]
    cls = model(kind.schema, kind.model)
    check = schema_checks.ListCheck.of(kind.schema)
    # libyaml reads the file in chunks: neither the text nor its bytes are ever held whole
    if check is not None and path.is_file() and is_clean_utf8(path):
        source = Source(path, display_path(path, paths.root), None)
        records: list[Record[Any]] = []
        invalid: set[str] = set()
        try:
            with path.open("rb") as stream:
                for i, item in enumerate(iter_items(stream)):
                    if check.item(i, item):
                        records.append(Record(source, (i,), cls._build(item)))
                    elif isinstance(item, dict) and isinstance(item.get("id"), str):
                        invalid.add(item["id"])
        except (NotAList, *UNUSUAL):
            pass
        else:
            problems, _ = check.findings(source)
            findings.extend(problems)
            invalid_ids |= invalid
            return records
    read = _read(paths, path, findings)
    if read is None or () in read[1]:  # unreadable, or the file as a whole has the wrong shape
        return []
    source, invalid_pointers = read
    records = _records(source, source.data, (), cls, invalid_pointers, invalid_ids)
    source.data = None  # as for annotation files: the records hold the content
    return records


def load_metadata(paths: Paths) -> tuple[Corpus, list[Finding]]:
    """Read the corpus-wide files (not the document annotations); return the corpus and the findings so far."""
    findings: list[Finding] = []
    corpus = Corpus(paths)
    for attr in ("documents", "events", "persons", "entities"):
        setattr(corpus, attr, _read_records(paths, paths.annotations / f"{attr}.yaml", findings, corpus.invalid_ids))

    for name in VOCABULARY_FILES:
        read = _read(paths, paths.vocabularies / f"{name}.yaml", findings)
        if read is not None and not read[1]:
            corpus.vocabularies[name] = Record(read[0], (), model("vocabulary", "Vocabulary")._build(read[0].data))

    read = _read(paths, paths.annotations / "alignments.yaml", findings, required=False)
    if read is not None:
        source, invalid = read
        if not any(len(p) < 2 for p in invalid) and isinstance(source.data, dict):
            corpus.alignments_file = source
            corpus.alignments = _records(source, source.data.get("alignments"), ("alignments",),
                                         model("alignments", "Alignment"), invalid, corpus.invalid_ids)
    return corpus, findings


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


def read_annotation_file(paths: Paths, path: Path, findings: list[Finding]) -> AnnotationFile | None:
    """One document annotation file as models; None if its frame is broken (findings say why)."""
    read = _read(paths, path, findings)
    if read is None:
        return None
    source, invalid = read
    data = source.data if isinstance(source.data, dict) else {}
    document = data.get("document")
    if not isinstance(document, str) or any(len(p) < 2 for p in invalid):
        return None  # the file's frame is broken; its records cannot be placed
    if path.stem != document:
        findings.append(source.finding("file-document-mismatch", ("document",),
                                       f"file annotates {document!r} but is named {path.name!r}; "
                                       f"name it {document}.yaml"))
    invalid_ids: set[str] = set()
    f = AnnotationFile(
        source=source, document=document,
        utterances=_records(source, data.get("utterances"), ("utterances",),
                            model("document-annotations", "Utterance"), invalid, invalid_ids),
        speech_events=_records(source, data.get("speech_events"), ("speech_events",),
                               model("document-annotations", "SpeechEvent"), invalid, invalid_ids),
        invalid_ids=invalid_ids,
    )
    source.data = None  # the models hold the content now; positions are re-read from the file if needed
    return f


def iter_annotation_files(paths: Paths, findings: list[Finding]) -> Iterator[AnnotationFile]:
    for path in annotation_paths(paths):
        f = read_annotation_file(paths, path, findings)
        if f is not None:
            yield f
