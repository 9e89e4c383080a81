"""The corpus itself: every document annotated, every utterance in place, the counts a reader can check."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pamc.io.paths import Paths
from pamc.checks.validate import validate

from .conftest import REPO

CORPUS, FINDINGS = validate(Paths(REPO))
BY_DOC = {f.document: f for f in CORPUS.annotations}

# Utterances per document by (mode, speaker), read off the documents by hand: transcript turns are the
# printed speaker labels; quotes and reports are the passages the guidelines define (see their hard cases).
EXPECTED = {
    "kremlin-2017-12-11-khmeimim": {("transcript_turn", "vladimir-putin"): 3, ("transcript_turn", "bashar-al-assad"): 3,
                                    ("direct_quote", "vladimir-putin"): 1, ("indirect_report", "vladimir-putin"): 2},
    "kremlin-2018-05-17-sochi": {("transcript_turn", "vladimir-putin"): 2, ("transcript_turn", "bashar-al-assad"): 1},
    "kremlin-2021-09-14-moscow": {("transcript_turn", "vladimir-putin"): 2, ("transcript_turn", "bashar-al-assad"): 2},
    "schiller-2017-11-21-sochi": {("direct_quote", "vladimir-putin"): 4, ("direct_quote", "bashar-al-assad"): 2,
                                  ("indirect_report", "vladimir-putin"): 2, ("indirect_report", "bashar-al-assad"): 1},
    "syria-times-sochi-summit": {("transcript_turn", "vladimir-putin"): 4, ("transcript_turn", "bashar-al-assad"): 3,
                                 ("direct_quote", "vladimir-putin"): 4, ("direct_quote", "bashar-al-assad"): 7,
                                 ("indirect_report", "vladimir-putin"): 13, ("indirect_report", "bashar-al-assad"): 9},
}
LABEL = re.compile(r"^(?:President of\xa0(?:Russia|Syria|the\xa0Syrian Arab Republic) )?(?:Vladimir Putin|Bashar al-Assad)"
                   r"(?: \([^)]*\))?:", re.M)


def test_the_corpus_validates_without_errors_or_warnings():
    assert [f.render() for f in FINDINGS] == []


def test_every_document_is_annotated():
    assert set(BY_DOC) == {d.model.id for d in CORPUS.documents} == set(EXPECTED)


@pytest.mark.parametrize("document", sorted(EXPECTED))
def test_utterances_by_mode_and_speaker(document):
    counts = Counter((u.model.mode, u.model.speaker) for u in BY_DOC[document].utterances)
    assert dict(counts) == EXPECTED[document]


@pytest.mark.parametrize("document", sorted(EXPECTED))
def test_every_printed_speaker_label_starts_exactly_one_turn(document):
    raw = CORPUS.raw_texts[document]
    labels = [m.start() for m in LABEL.finditer(raw)]
    turns = sorted(u.model.speaker_label.start for u in BY_DOC[document].utterances if u.model.mode == "transcript_turn")
    assert turns == labels


@pytest.mark.parametrize("document", sorted(EXPECTED))
def test_spans_of_each_layer_do_not_overlap(document):
    f = BY_DOC[document]
    layers: dict[str | None, list[tuple[int, int]]] = {}
    for u in f.utterances:
        layers.setdefault(u.model.embedded_in, []).append((u.model.start, u.model.end))
        for name in ("dialogue_acts", "mentions"):
            spans = sorted((x.start, x.end) for x in getattr(u.model, name))
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), (u.model.id, name)
    layers.setdefault("speech_events", []).extend((s.model.start, s.model.end) for s in f.speech_events)
    top = sorted(layers.get(None, []) + layers["speech_events"])
    assert all(a[1] <= b[0] for a, b in zip(top, top[1:]))
    for host, spans in layers.items():
        spans = sorted(spans)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), host


def test_every_quote_mark_in_the_news_documents_is_inside_an_utterance():
    """No quoted words of either president are left out (quote marks in captions/headlines excepted)."""
    for document in ("syria-times-sochi-summit", "schiller-2017-11-21-sochi"):
        raw = CORPUS.raw_texts[document]
        spans = [(u.model.start, u.model.end) for u in BY_DOC[document].utterances]
        marks = [i for i, ch in enumerate(raw) if ch in "\u201c\u201d\""]
        outside = [i for i in marks if not any(s - 1 <= i <= e for s, e in spans)]
        assert outside == [], [raw[max(0, i - 30):i + 30] for i in outside]


def test_each_utterance_event_has_its_speaker_as_participant_and_a_date_or_evidence():
    events = {e.model.id: e.model for e in CORPUS.events}
    for _, u in CORPUS.utterances():
        event = events[u.model.event]
        assert u.model.speaker in event.participants
        assert event.date_evidence, event.id


def test_every_quote_or_report_has_an_alignment_and_links_keep_speaker():
    """News quotes and reports and the Kremlin pages' own narration alike; a link never crosses speakers, and
    points at a transcript turn or at a quote that is itself a witness (no transcript has its words)."""
    utterances = {u.model.id: u.model for _, u in CORPUS.utterances()}
    aligned = {a.model.news_utterance for a in CORPUS.alignments}
    quotes = {u.model.id for _, u in CORPUS.utterances() if u.model.mode != "transcript_turn"}
    assert quotes == aligned
    assert {"kremlin-2017-12-11-khmeimim.u001", "kremlin-2017-12-11-khmeimim.u002",
            "kremlin-2017-12-11-khmeimim.u003"} <= aligned
    witnesses = {p.model.witness for p in CORPUS.passages}
    for a in CORPUS.alignments:
        if a.model.transcript_utterance:
            t = utterances[a.model.transcript_utterance]
            assert t.mode == "transcript_turn" or a.model.transcript_utterance in witnesses
            assert t.speaker == utterances[a.model.news_utterance].speaker
        else:
            assert a.model.relation == "no_counterpart" and a.model.no_counterpart_reason
            assert a.model.news_utterance in witnesses, "a quote without counterpart is its own witness"


def test_every_transcript_turn_is_cut_into_passages_that_cover_its_words_once():
    raw = {d.model.id: CORPUS.raw_text(d.model.id) for d in CORPUS.documents}
    by_witness = CORPUS.passages_by_witness()
    for f, u in CORPUS.utterances():
        if u.model.mode != "transcript_turn":
            continue
        text = raw[f.document]
        covered = [False] * len(text)
        for p in by_witness[u.model.id]:
            assert text[p.model.span.start:p.model.span.end] == p.model.span.text
            for i in range(p.model.span.start, p.model.span.end):
                assert not covered[i], (p.model.id, "overlaps")
                covered[i] = True
        left = "".join(c for i, c in enumerate(text[u.model.start:u.model.end], u.model.start) if not covered[i])
        assert not left.strip(), (u.model.id, left)


def test_speech_rendered_twice_resolves_to_one_passage():
    """Schiller u008 and the Syria Times' reproduction u035 print the same words: one passage, one witness."""
    links = {}
    for a in CORPUS.alignments:
        links.setdefault(a.model.news_utterance, set()).add(a.model.transcript_utterance)
    assert links["schiller-2017-11-21-sochi.u008"] == {"syria-times-sochi-summit.u035"}
    assert "syria-times-sochi-summit.u035" in {p.model.witness for p in CORPUS.passages}
    assert "schiller-2017-11-21-sochi.u008" not in {p.model.witness for p in CORPUS.passages}
