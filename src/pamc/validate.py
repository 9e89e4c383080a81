"""Run every check on the hand-edited sources and collect the findings. Checks never write.

The corpus-wide tables are read and checked first; then the document annotation files stream past one at
a time: each is checked against the corpus-wide indexes, handed to an optional consumer (the release
writer), and dropped unless the caller keeps it. Memory is bounded by the largest file, not the corpus.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from .checks import alignments, dates, ids, raw, references, spans
from .corpus import AnnotationFile, Corpus, iter_annotation_files, load_metadata
from .findings import Finding, sort_findings
from .paths import Paths

FileConsumer = Callable[[Corpus, AnnotationFile, str | None], None]


def validate(paths: Paths, *, keep: bool = True, consume: FileConsumer | None = None) -> tuple[Corpus, list[Finding]]:
    """The corpus (schema-valid records) and every finding, in reading order.

    ``keep``: hold every annotation file (and raw text) in ``corpus.annotations`` for tools that look at
    the utterances; without it the files are dropped once checked. ``consume`` is called with each
    annotation file and its document's raw text as soon as the file is checked.
    """
    # Loading builds millions of small acyclic objects; the cyclic garbage collector would rescan them again
    # and again (half the run time at 10,000 utterances) while finding nothing to free.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        corpus, findings = load_metadata(paths)
        findings += raw.check(corpus)
        if keep:
            corpus.raw_texts = {doc: path.read_bytes().decode("utf-8") for doc, path in corpus.intact.items()}
        findings += ids.check(corpus)
        findings += references.check(corpus)
        findings += spans.check(corpus)
        date_findings, known_dates = dates.check(corpus)
        findings += date_findings
        known = references.Known.of(corpus)
        file_ids = ids.FileIds()
        wanted = corpus.aligned_ids()
        aligned_news = {rec.model.news_utterance for rec in corpus.alignments}
        genre = {d.model.id: d.model.genre for d in corpus.documents}
        for f in iter_annotation_files(paths, findings):
            corpus.annotated.add(f.document)
            corpus.invalid_ids |= f.invalid_ids
            text = corpus.raw_text(f.document)
            findings += file_ids.check(corpus, f)
            findings += ids.check_file(f)
            findings += references.check_file(corpus, known, f)
            findings += spans.check_file(corpus, f, text)
            findings += dates.check_file(known_dates, f)
            findings += alignments.check_file(corpus, genre, aligned_news, f)
            alignments.collect(corpus, wanted, f)
            if consume is not None:
                consume(corpus, f, text)
            if keep:
                corpus.annotations.append(f)
        findings += raw.check_annotated(corpus)
        findings += alignments.check(corpus)
    finally:
        if was_enabled:
            gc.enable()
    return corpus, sort_findings(findings)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
