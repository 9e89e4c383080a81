"""Alignment checks: a news passage linked to a transcript passage of the same speaker, sub-spans inside both."""

from __future__ import annotations

from ..corpus import Corpus
from ..findings import Finding
from .spans import check_span


def check(corpus: Corpus) -> list[Finding]:
    out: list[Finding] = []
    utterances = {u.model.id: (f, u.model) for f, u in corpus.utterances()}
    genre = {d.model.id: d.model.genre for d in corpus.documents}
    for rec in corpus.alignments:
        a = rec.model
        news = utterances.get(a.news_utterance)
        if news is None:
            if a.news_utterance not in corpus.invalid_ids:
                out.append(rec.finding("ref-unknown-utterance", ("news_utterance",),
                                       f"{a.news_utterance!r} does not exist"))
        elif genre.get(news[0].document) == "transcript" or news[1].mode == "transcript_turn":
            out.append(rec.finding("alignment-not-news", ("news_utterance",),
                                   f"{a.news_utterance} is a {news[1].mode} of {news[0].document} "
                                   f"({genre.get(news[0].document)}), not a quote or report of a news document"))
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
        if a.transcript_utterance and trans is None and a.transcript_utterance not in corpus.invalid_ids:
            out.append(rec.finding("ref-unknown-utterance", ("transcript_utterance",),
                                   f"{a.transcript_utterance!r} does not exist"))
        if trans is not None and trans[1].mode != "transcript_turn":
            out.append(rec.finding("alignment-not-transcript", ("transcript_utterance",),
                                   f"{a.transcript_utterance} is a {trans[1].mode}, not a transcript turn"))
        if news and trans and news[1].speaker != trans[1].speaker:
            out.append(rec.finding("alignment-speaker-mismatch", ("transcript_utterance",),
                                   f"{a.news_utterance} is spoken by {news[1].speaker} but {a.transcript_utterance} "
                                   f"by {trans[1].speaker}"))
        for side, utt, span in (("news_span", news, a.news_span), ("transcript_span", trans, a.transcript_span)):
            if utt is None or span is None:
                continue
            raw = corpus.raw_texts.get(utt[0].document)
            if raw is None:
                continue
            problems = check_span(rec, (side,), raw, span.start, span.end, span.text, side.replace("_", " "))
            out += problems
            if not problems and not (utt[1].start <= span.start and span.end <= utt[1].end):
                out.append(rec.finding("alignment-span-outside", (side,),
                                       f"{span.start}:{span.end} is outside utterance {utt[1].id} "
                                       f"{utt[1].start}:{utt[1].end}"))
    if corpus.alignments_file is not None:
        aligned = {rec.model.news_utterance for rec in corpus.alignments}
        for f, u in corpus.utterances():
            if genre.get(f.document) not in (None, "transcript") and u.model.mode != "transcript_turn" \
                    and u.model.id not in aligned:
                out.append(corpus.alignments_file.finding(
                    "alignment-missing", ("alignments",),
                    f"{u.model.id} ({u.model.mode} in {f.document}) has no alignment; add its transcript "
                    "counterpart or a no_counterpart record with the reason"))
    return out
