"""The release tables (one per config), built from the validated corpus. Rows are sorted by id."""

from __future__ import annotations

from typing import Any

from .. import models as m
from ..corpus import Corpus
from ..schema import RELEASE_TABLES


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


def build_tables(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """config name → rows (plain dicts in the column order of the row model)."""
    entity_type = {e.model.id: e.model.type for e in corpus.entities}
    utterances, acts, mentions, speech_events = [], [], [], []
    for f in corpus.annotations:
        for rec in f.utterances:
            u = rec.model
            utterances.append(_dump(m.UtteranceRow(**dict(u), document=f.document, n_words=len(u.text.split()))))
            for i, d in enumerate(u.dialogue_acts, start=1):
                acts.append(_dump(m.DialogueActRow(**dict(d), id=f"{u.id}.d{i:02d}", utterance=u.id,
                                                   document=f.document, speaker=u.speaker)))
            for i, mn in enumerate(u.mentions, start=1):
                mentions.append(_dump(m.MentionRow(**dict(mn), id=f"{u.id}.m{i:02d}", utterance=u.id,
                                                   document=f.document, entity_type=entity_type[mn.entity])))
        for rec in f.speech_events:
            speech_events.append(_dump(m.SpeechEventRow(**dict(rec.model), document=f.document)))
    documents = [_dump(m.DocumentRow(**dict(d.model), raw_text=corpus.raw_texts[d.model.id])) for d in corpus.documents]
    alignments = alignment_rows(corpus)
    vocabularies = [_dump(m.VocabularyRow(**dict(v), vocabulary=rec.model.vocabulary))
                    for rec in corpus.vocabularies.values() for v in rec.model.values]
    tables = {
        "utterances": utterances,
        "dialogue_acts": acts,
        "mentions": mentions,
        "speech_events": speech_events,
        "alignments": alignments,
        "documents": documents,
        "events": [_dump(r.model) for r in corpus.events],
        "persons": [_dump(r.model) for r in corpus.persons],
        "entities": [_dump(r.model) for r in corpus.entities],
        "vocabularies": vocabularies,
    }
    assert set(tables) == set(RELEASE_TABLES)
    key = {"vocabularies": lambda r: (r["vocabulary"], r["id"])}
    return {name: sorted(rows, key=key.get(name, lambda r: r["id"])) for name, rows in tables.items()}


def alignment_rows(corpus: Corpus) -> list[dict[str, Any]]:
    """Each hand-checked alignment with the fidelity measures derived from its two spans."""
    if not corpus.alignments:
        return []
    from ..fidelity import measures  # rapidfuzz only when there is something to measure

    utterances = {u.model.id: (f.document, u.model) for f, u in corpus.utterances()}
    rows = []
    for rec in corpus.alignments:
        a = rec.model
        news_doc, news = utterances[a.news_utterance]
        trans_doc = utterances[a.transcript_utterance][0] if a.transcript_utterance else None
        derived = measures(a.news_span.text, news.mode, a.transcript_span.text if a.transcript_span else None)
        rows.append(_dump(m.AlignmentRow(**dict(a), news_document=news_doc, news_mode=news.mode,
                                         transcript_document=trans_doc, speaker=news.speaker,
                                         relay=[r.outlet for r in news.relay], **derived)))
    return rows
