"""Passage checks: every witness utterance is cut into passages that cover its words once; a passage's witness
is the best record of its words; every quote or report resolves to passages.

A witness is a transcript turn, or a quote or report whose only alignment is no_counterpart (no transcript in the
corpus holds the words, so the news text is their best record). A quote or report that renders passages through
its alignments is never itself a witness.
"""

from __future__ import annotations

from pamc.checks.spans import check_span
from pamc.io.corpus import AnnotationFile, Corpus, Record
from pamc.model.findings import Finding


def check_file(corpus: Corpus, by_witness: dict[str, list[Record]], f: AnnotationFile, raw: str | None,
               broken: set[int]) -> list[Finding]:
    """The passages of the utterances of ``f``: inside their witness, covering its words once (when the corpus
    has an alignments file). ``broken``: indexes of utterances with an error of their own (judged once fixed)."""
    if corpus.alignments_file is None or raw is None:
        return []
    out: list[Finding] = []
    for rec in f.utterances:
        u = rec.model
        passages = by_witness.get(u.id, [])
        if not passages:
            if u.mode == "transcript_turn" and rec.pointer[-1] not in broken:
                out.append(corpus.alignments_file.finding(
                    "passage-missing", ("passages",),
                    f"transcript turn {u.id} has no passages; cut its words into passages (its sentences or "
                    "functional segments) under passages:"))
            continue
        if rec.pointer[-1] in broken:
            continue
        covered = u.start
        for p in passages:
            s = p.model.span
            problems = check_span(p, ("span",), raw, s.start, s.end, s.text, "passage span")
            if problems:
                out += problems
                continue
            if not (u.start <= s.start and s.end <= u.end):
                out.append(p.finding("passage-overlap", ("span",), f"{s.start}:{s.end} is outside its witness "
                                     f"{u.id} {u.start}:{u.end}"))
            elif s.start < covered:
                out.append(p.finding("passage-overlap", ("span",), f"{s.start}:{s.end} overlaps the passage before "
                                     f"it (which ends at {covered}); each word of {u.id} belongs to one passage"))
            elif raw[covered:s.start].strip():
                out.append(p.finding("passage-missing", ("span",), f"the words {raw[covered:s.start].strip()[:60]!r} "
                                     f"of {u.id} ({covered}:{s.start}) are in no passage; extend a passage or add one"))
            covered = max(covered, s.end)
        if raw[covered:u.end].strip():
            out.append(passages[-1].finding("passage-missing", ("span",), f"the words {raw[covered:u.end].strip()[:60]!r} "
                                            f"at the end of {u.id} ({covered}:{u.end}) are in no passage"))
    return out


def check(corpus: Corpus) -> list[Finding]:
    """Witnesses and the resolution of quotes and reports, once every annotation file has been read."""
    if corpus.alignments_file is None:
        return []
    out: list[Finding] = []
    utterances = corpus.aligned
    renders: dict[str, bool] = {}  # news utterance → whether an alignment gives it a counterpart
    for rec in corpus.alignments:
        a = rec.model
        renders[a.news_utterance] = renders.get(a.news_utterance, False) or a.relation != "no_counterpart"
    witnesses = {rec.model.witness for rec in corpus.passages}
    for rec in corpus.passages:
        w = rec.model.witness
        if w not in utterances:
            if not corpus.unchecked(w):
                out.append(rec.finding("ref-unknown-utterance", ("witness",), f"{w!r} does not exist"))
            continue
        u = utterances[w].model
        if u.mode != "transcript_turn" and renders.get(w, False):
            out.append(rec.finding("passage-witness", ("witness",),
                                   f"{w} is a {u.mode} that renders other passages through its alignments; the "
                                   "words' best record is the passage it renders, so it cannot be a witness"))
        elif u.mode != "transcript_turn" and w not in renders:
            out.append(rec.finding("passage-witness", ("witness",),
                                   f"{w} is a {u.mode} without an alignment; a quote or report is a witness only "
                                   "when a no_counterpart alignment says why no transcript holds its words"))
    for rec in corpus.alignments:
        a = rec.model
        if a.relation == "no_counterpart" and a.news_utterance not in witnesses and not renders.get(a.news_utterance) \
                and a.news_utterance in utterances:
            out.append(rec.finding("passage-unresolved", ("news_utterance",),
                                   f"{a.news_utterance} has no counterpart and no passages of its own: it is the best "
                                   "record of its words, so cut it into passages under passages: (witness: "
                                   f"{a.news_utterance})"))
        target = a.transcript_utterance
        if target and target in utterances and utterances[target].model.mode != "transcript_turn" \
                and target not in witnesses:
            out.append(rec.finding("alignment-not-witness", ("transcript_utterance",),
                                   f"{target} is a {utterances[target].model.mode} with no passages: an alignment "
                                   "points at a witness (a transcript turn, or a quote or report that has passages)"))
    return out
