"""The files of a release, written as the validator streams the annotation files past: Parquet and JSON Lines
tables, the viewer's pages, figures, the data card, Croissant metadata and the manifests.

The Parquet files are made from the complete JSON Lines files at the end (``parquet.convert``), so that
validation never imports pyarrow.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pamc.io.corpus import AnnotationFile, Corpus
from pamc.model.kinds import RELEASE_ROW_MODELS
from pamc.release import figures, standoff, tables, viewer, writers
from pamc.release.columns import has_number
from pamc.release.checksums import INPUTS, SUMS, fsync, manifest, sha256_file
from pamc.io.background import Background
from pamc.io.faults import fault_point
from pamc.checks.validate import cpus
from pamc.release.summary import Summary

if TYPE_CHECKING:
    from pamc.model import tables as m


@dataclass
class Prepared:
    """What ``ReleaseWriter.prepare`` gives for one annotation file (small and quick to pickle)."""

    document: str
    tables: dict[str, tuple[str, Any, Any, int]]  # table → (JSON Lines text, first id, last id, rows)
    summary: Summary  # what the card counts of these rows
    written: dict[str, str]  # release path → SHA-256 of the page and standoff files written
    error: OSError | None = None  # a write that failed, raised by ``accept`` in the main process
    disorder: str | None = None  # rows out of id order (a bug if such a file is accepted)
    news: list[tuple[str, str, str]] = field(default_factory=list)  # quotes and reports: (id, speaker, text)
    turns: list[tuple[str, str, list[tuple[int, int]]]] = field(default_factory=list)  # (speaker, id, act spans)


class ReleaseWriter:
    """Writes a release into ``target`` (an empty directory) while the validator streams the annotation
    files past (the FileConsumer methods); ``finish`` writes the rest once every file has been checked."""

    def __init__(self, target: Path, shard_rows: int | None = None) -> None:
        self.target, self.shard_rows = target, shard_rows
        self.writers = {name: writers.TableWriter(name, target, has_number(name)) for name in RELEASE_ROW_MODELS}
        self.summary = Summary()
        self.written: dict[str, str] = {}  # release path → SHA-256 of the files written so far
        # The pages written by the workers are flushed to disk by threads here while the files stream past (the
        # main process mostly waits then), not all at the end: fsync waits on the disk, not the processor.
        self._syncer: ThreadPoolExecutor | None = None
        self._syncing: list[tuple[str, Future]] = []
        self.synced: set[str] = set()  # release paths flushed to disk, once ``finish`` has begun

    def start(self, corpus: Corpus) -> None:
        """The corpus-wide tables, read before the first annotation file."""
        self.entity_types = tables.entity_types(corpus)
        self.speech_links = tables.SpeechLinks(corpus)
        self.persons = {r.model.id: r.model.name for r in corpus.persons}
        self.events = {r.model.id: r.model.model_dump(mode="json") for r in corpus.events}
        self.speech = viewer.Speech(corpus)  # passages and renderings, for every page
        self.documents = {d.id: d for d in tables.documents_in_order(corpus)}
        self.genre = {d.id: d.genre for d in self.documents.values()}
        self.news: list[tuple[str, str, str]] = []  # the fidelity report's news utterances, in reading order
        self.pool: dict[str, list[tuple[str, str, list[tuple[int, int]]]]] = {}  # and its transcript turns
        (self.target / "viewer").mkdir()
        (self.target / "standoff").mkdir()

    def prepare(self, f: AnnotationFile, raw: str | None) -> Prepared:
        """A file's rows as JSON Lines text, what the summary counts of them, and its viewer page and brat
        standoff files written into the release (in the process that checked the file: a worker sends back
        text, which pickles far faster than rows, and writes the pages itself)."""
        rows = tables.file_rows(f, self.entity_types, self.speech_links, raw)
        summary = Summary()
        encoded: dict[str, tuple[str, Any, Any, int]] = {}
        disorder = None
        for name, batch in rows.items():
            ids = [r["id"] for r in batch]
            if disorder is None and any(a >= b for a, b in zip(ids, ids[1:])):
                disorder = f"{name}: the rows of {f.document} repeat an id"  # only a file with errors does
            encoded[name] = (writers.encode_rows(batch, self.writers[name].floats),
                             ids[0] if ids else None, ids[-1] if ids else None, len(ids))
            summary.add(name, batch)
        written: dict[str, str] = {}
        error = None
        doc = self.documents.get(f.document)
        if doc is not None and raw is not None:
            try:
                page = self._page(doc, raw, rows["utterances"], rows["speech_events"])
                written.update(self._write(f"viewer/{f.document}.html", page.encode("utf-8")))
                written.update(self._standoff(f.document, raw, standoff.document_ann(raw, rows["utterances"])))
            except OSError as exc:  # a full disk: raised in the main process, which names the release
                error = exc
        # What the card's fidelity report reads of this file (instead of its records, which pickle slowly)
        news = [(u.id, u.speaker, u.text) for u in (r.model for r in f.utterances)
                if self.genre.get(f.document) != "transcript" and u.mode != "transcript_turn"]
        turns = [(u.speaker, u.id, [(d.start, d.end) for d in u.dialogue_acts])
                 for u in (r.model for r in f.utterances) if u.mode == "transcript_turn"]
        return Prepared(f.document, encoded, summary, written, error, disorder, news, turns)

    def accept(self, corpus: Corpus, payload: Prepared) -> None:
        """Append a file's rows to the tables (only files without errors are accepted, in reading order)."""
        if payload.error is not None:
            raise payload.error
        if payload.disorder is not None:
            raise ValueError(f"{payload.disorder}; rows must be in id order")
        for name, (text, first, last, n) in payload.tables.items():
            self.writers[name].add_encoded(text, first, last, n)
        self.summary.merge(payload.summary)
        self.written.update(payload.written)
        if self._syncer is None:
            self._syncer = ThreadPoolExecutor(4)  # threads start here, after the workers were forked
        self._syncing += [(rel, self._syncer.submit(fsync, self.target / rel)) for rel in payload.written]
        self.news += payload.news
        if payload.turns:
            raw = corpus.raw_text(payload.document)
            assert raw is not None  # the file was accepted: its raw file is intact
            for speaker, uid, segments in payload.turns:
                self.pool.setdefault(speaker, []).append((uid, raw, segments))

    def fidelity_section(self, corpus: Corpus, rows: list[dict[str, Any]]) -> str | None:
        """The data card's fidelity report from the accepted files and the alignment rows: alignments per outlet,
        similarity, automatic candidates (None without alignments)."""
        if not rows:
            return None
        from pamc.analysis.fidelity import render_report, report_of

        return render_report(report_of({d.model.id: d.model.publisher for d in corpus.documents}, rows, self.news,
                                        self.pool))

    def _write(self, rel: str, data: bytes) -> dict[str, str]:
        """Write one file of the release; return {its path: its SHA-256} for the manifests."""
        (self.target / rel).write_bytes(data)
        return {rel: hashlib.sha256(data).hexdigest()}

    def _standoff(self, document: str, raw: str, ann: str) -> dict[str, str]:
        return {**self._write(f"standoff/{document}.txt", raw.encode("utf-8")),  # the raw bytes again
                **self._write(f"standoff/{document}.ann", ann.encode("utf-8"))}

    def _page(self, doc: m.Document, raw: str, utterances: list[dict], speech_events: list[dict]) -> str:
        return viewer.document_page(tables.document_row(doc, raw), utterances, speech_events,
                                    self.speech, self.persons, self.events)

    def finish(self, corpus: Corpus, version: str, inputs: str, changelog: str, alignments: list[dict[str, Any]],
               agreement: str | None, fidelity: str | None) -> None:
        """``alignments``: the alignment rows; ``agreement`` and ``fidelity``: the card's sections of those names.
        The Parquet files are made from the complete JSON Lines files."""
        target = self.target
        self.synced = self._wait_for_syncs()  # before forking: no thread runs during a fork
        # The annotation files' tables are complete: a large release makes their Parquet files in a background
        # process while this one writes the rest (that process imports pyarrow, after the fork).
        for name in tables.FILE_TABLES:
            self._close(name)
        size = sum((target / writers.jsonl_path(name)).stat().st_size for name in tables.FILE_TABLES)
        background = (Background(_convert_in_background, target, tables.FILE_TABLES, self.shard_rows)
                      if size >= BACKGROUND_MIN_BYTES and cpus() > 1 else None)
        try:
            self._finish(corpus, version, inputs, changelog, alignments, agreement, fidelity, background)
        finally:
            if background is not None:
                background.kill()  # a failure here must leave nothing writing into the release afterwards

    def _wait_for_syncs(self) -> set[str]:
        """The release paths flushed to disk so far (an error flushing one is raised here)."""
        if self._syncer is None:
            return set()
        try:
            for _, future in self._syncing:
                future.result()
        finally:
            self._syncer.shutdown(cancel_futures=True)
            self._syncer = None
        return {rel for rel, _ in self._syncing}

    def _close(self, name: str) -> None:
        self.writers[name].close()
        self.written[writers.jsonl_path(name)] = self.writers[name].sha256
        fault_point()

    def _finish(self, corpus: Corpus, version: str, inputs: str, changelog: str, alignments: list[dict[str, Any]],
                agreement: str | None, fidelity: str | None, background: Background | None) -> None:
        from pamc.release import card, croissant

        target, summary = self.target, self.summary
        documents = []
        for doc in self.documents.values():
            raw = corpus.raw_text(doc.id)
            assert raw is not None  # a valid corpus has every raw file intact
            row = tables.document_row(doc, raw)
            self.writers["documents"].add([row])
            summary.add("documents", [row])
            documents.append({k: v for k, v in row.items() if k != "raw_text"})
            if doc.id not in corpus.annotated:  # its page has no utterances
                self.written.update(self._write(f"viewer/{doc.id}.html", self._page(doc, raw, [], []).encode("utf-8")))
                self.written.update(self._standoff(doc.id, raw, ""))
        (target / "standoff" / "annotation.conf").write_text(
            standoff.annotation_conf([r.model.id for r in corpus.persons]), encoding="utf-8")
        summary.keep("documents", documents)
        small = {**tables.corpus_rows(corpus), "alignments": alignments,
                 "passages": tables.passage_rows(corpus, alignments)}
        for name, rows in small.items():
            key = (lambda r: (r["vocabulary"], r["id"])) if name == "vocabularies" else None
            self.writers[name].add(rows, key)
            summary.add(name, rows)
            summary.keep(name, rows)
        for name in RELEASE_ROW_MODELS:
            if name not in tables.FILE_TABLES:
                self._close(name)
        figure_files = figures.render(summary)
        for name, svg in figure_files.items():
            (target / "figures").mkdir(exist_ok=True)
            (target / "figures" / name).write_text(svg, encoding="utf-8")
        (target / "viewer" / "index.html").write_text(
            viewer.index_page(documents, summary.utterances_per_document(), version, target, sorted(figure_files),
                              Counter(p["document"] for p in summary.small["passages"])),
            encoding="utf-8")
        fault_point()
        citation_cff = corpus.paths.root / "CITATION.cff"
        if citation_cff.is_file():
            (target / "CITATION.cff").write_bytes(citation_cff.read_bytes())
        here = [name for name in RELEASE_ROW_MODELS if background is None or name not in tables.FILE_TABLES]
        converted = _convert(target, here, self.shard_rows)
        if background is not None:
            done = background.result()
            if done is None:  # the process died (killed, out of memory): its tables are made here instead
                for name in tables.FILE_TABLES:
                    shutil.rmtree(target / "data" / name, ignore_errors=True)
                done = _convert(target, tables.FILE_TABLES, self.shard_rows)
            converted.update(done)
        shards: dict[str, list[str]] = {}
        for name in RELEASE_ROW_MODELS:
            shards[name], hashes = converted[name]
            self.written.update(hashes)
        fault_point()
        (target / "croissant.json").write_text(croissant.dumps(croissant.metadata(
            version, card.SUMMARY, self.written, list(RELEASE_ROW_MODELS), shards, card.bibtex(version),
            release=target, documents=documents)), encoding="utf-8")
        (target / "README.md").write_text(card.render(summary, version, changelog, agreement, fidelity,
                                                      sorted(figure_files), shards), encoding="utf-8")
        (target / INPUTS).write_text(inputs, encoding="utf-8")
        files = sorted((p for p in target.rglob("*") if p.is_file()), key=lambda p: p.relative_to(target).as_posix())
        (target / SUMS).write_text(manifest(target, files, self.written), encoding="utf-8")


BACKGROUND_MIN_BYTES = 8 << 20  # smaller tables are converted faster than a process starts and imports pyarrow


def _convert(target: Path, names: list[str] | tuple[str, ...], shard_rows: int | None
             ) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The Parquet files of tables ``names`` from their complete JSON Lines files: table → (their paths, {path:
    SHA-256})."""
    # pyarrow is imported only now (validation never pays for it). It imports numpy, whose OpenBLAS starts a
    # spinning thread per core for linear algebra the build never does (a user's setting is kept).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from pamc.release import parquet

    out = {}
    for name in names:
        paths, _ = parquet.convert(target, name, shard_rows=shard_rows)
        out[name] = (paths, {rel: sha256_file(target / rel) for rel in paths})
    return out


def _convert_in_background(target: Path, names: tuple[str, ...], shard_rows: int | None
                           ) -> dict[str, tuple[list[str], dict[str, str]]]:
    """What the background process runs (``_convert``; a test replaces it with a process that dies)."""
    return _convert(target, names, shard_rows)


