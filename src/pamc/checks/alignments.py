"""Alignment checks: a quote or report linked to a stretch of its witness, of the same speaker, sub-spans inside both."""

from __future__ import annotations

from pamc.io.corpus import Aligned, AnnotationFile, Corpus
from pamc.model.findings import Finding
from pamc.checks.spans import check_span


def collect(wanted: set[str], f: AnnotationFile, broken: set[int]) -> dict[str, Aligned]:
    """The utterances of ``f`` that an alignment names (``wanted``), for ``check`` at the end; not those with an
    error of their own (``broken``: their indexes), whose alignments are judged once that is fixed."""
    return {rec.model.id: Aligned(f.document, rec.model) for rec in f.utterances
            if rec.model.id in wanted and rec.pointer[-1] not in broken}


def check_file(corpus: Corpus, genre: dict[str, str], aligned_news: set[str], f: AnnotationFile) -> list[Finding]:
    """Every quote or report has an alignment (when the corpus has an alignments file): a news document's, and a
    transcript page's own narration of its turns."""
    if corpus.alignments_file is None or f.document not in genre:
        return []
    return [corpus.alignments_file.finding(
                "alignment-missing", ("alignments",),
                f"{u.model.id} ({u.model.mode} in {f.document}) has no alignment; add its transcript "
                "counterpart or a no_counterpart record with the reason")
            for u in f.utterances if u.model.mode != "transcript_turn" and u.model.id not in aligned_news]


def check(corpus: Corpus) -> list[Finding]:
    """The alignments, once every annotation file has been read (``collect``)."""
    out: list[Finding] = []
    utterances = corpus.aligned
    genre = {d.model.id: d.model.genre for d in corpus.documents}
    texts: dict[str, str | None] = {}
    for rec in corpus.alignments:
        a = rec.model
        news = utterances.get(a.news_utterance)
        if news is None:
            if not corpus.unchecked(a.news_utterance):
                out.append(rec.finding("ref-unknown-utterance", ("news_utterance",),
                                       f"{a.news_utterance!r} does not exist"))
        elif news[1].mode == "transcript_turn":
            out.append(rec.finding("alignment-not-news", ("news_utterance",),
                                   f"{a.news_utterance} is a transcript turn of {news[0]}, not a quote or report: "
                                   "a turn is a witness, cut into passages"))
        if a.relation == "no_counterpart":
            if a.transcript_utterance is not None or a.transcript_span is not None or not a.no_counterpart_reason:
                out.append(rec.finding("alignment-counterpart", ("relation",),
                                       "no_counterpart needs a reason and no transcript side"))
        elif a.transcript_utterance is None or a.transcript_span is None:
            out.append(rec.finding("alignment-counterpart", ("transcript_utterance",),
                                   f"relation {a.relation!r} needs a transcript utterance and span"))
        if a.relation not in corpus.vocabulary("alignment_relations") and corpus.vocabularies:
            out.append(rec.finding("vocab-unknown-value", ("relation",), f"{a.relation!r} is not an alignment relation"))
        trans = utterances.get(a.transcript_utterance) if a.transcript_utterance else None
        if a.transcript_utterance and trans is None and not corpus.unchecked(a.transcript_utterance):
            out.append(rec.finding("ref-unknown-utterance", ("transcript_utterance",),
                                   f"{a.transcript_utterance!r} does not exist"))
        if news and trans and news[1].speaker != trans[1].speaker:
            out.append(rec.finding("alignment-speaker-mismatch", ("transcript_utterance",),
                                   f"{a.news_utterance} is spoken by {news[1].speaker} but {a.transcript_utterance} "
                                   f"by {trans[1].speaker}"))
        for side, utt, span in (("news_span", news, a.news_span), ("transcript_span", trans, a.transcript_span)):
            if utt is None or span is None:
                continue
            if utt[0] not in texts:
                texts[utt[0]] = corpus.raw_text(utt[0])
            raw = texts[utt[0]]
            if raw is None:
                continue
            problems = check_span(rec, (side,), raw, span.start, span.end, span.text, side.replace("_", " "))
            out += problems
            if not problems and not (utt[1].start <= span.start and span.end <= utt[1].end):
                out.append(rec.finding("alignment-span-outside", (side,),
                                       f"{span.start}:{span.end} is outside utterance {utt[1].id} "
                                       f"{utt[1].start}:{utt[1].end}"))
    return out
