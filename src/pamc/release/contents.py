"""The files of a release, written as the validator streams the annotation files past: Parquet and JSON Lines
tables, the viewer's pages, figures, the data card, Croissant metadata and the manifests.

The Parquet files are made from the complete JSON Lines files at the end (``parquet.convert_all``), so that
validation never imports pyarrow.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pamc.io.corpus import AnnotationFile, Corpus
from pamc.model.kinds import RELEASE_ROW_MODELS
from pamc.release import figures, standoff, tables, viewer, writers
from pamc.release.checksums import INPUTS, SUMS, manifest, sha256_file
from pamc.io.faults import fault_point
from pamc.release.summary import Summary

if TYPE_CHECKING:
    from pamc.model import tables as m
class ReleaseWriter:
    """Writes a release into ``target`` (an empty directory) while the validator streams the annotation
    files past (the FileConsumer methods); ``finish`` writes the rest once every file has been checked."""

    def __init__(self, target: Path, shard_rows: int | None = None) -> None:
        self.target, self.shard_rows = target, shard_rows
        self.writers = {name: writers.TableWriter(name, target) for name in RELEASE_ROW_MODELS}
        self.summary = Summary()

    def start(self, corpus: Corpus) -> None:
        """The corpus-wide tables, read before the first annotation file."""
        self.entity_types = tables.entity_types(corpus)
        self.speech_links = tables.SpeechLinks(corpus)
        self.persons = {r.model.id: r.model.name for r in corpus.persons}
        self.events = {r.model.id: r.model.model_dump(mode="json") for r in corpus.events}
        self.speech = viewer.Speech(corpus)  # passages and renderings, for every page
        self.documents = {d.id: d for d in tables.documents_in_order(corpus)}
        (self.target / "viewer").mkdir()
        (self.target / "standoff").mkdir()

    def prepare(self, f: AnnotationFile, raw: str | None) -> tuple[str, dict[str, list[dict[str, Any]]], str | None,
                                                                 str | None]:
        """A file's rows, viewer page and brat standoff annotations (in the process that checked the file)."""
        rows = tables.file_rows(f, self.entity_types, self.speech_links, raw)
        doc = self.documents.get(f.document)
        page = self._page(doc, raw, rows["utterances"], rows["speech_events"]) if doc and raw is not None else None
        ann = standoff.document_ann(raw, rows["utterances"]) if doc and raw is not None else None
        return f.document, rows, page, ann

    def accept(self, corpus: Corpus,
               payload: tuple[str, dict[str, list[dict[str, Any]]], str | None, str | None]) -> None:
        document, rows, page, ann = payload
        for name, batch in rows.items():
            self.writers[name].add(batch)
            self.summary.add(name, batch)
        if page is not None:
            (self.target / "viewer" / f"{document}.html").write_text(page, encoding="utf-8")
        if ann is not None:
            self._standoff(corpus, document, ann)

    def _standoff(self, corpus: Corpus, document: str, ann: str) -> None:
        raw = corpus.raw_text(document)
        assert raw is not None  # the file was accepted: its raw file is intact
        (self.target / "standoff" / f"{document}.txt").write_bytes(raw.encode("utf-8"))  # the raw bytes again
        (self.target / "standoff" / f"{document}.ann").write_bytes(ann.encode("utf-8"))

    def _page(self, doc: m.Document, raw: str, utterances: list[dict], speech_events: list[dict]) -> str:
        return viewer.document_page(tables.document_row(doc, raw), utterances, speech_events,
                                    self.speech, self.persons, self.events)

    def finish(self, corpus: Corpus, version: str, inputs: str, changelog: str, alignments: list[dict[str, Any]],
               agreement: str | None, fidelity: str | None) -> None:
        """``alignments``: the alignment rows; ``agreement`` and ``fidelity``: the card's sections of those names.
        The Parquet files are made from the complete JSON Lines files."""
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
                (target / "viewer" / f"{doc.id}.html").write_text(self._page(doc, raw, [], []), encoding="utf-8")
                self._standoff(corpus, doc.id, "")
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
            self.writers[name].close()
            fault_point()
        figure_files = figures.render(summary)
        for name, svg in figure_files.items():
            (target / "figures").mkdir(exist_ok=True)
            (target / "figures" / name).write_text(svg, encoding="utf-8")
        (target / "viewer" / "index.html").write_text(
            viewer.index_page(documents, summary.utterances_per_document(), version, target, sorted(figure_files)),
            encoding="utf-8")
        fault_point()
        citation_cff = corpus.paths.root / "CITATION.cff"
        if citation_cff.is_file():
            (target / "CITATION.cff").write_bytes(citation_cff.read_bytes())
        shards: dict[str, list[str]] = {}
        # pyarrow is imported only now (validation never pays for it). It imports numpy, whose OpenBLAS starts a
        # spinning thread per core for linear algebra the build never does (a user's setting is kept).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        from pamc.release import parquet

        for name, (paths, _) in parquet.convert_all(target, list(RELEASE_ROW_MODELS), self.shard_rows).items():
            shards[name] = paths
        fault_point()
        (target / "croissant.json").write_text(croissant.dumps(croissant.metadata(
            version, card.SUMMARY, {rel: sha256_file(target / rel) for paths in shards.values() for rel in paths},
            list(RELEASE_ROW_MODELS), shards, card.bibtex(version), release=target, documents=documents)),
            encoding="utf-8")
        (target / "README.md").write_text(card.render(summary, version, changelog, agreement, fidelity,
                                                      sorted(figure_files), shards), encoding="utf-8")
        (target / INPUTS).write_text(inputs, encoding="utf-8")
        files = sorted((p for p in target.rglob("*") if p.is_file()), key=lambda p: p.relative_to(target).as_posix())
        (target / SUMS).write_text(manifest(target, files), encoding="utf-8")


def fidelity_section(corpus: Corpus, rows: list[dict[str, Any]]) -> str | None:
    """The data card's fidelity report from the corpus and its alignment rows: alignments per outlet,
    similarity, automatic candidates (None without alignments)."""
    if not rows:
        return None
    from pamc.analysis.fidelity import render_report, report

    return render_report(report(corpus, rows))
