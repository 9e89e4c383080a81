"""Quote fidelity measures and the automatic candidate matcher."""

from __future__ import annotations

from pamc.fidelity import candidates, measures, normalise, quoted_stretches


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
