"""Quote fidelity measures and the automatic candidate matcher."""

from __future__ import annotations

from rapidfuzz import fuzz

from pamc.analysis.fidelity import (Candidate, candidates, candidates_many, measures, news_utterances, normalise,
                           quoted_stretches, transcript_pool, windows)
from pamc.io.paths import Paths
from pamc.checks.validate import validate

from .conftest import REPO


def test_normalisation_folds_spaces_quotes_case_and_punctuation():
    assert normalise("Mr.\u00a0President’s “Welcome,” — to Sochi!") == "mr president s welcome to sochi"


def test_a_verbatim_quote():
    m = measures("Welcome to\u00a0Sochi,", "direct_quote", "Welcome to Sochi.")
    assert (m["char_ratio"], m["token_set_ratio"]) == (100.0, 100.0)
    assert (m["words_added"], m["words_dropped"], m["quoted_words"], m["quoted_words_in_transcript"]) == (0, 0, 3, 3)
    assert m["quote_is_verbatim"] is True


def test_added_and_dropped_words_are_counted_as_multisets():
    m = measures("we defeated one of the main groups", "direct_quote", "we defeated ISIS, one of the main terrorist groups")
    assert (m["words_added"], m["words_dropped"]) == (0, 2)
    assert m["quote_is_verbatim"] is False and m["quoted_words_in_transcript"] == 7


def test_a_report_with_a_quoted_fragment_checks_only_the_fragment():
    text = "the militaries have “defeated the most battle-hardened grouping of international terrorists.”"
    assert quoted_stretches(text, "indirect_report") == ["defeated the most battle-hardened grouping of international terrorists."]
    m = measures(text, "indirect_report", "They defeated the most battle-hardened grouping of international terrorists.")
    assert m["quote_is_verbatim"] is True and m["quoted_words"] == 9  # battle-hardened is two words


def test_no_counterpart_has_no_similarity():
    m = measures("I order the withdrawal", "direct_quote", None)
    assert m["char_ratio"] is None and m["quote_is_verbatim"] is None and m["quoted_words"] == 4


def test_candidates_rank_the_reproduced_passage_first():
    raw = "Welcome to Sochi. We will talk about trade. The weather is fine."
    segs = [(0, 17), (18, 43), (44, 64)]
    other = "Trade is good. Nothing else."
    cands = candidates("we will talk about trade", [("doc.u001", raw, segs), ("doc.u002", other, [(0, 14), (15, 28)])])
    assert cands[0].transcript_utterance == "doc.u001" and (cands[0].start, cands[0].end) == (18, 43)
    assert cands[0].score > cands[1].score


def _candidates_pair_by_pair(news_text, transcripts, top=3):
    """The matcher's definition: every window of every turn scored alone; per turn its first best window."""
    a = normalise(news_text)
    found = []
    for uid, raw, segments in transcripts:
        best = None
        for s, e in windows(segments, 3):
            b = normalise(raw[s:e])
            c = Candidate(uid, s, e, round(fuzz.ratio(a, b), 2), round(fuzz.token_set_ratio(a, b), 2))
            if best is None or c.score > best.score:
                best = c
        if best is not None:
            found.append(best)
    return sorted(found, key=lambda c: (-c.score, c.transcript_utterance))[:top]


def test_matching_every_news_passage_at_once_gives_the_pair_by_pair_candidates():
    corpus, _ = validate(Paths(REPO), keep=True)
    pool = transcript_pool(corpus)
    by_speaker = {}
    for _, rec in news_utterances(corpus):
        by_speaker.setdefault(rec.model.speaker, []).append(rec.model.text)
    assert sum(map(len, by_speaker.values())) > 30 and len(pool) == 2
    for speaker, texts in by_speaker.items():
        expected = [_candidates_pair_by_pair(t, pool.get(speaker, [])) for t in texts]
        assert candidates_many(texts, pool.get(speaker, [])) == expected
        assert all(len(c) == 3 for c in expected)


def test_no_transcripts_or_no_segments_give_no_candidates():
    assert candidates_many(["a text"], []) == [[]]
    assert candidates_many(["a text"], [("doc.u001", "Some text.", [])]) == [[]]
    assert candidates_many([], [("doc.u001", "Some text.", [(0, 10)])]) == []
