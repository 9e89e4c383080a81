"""Reading the annotation files into records, judged against their schemas on the way: what is read is checked
before it becomes a record, so that the other checks see only schema-valid records.

Reading never raises on bad data: unreadable files and schema errors become findings, and records that fail
the schema are left out of the cross-record checks (they would only add noise). The corpus-wide tables
(documents, events, persons, entities, vocabularies, alignments) are small and read whole (``load_metadata``);
the document annotation files, which grow with the corpus, are read one at a time (``read_annotation_file``)
so that a run's memory is bounded by the largest document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pamc.checks import schema as schema_checks
from pamc.io.corpus import VOCABULARY_FILES, AnnotationFile, Corpus, Record, annotation_paths, records_of
from pamc.io.paths import Paths
from pamc.io.sources import Pointer, Source, display_path, is_clean_utf8, read_yaml
from pamc.io.yamlload import UNUSUAL, NotAList, iter_items
from pamc.model.findings import Finding, make
from pamc.model.kinds import FILE_KINDS, file_kind
from pamc.model.records import model


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
    records = records_of(source, source.data, (), cls, invalid_pointers, invalid_ids)
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
            corpus.alignments = records_of(source, source.data.get("alignments"), ("alignments",),
                                         model("alignments", "Alignment"), invalid, corpus.invalid_ids)
            corpus.passages = records_of(source, source.data.get("passages", []), ("passages",),
                                         model("alignments", "Passage"), invalid, corpus.invalid_ids)
    return corpus, findings


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
        utterances=records_of(source, data.get("utterances"), ("utterances",),
                            model("document-annotations", "Utterance"), invalid, invalid_ids),
        speech_events=records_of(source, data.get("speech_events"), ("speech_events",),
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
