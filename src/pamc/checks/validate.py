"""Run every check on the hand-edited sources and collect the findings. Checks never write.

The corpus-wide tables are read and checked first; then the document annotation files stream past one at
a time: each is checked on its own against the corpus-wide indexes (in worker processes when ``jobs`` > 1),
handed to an optional consumer (the release writer) in reading order, and dropped unless the caller keeps
it. Memory is bounded by the largest file and the few files in flight, not by the corpus.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pamc.checks import alignments, consistency, dates, ids, inputs, passages, provenance, raw, references, spans
from pamc.io import parsecache
from pamc.io.background import Background
from pamc.io.sources import display_path, read_yaml
from pamc.io.corpus import Aligned, AnnotationFile, Corpus, annotation_names
from pamc.checks.load import load_metadata, read_annotation_file
from pamc.model.findings import Finding, make, records_with_errors, sort_findings
from pamc.io.paths import Paths
from pamc.io.faults import fault_point

PARALLEL_MIN_FILES = 16  # below this, starting worker processes costs more than it saves


class FileConsumer(Protocol):
    """Receives each annotation file: ``prepare`` runs where the file was checked (perhaps a worker process)
    and returns what ``accept`` then receives in the main process, in reading order."""

    def start(self, corpus: Corpus) -> None: ...

    def prepare(self, f: AnnotationFile, raw: str | None) -> Any: ...

    def accept(self, corpus: Corpus, payload: Any) -> None: ...


@dataclass
class FileResult:
    """What checking one annotation file yields; small and picklable (worker → main process)."""

    path: Path
    findings: list[Finding]
    document: str | None = None  # None: the file could not be read as an annotation file
    invalid_ids: set[str] = field(default_factory=set)  # records that failed the schema or have errors of their own
    aligned: dict[str, Aligned] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    payload: Any = None
    file: AnnotationFile | None = None  # only when the run keeps the files
    said: list[consistency.Said] = field(default_factory=list)


@dataclass
class _Context:
    """Everything a file's checks need from the corpus-wide tables (inherited by forked workers)."""

    corpus: Corpus
    known: references.Known
    dates: dates.Dates
    genre: dict[str, str]
    aligned_news: set[str]
    wanted: set[str]
    by_witness: dict[str, list]
    consumer: FileConsumer | None
    keep: bool


_CONTEXT: _Context | None = None  # set in the parent before forking the workers


def _check_file(ctx: _Context, path: Path) -> FileResult:
    findings: list[Finding] = []
    corpus = ctx.corpus
    f = read_annotation_file(corpus.paths, path, findings)
    if f is None:
        return FileResult(path, findings)
    text = corpus.raw_text(f.document)
    findings += ids.check_within(f)
    findings += ids.check_file(f)
    findings += references.check_file(corpus, ctx.known, f)
    findings += spans.check_file(corpus, f, text)
    findings += dates.check_file(ctx.dates, f)
    findings += alignments.check_file(corpus, ctx.genre, ctx.aligned_news, f)
    payload = ctx.consumer.prepare(f, text) if ctx.consumer is not None else None
    # An utterance with an error of its own (an unknown speaker, a wrong span) is left out of the checks across
    # files, which would only report what follows from that error: it is judged there once it is fixed.
    broken = records_with_errors(findings, "utterances")
    findings += passages.check_file(corpus, ctx.by_witness, f, text, broken)
    unchecked = f.invalid_ids | {u.model.id for u in f.utterances if u.pointer[-1] in broken}
    return FileResult(path, findings, f.document, unchecked, alignments.collect(ctx.wanted, f, broken),
                      ids.prefixes(f), payload, f if ctx.keep else None, consistency.collect(f, findings))


def _work(path: Path) -> FileResult:
    assert _CONTEXT is not None
    fault_point()  # where a crash test kills a worker
    return _check_file(_CONTEXT, path)


WORKER_TIMEOUT = float(os.environ.get("PAMC_WORKER_TIMEOUT", "600"))  # seconds one file may take in a worker


def _worker_failed(ctx: _Context, path: Path, why: str) -> FileResult:
    display = display_path(path, ctx.corpus.paths.root)
    return FileResult(path, [make("worker-failed", display, f"could not be checked in a worker process ({why}); "
                                  "run `pamc validate --jobs 1` to check it in one process, and report the bug")])


def _results(ctx: _Context, folder: Path, names: list[str], jobs: int) -> Iterator[FileResult]:
    """The results of the files ``folder/name`` in reading order; with ``jobs`` > 1 from a pool of forked
    workers, a bounded number of files ahead (so results never pile up when the consumer is slower than
    the checks). A worker that dies, fails or takes longer than WORKER_TIMEOUT never leaves the caller
    waiting: that file and every file not yet checked get a ``worker-failed`` finding."""
    paths = (folder / name for name in names)
    if jobs <= 1 or len(names) < PARALLEL_MIN_FILES:
        for path in paths:
            yield _check_file(ctx, path)
        return
    # only for corpora big enough to use workers
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, TimeoutError as Timeout

    global _CONTEXT
    _CONTEXT = ctx
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    pending: deque = deque()
    failure: str | None = None

    def take() -> FileResult:
        nonlocal failure
        path, future = pending.popleft()
        if failure is None:
            try:
                return future.result(timeout=WORKER_TIMEOUT)
            except Timeout:
                failure = f"no answer within {WORKER_TIMEOUT:g} s"
            except Exception as exc:  # noqa: BLE001 - a broken pool, an unpicklable result, a bug
                failure = f"{type(exc).__name__}: {exc}".rstrip(": ")
        return _worker_failed(ctx, path, failure)

    try:
        for path in paths:
            if failure is not None:
                yield _worker_failed(ctx, path, failure)
                continue
            pending.append((path, pool.submit(_work, path)))
            while len(pending) >= 4 * jobs or (failure is not None and pending):
                yield take()
        while pending:
            yield take()
    finally:
        _CONTEXT = None
        if failure is not None:  # a hung or dead worker is killed, not waited for
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.kill()
        pool.shutdown(wait=failure is None, cancel_futures=True)


