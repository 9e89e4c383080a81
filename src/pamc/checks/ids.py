"""Identifier checks: unique per table, utterance ids carry their document and follow text order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pamc.io.corpus import AnnotationFile, Corpus, Record

from pamc.checks.load import read_annotation_file
from pamc.model.findings import Finding


def _duplicate(rec: Record, first: Record, table: str) -> Finding:
    line, _ = first.source.position(first.pointer)
    return rec.finding("id-duplicate", ("id",), f"{table} id {rec.model.id!r} is already used at "
                                                f"{first.source.display}:{line}")


def _unique(records: Iterable[Record], table: str, earlier: dict[str, Record] | None = None) -> list[Finding]:
    """A finding for every record whose id was used before, here or in ``earlier`` (id → first record)."""
    out: list[Finding] = []
    first: dict[str, Record] = dict(earlier or {})
    for rec in records:
        rid = rec.model.id
        if rid in first:
            out.append(_duplicate(rec, first[rid], table))
        else:
            first[rid] = rec
    return out


def check(corpus: Corpus) -> list[Finding]:
    """The corpus-wide tables."""
    out: list[Finding] = []
    for records, table in [(corpus.documents, "document"), (corpus.events, "event"), (corpus.persons, "person"),
                           (corpus.entities, "entity"), (corpus.alignments, "alignment"),
                           (corpus.passages, "passage")]:
        out += _unique(records, table)
    return out


def _prefix(record_id: str) -> str:
    return record_id.rsplit(".", 1)[0]


def prefixes(f: AnnotationFile) -> set[str]:
    return {_prefix(rec.model.id) for records in (f.utterances, f.speech_events) for rec in records}


def check_within(f: AnnotationFile, earlier: tuple[dict[str, Record], dict[str, Record]] = ({}, {})) -> list[Finding]:
    """Ids used twice: within the file, or (``earlier``: id → first record, per table) in earlier files."""
    out: list[Finding] = []
    for table, records, first in (("utterance", f.utterances, earlier[0]), ("speech event", f.speech_events, earlier[1])):
        out += _unique(records, table, first)
    return out


@dataclass
class FileIds:
    """Which files hold ids of each document prefix, so that an id repeated in another file is found
    without keeping every id of the corpus: ids carry their document, so only files that share a prefix
    (normally none) are read again to find the first use."""

    # A file whose ids all carry its own name (the normal case) costs one entry in ``own``: its path is
    # ``<folder>/<prefix>.yaml``. Only the others are listed in ``files`` (a large corpus has 10,000 files).
    own: set[str] = field(default_factory=set)
    files: dict[str, list[Path]] = field(default_factory=dict)
    folder: Path | None = None

    def earlier(self, prefixes: set[str]) -> list[Path]:
        """The files read before that hold ids with one of these prefixes, in reading order."""
        found = {p for prefix in prefixes for p in self.files.get(prefix, [])}
        if self.folder is not None:
            found |= {self.folder / f"{prefix}.yaml" for prefix in prefixes if prefix in self.own}
        return sorted(found)

    def register(self, prefixes: set[str], path: Path) -> None:
        if prefixes == {path.stem} and path.name == f"{path.stem}.yaml" and self.folder in (None, path.parent):
            self.folder = path.parent
            self.own.add(path.stem)
            return
        for prefix in prefixes:
            self.files.setdefault(prefix, []).append(path)

    def check(self, corpus: Corpus, f: AnnotationFile, earlier_files: list[Path]) -> list[Finding]:
        """``check_within`` for a file that shares id prefixes with ``earlier_files``."""
        earlier: tuple[dict[str, Record], dict[str, Record]] = ({}, {})
        for path in earlier_files:  # reading order: the first file that used an id is the one to name
            other = read_annotation_file(corpus.paths, path, [])
            if other is not None:
                for first, records in zip(earlier, (other.utterances, other.speech_events)):
                    for rec in records:
                        first.setdefault(rec.model.id, rec)
        return check_within(f, earlier)


def check_file(f: AnnotationFile) -> list[Finding]:
    """Ids of one annotation file carry its document and increase in text order."""
    out: list[Finding] = []
    for records in (f.utterances, f.speech_events):
        previous = None
        for rec in records:
            rid = rec.model.id
            if rid.rsplit(".", 1)[0] != f.document:
                out.append(rec.finding("id-document-prefix", ("id",),
                                       f"{rid!r} must start with the document id {f.document!r}"))
                continue
            top = getattr(rec.model, "embedded_in", None) is None
            if top and previous is not None and (rid <= previous.model.id or rec.model.start < previous.model.start):
                out.append(rec.finding("id-order", ("id",),
                                       f"{rid!r} (at {rec.model.start}) must come after {previous.model.id!r} "
                                       f"(at {previous.model.start}) in id and text order"))
            if top:
                previous = rec
    return out