class _Warmer:
    """While the main process reads the corpus-wide files (a core idle), a forked process parses the first
    annotation files into the cache of parsed YAML, so the workers (forked once the corpus-wide indexes exist)
    find them parsed. Only with the cache on and enough files for workers; stopped before the workers start."""

    def __init__(self, paths: Paths, names: list[str]) -> None:
        import multiprocessing

        self._stop = multiprocessing.get_context("fork").Event()
        self._process = Background(_warm, paths, names, self._stop)

    @classmethod
    def start(cls, paths: Paths, names: list[str], jobs: int) -> _Warmer | None:
        if jobs <= 1 or len(names) < PARALLEL_MIN_FILES or parsecache.folder() is None:
            return None
        return cls(paths, names)

    def stop(self) -> None:
        """Let it finish the file it is parsing (at most WARMER_GRACE seconds), then end it."""
        self._stop.set()
        self._process.stop(WARMER_GRACE)


WARMER_GRACE = 2.0


def _warm(paths: Paths, names: list[str], stop: Any) -> None:
    for name in names:
        if stop.is_set():
            return
        read_yaml(paths.document_annotations / name, paths.root)  # its findings come from the worker's read


def cpus() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_jobs() -> int:
    """One worker per CPU."""
    return cpus()


def validate(paths: Paths, *, keep: bool = True, consumer: FileConsumer | None = None,
             jobs: int = 1) -> tuple[Corpus, list[Finding]]:
    """The corpus (schema-valid records) and every finding, in reading order.

    ``keep``: hold every annotation file (and raw text) in ``corpus.annotations`` for tools that look at
    the utterances (worker processes send the files' records back); without it the files are dropped once
    checked.
    ``consumer`` receives each file once checked. ``jobs``: worker processes for the annotation files.
    The findings are the same whatever ``jobs`` is.
    """
    # Loading builds millions of small acyclic objects; the cyclic garbage collector would rescan them again
    # and again (half the run time at 10,000 utterances) while finding nothing to free.
    linked = inputs.folders(paths)
    if linked:  # an input folder is a link: nothing in it is read
        return Corpus(paths), sort_findings(linked)
    was_enabled = gc.isenabled()
    gc.disable()
    names = annotation_names(paths)
    warmer = _Warmer.start(paths, names, jobs)
    try:
        corpus, findings = load_metadata(paths)
        findings += inputs.check(paths, {rec.model.raw_file for rec in corpus.documents})
        findings += raw.check(corpus)
        if keep:
            corpus.raw_texts = {doc: (paths.root / rel).read_bytes().decode("utf-8")
                                for doc, rel in corpus.intact.items()}
        findings += ids.check(corpus)
        findings += references.check(corpus)
        findings += provenance.check(corpus)
        findings += spans.check(corpus)
        date_findings, known_dates = dates.check(corpus)
        findings += date_findings
        ctx = _Context(corpus, references.Known.of(corpus), known_dates,
                       {d.model.id: d.model.genre for d in corpus.documents},
                       {rec.model.news_utterance for rec in corpus.alignments}, corpus.aligned_ids(),
                       corpus.passages_by_witness(), consumer, keep)
        if consumer is not None:
            consumer.start(corpus)
        file_ids = ids.FileIds()
        file_invalid: set[str] = set()
        failed = has_errors(findings)
        said = consistency.Collected(ctx.wanted)
        if warmer is not None:
            warmer.stop()  # before the workers are forked: they read what it parsed
        for result in _results(ctx, paths.document_annotations, names, jobs):
            file_findings = result.findings
            if result.document is not None:
                earlier = file_ids.earlier(result.prefixes)
                if earlier:  # ids of this document were used in another file: name the first use
                    f = result.file or read_annotation_file(paths, result.path, [])
                    assert f is not None
                    file_findings = [x for x in file_findings if x.check_id != "id-duplicate"]
                    file_findings += file_ids.check(corpus, f, earlier)
                file_ids.register(result.prefixes, result.path)
                corpus.annotated.add(result.document)
                file_invalid |= result.invalid_ids
                corpus.aligned.update(result.aligned)
                said.add(result.path, result.document, result.said)
                # Once an error is found nothing will be published: the writer is fed no more (a file with
                # errors, e.g. a backup copy repeating another file's ids, would break its row order).
                if consumer is not None and not failed and not has_errors(file_findings):
                    consumer.accept(corpus, result.payload)
                if result.file is not None:
                    corpus.annotations.append(result.file)
            else:
                corpus.unreadable.add(result.path.stem)  # files are named after their document
            findings += file_findings
            failed = failed or has_errors(file_findings)
        corpus.invalid_ids |= file_invalid
        findings += raw.check_annotated(corpus)
        findings += alignments.check(corpus)
        findings += passages.check(corpus)
        findings += consistency.check(corpus, said)
    finally:
        if warmer is not None:
            warmer.stop()
        if was_enabled:
            gc.enable()
    parsecache.prune()
    return corpus, sort_findings(findings)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
